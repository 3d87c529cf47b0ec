// SDR records of every type (IPMI 2.0 §43) as a BMC's repository hands them
// over, and everything the project derives from one without asking the BMC:
// sensor definitions (shared records expanded), units and sensor types in
// words and in CIM, discrete state names, and every threshold converted.
#include <cstdint>
#include <span>

#include "fuzz_input.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/sdr/record.hpp"
#include "provider/sensor/conversion.hpp"
#include "provider/sensor/sensors.hpp"

namespace {

using namespace ipmiprov::provider;

void derive(const sensor::SensorDefinition& definition) {
    (void)sensor::unit_text(definition.units);
    (void)cim::cim_units(definition.units);
    (void)cim::cim_sensor_type(definition.common.sensor_type, definition.units);
    (void)cim::device_id(definition.common.key);
    (void)cim::is_numeric_sensor(definition);
    (void)sensor::discrete_state_names(definition.common.sensor_type, definition.common.event_reading_type, 0x7FFF);
    if (!definition.factors) return;
    const auto decimals = sensor::display_decimals(definition.linearization, *definition.factors);
    const auto show = [&](std::uint8_t raw) {
        const auto value = sensor::convert(raw, definition.units.format, definition.linearization, *definition.factors);
        if (value) (void)sensor::round_to(*value, decimals);
    };
    for (const auto& raw : definition.thresholds)
        if (raw) show(*raw);
    show(definition.sensor_min);
    show(definition.sensor_max);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    (void)sdr::decode_header(bytes);
    auto record = sdr::decode_record(bytes);
    if (!record.ok()) return 0;
    sdr::Repository repository;
    repository.records.push_back(std::move(record.value()));
    for (const auto& definition : sensor::sensor_definitions(repository)) derive(definition);
    return 0;
}

// SEL entries (IPMI 2.0 §32) of every record type, with a UTC offset of the
// input's choosing (§31.11a), through everything that turns one into words
// or CIM: timestamps, the event in words (by sensor type alone, and with the
// generating sensor of the built-in fixture when it matches), Windows'
// RecordFormat/RecordData, and the LogRecord instance, which must conform to
// our MOF.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <variant>

#include "bridge/sim_bmc.hpp"
#include "fuzz_input.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/schema.hpp"
#include "provider/sel/event_text.hpp"
#include "provider/sel/record.hpp"
#include "provider/sensor/sensors.hpp"

namespace {

using namespace ipmiprov;

const std::vector<provider::sensor::SensorDefinition>& fixture_sensors() {
    static const auto sensors = [] {
        provider::sdr::Repository repository;
        const auto fixture = bridge::sim::builtin_fixture().value();
        for (const auto& record : fixture.sdr)
            if (auto decoded = provider::sdr::decode_record(record.bytes); decoded.ok())
                repository.records.push_back(std::move(decoded.value()));
        return provider::sensor::sensor_definitions(repository);
    }();
    return sensors;
}

std::optional<std::int16_t> utc_offset(fuzz::FuzzInput& input) {
    const auto low = input.byte();
    const auto high = input.byte();
    if ((high & 0x80) != 0 && low == 0) return std::nullopt;
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(low | (high << 8)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput input(data, size);
    const auto offset = utc_offset(input);
    auto entry = provider::sel::decode_entry(input.rest());
    if (!entry.ok()) return 0;
    (void)provider::sel::record_kind_text(entry->record_type);
    if (const auto* event = std::get_if<provider::sel::SystemEvent>(&entry->body)) {
        (void)provider::sel::timestamp_text(event->timestamp, offset);
        (void)provider::sel::host_local_time(event->timestamp, offset);
        (void)provider::cim::sel_datetime(event->timestamp, offset);
        (void)provider::sel::event_text(*event, nullptr);
        (void)provider::sel::event_text(*event, provider::sel::find_event_sensor(*event, fixture_sensors()));
    }
    (void)provider::cim::record_format(*entry);
    (void)provider::cim::record_data(*entry);
    const auto instance = provider::cim::log_record_instance(*entry, {offset, &fixture_sensors()});
    const auto problems = provider::cim::schema_problems(provider::cim::ipmiprov_schema(), instance);
    if (!problems.empty()) {
        std::fprintf(stderr, "LogRecord does not conform: %s\n", problems.front().c_str());
        std::abort();
    }
    return 0;
}

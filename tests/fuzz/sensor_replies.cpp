// The replies of the sensor commands (IPMI 2.0 §35): Get Sensor Reading,
// Get Sensor Thresholds, Get Sensor Reading Factors. The first byte picks the
// decoder; for factors, the next bytes pick a raw reading, an analog format
// and a linearization, and the reading is converted with the factors the
// reply carried (§36.3), as a non-linear sensor's reading is.
#include <cstdint>

#include "fuzz_input.hpp"
#include "provider/sensor/conversion.hpp"
#include "provider/sensor/reading.hpp"

namespace {

using namespace ipmiprov::provider;

void convert_with(const sdr::Factors& factors, ipmiprov::fuzz::FuzzInput& input) {
    const auto raw = input.byte();
    const auto format = static_cast<sdr::AnalogFormat>(input.byte() % 4);
    const auto linearization = input.byte();
    const auto value = sensor::convert(raw, format, linearization, factors);
    if (value) (void)sensor::round_to(*value, sensor::display_decimals(linearization, factors));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ipmiprov::fuzz::FuzzInput input(data, size);
    const auto which = input.byte() % 3;
    const auto reply = input.chunk();
    if (which == 0) {
        auto reading = sensor::decode_sensor_reading(reply);
        if (reading.ok()) (void)reading->has_reading();
    } else if (which == 1) {
        (void)sensor::decode_sensor_thresholds(reply);
    } else if (auto factors = sensor::decode_reading_factors(reply); factors.ok()) {
        convert_with(factors->factors, input);
    }
    return 0;
}

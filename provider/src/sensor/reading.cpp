#include "provider/sensor/reading.hpp"

#include <string>

#include "bridge/bytes.hpp"

namespace ipmiprov::provider::sensor {
namespace {
using bridge::ErrorKind;
using bridge::make_error;
}  // namespace

Result<RawReading> decode_sensor_reading(std::span<const std::uint8_t> data) {
    if (data.size() < 2) {
        return make_error(ErrorKind::Protocol, "Get Sensor Reading reply has " + std::to_string(data.size()) +
                                                   " bytes; at least 2 expected");
    }
    RawReading reading;
    reading.raw = data[0];
    reading.events_enabled = (data[1] & 0x80) != 0;
    reading.scanning_enabled = (data[1] & 0x40) != 0;
    reading.unavailable = (data[1] & 0x20) != 0;
    // Bytes 3 and 4 are optional; byte 4 bit 7 is reserved (returned as 1).
    if (data.size() >= 3) {
        std::uint16_t bits = data[2];
        if (data.size() >= 4) bits = static_cast<std::uint16_t>(bits | ((data[3] & 0x7F) << 8));
        reading.state_bits = bits;
    }
    return reading;
}

Result<sdr::RawThresholds> decode_sensor_thresholds(std::span<const std::uint8_t> data) {
    if (data.size() < 7) {
        return make_error(ErrorKind::Protocol,
                          "Get Sensor Thresholds reply has " + std::to_string(data.size()) + " bytes; 7 expected");
    }
    // Reply order: mask, LNC, LCR, LNR, UNC, UCR, UNR.
    constexpr std::array<sdr::ThresholdIndex, sdr::kThresholdCount> kOrder{sdr::kLnc, sdr::kLcr, sdr::kLnr,
                                                                           sdr::kUnc, sdr::kUcr, sdr::kUnr};
    sdr::RawThresholds thresholds;
    for (std::size_t i = 0; i < kOrder.size(); ++i) {
        const auto index = kOrder[i];
        if (data[0] & sdr::kThresholdMaskBit[index]) thresholds[index] = data[1 + i];
    }
    return thresholds;
}

Result<ReadingFactors> decode_reading_factors(std::span<const std::uint8_t> data) {
    if (data.size() < 7) {
        return make_error(ErrorKind::Protocol,
                          "Get Sensor Reading Factors reply has " + std::to_string(data.size()) + " bytes; 7 expected");
    }
    return ReadingFactors{data[0], sdr::decode_factors(std::span<const std::uint8_t, 6>(data.subspan(1, 6)))};
}

}  // namespace ipmiprov::provider::sensor

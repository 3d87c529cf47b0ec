// Decoders of the sensor commands' replies (IPMI 2.0 §35).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "bridge/result.hpp"
#include "provider/sdr/record.hpp"

namespace ipmiprov::provider::sensor {

using bridge::Result;

// Get Sensor Reading (§35.14).
struct RawReading {
    std::uint8_t raw = 0;
    bool events_enabled = true;
    bool scanning_enabled = true;
    bool unavailable = false;                 // "reading/state unavailable" (formerly "initial update in progress")
    std::optional<std::uint16_t> state_bits;  // threshold comparison bits 5:0, or discrete states 14:0

    [[nodiscard]] bool has_reading() const { return scanning_enabled && !unavailable; }
};
Result<RawReading> decode_sensor_reading(std::span<const std::uint8_t> data);

// Get Sensor Thresholds (§35.9): the readable mask and the raw values it names.
Result<sdr::RawThresholds> decode_sensor_thresholds(std::span<const std::uint8_t> data);

// Get Sensor Reading Factors (§35.5): next reading byte, then the factors.
struct ReadingFactors {
    std::uint8_t next_reading = 0;
    sdr::Factors factors;
};
Result<ReadingFactors> decode_reading_factors(std::span<const std::uint8_t> data);

}  // namespace ipmiprov::provider::sensor

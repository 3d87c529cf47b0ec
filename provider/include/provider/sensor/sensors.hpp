// Sensors as an admin sees them: definitions from the SDR repository (shared
// compact and event-only records expanded into one sensor each), read with as
// few requests as possible, converted, with thresholds and states in words.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/sdr/repository.hpp"
#include "provider/sensor/reading.hpp"

namespace ipmiprov::provider::sensor {

enum class SensorKind { Threshold, Discrete, EventOnly };

struct SensorDefinition {
    std::uint16_t record_id = 0;
    std::uint8_t record_type = 0;
    SensorKind kind = SensorKind::Discrete;
    sdr::SensorCommon common;  // key.number and name per shared instance
    sdr::Units units;
    std::optional<sdr::Factors> factors;  // full records only
    std::uint8_t linearization = 0;
    std::uint16_t reading_mask = 0;
    sdr::RawThresholds thresholds;  // from the SDR
    std::uint8_t positive_hysteresis = 0;
    std::uint8_t negative_hysteresis = 0;
    std::uint8_t sensor_min = 0x00;
    std::uint8_t sensor_max = 0xFF;
    std::optional<std::uint8_t> nominal, normal_max, normal_min;  // raw, full records only
};

std::vector<SensorDefinition> sensor_definitions(const sdr::Repository& repository);

// The unit in words: base, modifier (base/modifier or base*modifier), rate:
// "degrees C", "RPM", "Watts per hour", "% Volts".
std::string unit_text(const sdr::Units& units);

enum class Status { Ok, NonCritical, Critical, NonRecoverable, Unavailable, EventOnly, Discrete };
std::string status_text(Status status);  // "ok", "nc", "cr", "nr", "unavailable", "event-only", "discrete"

struct SensorValue {
    const SensorDefinition* definition = nullptr;
    Status status = Status::Unavailable;
    std::optional<double> reading;
    int decimals = 0;
    std::string unit;
    std::array<std::optional<double>, sdr::kThresholdCount> thresholds;
    std::vector<std::string> states;  // asserted states in words
    std::optional<std::string> note;  // why there is no reading
    std::optional<RawReading> raw;
};

// What the BMC said about one sensor in one read (§35.14, §35.9, §35.5): the
// input of evaluate(). ipmiprovd keeps these, so that every client converts
// the same replies the same way, with the SDR's thresholds or the BMC's.
struct SensorSample {
    std::optional<std::string> failure;  // no reply to convert: why ("sensor not present", "... did not answer")
    std::vector<std::uint8_t> reading;   // Get Sensor Reading data (completion code 00h)
    std::optional<std::vector<std::uint8_t>> thresholds;  // Get Sensor Thresholds data, when asked and answered
    std::optional<std::vector<std::uint8_t>> factors;     // Get Sensor Reading Factors data (non-linear sensors)
    bool operator==(const SensorSample&) const = default;
};

// The sensor as shown, from a sample: converted, with thresholds (the BMC's
// when `bmc_thresholds` and the sample has them, else the SDR's) and states.
// The value points at `definition`.
SensorValue evaluate(const SensorDefinition& definition, const SensorSample& sample, bool bmc_thresholds);

struct SensorReadOptions {
    bool read_thresholds = false;  // Get Sensor Thresholds (else the SDR's)
    std::uint8_t bmc_address = 0x20;
};

class SensorReader {
public:
    SensorReader(bridge::Engine& engine, SensorReadOptions options) : engine_(engine), options_(options) {}
    SensorValue read(const SensorDefinition& definition);
    // The replies read() converts: Get Sensor Reading, and for threshold
    // sensors Get Sensor Thresholds (read_thresholds) and, for non-linear
    // ones, Get Sensor Reading Factors.
    SensorSample sample(const SensorDefinition& definition);
    // Set Sensor Thresholds (§35.8) for one threshold, then Get Sensor
    // Thresholds to check that the BMC kept it: a refusal or a value read
    // back different from the one written is an error.
    bridge::Status write_threshold(const SensorDefinition& definition, sdr::ThresholdIndex index, std::uint8_t raw);

private:
    bridge::Request request_for(const SensorDefinition& definition, std::uint8_t cmd,
                                std::vector<std::uint8_t> data) const;
    std::optional<std::string> unreachable_reason(const sdr::SensorKey& key) const;

    bridge::Engine& engine_;
    SensorReadOptions options_;
    std::map<std::pair<std::uint8_t, std::uint8_t>, std::string> unreachable_owners_;  // (channel, owner)
};

// Discrete states in words for the bits set in `state_bits` (offsets 0..14).
std::vector<std::string> discrete_state_names(std::uint8_t sensor_type, std::uint8_t event_reading_type,
                                              std::uint16_t state_bits);

}  // namespace ipmiprov::provider::sensor

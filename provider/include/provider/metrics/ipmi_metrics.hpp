// The sensors, the SEL, the chassis and the BMC as metric families (issue
// 25), named as prometheus-ipmi-exporter names them where the two overlap
// (ipmi_temperature_celsius, ipmi_fan_speed_rpm, ipmi_voltage_volts,
// ipmi_current_amperes, ipmi_power_watts, ipmi_sensor_value and the
// matching _state families, 0 nominal, 1 warning, 2 critical, NaN unknown;
// ipmi_sel_free_space_bytes, ipmi_chassis_power_state, ipmi_bmc_info,
// ipmi_up), and with what the exporter lacks: thresholds, the SEL by
// severity, the snapshot's age, the BMC requests. docs/metrics.md has the
// mapping and the differences.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bridge/device_id.hpp"
#include "provider/metrics/exposition.hpp"
#include "provider/severity/severity.hpp"

namespace ipmiprov::provider::metrics {

// A sensor as shown, with its severity under the table in force.
struct ShownSensor {
    sensor::SensorValue value;  // its definition must outlive the families' building
    severity::Severity severity = severity::Severity::Unknown;
};

struct SelSummary {
    std::uint32_t entries = 0;
    std::optional<std::uint32_t> free_bytes;                  // Get SEL Info's free space; none when not said
    std::map<severity::Severity, std::uint32_t> by_severity;  // the entries held, by severity
};

struct Inputs {
    // ipmi_up: each part asked for, and whether it could be read.
    std::vector<std::pair<std::string, bool>> up;
    std::optional<std::vector<ShownSensor>> sensors;
    std::optional<SelSummary> sel;
    std::optional<bool> power_on;  // Get Chassis Status
    std::optional<bridge::DeviceId> device;
    std::optional<double> snapshot_age_seconds;  // the daemon's sensor snapshot
    std::optional<std::uint64_t> bmc_requests;   // the daemon's requests to the BMC so far
};

// The families in a stable order (exposition.hpp renders them).
std::vector<Family> ipmi_families(const Inputs& inputs);

// The unit family a sensor's reading goes into: its name (without _state)
// and OpenMetrics unit, or none for ipmi_sensor_value.
struct UnitFamily {
    const char* value_name;
    const char* state_name;
    const char* unit;
    const char* help;
};
std::optional<UnitFamily> unit_family(const sdr::Units& units);

}  // namespace ipmiprov::provider::metrics

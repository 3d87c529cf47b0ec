// IPMI as metric families (ipmi_metrics.hpp). Units by IPMI 2.0 Table 43-15
// base unit codes; only plain units (no modifier, rate or percentage) go
// into the unit families, as the exporter puts a sensor there by its unit
// alone.
#include "provider/metrics/ipmi_metrics.hpp"

#include <array>
#include <cstdio>
#include <limits>

#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct UnitRow {
    std::uint8_t base;
    UnitFamily family;
};
constexpr std::array<UnitRow, 5> kUnitFamilies{{
    {1, {"ipmi_temperature_celsius", "ipmi_temperature_state", "celsius", "Temperature reading in degrees Celsius."}},
    {4, {"ipmi_voltage_volts", "ipmi_voltage_state", "volts", "Voltage reading in volts."}},
    {5, {"ipmi_current_amperes", "ipmi_current_state", "amperes", "Current reading in amperes."}},
    {6, {"ipmi_power_watts", "ipmi_power_state", "watts", "Power reading in watts."}},
    {18, {"ipmi_fan_speed_rpm", "ipmi_fan_speed_state", "rpm", "Fan speed in rotations per minute."}},
}};

std::string hex_byte(std::uint8_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", value);
    return text;
}

std::string type_name(std::uint8_t sensor_type) {
    if (auto name = spec::sensor_type_name(sensor_type)) return std::string(*name);
    return hex_byte(sensor_type);
}

// The labels of every sensor sample: id (the SDR record ID, as the
// exporter's), name, type, unit, owner, lun, number, entity.
Labels sensor_labels(const sensor::SensorValue& value) {
    const auto& d = *value.definition;
    const auto& key = d.common.key;
    return {{"id", std::to_string(d.record_id)},
            {"name", d.common.name},
            {"type", type_name(d.common.sensor_type)},
            {"unit", value.unit},
            {"owner", hex_byte(key.owner_id)},
            {"lun", std::to_string(key.lun)},
            {"number", std::to_string(key.number)},
            {"entity", std::to_string(d.common.entity.id) + "." + std::to_string(d.common.entity.instance)}};
}

double state_value(severity::Severity severity) {
    switch (severity) {
        case severity::Severity::Nominal:
            return 0;
        case severity::Severity::Warning:
            return 1;
        case severity::Severity::Critical:
            return 2;
        case severity::Severity::Unknown:
            break;
    }
    return kNaN;
}

Family gauge(std::string name, std::string unit, std::string help) {
    return Family{std::move(name), Type::Gauge, std::move(unit), std::move(help), {}};
}

// The sensors' families: one value and one state family per unit, then the
// generic ones, then the thresholds.
void add_sensors(std::vector<Family>& out, const std::vector<ShownSensor>& sensors) {
    std::vector<Family> values;
    std::vector<Family> states;
    for (const auto& row : kUnitFamilies) {
        values.push_back(gauge(row.family.value_name, row.family.unit, row.family.help));
        states.push_back(
            gauge(row.family.state_name, "", "The sensor's severity (0=nominal, 1=warning, 2=critical, NaN unknown)."));
    }
    values.push_back(gauge("ipmi_sensor_value", "", "Reading of a sensor without a unit family, in its unit."));
    states.push_back(
        gauge("ipmi_sensor_state", "", "The sensor's severity (0=nominal, 1=warning, 2=critical, NaN unknown)."));
    auto thresholds = gauge("ipmi_sensor_threshold", "", "A threshold of the sensor, in its reading's unit.");
    for (const auto& shown : sensors) {
        const auto& value = shown.value;
        std::size_t slot = kUnitFamilies.size();  // the generic family
        if (const auto family = unit_family(value.definition->units)) {
            for (std::size_t i = 0; i < kUnitFamilies.size(); ++i)
                if (kUnitFamilies[i].family.value_name == family->value_name) slot = i;
        }
        const auto labels = sensor_labels(value);
        if (value.reading) values[slot].samples.push_back({labels, *value.reading});
        states[slot].samples.push_back({labels, state_value(shown.severity)});
        for (std::size_t t = 0; t < sdr::kThresholdCount; ++t) {
            if (!value.thresholds[t]) continue;
            auto with_level = labels;
            with_level.emplace_back("threshold", sdr::kThresholdNames[t]);
            thresholds.samples.push_back({std::move(with_level), *value.thresholds[t]});
        }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        out.push_back(std::move(values[i]));
        out.push_back(std::move(states[i]));
    }
    out.push_back(std::move(thresholds));
}

void add_sel(std::vector<Family>& out, const SelSummary& sel) {
    auto entries = gauge("ipmi_sel_entries", "", "Entries in the System Event Log.");
    entries.samples.push_back({{}, static_cast<double>(sel.entries)});
    out.push_back(std::move(entries));
    auto by_severity = gauge("ipmi_sel_entries_by_severity", "", "SEL entries by the severity of their event.");
    for (const auto level : {severity::Severity::Nominal, severity::Severity::Warning, severity::Severity::Critical,
                             severity::Severity::Unknown}) {
        const auto found = sel.by_severity.find(level);
        by_severity.samples.push_back({{{"severity", std::string(severity::severity_text(level))}},
                                       static_cast<double>(found == sel.by_severity.end() ? 0 : found->second)});
    }
    out.push_back(std::move(by_severity));
    if (sel.free_bytes) {
        auto free = gauge("ipmi_sel_free_space_bytes", "bytes", "Free space in the System Event Log, in bytes.");
        free.samples.push_back({{}, static_cast<double>(*sel.free_bytes)});
        out.push_back(std::move(free));
    }
}

void add_bmc(std::vector<Family>& out, const bridge::DeviceId& device) {
    Family info{"ipmi_bmc_info", Type::Info, "", "The BMC's firmware and maker (Get Device ID); always 1.", {}};
    info.samples.push_back({{{"firmware_revision", device.firmware_text()},
                             {"manufacturer_id", std::to_string(device.manufacturer_id)},
                             {"product_id", std::to_string(device.product_id)},
                             {"ipmi_version", device.ipmi_version_text()}},
                            1});
    out.push_back(std::move(info));
}

}  // namespace

std::optional<UnitFamily> unit_family(const sdr::Units& units) {
    if (units.modifier != 0 || units.rate != 0 || units.percentage) return std::nullopt;
    for (const auto& row : kUnitFamilies)
        if (row.base == units.base) return row.family;
    return std::nullopt;
}

std::vector<Family> ipmi_families(const Inputs& inputs) {
    std::vector<Family> out;
    auto up = gauge("ipmi_up", "", "1 when the part (collector) could be read from the BMC, else 0.");
    for (const auto& [part, read] : inputs.up) up.samples.push_back({{{"collector", part}}, read ? 1.0 : 0.0});
    out.push_back(std::move(up));
    if (inputs.sensors) add_sensors(out, *inputs.sensors);
    if (inputs.sel) add_sel(out, *inputs.sel);
    if (inputs.power_on) {
        auto power = gauge("ipmi_chassis_power_state", "", "The system's power: 1 on, 0 off (Get Chassis Status).");
        power.samples.push_back({{}, *inputs.power_on ? 1.0 : 0.0});
        out.push_back(std::move(power));
    }
    if (inputs.device) add_bmc(out, *inputs.device);
    if (inputs.snapshot_age_seconds) {
        auto age =
            gauge("ipmiprov_sensor_snapshot_age_seconds", "seconds", "Age of the sensor readings served, in seconds.");
        age.samples.push_back({{}, *inputs.snapshot_age_seconds});
        out.push_back(std::move(age));
    }
    if (inputs.bmc_requests) {
        Family requests{"ipmiprov_bmc_requests_total", Type::Counter, "", "Requests ipmiprovd sent to the BMC.", {}};
        requests.samples.push_back({{}, static_cast<double>(*inputs.bmc_requests)});
        out.push_back(std::move(requests));
    }
    return out;
}

}  // namespace ipmiprov::provider::metrics

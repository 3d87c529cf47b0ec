#include "metrics_source.hpp"

#include "provider/chassis/chassis.hpp"
#include "provider/severity/severity.hpp"

namespace ipmiprov::daemon {

namespace metrics = provider::metrics;
namespace severity = provider::severity;

namespace {

std::vector<metrics::ShownSensor> shown_sensors(const provider::cim::SensorSnapshot& snapshot,
                                                const severity::Table& severities) {
    std::vector<metrics::ShownSensor> shown;
    shown.reserve(snapshot.values.size());
    for (const auto& value : snapshot.values) shown.push_back({value, severities.of_sensor(value)});
    return shown;
}

// The SEL the daemon follows: what it holds, by severity, and the free
// space of the last Get SEL Info (§31.2).
metrics::SelSummary sel_summary(const SelView& view, const severity::Table& severities) {
    metrics::SelSummary summary;
    summary.entries = static_cast<std::uint32_t>(view.snapshot.entries.size());
    summary.free_bytes = view.snapshot.state.info.free_bytes;
    for (const auto& entry : view.snapshot.entries) ++summary.by_severity[severities.of_event(entry)];
    return summary;
}

}  // namespace

metrics::Inputs metrics_inputs(const DaemonState& state, const RoundHealth& health,
                               const std::shared_ptr<const provider::cim::SensorSnapshot>& sensors) {
    const auto& severities = severity::configured();
    const auto stats = state.stats();
    const bool connected = stats.connected;
    metrics::Inputs inputs;
    if (sensors) inputs.sensors = shown_sensors(*sensors, severities);
    const auto sel = state.cached_sel_view();
    if (sel) inputs.sel = sel_summary(*sel, severities);
    const auto chassis = state.cached_chassis();
    if (chassis) {
        if (auto status = provider::chassis::decode_chassis_status(chassis->status); status.ok())
            inputs.power_on = status->power_on;
    }
    if (const auto device = state.cached_device_id()) {
        if (auto decoded = bridge::decode_device_id(*device); decoded.ok()) inputs.device = *decoded;
    }
    if (stats.sensors_age) inputs.snapshot_age_seconds = std::chrono::duration<double>(*stats.sensors_age).count();
    inputs.bmc_requests = stats.bmc_requests;
    inputs.up = {{"ipmi", sensors != nullptr && health.sensors.load()},
                 {"sel", sel != nullptr && health.sel.load()},
                 {"bmc", inputs.device.has_value() && connected}};
    // A BMC that never answered Get Chassis Status (it need not have it)
    // has no chassis part: not a part that is down.
    if (chassis)
        inputs.up.emplace_back("chassis", inputs.power_on.has_value() && connected && !state.chassis_failing());
    return inputs;
}

std::string render_metrics(const DaemonState& state, const RoundHealth& health, metrics::Format format) {
    const auto sensors = state.cached_snapshot();  // held while the families point into it
    return metrics::render(metrics::ipmi_families(metrics_inputs(state, health, sensors)), format);
}

}  // namespace ipmiprov::daemon

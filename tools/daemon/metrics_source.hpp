// What ipmiprovd's /metrics shows (docs/metrics.md): the snapshots as they
// are, never a request to the BMC. ipmi_up{collector} says whether the
// daemon's last read of that part worked (ipmi, the sensors, and sel: the
// last round; bmc: the device identified and the connection open; chassis:
// the last Get Chassis Status, on a BMC that ever answered it), so that a
// BMC gone silent shows as ipmi_up 0 beside values that keep their last
// reading, and the snapshot's age tells how old those are.
#pragma once

#include <atomic>
#include <string>

#include "provider/metrics/ipmi_metrics.hpp"
#include "state.hpp"

namespace ipmiprov::daemon {

// How the refresh loop's last rounds went (set there, read by scrapes).
struct RoundHealth {
    std::atomic<bool> sensors{false};
    std::atomic<bool> sel{false};
};

// The families' inputs from the state's cached snapshots. `sensors`
// must outlive the result: the samples point into its definitions.
provider::metrics::Inputs metrics_inputs(const DaemonState& state, const RoundHealth& health,
                                         const std::shared_ptr<const provider::cim::SensorSnapshot>& sensors);

// One scrape's exposition in `format`.
std::string render_metrics(const DaemonState& state, const RoundHealth& health, provider::metrics::Format format);

}  // namespace ipmiprov::daemon

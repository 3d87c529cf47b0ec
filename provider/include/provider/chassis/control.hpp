// Reading and changing the chassis over an Engine (issue 23): the status
// with what else the BMC reports about power (restart cause, power-on
// hours, boot flags), and the control commands, each sent once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/chassis/chassis.hpp"

namespace ipmiprov::provider::chassis {

// Get Chassis Status, and what the BMC may or may not support besides:
// each of those is absent when the BMC refuses it or does not answer, and
// `notes` says why ("Get POH Counter: completion code C1h (invalid
// command)"), so that the status still shows.
struct ChassisReport {
    ChassisStatus status;
    std::optional<RestartCause> restart_cause;
    std::optional<PowerOnHours> power_on_hours;
    std::optional<BootFlags> boot_flags;
    std::vector<std::string> notes;
};
Result<ChassisStatus> read_status(bridge::Engine& engine);
Result<ChassisReport> read_report(bridge::Engine& engine);

// Each sends its request once: a control action repeated after a lost
// reply could power-cycle twice, so a timeout is reported, not retried
// (`engine`'s retries apply to busy answers only, which did nothing).
bridge::Status send_control(bridge::Engine& engine, const ControlAction& action);
bridge::Status identify(bridge::Engine& engine, const IdentifyRequest& request);
// The policies the chassis supports, from the reply.
Result<std::vector<RestorePolicy>> set_restore_policy(bridge::Engine& engine, RestorePolicy policy);
// Boot flags (parameter 5) as given, after clearing the boot info
// acknowledge bits (parameter 4, where the BMC has it) as ipmitool does, so
// that the BIOS takes the new flags.
bridge::Status set_boot_flags(bridge::Engine& engine, const BootFlags& flags);

}  // namespace ipmiprov::provider::chassis

// Reading and changing the chassis (issue 23): the status with what else
// the BMC reports about power (restart cause, power-on hours, boot flags),
// and the control commands, each sent once. Over an Engine (the CLI), or
// any bridge::Exchange (the CIM model's DataSource: an Engine, or the
// daemon's pass-through).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/chassis/chassis.hpp"

namespace ipmiprov::provider::chassis {

// Get Chassis Status, and what the BMC may or may not support besides:
// each of those is absent when the BMC refuses it or does not answer, and
// `notes` says why ("Get POH Counter (netfn 0x00 cmd 0x0f): completion
// code 0xC1 (invalid command)"), so that the status still shows.
struct ChassisReport {
    ChassisStatus status;
    std::optional<RestartCause> restart_cause;
    std::optional<PowerOnHours> power_on_hours;
    std::optional<BootFlags> boot_flags;
    std::vector<std::string> notes;
};
Result<ChassisStatus> read_status(const bridge::Exchange& exchange);
Result<ChassisReport> read_report(const bridge::Exchange& exchange);

// None is sent again after a lost reply or an answer that may follow a deed
// done (a power cycle repeated is two); busy answers, which did nothing,
// are tried again (bridge::Resend). Over LAN the session layer's own
// retransmission keeps the request's sequence number (docs/cli.md).
bridge::Status send_control(const bridge::Exchange& exchange, const ControlAction& action);
bridge::Status identify(const bridge::Exchange& exchange, const IdentifyRequest& request);
// The policies the chassis supports, from the reply.
Result<std::vector<RestorePolicy>> set_restore_policy(const bridge::Exchange& exchange, RestorePolicy policy);
// Boot flags (parameter 5) as given, after clearing the boot info
// acknowledge bits (parameter 4) as ipmitool does, so that the BIOS takes
// the new flags; a BMC that refuses parameter 4 still gets the flags.
bridge::Status set_boot_flags(const bridge::Exchange& exchange, const BootFlags& flags);

// The same over an Engine.
bridge::Exchange exchange_of(bridge::Engine& engine);
inline Result<ChassisStatus> read_status(bridge::Engine& engine) {
    return read_status(exchange_of(engine));
}
inline Result<ChassisReport> read_report(bridge::Engine& engine) {
    return read_report(exchange_of(engine));
}
inline bridge::Status send_control(bridge::Engine& engine, const ControlAction& action) {
    return send_control(exchange_of(engine), action);
}
inline bridge::Status identify(bridge::Engine& engine, const IdentifyRequest& request) {
    return identify(exchange_of(engine), request);
}
inline Result<std::vector<RestorePolicy>> set_restore_policy(bridge::Engine& engine, RestorePolicy policy) {
    return set_restore_policy(exchange_of(engine), policy);
}
inline bridge::Status set_boot_flags(bridge::Engine& engine, const BootFlags& flags) {
    return set_boot_flags(exchange_of(engine), flags);
}

}  // namespace ipmiprov::provider::chassis

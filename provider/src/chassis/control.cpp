// The chassis over an Engine: reads that keep what the BMC supports, and
// control requests sent once (control.hpp).
#include "provider/chassis/control.hpp"

#include "bridge/spec_tables.hpp"

namespace ipmiprov::provider::chassis {
namespace {

using bridge::Resend;

bridge::Request chassis_request(std::uint8_t cmd, std::vector<std::uint8_t> data = {}) {
    return bridge::Request{kNetFnChassis, cmd, 0, bridge::Target::bmc(), std::move(data)};
}

// One optional part of the report: its value, or a note of why not.
template <typename Value, typename Decode>
std::optional<Value> optional_part(bridge::Engine& engine, const bridge::Request& request, Decode decode,
                                   std::vector<std::string>& notes) {
    auto data = engine.call(request);
    if (!data.ok()) {
        notes.push_back(data.error().message);
        return std::nullopt;
    }
    auto value = decode(std::span<const std::uint8_t>(*data));
    if (!value.ok()) {
        notes.push_back(value.error().message);
        return std::nullopt;
    }
    return *value;
}

bridge::Status done(const Result<std::vector<std::uint8_t>>& reply) {
    if (!reply.ok()) return reply.error();
    return bridge::success();
}

}  // namespace

Result<ChassisStatus> read_status(bridge::Engine& engine) {
    auto data = engine.call(chassis_request(kGetChassisStatus));
    if (!data.ok()) return data.error();
    return decode_chassis_status(*data);
}

Result<ChassisReport> read_report(bridge::Engine& engine) {
    auto status = read_status(engine);
    if (!status.ok()) return status.error();
    ChassisReport report;
    report.status = *status;
    report.restart_cause = optional_part<RestartCause>(engine, chassis_request(kGetSystemRestartCause),
                                                       decode_restart_cause, report.notes);
    report.power_on_hours =
        optional_part<PowerOnHours>(engine, chassis_request(kGetPohCounter), decode_poh_counter, report.notes);
    report.boot_flags = optional_part<BootFlags>(engine, get_boot_flags_request(), decode_boot_flags, report.notes);
    return report;
}

bridge::Status send_control(bridge::Engine& engine, const ControlAction& action) {
    return done(engine.call(control_request(action), Resend::NotAfterTimeout));
}

bridge::Status identify(bridge::Engine& engine, const IdentifyRequest& request) {
    return done(engine.call(identify_request(request), Resend::NotAfterTimeout));
}

Result<std::vector<RestorePolicy>> set_restore_policy(bridge::Engine& engine, RestorePolicy policy) {
    auto data = engine.call(restore_policy_request(policy), Resend::NotAfterTimeout);
    if (!data.ok()) return data.error();
    return decode_supported_policies(*data);
}

bridge::Status set_boot_flags(bridge::Engine& engine, const BootFlags& flags) {
    // Parameter 4 (§28.13 Table 28-14): write mask 01h, data 01h: the BIOS
    // has not yet handled the boot info. A BMC without the parameter (80h)
    // takes the flags alone.
    const bridge::Request acknowledge =
        chassis_request(kSetSystemBootOptions, {kBootInfoAcknowledgeParameter, 0x01, 0x01});
    auto cleared = engine.send(acknowledge, Resend::NotAfterTimeout);
    if (!cleared.ok()) return cleared.error();
    constexpr std::uint8_t kParameterNotSupported = 0x80;
    if (cleared->completion_code != 0 && cleared->completion_code != kParameterNotSupported) {
        return bridge::Error{
            bridge::ErrorKind::CompletionCode,
            bridge::describe(acknowledge) + " (boot info acknowledge): completion code " +
                bridge::byte_text(cleared->completion_code) + " (" +
                bridge::completion_code_text(cleared->completion_code, kNetFnChassis, kSetSystemBootOptions) + ")",
            cleared->completion_code};
    }
    return done(engine.call(boot_flags_request(flags), Resend::NotAfterTimeout));
}

}  // namespace ipmiprov::provider::chassis

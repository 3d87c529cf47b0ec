// The chassis over an exchange: reads that keep what the BMC supports, and
// control requests sent once (control.hpp).
#include "provider/chassis/control.hpp"

#include "bridge/spec_tables.hpp"

namespace ipmiprov::provider::chassis {
namespace {

using bridge::Resend;

// As Engine::call: the reply's data, or an error naming a non-zero code.
Result<std::vector<std::uint8_t>> call(const bridge::Exchange& exchange, const bridge::Request& request,
                                       Resend resend = Resend::Allowed) {
    auto reply = exchange(request, resend);
    if (!reply.ok()) return reply.error();
    if (reply->completion_code != 0) return bridge::completion_code_error(request, reply->completion_code);
    return std::move(reply->data);
}

// One optional part of the report: its value, or a note of why not.
template <typename Value, typename Decode>
std::optional<Value> optional_part(const bridge::Exchange& exchange, const bridge::Request& request, Decode decode,
                                   std::vector<std::string>& notes) {
    auto data = call(exchange, request);
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

bridge::Exchange exchange_of(bridge::Engine& engine) {
    return [&engine](const bridge::Request& request, Resend resend) { return engine.send(request, resend); };
}

Result<ChassisStatus> read_status(const bridge::Exchange& exchange) {
    auto data = call(exchange, chassis_request(kGetChassisStatus));
    if (!data.ok()) return data.error();
    return decode_chassis_status(*data);
}

Result<ChassisReport> read_report(const bridge::Exchange& exchange) {
    auto status = read_status(exchange);
    if (!status.ok()) return status.error();
    ChassisReport report;
    report.status = *status;
    report.restart_cause = optional_part<RestartCause>(exchange, chassis_request(kGetSystemRestartCause),
                                                       decode_restart_cause, report.notes);
    report.power_on_hours =
        optional_part<PowerOnHours>(exchange, chassis_request(kGetPohCounter), decode_poh_counter, report.notes);
    report.boot_flags = optional_part<BootFlags>(exchange, get_boot_flags_request(), decode_boot_flags, report.notes);
    return report;
}

bridge::Status send_control(const bridge::Exchange& exchange, const ControlAction& action) {
    return done(call(exchange, control_request(action), Resend::NotAfterTimeout));
}

bridge::Status identify(const bridge::Exchange& exchange, const IdentifyRequest& request) {
    return done(call(exchange, identify_request(request), Resend::NotAfterTimeout));
}

Result<std::vector<RestorePolicy>> set_restore_policy(const bridge::Exchange& exchange, RestorePolicy policy) {
    auto data = call(exchange, restore_policy_request(policy), Resend::NotAfterTimeout);
    if (!data.ok()) return data.error();
    return decode_supported_policies(*data);
}

bridge::Status set_boot_flags(const bridge::Exchange& exchange, const BootFlags& flags) {
    // Parameter 4 (§28.13 Table 28-14): write mask 01h, data 01h: the BIOS
    // has not yet handled the boot info. Advisory: a BMC that refuses it
    // (80h: no such parameter; any other code, as ipmitool goes on too)
    // still gets the flags; one that does not answer does not.
    const auto acknowledge = chassis_request(kSetSystemBootOptions, {kBootInfoAcknowledgeParameter, 0x01, 0x01});
    if (auto cleared = exchange(acknowledge, Resend::NotAfterTimeout); !cleared.ok()) return cleared.error();
    return done(call(exchange, boot_flags_request(flags), Resend::NotAfterTimeout));
}

}  // namespace ipmiprov::provider::chassis

// The chassis commands' decoders and requests (IPMI 2.0 §28); the value
// tables are the spec's, as data.
#include "provider/chassis/chassis.hpp"

#include <algorithm>
#include <array>

namespace ipmiprov::provider::chassis {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

bool bit(std::uint8_t byte, int n) {
    return ((byte >> n) & 1U) != 0;
}

bridge::Error too_short(std::string_view what, std::size_t need, std::size_t got) {
    std::string message(what);
    message.append(": the reply has ")
        .append(std::to_string(got))
        .append(" data bytes, at least ")
        .append(std::to_string(need))
        .append(" needed");
    return make_error(ErrorKind::Protocol, message);
}

struct PolicyName {
    RestorePolicy policy;
    std::string_view name;
};
constexpr std::array<PolicyName, 4> kPolicies{{{RestorePolicy::AlwaysOn, "always-on"},
                                               {RestorePolicy::Previous, "previous"},
                                               {RestorePolicy::AlwaysOff, "always-off"},
                                               {RestorePolicy::Unknown, "unknown"}}};

constexpr std::array<std::string_view, 4> kIdentifyStates{"off", "temporary", "indefinite", "reserved"};

// §28.11 Table 28-11, bits 3:0.
constexpr std::array<std::string_view, 12> kRestartCauses{
    "unknown",
    "chassis control command",
    "reset via pushbutton",
    "power-up via power pushbutton",
    "watchdog expiration",
    "OEM",
    "power-up on AC applied (restore policy always-on)",
    "power-up on AC applied (restore policy previous)",
    "reset via PEF",
    "power-cycle via PEF",
    "soft reset (e.g. Ctrl-Alt-Del)",
    "power-up via RTC wakeup",
};

std::string hex_byte(std::uint8_t value) {
    return bridge::byte_text(value);
}

}  // namespace

std::string_view restore_policy_name(RestorePolicy policy) {
    const auto* found = std::find_if(kPolicies.begin(), kPolicies.end(), [&](auto& p) { return p.policy == policy; });
    return found == kPolicies.end() ? "unknown" : found->name;
}

std::optional<RestorePolicy> find_restore_policy(std::string_view name) {
    for (const auto& entry : kPolicies)
        if (entry.name == name && entry.policy != RestorePolicy::Unknown) return entry.policy;
    return std::nullopt;
}

std::string restore_policy_names() {
    std::string names;
    for (const auto& entry : kPolicies)
        if (entry.policy != RestorePolicy::Unknown) names.append(names.empty() ? "" : ", ").append(entry.name);
    return names;
}

std::string_view identify_state_name(IdentifyState state) {
    return kIdentifyStates.at(static_cast<std::size_t>(state) & 3U);
}

Result<ChassisStatus> decode_chassis_status(std::span<const std::uint8_t> data) {
    if (data.size() < 3) return too_short("Get Chassis Status", 3, data.size());
    ChassisStatus status;
    const auto power = data[0];
    status.power_on = bit(power, 0);
    status.power_overload = bit(power, 1);
    status.power_interlock = bit(power, 2);
    status.main_power_fault = bit(power, 3);
    status.power_control_fault = bit(power, 4);
    status.restore_policy = static_cast<RestorePolicy>((power >> 5) & 3U);
    const auto last = data[1];
    status.last_ac_failed = bit(last, 0);
    status.last_overload = bit(last, 1);
    status.last_interlock = bit(last, 2);
    status.last_power_fault = bit(last, 3);
    status.last_on_by_command = bit(last, 4);
    const auto misc = data[2];
    status.intrusion = bit(misc, 0);
    status.front_panel_lockout = bit(misc, 1);
    status.drive_fault = bit(misc, 2);
    status.cooling_fault = bit(misc, 3);
    if (bit(misc, 6)) status.identify = static_cast<IdentifyState>((misc >> 4) & 3U);
    if (data.size() >= 4) {
        const auto panel = data[3];
        status.buttons = PanelButtons{{bit(panel, 0), bit(panel, 4)},
                                      {bit(panel, 1), bit(panel, 5)},
                                      {bit(panel, 2), bit(panel, 6)},
                                      {bit(panel, 3), bit(panel, 7)}};
    }
    return status;
}

std::vector<std::string> last_power_event_names(const ChassisStatus& status) {
    std::vector<std::string> names;
    const std::array<std::pair<bool, const char*>, 5> flags{{{status.last_ac_failed, "ac-failed"},
                                                             {status.last_overload, "overload"},
                                                             {status.last_interlock, "interlock"},
                                                             {status.last_power_fault, "power-fault"},
                                                             {status.last_on_by_command, "on-by-command"}}};
    for (const auto& [set, name] : flags)
        if (set) names.emplace_back(name);
    return names;
}

std::string RestartCause::text() const {
    if (code < kRestartCauses.size()) return std::string(kRestartCauses[code]);
    return "reserved (" + hex_byte(code) + ")";
}

Result<RestartCause> decode_restart_cause(std::span<const std::uint8_t> data) {
    if (data.empty()) return too_short("Get System Restart Cause", 1, 0);
    RestartCause cause;
    cause.code = data[0] & 0x0FU;
    if (data.size() >= 2) cause.channel = data[1] & 0x0FU;
    return cause;
}

Result<PowerOnHours> decode_poh_counter(std::span<const std::uint8_t> data) {
    if (data.size() < 5) return too_short("Get POH Counter", 5, data.size());
    PowerOnHours poh;
    poh.minutes_per_count = data[0];
    poh.counter = static_cast<std::uint32_t>(data[1]) | (static_cast<std::uint32_t>(data[2]) << 8U) |
                  (static_cast<std::uint32_t>(data[3]) << 16U) | (static_cast<std::uint32_t>(data[4]) << 24U);
    return poh;
}

const std::vector<ControlAction>& control_actions() {
    // §28.3 Table 28-4, byte 1 bits 3:0; in the order `chassis power` lists them.
    static const std::vector<ControlAction> actions{
        {"on", 0x01, "power up"},
        {"off", 0x00, "power down"},
        {"cycle", 0x02, "power cycle"},
        {"reset", 0x03, "hard reset"},
        {"soft", 0x05, "soft shutdown (ACPI)"},
        {"diag", 0x04, "pulse diagnostic interrupt"},
    };
    return actions;
}

std::optional<ControlAction> find_control_action(std::string_view name) {
    const auto& actions = control_actions();
    const auto found = std::find_if(actions.begin(), actions.end(), [&](const auto& a) { return a.name == name; });
    if (found == actions.end()) return std::nullopt;
    return *found;
}

std::optional<ControlAction> find_control_action(std::uint8_t code) {
    const auto& actions = control_actions();
    const auto found = std::find_if(actions.begin(), actions.end(), [&](const auto& a) { return a.code == code; });
    if (found == actions.end()) return std::nullopt;
    return *found;
}

std::string control_action_names() {
    std::string names;
    for (const auto& action : control_actions()) names.append(names.empty() ? "" : ", ").append(action.name);
    return names;
}

bridge::Request chassis_request(std::uint8_t cmd, std::vector<std::uint8_t> data) {
    return bridge::Request{kNetFnChassis, cmd, 0, bridge::Target::bmc(), std::move(data)};
}

bridge::Request control_request(const ControlAction& action) {
    return chassis_request(kChassisControl, {action.code});
}

bridge::Request identify_request(const IdentifyRequest& identify) {
    if (identify.force) return chassis_request(kChassisIdentify, {0x00, 0x01});  // byte 2 overrides byte 1
    if (!identify.seconds) return chassis_request(kChassisIdentify, {});
    return chassis_request(kChassisIdentify, {*identify.seconds});
}

bridge::Request restore_policy_request(RestorePolicy policy) {
    return chassis_request(kSetPowerRestorePolicy, {static_cast<std::uint8_t>(policy)});
}

Result<std::vector<RestorePolicy>> decode_supported_policies(std::span<const std::uint8_t> data) {
    if (data.empty()) return too_short("Set Power Restore Policy", 1, 0);
    std::vector<RestorePolicy> supported;
    for (auto policy : {RestorePolicy::AlwaysOff, RestorePolicy::Previous, RestorePolicy::AlwaysOn})
        if (bit(data[0], static_cast<int>(policy))) supported.push_back(policy);
    return supported;
}

const std::vector<BootDevice>& boot_devices() {
    // §28.13 Table 28-14, parameter 5, data byte 2 bits 5:2. The first
    // eight are the ones `chassis bootdev` takes (ipmitool's names).
    static const std::vector<BootDevice> devices{
        {"none", 0x0, "no override"},
        {"pxe", 0x1, "force PXE"},
        {"disk", 0x2, "force boot from the default hard drive"},
        {"safe", 0x3, "force boot from the default hard drive, safe mode"},
        {"diag", 0x4, "force boot from the default diagnostic partition"},
        {"cdrom", 0x5, "force boot from the default CD/DVD"},
        {"bios", 0x6, "force boot into the BIOS setup"},
        {"floppy", 0xF, "force boot from the floppy/primary removable media"},
        {"remote-floppy", 0x7, "force boot from remote floppy/primary removable media"},
        {"remote-cdrom", 0x8, "force boot from remote CD/DVD"},
        {"remote-primary", 0x9, "force boot from primary remote media"},
        {"remote-disk", 0xB, "force boot from remote hard drive"},
    };
    return devices;
}

std::optional<BootDevice> find_boot_device(std::string_view name) {
    const auto& devices = boot_devices();
    const auto found = std::find_if(devices.begin(), devices.end(), [&](const auto& d) { return d.name == name; });
    if (found == devices.end()) return std::nullopt;
    return *found;
}

std::string boot_device_names() {
    std::string names;
    for (const auto& device : boot_devices()) names.append(names.empty() ? "" : ", ").append(device.name);
    return names;
}

std::string BootFlags::device_name() const {
    for (const auto& device : boot_devices())
        if (device.selector == selector) return std::string(device.name);
    return "selector " + hex_byte(selector);
}

bridge::Request boot_flags_request(const BootFlags& flags) {
    std::uint8_t first = 0;
    if (flags.valid) first |= 0x80U;
    if (flags.persistent) first |= 0x40U;
    if (flags.efi) first |= 0x20U;
    const auto device = static_cast<std::uint8_t>((flags.selector & 0x0FU) << 2U);
    return chassis_request(kSetSystemBootOptions, {kBootFlagsParameter, first, device, 0x00, 0x00, 0x00});
}

bridge::Request get_boot_flags_request() {
    return chassis_request(kGetSystemBootOptions, {kBootFlagsParameter, 0x00, 0x00});
}

Result<BootFlags> decode_boot_flags(std::span<const std::uint8_t> data) {
    // byte 1 parameter version, byte 2 the selector (bit 7: invalid/locked), then 5 data bytes
    if (data.size() < 4) return too_short("Get System Boot Options (boot flags)", 4, data.size());
    if ((data[1] & 0x7FU) != kBootFlagsParameter) {
        return make_error(ErrorKind::Protocol, "Get System Boot Options: asked for parameter 5, the reply is for " +
                                                   std::to_string(data[1] & 0x7FU));
    }
    BootFlags flags;
    flags.valid = bit(data[2], 7);
    flags.persistent = bit(data[2], 6);
    flags.efi = bit(data[2], 5);
    flags.selector = (data[3] >> 2U) & 0x0FU;
    return flags;
}

namespace {

std::string describe_chassis_control(std::span<const std::uint8_t> data) {
    if (data.empty()) return "Chassis Control: no action given";
    const auto action = find_control_action(static_cast<std::uint8_t>(data[0] & 0x0FU));
    return "Chassis Control: " + (action ? std::string(action->text) : "action " + hex_byte(data[0]));
}

std::string describe_identify(std::span<const std::uint8_t> data) {
    if (data.size() >= 2 && bit(data[1], 0)) return "Chassis Identify: on until turned off";
    if (data.empty()) return "Chassis Identify: on for the default 15 s";
    if (data[0] == 0) return "Chassis Identify: off";
    return "Chassis Identify: on for " + std::to_string(data[0]) + " s";
}

std::string describe_restore_policy(std::span<const std::uint8_t> data) {
    if (data.empty()) return "Set Power Restore Policy: no policy given";
    const auto code = static_cast<std::uint8_t>(data[0] & 0x07U);
    if (code > 3) return "Set Power Restore Policy: policy " + hex_byte(code);
    if (code == 3) return "Set Power Restore Policy: no change (asks the supported ones)";
    return "Set Power Restore Policy: " + std::string(restore_policy_name(static_cast<RestorePolicy>(code)));
}

std::string describe_boot_options(std::span<const std::uint8_t> data) {
    if (data.empty()) return "Set System Boot Options: no parameter given";
    const auto parameter = static_cast<std::uint8_t>(data[0] & 0x7FU);
    if (parameter == kBootInfoAcknowledgeParameter) return "Set System Boot Options: boot info acknowledge";
    if (parameter != kBootFlagsParameter || data.size() < 3)
        return "Set System Boot Options: parameter " + std::to_string(parameter);
    const BootFlags flags{bit(data[1], 7), bit(data[1], 6), bit(data[1], 5),
                          static_cast<std::uint8_t>((data[2] >> 2U) & 0x0FU)};
    std::string text = "Set System Boot Options: boot device " + flags.device_name();
    text += flags.persistent ? ", every boot" : ", next boot only";
    if (flags.efi) text += ", EFI";
    if (!flags.valid) text += " (marked not valid)";
    return text;
}

struct Describer {
    std::uint8_t cmd;
    std::string (*describe)(std::span<const std::uint8_t>);
};
constexpr std::array<Describer, 4> kDescribers{{
    {kChassisControl, describe_chassis_control},
    {kChassisIdentify, describe_identify},
    {kSetPowerRestorePolicy, describe_restore_policy},
    {kSetSystemBootOptions, describe_boot_options},
}};

}  // namespace

bool is_chassis_read(const bridge::Request& request) {
    constexpr std::uint8_t kGetChassisCapabilities = 0x00;
    constexpr std::array<std::uint8_t, 5> kReads{kGetChassisCapabilities, kGetChassisStatus, kGetSystemRestartCause,
                                                 kGetSystemBootOptions, kGetPohCounter};
    if (request.netfn != kNetFnChassis) return false;
    if (request.cmd == kSetPowerRestorePolicy)
        return request.data.size() == 1 &&
               (request.data[0] & 0x07U) == static_cast<std::uint8_t>(RestorePolicy::Unknown);
    return std::find(kReads.begin(), kReads.end(), request.cmd) != kReads.end();
}

bool changes_chassis(const bridge::Request& request) {
    return request.netfn == kNetFnChassis && request.target == bridge::Target::bmc() && !is_chassis_read(request);
}

std::optional<std::string> describe_control(const bridge::Request& request) {
    if (request.netfn != kNetFnChassis) return std::nullopt;
    for (const auto& describer : kDescribers)
        if (describer.cmd == request.cmd) return describer.describe(request.data);
    return std::nullopt;
}

}  // namespace ipmiprov::provider::chassis

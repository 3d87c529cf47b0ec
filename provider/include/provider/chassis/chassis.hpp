// The chassis (issue 23): what Get Chassis Status (IPMI 2.0 §28.2), Get
// System Restart Cause (§28.11), Get POH Counter (§28.14) and the boot
// flags of Get System Boot Options (§28.13, parameter 5) say, and the
// requests that change it: Chassis Control (§28.3), Chassis Identify
// (§28.5), Set Power Restore Policy (§28.8) and Set System Boot Options
// (§28.12). Decoders take reply data without the completion code; the
// spec's value tables are data (chassis.cpp), shared by the CLI, the
// daemon's audit log and the CIM mapping.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/message.hpp"
#include "bridge/result.hpp"

namespace ipmiprov::provider::chassis {

using bridge::Result;

inline constexpr std::uint8_t kNetFnChassis = 0x00;
inline constexpr std::uint8_t kGetChassisStatus = 0x01;
inline constexpr std::uint8_t kChassisControl = 0x02;
inline constexpr std::uint8_t kChassisIdentify = 0x04;
inline constexpr std::uint8_t kSetPowerRestorePolicy = 0x06;
inline constexpr std::uint8_t kGetSystemRestartCause = 0x07;
inline constexpr std::uint8_t kSetSystemBootOptions = 0x08;
inline constexpr std::uint8_t kGetSystemBootOptions = 0x09;
inline constexpr std::uint8_t kGetPohCounter = 0x0F;

// A request of the chassis netfn to the BMC (Get Chassis Status: cmd alone).
bridge::Request chassis_request(std::uint8_t cmd, std::vector<std::uint8_t> data = {});

// §28.2 byte 1 bits 6:5; §28.8 byte 1 bits 2:0 (03h asks without changing).
enum class RestorePolicy : std::uint8_t { AlwaysOff = 0, Previous = 1, AlwaysOn = 2, Unknown = 3 };
// "always-off", "previous", "always-on", "unknown": as `chassis policy` takes them.
std::string_view restore_policy_name(RestorePolicy policy);
std::optional<RestorePolicy> find_restore_policy(std::string_view name);  // not "unknown"
std::string restore_policy_names();                                       // "always-on, previous, always-off"

// §28.2 byte 3 bits 5:4.
enum class IdentifyState : std::uint8_t { Off = 0, Temporary = 1, Indefinite = 2, Reserved = 3 };
std::string_view identify_state_name(IdentifyState state);  // off, temporary, indefinite, reserved

// One front-panel button of §28.2's optional byte 4.
struct PanelButton {
    bool disabled = false;
    bool disable_allowed = false;
    bool operator==(const PanelButton&) const = default;
};
struct PanelButtons {
    PanelButton power_off;
    PanelButton reset;
    PanelButton diagnostic_interrupt;
    PanelButton standby;
    bool operator==(const PanelButtons&) const = default;
};

// Get Chassis Status (§28.2).
struct ChassisStatus {
    // byte 1: current power state
    bool power_on = false;
    bool power_overload = false;
    bool power_interlock = false;
    bool main_power_fault = false;
    bool power_control_fault = false;
    RestorePolicy restore_policy = RestorePolicy::Unknown;
    // byte 2: last power event
    bool last_ac_failed = false;
    bool last_overload = false;
    bool last_interlock = false;
    bool last_power_fault = false;
    bool last_on_by_command = false;
    // byte 3: miscellaneous chassis state
    bool intrusion = false;
    bool front_panel_lockout = false;
    bool drive_fault = false;
    bool cooling_fault = false;
    std::optional<IdentifyState> identify;  // only when the BMC says it reports it (bit 6)
    std::optional<PanelButtons> buttons;    // byte 4, optional
};
Result<ChassisStatus> decode_chassis_status(std::span<const std::uint8_t> data);
// The last power event as words ("ac-failed", "overload", "interlock",
// "power-fault", "on-by-command"); empty when none is flagged.
std::vector<std::string> last_power_event_names(const ChassisStatus& status);

// Get System Restart Cause (§28.11 Table 28-11).
struct RestartCause {
    std::uint8_t code = 0;  // bits 3:0
    std::uint8_t channel = 0;
    [[nodiscard]] std::string text() const;  // "chassis control command", "reserved (0Ch)" …
};
Result<RestartCause> decode_restart_cause(std::span<const std::uint8_t> data);

// Get POH Counter (§28.14).
struct PowerOnHours {
    std::uint8_t minutes_per_count = 0;
    std::uint32_t counter = 0;
    [[nodiscard]] std::uint64_t minutes() const { return std::uint64_t{minutes_per_count} * counter; }
};
Result<PowerOnHours> decode_poh_counter(std::span<const std::uint8_t> data);

// Chassis Control (§28.3 Table 28-4), by the names `chassis power` takes.
struct ControlAction {
    std::string_view name;  // on, off, cycle, reset, diag, soft
    std::uint8_t code = 0;
    std::string_view text;  // "power up", … as the spec words it
};
const std::vector<ControlAction>& control_actions();
std::optional<ControlAction> find_control_action(std::string_view name);
std::optional<ControlAction> find_control_action(std::uint8_t code);
std::string control_action_names();
bridge::Request control_request(const ControlAction& action);

// Chassis Identify (§28.5): `seconds` on (0 turns it off, 255 at most);
// `force` on until turned off (byte 2, where the BMC takes it).
struct IdentifyRequest {
    std::optional<std::uint8_t> seconds;  // none: the BMC's default, 15 s
    bool force = false;
};
bridge::Request identify_request(const IdentifyRequest& identify);

// Set Power Restore Policy (§28.8); the reply's supported policies.
bridge::Request restore_policy_request(RestorePolicy policy);
Result<std::vector<RestorePolicy>> decode_supported_policies(std::span<const std::uint8_t> data);

// Boot flags (§28.13 Table 28-14, parameter 5): the device the next boot
// (or every boot, `persistent`) takes, as `chassis bootdev` names them.
struct BootDevice {
    std::string_view name;  // none, pxe, disk, safe, diag, cdrom, bios, floppy, …
    std::uint8_t selector;  // byte 2 bits 5:2
    std::string_view text;  // "force PXE", …
};
const std::vector<BootDevice>& boot_devices();
std::optional<BootDevice> find_boot_device(std::string_view name);  // the ones `bootdev` takes
std::string boot_device_names();
struct BootFlags {
    bool valid = false;
    bool persistent = false;
    bool efi = false;
    std::uint8_t selector = 0;
    [[nodiscard]] std::string device_name() const;  // "pxe", or "selector 0Ch"
};
inline constexpr std::uint8_t kBootFlagsParameter = 5;
inline constexpr std::uint8_t kBootInfoAcknowledgeParameter = 4;
// Set System Boot Options with parameter 5 (valid, the device, persistent, EFI).
bridge::Request boot_flags_request(const BootFlags& flags);
// Get System Boot Options for parameter 5, and its reply.
bridge::Request get_boot_flags_request();
Result<BootFlags> decode_boot_flags(std::span<const std::uint8_t> data);

// Whether a chassis-netfn request only reads: the Gets (§28: capabilities,
// status, restart cause, boot options, POH counter) and Set Power Restore
// Policy 03h, which asks which policies the chassis supports (§28.8). The
// daemon lets readers send these; a request of another netfn is false.
bool is_chassis_read(const bridge::Request& request);
// Whether the request may change what Get Chassis Status reports: a chassis
// request to the BMC that is not a read. Sources forget the status they hold
// after one.
bool changes_chassis(const bridge::Request& request);

// What a request of these commands does, in words, for the daemon's audit
// log: "Chassis Control: power cycle", "Set System Boot Options: boot
// flags: pxe, next boot only"; nullopt for other requests.
std::optional<std::string> describe_control(const bridge::Request& request);

}  // namespace ipmiprov::provider::chassis

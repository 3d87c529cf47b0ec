// Power State Management (DSP1027) over the chassis (issue 23): the power
// management service of the system, its capabilities, the association that
// carries the system's power state, and the CIM power states and
// RequestStateChange values as Chassis Control actions (IPMI 2.0 §28.3).
// docs/cim-mapping.md, "Power State Management".
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "provider/chassis/chassis.hpp"
#include "provider/cim/mapping.hpp"

namespace ipmiprov::provider::cim {

inline constexpr const char* kPowerServiceClass = "IPMIProv_PowerManagementService";
inline constexpr const char* kPowerCapabilitiesClass = "IPMIProv_PowerManagementCapabilities";
inline constexpr const char* kAssociatedPowerClass = "IPMIProv_AssociatedPowerManagementService";
inline constexpr const char* kElementCapabilitiesClass = "IPMIProv_ElementCapabilities";
inline constexpr const char* kHostedServiceClass = "IPMIProv_HostedService";
inline constexpr const char* kPowerServiceName = "IPMIProv:PowerManagementService";
inline constexpr const char* kPowerCapabilitiesID = "IPMIProv:PowerManagementCapabilities";

// CIM_AssociatedPowerManagementService.PowerState values.
inline constexpr std::uint16_t kPowerOn = 2;
inline constexpr std::uint16_t kPowerOffSoft = 8;

// A requested power state (RequestPowerStateChange's PowerState) and the
// Chassis Control action it is: 2 on, 5 and 9 cycle, 6 and 8 off, 12 soft
// (the graceful one: ACPI), 10 reset, 11 diag.
struct PowerStateAction {
    std::uint16_t power_state;
    std::string_view action;  // chassis::find_control_action
};
const std::vector<PowerStateAction>& power_state_actions();
std::optional<chassis::ControlAction> action_for_power_state(std::uint16_t power_state);
// CIM_EnabledLogicalElement.RequestStateChange's RequestedState for the
// system: 2 Enabled on, 3 Disabled off, 4 Shut Down soft, 10 Reboot cycle,
// 11 Reset reset.
std::optional<chassis::ControlAction> action_for_requested_state(std::uint16_t requested_state);

// What was last asked of the system's power, whoever asked (a CIM method,
// `ipmiprov chassis power` through the daemon): the system's RequestedState
// (CIM_EnabledLogicalElement: "irrespective of the mechanism") and DSP1027's
// RequestedPowerState. 0 Unknown until the BMC accepts a Chassis Control.
struct PowerRequest {
    std::uint16_t requested_state = 0;
    std::uint16_t requested_power_state = 0;
    bool operator==(const PowerRequest&) const = default;
};
// `last` after this exchange: a Chassis Control the BMC accepted sets both
// (off 3/8, on 2/2, cycle 10/5, reset 11/10, soft 4/12); a diagnostic
// interrupt (11) has no RequestedState and leaves it.
PowerRequest power_request_after(PowerRequest last, const bridge::Request& request, const bridge::Response& response);

// The system's EnabledState from the chassis: 2 Enabled when on, 3 Disabled
// when off, 0 Unknown without a status; RequestedState the last request.
void set_system_power_state(Instance& system, const std::optional<chassis::ChassisStatus>& status,
                            const PowerRequest& request);

// 2 On or 8 Off - Soft (the chassis is off, the BMC on standby power).
std::uint16_t power_state(const chassis::ChassisStatus& status);
// What RequestPowerStateChange takes in that state: on, everything but On;
// off, On alone.
std::vector<std::uint16_t> available_power_states(const chassis::ChassisStatus& status);

ObjectPath power_service_path(const SystemIdentity& system);
Instance power_service_instance(const SystemIdentity& system);
ObjectPath power_capabilities_path();
Instance power_capabilities_instance();
// The system's power state on the association from the service to it;
// without a status (the BMC did not answer) the state properties are absent.
Instance associated_power_instance(const SystemIdentity& system, const std::optional<chassis::ChassisStatus>& status,
                                   const PowerRequest& request = {});

}  // namespace ipmiprov::provider::cim

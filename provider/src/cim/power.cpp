// DSP1027 over IPMI Chassis Control (power.hpp). The state values are
// CIM_AssociatedPowerManagementService.PowerState's and
// CIM_EnabledLogicalElement.RequestStateChange's ValueMaps.
#include "provider/cim/power.hpp"

#include <algorithm>

namespace ipmiprov::provider::cim {
namespace {

// CIM_PowerManagementCapabilities.PowerChangeCapabilities: 3 Power State
// Settable, 4 Power Cycling Supported, 6 Off Hard Power Cycling Supported,
// 7 HW Reset Supported, 8 Graceful Shutdown Supported.
const std::vector<std::uint16_t> kPowerChangeCapabilities{3, 4, 6, 7, 8};

// A Chassis Control action as the system's RequestedState and DSP1027's
// RequestedPowerState: what RequestStateChange takes (2 Enabled, 3 Disabled,
// 4 Shut Down, 10 Reboot, 11 Reset), and what a request seen is shown as.
struct ActionStates {
    std::string_view action;
    std::optional<std::uint16_t> requested_state;
    std::uint16_t power_state;
};
constexpr std::array<ActionStates, 6> kActionStates{{
    {"off", 3, kPowerOffSoft},  // as PowerState shows off: 8, the BMC on standby power
    {"on", 2, kPowerOn},
    {"cycle", 10, 5},
    {"reset", 11, 10},
    {"diag", std::nullopt, 11},
    {"soft", 4, 12},
}};

std::vector<std::uint16_t> all_requestable() {
    std::vector<std::uint16_t> states;
    for (const auto& entry : power_state_actions()) states.push_back(entry.power_state);
    return states;
}

}  // namespace

const std::vector<PowerStateAction>& power_state_actions() {
    static const std::vector<PowerStateAction> actions{
        {2, "on"},      // On
        {5, "cycle"},   // Power Cycle (Off - Soft)
        {6, "off"},     // Off - Hard
        {8, "off"},     // Off - Soft: off, the BMC on standby power (not graceful)
        {9, "cycle"},   // Power Cycle (Off - Hard)
        {10, "reset"},  // Master Bus Reset
        {11, "diag"},   // Diagnostic Interrupt (NMI)
        {12, "soft"},   // Off - Soft Graceful: the OS asked to shut down first (ACPI)
    };
    return actions;
}

std::optional<chassis::ControlAction> action_for_power_state(std::uint16_t power_state) {
    const auto& actions = power_state_actions();
    const auto found =
        std::find_if(actions.begin(), actions.end(), [&](const auto& a) { return a.power_state == power_state; });
    if (found == actions.end()) return std::nullopt;
    return chassis::find_control_action(found->action);
}

std::optional<chassis::ControlAction> action_for_requested_state(std::uint16_t requested_state) {
    const auto found = std::find_if(kActionStates.begin(), kActionStates.end(),
                                    [&](const auto& a) { return a.requested_state == requested_state; });
    if (found == kActionStates.end()) return std::nullopt;
    return chassis::find_control_action(found->action);
}

PowerRequest power_request_after(PowerRequest last, const bridge::Request& request, const bridge::Response& response) {
    if (request.netfn != chassis::kNetFnChassis || request.cmd != chassis::kChassisControl ||
        !(request.target == bridge::Target::bmc()) || request.data.empty() || response.completion_code != 0)
        return last;
    const auto action = chassis::find_control_action(static_cast<std::uint8_t>(request.data[0] & 0x0FU));
    if (!action) return last;
    const auto found = std::find_if(kActionStates.begin(), kActionStates.end(),
                                    [&](const auto& a) { return a.action == action->name; });
    if (found == kActionStates.end()) return last;
    if (found->requested_state) last.requested_state = *found->requested_state;
    last.requested_power_state = found->power_state;
    return last;
}

void set_system_power_state(Instance& system, const std::optional<chassis::ChassisStatus>& status,
                            const PowerRequest& request) {
    system.set("EnabledState", Value::u16(!status            ? kEnabledStateUnknown
                                          : status->power_on ? kEnabledStateEnabled
                                                             : kEnabledStateDisabled));
    system.set("RequestedState", Value::u16(request.requested_state));
}

std::uint16_t power_state(const chassis::ChassisStatus& status) {
    return status.power_on ? kPowerOn : kPowerOffSoft;
}

std::vector<std::uint16_t> available_power_states(const chassis::ChassisStatus& status) {
    if (!status.power_on) return {kPowerOn};
    auto states = all_requestable();
    states.erase(std::remove(states.begin(), states.end(), kPowerOn), states.end());
    return states;
}

ObjectPath power_service_path(const SystemIdentity& system) {
    return path_of(power_service_instance(system));
}

Instance power_service_instance(const SystemIdentity& system) {
    Instance instance{kPowerServiceClass, kDeviceNamespace, {}};
    instance.set("SystemCreationClassName", Value::string(kSystemClass));
    instance.set("SystemName", Value::string(system.name));
    instance.set("CreationClassName", Value::string(kPowerServiceClass));
    instance.set("Name", Value::string(kPowerServiceName));
    instance.set("ElementName", Value::string("Power management of " + system.name));
    instance.set("EnabledState", Value::u16(2));     // Enabled
    instance.set("RequestedState", Value::u16(12));  // Not Applicable
    return instance;
}

ObjectPath power_capabilities_path() {
    return path_of(power_capabilities_instance());
}

Instance power_capabilities_instance() {
    Instance instance{kPowerCapabilitiesClass, kDeviceNamespace, {}};
    instance.set("InstanceID", Value::string(kPowerCapabilitiesID));
    instance.set("ElementName", Value::string("IPMI Chassis Control"));
    instance.set("PowerChangeCapabilities", Value::u16_array(kPowerChangeCapabilities));
    instance.set("RequestedPowerStatesSupported", Value::u16_array(all_requestable()));
    return instance;
}

Instance associated_power_instance(const SystemIdentity& system, const std::optional<chassis::ChassisStatus>& status,
                                   const PowerRequest& request) {
    auto instance = association_instance(kAssociatedPowerClass, "ServiceProvided", power_service_path(system),
                                         "UserOfService", system_path(system));
    if (status) {
        instance.set("PowerState", Value::u16(power_state(*status)));
        instance.set("RequestedPowerState", Value::u16(request.requested_power_state));
        instance.set("AvailableRequestedPowerStates", Value::u16_array(available_power_states(*status)));
    }
    return instance;
}

}  // namespace ipmiprov::provider::cim

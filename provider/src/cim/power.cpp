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

struct RequestedStateAction {
    std::uint16_t requested_state;
    std::string_view action;
};
constexpr std::array<RequestedStateAction, 5> kRequestedStates{{
    {2, "on"},      // Enabled
    {3, "off"},     // Disabled
    {4, "soft"},    // Shut Down
    {10, "cycle"},  // Reboot
    {11, "reset"},  // Reset
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
    const auto found = std::find_if(kRequestedStates.begin(), kRequestedStates.end(),
                                    [&](const auto& a) { return a.requested_state == requested_state; });
    if (found == kRequestedStates.end()) return std::nullopt;
    return chassis::find_control_action(found->action);
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

Instance associated_power_instance(const SystemIdentity& system, const std::optional<chassis::ChassisStatus>& status) {
    auto instance = association_instance(kAssociatedPowerClass, "ServiceProvided", power_service_path(system),
                                         "UserOfService", system_path(system));
    if (status) {
        instance.set("PowerState", Value::u16(power_state(*status)));
        instance.set("RequestedPowerState", Value::u16(0));  // Unknown: no request is kept
        instance.set("AvailableRequestedPowerStates", Value::u16_array(available_power_states(*status)));
    }
    return instance;
}

}  // namespace ipmiprov::provider::cim

// DSP1074 over Chassis Identify (indicator.hpp). Values are
// CIM_IndicatorLED's and CIM_IndicatorLEDCapabilities' ValueMaps.
#include "provider/cim/indicator.hpp"

#include <array>
#include <string>

namespace ipmiprov::provider::cim {
namespace {

constexpr std::uint16_t kConditionLocation = 3;  // IndicatedConditions: "Location"
constexpr std::uint16_t kControlManual = 3;      // ControlMode: a management client controls it

// §28.2 byte 3 bits 5:4 as ActivationState; the reserved value has none.
std::optional<std::uint16_t> activation_state(chassis::IdentifyState state) {
    switch (state) {
        case chassis::IdentifyState::Off:
            return kLedOff;
        case chassis::IdentifyState::Temporary:
        case chassis::IdentifyState::Indefinite:
            return kLedBlinking;
        case chassis::IdentifyState::Reserved:
            break;
    }
    return std::nullopt;
}

}  // namespace

ObjectPath identify_led_path(const SystemIdentity& system) {
    return path_of(identify_led_instance(system, std::nullopt));
}

Instance identify_led_instance(const SystemIdentity& system, const std::optional<chassis::ChassisStatus>& status) {
    Instance instance{kIndicatorLEDClass, kDeviceNamespace, {}};
    instance.set("SystemCreationClassName", Value::string(kSystemClass));
    instance.set("SystemName", Value::string(system.name));
    instance.set("CreationClassName", Value::string(kIndicatorLEDClass));
    instance.set("DeviceID", Value::string(kIdentifyLEDDeviceID));
    instance.set("ElementName", Value::string("Chassis identify of " + system.name));
    instance.set("IndicatedConditions", Value::u16_array({kConditionLocation}));
    instance.set("ControlMode", Value::u16(kControlManual));
    instance.set("DefaultActivationState", Value::u16(kLedOff));
    if (status && status->identify)
        if (const auto state = activation_state(*status->identify)) instance.set("ActivationState", Value::u16(*state));
    instance.set("EnabledState", Value::u16(kEnabledStateEnabled));
    instance.set("RequestedState", Value::u16(kEnabledStateNotApplicable));
    return instance;
}

ObjectPath indicator_capabilities_path() {
    return path_of(indicator_capabilities_instance());
}

Instance indicator_capabilities_instance() {
    Instance instance{kIndicatorCapabilitiesClass, kDeviceNamespace, {}};
    instance.set("InstanceID", Value::string(kIndicatorCapabilitiesID));
    instance.set("ElementName", Value::string("IPMI Chassis Identify"));
    instance.set("SupportedIndicatedConditions", Value::u16_array({kConditionLocation}));
    instance.set("SupportedControlModes", Value::u16_array({kControlManual}));
    instance.set("SupportedActivationStates", Value::u16_array({kLedBlinking, kLedOff}));
    return instance;
}

bridge::Result<chassis::IdentifyRequest> identify_for_activation_state(std::int64_t state) {
    if (state == kLedBlinking) return chassis::IdentifyRequest{std::nullopt, true};
    if (state == kLedOff) return chassis::IdentifyRequest{std::uint8_t{0}, false};
    return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                              "ActivationState " + std::to_string(state) +
                                  " is not one the chassis identify takes: 3 (Blinking: on until turned off) or 4 "
                                  "(Off)");
}

}  // namespace ipmiprov::provider::cim

// The chassis identify LED as DSP1074 (Indicator LED) models it: one
// IPMIProv_IndicatorLED of the system whose ActivationState is Chassis
// Identify (IPMI 2.0 §28.5) and, where the BMC reports it, the identify
// state of Get Chassis Status (§28.2 byte 3 bits 6:4); its capabilities and
// the association with the system. docs/cim-mapping.md, "Indicator LED".
#pragma once

#include <cstdint>
#include <optional>

#include "bridge/result.hpp"
#include "provider/chassis/chassis.hpp"
#include "provider/cim/mapping.hpp"

namespace ipmiprov::provider::cim {

inline constexpr const char* kIndicatorLEDClass = "IPMIProv_IndicatorLED";
inline constexpr const char* kIndicatorCapabilitiesClass = "IPMIProv_IndicatorLEDCapabilities";
inline constexpr const char* kAssociatedIndicatorClass = "IPMIProv_AssociatedIndicatorLED";
inline constexpr const char* kIdentifyLEDDeviceID = "IPMI:ChassisIdentify";
inline constexpr const char* kIndicatorCapabilitiesID = "IPMIProv:IndicatorLEDCapabilities";

// CIM_IndicatorLED.ActivationState values ipmiprov serves.
inline constexpr std::uint16_t kLedBlinking = 3;
inline constexpr std::uint16_t kLedOff = 4;

ObjectPath identify_led_path(const SystemIdentity& system);
// ActivationState is present only when the BMC reports the identify state:
// off is 4 Off, a timed or indefinite identify 3 Blinking (the spec leaves
// the mechanism to the system; blinking lights are its example).
Instance identify_led_instance(const SystemIdentity& system, const std::optional<chassis::ChassisStatus>& status);
ObjectPath indicator_capabilities_path();
Instance indicator_capabilities_instance();

// The Chassis Identify a written ActivationState is: 3 Blinking on until
// turned off (Force Identify On), 4 Off (interval 0). Other values are an
// invalid argument naming the two.
bridge::Result<chassis::IdentifyRequest> identify_for_activation_state(std::int64_t state);

}  // namespace ipmiprov::provider::cim

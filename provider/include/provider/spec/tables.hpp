// IPMI 2.0 interpretation tables, kept as data (one table per spec table):
// sensor types (Table 42-3), event/reading types and their generic states
// (Table 42-2), sensor-specific states (Table 42-3), sensor unit codes
// (Table 43-15) and entity IDs (Table 43-13).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ipmiprov::provider::spec {

// "Temperature", "Processor", ...; "OEM" for C0h-FFh; nullopt for reserved codes.
std::optional<std::string_view> sensor_type_name(std::uint8_t sensor_type);

// Event/reading type classes (§36.1).
enum class EventReadingClass { Unspecified, Threshold, Generic, SensorSpecific, Oem, Reserved };
EventReadingClass event_reading_class(std::uint8_t event_reading_type);

// The state name of `offset` (0..14) for a generic event/reading type
// (01h-0Ch), e.g. (07h, 2) -> "Transition to Critical from less severe".
std::optional<std::string_view> generic_state_name(std::uint8_t event_reading_type, std::uint8_t offset);

// The state name of `offset` (0..14) for event/reading type 6Fh of a sensor
// type, e.g. (07h Processor, 7) -> "Processor Presence detected".
std::optional<std::string_view> sensor_specific_state_name(std::uint8_t sensor_type, std::uint8_t offset);

// Severity of a state for health reporting: derived from the spec's wording
// (e.g. "Critical", "Non-recoverable", "Failure", "Fault" are critical;
// "Non-critical", "Predictive failure", "Degraded" are warnings).
enum class Severity { Ok, Warning, Critical };
Severity generic_state_severity(std::uint8_t event_reading_type, std::uint8_t offset);
Severity sensor_specific_state_severity(std::uint8_t sensor_type, std::uint8_t offset);

// Event data 2 of System Firmware Progress events (sensor type 0Fh, Table
// 42-3): for offset 00h (POST error) the error, for 01h (hang) and 02h
// (progress) the step, e.g. (02h, 01h) -> "Memory initialization".
std::optional<std::string_view> firmware_progress_code_name(std::uint8_t offset, std::uint8_t code);

struct UnitName {
    std::string_view name;          // "degrees C", "Volts", "RPM"
    std::string_view abbreviation;  // "C", "V", "RPM"
};
// Unit code 0..92 (Table 43-15); nullopt for reserved codes.
std::optional<UnitName> unit_name(std::uint8_t unit_code);

// Entity ID (Table 43-13), e.g. 03h -> "Processor"; "OEM" / "chassis-specific" /
// "board-set specific" for the ranges; nullopt for reserved codes.
std::optional<std::string_view> entity_id_name(std::uint8_t entity_id);

}  // namespace ipmiprov::provider::spec

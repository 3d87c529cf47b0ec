// IPMI 2.0 interpretation tables (provider/spec): names per code, reserved
// codes and ranges, severities.
#include <gtest/gtest.h>

#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::spec {
namespace {

TEST(ProviderSpecTables, SensorTypeNames) {
    EXPECT_EQ(sensor_type_name(0x01), "Temperature");
    EXPECT_EQ(sensor_type_name(0x07), "Processor");
    EXPECT_EQ(sensor_type_name(0x0C), "Memory");
    EXPECT_EQ(sensor_type_name(0x2C), "FRU State");
    EXPECT_EQ(sensor_type_name(0xC0), "OEM");
    EXPECT_EQ(sensor_type_name(0xFF), "OEM");
    EXPECT_FALSE(sensor_type_name(0x00));
    EXPECT_FALSE(sensor_type_name(0x2D));
    EXPECT_FALSE(sensor_type_name(0xBF));
}

TEST(ProviderSpecTables, EverySensorTypeOfTheSpecHasAName) {
    for (int type = 0x01; type <= 0x2C; ++type) {
        auto name = sensor_type_name(static_cast<std::uint8_t>(type));
        ASSERT_TRUE(name) << type;
        EXPECT_FALSE(name->empty()) << type;
    }
}

TEST(ProviderSpecTables, EventReadingClasses) {
    EXPECT_EQ(event_reading_class(0x00), EventReadingClass::Unspecified);
    EXPECT_EQ(event_reading_class(0x01), EventReadingClass::Threshold);
    EXPECT_EQ(event_reading_class(0x02), EventReadingClass::Generic);
    EXPECT_EQ(event_reading_class(0x0C), EventReadingClass::Generic);
    EXPECT_EQ(event_reading_class(0x0D), EventReadingClass::Reserved);
    EXPECT_EQ(event_reading_class(0x6F), EventReadingClass::SensorSpecific);
    EXPECT_EQ(event_reading_class(0x70), EventReadingClass::Oem);
    EXPECT_EQ(event_reading_class(0x7F), EventReadingClass::Oem);
    EXPECT_EQ(event_reading_class(0x80), EventReadingClass::Reserved);
}

TEST(ProviderSpecTables, GenericStates) {
    EXPECT_EQ(generic_state_name(0x01, 0), "Lower Non-critical going low");
    EXPECT_EQ(generic_state_name(0x01, 11), "Upper Non-recoverable going high");
    EXPECT_FALSE(generic_state_name(0x01, 12));
    EXPECT_EQ(generic_state_name(0x03, 1), "State Asserted");
    EXPECT_EQ(generic_state_name(0x07, 2), "Transition to Critical from less severe");
    EXPECT_EQ(generic_state_name(0x08, 1), "Device Inserted / Device Present");
    EXPECT_EQ(generic_state_name(0x0B, 1), "Redundancy Lost");
    EXPECT_EQ(generic_state_name(0x0C, 3), "D3 Power State");
    EXPECT_FALSE(generic_state_name(0x0C, 4));
    EXPECT_FALSE(generic_state_name(0x0D, 0));
    EXPECT_FALSE(generic_state_name(0x6F, 0));
    EXPECT_FALSE(generic_state_name(0x03, 15));
}

TEST(ProviderSpecTables, SensorSpecificStates) {
    EXPECT_EQ(sensor_specific_state_name(0x07, 7), "Processor Presence detected");
    EXPECT_EQ(sensor_specific_state_name(0x07, 0), "IERR");
    EXPECT_EQ(sensor_specific_state_name(0x08, 0), "Presence detected");
    EXPECT_EQ(sensor_specific_state_name(0x08, 1), "Power Supply Failure detected");
    EXPECT_EQ(sensor_specific_state_name(0x0C, 1), "Uncorrectable ECC / other uncorrectable memory error");
    EXPECT_EQ(sensor_specific_state_name(0x10, 2), "Log Area Reset/Cleared");
    EXPECT_EQ(sensor_specific_state_name(0x22, 14), "Unknown");
    EXPECT_FALSE(sensor_specific_state_name(0x22, 13));
    EXPECT_EQ(sensor_specific_state_name(0x23, 8), "Timer interrupt");
    EXPECT_FALSE(sensor_specific_state_name(0x23, 4));
    EXPECT_EQ(sensor_specific_state_name(0x2C, 7), "FRU Communication Lost");
    EXPECT_FALSE(sensor_specific_state_name(0x01, 0)) << "temperature has no sensor-specific states";
    EXPECT_FALSE(sensor_specific_state_name(0x08, 8));
    EXPECT_FALSE(sensor_specific_state_name(0xC0, 0));
}

TEST(ProviderSpecTables, EverySensorTypeWithSpecificOffsetsHasItsFirstState) {
    for (int type : {0x05, 0x06, 0x07, 0x08, 0x09, 0x0C, 0x0D, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x19, 0x1B,
                     0x1D, 0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C}) {
        EXPECT_TRUE(sensor_specific_state_name(static_cast<std::uint8_t>(type), 0)) << type;
    }
}

TEST(ProviderSpecTables, Severities) {
    EXPECT_EQ(generic_state_severity(0x01, 7), Severity::Warning);   // upper non-critical going high
    EXPECT_EQ(generic_state_severity(0x01, 9), Severity::Critical);  // upper critical going high
    EXPECT_EQ(generic_state_severity(0x07, 0), Severity::Ok);
    EXPECT_EQ(generic_state_severity(0x07, 1), Severity::Warning);
    EXPECT_EQ(generic_state_severity(0x07, 3), Severity::Critical);
    EXPECT_EQ(generic_state_severity(0x0B, 1), Severity::Critical);
    EXPECT_EQ(generic_state_severity(0x0B, 0), Severity::Ok);
    EXPECT_EQ(generic_state_severity(0x0D, 0), Severity::Ok) << "unknown states are not alarms";
    EXPECT_EQ(sensor_specific_state_severity(0x08, 0), Severity::Ok);
    EXPECT_EQ(sensor_specific_state_severity(0x08, 1), Severity::Critical);
    EXPECT_EQ(sensor_specific_state_severity(0x08, 2), Severity::Warning);
    EXPECT_EQ(sensor_specific_state_severity(0x0C, 0), Severity::Warning);
    EXPECT_EQ(sensor_specific_state_severity(0x0C, 1), Severity::Critical);
    EXPECT_EQ(sensor_specific_state_severity(0x07, 7), Severity::Ok);
}

TEST(ProviderSpecTables, FirmwareProgressCodes) {
    EXPECT_EQ(firmware_progress_code_name(0x00, 0x0B), "Firmware (BIOS) ROM corruption detected");
    EXPECT_EQ(firmware_progress_code_name(0x02, 0x19), "Primary processor initialization");
    EXPECT_EQ(firmware_progress_code_name(0x01, 0x13), "Starting operating system boot process");
    EXPECT_FALSE(firmware_progress_code_name(0x02, 0x15)) << "reserved";
    EXPECT_FALSE(firmware_progress_code_name(0x00, 0x0E));
    EXPECT_FALSE(firmware_progress_code_name(0x03, 0x00));
}

TEST(ProviderSpecTables, Units) {
    EXPECT_EQ(unit_name(1)->name, "degrees C");
    EXPECT_EQ(unit_name(1)->abbreviation, "C");
    EXPECT_EQ(unit_name(4)->abbreviation, "V");
    EXPECT_EQ(unit_name(18)->name, "RPM");
    EXPECT_EQ(unit_name(6)->name, "Watts");
    EXPECT_EQ(unit_name(58)->name, "PPM");
    EXPECT_EQ(unit_name(60)->name, "Decibels");
    EXPECT_EQ(unit_name(92)->name, "grams");
    EXPECT_FALSE(unit_name(59));
    EXPECT_FALSE(unit_name(93));
    EXPECT_FALSE(unit_name(255));
    for (int code = 0; code <= 92; ++code) {
        if (code == 59) continue;
        auto unit = unit_name(static_cast<std::uint8_t>(code));
        ASSERT_TRUE(unit) << code;
        EXPECT_FALSE(unit->name.empty()) << code;
    }
}

TEST(ProviderSpecTables, Entities) {
    EXPECT_EQ(entity_id_name(0x03), "processor");
    EXPECT_EQ(entity_id_name(0x07), "system board");
    EXPECT_EQ(entity_id_name(0x1D), "fan / cooling device");
    EXPECT_EQ(entity_id_name(0x37), "air inlet");
    EXPECT_EQ(entity_id_name(0x42), "baseboard");
    EXPECT_FALSE(entity_id_name(0x36));
    EXPECT_FALSE(entity_id_name(0x43));
    EXPECT_EQ(entity_id_name(0x90), "chassis-specific");
    EXPECT_EQ(entity_id_name(0xB0), "board-set specific");
    EXPECT_EQ(entity_id_name(0xD0), "OEM");
    EXPECT_FALSE(entity_id_name(0x8F));
}

}  // namespace
}  // namespace ipmiprov::provider::spec

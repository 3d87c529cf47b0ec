// IPMI unit and sensor type codes -> CIM, as tables.
//   IPMI 2.0 Table 43-15 (sensor unit type codes) -> CIM_NumericSensor.BaseUnits
//   (ValueMap 0..66, CIM schema 2.41) with a power-of-ten UnitModifier where
//   IPMI names a prefixed unit (ms, mm, µF, kbit ...);
//   IPMI 2.0 §43.1 byte 21 bits 5:3 (rate unit) -> CIM RateUnits, one to one;
//   IPMI 2.0 Table 42-3 (sensor type codes) -> CIM_Sensor.SensorType.
#include <algorithm>
#include <array>

#include "provider/cim/mapping.hpp"
#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::cim {
namespace {

struct UnitRow {
    std::uint8_t ipmi;
    std::uint16_t cim;
    int exponent;
};

// Rows for the IPMI units CIM has a base unit for. Kilo/mega/giga bytes are
// left out on purpose: IPMI does not say whether they are 10^3 or 2^10, and a
// power-of-ten modifier would claim the former; they go to Other.
constexpr auto kUnitRows = std::to_array<UnitRow>({
    {1, 2, 0},    {2, 3, 0},    {3, 4, 0},   {4, 5, 0},    {5, 6, 0},   {6, 7, 0},    {7, 8, 0},
    {8, 9, 0},    {9, 10, 0},   {10, 11, 0}, {11, 12, 0},  {12, 13, 0}, {13, 14, 0},  {14, 15, 0},
    {15, 16, 0},  {16, 17, 0},  {17, 18, 0}, {18, 19, 0},  {19, 20, 0}, {20, 21, -6},  // µs -> s
    {21, 21, -3},                                                                      // ms -> s
    {22, 21, 0},  {23, 22, 0},  {24, 23, 0}, {25, 24, 0},  {26, 25, 0}, {27, 26, 0},  {28, 27, 0},
    {29, 28, 0},  {30, 29, 0},  {31, 30, 0}, {32, 31, -3},  // mm -> m
    {33, 31, -2},                                           // cm -> m
    {34, 31, 0},  {35, 32, 0},  {36, 33, 0}, {37, 34, 0},  {38, 35, 0}, {39, 36, 0},  {40, 37, 0},
    {41, 38, 0},  {42, 39, 0},  {43, 40, 0}, {44, 41, 0},  {45, 42, 0}, {46, 43, 0},  {47, 44, 0},
    {48, 45, 0},  {49, 46, 0},  {50, 47, 0}, {51, 47, -3},  // mH -> H
    {52, 48, 0},  {53, 48, -6},                             // µF -> F
    {54, 49, 0},  {55, 50, 0},  {56, 51, 0}, {57, 52, 0},  {58, 53, 0}, {60, 54, 0},  {61, 55, 0},
    {62, 56, 0},  {63, 57, 0},  {64, 58, 0}, {65, 59, 0},  {66, 60, 0}, {67, 60, 3},  // kbit (SI, as for data rates)
    {68, 60, 6},  {69, 60, 9},  {70, 61, 0}, {74, 62, 0},  {75, 63, 0}, {76, 64, 0},
});

constexpr std::uint16_t kCimUnknown = 0;
constexpr std::uint16_t kCimOther = 1;
constexpr std::uint16_t kCimPercentage = 65;
constexpr std::uint8_t kIpmiRateReserved = 7;

const UnitRow* unit_row(std::uint8_t ipmi) {
    const auto* it =
        std::find_if(kUnitRows.begin(), kUnitRows.end(), [ipmi](const UnitRow& row) { return row.ipmi == ipmi; });
    return it == kUnitRows.end() ? nullptr : it;
}

struct TypeRow {
    std::uint8_t ipmi;
    std::uint16_t cim;
};

// Sensor types with a CIM counterpart.
constexpr auto kTypeRows = std::to_array<TypeRow>({
    {0x01, 2},   // Temperature
    {0x02, 3},   // Voltage
    {0x03, 4},   // Current
    {0x04, 5},   // Fan -> Tachometer
    {0x05, 16},  // Physical Security (chassis intrusion) -> Intrusion
    {0x14, 7},   // Button / Switch -> Switch
    {0x25, 11},  // Entity Presence -> Presence
});

// "Other Units-based Sensor" (0Bh) says what it measures by its unit.
constexpr auto kUnitBasedRows = std::to_array<TypeRow>({
    {1, 2},    // degrees C -> Temperature
    {2, 2},    // degrees F
    {3, 2},    // degrees K
    {4, 3},    // Volts -> Voltage
    {5, 4},    // Amps -> Current
    {6, 13},   // Watts -> Power Consumption
    {14, 15},  // kPa -> Pressure
    {15, 15},  // PSI
    {17, 12},  // CFM -> Air Flow
    {18, 5},   // RPM -> Tachometer
});

constexpr std::uint8_t kOtherUnitsBased = 0x0B;

std::optional<std::uint16_t> lookup(const auto& rows, std::uint8_t ipmi) {
    for (const auto& row : rows)
        if (row.ipmi == ipmi) return row.cim;
    return std::nullopt;
}

std::string hex_code(std::uint8_t code) {
    constexpr const char* kDigits = "0123456789ABCDEF";
    return std::string{kDigits[code >> 4], kDigits[code & 0x0F], 'h'};
}

}  // namespace

CimUnits cim_units(const sdr::Units& units) {
    CimUnits out;
    out.description = sensor::unit_text(units);
    out.rate_units = units.rate < kIpmiRateReserved ? units.rate : 0;
    if (units.percentage) {
        out.base_units = kCimPercentage;
        return out;
    }
    if (units.modifier != 0) {  // base/modifier or base*modifier: CIM has no compound units
        out.base_units = kCimOther;
        return out;
    }
    if (units.base == 0) {
        out.base_units = kCimUnknown;
        return out;
    }
    if (const auto* row = unit_row(units.base)) {
        out.base_units = row->cim;
        out.exponent = row->exponent;
        return out;
    }
    out.base_units = spec::unit_name(units.base) ? kCimOther : kCimUnknown;
    return out;
}

CimSensorType cim_sensor_type(std::uint8_t ipmi_sensor_type, const sdr::Units& units) {
    if (auto code = lookup(kTypeRows, ipmi_sensor_type)) return {*code, std::nullopt};
    if (ipmi_sensor_type == kOtherUnitsBased && units.modifier == 0 && !units.percentage) {
        if (auto code = lookup(kUnitBasedRows, units.base)) return {*code, std::nullopt};
    }
    const auto name = spec::sensor_type_name(ipmi_sensor_type);
    std::string description = name ? std::string(*name) : "reserved sensor type";
    if (!name || *name == "OEM") description += " (" + hex_code(ipmi_sensor_type) + ")";
    return {1, description};
}

}  // namespace ipmiprov::provider::cim

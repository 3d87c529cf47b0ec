// IPMI -> CIM mapping rules, one by one (docs/cim-mapping.md).
#include "provider/cim/mapping.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace ipmiprov::provider::cim {
namespace {

using sensor::SensorDefinition;
using sensor::SensorKind;
using sensor::SensorValue;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ---- the unit table, every IPMI code (Table 43-15) against CIM BaseUnits (2.41)

struct ExpectedUnit {
    std::uint16_t base;
    int exponent;
};

const std::map<int, ExpectedUnit>& expected_units() {
    static const std::map<int, ExpectedUnit> table{
        {0, {0, 0}},    {1, {2, 0}},   {2, {3, 0}},    {3, {4, 0}},   {4, {5, 0}},    {5, {6, 0}},    {6, {7, 0}},
        {7, {8, 0}},    {8, {9, 0}},   {9, {10, 0}},   {10, {11, 0}}, {11, {12, 0}},  {12, {13, 0}},  {13, {14, 0}},
        {14, {15, 0}},  {15, {16, 0}}, {16, {17, 0}},  {17, {18, 0}}, {18, {19, 0}},  {19, {20, 0}},  {20, {21, -6}},
        {21, {21, -3}}, {22, {21, 0}}, {23, {22, 0}},  {24, {23, 0}}, {25, {24, 0}},  {26, {25, 0}},  {27, {26, 0}},
        {28, {27, 0}},  {29, {28, 0}}, {30, {29, 0}},  {31, {30, 0}}, {32, {31, -3}}, {33, {31, -2}}, {34, {31, 0}},
        {35, {32, 0}},  {36, {33, 0}}, {37, {34, 0}},  {38, {35, 0}}, {39, {36, 0}},  {40, {37, 0}},  {41, {38, 0}},
        {42, {39, 0}},  {43, {40, 0}}, {44, {41, 0}},  {45, {42, 0}}, {46, {43, 0}},  {47, {44, 0}},  {48, {45, 0}},
        {49, {46, 0}},  {50, {47, 0}}, {51, {47, -3}}, {52, {48, 0}}, {53, {48, -6}}, {54, {49, 0}},  {55, {50, 0}},
        {56, {51, 0}},  {57, {52, 0}}, {58, {53, 0}},  {59, {0, 0}},  {60, {54, 0}},  {61, {55, 0}},  {62, {56, 0}},
        {63, {57, 0}},  {64, {58, 0}}, {65, {59, 0}},  {66, {60, 0}}, {67, {60, 3}},  {68, {60, 6}},  {69, {60, 9}},
        {70, {61, 0}},  {71, {1, 0}},  {72, {1, 0}},   {73, {1, 0}},  {74, {62, 0}},  {75, {63, 0}},  {76, {64, 0}},
        {77, {1, 0}},   {78, {1, 0}},  {79, {1, 0}},   {80, {1, 0}},  {81, {1, 0}},   {82, {1, 0}},   {83, {1, 0}},
        {84, {1, 0}},   {85, {1, 0}},  {86, {1, 0}},   {87, {1, 0}},  {88, {1, 0}},   {89, {1, 0}},   {90, {1, 0}},
        {91, {1, 0}},   {92, {1, 0}},  {93, {0, 0}},   {200, {0, 0}},
    };
    return table;
}

TEST(CimUnits, EveryIpmiUnitCodeMapsAsTheTableSays) {
    for (const auto& [code, expected] : expected_units()) {
        sdr::Units units;
        units.base = static_cast<std::uint8_t>(code);
        const auto mapped = cim_units(units);
        EXPECT_EQ(mapped.base_units, expected.base) << "IPMI unit " << code;
        EXPECT_EQ(mapped.exponent, expected.exponent) << "IPMI unit " << code;
        EXPECT_EQ(mapped.rate_units, 0) << "IPMI unit " << code;
    }
}

TEST(CimUnits, OtherSaysWhatTheUnitIs) {
    sdr::Units units;
    units.base = 72;  // megabytes: 10^6 or 2^20, IPMI does not say
    EXPECT_EQ(cim_units(units).base_units, 1);
    EXPECT_EQ(cim_units(units).description, "megabyte");
    units.base = 85;
    EXPECT_EQ(cim_units(units).description, "packets");
}

TEST(CimUnits, RatesMapOneToOneAndReservedRateIsNone) {
    sdr::Units units;
    units.base = 18;  // RPM
    for (std::uint8_t rate = 0; rate < 7; ++rate) {
        units.rate = rate;
        EXPECT_EQ(cim_units(units).rate_units, rate);
    }
    units.rate = 7;
    EXPECT_EQ(cim_units(units).rate_units, 0);
}

TEST(CimUnits, PercentageWinsAndCompoundUnitsAreOther) {
    sdr::Units units;
    units.base = 4;
    units.percentage = true;
    EXPECT_EQ(cim_units(units).base_units, 65);
    EXPECT_EQ(cim_units(units).description, "% Volts");
    units.percentage = false;
    units.modifier = 1;  // Watts / hour as base/modifier
    units.base = 6;
    units.modifier_unit = 24;
    EXPECT_EQ(cim_units(units).base_units, 1);
    EXPECT_EQ(cim_units(units).description, "Watts/hour");
}

TEST(CimSensorType, TheSevenTypesCimHasAndOtherForTheRest) {
    const sdr::Units none;
    const std::vector<std::pair<std::uint8_t, std::uint16_t>> rows{{0x01, 2},  {0x02, 3}, {0x03, 4}, {0x04, 5},
                                                                   {0x05, 16}, {0x14, 7}, {0x25, 11}};
    for (const auto& [ipmi, cim] : rows) {
        EXPECT_EQ(cim_sensor_type(ipmi, none).code, cim) << int(ipmi);
        EXPECT_FALSE(cim_sensor_type(ipmi, none).other_description);
    }
    EXPECT_EQ(cim_sensor_type(0x07, none).code, 1);
    EXPECT_EQ(cim_sensor_type(0x07, none).other_description, "Processor");
    EXPECT_EQ(cim_sensor_type(0xC5, none).other_description, "OEM (C5h)");
    EXPECT_EQ(cim_sensor_type(0x60, none).other_description, "reserved sensor type (60h)");
}

TEST(CimSensorType, OtherUnitsBasedSensorsSayWhatTheyMeasureByTheirUnit) {
    sdr::Units units;
    const std::vector<std::pair<std::uint8_t, std::uint16_t>> rows{{1, 2},   {4, 3},   {5, 4}, {6, 13},
                                                                   {14, 15}, {17, 12}, {18, 5}};
    for (const auto& [unit, cim] : rows) {
        units.base = unit;
        EXPECT_EQ(cim_sensor_type(0x0B, units).code, cim) << int(unit);
    }
    units.base = 85;  // packets
    EXPECT_EQ(cim_sensor_type(0x0B, units).code, 1);
    EXPECT_EQ(cim_sensor_type(0x0B, units).other_description, "Other Units-based Sensor");
}

// ---- identity and time

TEST(CimIdentity, DeviceIdIsNumberLunOwnerInDecimalAsWindows) {
    EXPECT_EQ(device_id(114, 0, 0x20), "114.0.32");
    sdr::SensorKey key;
    key.number = 5;
    key.lun = 1;
    key.owner_id = 0x40;
    EXPECT_EQ(device_id(key), "5.1.64");
}

TEST(CimTime, DatetimesAndIntervals) {
    EXPECT_EQ(cim_datetime_utc(0), "19700101000000.000000+000");
    EXPECT_EQ(cim_datetime_utc(1700000100), "20231114221500.000000+000");
    EXPECT_EQ(cim_interval(0), "00000000000000.000000:000");
    EXPECT_EQ(cim_interval(93784), "00000001020304.000000:000");
    EXPECT_EQ(sel_datetime(sel::Timestamp{16}, std::nullopt), "00000000000016.000000:000") << "pre-init";
    EXPECT_EQ(sel_datetime(sel::Timestamp{0xFFFFFFFF}, std::nullopt), "00000000000000.000000:000") << "unspecified";
    EXPECT_EQ(sel_datetime(sel::Timestamp{1700000100}, std::int16_t{60}), "20231114211500.000000+000")
        << "a BMC clock an hour ahead of UTC";
}

// ---- numeric sensors

SensorDefinition voltage_definition() {
    SensorDefinition d;
    d.record_id = 3;
    d.kind = SensorKind::Threshold;
    d.common.key.number = 2;
    d.common.sensor_type = 0x02;
    d.common.event_reading_type = 0x01;
    d.common.name = "12V";
    d.units.base = 4;
    d.factors = sdr::Factors{63, 0, 0, -3, 4, 250, 1};  // 0.063 V a count, tolerance 2 counts, accuracy 25 %
    d.reading_mask = 0x0F0F;                            // LNC LCR LNR UNC readable; the same settable
    d.positive_hysteresis = 2;
    d.negative_hysteresis = 1;
    d.nominal = 190;
    d.sensor_min = 0;
    d.sensor_max = 255;
    return d;
}

SensorValue reading(const SensorDefinition& d, std::uint8_t raw, std::uint16_t bits, double value) {
    SensorValue v;
    v.definition = &d;
    v.status = sensor::Status::Ok;
    v.reading = value;
    v.decimals = 3;
    v.raw = sensor::RawReading{raw, true, true, false, bits};
    v.thresholds[sdr::kLnc] = 11.214;
    v.thresholds[sdr::kLcr] = 10.773;
    v.thresholds[sdr::kUnc] = 12.726;
    return v;
}

std::int64_t integer(const Instance& i, const char* name) {
    const auto* value = i.property(name);
    if (!value) throw std::runtime_error(std::string("no ") + name);
    return *value->as_integer();
}

std::vector<std::uint64_t> u16s(const Instance& i, const char* name) {
    std::vector<std::uint64_t> out;
    for (const auto& item : i.property(name)->items) out.push_back(std::get<std::uint64_t>(item));
    return out;
}

const SystemIdentity kSystem{"host1", "IP", "sim"};

TEST(NumericSensor, ValuesAreExactIntegersInMilliVolts) {
    const auto d = voltage_definition();
    const auto instance = sensor_instance(kSystem, reading(d, 190, 0, 11.970));
    EXPECT_EQ(instance.class_name, "IPMIProv_NumericSensor");
    EXPECT_EQ(integer(instance, "BaseUnits"), 5);
    EXPECT_EQ(integer(instance, "UnitModifier"), -3);
    EXPECT_EQ(integer(instance, "RateUnits"), 0);
    EXPECT_EQ(integer(instance, "CurrentReading"), 11970);
    EXPECT_EQ(integer(instance, "NominalReading"), 11970);
    EXPECT_EQ(integer(instance, "MinReadable"), 0);
    EXPECT_EQ(integer(instance, "MaxReadable"), 16065);
    EXPECT_EQ(integer(instance, "Resolution"), 63);
    EXPECT_EQ(integer(instance, "Tolerance"), 126) << "4 half-counts = 2 counts of 63 mV";
    EXPECT_EQ(integer(instance, "Accuracy"), 2500) << "250 × 10^1 hundredths of a percent";
    EXPECT_EQ(integer(instance, "Hysteresis"), 126) << "the larger of the two, 2 counts";
    EXPECT_EQ(integer(instance, "LowerThresholdNonCritical"), 11214);
    EXPECT_EQ(integer(instance, "LowerThresholdCritical"), 10773);
    EXPECT_EQ(integer(instance, "UpperThresholdNonCritical"), 12726);
    EXPECT_EQ(instance.property("UpperThresholdCritical"), nullptr) << "a threshold the sensor has not is absent";
    EXPECT_THAT(u16s(instance, "SupportedThresholds"), ElementsAre(0, 1, 2, 4));
    EXPECT_THAT(u16s(instance, "EnabledThresholds"), ElementsAre(0, 1, 2));
    EXPECT_THAT(u16s(instance, "SettableThresholds"), ElementsAre(0, 1)) << "critical ones stay read-only";
    EXPECT_EQ(instance.property("IsLinear")->items.front(), Item{true});
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), IsEmpty());
}

TEST(NumericSensor, KeysAndNames) {
    const auto d = voltage_definition();
    const auto instance = sensor_instance(kSystem, reading(d, 190, 0, 11.970));
    EXPECT_EQ(*instance.property("DeviceID")->as_string(), "2.0.32");
    EXPECT_EQ(*instance.property("SystemName")->as_string(), "host1");
    EXPECT_EQ(*instance.property("SystemCreationClassName")->as_string(), "IPMIProv_ComputerSystem");
    EXPECT_EQ(*instance.property("CreationClassName")->as_string(), "IPMIProv_NumericSensor");
    EXPECT_EQ(*instance.property("ElementName")->as_string(), "12V");
    EXPECT_EQ(integer(instance, "SensorType"), 3);
    EXPECT_EQ(instance.property("OtherSensorTypeDescription"), nullptr);
    EXPECT_EQ(path_of(instance), sensor_path(kSystem, d)) << "the path from the definition alone is the same";
}

TEST(NumericSensor, EachComparisonBitGivesItsStateAndHealth) {
    const auto d = voltage_definition();
    struct Row {
        std::uint16_t bits;
        const char* state;
        int health;
        int status;
    };
    const std::vector<Row> rows{
        {0x00, "Normal", 5, 2},       {0x01, "Lower Non-Critical", 10, 3}, {0x03, "Lower Critical", 25, 6},
        {0x07, "Lower Fatal", 30, 7}, {0x08, "Upper Non-Critical", 10, 3}, {0x18, "Upper Critical", 25, 6},
        {0x38, "Upper Fatal", 30, 7}};
    for (const auto& row : rows) {
        const auto instance = sensor_instance(kSystem, reading(d, 190, row.bits, 11.97));
        EXPECT_EQ(*instance.property("CurrentState")->as_string(), row.state) << row.bits;
        EXPECT_EQ(integer(instance, "HealthState"), row.health) << row.bits;
        EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(row.status)) << row.bits;
        EXPECT_EQ(integer(instance, "EnabledState"), 2);
    }
}

TEST(NumericSensor, NoReadingMeansNoCurrentReadingAndAStatusThatSaysWhy) {
    const auto d = voltage_definition();
    auto v = reading(d, 0, 0, 0);
    v.reading.reset();
    v.raw->scanning_enabled = false;
    v.note = "scanning disabled";
    auto instance = sensor_instance(kSystem, v);
    EXPECT_EQ(instance.property("CurrentReading"), nullptr);
    EXPECT_EQ(*instance.property("CurrentState")->as_string(), "Unknown");
    EXPECT_EQ(integer(instance, "HealthState"), 0);
    EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(10)) << "Stopped";
    EXPECT_EQ(integer(instance, "EnabledState"), 3) << "Disabled";
    EXPECT_EQ(instance.property("StatusDescriptions")->items.front(), Item{std::string("scanning disabled")});

    v.raw->scanning_enabled = true;
    v.raw->unavailable = true;
    instance = sensor_instance(kSystem, v);
    EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(12)) << "No Contact";

    v.raw.reset();
    v.note = "sensor not present";
    instance = sensor_instance(kSystem, v);
    EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(12));

    v.note = "timed out after 3 attempts";
    instance = sensor_instance(kSystem, v);
    EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(13)) << "Lost Communication";
    EXPECT_EQ(integer(instance, "HealthState"), 0);
    EXPECT_EQ(instance.property("CurrentReading"), nullptr);
    EXPECT_EQ(integer(instance, "UnitModifier"), -3) << "units are known without a reading";
}

TEST(NumericSensor, LargeValuesGiveUpDigitsRatherThanOverflow) {
    auto d = voltage_definition();
    d.factors = sdr::Factors{511, 0, 0, 5, 0, 0, 0};  // 51,100,000 a count: raw 255 would not fit sint32
    d.units.base = 6;
    auto v = reading(d, 200, 0, 1.022e10);
    v.decimals = 0;
    v.thresholds = {};
    const auto instance = sensor_instance(kSystem, v);
    EXPECT_EQ(integer(instance, "UnitModifier"), 1);
    EXPECT_EQ(integer(instance, "CurrentReading"), 1022000000);
    EXPECT_EQ(integer(instance, "MaxReadable"), 1303050000);
}

TEST(NumericSensor, NegativeSlopeSwapsMinAndMaxReadable) {
    auto d = voltage_definition();
    d.factors = sdr::Factors{-1, 100, 0, 0, 0, 0, 0};
    auto v = reading(d, 10, 0, 90);
    v.decimals = 0;
    v.thresholds = {};
    const auto instance = sensor_instance(kSystem, v);
    EXPECT_EQ(integer(instance, "MinReadable"), -155);
    EXPECT_EQ(integer(instance, "MaxReadable"), 100);
}

TEST(NumericSensor, ThresholdWritesFindTheExactRawCountOrSayWhatIsNear) {
    const auto d = voltage_definition();
    EXPECT_EQ(*raw_for_cim_value(d, 11277, -3), 179);
    EXPECT_EQ(*raw_for_cim_value(d, 0, -3), 0);
    const auto off = raw_for_cim_value(d, 11278, -3);
    ASSERT_FALSE(off.ok());
    EXPECT_THAT(off.error().message, HasSubstr("nearest values it can hold are 11277 or 11340"));
    EXPECT_FALSE(raw_for_cim_value(d, 99999999, -3).ok());
    auto nonlinear = d;
    nonlinear.linearization = 0x70;
    EXPECT_EQ(raw_for_cim_value(nonlinear, 11277, -3).error().kind, bridge::ErrorKind::Unsupported);
}

// ---- discrete sensors

SensorDefinition memory_definition() {
    SensorDefinition d;
    d.kind = SensorKind::Discrete;
    d.common.key.number = 16;
    d.common.sensor_type = 0x0C;         // Memory
    d.common.event_reading_type = 0x6F;  // sensor-specific
    d.common.name = "DIMM A";
    d.reading_mask = 0x0441;  // correctable ECC, presence, critical overtemperature
    return d;
}

SensorValue discrete(const SensorDefinition& d, std::uint16_t bits) {
    SensorValue v;
    v.definition = &d;
    v.status = sensor::Status::Discrete;
    v.raw = sensor::RawReading{0, true, true, false, bits};
    v.states = sensor::discrete_state_names(d.common.sensor_type, d.common.event_reading_type, bits);
    return v;
}

TEST(DiscreteSensor, PossibleStatesComeFromTheReadingMask) {
    const auto d = memory_definition();
    const auto instance = sensor_instance(kSystem, discrete(d, 0x0040));
    EXPECT_EQ(instance.class_name, "IPMIProv_Sensor");
    EXPECT_THAT(instance.property("PossibleStates")->items,
                ElementsAre(Item{std::string("Unknown")}, Item{std::string("No State Asserted")},
                            Item{std::string("Correctable ECC / other correctable memory error")},
                            Item{std::string("Presence detected")}, Item{std::string("Critical Overtemperature")}));
    EXPECT_EQ(*instance.property("CurrentState")->as_string(), "Presence detected");
    EXPECT_EQ(integer(instance, "HealthState"), 5);
    EXPECT_EQ(integer(instance, "SensorType"), 1);
    EXPECT_EQ(*instance.property("OtherSensorTypeDescription")->as_string(), "Memory");
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), IsEmpty());
}

TEST(DiscreteSensor, CurrentStateIsTheMostSevereAssertedAndAllAreListed) {
    const auto d = memory_definition();
    auto instance = sensor_instance(kSystem, discrete(d, 0x0041));
    EXPECT_EQ(*instance.property("CurrentState")->as_string(), "Correctable ECC / other correctable memory error");
    EXPECT_EQ(integer(instance, "HealthState"), 10);
    EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(3));
    EXPECT_EQ(instance.property("AssertedStates")->items.size(), 2U);

    instance = sensor_instance(kSystem, discrete(d, 0x0441));
    EXPECT_EQ(*instance.property("CurrentState")->as_string(), "Critical Overtemperature");
    EXPECT_EQ(integer(instance, "HealthState"), 25);
    EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(6));

    instance = sensor_instance(kSystem, discrete(d, 0x0000));
    EXPECT_EQ(*instance.property("CurrentState")->as_string(), "No State Asserted");
    EXPECT_EQ(integer(instance, "HealthState"), 5);
}

TEST(DiscreteSensor, EventOnlySensorsHaveUnknownHealth) {
    SensorDefinition d;
    d.kind = SensorKind::EventOnly;
    d.common.sensor_type = 0x23;  // Watchdog 2
    d.common.event_reading_type = 0x6F;
    d.common.name = "Watchdog";
    SensorValue v;
    v.definition = &d;
    v.status = sensor::Status::EventOnly;
    const auto instance = sensor_instance(kSystem, v);
    EXPECT_EQ(*instance.property("CurrentState")->as_string(), "Unknown");
    EXPECT_EQ(integer(instance, "HealthState"), 0);
    EXPECT_GT(instance.property("PossibleStates")->items.size(), 3U) << "every state the type defines";
}

// ---- the SEL

TEST(RecordLog, CountsSpaceHealthAndTimes) {
    SelState state;
    state.info.entries = 10;
    state.info.free_bytes = 160;
    state.info.addition_timestamp = 1700000100;
    state.info.erase_timestamp = 0xFFFFFFFF;
    auto instance = record_log_instance(state);
    EXPECT_EQ(integer(instance, "CurrentNumberOfRecords"), 10);
    EXPECT_EQ(integer(instance, "MaxNumberOfRecords"), 20);
    EXPECT_EQ(integer(instance, "OverwritePolicy"), 7);
    EXPECT_EQ(integer(instance, "LogState"), 2);
    EXPECT_EQ(integer(instance, "HealthState"), 5);
    EXPECT_EQ(*instance.property("LastAdditionTimestamp")->as_string(), "20231114221500.000000+000");
    EXPECT_EQ(instance.property("LastEraseTimestamp"), nullptr) << "never erased";
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), IsEmpty());

    state.info.operations = 0x80;  // overflow
    state.info.free_bytes = 0;
    instance = record_log_instance(state);
    EXPECT_EQ(integer(instance, "HealthState"), 10);
    EXPECT_THAT(u16s(instance, "OperationalStatus"), ElementsAre(3));
    EXPECT_EQ(instance.property("StatusDescriptions")->items.size(), 2U);
    EXPECT_EQ(instance.property("OverflowFlag")->items.front(), Item{true});
}

sel::Entry entry_of(std::array<std::uint8_t, 16> bytes) {
    return sel::decode_entry(bytes).value();
}

TEST(LogRecord, SystemEventRecordDataIsTheWindowsExampleByteForByte) {
    // The entry of Windows' LogRecord documentation: sensor 114 (72h), LUN 0, owner 20h.
    const auto entry =
        entry_of({0x01, 0x00, 0x02, 0x0F, 0xAC, 0xC1, 0x49, 0x20, 0x00, 0x04, 0x10, 0x72, 0x6F, 0x02, 0xFF, 0xFF});
    EXPECT_EQ(record_data(entry), "*SEL(114.0.32)*01 00*02*0F AC C1 49*20 00*04*10*72*true*6F*02*FF*FF*");
    EXPECT_EQ(record_format(entry),
              "*string CIM_Sensor.DeviceID*uint8[2] IPMI_RecordID*uint8 IPMI_RecordType*uint8[4] IPMI_Timestamp"
              "*uint8[2] IPMI_GeneratorID*uint8 IPMI_EvMRev*uint8 IPMI_SensorType*uint8 IPMI_SensorNumber"
              "*boolean IPMI_AssertionEvent*uint8 IPMI_EventType*uint8 IPMI_EventData1*uint8 IPMI_EventData2"
              "*uint8 IPMI_EventData3*");
    const auto instance = log_record_instance(entry, {});
    EXPECT_EQ(*instance.property("RecordID")->as_string(), "1");
    EXPECT_EQ(*instance.property("MessageTimestamp")->as_string(), "20090319022103.000000+000");
    EXPECT_EQ(*instance.property("SensorDeviceID")->as_string(), "114.0.32");
    EXPECT_EQ(instance.property("SensorElementName"), nullptr) << "no SDRs given";
    EXPECT_THAT(*instance.property("Description")->as_string(), HasSubstr("Log Area Reset/Cleared"));
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), IsEmpty());
}

TEST(LogRecord, DeassertionIsFalseAndInformational) {
    const auto entry =
        entry_of({0x02, 0x00, 0x02, 0, 0, 0, 0x60, 0x41, 0x30, 0x04, 0x01, 0x07, 0x81, 0x07, 0x2A, 0x28});
    EXPECT_EQ(record_data(entry), "*SEL(7.0.65)*02 00*02*00 00 00 60*41 30*04*01*07*false*01*07*2A*28*")
        << "software generator 41h, channel 3";
    EXPECT_EQ(integer(log_record_instance(entry, {}), "PerceivedSeverity"), 2);
}

TEST(LogRecord, ThresholdSeverityFollowsTheOffset) {
    auto severity = [](std::uint8_t offset) {
        return integer(
            log_record_instance(entry_of({1, 0, 2, 0, 0, 0, 0x60, 0x20, 0, 4, 1, 7, 0x01, offset, 0, 0}), {}),
            "PerceivedSeverity");
    };
    EXPECT_EQ(severity(0x07), 3) << "upper non-critical going high";
    EXPECT_EQ(severity(0x09), 6) << "upper critical going high";
    EXPECT_EQ(severity(0x0B), 7) << "upper non-recoverable going high";
    EXPECT_EQ(severity(0x02), 6) << "lower critical going low";
}

TEST(LogRecord, OemRecordsUseTheirOwnLayouts) {
    const auto stamped = entry_of({0x05, 0x00, 0xDD, 0x0F, 0xAC, 0xC1, 0x49, 0x37, 0x01, 0x00, 1, 2, 3, 4, 5, 6});
    EXPECT_EQ(record_format(stamped),
              "*uint8[2] IPMI_RecordID*uint8 IPMI_RecordType*uint8[4] IPMI_Timestamp*uint8[3] IPMI_ManufacturerID"
              "*uint8[6] IPMI_OEMDefinedData*");
    EXPECT_EQ(record_data(stamped), "*05 00*DD*0F AC C1 49*37 01 00*01 02 03 04 05 06*");
    const auto stamped_instance = log_record_instance(stamped, {});
    EXPECT_THAT(*stamped_instance.property("Description")->as_string(), HasSubstr("manufacturer 311"));
    EXPECT_EQ(stamped_instance.property("SensorDeviceID"), nullptr);

    const auto raw = entry_of({0x06, 0x00, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
    EXPECT_EQ(record_data(raw), "*06 00*E0*01 02 03 04 05 06 07 08 09 0A 0B 0C 0D*");
    const auto raw_instance = log_record_instance(raw, {});
    EXPECT_EQ(*raw_instance.property("MessageTimestamp")->as_string(), "00000000000000.000000:000")
        << "no timestamp: the zero interval";
    EXPECT_THAT(schema_problems(ipmiprov_schema(), raw_instance), IsEmpty());
}

TEST(LogRecord, NamesTheSensorFromTheSdrs) {
    std::vector<SensorDefinition> sensors{memory_definition()};
    const auto entry = entry_of({1, 0, 2, 0, 0, 0, 0x60, 0x20, 0, 4, 0x0C, 16, 0x6F, 0x00, 0xFF, 0xFF});
    const auto instance = log_record_instance(entry, {std::nullopt, &sensors});
    EXPECT_EQ(*instance.property("SensorElementName")->as_string(), "DIMM A");
}

// ---- profiles and associations

TEST(Profiles, SensorsRecordLogPowerIndicatorPhysicalAssetAndSoftwareInventoryInTheInteropNamespace) {
    const auto profiles = registered_profile_instances();
    ASSERT_EQ(profiles.size(), 6U);
    EXPECT_EQ(*profiles[0].property("RegisteredName")->as_string(), "Sensors");
    EXPECT_EQ(*profiles[1].property("RegisteredName")->as_string(), "Record Log");
    EXPECT_EQ(*profiles[2].property("RegisteredName")->as_string(), "Power State Management");
    EXPECT_EQ(*profiles[2].property("RegisteredVersion")->as_string(), "2.0.0");
    EXPECT_EQ(*profiles[3].property("RegisteredName")->as_string(), "Indicator LED");
    EXPECT_EQ(*profiles[3].property("RegisteredVersion")->as_string(), "1.0.0");
    EXPECT_EQ(*profiles[4].property("RegisteredName")->as_string(), "Physical Asset");
    EXPECT_EQ(*profiles[4].property("RegisteredVersion")->as_string(), "1.0.2");
    EXPECT_EQ(*profiles[5].property("RegisteredName")->as_string(), "Software Inventory");
    EXPECT_EQ(*profiles[5].property("RegisteredVersion")->as_string(), "1.0.1");
    for (const auto& p : profiles) {
        EXPECT_EQ(p.name_space, "root/interop");
        EXPECT_EQ(integer(p, "RegisteredOrganization"), 2);
        EXPECT_THAT(schema_problems(ipmiprov_schema(), p), IsEmpty());
    }
}

TEST(Associations, CarryReferencesAndConform) {
    const auto d = voltage_definition();
    const auto link = association_instance(kSystemDeviceClass, "GroupComponent", system_path(kSystem), "PartComponent",
                                           sensor_path(kSystem, d));
    EXPECT_THAT(schema_problems(ipmiprov_schema(), link), IsEmpty());
    EXPECT_EQ(link.property("PartComponent")->as_reference()->to_string(),
              "root/cimv2:IPMIProv_NumericSensor.SystemCreationClassName=\"IPMIProv_ComputerSystem\","
              "SystemName=\"host1\",CreationClassName=\"IPMIProv_NumericSensor\",DeviceID=\"2.0.32\"");
}

}  // namespace
}  // namespace ipmiprov::provider::cim

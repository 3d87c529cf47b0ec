// The severity table: built-in rows (threshold levels, the spec's states,
// deassertions), sensors as read, SEL entries, and rows from a file.
#include "provider/severity/severity.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ipmiprov::provider::severity {
namespace {

using ::testing::HasSubstr;

constexpr auto N = Severity::Nominal;
constexpr auto W = Severity::Warning;
constexpr auto C = Severity::Critical;
constexpr auto U = Severity::Unknown;

TEST(SeverityTable, ThresholdEventsGoingAwayFromNominalHaveTheirLevelsSeverity) {
    const auto table = Table::builtin();
    // Table 42-2, type 01h: offsets 00h..0Bh, asserted then deasserted.
    const std::array<std::pair<Severity, Severity>, 12> expected{
        {{W, N}, {N, N}, {C, W}, {W, W}, {C, C}, {C, C}, {N, N}, {W, N}, {W, W}, {C, W}, {C, C}, {C, C}}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto offset = static_cast<std::uint8_t>(i);
        EXPECT_EQ(table.of_state(0x01, 0x01, offset), expected[i].first) << i;
        EXPECT_EQ(table.of_state(0x01, 0x01, offset, true), expected[i].second) << i;
    }
    EXPECT_EQ(table.of_state(0x01, 0x01, 12), U) << "reserved offset";
}

TEST(SeverityTable, StatesBySpecWordingAndNothingSaysIsUnknown) {
    const auto table = Table::builtin();
    EXPECT_EQ(table.of_state(0x08, 0x6F, 0), N) << "Power Supply: Presence detected";
    EXPECT_EQ(table.of_state(0x08, 0x6F, 1), C) << "Power Supply: Failure detected";
    EXPECT_EQ(table.of_state(0x0C, 0x6F, 0), W) << "Memory: Correctable ECC";
    EXPECT_EQ(table.of_state(0x0C, 0x6F, 1), C) << "Memory: Uncorrectable ECC";
    EXPECT_EQ(table.of_state(0x0B, 0x0B, 1), C) << "redundancy lost (type 0Bh)";
    // The severity type 07h (Table 42-2).
    EXPECT_EQ(table.of_state(0x01, 0x07, 0), N) << "transition to OK";
    EXPECT_EQ(table.of_state(0x01, 0x07, 1), W) << "transition to non-critical from OK";
    EXPECT_EQ(table.of_state(0x01, 0x07, 2), C) << "transition to critical from less severe";
    EXPECT_EQ(table.of_state(0x01, 0x07, 3), C) << "transition to non-recoverable from less severe";
    EXPECT_EQ(table.of_state(0x08, 0x6F, 1, true), N) << "a failure deasserted: recovered";
    EXPECT_EQ(table.of_state(0x08, 0x70, 0), U) << "OEM type";
    EXPECT_EQ(table.of_state(0x08, 0x6F, 14), U) << "reserved offset";
    EXPECT_EQ(table.of_state(0xC0, 0x6F, 0), U) << "OEM sensor type";
}

TEST(SeverityTable, TheWorstAssertedStateAndNominalWhenNone) {
    const auto table = Table::builtin();
    EXPECT_EQ(table.of_states(0x08, 0x6F, 0x0000), N);
    EXPECT_EQ(table.of_states(0x08, 0x6F, 0x0001), N);
    EXPECT_EQ(table.of_states(0x08, 0x6F, 0x0003), C);
    EXPECT_EQ(table.of_states(0x0C, 0x6F, 0x0041), W) << "Correctable ECC and presence";
    EXPECT_EQ(table.of_states(0x0C, 0x6F, 0x0441), C) << "and critical overtemperature";
}

struct ReadSensor {
    sensor::SensorDefinition definition;
    sensor::SensorValue value;
};

ReadSensor read_sensor(sensor::SensorKind kind, std::uint8_t type, std::uint8_t ert, std::optional<std::uint16_t> bits,
                       bool has_reading = true) {
    ReadSensor out;
    out.definition.kind = kind;
    out.definition.common.sensor_type = type;
    out.definition.common.event_reading_type = ert;
    if (has_reading) {
        sensor::RawReading raw;
        raw.state_bits = bits;
        out.value.raw = raw;
    }
    return out;
}

Severity of(const Table& table, ReadSensor& read) {
    read.value.definition = &read.definition;
    return table.of_sensor(read.value);
}

TEST(SeverityTable, SensorsAsRead) {
    const auto table = Table::builtin();
    using K = sensor::SensorKind;
    auto ok = read_sensor(K::Threshold, 0x01, 0x01, 0x00);
    EXPECT_EQ(of(table, ok), N);
    auto nc = read_sensor(K::Threshold, 0x01, 0x01, 0x08);  // at or above upper non-critical
    EXPECT_EQ(of(table, nc), W);
    auto cr = read_sensor(K::Threshold, 0x01, 0x01, 0x09);  // and at or below lower non-critical
    EXPECT_EQ(of(table, cr), W);
    auto ucr = read_sensor(K::Threshold, 0x01, 0x01, 0x18);
    EXPECT_EQ(of(table, ucr), C);
    auto lnr = read_sensor(K::Threshold, 0x02, 0x01, 0x07);
    EXPECT_EQ(of(table, lnr), C);
    auto failed = read_sensor(K::Discrete, 0x08, 0x6F, 0x0003);
    EXPECT_EQ(of(table, failed), C);
    auto masked = read_sensor(K::Discrete, 0x08, 0x6F, 0x0003);
    masked.definition.reading_mask = 0x0001;  // the SDR says it reports presence only
    EXPECT_EQ(of(table, masked), N);
    auto unread = read_sensor(K::Threshold, 0x01, 0x01, std::nullopt, false);
    EXPECT_EQ(of(table, unread), U);
    auto event_only = read_sensor(K::EventOnly, 0x23, 0x6F, std::nullopt, false);
    EXPECT_EQ(of(table, event_only), U);
    auto unavailable = read_sensor(K::Threshold, 0x01, 0x01, 0x00);
    unavailable.value.raw->unavailable = true;
    EXPECT_EQ(of(table, unavailable), U);
}

TEST(SeverityTable, SelEntries) {
    const auto table = Table::builtin();
    sel::Entry entry;
    sel::SystemEvent event;
    event.sensor_type = 0x08;
    event.event_reading_type = 0x6F;
    event.event_data = {0x01, 0xFF, 0xFF};
    entry.body = event;
    EXPECT_EQ(table.of_event(entry), C);
    event.deassertion = true;
    entry.body = event;
    EXPECT_EQ(table.of_event(entry), N);
    event.sensor_type = 0x01;
    event.event_reading_type = 0x01;
    event.event_data = {0x59, 0x00, 0x00};  // offset 9: upper critical going high
    entry.body = event;
    EXPECT_EQ(table.of_event(entry), W) << "upper critical crossed back";
    entry.body = sel::OemTimestamped{};
    EXPECT_EQ(table.of_event(entry), U);
}

TEST(SeverityOverrides, ARowForTheTypeWinsOverARowForEveryType) {
    auto table = Table::builtin().with_overrides(
        "# comment\n"
        "\n"
        "*    0x01 0 nominal     # lower non-critical is no warning here\n"
        "0x02 1    0 critical warning\n"
        "8 0x6f 1 warning\n",
        "test.conf");
    ASSERT_TRUE(table.ok()) << table.error().message;
    EXPECT_EQ(table->override_count(), 3U);
    EXPECT_EQ(table->of_state(0x01, 0x01, 0), N);
    EXPECT_EQ(table->of_state(0x01, 0x01, 0, true), N);
    EXPECT_EQ(table->of_state(0x02, 0x01, 0), C);
    EXPECT_EQ(table->of_state(0x02, 0x01, 0, true), W);
    EXPECT_EQ(table->of_state(0x08, 0x6F, 1), W);
    EXPECT_EQ(table->of_state(0x08, 0x6F, 1, true), W) << "one severity stands for both directions";
    EXPECT_EQ(table->of_state(0x01, 0x01, 2), C) << "rows not given keep the built-in severity";
}

TEST(SeverityOverrides, ABadLineNamesTheFileAndTheLineAndNothingIsUsed) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"* 1 0\n", "test.conf:1: a row is SENSOR-TYPE EVENT-READING-TYPE OFFSET ASSERTED [DEASSERTED], 3 words"},
        {"\n0x100 1 0 warning\n", "test.conf:2: sensor type \"0x100\" is not * or a number 0..0xff"},
        {"* 0x80 0 warning\n", "event/reading type \"0x80\" is not a number 0..0x7f"},
        {"* 1 15 warning\n", "offset \"15\" is not a number 0..14"},
        {"* 1 0 bad\n", "\"bad\" is not nominal, warning, critical or unknown"},
        {"* 1 0 warning worse\n", "\"worse\" is not nominal"},
        {"* 1 -1 warning\n", "offset \"-1\""},
    };
    for (const auto& [text, message] : cases) {
        auto table = Table::builtin().with_overrides(text, "test.conf");
        ASSERT_FALSE(table.ok()) << text;
        EXPECT_THAT(table.error().message, HasSubstr(message)) << text;
    }
}

TEST(SeverityText, NamesRoundTripAndRank) {
    for (auto s : {N, W, C, U}) EXPECT_EQ(parse_severity(severity_text(s)), s);
    EXPECT_EQ(parse_severity("Critical"), std::nullopt);
    EXPECT_LT(severity_rank(U), severity_rank(N));
    EXPECT_LT(severity_rank(N), severity_rank(W));
    EXPECT_LT(severity_rank(W), severity_rank(C));
}

}  // namespace
}  // namespace ipmiprov::provider::severity

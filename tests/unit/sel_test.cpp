// SEL entries and the SEL reader on the simulated BMC: each record kind, each
// timestamp case, whole and partial reads, reservations, broken chains, and
// incremental reads that cost one request when nothing is new.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bridge/sim_bmc.hpp"
#include "provider/sel/event_text.hpp"
#include "provider/sel/raw_file.hpp"
#include "provider/sel/reader.hpp"
#include "provider/sel/record.hpp"

namespace ipmiprov::provider::sel {
namespace {

using ::testing::HasSubstr;
using Raw = std::array<std::uint8_t, 16>;

// A system event: record ID, timestamp, generator 20h LUN `lun`, sensor type and number, type/dir, data.
Raw system_event(std::uint16_t id, std::uint32_t time, std::uint8_t sensor_type, std::uint8_t number,
                 std::uint8_t dir_type, std::array<std::uint8_t, 3> data, std::uint8_t lun = 0) {
    return Raw{static_cast<std::uint8_t>(id),
               static_cast<std::uint8_t>(id >> 8),
               0x02,
               static_cast<std::uint8_t>(time),
               static_cast<std::uint8_t>(time >> 8),
               static_cast<std::uint8_t>(time >> 16),
               static_cast<std::uint8_t>(time >> 24),
               0x20,
               lun,
               0x04,
               sensor_type,
               number,
               dir_type,
               data[0],
               data[1],
               data[2]};
}

TEST(DecodeEntry, SystemEvent) {
    const auto raw = system_event(0x0102, 0x5F5E1000, 0x01, 0x30, 0x81, {0x59, 0x5F, 0x5A}, 1);
    auto entry = decode_entry(raw);
    ASSERT_TRUE(entry.ok());
    EXPECT_EQ(entry->record_id, 0x0102);
    EXPECT_EQ(entry->record_type, 0x02);
    const auto& e = std::get<SystemEvent>(entry->body);
    EXPECT_EQ(e.timestamp.raw, 0x5F5E1000U);
    EXPECT_EQ(e.generator.owner_id(), 0x20);
    EXPECT_FALSE(e.generator.is_software());
    EXPECT_EQ(e.generator.lun(), 1);
    EXPECT_EQ(e.generator.channel(), 0);
    EXPECT_EQ(e.event_message_revision, 0x04);
    EXPECT_EQ(e.sensor_type, 0x01);
    EXPECT_EQ(e.sensor_number, 0x30);
    EXPECT_TRUE(e.deassertion);
    EXPECT_EQ(e.event_reading_type, 0x01);
    EXPECT_EQ(e.offset(), 9);
    EXPECT_EQ(e.event_data[1], 0x5F);
    EXPECT_EQ(entry->raw, raw);
}

TEST(DecodeEntry, SoftwareGeneratorAndChannel) {
    auto raw = system_event(1, 0, 0x0F, 1, 0x6F, {0, 0, 0});
    raw[7] = 0x41;  // software ID 20h
    raw[8] = 0x60;  // channel 6
    const auto e = std::get<SystemEvent>(decode_entry(raw)->body);
    EXPECT_TRUE(e.generator.is_software());
    EXPECT_EQ(e.generator.channel(), 6);
}

TEST(DecodeEntry, OemTimestampedAndNonTimestamped) {
    const Raw timestamped{0x03, 0x00, 0xC1, 0x00, 0x10, 0x5E, 0x5F, 0x57, 0x01, 0x00, 1, 2, 3, 4, 5, 6};
    auto entry = decode_entry(timestamped);
    ASSERT_TRUE(entry.ok());
    const auto& oem = std::get<OemTimestamped>(entry->body);
    EXPECT_EQ(oem.manufacturer_id, 0x000157U);
    EXPECT_EQ(oem.timestamp.raw, 0x5F5E1000U);
    EXPECT_EQ(oem.data, (std::array<std::uint8_t, 6>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(record_kind_text(0xC1), "OEM timestamped");

    const Raw plain{0x04, 0x00, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    const auto other = std::get<OemNonTimestamped>(decode_entry(plain)->body);  // a copy: the Result is a temporary
    EXPECT_EQ(other.data[0], 1);
    EXPECT_EQ(other.data[12], 13);
    EXPECT_EQ(record_kind_text(0xE0), "OEM non-timestamped");
}

TEST(DecodeEntry, ARecordTypeBelowC0UsesTheSystemEventLayout) {
    auto raw = system_event(5, 0x5F5E1000, 0x07, 2, 0x6F, {0x00, 0, 0});
    raw[2] = 0x10;
    auto entry = decode_entry(raw);
    ASSERT_TRUE(entry.ok());
    EXPECT_TRUE(std::holds_alternative<SystemEvent>(entry->body));
}

TEST(DecodeEntry, AShortEntrySaysWhatItGot) {
    const std::vector<std::uint8_t> short_entry(10, 0);
    auto entry = decode_entry(short_entry);
    ASSERT_FALSE(entry.ok());
    EXPECT_THAT(entry.error().message, HasSubstr("10 bytes"));
}

TEST(Timestamps, UnspecifiedPreInitAndAbsolute) {
    EXPECT_TRUE(Timestamp{0xFFFFFFFF}.unspecified());
    EXPECT_FALSE(iso8601_utc(Timestamp{0xFFFFFFFF}));
    EXPECT_EQ(timestamp_text(Timestamp{0xFFFFFFFF}), "unspecified");
    EXPECT_TRUE(Timestamp{0}.pre_init());
    EXPECT_TRUE(Timestamp{0x20000000}.pre_init());
    EXPECT_FALSE(Timestamp{0x20000001}.pre_init());
    EXPECT_EQ(timestamp_text(Timestamp{120}), "pre-init +120 s");
    EXPECT_FALSE(iso8601_utc(Timestamp{120}));
    EXPECT_EQ(iso8601_utc(Timestamp{0x5F5E1000}), "2020-09-13T12:26:40Z");
    EXPECT_EQ(timestamp_text(Timestamp{0x5F5E1000}), "2020-09-13T12:26:40Z");
}

TEST(DecodeSelInfo, FieldsAndShortReplies) {
    const std::vector<std::uint8_t> reply{0x51, 0x03, 0x00, 0x00, 0x04, 0x10, 0x00,
                                          0x00, 0x5F, 0x20, 0x00, 0x00, 0x5F, 0x8B};
    auto info = decode_sel_info(reply);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->entries, 3);
    EXPECT_EQ(info->free_bytes, 0x0400);
    EXPECT_EQ(info->addition_timestamp, 0x5F000010U);
    EXPECT_EQ(info->erase_timestamp, 0x5F000020U);
    EXPECT_TRUE(info->overflow());
    EXPECT_TRUE(info->supports_delete());
    EXPECT_TRUE(info->supports_reserve());
    EXPECT_FALSE(decode_sel_info(std::span(reply).first(13)).ok());
}

struct SelOnSim : ::testing::Test {
    bridge::sim::Fixture fixture;
    std::shared_ptr<bridge::sim::SimBmc> bmc;
    std::unique_ptr<bridge::Engine> engine;

    void SetUp() override {
        fixture.sel.capacity = 256;
        for (std::uint16_t i = 1; i <= 20; ++i) {
            fixture.sel.entries.push_back(system_event(i, 0x5F000000 + i, 0x01, 1, 0x01, {0x57, 0x50, 0x4B}));
        }
    }
    void start() {
        bmc = std::make_shared<bridge::sim::SimBmc>(fixture);
        bridge::EngineOptions options;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(bridge::sim::make_sim_transport(bmc, "sim"), options);
    }
    void add(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) bmc->add_sel_entry(system_event(0, 0, 0x08, 2, 0x6F, {0x01, 0, 0}));
    }
};

// Get SEL Info before the walk and after it (was the log cleared under it?),
// and one Get SEL Entry per entry.
TEST_F(SelOnSim, AFullReadIsOneRequestPerEntryPlusTwo) {
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_TRUE(read->problems.empty());
    ASSERT_EQ(read->entries.size(), 20U);
    EXPECT_EQ(read->entries.front().record_id, 1);
    EXPECT_EQ(read->entries.back().record_id, 20);
    EXPECT_EQ(engine->requests_sent(), 2U + 20U);
    EXPECT_EQ(read->position.last_record_id, 20);
}

TEST_F(SelOnSim, ReadsInPartsWhenWholeEntriesAreRefused) {
    fixture.faults.max_read = 8;
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok()) << read.error().message;
    ASSERT_EQ(read->entries.size(), 20U);
    EXPECT_EQ(read->entries[3].raw, fixture.sel.entries[3]);
}

TEST_F(SelOnSim, ARepeatedReadWithNothingNewCostsOneRequest) {
    start();
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    const auto before = engine->requests_sent();
    auto again = reader.read_new(first->position);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->entries.empty());
    EXPECT_FALSE(again->cleared);
    EXPECT_EQ(engine->requests_sent() - before, 1U);
}

TEST_F(SelOnSim, KNewEntriesCostKPlusOneRequests) {
    start();
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    add(5);
    const auto before = engine->requests_sent();
    auto next = reader.read_new(first->position);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_TRUE(next->problems.empty());
    ASSERT_EQ(next->entries.size(), 5U);
    EXPECT_EQ(next->entries.front().record_id, 21);
    EXPECT_EQ(engine->requests_sent() - before, 5U + 1U);
    EXPECT_FALSE(next->cleared);
    add(1);
    auto third = reader.read_new(next->position);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(third->entries.size(), 1U);
}

TEST_F(SelOnSim, AClearBetweenTwoReadsStartsOverAndLosesNothing) {
    start();
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(engine->send({0x0A, 0x42, 0, {}, {}})->completion_code, 0);  // Reserve SEL
    // Clear SEL needs the reservation ID; the sim hands out 1 first.
    auto cleared = engine->send({0x0A, 0x47, 0, {}, {0x01, 0x00, 'C', 'L', 'R', 0xAA}});
    ASSERT_TRUE(cleared.ok());
    ASSERT_EQ(cleared->completion_code, 0);
    add(3);
    auto next = reader.read_new(first->position);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_TRUE(next->cleared);
    EXPECT_EQ(next->entries.size(), 3U);
}

TEST_F(SelOnSim, ReReservesWhenTheReservationIsCancelledMidEntry) {
    fixture.faults.max_read = 8;
    fixture.faults.rules.push_back(bridge::sim::FaultRule{0x0A, 0x43, 0xC5, false, 2, 5});
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_TRUE(read->problems.empty()) << read->problems.front();
    EXPECT_EQ(read->entries.size(), 20U);
}

TEST_F(SelOnSim, AnEmptySelIsNoError) {
    fixture.sel.entries.clear();
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_TRUE(read->entries.empty());
    EXPECT_EQ(engine->requests_sent(), 1U);
    add(2);
    auto next = reader.read_new(read->position);
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->entries.size(), 2U);
}

TEST_F(SelOnSim, AChainThatLoopsIsReportedAndTheEntriesAreKept) {
    fixture.sel.next_override[6] = 3;
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->entries.size(), 6U);
    ASSERT_EQ(read->problems.size(), 1U);
    EXPECT_THAT(read->problems[0], HasSubstr("loops back from 0006h to 0003h"));
}

TEST_F(SelOnSim, AChainThatPointsNowhereStopsWithAProblem) {
    fixture.sel.next_override[4] = 0x0444;
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->entries.size(), 4U);
    ASSERT_EQ(read->problems.size(), 1U);
    EXPECT_THAT(read->problems[0], HasSubstr("entry 0444h"));
}

// The archive-then-clear policy's clear: only the SEL that was read.
TEST_F(SelOnSim, ClearIfUnchangedLeavesASelThatGrewSinceItWasRead) {
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok());
    add(1);  // an entry the reader has not seen
    auto refused = reader.clear_if_unchanged(read->info, 10, std::chrono::milliseconds(1));
    ASSERT_TRUE(refused.ok()) << refused.error().message;
    EXPECT_FALSE(*refused);
    EXPECT_EQ(bmc->sel_size(), 21U) << "nothing cleared";
    auto again = reader.read_all();
    ASSERT_TRUE(again.ok());
    auto cleared = reader.clear_if_unchanged(again->info, 10, std::chrono::milliseconds(1));
    ASSERT_TRUE(cleared.ok()) << cleared.error().message;
    EXPECT_TRUE(*cleared);
    EXPECT_EQ(bmc->sel_size(), 0U);
}

TEST_F(SelOnSim, ClearIfUnchangedClearsNothingWhenTheBmcCancelsItsReservation) {
    fixture.faults.rules.push_back(bridge::sim::FaultRule{0x0A, 0x47, 0xC5, false, 1, 0});
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok());
    auto refused = reader.clear_if_unchanged(read->info, 10, std::chrono::milliseconds(1));
    ASSERT_TRUE(refused.ok()) << refused.error().message;
    EXPECT_FALSE(*refused) << "an entry came after the reservation: read again first";
    EXPECT_EQ(bmc->sel_size(), 20U);
}

TEST_F(SelOnSim, ClearReReservesWhenItsReservationIsCancelledAndPollsTheErasure) {
    fixture.faults.erase_polls = 3;
    fixture.faults.rules.push_back(bridge::sim::FaultRule{0x0A, 0x47, 0xC5, false, 1, 0});
    start();
    SelReader reader(*engine);
    auto cleared = reader.clear(10, std::chrono::milliseconds(1));
    ASSERT_TRUE(cleared.ok()) << cleared.error().message;
    EXPECT_EQ(bmc->sel_size(), 0U);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok());
    EXPECT_TRUE(read->entries.empty());
}

TEST_F(SelOnSim, AnErasureThatNeverEndsIsATimeoutNotAHang) {
    fixture.faults.erase_polls = 1000;
    start();
    SelReader reader(*engine);
    auto cleared = reader.clear(5, std::chrono::milliseconds(1));
    ASSERT_FALSE(cleared.ok());
    EXPECT_EQ(cleared.error().kind, bridge::ErrorKind::Timeout);
    EXPECT_THAT(cleared.error().message, HasSubstr("5 status polls"));
}

TEST_F(SelOnSim, TimeAndUtcOffset) {
    fixture.sel.utc_offset_minutes = 60;
    start();
    SelReader reader(*engine);
    ASSERT_TRUE(reader.set_time(0x60000000).ok());
    auto time = reader.time();
    ASSERT_TRUE(time.ok());
    EXPECT_GE(*time, 0x60000000U);
    EXPECT_LE(*time, 0x60000000U + 5);
    auto offset = reader.utc_offset_minutes();
    ASSERT_TRUE(offset.ok());
    EXPECT_EQ(*offset, std::optional<std::int16_t>{60});
}

TEST_F(SelOnSim, ShortRepliesAreCompletedWithFurtherParts) {
    fixture.faults.short_replies = 6;  // a BMC that silently answers with less than asked
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_TRUE(read->problems.empty());
    ASSERT_EQ(read->entries.size(), 20U);
    EXPECT_EQ(read->entries[7].raw, fixture.sel.entries[7]);
}

TEST_F(SelOnSim, AnEntryCutShortIsAProblemNotACrash) {
    fixture.faults.short_replies = 0;  // entries with no data at all
    start();
    SelReader reader(*engine);
    auto read = reader.read_all();
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_TRUE(read->entries.empty());
    ASSERT_EQ(read->problems.size(), 1U);
    EXPECT_THAT(read->problems[0], HasSubstr("reply without entry data"));
}

TEST_F(SelOnSim, AllocationInfo) {
    start();
    SelReader reader(*engine);
    auto allocation = reader.allocation_info();
    ASSERT_TRUE(allocation.ok()) << allocation.error().message;
    EXPECT_EQ(allocation->units, 256);
    EXPECT_EQ(allocation->unit_size, 16);
    EXPECT_EQ(allocation->free_units, 236);
}

sensor::SensorDefinition temperature_sensor(std::uint8_t lun, std::uint8_t number) {
    sensor::SensorDefinition d;
    d.kind = sensor::SensorKind::Threshold;
    d.common.key = sdr::SensorKey{0x20, 0, lun, number};
    d.common.sensor_type = 0x01;
    d.common.event_reading_type = 0x01;
    d.units.base = 1;
    d.factors = sdr::Factors{};
    return d;
}

SystemEvent event_of(const Raw& raw) {
    return std::get<SystemEvent>(decode_entry(raw)->body);
}

TEST(EventText, ThresholdEventsInTheSensorsUnits) {
    const auto sensor = temperature_sensor(0, 1);
    // Offset 9 (upper critical going high), byte 2 trigger reading, byte 3 threshold.
    const auto e = event_of(system_event(1, 0, 0x01, 1, 0x01, {0x59, 95, 90}));
    EXPECT_EQ(event_text(e, &sensor), "Upper Critical going high, reading 95 degrees C, threshold 90 degrees C");
    EXPECT_EQ(event_text(e, nullptr), "Upper Critical going high, reading 0x5f, threshold 0x5a")
        << "without an SDR the raw bytes are shown";
    const auto bare = event_of(system_event(1, 0, 0x01, 1, 0x01, {0x09, 0xFF, 0xFF}));
    EXPECT_EQ(event_text(bare, &sensor), "Upper Critical going high");
}

TEST(EventText, SensorSpecificStatesWithTheirExtras) {
    // Memory, correctable ECC (offset 0), byte 3 sensor-specific: memory module 2.
    const auto memory = event_of(system_event(1, 0, 0x0C, 5, 0x6F, {0x30, 0xFF, 0x02}));
    EXPECT_EQ(event_text(memory, nullptr), "Correctable ECC / other correctable memory error, memory module 2");
    const auto supply = event_of(system_event(1, 0, 0x08, 4, 0x6F, {0x01, 0xFF, 0xFF}));
    EXPECT_EQ(event_text(supply, nullptr), "Power Supply Failure detected");
    const auto progress = event_of(system_event(1, 0, 0x0F, 1, 0x6F, {0xC2, 0x01, 0xFF}));
    EXPECT_EQ(event_text(progress, nullptr), "System Firmware Progress: Memory initialization");
    const auto post = event_of(system_event(1, 0, 0x0F, 1, 0x6F, {0xC0, 0x01, 0xFF}));
    EXPECT_EQ(event_text(post, nullptr),
              "System Firmware Error (POST Error): No system memory is physically installed in the system");
    const auto audit = event_of(system_event(1, 0, 0x2A, 9, 0x6F, {0xF2, 0x05, 0x01}));
    EXPECT_EQ(event_text(audit, nullptr), "Invalid Username or Password, user ID 5, channel / deactivation cause 1");
}

TEST(EventText, GenericOemAndReservedTypes) {
    EXPECT_EQ(event_text(event_of(system_event(1, 0, 0x02, 3, 0x07, {0x02, 0xFF, 0xFF})), nullptr),
              "Transition to Critical from less severe");
    EXPECT_EQ(event_text(event_of(system_event(1, 0, 0xC0, 3, 0x70, {0xA3, 0x12, 0x34})), nullptr),
              "OEM event type 0x70 offset 3, OEM data 2 0x12, OEM data 3 0x34");
    EXPECT_EQ(event_text(event_of(system_event(1, 0, 0x01, 3, 0x20, {0x01, 0xFF, 0xFF})), nullptr),
              "event/reading type 0x20 offset 1");
}

TEST(FindEventSensor, MatchesOwnerLunAndNumber) {
    const std::vector<sensor::SensorDefinition> sensors{temperature_sensor(0, 4), temperature_sensor(1, 4)};
    const auto on_lun1 = event_of(system_event(1, 0, 0x01, 4, 0x01, {0x09, 0xFF, 0xFF}, 1));
    EXPECT_EQ(find_event_sensor(on_lun1, sensors), &sensors[1]) << "the LUN decides, not just the number";
    const auto on_lun0 = event_of(system_event(1, 0, 0x01, 4, 0x01, {0x09, 0xFF, 0xFF}, 0));
    EXPECT_EQ(find_event_sensor(on_lun0, sensors), &sensors[0]);
    const auto unknown = event_of(system_event(1, 0, 0x01, 5, 0x01, {0x09, 0xFF, 0xFF}, 0));
    EXPECT_EQ(find_event_sensor(unknown, sensors), nullptr);
}

// One entry got and one deleted (sel get, sel delete): the entry asked for,
// a missing one NotFound, a deletion under a reservation another agent
// cancelled done again, and the rest of the SEL untouched.
TEST_F(SelOnSim, GetsAndDeletesOneEntry) {
    start();
    SelReader reader(*engine);
    auto seventh = reader.entry(7);
    ASSERT_TRUE(seventh.ok()) << seventh.error().message;
    EXPECT_EQ(seventh->record_id, 7);
    EXPECT_EQ(reader.entry(99).error().kind, bridge::ErrorKind::NotFound);
    EXPECT_EQ(reader.entry(99).error().message, "the SEL has no entry 0063h");
    EXPECT_EQ(reader.entry(0xFFFF).error().kind, bridge::ErrorKind::InvalidArgument);

    bmc->add_fault(bridge::sim::FaultRule{0x0A, 0x46, 0xC5, false, 1, 0});  // reservation cancelled, once
    auto deleted = reader.delete_entry(7);
    ASSERT_TRUE(deleted.ok()) << deleted.error().message;
    EXPECT_EQ(reader.entry(7).error().kind, bridge::ErrorKind::NotFound);
    auto rest = reader.read_all();
    ASSERT_TRUE(rest.ok());
    EXPECT_EQ(rest->entries.size(), 19U);
    EXPECT_EQ(reader.delete_entry(7).error().kind, bridge::ErrorKind::NotFound);
    EXPECT_EQ(reader.delete_entry(0).error().kind, bridge::ErrorKind::InvalidArgument);
}

// Add SEL Entry (sel restore): the BMC's record ID, not the entry's own; the
// entry's bytes kept but for the ID and the time the BMC stamps; a refusal
// named in the spec's words (§31.6).
TEST_F(SelOnSim, AddsAnEntryUnderTheIdTheBmcGives) {
    start();
    SelReader reader(*engine);
    auto entry = system_event(0x1234, 0x11111111, 0x01, 0x30, 0x01, {0x57, 0x60, 0x5A});
    auto id = reader.add_entry(entry);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_NE(*id, 0x1234);
    auto back = reader.entry(*id);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(std::equal(back->raw.begin() + 7, back->raw.end(), entry.begin() + 7)) << "all but ID and time";
    EXPECT_EQ(back->raw[2], 0x02);

    bmc->add_fault(bridge::sim::FaultRule{0x0A, 0x44, 0x80, false, 1, 0});
    auto refused = reader.add_entry(entry);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, bridge::ErrorKind::CompletionCode);
    EXPECT_THAT(refused.error().message, HasSubstr("operation not supported for this record type"));
}

// A SEL saved raw read back: whole 16-byte entries of record types the spec
// defines, or an error that says why the file is none.
TEST(DecodeRawFile, WholeEntriesKeptAndUndefinedTypesNamed) {
    const auto first = system_event(1, 0x5F000000, 0x01, 0x30, 0x01, {0x57, 0x60, 0x5A});
    Raw oem{};
    oem[2] = 0xE0;
    std::vector<std::uint8_t> bytes(first.begin(), first.end());
    bytes.insert(bytes.end(), oem.begin(), oem.end());
    auto file = decode_raw_file(bytes);
    ASSERT_TRUE(file.ok()) << file.error().message;
    ASSERT_EQ(file->entries.size(), 2U);
    EXPECT_EQ(file->entries[0], first);
    EXPECT_EQ(file->entries[1], oem);
    EXPECT_TRUE(file->problems.empty());

    bytes[16 + 2] = 0x05;
    file = decode_raw_file(bytes);
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(file->entries.size(), 2U) << "kept";
    EXPECT_THAT(file->problems, ::testing::ElementsAre("entry 2 (byte 16): record type 05h is none the spec "
                                                       "defines (02h, C0h-FFh)"));

    bytes.push_back(0x02);
    EXPECT_EQ(decode_raw_file(bytes).error().message,
              "33 bytes are not whole entries of 16 bytes (1 left over): not a SEL saved raw");
    EXPECT_EQ(decode_raw_file({}).error().message, "the file holds no entries");
    const std::vector<std::uint8_t> huge((kMaxRawFileEntries + 1) * kEntrySize, 0x02);
    EXPECT_EQ(decode_raw_file(huge).error().kind, bridge::ErrorKind::InvalidArgument);
}

}  // namespace
}  // namespace ipmiprov::provider::sel

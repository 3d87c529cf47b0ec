// The SDR walker on the simulated BMC: request counts, and every robustness
// case through the simulator's fault injection.
#include "provider/sdr/repository.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bridge/sim_bmc.hpp"
#include "sim_records.hpp"

namespace ipmiprov::provider::sdr {
namespace {

using ::testing::HasSubstr;
using Bytes = std::vector<std::uint8_t>;

using test_support::oem_record;

struct Walk : ::testing::Test {
    bridge::sim::Fixture fixture;
    std::shared_ptr<bridge::sim::SimBmc> bmc;
    std::unique_ptr<bridge::Engine> engine;

    void SetUp() override {
        for (std::uint16_t id = 1; id <= 10; ++id) fixture.sdr.push_back(oem_record(id, 40 + id));
        fixture.sdr_addition_timestamp = 1234;
    }
    void start() {
        bmc = std::make_shared<bridge::sim::SimBmc>(fixture);
        bridge::EngineOptions options;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(bridge::sim::make_sim_transport(bmc, "sim"), options);
    }
    Repository walk(RepositoryKind kind = RepositoryKind::Main, ReaderOptions options = {}) {
        SdrReader reader(*engine, kind, std::move(options));
        auto info = reader.info();
        EXPECT_TRUE(info.ok()) << info.error().message;
        auto repository = reader.read_all(*info);
        EXPECT_TRUE(repository.ok()) << repository.error().message;
        return repository.ok() ? *repository : Repository{};
    }
    void expect_all_records(const Repository& repository) {
        ASSERT_EQ(repository.records.size(), fixture.sdr.size());
        for (std::size_t i = 0; i < fixture.sdr.size(); ++i)
            EXPECT_EQ(repository.records[i].raw, fixture.sdr[i].bytes) << i;
    }
};

TEST_F(Walk, ReadsWholeRecordsWithOneRequestEach) {
    start();
    auto repository = walk();
    expect_all_records(repository);
    EXPECT_TRUE(repository.problems.empty());
    EXPECT_EQ(repository.info.addition_timestamp, 1234U);
    EXPECT_EQ(engine->requests_sent(), 1U + 10U + 1U)
        << "Get SDR Repository Info + one Get SDR per record + Get SDR Repository Info: unchanged meanwhile";
}

TEST_F(Walk, FallsBackToPartialReadsAndRemembersTheSize) {
    fixture.faults.max_read = 16;
    start();
    SdrReader reader(*engine, RepositoryKind::Main);
    auto repository = reader.read_all(*reader.info());
    ASSERT_TRUE(repository.ok());
    expect_all_records(*repository);
    EXPECT_TRUE(repository->problems.empty());
    EXPECT_EQ(reader.read_limit(), 16U);
    // Info, one refused whole read, one reservation, 48/32/24 refused once; then per record
    // 16-byte parts from the header on (the first part needs no separate header read);
    // then info again: the repository did not change during the walk.
    std::uint64_t expected = 1 + 1 + 1 + 3 + 1;
    for (const auto& record : fixture.sdr) expected += (record.bytes.size() + 15) / 16;
    EXPECT_EQ(engine->requests_sent(), expected);
}

TEST_F(Walk, ShrinksToTinyReadsWhenThatIsAllTheBmcTakes) {
    fixture.faults.max_read = 3;
    fixture.sdr.resize(2);
    start();
    auto repository = walk();
    expect_all_records(repository);
}

TEST_F(Walk, ReReservesAndResumesWhenTheReservationIsCancelled) {
    // A record takes 4-5 partial reads here: every 7th cancels one mid-record.
    fixture.faults.max_read = 16;
    fixture.faults.cancel_reservation_every = 7;
    start();
    auto repository = walk();
    expect_all_records(repository);
    EXPECT_TRUE(repository.problems.empty());
}

TEST_F(Walk, GivesUpOnARecordWhoseReservationIsAlwaysCancelled) {
    fixture.faults.max_read = 16;
    fixture.faults.cancel_reservation_every = 1;
    start();
    ReaderOptions options;
    options.max_reservation_retries = 3;
    SdrReader reader(*engine, RepositoryKind::Main, options);
    auto repository = reader.read_all(*reader.info());
    ASSERT_FALSE(repository.ok()) << "nothing could be read";
    EXPECT_THAT(repository.error().message, HasSubstr("reservation cancelled 4 times"));
    EXPECT_LT(engine->requests_sent(), 60U) << "bounded";
}

TEST_F(Walk, ReportsALoopAndKeepsTheRecords) {
    fixture.sdr[4].next_override = 0x0002;
    start();
    auto repository = walk();
    EXPECT_EQ(repository.records.size(), 5U);
    ASSERT_FALSE(repository.problems.empty());
    EXPECT_THAT(repository.problems[0], HasSubstr("loops back from 0005h to 0002h"));
}

TEST_F(Walk, ReportsAnEarlyEndOfTheChain) {
    fixture.sdr[6].next_override = 0xFFFF;
    start();
    auto repository = walk();
    EXPECT_EQ(repository.records.size(), 7U);
    ASSERT_EQ(repository.problems.size(), 1U);
    EXPECT_EQ(repository.problems[0], "the repository holds 10 records; read 7");
}

TEST_F(Walk, ReportsAMissingRecordInTheChain) {
    fixture.sdr[2].next_override = 0x0099;
    start();
    auto repository = walk();
    EXPECT_EQ(repository.records.size(), 3U);
    ASSERT_GE(repository.problems.size(), 1U);
    EXPECT_THAT(repository.problems[0], HasSubstr("record 0099h"));
    EXPECT_THAT(repository.problems[0], HasSubstr("not present"));
}

TEST_F(Walk, SkipsAJunkRecordAndKeepsTheRest) {
    fixture.sdr[3] = {Bytes{0x04, 0x00, 0x51, 0x01, 0x03, 0xAA, 0xBB, 0xCC}, std::nullopt};  // "full" record of 3 bytes
    start();
    auto repository = walk();
    EXPECT_EQ(repository.records.size(), 9U);
    ASSERT_EQ(repository.problems.size(), 2U);
    EXPECT_THAT(repository.problems[0], HasSubstr("SDR record 0004h (record type 01h (full sensor))"));
    EXPECT_THAT(repository.problems[1], HasSubstr("holds 10 records; read 9"));
}

TEST_F(Walk, RetriesABusyBmcThroughTheEngine) {
    // Two busy answers in a row: within the engine's default two retries.
    fixture.faults.rules.push_back(bridge::sim::FaultRule{0x0A, 0x23, 0xC0, false, 2, 2});
    start();
    auto repository = walk();
    expect_all_records(repository);
    EXPECT_EQ(engine->requests_sent(), 1U + 10U + 2U + 1U);
}

TEST_F(Walk, AnEmptyRepositoryIsNoError) {
    fixture.sdr.clear();
    start();
    auto repository = walk();
    EXPECT_TRUE(repository.records.empty());
}

TEST_F(Walk, ReadsDeviceSdrs) {
    fixture.bmc.identity.provides_device_sdrs = true;
    fixture.device_sdr = {oem_record(0x0101, 12), oem_record(0x0102, 20)};
    start();
    auto repository = walk(RepositoryKind::Device);
    ASSERT_EQ(repository.records.size(), 2U);
    EXPECT_EQ(repository.records[1].header.record_id, 0x0102);
    EXPECT_EQ(repository.info.record_count, 2);
}

TEST(DecodeRepositoryInfo, ReadsTheFieldsAndRejectsShortReplies) {
    const Bytes reply{0x51, 0x0A, 0x00, 0xFE, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x03};
    auto info = decode_repository_info(reply);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->version, 0x51);
    EXPECT_EQ(info->record_count, 10);
    EXPECT_EQ(info->addition_timestamp, 0x04030201U);
    EXPECT_EQ(info->erase_timestamp, 0x08070605U);
    EXPECT_FALSE(decode_repository_info(Bytes(reply.begin(), reply.begin() + 12)).ok());
}

}  // namespace
}  // namespace ipmiprov::provider::sdr

// The SDR walker on the simulated BMC: request counts, and every robustness
// case through the simulator's fault injection.
#include "provider/sdr/repository.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <array>

#include "bridge/sim_bmc.hpp"
#include "sim_records.hpp"

namespace ipmiprov::provider::sdr {
namespace {

using ::testing::HasSubstr;
using Bytes = std::vector<std::uint8_t>;

using test_support::oem_record;

// The reader's back-off recorded instead of slept.
ReaderOptions without_waiting(ReaderOptions options, std::vector<std::chrono::milliseconds>* waits = nullptr) {
    options.sleep = [waits](std::chrono::milliseconds delay) {
        if (waits != nullptr) waits->push_back(delay);
    };
    return options;
}

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
        SdrReader reader(*engine, kind, without_waiting(std::move(options)));
        auto info = reader.info();
        EXPECT_TRUE(info.ok()) << info.error().message;
        auto repository = reader.read_all(*info);
        EXPECT_TRUE(repository.ok()) << repository.error().message;
        return repository.ok() ? *repository : Repository{};
    }
    void expect_all_records(const Repository& repository) const {
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
    SdrReader reader(*engine, RepositoryKind::Main, without_waiting({}));
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
    SdrReader reader(*engine, RepositoryKind::Main, without_waiting(options));
    auto repository = reader.read_all(*reader.info());
    ASSERT_FALSE(repository.ok()) << "nothing could be read";
    EXPECT_THAT(repository.error().message, HasSubstr("reservation cancelled 4 times"));
    EXPECT_TRUE(is_unfinished_walk(repository.error()));
    EXPECT_LT(engine->requests_sent(), 60U) << "bounded";
}

// A walk that stops before the chain's end is an error that says where and
// how far it got, never the records so far passed off as the repository.
TEST_F(Walk, ALoopInTheChainIsAnUnfinishedWalkNotAShortRepository) {
    fixture.sdr[4].next_override = 0x0002;
    start();
    SdrReader reader(*engine, RepositoryKind::Main, without_waiting({}));
    auto repository = reader.read_all(*reader.info());
    ASSERT_FALSE(repository.ok()) << repository->records.size() << " records passed off as the repository";
    EXPECT_TRUE(is_unfinished_walk(repository.error()));
    EXPECT_THAT(repository.error().message, HasSubstr("loops back from 0005h to 0002h"));
    EXPECT_THAT(repository.error().message, HasSubstr("5 of 10 records read"));
}

TEST_F(Walk, AnEarlyEndOfTheChainIsTheBmcsWordAndNamedAsAProblem) {
    // FFFFh is the BMC saying "last record": the walk finished; the count is off.
    fixture.sdr[6].next_override = 0xFFFF;
    start();
    auto repository = walk();
    EXPECT_EQ(repository.records.size(), 7U);
    ASSERT_EQ(repository.problems.size(), 1U);
    EXPECT_EQ(repository.problems[0], "the repository holds 10 records; read 7");
}

TEST_F(Walk, AMissingRecordInTheChainIsAnUnfinishedWalk) {
    fixture.sdr[2].next_override = 0x0099;
    start();
    SdrReader reader(*engine, RepositoryKind::Main, without_waiting({}));
    auto repository = reader.read_all(*reader.info());
    ASSERT_FALSE(repository.ok()) << repository->records.size() << " records passed off as the repository";
    EXPECT_TRUE(is_unfinished_walk(repository.error()));
    EXPECT_THAT(repository.error().message, HasSubstr("record 0099h"));
    EXPECT_THAT(repository.error().message, HasSubstr("not present"));
    EXPECT_THAT(repository.error().message, HasSubstr("3 of 10 records read"));
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

// ---- Another agent reading the repository at the same time (issue 18)

// In front of the simulated BMC: another agent that reserves the repository
// (cancelling our reservation, §33.11) just before each of our reads past a
// record's header, from our `from`th Get SDR on, `times` times (-1: for ever).
class RivalAgent final : public bridge::Transport {
public:
    RivalAgent(std::shared_ptr<bridge::sim::SimBmc> bmc, int from, int times)
        : bmc_(std::move(bmc)), inner_(bridge::sim::make_sim_transport(bmc_, "sim")), from_(from), times_(times) {}

    bridge::Result<bridge::Response> exchange(const bridge::Request& request,
                                              std::chrono::milliseconds timeout) override {
        constexpr std::size_t kOffsetByte = 4;  // reservation, record ID, offset, count
        if (request.netfn == 0x0A && request.cmd == 0x23) {
            ++gets_;
            const bool past_header = request.data.size() > kOffsetByte && request.data[kOffsetByte] > 0;
            if (past_header && gets_ >= from_ && (times_ < 0 || cancelled_ < times_)) {
                bmc_->handle(bridge::Request{0x0A, 0x22, 0, bridge::Target::bmc(), {}});
                ++cancelled_;
            }
        }
        return inner_->exchange(request, timeout);
    }
    [[nodiscard]] std::string description() const override { return "sim with a rival agent"; }
    [[nodiscard]] int cancelled() const { return cancelled_; }

private:
    std::shared_ptr<bridge::sim::SimBmc> bmc_;
    std::unique_ptr<bridge::Transport> inner_;
    int from_;
    int times_;
    int gets_ = 0;
    int cancelled_ = 0;
};

struct Rival : Walk {
    RivalAgent* rival = nullptr;  // owned by the engine

    void start_with_rival(int from, int times) {
        fixture.faults.max_read = 16;  // 41-50 byte records: 3-4 parts each, all but the first reserved
        bmc = std::make_shared<bridge::sim::SimBmc>(fixture);
        auto transport = std::make_unique<RivalAgent>(bmc, from, times);
        rival = transport.get();
        bridge::EngineOptions options;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(std::move(transport), options);
    }
    Result<Repository> read(ReaderOptions options) {
        SdrReader reader(*engine, RepositoryKind::Main, std::move(options));
        auto info = reader.info();
        if (!info.ok()) return info.error();
        return reader.read_all(*info);
    }
};

// The rival starts while we are at the third record and cancels our
// reservation N times. Up to the retries, the walk ends whole; beyond, it is
// an error that names the cancelled reservation: never a shorter repository.
TEST_F(Rival, ReservationsCancelledNTimesEndInTheWholeRepositoryOrAnErrorNeverAShortOne) {
    for (int times : {1, 5, 8, 9, 12, 40, -1}) {
        SCOPED_TRACE("cancelled " + std::to_string(times) + " times");
        start_with_rival(8, times);
        std::vector<std::chrono::milliseconds> waits;
        auto repository = read(without_waiting({}, &waits));
        if (times >= 0 && times <= ReaderOptions{}.max_reservation_retries) {
            ASSERT_TRUE(repository.ok()) << repository.error().message;
        }
        if (repository.ok()) {
            expect_all_records(*repository);
            EXPECT_TRUE(repository->problems.empty()) << repository->problems.front();
            EXPECT_EQ(waits.size(), static_cast<std::size_t>(rival->cancelled()))
                << "a wait before each re-reservation";
            continue;
        }
        EXPECT_TRUE(is_unfinished_walk(repository.error())) << repository.error().message;
        EXPECT_THAT(repository.error().message, HasSubstr("reservation cancelled 9 times"));
        EXPECT_THAT(repository.error().message, HasSubstr("of 10 records read"));
        EXPECT_LT(engine->requests_sent(), 120U) << "bounded";
    }
}

// The waits before re-reserving grow (ceilings 5, 10, 20 ... 200 ms) and are
// drawn at random: two readers with other seeds do not wait alike, so they
// stop cancelling each other in lock-step.
TEST_F(Rival, ReReservationWaitsAreRandomWithinDoublingCeilings) {
    std::vector<std::vector<std::chrono::milliseconds>> per_seed;
    for (std::uint32_t seed : {1U, 2U}) {
        start_with_rival(1, 8);  // all on the first record
        std::vector<std::chrono::milliseconds> waits;
        ReaderOptions options;
        options.seed = seed;
        auto repository = read(without_waiting(options, &waits));
        ASSERT_TRUE(repository.ok()) << repository.error().message;
        ASSERT_EQ(waits.size(), 8U);
        const std::array<long, 8> ceilings{5, 10, 20, 40, 80, 160, 200, 200};
        for (std::size_t i = 0; i < waits.size(); ++i) {
            EXPECT_GE(waits[i].count(), 1) << i;
            EXPECT_LE(waits[i].count(), ceilings[i]) << i;
        }
        per_seed.push_back(waits);
    }
    EXPECT_NE(per_seed[0], per_seed[1]);
}

TEST_F(Rival, TheBackOffIsBoundedInTotalTime) {
    start_with_rival(1, -1);
    std::vector<std::chrono::milliseconds> waits;
    ReaderOptions options;
    options.max_reservation_retries = 1000;
    options.backoff.budget = std::chrono::milliseconds(300);
    auto repository = read(without_waiting(options, &waits));
    ASSERT_FALSE(repository.ok());
    EXPECT_TRUE(is_unfinished_walk(repository.error()));
    EXPECT_THAT(repository.error().message, HasSubstr("gave up after waiting"));
    std::chrono::milliseconds total{0};
    for (auto wait : waits) total += wait;
    EXPECT_LE(total, options.backoff.budget);
    EXPECT_GE(waits.size(), 2U);
    EXPECT_LT(waits.size(), 1000U);
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

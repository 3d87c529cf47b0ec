// Issue 18: SEL entries delivered exactly once. An overwriting SEL (full, the
// oldest entry dropped for each new one) and a SEL whose entries are deleted
// are not cleared logs: incremental reads, `sel follow` and the daemon's
// store give each new entry once, and only a clear (its erase timestamp,
// §31.2) reads as one. Also `sel follow` across a BMC outage.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/transport.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "provider/sel/journal.hpp"
#include "provider/sel/reader.hpp"

namespace ipmiprov::provider::sel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A PS1 Status presence event; the BMC gives it its ID and time.
RawEntry event(std::uint8_t tag = 0) {
    return RawEntry{0, 0, 0x02, 0, 0, 0, 0, 0x20, 0, 4, 0x08, 0x20, 0x6F, 0x00, tag, 0xFF};
}

std::vector<std::uint16_t> ids_of(const std::vector<Entry>& entries) {
    std::vector<std::uint16_t> ids;
    ids.reserve(entries.size());
    for (const auto& entry : entries) ids.push_back(entry.record_id);
    return ids;
}

std::vector<RawEntry> raws_of(const std::vector<Entry>& entries) {
    std::vector<RawEntry> raws;
    raws.reserve(entries.size());
    for (const auto& entry : entries) raws.push_back(entry.raw);
    return raws;
}

struct SelChanges : ::testing::Test {
    bridge::sim::Fixture fixture;
    std::shared_ptr<bridge::sim::SimBmc> bmc;
    std::unique_ptr<bridge::Engine> engine;

    void start(std::size_t entries, std::size_t capacity, bool overwrite) {
        fixture.sel.capacity = capacity;
        fixture.sel.overwrite_when_full = overwrite;
        for (std::size_t i = 0; i < entries; ++i) fixture.sel.entries.push_back(event(static_cast<std::uint8_t>(i)));
        bmc = std::make_shared<bridge::sim::SimBmc>(fixture);
        bridge::EngineOptions options;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(bridge::sim::make_sim_transport(bmc, "sim"), options);
    }
    void add(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) bmc->add_sel_entry(event(0x80));
    }
};

TEST_F(SelChanges, AnOverwritingSelGivesEachNewEntryOnceAndIsNoClear) {
    start(10, 10, true);
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto known = raws_of(first->entries);
    add(3);  // full: entries 1..3 make room for 11..13
    const auto before = engine->requests_sent();
    auto next = reader.read_new(first->position, known);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_FALSE(next->cleared);
    EXPECT_TRUE(next->problems.empty());
    EXPECT_THAT(ids_of(next->entries), ElementsAre(11, 12, 13));
    // Get SEL Info, the last entry read (still 10), the three new, the first entry now.
    EXPECT_EQ(engine->requests_sent() - before, 3U + 3U);
    const auto held = still_held(known, *next);
    EXPECT_THAT(held, ElementsAre(false, false, false, true, true, true, true, true, true, true));

    // And on from there, without the entries known (a follower): the same.
    add(2);
    auto third = reader.read_new(next->position);
    ASSERT_TRUE(third.ok()) << third.error().message;
    EXPECT_FALSE(third->cleared);
    EXPECT_THAT(ids_of(third->entries), ElementsAre(14, 15));
}

TEST_F(SelChanges, AnOverwriteOfTheWholeSelStillGivesOnlyTheNewEntries) {
    start(5, 5, true);
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    const auto known = raws_of(first->entries);
    add(7);  // more than it holds: every known entry, the last read too, is gone
    auto next = reader.read_new(first->position, known);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_FALSE(next->cleared);
    EXPECT_THAT(ids_of(next->entries), ElementsAre(8, 9, 10, 11, 12));
    EXPECT_THAT(still_held(known, *next), ElementsAre(false, false, false, false, false));
}

TEST_F(SelChanges, ADeletedOldEntryIsDroppedAndNoClear) {
    start(8, 64, false);
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    const auto known = raws_of(first->entries);
    ASSERT_TRUE(bmc->delete_sel_entry(3));
    add(2);
    auto next = reader.read_new(first->position, known);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_FALSE(next->cleared);
    EXPECT_THAT(ids_of(next->entries), ElementsAre(9, 10));
    EXPECT_THAT(still_held(known, *next), ElementsAre(true, true, false, true, true, true, true, true));
    // Only a deletion, nothing new: nothing to deliver, and entry 5 is gone.
    ASSERT_TRUE(bmc->delete_sel_entry(5));
    auto known_now = known;
    known_now.erase(known_now.begin() + 2);
    for (const auto& entry : next->entries) known_now.push_back(entry.raw);
    auto after_delete = reader.read_new(next->position, known_now);
    ASSERT_TRUE(after_delete.ok()) << after_delete.error().message;
    EXPECT_FALSE(after_delete->cleared);
    EXPECT_TRUE(after_delete->entries.empty());
    EXPECT_THAT(still_held(known_now, *after_delete),
                ElementsAre(true, true, true, false, true, true, true, true, true));
}

TEST_F(SelChanges, DeletingTheLastEntryReadLosesNothingAndRepeatsNothing) {
    start(6, 64, false);
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    const auto known = raws_of(first->entries);
    ASSERT_TRUE(bmc->delete_sel_entry(6));
    add(2);
    for (const bool with_known : {true, false}) {
        auto next = with_known ? reader.read_new(first->position, known) : reader.read_new(first->position);
        ASSERT_TRUE(next.ok()) << next.error().message;
        EXPECT_FALSE(next->cleared) << with_known;
        EXPECT_THAT(ids_of(next->entries), ElementsAre(7, 8)) << with_known;
    }
}

TEST_F(SelChanges, ADeletionThatMovesTheEraseTimestampIsNoClear) {
    fixture.sel.erase_timestamp_on_delete = true;
    start(6, 64, false);
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    const auto known = raws_of(first->entries);
    ASSERT_TRUE(bmc->delete_sel_entry(2));
    add(1);
    for (const bool with_known : {true, false}) {
        auto next = with_known ? reader.read_new(first->position, known) : reader.read_new(first->position);
        ASSERT_TRUE(next.ok()) << next.error().message;
        EXPECT_NE(next->info.erase_timestamp, first->info.erase_timestamp);
        EXPECT_FALSE(next->cleared) << with_known;
        EXPECT_THAT(ids_of(next->entries), ElementsAre(7)) << with_known;
        if (with_known) {
            EXPECT_THAT(still_held(known, *next), ElementsAre(true, false, true, true, true, true));
        }
    }
}

TEST_F(SelChanges, AClearIsStillOneAndEverythingAfterItIsNew) {
    start(4, 64, false);
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(reader.clear(5, std::chrono::milliseconds(0)).ok());
    add(2);
    auto next = reader.read_new(first->position, raws_of(first->entries));
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_TRUE(next->cleared);
    EXPECT_THAT(ids_of(next->entries), ElementsAre(5, 6));
    EXPECT_THAT(still_held(raws_of(first->entries), *next), ElementsAre(false, false, false, false));
}

TEST_F(SelChanges, AnEntryRewrittenUnderTheSameIdIsNotTakenForTheOldOne) {
    // A position whose last entry has other bytes than the BMC's entry of that ID now.
    start(4, 64, false);
    SelReader reader(*engine);
    auto first = reader.read_all();
    ASSERT_TRUE(first.ok());
    auto position = first->position;
    ASSERT_TRUE(position.last_raw.has_value());
    position.last_raw->at(15) ^= 0xFF;
    position.addition_timestamp -= 1;  // something changed since
    auto next = reader.read_new(position, {});
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_TRUE(next->held.has_value()) << "the whole SEL was compared";
    EXPECT_TRUE(next->entries.empty()) << "no ID above the last one read";
}

// ---- the daemon's store file

SelJournal sample_journal() {
    SelJournal journal = new_sel_journal("sim builtin");
    journal.position = Position{7, 2, 100, 50, event(7)};
    journal.last_sequence = 12;
    journal.entries = {JournalEntry{9, event(1)}, JournalEntry{12, event(2)}};
    return journal;
}

TEST(SelJournalFile, RoundTripsEntriesSequencesPositionAndEpoch) {
    const auto journal = sample_journal();
    EXPECT_EQ(journal.epoch.size(), 16U);
    EXPECT_NE(journal.epoch, new_sel_journal("x").epoch) << "a new store gets a new epoch";
    auto back = parse_sel_journal(serialise_sel_journal(journal), "test");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->epoch, journal.epoch);
    EXPECT_EQ(back->endpoint, "sim builtin");
    EXPECT_EQ(back->position, journal.position);
    EXPECT_EQ(back->last_sequence, 12U);
    ASSERT_EQ(back->entries.size(), 2U);
    EXPECT_EQ(back->entries[1].sequence, 12U);
    EXPECT_EQ(back->entries[1].raw, event(2));
}

TEST(SelJournalFile, TheFuzzSeedIsAStoreThatLoads) {
    // tests/fuzz/corpus/stored_files/seed-sel-journal: a selector byte, then the file.
    const auto path =
        std::filesystem::path(IPMIPROV_TEST_FIXTURES) / ".." / "fuzz" / "corpus" / "stored_files" / "seed-sel-journal";
    std::ifstream in(path, std::ios::binary);
    const std::string seed{std::istreambuf_iterator<char>(in), {}};
    ASSERT_GT(seed.size(), 1U) << path;
    EXPECT_EQ(seed[0] & 3, 3) << "picks the daemon's store";
    auto journal = parse_sel_journal(seed.substr(1), "seed");
    ASSERT_TRUE(journal.ok()) << journal.error().message;
    EXPECT_EQ(journal->entries.size(), 2U);
}

TEST(SelJournalFile, CorruptOrForeignStoresAreErrorsNotCrashes) {
    const auto good = nlohmann::json::parse(serialise_sel_journal(sample_journal()));
    std::vector<std::string> bad{"", "{", "[]", "null", R"({"format":1})", good.dump().substr(0, 40)};
    for (const auto& [key, value] : std::vector<std::pair<std::string, nlohmann::json>>{
             {"format", 2},
             {"kind", "ipmiprov SEL store"},
             {"epoch", "xyz"},
             {"epoch", 5},
             {"last_sequence", 10},  // below an entry's number
             {"last_sequence", -1},
             {"entries", nlohmann::json::array({{{"sequence", 3}, {"raw", "00 01"}}})},
             {"entries", nlohmann::json::array({{{"sequence", 5},
                                                 {"raw",
                                                  "01 00 02 00 00 00 00 20 00 04 08 20 6f 00 "
                                                  "00 ff"}},
                                                {{"sequence", 5},
                                                 {"raw",
                                                  "01 00 02 00 00 00 00 20 00 04 08 20 6f "
                                                  "00 00 ff"}}})},
             {"position", {{"last_record_id", 70000}}}}) {
        auto changed = good;
        changed[key] = value;
        bad.push_back(changed.dump());
    }
    for (const auto& text : bad) {
        auto parsed = parse_sel_journal(text, "test");
        ASSERT_FALSE(parsed.ok()) << text;
        EXPECT_EQ(parsed.error().kind, bridge::ErrorKind::Protocol) << text;
    }
}

TEST(SelJournalFile, ApplyingReadsNumbersOnAndKeepsWhatTheSelHolds) {
    SelJournal journal = sample_journal();
    ReadResult read;
    read.info.entries = 2;
    read.oldest_record_id = 0;  // event(2)'s ID bytes are 0000h: the first entry stays
    Entry fresh;
    fresh.raw = event(3);
    read.entries = {fresh};
    read.position = Position{8, 2, 101, 50, event(3)};
    EXPECT_TRUE(apply_read(journal, read));
    ASSERT_EQ(journal.entries.size(), 2U) << "never more than the SEL holds";
    EXPECT_EQ(journal.entries[0].sequence, 12U);
    EXPECT_EQ(journal.entries[1].sequence, 13U);
    EXPECT_EQ(journal.last_sequence, 13U);
    EXPECT_EQ(journal.position, read.position);
    read.entries.clear();
    read.oldest_record_id.reset();
    EXPECT_FALSE(apply_read(journal, read)) << "nothing new, nothing to save";
    read.cleared = true;
    read.info.entries = 0;
    EXPECT_TRUE(apply_read(journal, read));
    EXPECT_TRUE(journal.entries.empty());
    EXPECT_EQ(journal.last_sequence, 13U) << "a clear does not renumber";
}

// CI met it under ThreadSanitizer (ipmi_sim, ipmitool adding an entry while
// the daemon read the whole SEL): the count asked before the walk was one
// short of what the walk read, the oldest entry was dropped from the store,
// and the next read delivered it again as new. A whole read's held entries
// are what the SEL holds: nothing more is dropped.
TEST(SelJournalFile, AWholeReadThatMetAnAdditionDropsNothingItHolds) {
    SelJournal journal = sample_journal();  // event(1), event(2)
    ReadResult read;
    read.info.entries = 2;  // asked before the walk; event(3) was added during it
    Entry fresh;
    fresh.raw = event(3);
    read.entries = {fresh};
    read.held = std::vector<RawEntry>{event(1), event(2), event(3)};
    read.position = Position{8, 2, 101, 50, event(3)};
    EXPECT_TRUE(apply_read(journal, read));
    ASSERT_EQ(journal.entries.size(), 3U);
    EXPECT_EQ(journal.entries[0].raw, event(1)) << "the oldest is still held: kept, never new again";
    EXPECT_EQ(journal.entries[2].sequence, 13U);
}

}  // namespace
}  // namespace ipmiprov::provider::sel

// ---- `sel follow` on a SEL that changes between its polls, and across an outage

namespace ipmiprov::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The simulated BMC, with something done to it at its Nth Get SEL Info (the
// first poll of `sel follow` is the second), and Get SEL Info unanswered for a
// while after it (an outage) when asked.
class ScriptedSel final : public bridge::Transport {
public:
    ScriptedSel(std::shared_ptr<bridge::sim::SimBmc> bmc, std::function<void(bridge::sim::SimBmc&)> change,
                int silent_infos)
        : bmc_(std::move(bmc)), change_(std::move(change)), silent_infos_(silent_infos) {}

    bridge::Result<bridge::Response> exchange(const bridge::Request& request, std::chrono::milliseconds) override {
        if (request.netfn == 0x0A && request.cmd == 0x40 && ++infos_ >= 2) {
            if (infos_ == 2) change_(*bmc_);
            if (infos_ < 2 + silent_infos_) return bridge::make_error(bridge::ErrorKind::Timeout, "no answer");
        }
        auto reply = bmc_->handle(request);
        if (!reply) return bridge::make_error(bridge::ErrorKind::Timeout, "dropped");
        return *reply;
    }
    [[nodiscard]] std::string description() const override { return "scripted sim"; }

private:
    std::shared_ptr<bridge::sim::SimBmc> bmc_;
    std::function<void(bridge::sim::SimBmc&)> change_;
    int silent_infos_;
    int infos_ = 0;
};

struct FollowRun {
    int code;
    std::string out;
    std::string err;
};

FollowRun follow(bridge::sim::Fixture fixture, std::function<void(bridge::sim::SimBmc&)> change, int silent_infos = 0,
                 std::size_t count = 2) {
    auto bmc = std::make_shared<bridge::sim::SimBmc>(std::move(fixture));
    bridge::EngineOptions engine_options;
    engine_options.sleep = [](std::chrono::milliseconds) {};
    engine_options.retries = 0;
    bridge::Engine engine(std::make_unique<ScriptedSel>(bmc, std::move(change), silent_infos), engine_options);
    CliOptions options;
    options.command = "sel";
    options.args = {"follow"};
    options.json = true;
    options.no_cache = true;
    options.max_events = count;
    options.poll_interval = std::chrono::milliseconds(1);
    options.outage_retry_first = std::chrono::milliseconds(1);
    options.outage_retry_max = std::chrono::milliseconds(4);
    std::ostringstream out;
    std::ostringstream err;
    const int code = run_sel(engine, options, Streams{out, err});
    return {code, out.str(), err.str()};
}

std::vector<int> printed_ids(const std::string& lines) {
    std::vector<int> ids;
    std::istringstream in(lines);
    for (std::string line; std::getline(in, line);) ids.push_back(nlohmann::json::parse(line)["record_id"]);
    return ids;
}

constexpr std::array<std::uint8_t, 16> kPresence{0, 0, 2, 0, 0, 0, 0, 0x20, 0, 4, 0x08, 0x20, 0x6F, 0x00, 0xFF, 0xFF};

TEST(SelFollowChanges, AnOverwritingSelPrintsEachNewEntryOnceAndNeverCleared) {
    auto fixture = bridge::sim::builtin_fixture().value();  // entries 1..3
    fixture.sel.capacity = fixture.sel.entries.size();
    fixture.sel.overwrite_when_full = true;
    const auto run = follow(fixture, [](bridge::sim::SimBmc& bmc) {
        bmc.add_sel_entry(kPresence);
        bmc.add_sel_entry(kPresence);
    });
    ASSERT_EQ(run.code, kExitOk) << run.err;
    EXPECT_THAT(printed_ids(run.out), ::testing::ElementsAre(4, 5)) << run.out;
    EXPECT_THAT(run.err, Not(HasSubstr("cleared")));
}

TEST(SelFollowChanges, ASelWithItsLastEntryDeletedPrintsEachNewEntryOnceAndNeverCleared) {
    const auto run = follow(bridge::sim::builtin_fixture().value(), [](bridge::sim::SimBmc& bmc) {
        ASSERT_TRUE(bmc.delete_sel_entry(3));
        ASSERT_TRUE(bmc.delete_sel_entry(1));
        bmc.add_sel_entry(kPresence);
        bmc.add_sel_entry(kPresence);
    });
    ASSERT_EQ(run.code, kExitOk) << run.err;
    EXPECT_THAT(printed_ids(run.out), ::testing::ElementsAre(4, 5)) << run.out;
    EXPECT_THAT(run.err, Not(HasSubstr("cleared")));
}

TEST(SelFollowChanges, FollowsOnAcrossAnOutageAndLosesNothingLoggedDuringIt) {
    const auto run = follow(
        bridge::sim::builtin_fixture().value(),
        [](bridge::sim::SimBmc& bmc) {
            bmc.add_sel_entry(kPresence);
            bmc.add_sel_entry(kPresence);
        },
        8);
    ASSERT_EQ(run.code, kExitOk) << run.err;
    EXPECT_THAT(printed_ids(run.out), ::testing::ElementsAre(4, 5)) << run.out;
    // Said once when it began and once when it ended, not at every retry.
    std::size_t silent = 0;
    for (auto at = run.err.find("does not answer"); at != std::string::npos;
         at = run.err.find("does not answer", at + 1))
        ++silent;
    EXPECT_EQ(silent, 1U) << run.err;
    EXPECT_THAT(run.err, HasSubstr("answers again"));
}

}  // namespace
}  // namespace ipmiprov::cli

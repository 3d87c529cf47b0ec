// Issue 18 in ipmiprovd: new_records gives each SEL entry once, whether the
// SEL overwrites or has entries deleted, and keeps its numbering across a
// restart through the SEL store in the state directory (epoch, resync,
// corrupt and foreign stores). Named HandlerOnSim* so that CI runs them
// under ThreadSanitizer too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bridge/sim_bmc.hpp"
#include "config.hpp"
#include "handler.hpp"
#include "provider/cim/wire.hpp"
#include "provider/sel/journal.hpp"

namespace ipmiprov::daemon {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

constexpr std::array<std::uint8_t, 16> kPresence{0, 0, 2, 0, 0, 0, 0, 0x20, 0, 4, 0x08, 0x20, 0x6F, 0x00, 0xFF, 0xFF};

// One daemon "run": its state and handler over a simulated BMC that outlives it.
struct DaemonRun {
    std::mutex log_mutex;
    std::vector<std::string> logged;
    DaemonState state;
    Handler handler;

    DaemonRun(std::shared_ptr<bridge::sim::SimBmc> bmc, const fs::path& state_dir)
        : state([&] {
              StateOptions options;
              options.system_name = "host1";
              options.max_age = std::chrono::milliseconds(0);  // every call reads the BMC
              options.state_dir = state_dir;
              options.log = [this](const std::string& line) {
                  std::lock_guard lock(log_mutex);
                  logged.push_back(line);
              };
              options.connector = [bmc]() -> bridge::Result<bridge::Connection> {
                  bridge::EngineOptions engine;
                  engine.sleep = [](std::chrono::milliseconds) {};
                  return bridge::Connection{
                      std::make_unique<bridge::Engine>(bridge::sim::make_sim_transport(bmc, "sim one"), engine),
                      nullptr, nullptr};
              };
              return options;
          }()),
          handler(state, AccessPolicy{4242, std::nullopt}) {}

    json new_records(std::optional<std::uint64_t> after = std::nullopt, std::optional<std::string> epoch = {}) {
        json request{{"op", "new_records"}};
        if (after) request["after"] = *after;
        if (epoch) request["epoch"] = *epoch;
        return json::parse(*handler.handle(request.dump(), Peer{2, 4242, 4242}));
    }
};

std::vector<int> record_ids(const json& reply) {
    std::vector<int> ids;
    for (const auto& wire : reply["records"]) {
        auto record = provider::cim::instance_from_wire(wire);
        if (record.ok()) ids.push_back(std::stoi(*record->property("RecordID")->as_string()));
    }
    return ids;
}

struct HandlerOnSimSelStore : ::testing::Test {
    fs::path dir = fs::temp_directory_path() / ("ipmiprov-sel-store-" + std::to_string(::getpid()) + "-" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    void SetUp() override { fs::remove_all(dir); }
    void TearDown() override { fs::remove_all(dir); }

    static std::shared_ptr<bridge::sim::SimBmc> bmc(std::size_t capacity = 64, bool overwrite = false) {
        auto fixture = bridge::sim::builtin_fixture().value();  // entries 1..3
        fixture.sel.capacity = capacity;
        fixture.sel.overwrite_when_full = overwrite;
        return std::make_shared<bridge::sim::SimBmc>(std::move(fixture));
    }
};

TEST_F(HandlerOnSimSelStore, AnOverwritingSelGivesEachNewEntryOnce) {
    auto sim = bmc(3, true);
    DaemonRun run(sim, "");
    const auto start = run.new_records();
    ASSERT_EQ(start["ok"], true) << start;
    auto last = start["last"].get<std::uint64_t>();
    std::vector<int> delivered;
    for (int round = 0; round < 3; ++round) {
        sim->add_sel_entry(kPresence);
        sim->add_sel_entry(kPresence);
        const auto next = run.new_records(last, start["epoch"].get<std::string>());
        ASSERT_EQ(next["ok"], true) << next;
        EXPECT_FALSE(next.contains("resync"));
        for (int id : record_ids(next)) delivered.push_back(id);
        last = next["last"].get<std::uint64_t>();
    }
    EXPECT_THAT(delivered, ElementsAre(4, 5, 6, 7, 8, 9));
    auto view = run.state.sel_view(std::chrono::hours(1));
    ASSERT_TRUE(view.ok());
    EXPECT_EQ((*view)->snapshot.entries.size(), 3U) << "what the SEL holds, no more";
}

TEST_F(HandlerOnSimSelStore, ADeletingSelGivesEachNewEntryOnce) {
    auto sim = bmc();
    DaemonRun run(sim, "");
    const auto start = run.new_records();
    auto last = start["last"].get<std::uint64_t>();
    ASSERT_TRUE(sim->delete_sel_entry(3));
    sim->add_sel_entry(kPresence);
    auto next = run.new_records(last);
    EXPECT_THAT(record_ids(next), ElementsAre(4));
    last = next["last"].get<std::uint64_t>();
    ASSERT_TRUE(sim->delete_sel_entry(1));
    sim->add_sel_entry(kPresence);
    next = run.new_records(last);
    EXPECT_THAT(record_ids(next), ElementsAre(5));
    auto view = run.state.sel_view(std::chrono::hours(1));
    ASSERT_TRUE(view.ok());
    std::vector<int> held;
    for (const auto& entry : (*view)->snapshot.entries) held.push_back(entry.record_id);
    EXPECT_THAT(held, ElementsAre(2, 4, 5));
}

TEST_F(HandlerOnSimSelStore, ARestartedDaemonNumbersOnAndGivesWhatWasLoggedWhileItWasDown) {
    auto sim = bmc();
    std::uint64_t last = 0;
    std::string epoch;
    {
        DaemonRun first(sim, dir);
        const auto start = first.new_records();
        ASSERT_EQ(start["ok"], true) << start;
        sim->add_sel_entry(kPresence);
        const auto next = first.new_records(start["last"].get<std::uint64_t>());
        EXPECT_THAT(record_ids(next), ElementsAre(4));
        last = next["last"];
        epoch = next["epoch"];
        EXPECT_EQ(last, 4U);
    }
    sim->add_sel_entry(kPresence);  // while no daemon runs
    sim->add_sel_entry(kPresence);
    DaemonRun second(sim, dir);
    const auto resumed = second.new_records(last, epoch);
    ASSERT_EQ(resumed["ok"], true) << resumed;
    EXPECT_EQ(resumed["epoch"], epoch);
    EXPECT_FALSE(resumed.contains("resync"));
    EXPECT_THAT(record_ids(resumed), ElementsAre(5, 6));
    EXPECT_EQ(resumed["last"], 6U);
    EXPECT_TRUE(second.logged.empty()) << second.logged.front();
}

TEST_F(HandlerOnSimSelStore, AnotherEpochOrAnUnknownNumberGetsEverythingMarkedResync) {
    auto sim = bmc();
    DaemonRun run(sim, dir);
    const auto start = run.new_records();
    const auto other = run.new_records(2, "0123456789abcdef");
    EXPECT_EQ(other["resync"], true);
    EXPECT_THAT(record_ids(other), ElementsAre(1, 2, 3));
    const auto ahead = run.new_records(start["last"].get<std::uint64_t>() + 100);
    EXPECT_EQ(ahead["resync"], true);
    EXPECT_THAT(record_ids(ahead), ElementsAre(1, 2, 3));
    const auto bad = run.new_records(1, std::nullopt);
    EXPECT_FALSE(bad.contains("resync"));
    EXPECT_THAT(record_ids(bad), ElementsAre(2, 3));
    const auto wrong_type = json::parse(*run.handler.handle(R"({"op":"new_records","after":1,"epoch":7})", Peer{}));
    EXPECT_EQ(wrong_type["ok"], false);
}

TEST_F(HandlerOnSimSelStore, ACorruptOrForeignStoreIsLoggedAndReplacedWithANewEpoch) {
    auto sim = bmc();
    fs::create_directories(dir);
    const auto file = provider::sel::sel_journal_file(dir);
    std::string first_epoch;
    for (const std::string& content : {std::string("{\"format\":1,\"entries\":[[[[[["), std::string("\x00\xff", 2)}) {
        std::ofstream(file, std::ios::trunc) << content;
        DaemonRun run(sim, dir);
        const auto start = run.new_records();
        ASSERT_EQ(start["ok"], true) << start;
        EXPECT_EQ(start["last"], 3U);
        ASSERT_EQ(run.logged.size(), 1U);
        EXPECT_THAT(run.logged[0], HasSubstr("malformed; starting a new one"));
        auto loaded = provider::sel::load_sel_journal(file);
        ASSERT_TRUE(loaded.ok()) << "replaced: " << loaded.error().message;
        EXPECT_EQ(loaded->epoch, start["epoch"]);
        EXPECT_NE(start["epoch"], first_epoch);
        first_epoch = start["epoch"];
    }
    // Of another BMC.
    auto foreign = provider::sel::load_sel_journal(file).value();
    foreign.endpoint = "another BMC";
    ASSERT_TRUE(provider::sel::save_sel_journal(file, foreign).ok());
    DaemonRun run(sim, dir);
    const auto start = run.new_records();
    ASSERT_EQ(start["ok"], true);
    EXPECT_NE(start["epoch"], foreign.epoch);
    ASSERT_EQ(run.logged.size(), 1U);
    EXPECT_THAT(run.logged[0], HasSubstr("is of another BMC, not sim one"));
}

TEST_F(HandlerOnSimSelStore, ASelClearedWhileTheDaemonWasDownNumbersOnAndDropsTheOld) {
    auto sim = bmc();
    std::string epoch;
    {
        DaemonRun first(sim, dir);
        epoch = first.new_records()["epoch"];
    }
    DaemonRun clearing(sim, "");
    ASSERT_TRUE(clearing.state.clear_sel().ok());
    sim->add_sel_entry(kPresence);
    DaemonRun second(sim, dir);
    const auto resumed = second.new_records(3, epoch);
    EXPECT_FALSE(resumed.contains("resync"));
    EXPECT_EQ(resumed["epoch"], epoch);
    EXPECT_EQ(resumed["last"], 4U);
    EXPECT_EQ(record_ids(resumed).size(), 1U);
    auto view = second.state.sel_view(std::chrono::hours(1));
    ASSERT_TRUE(view.ok());
    EXPECT_EQ((*view)->snapshot.entries.size(), 1U);
}

TEST(HandlerOnSimSelStoreConfig, StateDirDefaultsToVarLibAndMayBeEmptyOrSetInTheConfigFile) {
    const auto defaults = parse_daemon_config({"ipmiprovd", "--config", "/dev/null"});
    ASSERT_TRUE(defaults.ok()) << defaults.error().message;
    EXPECT_EQ(defaults->state_dir, "/var/lib/ipmiprov");
    const auto none = parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--state-dir", ""});
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->state_dir, "");
    const auto file = fs::temp_directory_path() / ("ipmiprovd-state-dir-" + std::to_string(::getpid()) + ".conf");
    std::ofstream(file) << "state-dir = /srv/ipmiprov-state\n";
    const auto from_file = parse_daemon_config({"ipmiprovd", "--config", file.string()});
    fs::remove(file);
    ASSERT_TRUE(from_file.ok()) << from_file.error().message;
    EXPECT_EQ(from_file->state_dir, "/srv/ipmiprov-state");
}

}  // namespace
}  // namespace ipmiprov::daemon

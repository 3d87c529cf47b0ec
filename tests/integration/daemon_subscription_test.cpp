// Issue 22 with real programs: ipmiprovd over LAN in front of ipmi_sim,
// entries added through the simulator's console (`sel_add`).
//   - Three `ipmiprov --daemon SOCK sel follow --json` get each new entry
//     within the SEL interval plus a second, as `sel list --json` shows it,
//     and the BMC sees no request more than without them.
//   - A subscriber resumes from a sequence number; one that sends garbage is
//     told and closed, one that never reads holds up nobody; a clear is
//     announced.
//   - The SEL in a real systemd-journald: each entry once, with its fields,
//     across a restart of the daemon, and none of the backlog.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>

#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"
#include "process.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct DaemonSubscriptions : ::testing::Test {
    IpmiSim sim{IPMIPROV_IPMISIM_FIXTURE, IpmiSimExtras{false, true, {}}};
    TempDir dir{"ipmiprovd-subscribe-"};

    // A Processor IERR (sensor type 07h, offset 0) on sensor `number`, through the console.
    void sel_add(int number) const {
        std::ostringstream command;
        command << "sel_add 0x20 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x07 " << number << " 0x6f 0x00 0xff 0xff";
        ASSERT_EQ(sim.console(command.str()).rfind("Added record", 0), 0U);
    }
    // The daemon: SEL every 2 s, sensors never during the test (their rounds are not counted).
    std::unique_ptr<Daemon> start_daemon(const std::vector<std::string>& extra = {}) {
        return std::make_unique<Daemon>(
            lan_daemon_args(sim, dir.path()), dir.path(),
            concat({"--sel-interval", "2", "--interval", "3600", "--max-age", "3600", "--sel-log", "none"}, extra));
    }
};

// The JSON lines of a follower's log (its stderr notes are not JSON).
std::vector<ordered_json> json_lines(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<ordered_json> lines;
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("{")) lines.push_back(ordered_json::parse(line));
    return lines;
}

template <class Condition>
bool wait_until(Condition condition, std::chrono::milliseconds limit) {
    const auto until = Clock::now() + limit;
    while (Clock::now() < until) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

// Requests the daemon sent that were not its SEL reads' own Get SEL Info:
// each SEL read costs one request plus one per new entry (docs/daemon.md).
std::int64_t requests_beyond_sel_polls(const json& before, const json& after) {
    return (after["bmc_requests"].get<std::int64_t>() - before["bmc_requests"].get<std::int64_t>()) -
           (after["sel_loads"].get<std::int64_t>() - before["sel_loads"].get<std::int64_t>());
}

TEST_F(DaemonSubscriptions, ThreeFollowersGetEveryEntryInTimeAndCostTheBmcNothing) {
    auto daemon = start_daemon();
    ASSERT_TRUE(wait_until([&] { return daemon->log().find("serving") != std::string::npos; }, 10s)) << daemon->log();
    const auto initial = daemon->stats()["sel"]["entries"].get<int>();
    auto sel_entries = [&] { return daemon->stats()["sel"]["entries"].get<int>(); };

    // Without followers: five entries cost the SEL reads and one request each.
    const auto alone = daemon->stats();
    for (int i = 0; i < 5; ++i) sel_add(0x40 + i);
    ASSERT_TRUE(wait_until([&] { return sel_entries() == initial + 5; }, 10s)) << daemon->log();
    const auto alone_after = daemon->stats();
    EXPECT_EQ(requests_beyond_sel_polls(alone, alone_after), 5) << alone.dump() << alone_after.dump();

    std::vector<std::unique_ptr<Background>> followers;
    std::vector<std::filesystem::path> outputs;
    for (int i = 0; i < 3; ++i) {
        outputs.push_back(dir.path() / ("follower" + std::to_string(i) + ".log"));
        followers.push_back(
            std::make_unique<Background>(std::vector<std::string>{IPMIPROV_BIN, "--daemon", daemon->socket(), "sel",
                                                                  "follow", "--json", "--count", "5"},
                                         outputs.back()));
    }
    ASSERT_TRUE(wait_until([&] { return daemon->stats()["subscribers"] == 3; }, 10s)) << daemon->log();
    const auto followed = daemon->stats();
    for (int i = 0; i < 5; ++i) {
        sel_add(0x50 + i);
        const auto added = Clock::now();
        // Within the SEL interval (2 s) plus a second, at every follower.
        EXPECT_TRUE(wait_until(
            [&] {
                return std::all_of(outputs.begin(), outputs.end(), [&](const auto& output) {
                    return json_lines(output).size() == static_cast<std::size_t>(i + 1);
                });
            },
            3s))
            << "entry " << i << " not at every follower after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - added).count() << " ms";
    }
    for (auto& follower : followers)
        EXPECT_TRUE(wait_until([&] { return !follower->running(); }, 10s));  // --count 5: done
    const auto followed_after = daemon->stats();
    EXPECT_EQ(requests_beyond_sel_polls(followed, followed_after), 5) << "the followers cost the BMC requests";

    // What they printed is what `sel list --json` prints of those entries.
    auto listed = ipmiprov_over_lan(sim, dir.path() / "cli-cache", {"sel", "list", "--json", "--last", "5"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const auto expected = ordered_json::parse(listed.out);
    ASSERT_EQ(expected.size(), 5U);
    for (const auto& output : outputs) {
        const auto lines = json_lines(output);
        ASSERT_EQ(lines.size(), 5U);
        for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(lines[i], expected[i]) << output;
        EXPECT_EQ(lines[0]["sensor_type"], "Processor");
    }
}

TEST_F(DaemonSubscriptions, ResumeGarbageAStuckSubscriberAndAClear) {
    auto daemon = start_daemon();
    Client first(daemon->socket());
    const auto subscribed = first.call({{"op", "subscribe"}});
    ASSERT_TRUE(subscribed.value("ok", false)) << subscribed.dump();
    const std::string epoch = subscribed["epoch"];

    Client stuck(daemon->socket());  // subscribes and never reads again
    ASSERT_TRUE(stuck.call({{"op", "subscribe"}}).value("ok", false));
    Client rude(daemon->socket());
    ASSERT_TRUE(rude.call({{"op", "subscribe"}}).value("ok", false));
    ASSERT_TRUE(rude.send({{"op", "stats"}}));
    const auto told = rude.receive();
    ASSERT_TRUE(told.is_object());
    EXPECT_NE(told["error"]["message"].get<std::string>().find("a subscription takes no requests"), std::string::npos);
    EXPECT_TRUE(rude.receive().is_null());  // and closed

    sel_add(0x60);
    const auto pushed = first.receive();
    ASSERT_EQ(pushed["event"], "entry") << pushed.dump();
    EXPECT_EQ(pushed["entry"]["sensor_number"], 0x60);
    const auto seen = pushed["sequence"].get<std::uint64_t>();

    // Two entries while no subscriber of ours listens: a new one resumes after the last seen.
    sel_add(0x61);
    sel_add(0x62);
    ASSERT_TRUE(wait_until([&] { return daemon->stats()["sel"]["entries"].get<int>() >= 3; }, 10s));
    std::this_thread::sleep_for(2500ms);
    Client resumed(daemon->socket());
    const auto again = resumed.call({{"op", "subscribe"}, {"after", seen}, {"epoch", epoch}});
    ASSERT_TRUE(again.value("ok", false)) << again.dump();
    EXPECT_FALSE(again.contains("resync"));
    EXPECT_EQ(resumed.receive()["entry"]["sensor_number"], 0x61);
    EXPECT_EQ(resumed.receive()["entry"]["sensor_number"], 0x62);

    auto cleared = run(concat(sim.ipmitool(), {"sel", "clear"}));
    ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
    const auto announced = resumed.receive();
    EXPECT_EQ(announced["event"], "cleared") << announced.dump();
    EXPECT_EQ(daemon->stats()["subscribers"], 3);  // first, stuck, resumed
}

// sel-archive-clear: the fixture's SEL holds 302 of 1000 entries (30.2 %,
// which the daemon rounds up to 31); past 31 % (at 32) the daemon saves the SEL raw to state-dir/sel-archive/ and
// clears it, after the subscriber has had every entry: nothing lost, nothing cleared twice.
TEST_F(DaemonSubscriptions, PastTheThresholdTheSelIsArchivedThenClearedAndNothingIsLost) {
    auto daemon = start_daemon({"--sel-almost-full", "32", "--sel-archive-clear"});
    Client follower(daemon->socket());
    ASSERT_TRUE(follower.call({{"op", "subscribe"}}).value("ok", false));
    for (int number = 0x70; number < 0x7A; ++number) sel_add(number);  // 312 entries: 31.2 %, "32"
    const auto archive_dir = dir.path() / "state" / "sel-archive";
    std::vector<std::filesystem::path> archives;
    ASSERT_TRUE(wait_until(
        [&] {
            archives.clear();
            std::error_code ec;
            for (const auto& f : std::filesystem::directory_iterator(archive_dir, ec))
                if (f.path().extension() == ".bin") archives.push_back(f.path());
            return !archives.empty();
        },
        20s))
        << daemon->log();
    ASSERT_EQ(archives.size(), 1U);
    const auto size = std::filesystem::file_size(archives[0]);
    EXPECT_EQ(size % 16, 0U);
    EXPECT_GE(size / 16, 311U) << "every entry the SEL held when it was cleared";
    // The raw file is ipmitool's own format: it decodes the last entries we added.
    auto decoded = run(concat(sim.ipmitool(), {"sel", "readraw", archives[0].string()}));
    ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
    EXPECT_NE(decoded.out.find("Processor"), std::string::npos);
    EXPECT_NE(daemon->log().find("SEL archive: "), std::string::npos) << daemon->log();

    // The follower had all ten in order, each once, and the clear (an entry
    // or two may come after it, added while the daemon cleared).
    std::vector<int> numbers;
    bool cleared = false;
    while (!cleared || numbers.size() < 10) {
        const auto pushed = follower.receive();
        ASSERT_TRUE(pushed.is_object()) << "ended early: " << numbers.size() << " entries; " << daemon->log();
        if (pushed["event"] == "entry") numbers.push_back(pushed["entry"]["sensor_number"].get<int>());
        if (pushed["event"] == "cleared") cleared = true;
    }
    std::vector<int> expected(10);
    std::iota(expected.begin(), expected.end(), 0x70);
    EXPECT_EQ(numbers, expected);
    auto info = run(concat(sim.ipmitool(), {"sel", "info"}));
    EXPECT_NE(info.out.find("Entries          : "), std::string::npos) << info.out;
    EXPECT_LT(std::stoi(info.out.substr(info.out.find("Entries          : ") + 19)), 10) << info.out;
    // Nearly empty now: no second archive at the next reads.
    std::this_thread::sleep_for(4500ms);
    std::error_code ec;
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(archive_dir, ec), {}), 1);
}

// The SEL's entries in a real journald (as root, in a mount namespace of its own: with-journald.sh).
std::vector<json> journal_records(const std::filesystem::path& dir) {
    return ipmiprov::testing::journal_records(dir, "fc7fd61ff169421a819220b8e4e48d3b");
}

TEST_F(DaemonSubscriptions, TheSelInARealJournalOnceAcrossARestart) {
    if (!can_run_journald()) GTEST_SKIP() << "needs root and unshare -m (CI has both)";
    sel_add(0x70);  // in the SEL before the first start: not logged (no backlog asked)
    const std::vector<std::string> wrapper{"unshare", "-m", IPMIPROV_WITH_JOURNALD, dir.path().string()};
    auto journal_daemon = [&] {
        return std::make_unique<Daemon>(lan_daemon_args(sim, dir.path()), dir.path(),
                                        std::vector<std::string>{"--sel-interval", "0.5", "--sel-log", "journal"},
                                        std::vector<std::string>{}, wrapper);
    };
    auto daemon = journal_daemon();
    ASSERT_TRUE(
        wait_until([&] { return daemon->log().find("already in the SEL are not logged") != std::string::npos; }, 10s))
        << daemon->log();
    sel_add(0x71);
    ASSERT_TRUE(wait_until([&] { return journal_records(dir.path()).size() == 1; }, 10s)) << daemon->log();
    daemon.reset();
    sel_add(0x72);  // while the daemon is down
    daemon = journal_daemon();
    ASSERT_TRUE(wait_until([&] { return journal_records(dir.path()).size() >= 2; }, 10s)) << daemon->log();
    std::this_thread::sleep_for(1500ms);  // nothing more comes
    const auto records = journal_records(dir.path());
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(records[0]["IPMI_SENSOR_TYPE"], "Processor");
    EXPECT_EQ(records[0]["PRIORITY"], "3");  // critical: err
    EXPECT_EQ(records[0]["IPMI_DIRECTION"], "assertion");
    EXPECT_EQ(records[1]["IPMI_RAW"].get<std::string>().substr(30, 11), "07 72 6f 00");
    EXPECT_NE(records[0]["MESSAGE"].get<std::string>().find("IERR"), std::string::npos) << records[0].dump();
    EXPECT_NE(records[0]["IPMI_BMC"].get<std::string>().find(sim.host_port()), std::string::npos);
    // journalctl finds them by a field, as an admin would ask.
    auto by_record = run({"journalctl", "-D", (dir.path() / "log" / "journal").string(), "-t", "ipmiprovd",
                          "IPMI_RECORD_ID=" + records[1]["IPMI_RECORD_ID"].get<std::string>(), "-o", "cat"});
    EXPECT_NE(by_record.out.find("IERR"), std::string::npos) << by_record.out << by_record.err;
}

// journald killed (as a crash) and started again: the entry that came
// meanwhile is said once in the daemon's log as not taken, then logged once
// journald is back, nothing twice.
TEST_F(DaemonSubscriptions, AnEntryLoggedWhileJournaldIsDownReachesItOnceWhenItIsBack) {
    if (!can_run_journald()) GTEST_SKIP() << "needs root and unshare -m (CI has both)";
    const std::vector<std::string> wrapper{"unshare", "-m", IPMIPROV_WITH_JOURNALD, dir.path().string()};
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(),
                  std::vector<std::string>{"--sel-interval", "0.5", "--sel-log", "journal"}, std::vector<std::string>{},
                  wrapper);
    ASSERT_TRUE(
        wait_until([&] { return daemon.log().find("already in the SEL are not logged") != std::string::npos; }, 10s))
        << daemon.log();
    sel_add(0x71);
    ASSERT_TRUE(wait_until([&] { return journal_records(dir.path()).size() == 1; }, 10s)) << daemon.log();
    const auto state = [&] {
        std::ifstream in(dir.path() / "journald.state");
        std::string word;
        in >> word;
        return word;
    };
    ASSERT_EQ(::kill(daemon.pid(), SIGUSR1), 0);
    ASSERT_TRUE(wait_until([&] { return state() == "stopped"; }, 5s));
    sel_add(0x72);
    sel_add(0x73);
    ASSERT_TRUE(wait_until([&] { return daemon.log().find("will send again") != std::string::npos; }, 10s))
        << daemon.log();
    std::this_thread::sleep_for(1500ms);  // more SEL reads while journald is down
    ASSERT_EQ(::kill(daemon.pid(), SIGUSR2), 0);
    ASSERT_TRUE(wait_until([&] { return state() == "started"; }, 15s));
    ASSERT_TRUE(wait_until([&] { return journal_records(dir.path()).size() >= 3; }, 10s)) << daemon.log();
    std::this_thread::sleep_for(1500ms);
    const auto records = journal_records(dir.path());
    ASSERT_EQ(records.size(), 3U) << daemon.log();
    EXPECT_EQ(records[1]["IPMI_RAW"].get<std::string>().substr(30, 11), "07 72 6f 00");
    EXPECT_EQ(records[2]["IPMI_RAW"].get<std::string>().substr(30, 11), "07 73 6f 00");
    const auto log = daemon.log();
    const auto first = log.find("will send again");
    EXPECT_EQ(log.find("will send again", first + 1), std::string::npos) << "said once: " << log;
    EXPECT_NE(log.find("takes records again"), std::string::npos) << log;
}

}  // namespace
}  // namespace ipmiprov::testing

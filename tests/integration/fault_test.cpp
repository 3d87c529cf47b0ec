// Faults against the real ipmi_sim (issue 8: nothing is lost under faults):
// the BMC process stopped (SIGSTOP) in the middle of `sdr list` and `sel
// list` and resumed after a bounded pause; the daemon's SDR cache on a full
// disk. Each must end in the undisturbed answer or a clear error, never in
// wrong data, and the next run must be right.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"
#include "small_tmpfs.hpp"

namespace ipmiprov::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

struct FaultAgainstIpmiSim : ::testing::Test {
    IpmiSim sim{IPMIPROV_IPMISIM_FIXTURE};
    TempDir cache{"ipmiprov-fault-cache-"};

    RunResult ipmiprov(const std::vector<std::string>& args) { return ipmiprov_over_lan(sim, cache.path(), args); }
};

// Runs `args` while ipmi_sim is stopped `after` into the run for `pause`.
RunResult run_with_bmc_stopped(FaultAgainstIpmiSim& test, const std::vector<std::string>& args,
                               std::chrono::milliseconds after, std::chrono::milliseconds pause) {
    auto running = std::async(std::launch::async, [&] { return test.ipmiprov(args); });
    std::this_thread::sleep_for(after);
    const bool stopped = ::kill(test.sim.pid(), SIGSTOP) == 0;
    std::this_thread::sleep_for(pause);
    ::kill(test.sim.pid(), SIGCONT);  // always, whatever happened
    EXPECT_TRUE(stopped);
    return running.get();  // bounded: run() kills the program after 60 s
}

TEST_F(FaultAgainstIpmiSim, ABmcStoppedMidReadGivesTheAnswerOrAClearErrorAndTheNextRunIsRight) {
    // Short timeouts: a 1.5 s pause outlasts all retries, a 0.3 s pause does not.
    const std::vector<std::string> fast{"--timeout", "0.4", "--retries", "2"};
    for (const auto& command : std::vector<std::vector<std::string>>{{"sdr", "list", "--json", "--no-cache"},
                                                                     {"sel", "list", "--json", "--no-cache"}}) {
        SCOPED_TRACE(command[0]);
        const auto undisturbed = ipmiprov(concat(fast, command));
        ASSERT_EQ(undisturbed.exit_code, 0) << undisturbed.err;
        ASSERT_FALSE(json::parse(undisturbed.out).empty());
        int answered = 0;
        int failed = 0;
        for (const auto& [after, pause] : std::vector<std::pair<std::chrono::milliseconds, std::chrono::milliseconds>>{
                 {5ms, 300ms}, {25ms, 1500ms}, {60ms, 300ms}, {40ms, 1500ms}}) {
            SCOPED_TRACE("stopped after " + std::to_string(after.count()) + " ms for " + std::to_string(pause.count()) +
                         " ms");
            const auto disturbed = run_with_bmc_stopped(*this, concat(fast, command), after, pause);
            if (disturbed.exit_code == 0) {
                // It rode the pause out: then it is exactly the undisturbed answer.
                EXPECT_EQ(disturbed.out, undisturbed.out);
                ++answered;
            } else {
                // A clear error: a non-zero exit code, a message, and no data passed off as the answer.
                EXPECT_GT(disturbed.exit_code, 0) << "killed for running too long";
                EXPECT_NE(disturbed.err.find("ipmiprov: "), std::string::npos) << disturbed.err;
                EXPECT_TRUE(disturbed.out.empty()) << disturbed.out;
                ++failed;
            }
            const auto next = ipmiprov(concat(fast, command));
            EXPECT_EQ(next.exit_code, 0) << next.err;
            EXPECT_EQ(next.out, undisturbed.out);
        }
        std::cerr << "[ note ] " << command[0] << ": " << answered << " runs rode out the stop, " << failed
                  << " ended in an error\n";
    }
}

using test_support::SmallTmpfs;

std::string file_text(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> files_in(const fs::path& directory) {
    std::vector<fs::path> found;
    for (const auto& item : fs::directory_iterator(directory)) found.push_back(item.path());
    std::sort(found.begin(), found.end());
    return found;
}

// `ipmitool sel clear` while `ipmiprov sel follow` runs: what was logged
// before the clear and was printed stays printed once, and every entry
// logged after it is printed, once, in order (ipmi_sim keeps counting record
// IDs across a clear, so only the content tells the entries apart).
TEST_F(FaultAgainstIpmiSim, SelFollowAcrossAnIpmitoolSelClearPrintsEveryNewEntryOnce) {
    const auto add_tagged_entry = [&](int tag) {
        auto added = run(concat(sim.ipmitool(), {"raw", "0x0a", "0x44", "0", "0", "2", "0", "0", "0", "0", "0x20", "0",
                                                 "4", "8", "4", "0x6f", "0", std::to_string(tag), "0xff"}));
        ASSERT_EQ(added.exit_code, 0) << added.err;
    };
    const auto log = cache.path() / "follow.log";
    Background follow(concat(concat({IPMIPROV_BIN}, sim.ipmiprov_lan()),
                             {"--no-cache", "sel", "follow", "--count", "3", "--interval", "0.2", "--json"}),
                      log);
    const auto printed = [&] {
        std::ifstream in(log);
        std::vector<json> lines;
        for (std::string line; std::getline(in, line);)
            if (line.starts_with("{")) lines.push_back(json::parse(line));
        return lines;
    };
    const auto log_text = [&] {
        std::ifstream in(log);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const auto wait_for = [&](auto done) {  // bounded: 15 s
        for (int i = 0; i < 150 && !done(); ++i) std::this_thread::sleep_for(100ms);
        return done();
    };
    ASSERT_TRUE(wait_for([&] { return log_text().find("following the SEL") != std::string::npos; })) << log_text();
    add_tagged_entry(1);
    ASSERT_TRUE(wait_for([&] { return printed().size() == 1; })) << log_text();
    const auto cleared = run(concat(sim.ipmitool(), {"sel", "clear"}));
    ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
    add_tagged_entry(2);
    add_tagged_entry(3);
    ASSERT_TRUE(wait_for([&] { return !follow.running(); })) << "follow did not stop after 3 entries:\n" << log_text();
    const auto lines = printed();
    ASSERT_EQ(lines.size(), 3U) << log_text();
    // Event data 2 is the tag: byte 14 of the raw entry, "xx " per byte.
    constexpr std::size_t kTagAt = std::size_t{14} * 3;
    std::vector<std::string> tags;
    tags.reserve(lines.size());
    for (const auto& line : lines) tags.push_back(line["raw"].get<std::string>().substr(kTagAt, 2));
    EXPECT_EQ(tags, (std::vector<std::string>{"01", "02", "03"})) << log_text();
    EXPECT_NE(log_text().find("the SEL was cleared"), std::string::npos) << log_text();
}

TEST_F(FaultAgainstIpmiSim, TheDaemonOnAFullDiskSaysWhyKeepsTheOldCacheAndServesTheRightData) {
    TempDir dir("ipmiprovd-fault-full-");
    const auto cache_dir = dir.path() / "cache";  // the harness's --cache-dir
    SmallTmpfs tmpfs(cache_dir, "256k");
    ASSERT_TRUE(tmpfs.mounted()) << "mount -t tmpfs: " << tmpfs.error() << " (the fault tests run as root)";
    const json enumerate{{"op", "enumerate"}, {"class", "CIM_NumericSensor"}};
    json reference;
    {
        Daemon first(lan_daemon_args(sim, dir.path()), dir.path(), {"--interval", "600"});
        Client client(first.socket());
        reference = client.call(enumerate);
        ASSERT_EQ(reference["ok"], true) << reference.dump();
        ASSERT_FALSE(reference["instances"].empty());
    }
    auto cached = files_in(cache_dir);
    ASSERT_EQ(cached.size(), 1U) << "the daemon's SDR cache";
    // Out of date: the next daemon reads the repository again and must write a new cache.
    auto document = json::parse(file_text(cached[0]));
    document["info"]["addition_timestamp"] = document["info"]["addition_timestamp"].get<std::uint32_t>() + 1;
    std::ofstream(cached[0]) << document.dump(1) << '\n';
    const auto old_cache = file_text(cached[0]);
    {
        std::ofstream filler(cache_dir / "filler");
        const std::string block(4096, 'x');
        for (int i = 0; i < 1000 && filler; ++i) filler << block << std::flush;  // 4 MB at most: 256 KB fill it
    }

    Daemon second(lan_daemon_args(sim, dir.path()), dir.path(), {"--interval", "600"});
    Client client(second.socket());
    const auto served = client.call(enumerate);
    EXPECT_EQ(served["ok"], true) << served.dump();
    EXPECT_EQ(served["instances"], reference["instances"]);
    // The refresh loop logs the problem of its round; wait for it, bounded.
    bool logged = false;
    for (int i = 0; i < 50 && !logged; ++i) {
        logged = second.log().find("No space left on device") != std::string::npos;
        if (!logged) std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(logged) << second.log();
    EXPECT_NE(second.log().find(cached[0].string()), std::string::npos) << second.log();
    EXPECT_EQ(file_text(cached[0]), old_cache) << "the old cache was changed";
    std::vector<fs::path> expected{cached[0], cache_dir / "filler"};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(files_in(cache_dir), expected) << "a temporary was left on the full disk";
    // Still serving, again and again: the full disk costs only the cache.
    const auto again = client.call(enumerate);
    EXPECT_EQ(again["instances"], reference["instances"]);
}

}  // namespace
}  // namespace ipmiprov::testing

// The CLI through ipmiprovd reads the daemon's snapshots, not the BMC
// (issue 21): warm reads cost the BMC nothing and print what direct mode
// prints, byte for byte; many clients on a stale snapshot share one round;
// --fresh reads anew; systemd hears "ready" once the first snapshot is in.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct DaemonSnapshots : ::testing::Test {
    IpmiSim sim{IPMIPROV_IPMISIM_FIXTURE};
    TempDir dir{"ipmiprovd-snapshot-test-"};
    TempDir cache{"ipmiprovd-snapshot-cli-"};

    RunResult through(const Daemon& daemon, const std::vector<std::string>& args) {
        return run(concat({IPMIPROV_BIN, "--daemon", daemon.socket()}, args), 60s,
                   {"IPMIPROV_CACHE_DIR=" + cache.path().string()});
    }
    static std::uint64_t requests(Daemon& daemon) { return daemon.stats()["bmc_requests"].get<std::uint64_t>(); }
    // Ready: the first snapshots are in (bounded wait).
    static void wait_until_warm(Daemon& daemon) {
        for (int i = 0; i < 300; ++i) {
            if (daemon.log().find("ipmiprovd: serving ") != std::string::npos) return;
            std::this_thread::sleep_for(50ms);
        }
        FAIL() << "no first snapshot:\n" << daemon.log();
    }
};

// `info`'s last line names the connection: the daemon's LAN session there.
std::string without_interface_line(const std::string& text) {
    std::istringstream in(text);
    std::string kept;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("Interface:", 0) != 0) kept += line + "\n";
    return kept;
}

TEST_F(DaemonSnapshots, WarmReadsCostTheBmcNothingAndPrintWhatDirectModePrints) {
    // No -C: the daemon chooses the cipher suite as the CLI does, and
    // describes its connection as the CLI does (the CIM transport names it).
    auto connection = lan_daemon_args(sim, dir.path());
    connection.resize(connection.size() - 2);
    ASSERT_EQ(connection.back(), (dir.path() / "password").string());
    Daemon daemon(connection, dir.path(), {"--max-age", "600", "--interval", "600", "--sel-interval", "600"});
    wait_until_warm(daemon);
    const std::vector<std::vector<std::string>> commands{
        {"info"},
        {"sensors"},
        {"sensors", "--thresholds"},
        {"sensors", "--json"},
        {"sensors", "--problems", "--format", "csv"},
        {"sdr", "list"},
        {"sel", "info"},
        {"sel", "list"},
        {"sel", "list", "--json"},
        {"cim", "enumerate", "CIM_Sensor"},
        {"cim", "enumerate", "IPMIProv_LogRecord", "--format", "json"},
        {"cim", "get", "IPMIProv_NumericSensor", "DeviceID=1.0.32"},
        {"cim", "associators", "IPMIProv_NumericSensor", "DeviceID=1.0.32"},
        {"cim", "references", "IPMIProv_RecordLog"}};
    const auto before = requests(daemon);
    for (const auto& command : commands) {
        const auto* name = command[0].c_str();
        SCOPED_TRACE(command.size() > 1 ? command[0] + " " + command[1] : command[0]);
        const auto via_daemon = through(daemon, command);
        ASSERT_EQ(via_daemon.exit_code, 0) << via_daemon.err;
        EXPECT_EQ(requests(daemon), before) << "a warm " << name << " read the BMC";
        const auto direct = ipmiprov_over_lan(sim, cache.path(), command);
        ASSERT_EQ(direct.exit_code, 0) << direct.err;
        EXPECT_FALSE(via_daemon.out.empty());
        EXPECT_EQ(without_interface_line(via_daemon.out), without_interface_line(direct.out));
    }
}

TEST_F(DaemonSnapshots, ReadingOneSensorOfAStaleSnapshotReadsJustThatOne) {
    auto connection = lan_daemon_args(sim, dir.path());
    connection.resize(connection.size() - 2);  // no -C: described as the CLI describes its session
    Daemon daemon(connection, dir.path(), {"--max-age", "1", "--interval", "600", "--sel-interval", "600"});
    wait_until_warm(daemon);
    const auto all = json::parse(through(daemon, {"sensors", "--json"}).out);
    const auto threshold =
        std::find_if(all.begin(), all.end(), [](const json& s) { return !s["unit"].get<std::string>().empty(); });
    ASSERT_NE(threshold, all.end());
    const auto id = std::to_string((*threshold)["record_id"].get<int>());
    const std::vector<std::vector<std::string>> reads{{"sensors", "--record-id", id, "--thresholds"},
                                                      {"cim", "get", "IPMIProv_NumericSensor", "DeviceID=1.0.32"}};
    for (const auto& command : reads) {
        SCOPED_TRACE(command[0]);
        std::this_thread::sleep_for(1500ms);  // older than the maximum age
        const auto before = requests(daemon);
        const auto one = through(daemon, command);
        ASSERT_EQ(one.exit_code, 0) << one.err;
        const auto cost = requests(daemon) - before;
        EXPECT_GE(cost, 1U) << "stale: read again";
        EXPECT_LE(cost, 3U) << "that sensor's reading and thresholds, not a round";
        const auto direct = ipmiprov_over_lan(sim, cache.path(), command);
        EXPECT_EQ(one.out, direct.out);
    }
}

TEST_F(DaemonSnapshots, FreshReadsTheBmcForThatAnswer) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(),
                  {"--max-age", "600", "--interval", "600", "--sel-interval", "600"});
    wait_until_warm(daemon);
    const auto before = requests(daemon);
    const auto loads = daemon.stats()["sensor_loads"].get<std::uint64_t>();
    const auto fresh = through(daemon, {"sensors", "--fresh"});
    ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
    EXPECT_GT(requests(daemon), before);
    EXPECT_EQ(daemon.stats()["sensor_loads"].get<std::uint64_t>(), loads + 1);
    EXPECT_EQ(fresh.out, through(daemon, {"sensors"}).out);
}

TEST_F(DaemonSnapshots, FiftyCliClientsOnAStaleSnapshotCostOneRound) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(),
                  {"--max-age", "1", "--interval", "600", "--sel-interval", "600", "--timeout", "60"});
    wait_until_warm(daemon);
    std::this_thread::sleep_for(1500ms);  // older than the maximum age
    auto start = requests(daemon);
    ASSERT_EQ(through(daemon, {"sensors", "--json"}).exit_code, 0);
    const auto one_round = requests(daemon) - start;
    ASSERT_GT(one_round, 0U);
    std::this_thread::sleep_for(1500ms);
    // The BMC holds the round up until all 50 are waiting for it, however
    // slowly they start (a sanitizer build on 2 cores): then it answers.
    ASSERT_EQ(::kill(sim.pid(), SIGSTOP), 0);
    start = requests(daemon);
    const auto asked = daemon.stats()["client_requests"].get<std::uint64_t>();
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    clients.reserve(50);
    for (int i = 0; i < 50; ++i)
        clients.emplace_back([&] {
            if (through(daemon, {"sensors", "--json"}).exit_code == 0) ++answered;
        });
    // Each client says hello, then asks for the snapshot: 100 requests, the
    // stats asked here counted apart (bounded wait).
    for (std::uint64_t polls = 1; polls < 1200; ++polls) {
        if (daemon.stats()["client_requests"].get<std::uint64_t>() >= asked + polls + 100) break;
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_EQ(::kill(sim.pid(), SIGCONT), 0);
    for (auto& client : clients) client.join();
    EXPECT_EQ(answered.load(), 50);
    EXPECT_EQ(requests(daemon) - start, one_round) << "50 clients on a stale snapshot: one round";
}

TEST_F(DaemonSnapshots, FiftyClientsWaitingOnABmcThatWentAwayAllGetATimeoutSoon) {
    Daemon daemon(
        lan_daemon_args(sim, dir.path()), dir.path(),
        {"--max-age", "600", "--interval", "600", "--sel-interval", "600", "--timeout", "1", "--retries", "0"});
    wait_until_warm(daemon);
    ASSERT_EQ(::kill(sim.pid(), SIGSTOP), 0);
    const auto started = std::chrono::steady_clock::now();
    std::atomic<int> timed_out{0};
    std::vector<std::thread> clients;
    clients.reserve(50);
    for (int i = 0; i < 50; ++i)
        clients.emplace_back([&] {
            const auto result = through(daemon, {"sensors", "--fresh"});
            if (result.exit_code == 4 && !result.err.empty()) ++timed_out;
        });
    for (auto& client : clients) client.join();
    const auto waited = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(::kill(sim.pid(), SIGCONT), 0);
    EXPECT_EQ(timed_out.load(), 50) << "each one told the BMC did not answer (exit 4)";
    EXPECT_LT(waited, 45s) << "bounded: the rounds that wait on a silent BMC end";
    // Not stuck: the next reads are answered, fresh or from the snapshot.
    const auto after = through(daemon, {"sensors", "--json"});
    EXPECT_EQ(after.exit_code, 0) << after.err;
}

// A datagram socket standing in for systemd's NOTIFY_SOCKET.
class NotifySocket {
public:
    explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        path.string().copy(address.sun_path, sizeof address.sun_path - 1);
        bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
        timeval wait{30, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    }
    ~NotifySocket() { ::close(fd_); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;
    [[nodiscard]] bool bound() const { return bound_; }
    // The next message, or "" after 30 s.
    std::string receive() {
        std::string message(4096, '\0');
        const auto got = ::recv(fd_, message.data(), message.size(), 0);
        return got > 0 ? message.substr(0, static_cast<std::size_t>(got)) : std::string();
    }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool bound_ = false;
};

TEST_F(DaemonSnapshots, SystemdHearsReadyOnceTheFirstSnapshotIsInAndEarlyClientsWaitForIt) {
    NotifySocket notify(dir.path() / "notify");
    ASSERT_TRUE(notify.bound());
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(),
                  {"--max-age", "600", "--interval", "600", "--sel-interval", "600"},
                  {"NOTIFY_SOCKET=" + (dir.path() / "notify").string()});
    // A client as early as the socket answers: it waits for the warm-up's reads.
    const auto early = through(daemon, {"sensors", "--json"});
    ASSERT_EQ(early.exit_code, 0) << early.err;
    const auto message = notify.receive();
    EXPECT_NE(message.find("READY=1"), std::string::npos) << message;
    EXPECT_NE(message.find("STATUS=serving "), std::string::npos) << message;
    const auto stats = daemon.stats();
    EXPECT_GT(stats["sensors"]["count"].get<std::size_t>(), 0U);
    EXPECT_FALSE(stats["sel"]["age_ms"].is_null());
    EXPECT_EQ(stats["sensor_loads"], 1) << "the early client shared the warm-up's round";
    EXPECT_EQ(json::parse(early.out).size(), stats["sensors"]["count"].get<std::size_t>());
}

TEST_F(DaemonSnapshots, ARestartedDaemonServesItsLastSnapshotsAtOnceAndReadsOnlyWhatIsNew) {
    const std::vector<std::string> options{"--max-age", "600", "--interval", "600", "--sel-interval", "600"};
    std::string sensors;
    std::string sel;
    std::uint64_t first_read = 0;
    {
        Daemon first(lan_daemon_args(sim, dir.path()), dir.path(), options);
        wait_until_warm(first);
        first_read = requests(first);
        sensors = through(first, {"sensors", "--json"}).out;
        sel = through(first, {"sel", "list"}).out;
        ASSERT_FALSE(sensors.empty());
        // The refresh loop saves within 100 ms of a change: wait for the file (bounded).
        for (int i = 0; i < 100 && !std::filesystem::exists(dir.path() / "state" / "snapshots.json"); ++i)
            std::this_thread::sleep_for(50ms);
        ASSERT_TRUE(std::filesystem::exists(dir.path() / "state" / "snapshots.json"));
    }
    // One entry logged while no daemon runs; then the BMC falls silent.
    auto added = run(concat(sim.ipmitool(), {"raw", "0x0a", "0x44", "0", "0", "2", "0", "0", "0", "0", "0x20", "0", "4",
                                             "8", "4", "0x6f", "0", "0xff", "0xff"}));
    ASSERT_EQ(added.exit_code, 0) << added.err;
    ASSERT_EQ(::kill(sim.pid(), SIGSTOP), 0);
    Daemon second(lan_daemon_args(sim, dir.path()), dir.path(), options);
    // Served at once from what the last run saved, though the BMC does not answer.
    const auto at_once = through(second, {"sensors", "--json"});
    EXPECT_EQ(at_once.exit_code, 0) << at_once.err;
    EXPECT_EQ(at_once.out, sensors);
    EXPECT_EQ(through(second, {"sel", "list"}).out, sel);
    ASSERT_EQ(::kill(sim.pid(), SIGCONT), 0);
    wait_until_warm(second);
    // The warm-up checks the SDRs (cached) and reads every sensor again, but
    // of the SEL only what is new: far fewer requests than the first start.
    const auto restart_read = requests(second);
    EXPECT_LT(restart_read, first_read);
    const auto listed = through(second, {"sel", "list"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_GT(listed.out.size(), sel.size()) << "the entry logged meanwhile";
    EXPECT_EQ(listed.out.substr(0, sel.size() - 1), sel.substr(0, sel.size() - 1));
    EXPECT_EQ(requests(second), restart_read) << "served from the snapshot";
}

}  // namespace
}  // namespace ipmiprov::testing

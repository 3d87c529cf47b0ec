// ipmiprovd as a real process in front of ipmi_sim: the CLI through it gives
// the same answers as without it; many clients share the BMC's rounds;
// malformed, oversized and half-sent messages; other users refused; a BMC
// that goes silent and comes back; a daemon stopped mid-request.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"
#include "udp_relay.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct DaemonAgainstIpmiSim : ::testing::Test {
    IpmiSim sim{IPMIPROV_IPMISIM_FIXTURE};
    TempDir dir{"ipmiprovd-test-"};
    TempDir cache{"ipmiprovd-cli-cache-"};

    RunResult cli(const std::vector<std::string>& args) {
        return run(concat({IPMIPROV_BIN}, args), 60s, {"IPMIPROV_CACHE_DIR=" + cache.path().string()});
    }
};

TEST_F(DaemonAgainstIpmiSim, TheCliThroughTheDaemonAnswersAsWithout) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path());
    for (const auto& command :
         std::vector<std::vector<std::string>>{{"info", "--json"},
                                               {"sensors", "--json", "--thresholds"},
                                               {"sel", "list", "--json", "--no-cache"},
                                               {"cim", "enumerate", "CIM_Sensor", "--format", "json"}}) {
        SCOPED_TRACE(command[0]);
        auto direct = ipmiprov_over_lan(sim, cache.path(), command);
        auto through = cli(concat({"--daemon", daemon.socket()}, command));
        ASSERT_EQ(direct.exit_code, 0) << direct.err;
        ASSERT_EQ(through.exit_code, 0) << through.err;
        auto a = json::parse(direct.out);
        auto b = json::parse(through.out);
        if (command[0] == "info") {  // the interface line names the daemon's LAN session: same host and port
            a.erase("interface");
            b.erase("interface");
        }
        EXPECT_EQ(a, b);
    }
}

TEST_F(DaemonAgainstIpmiSim, FiftyClientsCostTheBmcWhatOneCosts) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(),
                  {"--max-age", "60", "--interval", "600", "--sel-interval", "600"});
    Client warm(daemon.socket());
    ASSERT_EQ(warm.call({{"op", "enumerate"}, {"class", "CIM_NumericSensor"}})["ok"], true);
    // stats answers at once, also mid-round: count once the background's
    // first SEL round is done, and nothing else is due for 600 s (bounded wait).
    for (int i = 0; i < 300 && daemon.stats()["sel_loads"].get<std::uint64_t>() == 0; ++i)
        std::this_thread::sleep_for(50ms);
    const auto after_one = daemon.stats()["bmc_requests"].get<std::uint64_t>();
    ASSERT_EQ(warm.call({{"op", "enumerate"}, {"class", "CIM_NumericSensor"}})["ok"], true);
    const auto one_client = daemon.stats()["bmc_requests"].get<std::uint64_t>() - after_one;
    std::vector<std::thread> clients;
    clients.reserve(50);
    std::atomic<int> answered{0};
    for (int i = 0; i < 50; ++i) {
        clients.emplace_back([&] {
            Client c(daemon.socket());
            if (c.call({{"op", "enumerate"}, {"class", "CIM_NumericSensor"}})["instances"].size() == 6) ++answered;
        });
    }
    for (auto& c : clients) c.join();
    EXPECT_EQ(answered.load(), 50);
    const auto fifty_clients = daemon.stats()["bmc_requests"].get<std::uint64_t>() - after_one - one_client;
    EXPECT_EQ(one_client, 0U) << "fresh data costs nothing";
    EXPECT_EQ(fifty_clients, one_client);
}

TEST_F(DaemonAgainstIpmiSim, BadMessagesGetErrorsAndHurtNobodyElse) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path());
    Client client(daemon.socket());
    auto reply = client.call(json("just a string"));
    EXPECT_EQ(reply["ok"], false);
    EXPECT_NE(reply["error"]["message"].get<std::string>().find("not a JSON object"), std::string::npos);
    ASSERT_TRUE(client.send_raw(std::string("\0\0\0\x05", 4) + "{{{{{"));
    EXPECT_EQ(client.receive()["ok"], false) << "malformed JSON";
    EXPECT_EQ(client.call({{"op", "hello"}})["ok"], true) << "the connection stays usable";

    Client greedy(daemon.socket());
    ASSERT_TRUE(greedy.send_raw(std::string("\x01\0\0\0", 4)));  // 16 MiB announced
    auto refused = greedy.receive();
    EXPECT_EQ(refused["ok"], false);
    EXPECT_NE(refused["error"]["message"].get<std::string>().find("longer than the limit"), std::string::npos);
    EXPECT_TRUE(greedy.receive().is_null()) << "and then it hangs up";

    Client slow(daemon.socket());
    ASSERT_TRUE(slow.send_raw(std::string("\0\0", 2)));  // half a header, then nothing
    Client other(daemon.socket());
    EXPECT_EQ(other.call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}})["ok"], true)
        << "a client that stalls holds up nobody";
}

TEST_F(DaemonAgainstIpmiSim, OtherUsersMayNotWriteAndRootMay) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to act as another user (CI runs as root)";
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(), {"--read-group", "65534"});
    ::chmod(dir.path().c_str(), 0755);
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipe_fds[0]);
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
        Client as_nobody(daemon.socket());
        const auto read = as_nobody.call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}});
        const auto write = as_nobody.call(
            {{"op", "invoke"},
             {"path",
              {{"namespace", "root/cimv2"},
               {"class", "IPMIProv_RecordLog"},
               {"keys", json::array({{{"name", "InstanceID"}, {"type", "string"}, {"value", "IPMIProv:SEL"}}})}}},
             {"method", "ClearLog"}});
        const auto text = json{{"read", read}, {"write", write}}.dump();
        (void)!::write(pipe_fds[1], text.data(), text.size());
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_EQ(WEXITSTATUS(status), 0) << "the child could not become nobody";
    const auto replies = json::parse(text);
    EXPECT_EQ(replies["read"]["ok"], true) << replies.dump();
    EXPECT_EQ(replies["write"]["ok"], false);
    EXPECT_EQ(replies["write"]["error"]["kind"], "permission_denied");
    EXPECT_NE(replies["write"]["error"]["message"].get<std::string>().find("uid 65534"), std::string::npos);

    auto cleared = cli({"--daemon", daemon.socket(), "cim", "invoke", "IPMIProv_RecordLog", "ClearLog"});
    ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
    auto info = run(concat(sim.ipmitool(), {"sel", "info"}));
    EXPECT_NE(info.out.find("Entries          : 0"), std::string::npos) << info.out;
}

TEST_F(DaemonAgainstIpmiSim, ABmcThatGoesSilentAndComesBackNeedsNoRestart) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(),
                  {"--max-age", "0", "--timeout", "0.5", "--retries", "0", "--interval", "600"});
    Client client(daemon.socket());
    ASSERT_EQ(client.call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}})["ok"], true);
    ASSERT_EQ(::kill(sim.pid(), SIGSTOP), 0);
    const auto silent = client.call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}});
    ::kill(sim.pid(), SIGCONT);
    EXPECT_EQ(silent["ok"], false) << silent.dump();
    EXPECT_EQ(silent["error"]["kind"], "timeout") << silent.dump();
    bool back = false;
    for (int attempt = 0; attempt < 40 && !back; ++attempt) {
        back = client.call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}})["ok"] == true;
        if (!back) std::this_thread::sleep_for(250ms);
    }
    EXPECT_TRUE(back) << daemon.log();
}

TEST_F(DaemonAgainstIpmiSim, AStoppedDaemonEndsItsClientsRequestsAndARestartServesThem) {
    auto daemon =
        std::make_unique<Daemon>(lan_daemon_args(sim, dir.path()), dir.path(),
                                 std::vector<std::string>{"--max-age", "0", "--timeout", "2", "--retries", "0"});
    Client client(daemon->socket());
    ASSERT_EQ(client.call({{"op", "hello"}})["ok"], true);
    // hello answers at once, also while the first rounds read the BMC: let
    // them end first (bounded), so that the request below is what waits.
    for (int i = 0; i < 300 && (daemon->stats()["sel_loads"].get<std::uint64_t>() == 0 ||
                                daemon->stats()["sensor_loads"].get<std::uint64_t>() == 0);
         ++i)
        std::this_thread::sleep_for(50ms);
    ASSERT_EQ(::kill(sim.pid(), SIGSTOP), 0);  // the request below waits on the BMC
    ASSERT_TRUE(client.send({{"op", "enumerate"}, {"class", "CIM_RecordLog"}}));
    std::this_thread::sleep_for(200ms);
    ::kill(daemon->pid(), SIGTERM);
    const auto reply = client.receive();  // an error, or the connection closed: never a hang
    EXPECT_TRUE(reply.is_null() || reply["ok"] == false) << reply.dump();
    daemon.reset();
    ::kill(sim.pid(), SIGCONT);
    Daemon restarted(lan_daemon_args(sim, dir.path()), dir.path());
    Client again(restarted.socket());
    EXPECT_EQ(again.call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}})["ok"], true);
}

// A wrong password: one refused login, then the back-off (docs/daemon.md),
// not one login per refresh and client; `ipmiprov daemon status` says so, and
// a reload (SIGHUP) tries again at once.
TEST_F(DaemonAgainstIpmiSim, AWrongPasswordIsTriedOnceThenWaitsAndDaemonStatusSaysSo) {
    // The daemon talks to ipmi_sim through a relay that counts the RMCP+
    // logins on the wire: the oracle, besides the daemon's own log.
    UdpRelay relay(sim.port());
    auto args = lan_daemon_args(sim, dir.path());
    args[1] = relay.host_port();
    std::ofstream(dir.path() / "password") << "wrong\n";
    Daemon daemon(args, dir.path(), {"--interval", "1", "--sel-interval", "1", "--max-age", "0"});
    const auto refusals = [&] {
        const auto log = daemon.log();
        std::size_t count = 0;
        for (auto at = log.find("BMC: "); at != std::string::npos; at = log.find("BMC: ", at + 1))
            count += log.compare(at, 20, "BMC: cannot open an ") == 0 ? 1 : 0;
        return count;
    };
    for (int i = 0; i < 100 && refusals() == 0; ++i) std::this_thread::sleep_for(50ms);
    ASSERT_EQ(refusals(), 1U) << daemon.log();
    // Three seconds of refresh rounds (every second) and clients asking.
    for (int i = 0; i < 6; ++i) {
        auto through = cli({"--daemon", daemon.socket(), "sensors"});
        EXPECT_EQ(through.exit_code, 3) << through.err;
        std::this_thread::sleep_for(500ms);
    }
    EXPECT_EQ(refusals(), 1U) << "one failed login, not one per round or client:\n" << daemon.log();
    EXPECT_EQ(relay.logins(), 1U) << "logins seen on the wire";
    EXPECT_NE(daemon.log().find("wrong password or user name; the next attempt is in 30 s (1 in a row)"),
              std::string::npos)
        << daemon.log();

    auto status = cli({"--daemon", daemon.socket(), "daemon", "status"});
    EXPECT_EQ(status.exit_code, 3) << "the daemon cannot reach its BMC: " << status.out << status.err;
    EXPECT_NE(status.out.find("Connection:      failing (1 failed attempt in a row); the next attempt is in 2"),
              std::string::npos)
        << status.out;
    EXPECT_NE(status.out.find("authentication failed: wrong password or user name"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("Sensors:         0, not read yet"), std::string::npos) << status.out;
    auto as_json = cli({"--daemon", daemon.socket(), "daemon", "status", "--json"});
    const auto body = json::parse(as_json.out);
    EXPECT_EQ(body["connection"]["failures"], 1);
    EXPECT_EQ(body["connection"]["last_error"]["kind"], "transport");
    EXPECT_EQ(body["bmc_requests"], 0);

    std::ofstream(dir.path() / "password") << IpmiSim::kPassword << "\n";
    ::kill(daemon.pid(), SIGHUP);  // the password file is read at start: this attempt is refused again
    for (int i = 0; i < 100 && refusals() < 2; ++i) std::this_thread::sleep_for(50ms);
    EXPECT_EQ(refusals(), 2U) << daemon.log();
    EXPECT_EQ(relay.logins(), 2U);
    EXPECT_NE(daemon.log().find("the next attempt is in 1 min (2 in a row)"), std::string::npos) << daemon.log();
}

TEST_F(DaemonAgainstIpmiSim, DaemonStatusOfAHealthyDaemonShowsItsSnapshotsAndCounters) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path());
    for (int i = 0; i < 300 && (daemon.stats()["sel_loads"].get<std::uint64_t>() == 0 ||
                                daemon.stats()["sensor_loads"].get<std::uint64_t>() == 0);
         ++i)
        std::this_thread::sleep_for(50ms);
    auto status = cli({"--daemon", daemon.socket(), "daemon", "status"});
    ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
    const auto stats = daemon.stats();
    const auto sensors = stats["sensors"]["count"].get<std::size_t>();
    auto listed = cli({"--daemon", daemon.socket(), "sensors", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(sensors, json::parse(listed.out).size()) << "the snapshot holds what the CLI lists";
    EXPECT_NE(status.out.find("Connection:      connected"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("Sensors:         " + std::to_string(sensors) + ", read "), std::string::npos)
        << status.out;
    EXPECT_NE(status.out.find("BMC:             lan " + sim.host_port()), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("Last error:      none"), std::string::npos) << status.out;
    auto missing = cli({"--daemon", (dir.path() / "nothing.sock").string(), "daemon", "status"});
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_NE(missing.err.find("ipmiprovd is not running at"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace ipmiprov::testing

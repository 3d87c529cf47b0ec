// ipmiprovd as a real process against the probe of issue 18: settings that
// can never work stop it at start; a regular file at the socket path is
// kept; text that is not UTF-8 does not end it; the CLI reports a busy
// daemon as busy; a config file others may write is refused at SIGHUP.
// Over the built-in simulated BMC: no ipmi_sim needed. Suite names start
// with "Access" for the TSan run (tools/dev/test-all.sh).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

RunResult daemon_run(const std::vector<std::string>& args) {
    return run(concat({IPMIPROVD_BIN}, args), 30s);
}

// Whether a daemon answers hello on `socket` within 15 s.
bool answers(const std::string& socket) {
    for (int i = 0; i < 300; ++i) {
        Client probe(socket);
        const auto reply = probe.connected() ? probe.call({{"op", "hello"}}) : json(nullptr);
        if (reply.is_object() && reply.value("ok", false)) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

TEST(AccessToTheDaemonProcess, SettingsThatCanNeverWorkStopItAtStartWithExit2) {
    TempDir dir("ipmiprovd-start-");
    const auto socket = (dir.path() / "s.sock").string();
    const auto zero = daemon_run({"--config", "/dev/null", "--socket", socket, "--sim", "/dev/zero"});
    EXPECT_EQ(zero.exit_code, 2) << zero.err;
    EXPECT_NE(zero.err.find("--sim: "), std::string::npos) << zero.err;
    const auto no_group =
        daemon_run({"--config", "/dev/null", "--socket", socket, "--sim", "builtin", "--read-group", "3999999"});
    EXPECT_EQ(no_group.exit_code, 2) << no_group.err;
    EXPECT_NE(no_group.err.find("no group with gid 3999999"), std::string::npos) << no_group.err;
    const auto config = dir.path() / "ipmiprovd.conf";
    std::ofstream(config) << "write-group = 0\n";
    ::chmod(config.c_str(), 0666);
    const auto open_config = daemon_run({"--config", config.string(), "--socket", socket, "--sim", "builtin"});
    EXPECT_EQ(open_config.exit_code, 2) << open_config.err;
    EXPECT_NE(open_config.err.find("is writable by its group or by others"), std::string::npos) << open_config.err;
}

TEST(AccessToTheDaemonProcess, ARegularFileAtTheSocketPathIsKept) {
    TempDir dir("ipmiprovd-socket-");
    const auto file = dir.path() / "precious";
    std::ofstream(file) << "keep me\n";
    const auto result = daemon_run({"--config", "/dev/null", "--socket", file.string(), "--sim", "builtin"});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("exists and is not a socket"), std::string::npos) << result.err;
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "keep me");
}

TEST(AccessToTheDaemonProcess, TextThatIsNotUtf8DoesNotEndIt) {
    TempDir dir("ipmiprovd-utf8-");
    Daemon daemon({"--sim", "builtin"}, dir.path(), {"--system-name", "h\xF6st"});
    Client client(daemon.socket());
    const auto hello = client.call({{"op", "hello"}});
    EXPECT_EQ(hello["ok"], true);
    EXPECT_EQ(hello["system"], "h\xEF\xBF\xBDst");
    Client again(daemon.socket());
    EXPECT_EQ(again.call({{"op", "stats"}})["ok"], true) << "still serving";
}

TEST(AccessToTheDaemonProcess, TheCliReportsABusyDaemonAsBusy) {
    TempDir dir("ipmiprovd-busy-");
    TempDir cache("ipmiprovd-busy-cache-");
    Daemon daemon({"--sim", "builtin"}, dir.path(), {"--max-clients", "1"});
    // The only slot, once the harness's probe has given it back (bounded).
    std::unique_ptr<Client> holder;
    for (int i = 0; i < 100; ++i) {
        holder = std::make_unique<Client>(daemon.socket());
        const auto reply = holder->call({{"op", "hello"}});
        if (reply.is_object() && reply.value("ok", false)) break;
        holder.reset();
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_TRUE(holder);
    const auto cli =
        run({IPMIPROV_BIN, "--daemon", daemon.socket(), "info"}, 30s, {"IPMIPROV_CACHE_DIR=" + cache.path().string()});
    EXPECT_EQ(cli.exit_code, 3) << cli.err;
    EXPECT_NE(cli.err.find("ipmiprovd is busy: it is serving its limit of 1 clients"), std::string::npos) << cli.err;
}

TEST(AccessToTheDaemonProcess, AReloadRefusesAConfigFileOthersMayWriteAndKeepsTheOldSettings) {
    TempDir dir("ipmiprovd-reload-");
    const auto config = dir.path() / "ipmiprovd.conf";
    std::ofstream(config) << "sim = builtin\nsocket = " << (dir.path() / "s.sock").string() << "\ncache-dir = \"\"\n";
    ::chmod(config.c_str(), 0644);
    Background process({IPMIPROVD_BIN, "--config", config.string()}, dir.path() / "log");
    const auto socket = (dir.path() / "s.sock").string();
    ASSERT_TRUE(answers(socket));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "\"\"")) << "cache-dir = \"\" is no cache";
    std::ofstream(config, std::ios::app) << "write-group = 0\n";
    ::chmod(config.c_str(), 0666);
    ::kill(process.pid(), SIGHUP);
    std::string log;
    for (int i = 0; i < 300 && log.find("keeping the old settings") == std::string::npos; ++i) {
        std::this_thread::sleep_for(50ms);
        std::ifstream in(dir.path() / "log");
        log.assign(std::istreambuf_iterator<char>(in), {});
    }
    EXPECT_NE(log.find("reload: refusing the config file: " + config.string() +
                       " is writable by its group or by"
                       " others (mode 0666)"),
              std::string::npos)
        << log;
    Client client(socket);
    EXPECT_EQ(client.call({{"op", "hello"}})["ok"], true) << "still serving";
}

TEST(AccessToTheDaemonProcess, OutOfDescriptorsClientsAreToldSoAndTheDaemonRecovers) {
    TempDir dir("ipmiprovd-emfile-");
    const auto socket = (dir.path() / "s.sock").string();
    Background process({"prlimit", "--nofile=24:24", IPMIPROVD_BIN, "--config", "/dev/null", "--sim", "builtin",
                        "--socket", socket, "--cache-dir", ""},
                       dir.path() / "log");
    ASSERT_TRUE(answers(socket));
    std::vector<std::unique_ptr<Client>> held;
    std::string refusal;
    for (int i = 0; i < 40 && refusal.empty(); ++i) {  // more than the descriptors left
        auto client = std::make_unique<Client>(socket);
        const auto reply = client->connected() ? client->call({{"op", "hello"}}) : json(nullptr);
        if (reply.is_object() && reply.value("ok", false)) {
            held.push_back(std::move(client));
        } else if (reply.is_object() && reply.contains("error")) {
            refusal = reply["error"].value("message", "");
        } else {
            break;  // no answer at all (20 s): what this test is about
        }
    }
    EXPECT_NE(refusal.find("ipmiprovd is busy: it has run out of file descriptors"), std::string::npos)
        << refusal << " after " << held.size() << " clients";
    held.clear();
    EXPECT_TRUE(answers(socket)) << "served again once clients leave";
}

}  // namespace
}  // namespace ipmiprov::testing

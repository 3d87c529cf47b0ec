// ipmiprovd against the holes an adversarial probe found (issue 18): text
// that is not UTF-8 in a reply, a reader taking every slot or holding one
// with a byte now and then, a busy daemon reported as a broken pipe, a
// socket path that is a regular file, the socket's group and mode, and hello
// and stats waiting behind a silent BMC. The server runs in this process on
// a socket in a temporary directory; suites are named for the TSan run
// (tools/dev/test-all.sh).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "bridge/daemon_client.hpp"
#include "bridge/frame.hpp"
#include "bridge/json_text.hpp"
#include "bridge/sim_bmc.hpp"
#include "handler.hpp"
#include "server.hpp"

namespace ipmiprov::daemon {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

// ---- text that is not UTF-8

TEST(Wire, JsonTextReplacesBytesThatAreNotUtf8) {
    const json document{{"name", "Caf\xE9 \xFF"}};
    EXPECT_THROW((void)document.dump(), json::type_error) << "why the helper exists";
    const auto text = bridge::json_text(document);
    const auto back = json::parse(text);
    EXPECT_EQ(back["name"], "Caf\xEF\xBF\xBD \xEF\xBF\xBD") << "each bad byte is U+FFFD";
    EXPECT_EQ(json::parse(bridge::json_text(document, 2)), back);
}

StateOptions sim_options(const std::string& system_name) {
    StateOptions options;
    options.connect.sim = bridge::kBuiltinFixtureName;
    options.system_name = system_name;
    options.max_age = std::chrono::seconds(60);
    return options;
}

TEST(HandlerOnSimText, AHelloWithASystemNameThatIsNotUtf8IsValidJson) {
    DaemonState state(sim_options("h\xF6st"));  // Latin-1, as a hostname or a config file may hold it
    Handler handler(state, AccessPolicy{});
    const Peer anyone{1, 5555, 5555};
    const auto reply = json::parse(*handler.handle(R"({"op":"hello"})", anyone));
    EXPECT_EQ(reply["ok"], true);
    EXPECT_EQ(reply["system"], "h\xEF\xBF\xBDst");
}

// ---- who gets a slot, and the socket's permissions

TEST(AccessAtAccept, APeerThatMayNeitherReadNorWriteIsRefusedAtOnce) {
    const AccessPolicy readers{4242, std::nullopt};
    const SlotRules rules{64, 8};
    EXPECT_EQ(refusal_for(rules, readers, {}, Peer{2, 4242, 4242}, 999), std::nullopt);
    const auto stranger = refusal_for(rules, readers, {}, Peer{3, 5555, 5555}, 999);
    ASSERT_TRUE(stranger.has_value());
    EXPECT_THAT(*stranger, HasSubstr("uid 5555 may not use ipmiprovd"));
    EXPECT_EQ(refusal_for(rules, readers, {}, Peer{3, 5555, 5555}, 5555), std::nullopt) << "the daemon's own user";
    EXPECT_EQ(refusal_for(rules, AccessPolicy{std::nullopt, 4242}, {}, Peer{2, 4242, 4242}, 999), std::nullopt)
        << "a writer needs no read group to connect";
}

TEST(AccessAtAccept, TheLastSlotIsRootsAndOneUserHasAtMostItsShare) {
    const AccessPolicy readers{4242, std::nullopt};
    const SlotRules rules{4, 2};
    const Peer reader{2, 4242, 4242};
    const Peer other_reader{3, 4243, 4242};
    const Peer root{1, 0, 0};
    const std::vector<uid_t> three{4243, 4244, 4245};
    const auto full = refusal_for(rules, readers, three, reader, 999);
    ASSERT_TRUE(full.has_value());
    EXPECT_THAT(*full,
                HasSubstr("ipmiprovd is busy: it is serving its limit of 4 clients (the last is kept for root)"));
    EXPECT_EQ(refusal_for(rules, readers, three, root, 999), std::nullopt) << "root's slot";
    const std::vector<uid_t> four{0, 4243, 4244, 4245};
    EXPECT_TRUE(refusal_for(rules, readers, four, root, 999).has_value()) << "the limit holds for root too";

    const std::vector<uid_t> two_of_one{4242, 4242};
    const auto greedy = refusal_for(rules, readers, two_of_one, reader, 999);
    ASSERT_TRUE(greedy.has_value());
    EXPECT_THAT(*greedy, HasSubstr("already has 2 connections (max-clients-per-user)"));
    EXPECT_EQ(refusal_for(rules, readers, two_of_one, other_reader, 999), std::nullopt);
    EXPECT_EQ(refusal_for(rules, readers, std::vector<uid_t>{0, 0}, root, 999), std::nullopt) << "root is exempt";
    const Peer own{4, 999, 999};
    EXPECT_EQ(refusal_for(rules, readers, std::vector<uid_t>{999, 999, 4243}, own, 999), std::nullopt)
        << "so is the daemon's own user";
}

TEST(AccessAtAccept, OneGroupOwnsTheSocketTwoDifferentGroupsLeaveItToPeerCredentials) {
    EXPECT_EQ(socket_permissions(AccessPolicy{10, std::nullopt}).group, gid_t{10});
    EXPECT_EQ(socket_permissions(AccessPolicy{std::nullopt, 11}).group, gid_t{11});
    EXPECT_EQ(socket_permissions(AccessPolicy{std::nullopt, 11}).mode, mode_t{0660});
    EXPECT_EQ(socket_permissions(AccessPolicy{12, 12}).mode, mode_t{0660});
    EXPECT_EQ(socket_permissions(AccessPolicy{10, 11}).mode, mode_t{0666});
}

// ---- the server in this process

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("ipmiprov-socket-test-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    TempDir() { fs::create_directories(path); }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

int connect_to(const fs::path& socket_path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

struct AccessAtTheSocket : ::testing::Test {
    TempDir dir;
    DaemonState state{sim_options("host1")};
    Handler handler{state, AccessPolicy{}};
    std::atomic<bool> stop{false};
    std::unique_ptr<Server> server;
    std::thread runner;

    ServerOptions options() {
        ServerOptions o;
        o.socket_path = dir.path / "ipmiprovd.sock";
        return o;
    }
    void start(ServerOptions o) {
        server = std::make_unique<Server>(std::move(o), handler);
        ASSERT_TRUE(server->listen().ok());
        runner = std::thread([this] { server->run(stop); });
    }
    void TearDown() override {
        stop = true;
        if (runner.joinable()) runner.join();
        server.reset();
    }
};

TEST_F(AccessAtTheSocket, ARegularFileAtTheSocketPathIsRefusedAndKept) {
    const auto path = dir.path / "ipmiprovd.sock";
    std::ofstream(path) << "precious\n";
    Server refused(options(), handler);
    const auto listening = refused.listen();
    ASSERT_FALSE(listening.ok());
    EXPECT_THAT(listening.error().message, HasSubstr("exists and is not a socket"));
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "precious");
}

TEST_F(AccessAtTheSocket, AStaleSocketIsReplaced) {
    {
        Server first(options(), handler);
        ASSERT_TRUE(first.listen().ok());
    }  // removes its socket; make a stale one by hand
    const int stale = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", (dir.path / "ipmiprovd.sock").c_str());
    ASSERT_EQ(::bind(stale, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    ::close(stale);
    start(options());
    auto client = bridge::DaemonClient::connect((dir.path / "ipmiprovd.sock").string(), std::chrono::seconds(10));
    ASSERT_TRUE(client.ok()) << client.error().message;
}

TEST_F(AccessAtTheSocket, ARequestThatDoesNotArriveWholeInTimeIsClosedWithAnError) {
    auto o = options();
    o.io_timeout = std::chrono::milliseconds(100);
    o.idle_timeout = std::chrono::hours(1);  // a byte now and then must not hold the slot
    start(o);
    const int fd = connect_to(o.socket_path);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::send(fd, "\0\0", 2, MSG_NOSIGNAL), 2);  // half a header, and no more
    const auto reply = bridge::read_frame(fd, bridge::kMaxReplyPayload, std::chrono::seconds(20));
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    const auto error = json::parse(*reply);
    EXPECT_EQ(error["ok"], false);
    EXPECT_EQ(error["error"]["kind"], "timeout");
    EXPECT_THAT(error["error"]["message"].get<std::string>(), HasSubstr("did not arrive whole within 0.1 s"));
    const auto after = bridge::read_frame(fd, bridge::kMaxReplyPayload, std::chrono::seconds(20));
    ASSERT_FALSE(after.ok());
    EXPECT_THAT(after.error().message, HasSubstr("closed the connection"));
    ::close(fd);
}

TEST_F(AccessAtTheSocket, ABusyDaemonIsReportedAsBusyNotAsABrokenPipe) {
    auto o = options();
    o.max_clients = 1;
    start(o);
    auto first = bridge::DaemonClient::connect(o.socket_path.string(), std::chrono::seconds(10));
    ASSERT_TRUE(first.ok()) << first.error().message;
    // Refused whether the refusal comes before the hello is written (EPIPE)
    // or after: both ways the client reads the daemon's reason.
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto second = bridge::DaemonClient::connect(o.socket_path.string(), std::chrono::seconds(10));
        ASSERT_FALSE(second.ok());
        EXPECT_THAT(second.error().message, HasSubstr("ipmiprovd is busy: it is serving its limit of 1 clients"));
        EXPECT_EQ(second.error().kind, bridge::ErrorKind::Transport);
    }
}

// A daemon that says why and hangs up before the client's next request is
// written: the write fails (EPIPE), and the client reports the reason.
TEST_F(AccessAtTheSocket, AClientWhoseRequestCannotBeWrittenReadsWhyTheDaemonHungUp) {
    const auto path = dir.path / "fake.sock";
    const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    ASSERT_EQ(::bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    std::thread fake([listener] {
        const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        (void)bridge::read_frame(fd, bridge::kMaxRequestPayload, std::chrono::seconds(10));
        (void)bridge::write_frame(fd, R"({"ok":true,"protocol":1})", std::chrono::seconds(10));
        (void)bridge::write_frame(fd,
                                  R"({"ok":false,"error":{"kind":"transport","message":"ipmiprovd is busy: test"}})",
                                  std::chrono::seconds(10));
        ::close(fd);
    });
    auto client = bridge::DaemonClient::connect(path.string(), std::chrono::seconds(10));
    fake.join();  // the daemon has hung up: the next write fails
    ::close(listener);
    ASSERT_TRUE(client.ok()) << client.error().message;
    const auto reply = (*client)->call(json{{"op", "stats"}}, std::chrono::seconds(10));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().message, "ipmiprovd is busy: test");
}

TEST_F(AccessAtTheSocket, TheSocketFollowsThePolicyAndAReloadReappliesIt) {
    auto o = options();
    o.policy = AccessPolicy{65534, std::nullopt};  // nogroup
    start(o);
    struct stat status {};
    ASSERT_EQ(::stat(o.socket_path.c_str(), &status), 0);
    EXPECT_EQ(status.st_gid, gid_t{65534});
    EXPECT_EQ(status.st_mode & 0777, mode_t{0660});
    ASSERT_TRUE(server->set_policy(AccessPolicy{65534, ::getegid() == 1 ? gid_t{2} : gid_t{1}}).ok());
    ASSERT_EQ(::stat(o.socket_path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, mode_t{0666}) << "two groups: SO_PEERCRED decides";
    ASSERT_TRUE(server->set_policy(AccessPolicy{1, 1}).ok());
    ASSERT_EQ(::stat(o.socket_path.c_str(), &status), 0);
    EXPECT_EQ(status.st_gid, gid_t{1});
    EXPECT_EQ(status.st_mode & 0777, mode_t{0660});
}

// ---- hello and stats while the BMC is busy

// A transport whose first exchange blocks until the test opens the gate.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    bool entered = false;
    bool open = false;
};

class GatedTransport final : public bridge::Transport {
public:
    explicit GatedTransport(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
    bridge::Result<bridge::Response> exchange(const bridge::Request&, std::chrono::milliseconds) override {
        std::unique_lock lock(gate_->mutex);
        gate_->entered = true;
        gate_->changed.notify_all();
        // Bounded: a test that fails still ends.
        gate_->changed.wait_for(lock, std::chrono::seconds(60), [&] { return gate_->open; });
        return bridge::Response{0, {0x20, 0x01, 0x00, 0x00, 0x02, 0x00}};
    }
    [[nodiscard]] std::string description() const override { return "gated test transport"; }

private:
    std::shared_ptr<Gate> gate_;
};

TEST(AccessWhileTheBmcIsBusy, HelloAndStatsAnswerWhileARequestHoldsTheBmc) {
    auto gate = std::make_shared<Gate>();
    StateOptions options;
    options.system_name = "host1";
    options.connector = [gate]() -> bridge::Result<bridge::Connection> {
        return bridge::Connection{
            std::make_unique<bridge::Engine>(std::make_unique<GatedTransport>(gate), bridge::EngineOptions{}), nullptr,
            nullptr};
    };
    DaemonState state(options);
    Handler handler(state, AccessPolicy{});
    const Peer root{1, 0, 0};
    auto busy = std::async(std::launch::async, [&] {
        return json::parse(
            *handler.handle(R"({"op":"transport","request":{"netfn":6,"cmd":1,"lun":0,"data":[]}})", root));
    });
    {
        std::unique_lock lock(gate->mutex);
        ASSERT_TRUE(gate->changed.wait_for(lock, std::chrono::seconds(60), [&] { return gate->entered; }));
    }
    // The BMC lock is held now, until the gate opens. Each answer records
    // whether the gate was still shut when it came.
    auto answered_while_held = [&](const char* request) {
        auto reply = json::parse(*handler.handle(request, root));
        std::lock_guard lock(gate->mutex);
        return std::pair{reply, !gate->open};
    };
    auto hello = std::async(std::launch::async, answered_while_held, R"({"op":"hello"})");
    auto stats = std::async(std::launch::async, answered_while_held, R"({"op":"stats"})");
    const bool hello_came = hello.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    const bool stats_came = stats.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    {
        std::lock_guard lock(gate->mutex);
        gate->open = true;
    }
    gate->changed.notify_all();
    const auto [hello_reply, hello_held] = hello.get();
    const auto [stats_reply, stats_held] = stats.get();
    EXPECT_TRUE(hello_came && hello_held) << "hello waited for the BMC";
    EXPECT_TRUE(stats_came && stats_held) << "stats waited for the BMC";
    EXPECT_EQ(hello_reply["transport"], "gated test transport");
    EXPECT_EQ(stats_reply["ok"], true);
    EXPECT_EQ(busy.get()["ok"], true);
}

}  // namespace
}  // namespace ipmiprov::daemon

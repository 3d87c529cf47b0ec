// ipmiprovd's metrics endpoint (issue 25): the HTTP heads it reads and the
// responses it writes, --metrics-listen's addresses, the server over TCP and
// a Unix socket (what a scraper asks, what a broken or stalled client gets),
// and the exposition built from the daemon's snapshots without a request to
// the BMC.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "bridge/sim_bmc.hpp"
#include "config.hpp"
#include "http.hpp"
#include "metrics_server.hpp"
#include "metrics_source.hpp"
#include "state.hpp"

namespace ipmiprov::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
namespace metrics = provider::metrics;

// What Prometheus 2.42 sends (scrape/scrape.go's acceptHeader).
constexpr const char* kPrometheusAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

// ---- the request head

TEST(HttpRequest, ReadsWhatAScraperSends) {
    const std::string head = std::string("GET /metrics?debug=1 HTTP/1.1\r\nHost: 127.0.0.1:9290\r\n") +
                             "User-Agent: Prometheus/2.42.0\r\nAccept: " + kPrometheusAccept +
                             "\r\nAccept-Encoding: gzip\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n";
    ASSERT_EQ(http::head_end(head), head.size());
    const auto request = http::parse_request(head);
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->method, "GET");
    EXPECT_EQ(request->path, "/metrics");
    EXPECT_EQ(request->query, "debug=1");
    EXPECT_EQ(request->accept, kPrometheusAccept);
}

TEST(HttpRequest, BareLineFeedsEmptyLinesFirstAndRepeatedAcceptHeaders) {
    const std::string head = "\r\n\nHEAD / HTTP/1.0\naccept:  text/plain \nACCEPT: application/openmetrics-text\n\n";
    ASSERT_EQ(http::head_end(head), head.size());
    const auto request = http::parse_request(head);
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->method, "HEAD");
    EXPECT_EQ(request->path, "/");
    EXPECT_EQ(request->accept, "text/plain, application/openmetrics-text") << "names are case-insensitive";
}

TEST(HttpRequest, AHeadNotYetWholeHasNoEnd) {
    EXPECT_EQ(http::head_end("GET /metrics HTTP/1.1\r\nHost: x\r\n"), std::nullopt);
    EXPECT_EQ(http::head_end(""), std::nullopt);
    EXPECT_EQ(http::head_end("GET / HTTP/1.1\r\n\r\nbody"), 18U) << "what follows is not the head's";
}

TEST(HttpRequest, MalformedHeadsAreNamed) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"\r\n\r\n", "the request is empty"},
        {"GET /metrics HTTP/1.1", "the request head does not end in an empty line"},
        {"GET\r\n\r\n", "the request line is not \"METHOD PATH HTTP/1.x\""},
        {"GET /metrics\r\n\r\n", "the request line is not \"METHOD PATH HTTP/1.x\""},
        {"GET /metrics HTTP/2.0\r\n\r\n", "the HTTP version is not 1.0 or 1.1"},
        {"G(T /metrics HTTP/1.1\r\n\r\n", "the request method is not a token"},
        {"GET http://host/metrics HTTP/1.1\r\n\r\n", "the request target is not a path"},
        {"GET /me trics HTTP/1.1\r\n\r\n", "the request target has a space or a control character"},
        {"GET /me\x01trics HTTP/1.1\r\n\r\n", "the request target has a space or a control character"},
        {"GET / HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n", "a header line is folded (obsolete, RFC 9112 §5.2)"},
        {"GET / HTTP/1.1\r\nno colon here\r\n\r\n", "a header line has no ':'"},
        {"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "a header name is not a token"},
        {"GET / HTTP/1.1\r\nAccept: a\x7f"
         "b\r\n\r\n",
         "the header Accept has a control character"},
        {std::string("GET / HTTP/1.1\r\nA: \0\r\n\r\n", 23), "the request has a NUL byte"},
        {"GET / HTTP/1.1\r\nX: " + std::string(http::kMaxHead, 'a') + "\r\n\r\n",
         "the request head is over 8192 bytes"},
    };
    for (const auto& [head, says] : cases) {
        SCOPED_TRACE(head.substr(0, 60));
        const auto request = http::parse_request(head);
        ASSERT_FALSE(request.ok());
        EXPECT_EQ(request.error().message, says);
    }
}

TEST(HttpResponse, IsWrittenWholeWithItsLengthAndClosesTheConnection) {
    http::Response ok{200, "text/plain; version=0.0.4; charset=utf-8", "a 1\n", ""};
    EXPECT_EQ(http::serialize(ok, false),
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: 4\r\n"
              "Connection: close\r\n\r\na 1\n");
    EXPECT_EQ(http::serialize(ok, true),
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: 4\r\n"
              "Connection: close\r\n\r\n")
        << "HEAD: the length of what GET would send, no body";
    http::Response refused{405, "text/plain; charset=utf-8", "no\n", "GET, HEAD"};
    EXPECT_THAT(http::serialize(refused, false), StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
    EXPECT_THAT(http::serialize(refused, false), HasSubstr("\r\nAllow: GET, HEAD\r\n"));
}

// ---- --metrics-listen

TEST(MetricsListen, PortAloneIsLoopbackAndEveryFormReadsBack) {
    struct Case {
        const char* text;
        const char* shown;
        bool loopback;
    };
    for (const auto& [text, shown, loopback] :
         {Case{"9290", "127.0.0.1:9290", true}, Case{"127.0.0.2:80", "127.0.0.2:80", true},
          Case{"localhost:9290", "127.0.0.1:9290", true}, Case{"0.0.0.0:9290", "0.0.0.0:9290", false},
          Case{"192.0.2.7:9290", "192.0.2.7:9290", false}, Case{"[::1]:9290", "[::1]:9290", true},
          Case{"[::]:9290", "[::]:9290", false},
          Case{"unix:/run/ipmiprov/metrics.sock", "unix:/run/ipmiprov/metrics.sock", true},
          Case{"0", "127.0.0.1:0", true}}) {
        SCOPED_TRACE(text);
        const auto address = parse_listen_address(text);
        ASSERT_TRUE(address.ok()) << address.error().message;
        EXPECT_EQ(address->text(), shown);
        EXPECT_EQ(address->loopback(), loopback);
    }
}

TEST(MetricsListen, WhatIsNotAnAddressIsNamed) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"", "--metrics-listen \"\": the port must be a number 0 to 65535"},
        {"65536", "--metrics-listen \"65536\": the port must be a number 0 to 65535"},
        {"127.0.0.1:http", "--metrics-listen \"127.0.0.1:http\": the port must be a number 0 to 65535"},
        {"127.0.0.1:-1", "--metrics-listen \"127.0.0.1:-1\": the port must be a number 0 to 65535"},
        {"bmc.example:9290",
         "--metrics-listen \"bmc.example:9290\": the address must be numeric IPv4, [IPv6] or localhost (no name "
         "lookups)"},
        {"::1:9290",
         "--metrics-listen \"::1:9290\": the address must be numeric IPv4, [IPv6] or localhost (no name "
         "lookups)"},
        {"[nonsense]:9290", "--metrics-listen \"[nonsense]:9290\": not an IPv6 address in brackets"},
        {"unix:", "--metrics-listen unix: needs an absolute path"},
        {"unix:metrics.sock", "--metrics-listen unix: needs an absolute path"},
        {"unix:/" + std::string(200, 'x'), "--metrics-listen unix: path is longer than a socket path may be"},
    };
    for (const auto& [text, says] : cases) {
        SCOPED_TRACE(text);
        const auto address = parse_listen_address(text);
        ASSERT_FALSE(address.ok());
        EXPECT_EQ(address.error().message, says);
    }
}

TEST(MetricsListen, IsOffByDefaultAndSetInTheConfigFileOrOnTheCommandLine) {
    auto plain = parse_daemon_config({"ipmiprovd", "--sim", "builtin"});
    ASSERT_TRUE(plain.ok()) << plain.error().message;
    EXPECT_FALSE(plain->metrics_listen.has_value());
    auto given = parse_daemon_config({"ipmiprovd", "--sim", "builtin", "--metrics-listen", "9291"});
    ASSERT_TRUE(given.ok()) << given.error().message;
    ASSERT_TRUE(given->metrics_listen.has_value());
    EXPECT_EQ(given->metrics_listen->text(), "127.0.0.1:9291");

    const auto dir = std::filesystem::temp_directory_path() / ("ipmiprov-metrics-config-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "ipmiprovd.conf";
    std::ofstream(file) << "metrics-listen = \"[::1]:9291\"\n";
    ::chmod(file.c_str(), 0600);
    auto from_file = parse_daemon_config({"ipmiprovd", "--config", file.string(), "--sim", "builtin"});
    ASSERT_TRUE(from_file.ok()) << from_file.error().message;
    EXPECT_EQ(from_file->metrics_listen->text(), "[::1]:9291");
    auto turned_off = parse_daemon_config({"ipmiprovd", "--config", file.string(), "--metrics-listen", "off"});
    ASSERT_TRUE(turned_off.ok()) << turned_off.error().message;
    EXPECT_FALSE(turned_off->metrics_listen.has_value()) << "the command line wins";
    std::ofstream(file) << "metrics-listen = nowhere:1\n";
    auto wrong = parse_daemon_config({"ipmiprovd", "--config", file.string(), "--sim", "builtin"});
    ASSERT_FALSE(wrong.ok());
    EXPECT_THAT(wrong.error().message, HasSubstr(file.string() + " line 1: metrics-listen \"nowhere:1\": the address"));
    std::filesystem::remove_all(dir);
}

// ---- the server

// A client of the server: connects, sends `request` (in one piece, or not
// at all), and reads until the server closes.
std::string exchange(const sockaddr* address, socklen_t size, int family, const std::string& request) {
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd, 0);
    timeval wait{10, 0};  // bounded: a server that never closes fails the test
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    EXPECT_EQ(::connect(fd, address, size), 0) << std::strerror(errno);
    if (!request.empty()) {
        EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    }
    std::string reply;
    std::array<char, 4096> buffer{};
    for (ssize_t got = 0; (got = ::recv(fd, buffer.data(), buffer.size(), 0)) > 0;) reply.append(buffer.data(), got);
    ::close(fd);
    return reply;
}

struct ServerRunning {
    std::atomic<bool> stop{false};
    MetricsServer server;
    std::thread thread;
    std::vector<metrics::Format> asked;  // the formats rendered, in order (read after stop)
    explicit ServerRunning(ListenAddress address, std::chrono::milliseconds deadline = kConnectionDeadline)
        : server(MetricsServerOptions{std::move(address), std::nullopt,
                                      [this](metrics::Format format) {
                                          asked.push_back(format);
                                          return std::string(format == metrics::Format::OpenMetrics
                                                                 ? "ipmi_up{collector=\"ipmi\"} 1\n# EOF\n"
                                                                 : "ipmi_up{collector=\"ipmi\"} 1\n");
                                      },
                                      deadline}) {
        const auto listening = server.listen();
        EXPECT_TRUE(listening.ok()) << listening.error().message;
        thread = std::thread([this] { server.run(stop); });
    }
    ~ServerRunning() {
        stop = true;
        thread.join();
    }
    std::string get(const std::string& request) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(server.bound().port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return exchange(reinterpret_cast<const sockaddr*>(&address), sizeof address, AF_INET, request);
    }
};

std::string body_of(const std::string& reply) {
    const auto end = reply.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : reply.substr(end + 4);
}

TEST(MetricsServer, AnswersTheScrapersFormatAndRefusesWhatItDoesNotServe) {
    ServerRunning running(parse_listen_address("127.0.0.1:0").value());
    ASSERT_NE(running.server.bound().port, 0) << "the port the system chose";
    const auto open_metrics =
        running.get(std::string("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: ") + kPrometheusAccept + "\r\n\r\n");
    EXPECT_THAT(open_metrics, StartsWith("HTTP/1.1 200 OK\r\n"));
    EXPECT_THAT(open_metrics,
                HasSubstr("Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8\r\n"));
    EXPECT_EQ(body_of(open_metrics), "ipmi_up{collector=\"ipmi\"} 1\n# EOF\n");
    const auto text = running.get("GET /metrics HTTP/1.0\r\n\r\n");
    EXPECT_THAT(text, HasSubstr("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
    EXPECT_EQ(body_of(text), "ipmi_up{collector=\"ipmi\"} 1\n");
    const auto head = running.get("HEAD /metrics HTTP/1.1\r\n\r\n");
    EXPECT_THAT(head, HasSubstr("Content-Length: 28\r\n"));
    EXPECT_EQ(body_of(head), "");
    EXPECT_THAT(running.get("GET /other HTTP/1.1\r\n\r\n"), StartsWith("HTTP/1.1 404 Not Found\r\n"));
    const auto post = running.get("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    EXPECT_THAT(post, StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
    EXPECT_THAT(post, HasSubstr("Allow: GET, HEAD\r\n"));
    const auto garbage = running.get("\x16\x03\x01 not http at all\r\n\r\n");
    EXPECT_THAT(garbage, StartsWith("HTTP/1.1 400 Bad Request\r\n"));
    EXPECT_EQ(body_of(garbage), "the request method is not a token\n");
    const auto huge = running.get("GET / HTTP/1.1\r\nX: " + std::string(3 * http::kMaxHead, 'a'));
    EXPECT_THAT(huge, StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    const auto whole_but_long = running.get("GET / HTTP/1.1\r\nX: " + std::string(http::kMaxHead, 'a') + "\r\n\r\n");
    EXPECT_THAT(whole_but_long, StartsWith("HTTP/1.1 431 ")) << "came whole in one read, still too long";
    const auto head_missing = running.get("HEAD /nothing HTTP/1.1\r\n\r\n");
    EXPECT_THAT(head_missing, StartsWith("HTTP/1.1 404 Not Found\r\n"));
    EXPECT_EQ(body_of(head_missing), "") << "HEAD: never a body, whatever the status";
    // A request with a body the server does not read: the reply still
    // arrives whole (the server drains before it closes, no reset).
    const auto with_body =
        running.get("POST /metrics HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + std::string(100000, 'b'));
    EXPECT_EQ(body_of(with_body), "only GET and HEAD are served here\n");
    EXPECT_EQ(running.server.scrapes(), 3U) << "the two GETs and the HEAD of /metrics";
    running.stop = true;
    running.thread.join();
    running.thread = std::thread([] {});
    EXPECT_EQ(running.asked,
              (std::vector{metrics::Format::OpenMetrics, metrics::Format::Prometheus, metrics::Format::Prometheus}));
}

TEST(MetricsServer, AClientThatStallsIsCutOffAndTheNextIsServed) {
    ServerRunning running(parse_listen_address("127.0.0.1:0").value(), std::chrono::milliseconds(200));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(running.server.bound().port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string stalled_reply;
    std::thread stalled([&] {
        stalled_reply = exchange(reinterpret_cast<const sockaddr*>(&address), sizeof address, AF_INET,
                                 "GET /metrics HTTP/1.1\r\nHost: x\r\n");  // never the blank line
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_THAT(running.get("GET /metrics HTTP/1.1\r\n\r\n"), StartsWith("HTTP/1.1 200 OK\r\n"));
    stalled.join();
    EXPECT_THAT(stalled_reply, StartsWith("HTTP/1.1 408 Request Timeout\r\n"));
    EXPECT_EQ(body_of(stalled_reply), "the request did not come whole in 200 ms\n");
}

TEST(MetricsServer, ServesAUnixSocketEveryoneMayReadAndReplacesOnlyAStaleOne) {
    const auto dir = std::filesystem::temp_directory_path() / ("ipmiprov-metrics-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "metrics.sock").string();
    {
        std::ofstream(path) << "not a socket\n";
        MetricsServer refused({parse_listen_address("unix:" + path).value(), std::nullopt, {}});
        const auto listening = refused.listen();
        ASSERT_FALSE(listening.ok());
        EXPECT_EQ(listening.error().message, "--metrics-listen " + path + " exists and is not a stale socket");
        EXPECT_TRUE(std::filesystem::is_regular_file(path)) << "never deleted";
        std::filesystem::remove(path);
    }
    {
        ServerRunning running(parse_listen_address("unix:" + path).value());
        struct stat status {};
        ASSERT_EQ(::stat(path.c_str(), &status), 0);
        EXPECT_EQ(status.st_mode & 0777, 0666U);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strcpy(address.sun_path, path.c_str());
        const auto reply = exchange(reinterpret_cast<const sockaddr*>(&address), sizeof address, AF_UNIX,
                                    "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        EXPECT_EQ(body_of(reply), "ipmi_up{collector=\"ipmi\"} 1\n");
        MetricsServer second({parse_listen_address("unix:" + path).value(), std::nullopt, {}});
        EXPECT_FALSE(second.listen().ok()) << "a socket someone answers on is not stale";
    }
    {
        // A datagram socket (as /dev/log) refuses a stream connection with
        // EPROTOTYPE, not ECONNREFUSED: it is someone's, never removed.
        const auto log_path = (dir / "log").string();
        const int datagram = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strcpy(address.sun_path, log_path.c_str());
        ASSERT_EQ(::bind(datagram, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
        MetricsServer refused({parse_listen_address("unix:" + log_path).value(), std::nullopt, {}});
        const auto listening = refused.listen();
        ASSERT_FALSE(listening.ok());
        EXPECT_EQ(listening.error().message, "--metrics-listen " + log_path + " exists and is not a stale socket");
        EXPECT_TRUE(std::filesystem::exists(log_path));
        ::close(datagram);
    }
    EXPECT_FALSE(std::filesystem::exists(path)) << "removed at stop";
    std::filesystem::remove_all(dir);
}

// ---- the exposition from the daemon's snapshots

StateOptions sim_state() {
    StateOptions options;
    options.connect.sim = bridge::kBuiltinFixtureName;
    options.system_name = "host1";
    options.max_age = std::chrono::seconds(60);
    return options;
}

TEST(DaemonMetrics, BeforeTheFirstRoundOnlyUpZeroAndNoBmcRequest) {
    DaemonState state(sim_state());
    RoundHealth health;
    const auto text = render_metrics(state, health, metrics::Format::Prometheus);
    EXPECT_THAT(text, HasSubstr("ipmi_up{collector=\"ipmi\"} 0\n"));
    EXPECT_THAT(text, HasSubstr("ipmi_up{collector=\"sel\"} 0\n"));
    EXPECT_THAT(text, HasSubstr("ipmi_up{collector=\"bmc\"} 0\n"));
    EXPECT_THAT(text, Not(HasSubstr("ipmi_temperature_celsius{")));
    EXPECT_EQ(state.stats().bmc_requests, 0U) << "a scrape never asks the BMC";
}

TEST(DaemonMetrics, TheSnapshotsAsFamiliesAndScrapesCostTheBmcNothing) {
    DaemonState state(sim_state());
    RoundHealth health;
    ASSERT_TRUE(state.device_id(std::chrono::seconds(0)).ok());
    ASSERT_TRUE(state.refresh_sensors(std::chrono::seconds(0)).ok());
    ASSERT_TRUE(state.chassis(std::chrono::seconds(0)).ok());
    ASSERT_TRUE(state.follow_sel(std::chrono::seconds(0)).ok());
    health.sensors = true;
    health.sel = true;
    const auto requests = state.stats().bmc_requests;
    const auto text = render_metrics(state, health, metrics::Format::Prometheus);
    const auto open_metrics = render_metrics(state, health, metrics::Format::OpenMetrics);
    EXPECT_EQ(state.stats().bmc_requests, requests) << "rendering reads the snapshots only";
    for (const char* part : {"ipmi", "sel", "chassis", "bmc"})
        EXPECT_THAT(text, HasSubstr("ipmi_up{collector=\"" + std::string(part) + "\"} 1\n"));
    // The built-in fixture's CPU temperature (docs/simulated-bmc.md) in °C,
    // with its labels, severity and thresholds.
    EXPECT_THAT(text, HasSubstr("ipmi_temperature_celsius{id=\""));
    EXPECT_THAT(text, HasSubstr("name=\"CPU Temp\""));
    EXPECT_THAT(text, HasSubstr("ipmi_temperature_state{"));
    EXPECT_THAT(text, HasSubstr("ipmi_sensor_threshold{"));
    EXPECT_THAT(text, HasSubstr("ipmi_sel_entries "));
    EXPECT_THAT(text, HasSubstr("ipmi_sel_free_space_bytes "));
    EXPECT_THAT(text, HasSubstr("ipmi_chassis_power_state 1\n"));
    EXPECT_THAT(text, HasSubstr("ipmi_bmc_info{"));
    EXPECT_THAT(text, HasSubstr("ipmiprov_sensor_snapshot_age_seconds "));
    EXPECT_THAT(text, HasSubstr("ipmiprov_bmc_requests_total " + std::to_string(requests) + "\n"));
    EXPECT_THAT(open_metrics, HasSubstr("# TYPE ipmiprov_bmc_requests counter\n"));
    EXPECT_THAT(open_metrics, testing::EndsWith("# EOF\n"));
    health.sensors = false;  // the last round failed: the values stay, up says so
    const auto failing = render_metrics(state, health, metrics::Format::Prometheus);
    EXPECT_THAT(failing, HasSubstr("ipmi_up{collector=\"ipmi\"} 0\n"));
    EXPECT_THAT(failing, HasSubstr("name=\"CPU Temp\""));
}

}  // namespace
}  // namespace ipmiprov::daemon

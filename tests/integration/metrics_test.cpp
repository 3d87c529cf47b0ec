// The metrics against the real Prometheus tools (issue 25): Debian's
// promtool lints the exposition `ipmiprov sensors --format prometheus` and
// `--textfile` write, on the simulated BMC and on ipmi_sim over LAN; and
// ipmiprovd's /metrics in front of ipmi_sim, scraped by hand and by the
// real Prometheus, whose query API gives the values back; the alert rules
// shipped pass `promtool check rules` and `promtool test rules`, and load.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

// promtool check metrics reads the text format from stdin: exit 0 and no
// word when it finds nothing to say.
RunResult promtool_check(const std::filesystem::path& file) {
    return run({"sh", "-c", "promtool check metrics < '" + file.string() + "'"});
}

TEST(MetricsAgainstPromtool, TheSimulatedBmcsSensorsPassTheLint) {
    TempDir dir("ipmiprov-metrics-");
    const auto file = dir.path() / "ipmi.prom";
    const auto wrote = run({IPMIPROV_BIN, "--sim", "builtin", "--no-cache", "sensors", "--textfile", file.string()});
    ASSERT_EQ(wrote.exit_code, 0) << wrote.err;
    const auto lint = promtool_check(file);
    EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
    EXPECT_EQ(lint.out + lint.err, "");
}

TEST(MetricsAgainstPromtool, IpmiSimsSensorsOverLanPassTheLint) {
    IpmiSim sim(IPMIPROV_IPMISIM_FIXTURE);
    TempDir dir("ipmiprov-metrics-");
    const auto file = dir.path() / "ipmi.prom";
    const auto wrote = ipmiprov_over_lan(sim, dir.path(), {"sensors", "--textfile", file.string()});
    ASSERT_EQ(wrote.exit_code, 0) << wrote.err;
    const auto lint = promtool_check(file);
    EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
    EXPECT_EQ(lint.out + lint.err, "");
    const auto text = run({"cat", file.string()}).out;
    EXPECT_NE(text.find("ipmi_up{collector=\"ipmi\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("ipmi_temperature_celsius{"), std::string::npos) << text;
}

// ---- ipmiprovd's /metrics

using nlohmann::json;
using namespace std::chrono_literals;

struct HttpReply {
    int status = 0;
    std::string head;
    std::string body;
};

// GET on 127.0.0.1:port, written from RFC 9112 (not the daemon's code); the
// server closes after one reply. Every wait bounded (10 s).
HttpReply http_get(int port, const std::string& target, const std::string& accept = "") {
    HttpReply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval wait{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return reply;
    }
    // HTTP/1.0: the reply is not chunked (Prometheus chunks an HTTP/1.1 one).
    std::string request = "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n";
    if (!accept.empty()) request += "Accept: " + accept + "\r\n";
    request += "\r\n";
    (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string received;
    std::array<char, 8192> buffer{};
    for (ssize_t got = 0; (got = ::recv(fd, buffer.data(), buffer.size(), 0)) > 0;)
        received.append(buffer.data(), static_cast<std::size_t>(got));
    ::close(fd);
    const auto end = received.find("\r\n\r\n");
    if (received.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) return reply;
    reply.status = std::stoi(received.substr(9, 3));
    reply.head = received.substr(0, end);
    reply.body = received.substr(end + 4);
    return reply;
}

// The port ipmiprovd says it serves metrics on ("metrics at 127.0.0.1:N/metrics").
int metrics_port(const Daemon& daemon) {
    std::smatch match;
    const auto log = daemon.log();
    if (!std::regex_search(log, match, std::regex("metrics at 127\\.0\\.0\\.1:([0-9]+)/metrics"))) return 0;
    return std::stoi(match[1].str());
}

std::string percent_encoded(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '_' || c == '.' || c == '-') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

struct DaemonMetricsAgainstIpmiSim : ::testing::Test {
    IpmiSim sim{IPMIPROV_IPMISIM_FIXTURE};
    TempDir dir{"ipmiprovd-metrics-"};
    // Port 0: the system picks one, the log says which. A long interval: the
    // scrapes are all the requests there are after the first round.
    Daemon daemon{lan_daemon_args(sim, dir.path()),
                  dir.path(),
                  {"--metrics-listen", "127.0.0.1:0", "--interval", "3600", "--sel-interval", "3600"}};
    int port = metrics_port(daemon);

    // The first temperature sensor with a reading, as the CLI shows it through the daemon.
    json a_temperature() {
        const auto listed = run({IPMIPROV_BIN, "--daemon", daemon.socket(), "sensors", "--json"}, 60s);
        EXPECT_EQ(listed.exit_code, 0) << listed.err;
        for (const auto& sensor : json::parse(listed.out))
            if (sensor["unit"] == "degrees C" && sensor["reading"].is_number()) return sensor;
        return nullptr;
    }
};

TEST_F(DaemonMetricsAgainstIpmiSim, AScrapeIsTheSnapshotLintCleanAndCostsTheBmcNothing) {
    ASSERT_NE(port, 0) << daemon.log();
    const auto sensor = a_temperature();
    ASSERT_TRUE(sensor.is_object());
    const auto before = daemon.stats()["bmc_requests"].get<std::uint64_t>();
    HttpReply text;
    for (int i = 0; i < 5; ++i) text = http_get(port, "/metrics");
    HttpReply open_metrics = http_get(port, "/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
    EXPECT_EQ(daemon.stats()["bmc_requests"].get<std::uint64_t>(), before) << "six scrapes, no BMC request";
    ASSERT_EQ(text.status, 200) << text.head;
    EXPECT_NE(text.head.find("Content-Type: text/plain; version=0.0.4; charset=utf-8"), std::string::npos);
    ASSERT_EQ(open_metrics.status, 200);
    EXPECT_NE(open_metrics.head.find("Content-Type: application/openmetrics-text; version=1.0.0"), std::string::npos);
    EXPECT_TRUE(open_metrics.body.ends_with("# EOF\n"));
    // The sensor's value, as `sensors` shows it, under its name in °C.
    const std::regex sample("ipmi_temperature_celsius\\{[^}]*name=\"" + sensor["name"].get<std::string>() +
                            "\"[^}]*\\} ([-0-9.e+]+)\n");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(text.body, match, sample)) << text.body;
    EXPECT_NEAR(std::stod(match[1].str()), sensor["reading"].get<double>(), 1e-9);
    for (const char* part : {"ipmi", "sel", "chassis", "bmc"})
        EXPECT_NE(text.body.find("ipmi_up{collector=\"" + std::string(part) + "\"} 1\n"), std::string::npos) << part;
    EXPECT_NE(text.body.find("ipmiprov_bmc_requests_total " + std::to_string(before) + "\n"), std::string::npos);
    // promtool lints the text format as a scrape returns it.
    const auto file = dir.path() / "scrape.prom";
    std::ofstream(file) << text.body;
    const auto lint = promtool_check(file);
    EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
    EXPECT_EQ(lint.out + lint.err, "");
    EXPECT_EQ(http_get(port, "/nothing").status, 404);
}

// The shipped rules, with their unit test (tests/fixtures/prometheus), side
// by side in a directory as the test file names them.
std::filesystem::path rules_in(const std::filesystem::path& dir) {
    const std::filesystem::path source = IPMIPROV_SOURCE_DIR;
    std::filesystem::copy_file(source / "tools/daemon/prometheus/ipmiprov-alerts.yml", dir / "ipmiprov-alerts.yml");
    std::filesystem::copy_file(source / "tests/fixtures/prometheus/ipmiprov-alerts-test.yml",
                               dir / "ipmiprov-alerts-test.yml");
    return dir / "ipmiprov-alerts.yml";
}

TEST(PrometheusRules, TheShippedAlertsPassPromtoolsCheckAndFireWhenTheyShould) {
    TempDir dir("ipmiprov-rules-");
    const auto rules = rules_in(dir.path());
    const auto check = run({"promtool", "check", "rules", rules.string()});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("SUCCESS: 6 rules found"), std::string::npos) << check.out;
    const auto tested = run({"promtool", "test", "rules", (dir.path() / "ipmiprov-alerts-test.yml").string()});
    EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
    EXPECT_NE(tested.out.find("SUCCESS"), std::string::npos) << tested.out;
    // The example scrape config, beside the rules it names.
    std::filesystem::copy_file(
        std::filesystem::path(IPMIPROV_SOURCE_DIR) / "tools/daemon/prometheus/prometheus.yml.example",
        dir.path() / "prometheus.yml");
    const auto config = run({"promtool", "check", "config", (dir.path() / "prometheus.yml").string()});
    EXPECT_EQ(config.exit_code, 0) << config.out << config.err;
}

// Debian's Prometheus scraping the daemon: polled through its HTTP API until
// the target is up (the first scrape comes a few seconds after the start).
TEST_F(DaemonMetricsAgainstIpmiSim, PrometheusScrapesItAndItsQueryApiGivesTheValueBack) {
    ASSERT_NE(port, 0) << daemon.log();
    const auto sensor = a_temperature();
    ASSERT_TRUE(sensor.is_object());
    TempDir prometheus_dir("ipmiprov-prometheus-");
    const auto rules = rules_in(prometheus_dir.path());
    const auto config = prometheus_dir.path() / "prometheus.yml";
    std::ofstream(config) << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                          << "rule_files:\n  - " << rules.string() << "\n"
                          << "scrape_configs:\n  - job_name: ipmiprov\n    static_configs:\n"
                          << "      - targets: ['127.0.0.1:" << port << "']\n";
    const int web = free_tcp_port();
    Background prometheus({"prometheus", "--config.file=" + config.string(),
                           "--storage.tsdb.path=" + (prometheus_dir.path() / "data").string(),
                           "--web.listen-address=127.0.0.1:" + std::to_string(web), "--log.level=warn"},
                          prometheus_dir.path() / "prometheus.log");
    json target;
    for (const auto deadline = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < deadline;) {
        const auto targets = http_get(web, "/api/v1/targets");
        if (targets.status == 200) {
            const auto active = json::parse(targets.body)["data"]["activeTargets"];
            if (!active.empty() && active[0]["health"] == "up") {
                target = active[0];
                break;
            }
        }
        std::this_thread::sleep_for(250ms);
    }
    ASSERT_TRUE(target.is_object()) << "no scrape within 60 s";
    EXPECT_EQ(target["lastError"], "");
    const auto query = [&](const std::string& promql) {
        const auto reply = http_get(web, "/api/v1/query?query=" + percent_encoded(promql));
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.status == 200 ? json::parse(reply.body)["data"]["result"] : json::array();
    };
    const auto value =
        query("ipmi_temperature_celsius{job=\"ipmiprov\",name=\"" + sensor["name"].get<std::string>() + "\"}");
    ASSERT_EQ(value.size(), 1U) << value.dump();
    EXPECT_NEAR(std::stod(value[0]["value"][1].get<std::string>()), sensor["reading"].get<double>(), 1e-9);
    EXPECT_EQ(value[0]["metric"]["entity"], sensor["entity"]);
    const auto up = query("ipmi_up{collector=\"ipmi\"}");
    ASSERT_EQ(up.size(), 1U) << up.dump();
    EXPECT_EQ(up[0]["value"][1], "1");
    // The rules loaded and evaluate without error against these series.
    json groups;
    for (const auto deadline = std::chrono::steady_clock::now() + 20s; std::chrono::steady_clock::now() < deadline;) {
        const auto loaded = http_get(web, "/api/v1/rules");
        groups = loaded.status == 200 ? json::parse(loaded.body)["data"]["groups"] : json::array();
        if (!groups.empty() && groups[0]["lastEvaluation"] != "0001-01-01T00:00:00Z") break;
        std::this_thread::sleep_for(250ms);
    }
    ASSERT_EQ(groups.size(), 1U) << groups.dump();
    ASSERT_EQ(groups[0]["rules"].size(), 6U);
    for (const auto& rule : groups[0]["rules"]) EXPECT_EQ(rule["health"], "ok") << rule.dump();
}

}  // namespace
}  // namespace ipmiprov::testing

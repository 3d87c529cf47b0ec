// RMCP+ cipher suites 16 and 17 (RAKP-HMAC-SHA256, HMAC-SHA256-128, with and
// without AES-CBC-128) against an implementation not ours: pyghmi's BMC
// (python3-pyghmi) with the SHA-256 key exchange of tests/fixtures/sha256_bmc.
// ipmitool and FreeIPMI reach it first, so the BMC is right; then ipmiprov,
// in the CLI, in the daemon, and in one session with many packet lengths.
// ipmi_sim speaks 0-14 only, and pyghmi drops packets without integrity,
// so suite 15 has the known answers of the unit tests alone.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "bridge/lan_transport.hpp"
#include "bridge/spec_tables.hpp"
#include "daemon_harness.hpp"
#include "process.hpp"

namespace ipmiprov::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUser = "admin";
constexpr const char* kPassword = "sha256pass";

// The pyghmi BMC on a free loopback port; up when it says "ready".
class Sha256Bmc {
public:
    Sha256Bmc() : dir_("sha256-bmc"), port_(free_udp_port()) {
        log_ = dir_.path() / "bmc.log";
        process_ = std::make_unique<Background>(
            std::vector<std::string>{"/usr/bin/python3", IPMIPROV_SHA256_BMC, std::to_string(port_), kUser, kPassword},
            log_);
        for (int i = 0; i < 150 && log().find("ready") == std::string::npos; ++i) std::this_thread::sleep_for(100ms);
        if (log().find("ready") == std::string::npos)
            throw std::runtime_error("the pyghmi BMC did not start (is python3-pyghmi installed?): " + log());
    }
    [[nodiscard]] std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] std::string log() const {
        std::ifstream in(log_);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

private:
    TempDir dir_;
    int port_;
    std::filesystem::path log_;
    std::unique_ptr<Background> process_;
};

class Sha256AgainstPyghmi : public ::testing::Test {
protected:
    static void SetUpTestSuite() { bmc_ = std::make_unique<Sha256Bmc>(); }
    static void TearDownTestSuite() { bmc_.reset(); }

    static RunResult ipmiprov(const std::vector<std::string>& args, const std::string& password = kPassword) {
        return run(concat({IPMIPROV_BIN, "--lan", bmc_->host_port(), "-U", kUser, "-E", "--timeout", "3"}, args), 30s,
                   {"IPMI_PASSWORD=" + password});
    }
    static RunResult ipmitool(const std::string& suite, const std::vector<std::string>& args) {
        return run(concat({"ipmitool", "-I", "lanplus", "-C", suite, "-H", "127.0.0.1", "-p",
                           std::to_string(bmc_->port()), "-U", kUser, "-P", kPassword},
                          args));
    }

    static std::unique_ptr<Sha256Bmc> bmc_;
};

std::unique_ptr<Sha256Bmc> Sha256AgainstPyghmi::bmc_;

TEST_F(Sha256AgainstPyghmi, IpmitoolAndFreeIpmiReachTheBmcWithSuites16And17) {
    for (const char* suite : {"17", "16"}) {
        auto theirs = ipmitool(suite, {"raw", "0x30", "0x01", "0x0a", "0x0b", "0x0c"});
        ASSERT_EQ(theirs.exit_code, 0) << "ipmitool -C " << suite << ": " << theirs.err << bmc_->log();
        EXPECT_EQ(theirs.out, " 0a 0b 0c\n");
    }
    auto freeipmi = run({"ipmi-raw", "-D", "LAN_2_0", "-I", "17", "-h", bmc_->host_port(), "-u", kUser, "-p", kPassword,
                         "0", "0x30", "0x01", "0x0a", "0x0b"});
    ASSERT_EQ(freeipmi.exit_code, 0) << freeipmi.err;
    EXPECT_EQ(freeipmi.out, "rcvd: 01 00 0A 0B \n");
}

TEST_F(Sha256AgainstPyghmi, TheCliSpeaksSuites17And16AndReadsWhatIpmitoolReads) {
    auto theirs = ipmitool("17", {"raw", "0x06", "0x01"});
    ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
    for (const char* suite : {"17", "16"}) {
        auto ours = ipmiprov({"-C", suite, "raw", "0x06", "0x01"});
        ASSERT_EQ(ours.exit_code, 0) << "-C " << suite << ": " << ours.err;
        EXPECT_EQ(" " + ours.out, theirs.out);
    }
}

// Without -C, the best suite the BMC lists (Get Channel Cipher Suites), as ipmitool does.
TEST_F(Sha256AgainstPyghmi, WithoutASuiteTheCliPicksTheBestTheBmcOffers) {
    auto ours = ipmiprov({"-v", "info", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_NE(ours.err.find("== cipher suites the BMC offers: 17 16; using 17\n== session: RMCP+, cipher suite 17 "
                            "(RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128) with " +
                            bmc_->host_port()),
              std::string::npos)
        << ours.err;
    EXPECT_EQ(nlohmann::json::parse(ours.out)["device_id"], 0x17);
}

TEST_F(Sha256AgainstPyghmi, RefusalsAreSaidInWords) {
    auto wrong = ipmiprov({"-C", "17", "info"}, "not-the-password");
    EXPECT_EQ(wrong.exit_code, 3);
    EXPECT_NE(wrong.err.find("cipher suite 17 session with " + bmc_->host_port() +
                             ": authentication failed: wrong password or user name"),
              std::string::npos)
        << wrong.err;
    auto nobody = run({IPMIPROV_BIN, "--lan", bmc_->host_port(), "-U", "nobody", "-P", kPassword, "-C", "17", "info"});
    EXPECT_EQ(nobody.exit_code, 3);
    EXPECT_NE(nobody.err.find("authentication failed: the BMC has no user \"nobody\""), std::string::npos)
        << nobody.err;
    auto sha1 = ipmiprov({"-C", "3", "info"});
    EXPECT_EQ(sha1.exit_code, 3);
    EXPECT_NE(sha1.err.find("the BMC offers no such cipher suite"), std::string::npos) << sha1.err;
}

// Integrity padding (to four bytes) and AES padding (to sixteen) at every
// length they wrap, in one session, both ways: the BMC echoes each request.
TEST_F(Sha256AgainstPyghmi, OneSessionCarriesEveryPaddingLength) {
    for (const int suite : {17, 16}) {
        bridge::LanOptions options;
        options.host = "127.0.0.1";
        options.port = static_cast<std::uint16_t>(bmc_->port());
        options.user = kUser;
        options.password = kPassword;
        options.cipher_suite = suite;
        auto transport = bridge::open_lan_transport(options);
        ASSERT_TRUE(transport.ok()) << transport.error().message;
        for (std::uint8_t length = 0; length <= 40; ++length) {
            bridge::Request echo{0x30, 0x01, 0, bridge::Target::bmc(), {}};
            for (std::uint8_t i = 0; i < length; ++i) echo.data.push_back(static_cast<std::uint8_t>(0xA0 + i));
            auto reply = (*transport)->exchange(echo, 3s);
            ASSERT_TRUE(reply.ok()) << "suite " << suite << ", " << int(length) << " bytes: " << reply.error().message;
            EXPECT_EQ(reply->completion_code, bridge::cc::kOk);
            EXPECT_EQ(reply->data, echo.data) << "suite " << suite << ", " << int(length) << " bytes";
        }
    }
}

TEST_F(Sha256AgainstPyghmi, TheDaemonHoldsASuite17Session) {
    TempDir dir("sha256-daemon");
    std::ofstream(dir.path() / "password") << kPassword << "\n";
    Daemon daemon({"--lan", bmc_->host_port(), "--user", kUser, "--password-file", (dir.path() / "password").string(),
                   "--cipher-suite", "17"},
                  dir.path());
    auto echoed = run({IPMIPROV_BIN, "--daemon", daemon.socket(), "raw", "0x30", "0x01", "0x17", "0x42"});
    ASSERT_EQ(echoed.exit_code, 0) << echoed.err << daemon.log();
    EXPECT_EQ(echoed.out, "17 42\n");
    auto status = run({IPMIPROV_BIN, "--daemon", daemon.socket(), "daemon", "status", "--json"});
    const auto stats = nlohmann::json::parse(status.out);
    EXPECT_NE(stats["transport"].get<std::string>().find("cipher suite 17"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace ipmiprov::testing

// ipmiprov over LAN against OpenIPMI's ipmi_sim, with ipmitool and FreeIPMI
// as independent oracles on the same simulator.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using Fields = std::map<std::string, std::string>;

// "Key   : value" lines, as ipmitool mc info and FreeIPMI bmc-info print them.
Fields parse_colon_fields(const std::string& text) {
    Fields fields;
    std::istringstream in(text);
    std::string line;
    static const std::regex field(R"(^([A-Za-z][A-Za-z0-9 ]*?)\s*:\s*(.*?)\s*$)");
    std::smatch match;
    while (std::getline(in, line)) {
        if (std::regex_match(line, match, field)) fields.emplace(match[1], match[2]);
    }
    return fields;
}

std::vector<std::string> hex_tokens(const std::string& text) {
    std::vector<std::string> tokens;
    std::istringstream in(text);
    std::string token;
    while (in >> token) tokens.push_back(token);
    return tokens;
}

class LanAgainstIpmiSim : public ::testing::Test {
protected:
    static void SetUpTestSuite() { sim_ = std::make_unique<IpmiSim>(IPMIPROV_IPMISIM_FIXTURE); }
    static void TearDownTestSuite() { sim_.reset(); }

    static RunResult ipmiprov(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
        return run(concat({IPMIPROV_BIN}, args), std::chrono::seconds(30), env);
    }
    static RunResult ipmiprov_lan(const std::vector<std::string>& args) {
        return ipmiprov(concat(sim_->ipmiprov_lan(), args));
    }
    static RunResult ipmitool(const std::vector<std::string>& args, bool ipmi15 = false) {
        return run(concat(sim_->ipmitool(ipmi15), args));
    }

    static std::unique_ptr<IpmiSim> sim_;
};

std::unique_ptr<IpmiSim> LanAgainstIpmiSim::sim_;

void expect_same_identity(const nlohmann::json& ours, const Fields& theirs) {
    EXPECT_EQ(std::to_string(ours["device_id"].get<int>()), theirs.at("Device ID"));
    EXPECT_EQ(std::to_string(ours["device_revision"].get<int>()), theirs.at("Device Revision"));
    EXPECT_EQ(ours["firmware_revision"].get<std::string>(), theirs.at("Firmware Revision"));
    EXPECT_EQ(ours["ipmi_version"].get<std::string>(), theirs.at("IPMI Version"));
    EXPECT_EQ(std::to_string(ours["manufacturer_id"].get<int>()), theirs.at("Manufacturer ID"));
}

TEST_F(LanAgainstIpmiSim, InfoOverRmcpPlusMatchesIpmitool) {
    auto ours = ipmiprov_lan({"-C", "3", "info", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    auto theirs = ipmitool({"mc", "info"});
    ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
    const auto json = nlohmann::json::parse(ours.out);
    const auto fields = parse_colon_fields(theirs.out);
    expect_same_identity(json, fields);
    EXPECT_EQ(fields.at("Product ID").rfind(std::to_string(json["product_id"].get<int>()) + " ", 0), 0U)
        << fields.at("Product ID");
    EXPECT_EQ(json["provides_device_sdrs"].get<bool>(), fields.at("Provides Device SDRs") == "yes");
    EXPECT_NE(json["interface"].get<std::string>().find("RMCP+"), std::string::npos) << json["interface"];
}

TEST_F(LanAgainstIpmiSim, InfoWithTheLibraryDefaultCipherSuite) {
    auto ours = ipmiprov_lan({"info", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(nlohmann::json::parse(ours.out)["ipmi_version"], "2.0");
}

TEST_F(LanAgainstIpmiSim, InfoOverIpmi15MatchesIpmitoolLan) {
    auto ours = ipmiprov_lan({"--ipmi15", "info", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    auto theirs = ipmitool({"mc", "info"}, /*ipmi15=*/true);
    ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
    expect_same_identity(nlohmann::json::parse(ours.out), parse_colon_fields(theirs.out));
}

TEST_F(LanAgainstIpmiSim, InfoMatchesFreeipmiBmcInfo) {
    auto ours = ipmiprov_lan({"info", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    auto theirs = run(concat({"bmc-info", "--get-device-id"}, sim_->freeipmi()));
    ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
    const auto json = nlohmann::json::parse(ours.out);
    const auto fields = parse_colon_fields(theirs.out);
    EXPECT_EQ(std::to_string(json["device_id"].get<int>()), fields.at("Device ID"));
    EXPECT_EQ(json["firmware_revision"].get<std::string>(), fields.at("Firmware Revision"));
    EXPECT_EQ(json["ipmi_version"].get<std::string>(), fields.at("IPMI Version"));
    // bmc-info prints "Name (number)" for manufacturers it knows.
    const auto& manufacturer = fields.at("Manufacturer ID");
    const auto number = std::to_string(json["manufacturer_id"].get<int>());
    EXPECT_TRUE(manufacturer == number || manufacturer.ends_with("(" + number + ")")) << manufacturer;
    EXPECT_EQ(std::to_string(json["product_id"].get<int>()), fields.at("Product ID"));
}

TEST_F(LanAgainstIpmiSim, RawRepliesMatchIpmitoolByteForByte) {
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"6", "1"}, {"0x0a", "0x20"}, {"0x0a", "0x23", "0", "0", "0", "0", "0", "5"}}) {
        auto ours = ipmiprov_lan(concat({"raw"}, command));
        auto theirs = ipmitool(concat({"raw"}, command));
        ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
        ASSERT_EQ(ours.exit_code, 0) << ours.err;
        EXPECT_EQ(hex_tokens(ours.out), hex_tokens(theirs.out)) << "raw " << command[0] << " " << command[1];
    }
}

TEST_F(LanAgainstIpmiSim, RawCompletionCodesMatchIpmitool) {
    auto ours = ipmiprov_lan({"raw", "6", "0x99", "--json"});
    EXPECT_EQ(ours.exit_code, 1);
    auto theirs = ipmitool({"raw", "6", "0x99"});
    EXPECT_NE(theirs.exit_code, 0);
    const auto json = nlohmann::json::parse(ours.out);
    char code[16];
    std::snprintf(code, sizeof code, "rsp=0x%02x", json["completion_code"].get<int>());
    EXPECT_NE(theirs.err.find(code), std::string::npos) << "ipmitool: " << theirs.err << " ours: " << ours.out;

    auto text = ipmiprov_lan({"raw", "6", "0x99"});
    EXPECT_EQ(text.exit_code, 1);
    EXPECT_NE(text.err.find("completion code 0x"), std::string::npos) << text.err;
}

TEST_F(LanAgainstIpmiSim, VerboseTracesEveryRequest) {
    auto ours = ipmiprov_lan({"-v", "raw", "6", "1"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_NE(ours.err.find("-> Get Device ID (netfn 0x06 cmd 0x01) lun 0"), std::string::npos) << ours.err;
    EXPECT_NE(ours.err.find("<- cc 0x00"), std::string::npos);
}

TEST_F(LanAgainstIpmiSim, PasswordFromEnvironmentAndFile) {
    auto from_env = ipmiprov({"--lan", sim_->host_port(), "-U", IpmiSim::kUser, "info"},
                             {std::string("IPMIPROV_PASSWORD=") + IpmiSim::kPassword});
    EXPECT_EQ(from_env.exit_code, 0) << from_env.err;

    TempDir dir("ipmiprov-pwfile-");
    const auto file = dir.path() / "password";
    std::ofstream(file) << IpmiSim::kPassword << "\n";
    auto from_file =
        ipmiprov({"--lan", sim_->host_port(), "-U", IpmiSim::kUser, "--password-file", file.string(), "info"});
    EXPECT_EQ(from_file.exit_code, 0) << from_file.err;
}

TEST_F(LanAgainstIpmiSim, AWrongPasswordIsOneClearLineAndExitCode3) {
    auto ours = ipmiprov({"--lan", sim_->host_port(), "-U", IpmiSim::kUser, "-P", "wrong", "--timeout", "2", "info"});
    EXPECT_EQ(ours.exit_code, 3) << ours.err;
    EXPECT_NE(ours.err.find(sim_->host_port()), std::string::npos) << ours.err;
    EXPECT_NE(ours.err.find("authentication failed: wrong password or user name"), std::string::npos) << ours.err;
    EXPECT_EQ(ours.err.find("libOpenIPMI"), std::string::npos) << "the library's code only with -v: " << ours.err;
    EXPECT_EQ(std::count(ours.err.begin(), ours.err.end(), '\n'), 1) << ours.err;
    EXPECT_TRUE(ours.out.empty());
    auto verbose =
        ipmiprov({"-v", "--lan", sim_->host_port(), "-U", IpmiSim::kUser, "-P", "wrong", "--timeout", "2", "info"});
    EXPECT_NE(verbose.err.find("detail: libOpenIPMI: "), std::string::npos) << verbose.err;
}

// -v traces the session set-up (issue 20, item 4); -vv also its packets,
// each RMCP+ step named: ipmi_sim's RAKP Message 2 fails the check of a
// wrong password, and libOpenIPMI says so.
TEST_F(LanAgainstIpmiSim, VerboseTracesTheSessionSetUpAndDoubleVerboseItsRakpPackets) {
    const auto with = [&](const char* verbosity, const char* password) {
        return ipmiprov({verbosity, "--lan", sim_->host_port(), "-U", IpmiSim::kUser, "-P", password, "-C", "3",
                         "--timeout", "2", "info"});
    };
    const auto open = with("-v", IpmiSim::kPassword);
    ASSERT_EQ(open.exit_code, 0) << open.err;
    EXPECT_NE(open.err.find("== session: RMCP+, cipher suite 3 (RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128) with " +
                            sim_->host_port() + ", user \"ipmiusr\", administrator privilege\n== session open\n"),
              std::string::npos)
        << open.err;
    EXPECT_EQ(open.err.find("libOpenIPMI:"), std::string::npos) << "packets only with -vv";

    const auto refused = with("-v", "wrong");
    EXPECT_EQ(refused.exit_code, 3);
    EXPECT_NE(
        refused.err.find("== session refused: cannot open an RMCP+, cipher suite 3 session with " + sim_->host_port() +
                         ": authentication failed: wrong password or user name [libOpenIPMI: "),
        std::string::npos)
        << refused.err;

    const auto packets = with("-vv", "wrong");
    EXPECT_EQ(packets.exit_code, 3);
    std::size_t at = 0;
    for (const char* step : {"(RMCP+ Open Session Request, §13.17)", "(RMCP+ Open Session Response, §13.18)",
                             "(RAKP Message 1, §13.20)", "(RAKP Message 2, §13.21)"}) {
        at = packets.err.find(step, at);
        ASSERT_NE(at, std::string::npos) << step << " in order, in:\n" << packets.err;
    }
    EXPECT_NE(packets.err.find("libOpenIPMI: Integrity check fail for rakp 2"), std::string::npos) << packets.err;
    EXPECT_EQ(with("-v", "wrong").err.find("RAKP Message"), std::string::npos) << "-v alone has no packets";
}

// What ipmitool and FreeIPMI users type, and what a person gets wrong, in words.
TEST_F(LanAgainstIpmiSim, UnknownUserMissingPasswordAndUnknownHostAreSaidInWords) {
    auto unknown_user = ipmiprov({"--lan", sim_->host_port(), "-U", "nobody", "-P", "x", "--timeout", "2", "info"});
    EXPECT_EQ(unknown_user.exit_code, 3);
    EXPECT_NE(unknown_user.err.find("authentication failed: the BMC has no user \"nobody\""), std::string::npos)
        << unknown_user.err;
    auto no_password = ipmiprov({"--lan", sim_->host_port(), "-U", IpmiSim::kUser, "info"});
    EXPECT_EQ(no_password.exit_code, 2) << "nobody to ask (no terminal): a usage error";
    EXPECT_NE(no_password.err.find("no password: give --password-file FILE"), std::string::npos) << no_password.err;
    auto no_host = ipmiprov({"--lan", "no-such-host.invalid", "-U", IpmiSim::kUser, "-P", "x", "info"});
    EXPECT_EQ(no_host.exit_code, 3);
    EXPECT_NE(no_host.err.find("unknown host \"no-such-host.invalid\""), std::string::npos) << no_host.err;
    // ipmitool's -E and -L, FreeIPMI's -u and -l.
    auto habits =
        ipmiprov({"-H", sim_->host_port(), "-u", IpmiSim::kUser, "-E", "-L", "user", "raw", "0x06", "0x3d", "0x00"},
                 {std::string("IPMI_PASSWORD=") + IpmiSim::kPassword});
    EXPECT_EQ(habits.exit_code, 0) << habits.err;
    EXPECT_NE(habits.out.find(" 02 "), std::string::npos) << "a user-level session: " << habits.out;
}

// More privilege than the account has: one line that says so and the level
// asked for, not the library's "Unknown:86" (ipmi_sim refuses it over IPMI 1.5).
TEST_F(LanAgainstIpmiSim, APrivilegeAboveTheAccountsIsRefusedInWords) {
    auto ours = ipmiprov({"--lan", sim_->host_port(), "-U", "plainusr", "-P", "test3", "--ipmi15", "--privilege",
                          "operator", "--timeout", "2", "info"});
    EXPECT_EQ(ours.exit_code, 3) << ours.err;
    EXPECT_NE(ours.err.find("privilege level exceeds the user's or the channel's limit (operator requested)"),
              std::string::npos)
        << ours.err;
    EXPECT_EQ(std::count(ours.err.begin(), ours.err.end(), '\n'), 1) << ours.err;
    auto allowed = ipmiprov({"--lan", sim_->host_port(), "-U", "plainusr", "-P", "test3", "--ipmi15", "--privilege",
                             "user", "--timeout", "2", "raw", "0x06", "0x3d", "0x00"});
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
    EXPECT_NE(allowed.out.find(" 02 "), std::string::npos) << "the session's level is user: " << allowed.out;
}

TEST_F(LanAgainstIpmiSim, AnUnsupportedCipherSuiteIsAClearError) {
    auto ours = ipmiprov_lan({"-C", "17", "--timeout", "2", "info"});
    EXPECT_EQ(ours.exit_code, 3) << ours.err;
    EXPECT_FALSE(ours.err.empty());
    EXPECT_EQ(std::count(ours.err.begin(), ours.err.end(), '\n'), 1) << ours.err;
}

TEST(LanWithoutBmc, NobodyListeningFailsWithinTheTimeout) {
    const int port = free_udp_port();
    auto ours = run(
        {IPMIPROV_BIN, "--lan", "127.0.0.1:" + std::to_string(port), "-U", "x", "-P", "y", "--timeout", "1", "info"},
        std::chrono::seconds(20));
    EXPECT_TRUE(ours.exit_code == 3 || ours.exit_code == 4) << ours.exit_code << ": " << ours.err;
    EXPECT_NE(ours.err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << ours.err;
    EXPECT_LT(ours.elapsed, std::chrono::seconds(15)) << "bounded by --timeout, not hanging";
}

}  // namespace
}  // namespace ipmiprov::testing

// `ipmiprov lan`, `ipmiprov users` and the system GUID of `info` against
// ipmi_sim (issue 24): the fixture's lan-config.sh stands behind the LAN
// parameters ipmi_sim gets from a program (address, source, MAC, mask,
// gateways), lan.conf has users 2-5 (one disabled); ipmitool's `lan print`
// and `user list`, FreeIPMI's bmc-config and bmc-info are the oracles.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// "Label   : value" lines (ipmitool lan print); the first of each label.
std::map<std::string, std::string> colon_rows(const std::string& text) {
    std::map<std::string, std::string> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const auto colon = line.find(" : ");
        if (colon == std::string::npos) continue;
        rows.emplace(trim(line.substr(0, colon)), trim(line.substr(colon + 3)));
    }
    return rows;
}

// "\tKey   value" lines of a bmc-config checkout.
std::map<std::string, std::string> config_rows(const std::string& text) {
    std::map<std::string, std::string> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] != '\t' || line.find("##") != std::string::npos) continue;
        std::istringstream words(line);
        std::string key;
        words >> key;
        std::string value;
        std::getline(words, value);
        rows[key] = trim(value);
    }
    return rows;
}

class BmcConfigAgainstIpmiSim : public ::testing::Test {
protected:
    static void SetUpTestSuite() { sim_ = std::make_unique<IpmiSim>(IPMIPROV_IPMISIM_FIXTURE); }
    static void TearDownTestSuite() { sim_.reset(); }
    RunResult ipmiprov(const std::vector<std::string>& args) { return ipmiprov_over_lan(*sim_, cache_.path(), args); }
    static RunResult ipmitool(const std::vector<std::string>& args) { return run(concat(sim_->ipmitool(), args)); }
    static RunResult freeipmi(const std::string& tool, const std::vector<std::string>& args) {
        return run(concat(concat({tool}, sim_->freeipmi()), args));
    }

    static std::unique_ptr<IpmiSim> sim_;
    TempDir cache_{"ipmiprov-bmc-config-"};
};
std::unique_ptr<IpmiSim> BmcConfigAgainstIpmiSim::sim_;

TEST_F(BmcConfigAgainstIpmiSim, LanAsIpmitoolAndFreeIpmiSeeIt) {
    auto ours = ipmiprov({"lan", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    const auto channels = json::parse(ours.out);
    ASSERT_EQ(channels.size(), 1U) << "ipmi_sim's one LAN channel";
    const auto& lan = channels[0];
    EXPECT_EQ(lan["channel"], 1);

    auto tool = ipmitool({"lan", "print", "1"});
    ASSERT_EQ(tool.exit_code, 0) << tool.err;
    auto rows = colon_rows(tool.out);
    const std::map<std::string, std::string> sources{
        {"Static Address", "static"}, {"DHCP Address", "dhcp"}, {"BIOS Assigned Address", "bios"}, {"Other", "other"}};
    EXPECT_EQ(sources.at(rows["IP Address Source"]), lan["ip_source"]);
    EXPECT_EQ(rows["IP Address"], lan["ip_address"]);
    EXPECT_EQ(rows["Subnet Mask"], lan["subnet_mask"]);
    EXPECT_EQ(rows["MAC Address"], lan["mac_address"]);
    EXPECT_EQ(rows["Default Gateway IP"], lan["default_gateway"]);
    EXPECT_EQ(rows["Default Gateway MAC"], lan["default_gateway_mac"]);
    EXPECT_EQ(rows["Backup Gateway IP"], lan["backup_gateway"]);
    EXPECT_EQ(rows["802.1q VLAN ID"], "Disabled");
    EXPECT_FALSE(lan["vlan"]["enabled"].get<bool>());
    // "1,2,…,15" and one letter a suite: a = administrator.
    std::string ids;
    std::string letters;
    const std::map<std::string, char> letter{
        {"callback", 'c'}, {"user", 'u'}, {"operator", 'o'}, {"administrator", 'a'}, {"oem", 'O'}};
    for (const auto& suite : lan["cipher_suites"]) {
        if (!ids.empty()) ids += ',';
        ids += std::to_string(suite["id"].get<int>());
        letters += suite["max_privilege"].is_null() ? 'X' : letter.at(suite["max_privilege"].get<std::string>());
    }
    EXPECT_EQ(ids, rows["RMCP+ Cipher Suites"]);
    EXPECT_EQ(letters, rows["Cipher Suite Priv Max"]);
    EXPECT_EQ(lan["ip_address"], "192.0.2.10") << "the fixture's lan-config.sh answered";

    auto config = freeipmi("bmc-config", {"--checkout", "--section=Lan_Conf"});
    ASSERT_EQ(config.exit_code, 0) << config.err;
    auto keys = config_rows(config.out);
    EXPECT_EQ(lower(keys["IP_Address_Source"]), lan["ip_source"]);
    EXPECT_EQ(keys["IP_Address"], lan["ip_address"]);
    EXPECT_EQ(keys["Subnet_Mask"], lan["subnet_mask"]);
    EXPECT_EQ(lower(keys["MAC_Address"]), lan["mac_address"]);
    EXPECT_EQ(keys["Default_Gateway_IP_Address"], lan["default_gateway"]);
    EXPECT_EQ(lower(keys["Default_Gateway_MAC_Address"]), lan["default_gateway_mac"]);

    // The text form and ipmitool's own words for it.
    auto text = ipmiprov({"lan", "print", "1"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("IP address            192.0.2.10"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Cipher suites         1 administrator, 2 administrator"), std::string::npos);
}

TEST_F(BmcConfigAgainstIpmiSim, UsersAsIpmitoolListsThem) {
    auto ours = ipmiprov({"users", "--channel", "1", "--all", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    const auto users = json::parse(ours.out);
    EXPECT_EQ(users["max_user_ids"], 63);
    ASSERT_EQ(users["users"].size(), 63U);
    auto tool = ipmitool({"user", "list", "1"});
    ASSERT_EQ(tool.exit_code, 0) << tool.err;
    std::istringstream in(tool.out);
    std::string line;
    std::getline(in, line);  // the header
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string word; words >> word;) w.push_back(word);
        if (w.size() < 5) continue;
        const int id = std::stoi(w[0]);
        const bool named = w[1] != "true" && w[1] != "false";
        const std::string name = named ? w[1] : "";
        const std::size_t at = named ? 2 : 1;
        std::string privilege;
        for (std::size_t i = at + 3; i < w.size(); ++i) {
            if (!privilege.empty()) privilege += ' ';
            privilege += w[i];
        }
        const auto& user = users["users"][id - 1];
        SCOPED_TRACE(line);
        EXPECT_EQ(user["id"], id);
        EXPECT_EQ(user["name"].is_null() ? "" : user["name"].get<std::string>(), name);
        const auto& channel = user["channels"][0];
        EXPECT_EQ(channel["callback_only"].get<bool>(), w[at] == "false") << "Callin is its inverse";
        EXPECT_EQ(channel["link_auth"].get<bool>(), w[at + 1] == "true");
        EXPECT_EQ(channel["ipmi_messaging"].get<bool>(), w[at + 2] == "true");
        const std::map<std::string, std::string> names{
            {"ADMINISTRATOR", "administrator"}, {"OPERATOR", "operator"},   {"USER", "user"},
            {"CALLBACK", "callback"},           {"NO ACCESS", "no access"}, {"Unknown (0x00)", "reserved (0)"}};
        EXPECT_EQ(names.at(privilege), channel["privilege"]);
        ++rows;
    }
    EXPECT_EQ(rows, 63U);

    // Without --all: the configured ones only; no secret anywhere.
    auto configured = ipmiprov({"users", "--json"});
    ASSERT_EQ(configured.exit_code, 0) << configured.err;
    const auto shown = json::parse(configured.out)["users"];
    std::vector<int> ids;
    for (const auto& user : shown) ids.push_back(user["id"].get<int>());
    EXPECT_EQ(ids, (std::vector<int>{2, 3, 4, 5}));
    // What was asked: user access and names, never Set User Password (its "test password" operation).
    auto traced = ipmiprov({"-v", "users", "--channel", "1", "--all"});
    ASSERT_EQ(traced.exit_code, 0) << traced.err;
    EXPECT_EQ(requests_in_trace(traced.err, "Get User Access"), 63U) << traced.err;
    EXPECT_EQ(requests_in_trace(traced.err, "Get User Name"), 63U);
    EXPECT_EQ(requests_in_trace(traced.err, "Password"), 0U);
    EXPECT_EQ(shown[2]["name"], "oper");
    EXPECT_EQ(shown[2]["channels"][0]["privilege"], "operator");
    EXPECT_FALSE(shown[3]["channels"][0]["ipmi_messaging"].get<bool>()) << "olduser, disabled";
    EXPECT_TRUE(shown[3]["enabled"].is_null()) << "ipmi_sim does not report the enable status";

    auto config = freeipmi("bmc-config", {"--checkout", "--section=User4"});
    auto keys = config_rows(config.out);
    EXPECT_EQ(keys["Username"], "oper") << config.out << config.err;
    EXPECT_EQ(keys["Lan_Privilege_Limit"], "Operator");
    EXPECT_EQ(keys["Lan_Enable_IPMI_Msgs"], "Yes");

    auto table = ipmiprov({"user", "list", "1"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("olduser"), std::string::npos) << table.out;
}

TEST_F(BmcConfigAgainstIpmiSim, InfoHasTheSystemGuidAsBmcInfoPrintsIt) {
    auto ours = ipmiprov({"info", "--json"});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    const auto info = json::parse(ours.out);
    auto tool = freeipmi("bmc-info", {"--get-system-guid"});
    ASSERT_EQ(tool.exit_code, 0) << tool.err;
    EXPECT_EQ(info["system_guid"], trim(tool.out));
    EXPECT_EQ(info["system_guid"], "31302d74-7365-742d-766f-7270696d7069");
    EXPECT_EQ(info["aux_firmware_revision"], "00 00 00 00");
    auto text = ipmiprov({"info"});
    EXPECT_NE(text.out.find("System GUID:          31302d74-7365-742d-766f-7270696d7069"), std::string::npos)
        << text.out;
}

TEST_F(BmcConfigAgainstIpmiSim, BadChannelsAreClearErrors) {
    auto bad = ipmiprov({"lan", "--channel", "16"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("not 0 to 15"), std::string::npos) << bad.err;
    // Channel 2 is not there, channel 0 is IPMB: said, nothing invented.
    auto absent = ipmiprov({"lan", "--channel", "2", "--json"});
    EXPECT_EQ(absent.exit_code, 1);
    EXPECT_NE(absent.err.find("Get Channel Info"), std::string::npos) << absent.err;
    EXPECT_TRUE(absent.out.empty());
    auto ipmb = ipmiprov({"lan", "--channel", "0"});
    EXPECT_EQ(ipmb.exit_code, 1);
    EXPECT_NE(ipmb.err.find("channel 0 is IPMB, not a LAN channel"), std::string::npos) << ipmb.err;
    EXPECT_EQ(ipmiprov({"users", "--all", "--target", "0x20"}).exit_code, 2);
}

}  // namespace
}  // namespace ipmiprov::testing

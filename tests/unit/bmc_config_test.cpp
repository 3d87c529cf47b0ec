// The BMC's channels, LAN configuration and users (provider/bmc): each
// decoder, and the reads over a controller that answers from tables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "bridge/system_guid.hpp"
#include "bridge/transport.hpp"
#include "provider/bmc/channels.hpp"
#include "provider/bmc/lan.hpp"
#include "provider/bmc/users.hpp"

namespace ipmiprov::provider::bmc {
namespace {

using ::testing::HasSubstr;
using Bytes = std::vector<std::uint8_t>;

TEST(BmcChannels, ChannelInfoAndNames) {
    auto info = decode_channel_info(Bytes{0x01, 0x04, 0x01, 0x81, 0xF2, 0x1B, 0x00, 0x00, 0x00});
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->number, 1);
    EXPECT_TRUE(info->is_lan());
    EXPECT_EQ(info->session_support, 2);
    EXPECT_EQ(info->active_sessions, 1);
    EXPECT_EQ(info->vendor_id, 7154U);
    EXPECT_EQ(medium_name(0x04), "802.3 LAN");
    EXPECT_EQ(medium_name(0x0C), "system interface");
    EXPECT_EQ(medium_name(0x55), "reserved");
    EXPECT_FALSE(decode_channel_info(Bytes{0x01, 0x04}).ok());
    EXPECT_EQ(privilege_name(4), "administrator");
    EXPECT_EQ(privilege_name(0x0F), "no access");
    EXPECT_FALSE(privilege_name(0));
}

TEST(BmcLan, ParameterDecoders) {
    EXPECT_EQ(decode_ip_source(Bytes{0x02}), 2);
    EXPECT_EQ(ip_source_name(1), "static");
    EXPECT_EQ(ip_source_name(9), "reserved (9)");
    auto ip = decode_ipv4(Bytes{192, 0, 2, 10});
    ASSERT_TRUE(ip);
    EXPECT_EQ(ipv4_text(*ip), "192.0.2.10");
    EXPECT_FALSE(decode_ipv4(Bytes{192, 0, 2}));
    auto mac = decode_mac(Bytes{0x52, 0x54, 0x00, 0x12, 0x34, 0x56});
    ASSERT_TRUE(mac);
    EXPECT_EQ(mac_text(*mac), "52:54:00:12:34:56");
    auto vlan = decode_vlan(Bytes{0x64, 0x80});
    ASSERT_TRUE(vlan);
    EXPECT_TRUE(vlan->enabled);
    EXPECT_EQ(vlan->id, 100);
    vlan = decode_vlan(Bytes{0xFF, 0x0F});
    EXPECT_FALSE(vlan->enabled);
    EXPECT_EQ(vlan->id, 0xFFF);
}

TEST(BmcLan, CipherSuitesTrustTheFewestAndReadNibblesLowFirst) {
    // Count 3, four IDs listed (ipmi_sim lists one more than it counts), privileges 4,3 then 2.
    auto suites = decode_cipher_suites(Bytes{0x03}, Bytes{0x00, 0x01, 0x03, 0x11, 0x0F}, Bytes{0x00, 0x34, 0x02});
    ASSERT_EQ(suites.size(), 3U);
    EXPECT_EQ(suites[0].id, 1);
    EXPECT_EQ(suites[0].max_privilege, 4);
    EXPECT_EQ(suites[1].id, 3);
    EXPECT_EQ(suites[1].max_privilege, 3);
    EXPECT_EQ(suites[2].id, 0x11);
    EXPECT_EQ(suites[2].max_privilege, 2);
    // Privileges missing: the suites still, without a level.
    suites = decode_cipher_suites(Bytes{0x02}, Bytes{0x00, 0x03, 0x11}, Bytes{});
    ASSERT_EQ(suites.size(), 2U);
    EXPECT_EQ(suites[1].max_privilege, 0);
    EXPECT_TRUE(decode_cipher_suites(Bytes{}, Bytes{}, Bytes{}).empty());
}

TEST(BmcUsers, UserAccessAndName) {
    auto access = decode_user_access(Bytes{0x3F, 0x42, 0x01, 0x34});
    ASSERT_TRUE(access.ok());
    EXPECT_EQ(access->max_user_ids, 63);
    EXPECT_EQ(access->enable_status, 1);
    EXPECT_EQ(access->enabled_users, 2);
    EXPECT_EQ(access->fixed_names, 1);
    EXPECT_FALSE(access->callback_only);
    EXPECT_TRUE(access->link_auth);
    EXPECT_TRUE(access->ipmi_messaging);
    EXPECT_EQ(access->privilege, 4);
    EXPECT_FALSE(decode_user_access(Bytes{0x3F}).ok());
    Bytes name(16, 0);
    name[0] = 'a';
    name[1] = 'd';
    EXPECT_EQ(*decode_user_name(name), "ad");
    Bytes full(16, 'x');
    EXPECT_EQ(decode_user_name(full)->size(), 16U) << "16 characters need no NUL";
    EXPECT_FALSE(decode_user_name(Bytes(5, 'x')).ok());
}

TEST(BmcGuid, IpmiOrderIsTheRfcStringReversed) {
    const Bytes data{0xA1, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xA1, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
    auto guid = bridge::decode_system_guid(data);
    ASSERT_TRUE(guid.ok());
    EXPECT_EQ(bridge::guid_text(*guid), "efcdab89-6745-23a1-efcd-ab89674523a1");
    EXPECT_FALSE(bridge::decode_system_guid(Bytes(15, 0)).ok());
}

// A BMC with LAN channels 1 and 3, users 2 (admin, enabled) and 4 (disabled, no access).
class TableBmc final : public bridge::Transport {
public:
    std::map<std::uint8_t, Bytes> lan_parameters;
    int requests = 0;
    bool silent = false;
    bridge::Result<bridge::Response> exchange(const bridge::Request& r, std::chrono::milliseconds) override {
        ++requests;
        if (silent) return bridge::make_error(bridge::ErrorKind::Timeout, "no reply");
        if (r.netfn == kNetFnApp && r.cmd == kGetChannelInfo) {
            const auto channel = r.data.at(0);
            if (channel == 1 || channel == 3)
                return bridge::Response{0, {channel, 0x04, 0x01, 0x80, 0xF2, 0x1B, 0x00, 0, 0}};
            if (channel == 2) return bridge::Response{0, {channel, 0x05, 0x02, 0x00, 0xF2, 0x1B, 0x00, 0, 0}};
            return bridge::Response{0xCC, {}};
        }
        if (r.netfn == kNetFnTransport && r.cmd == kGetLanConfigParameters) {
            auto found = lan_parameters.find(r.data.at(1));
            if (found == lan_parameters.end()) return bridge::Response{0x80, {}};
            Bytes data{0x11};
            data.insert(data.end(), found->second.begin(), found->second.end());
            return bridge::Response{0, data};
        }
        if (r.netfn == kNetFnApp && r.cmd == kGetUserAccess) {
            const auto id = r.data.at(1);
            const std::uint8_t channel_bit = r.data.at(0) == 3 ? 0x00 : 0x10;  // messaging on channel 1 only
            if (id == 2) return bridge::Response{0, {0x04, 0x41, 0x01, static_cast<std::uint8_t>(0x24 | channel_bit)}};
            if (id == 4) return bridge::Response{0, {0x04, 0x81, 0x01, 0x0F}};
            return bridge::Response{0, {0x04, 0x01, 0x01, 0x00}};
        }
        if (r.netfn == kNetFnApp && r.cmd == kGetUserName) {
            const auto id = r.data.at(0);
            if (id == 1) return bridge::Response{0xCC, {}};
            Bytes name(16, 0);
            const std::string text = id == 2 ? "admin" : id == 4 ? "olduser" : "";
            std::copy(text.begin(), text.end(), name.begin());
            return bridge::Response{0, name};
        }
        return bridge::Response{0xC1, {}};
    }
    [[nodiscard]] std::string description() const override { return "table"; }
};

struct OverTableBmc : ::testing::Test {
    TableBmc* bmc = nullptr;
    std::unique_ptr<bridge::Engine> engine;
    OverTableBmc() {
        auto owned = std::make_unique<TableBmc>();
        bmc = owned.get();
        bridge::EngineOptions options;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(std::move(owned), options);
    }
};

TEST_F(OverTableBmc, LanChannelsAreTheLanOnes) {
    auto channels = lan_channels(*engine);
    ASSERT_TRUE(channels.ok());
    ASSERT_EQ(channels->size(), 2U);
    EXPECT_EQ((*channels)[0].number, 1);
    EXPECT_EQ((*channels)[1].number, 3);
    EXPECT_EQ(bmc->requests, 11) << "channels 1 to 11, once each";
    bmc->silent = true;
    EXPECT_FALSE(lan_channels(*engine).ok()) << "a silent BMC is an error, not no channels";
}

TEST_F(OverTableBmc, LanConfigWithUnsupportedParametersAsNotes) {
    bmc->lan_parameters = {{3, {192, 0, 2, 10}},
                           {4, {0x01}},
                           {5, {0x52, 0x54, 0, 0x12, 0x34, 0x56}},
                           {6, {255, 255, 255, 0}},
                           {12, {192, 0, 2, 1}},
                           {20, {0x64, 0x80}},
                           {21, {0x03}},
                           {22, {0x02}},
                           {23, {0x00, 0x03, 0x11}},
                           {24, {0x00, 0x44}},
                           {13, {1, 2}}};
    auto config = read_lan_config(*engine, 1);
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->ip_source, 1);
    EXPECT_EQ(ipv4_text(*config->ip_address), "192.0.2.10");
    EXPECT_EQ(ipv4_text(*config->subnet_mask), "255.255.255.0");
    EXPECT_EQ(ipv4_text(*config->default_gateway), "192.0.2.1");
    EXPECT_FALSE(config->default_gateway_mac);
    EXPECT_TRUE(config->vlan && config->vlan->enabled && config->vlan->id == 100);
    EXPECT_EQ(config->vlan_priority, 3);
    ASSERT_TRUE(config->cipher_suites);
    ASSERT_EQ(config->cipher_suites->size(), 2U);
    EXPECT_EQ((*config->cipher_suites)[1].id, 0x11);
    EXPECT_EQ((*config->cipher_suites)[1].max_privilege, 4);
    // 14 and 15 are not supported; 13 came short.
    EXPECT_THAT(config->notes, ::testing::Contains(HasSubstr("parameter 14 (backup gateway address): not supported")));
    EXPECT_THAT(config->notes,
                ::testing::Contains(HasSubstr("parameter 13 (default gateway MAC address): reply too short")));
    const auto json = lan_json(*config);
    EXPECT_EQ(json["ip_source"], "static");
    EXPECT_EQ(json["mac_address"], "52:54:00:12:34:56");
    EXPECT_EQ(json["vlan"]["priority"], 3);
    EXPECT_EQ(json["cipher_suites"][1]["max_privilege"], "administrator");
    EXPECT_TRUE(json["backup_gateway"].is_null());
    std::ostringstream text;
    print_lan(text, *config);
    EXPECT_THAT(text.str(), HasSubstr("VLAN                  100 (priority 3)"));
    EXPECT_THAT(text.str(), HasSubstr("Cipher suites         3 administrator, 17 administrator"));
}

TEST_F(OverTableBmc, UsersOnEachChannelWithoutSecrets) {
    auto users = read_users(*engine, {1, 3});
    ASSERT_TRUE(users.ok()) << users.error().message;
    EXPECT_EQ(users->max_user_ids, 4);
    ASSERT_EQ(users->users.size(), 4U);
    const auto& admin = users->users[1];
    EXPECT_EQ(admin.name, "admin");
    EXPECT_EQ(admin.enabled, true);
    ASSERT_EQ(admin.channels.size(), 2U);
    EXPECT_TRUE(admin.channels[0].ipmi_messaging);
    EXPECT_FALSE(admin.channels[1].ipmi_messaging);
    EXPECT_TRUE(admin.channels[0].link_auth);
    EXPECT_EQ(admin.channels[0].privilege, 4);
    EXPECT_FALSE(users->users[0].name) << "user 1's name refused (CCh): none, not an error";
    EXPECT_FALSE(users->users[0].configured());
    EXPECT_FALSE(users->users[2].configured());
    EXPECT_EQ(users->users[3].enabled, false);
    EXPECT_TRUE(users->users[3].configured()) << "named";
    const auto json = users_json(*users, false);
    ASSERT_EQ(json["users"].size(), 2U);
    EXPECT_EQ(json["users"][0]["channels"][0]["privilege"], "administrator");
    EXPECT_EQ(json["users"][1]["channels"][0]["privilege"], "no access");
    EXPECT_EQ(users_json(*users, true)["users"].size(), 4U);
    std::vector<std::string> keys;
    for (const auto& [key, value] : json["users"][0].items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"id", "name", "enabled", "channels"})) << "what a user is, and no more";
    // 4 users x 2 channels of access, 4 names.
    EXPECT_EQ(bmc->requests, 12);
}

}  // namespace
}  // namespace ipmiprov::provider::bmc

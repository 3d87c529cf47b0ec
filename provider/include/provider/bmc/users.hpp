// The BMC's users (IPMI 2.0 §22.27 Get User Access, §22.29 Get User Name),
// read-only and without secrets: each user ID's name, whether it is
// enabled, and per channel its privilege limit and what it may do.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "bridge/engine.hpp"

namespace ipmiprov::provider::bmc {

inline constexpr std::uint8_t kGetUserAccess = 0x44;
inline constexpr std::uint8_t kGetUserName = 0x46;

// One Get User Access reply.
struct UserAccess {
    std::uint8_t max_user_ids = 0;
    std::uint8_t enable_status = 0;  // bits 7:6 of byte 2: 0 unspecified, 1 enabled, 2 disabled
    std::uint8_t enabled_users = 0;
    std::uint8_t fixed_names = 0;
    bool callback_only = false;
    bool link_auth = false;
    bool ipmi_messaging = false;
    std::uint8_t privilege = 0;  // bits 3:0: 1..5, Fh no access
};

bridge::Request user_access_request(std::uint8_t channel, std::uint8_t user_id);
bridge::Result<UserAccess> decode_user_access(std::span<const std::uint8_t> data);
bridge::Request user_name_request(std::uint8_t user_id);
// 16 bytes, NUL-padded (not terminated when 16 long); Latin-1 shown as UTF-8.
bridge::Result<std::string> decode_user_name(std::span<const std::uint8_t> data);

struct ChannelAccess {
    std::uint8_t channel = 0;
    std::uint8_t privilege = 0;
    bool ipmi_messaging = false;
    bool link_auth = false;
    bool callback_only = false;
};

struct User {
    std::uint8_t id = 0;
    std::optional<std::string> name;  // nullopt: the BMC gave none (user 1 often)
    std::optional<bool> enabled;      // nullopt: the BMC does not say (bits 7:6 are 00b)
    std::vector<ChannelAccess> channels;
    // A user to show: named, enabled, or with any access on a channel.
    [[nodiscard]] bool configured() const;
};

struct Users {
    std::uint8_t max_user_ids = 0;
    std::uint8_t enabled_users = 0;
    std::uint8_t fixed_names = 0;
    std::vector<std::uint8_t> channels;
    std::vector<User> users;  // every ID 1..max, in order
};

// Users 1..max (at most 63) on each of `channels` (one Get User Access per
// user and channel, one Get User Name per user). A user whose name or
// access the BMC refuses is kept with what it did say; a silent BMC is an error.
bridge::Result<Users> read_users(bridge::Engine& engine, const std::vector<std::uint8_t>& channels);
// The users on every LAN channel the BMC has (lan_channels); none is
// no_lan_channel().
bridge::Result<Users> read_lan_users(bridge::Engine& engine);

nlohmann::ordered_json users_json(const Users& users, bool all);
void print_users(std::ostream& out, const Users& users, bool all);

}  // namespace ipmiprov::provider::bmc

#include "provider/bmc/users.hpp"

#include <algorithm>
#include <iomanip>

#include "provider/bmc/channels.hpp"
#include "provider/spec/packed_text.hpp"

namespace ipmiprov::provider::bmc {
namespace {

using nlohmann::ordered_json;

constexpr std::uint8_t kNoAccess = 0x0F;
constexpr std::uint8_t kMaxUserIds = 63;  // §22.27: 6 bits

std::string privilege_text(std::uint8_t level) {
    return std::string(privilege_name(level).value_or("reserved (" + std::to_string(level) + ")"));
}

ordered_json enabled_json(const std::optional<bool>& enabled) {
    if (!enabled) return nullptr;
    return *enabled;
}

}  // namespace

bridge::Request user_access_request(std::uint8_t channel, std::uint8_t user_id) {
    return bridge::Request{kNetFnApp,
                           kGetUserAccess,
                           0,
                           bridge::Target::bmc(),
                           {static_cast<std::uint8_t>(channel & 0x0F), static_cast<std::uint8_t>(user_id & 0x3F)}};
}

bridge::Result<UserAccess> decode_user_access(std::span<const std::uint8_t> data) {
    if (data.size() < 4)
        return bridge::make_error(bridge::ErrorKind::Protocol,
                                  "Get User Access: " + std::to_string(data.size()) + " of 4 bytes");
    UserAccess access;
    access.max_user_ids = data[0] & 0x3F;
    access.enable_status = data[1] >> 6;
    access.enabled_users = data[1] & 0x3F;
    access.fixed_names = data[2] & 0x3F;
    access.callback_only = (data[3] & 0x40) != 0;
    access.link_auth = (data[3] & 0x20) != 0;
    access.ipmi_messaging = (data[3] & 0x10) != 0;
    access.privilege = data[3] & 0x0F;
    return access;
}

bridge::Request user_name_request(std::uint8_t user_id) {
    return bridge::Request{
        kNetFnApp, kGetUserName, 0, bridge::Target::bmc(), {static_cast<std::uint8_t>(user_id & 0x3F)}};
}

bridge::Result<std::string> decode_user_name(std::span<const std::uint8_t> data) {
    if (data.size() < 16)
        return bridge::make_error(bridge::ErrorKind::Protocol,
                                  "Get User Name: " + std::to_string(data.size()) + " of 16 bytes");
    return spec::decode_latin1(data.first(16));
}

bool User::configured() const {
    if ((name && !name->empty()) || enabled.value_or(false)) return true;
    return std::any_of(channels.begin(), channels.end(),
                       [](const ChannelAccess& c) { return c.privilege != 0 && c.privilege != kNoAccess; });
}

bridge::Result<Users> read_users(bridge::Engine& engine, const std::vector<std::uint8_t>& channels) {
    Users users;
    users.channels = channels;
    if (channels.empty()) return users;
    // User 1's access on the first channel says how many IDs there are.
    std::uint8_t max_ids = 1;
    for (std::uint8_t id = 1; id <= std::min(max_ids, kMaxUserIds); ++id) {
        User user;
        user.id = id;
        for (auto channel : channels) {
            auto reply = engine.call(user_access_request(channel, id));
            if (!reply.ok()) {
                if (bridge::bmc_stopped_answering(reply.error())) return reply.error();
                if (id == 1 && channel == channels.front()) return reply.error();  // nothing to go on
                continue;
            }
            auto access = decode_user_access(*reply);
            if (!access.ok()) return access.error();
            if (id == 1 && channel == channels.front()) {
                max_ids = std::max<std::uint8_t>(access->max_user_ids, 1);
                users.max_user_ids = access->max_user_ids;
                users.enabled_users = access->enabled_users;
                users.fixed_names = access->fixed_names;
            }
            if (access->enable_status == 1) user.enabled = true;
            if (access->enable_status == 2) user.enabled = false;
            user.channels.push_back(
                {channel, access->privilege, access->ipmi_messaging, access->link_auth, access->callback_only});
        }
        auto name = engine.call(user_name_request(id));
        if (name.ok()) {
            if (auto text = decode_user_name(*name); text.ok()) user.name = *text;
        } else if (bridge::bmc_stopped_answering(name.error())) {
            return name.error();
        }
        users.users.push_back(std::move(user));
    }
    return users;
}

ordered_json users_json(const Users& users, bool all) {
    ordered_json json{{"max_user_ids", users.max_user_ids},
                      {"enabled_users", users.enabled_users},
                      {"fixed_names", users.fixed_names},
                      {"channels", users.channels},
                      {"users", ordered_json::array()}};
    for (const auto& user : users.users) {
        if (!all && !user.configured()) continue;
        ordered_json entry{{"id", user.id},
                           {"name", user.name ? ordered_json(*user.name) : ordered_json(nullptr)},
                           {"enabled", enabled_json(user.enabled)},
                           {"channels", ordered_json::array()}};
        for (const auto& c : user.channels)
            entry["channels"].push_back({{"channel", c.channel},
                                         {"privilege", privilege_text(c.privilege)},
                                         {"ipmi_messaging", c.ipmi_messaging},
                                         {"link_auth", c.link_auth},
                                         {"callback_only", c.callback_only}});
        json["users"].push_back(std::move(entry));
    }
    return json;
}

void print_users(std::ostream& out, const Users& users, bool all) {
    out << std::left << std::setw(4) << "ID" << std::setw(18) << "Name" << std::setw(9) << "Enabled" << std::setw(9)
        << "Channel" << std::setw(15) << "Privilege" << std::setw(10) << "IPMI msg"
        << "Link auth\n";
    for (const auto& user : users.users) {
        if (!all && !user.configured()) continue;
        const std::string enabled = user.enabled ? (*user.enabled ? "yes" : "no") : "-";
        for (std::size_t i = 0; i < std::max<std::size_t>(user.channels.size(), 1); ++i) {
            out << std::setw(4) << (i == 0 ? std::to_string(user.id) : "") << std::setw(18)
                << (i == 0 ? user.name.value_or("") : "") << std::setw(9) << (i == 0 ? enabled : "");
            if (i < user.channels.size()) {
                const auto& c = user.channels[i];
                out << std::setw(9) << int{c.channel} << std::setw(15) << privilege_text(c.privilege) << std::setw(10)
                    << (c.ipmi_messaging ? "yes" : "no") << (c.link_auth ? "yes" : "no");
            }
            out << '\n';
        }
    }
}

bridge::Result<Users> read_lan_users(bridge::Engine& engine) {
    auto channels = lan_channel_numbers(engine);
    if (!channels.ok()) return channels.error();
    return read_users(engine, *channels);
}

}  // namespace ipmiprov::provider::bmc

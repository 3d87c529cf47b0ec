// The simulated BMC's FRU devices, LAN channel and users (sim_inventory.hpp).
#include "bridge/sim_inventory.hpp"

#include <algorithm>
#include <array>

#include "bridge/bytes.hpp"

namespace ipmiprov::bridge::sim {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint8_t kNetFnApp = 0x06;
constexpr std::uint8_t kNetFnStorage = 0x0A;
constexpr std::uint8_t kInvalidDataField = 0xCC;
constexpr std::uint8_t kNotPresent = 0xCB;
constexpr std::uint8_t kLengthInvalid = 0xC7;
constexpr std::uint8_t kMaxFruRead = 32;  // a small BMC's limit: longer reads are cut, as §34.2 allows
constexpr std::uint8_t kMedium8023Lan = 0x04;
constexpr std::uint8_t kProtocolIpmb = 0x01;
constexpr std::uint8_t kMultiSession = 0x80;
constexpr std::uint32_t kIpmiForumIana = 7154;
constexpr std::size_t kUserNameBytes = 16;

Response reply(std::uint8_t code, Bytes data = {}) {
    return Response{code, std::move(data)};
}

// §34.1: size (LSB first), byte access.
Response fru_area_info(const SimInventory& inventory, const Request& request) {
    if (request.data.empty()) return reply(kLengthInvalid);
    const auto device = inventory.fru.find(request.data[0]);
    if (device == inventory.fru.end()) return reply(kNotPresent);
    Bytes out;
    put_u16le(out, static_cast<std::uint16_t>(device->second.size()));
    out.push_back(0x00);
    return reply(0, std::move(out));
}

// §34.2: device, offset (LSB first), count; the bytes there, at most kMaxFruRead.
Response read_fru_data(const SimInventory& inventory, const Request& request) {
    if (request.data.size() < 4) return reply(kLengthInvalid);
    const auto device = inventory.fru.find(request.data[0]);
    if (device == inventory.fru.end()) return reply(kNotPresent);
    const std::size_t offset = request.data[1] | (request.data[2] << 8);
    const auto& bytes = device->second;
    if (offset >= bytes.size()) return reply(kInvalidDataField);
    const auto count = std::min<std::size_t>({request.data[3], kMaxFruRead, bytes.size() - offset});
    Bytes out{static_cast<std::uint8_t>(count)};
    const auto first = bytes.begin() + static_cast<std::ptrdiff_t>(offset);
    out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(count));
    return reply(0, std::move(out));
}

// §22.24: the LAN channel alone; any other is not there (CCh).
Response channel_info(const SimInventory& inventory, const Request& request) {
    if (request.data.empty()) return reply(kLengthInvalid);
    const auto channel = static_cast<std::uint8_t>(request.data[0] & 0x0F);
    if (inventory.lan_channel == 0 || channel != inventory.lan_channel) return reply(kInvalidDataField);
    Bytes out{channel, kMedium8023Lan, kProtocolIpmb, kMultiSession};
    put_u24le(out, kIpmiForumIana);
    out.push_back(0x00);
    out.push_back(0x00);
    return reply(0, std::move(out));
}

const SimUser* find_user(const SimInventory& inventory, std::uint8_t id) {
    const auto found = std::find_if(inventory.users.begin(), inventory.users.end(),
                                    [&](const SimUser& user) { return user.id == id; });
    return found == inventory.users.end() ? nullptr : &*found;
}

// §22.27: max IDs, enabled status and count, fixed names, the user's access.
Response user_access(const SimInventory& inventory, const Request& request) {
    if (request.data.size() < 2) return reply(kLengthInvalid);
    const auto channel = static_cast<std::uint8_t>(request.data[0] & 0x0F);
    const auto id = static_cast<std::uint8_t>(request.data[1] & 0x3F);
    if (inventory.lan_channel == 0 || channel != inventory.lan_channel || id == 0 || id > inventory.max_users)
        return reply(kInvalidDataField);
    const auto enabled_count =
        std::count_if(inventory.users.begin(), inventory.users.end(), [](const SimUser& user) { return user.enabled; });
    const auto* user = find_user(inventory, id);
    const bool enabled = user && user->enabled;
    Bytes out{
        inventory.max_users, static_cast<std::uint8_t>((enabled ? 0x40 : 0x80) | (enabled_count & 0x3F)), 0x00,
        static_cast<std::uint8_t>(user ? ((user->ipmi_messaging ? 0x10 : 0x00) | (user->privilege & 0x0F)) : 0x0F)};
    return reply(0, std::move(out));
}

// §22.29: 16 bytes, padded with zeros.
Response user_name(const SimInventory& inventory, const Request& request) {
    if (request.data.empty()) return reply(kLengthInvalid);
    const auto id = static_cast<std::uint8_t>(request.data[0] & 0x3F);
    if (id == 0 || id > inventory.max_users) return reply(kInvalidDataField);
    Bytes out(kUserNameBytes, 0x00);
    if (const auto* user = find_user(inventory, id))
        std::copy_n(user->name.begin(), std::min(user->name.size(), kUserNameBytes), out.begin());
    return reply(0, std::move(out));
}

}  // namespace

std::optional<Response> inventory_command(const SimInventory& inventory, const Request& request) {
    struct Route {
        std::uint8_t netfn;
        std::uint8_t cmd;
        Response (*handler)(const SimInventory&, const Request&);
    };
    static constexpr std::array kRoutes{
        Route{kNetFnStorage, 0x10, &fru_area_info}, Route{kNetFnStorage, 0x11, &read_fru_data},
        Route{kNetFnApp, 0x42, &channel_info},      Route{kNetFnApp, 0x44, &user_access},
        Route{kNetFnApp, 0x46, &user_name},
    };
    for (const auto& route : kRoutes)
        if (route.netfn == request.netfn && route.cmd == request.cmd) return route.handler(inventory, request);
    return std::nullopt;
}

}  // namespace ipmiprov::bridge::sim

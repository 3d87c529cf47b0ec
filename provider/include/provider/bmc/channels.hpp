// The BMC's channels (IPMI 2.0 §6.3, Get Channel Info §22.24) and the names
// of privilege levels (§6.8, Table 22-26's limits): what `ipmiprov lan` and
// `ipmiprov users` need to find the LAN channels and name what they allow.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "bridge/engine.hpp"

namespace ipmiprov::provider::bmc {

using bridge::Result;

inline constexpr std::uint8_t kNetFnApp = 0x06;
inline constexpr std::uint8_t kNetFnTransport = 0x0C;
inline constexpr std::uint8_t kGetChannelInfo = 0x42;
inline constexpr std::uint8_t kCurrentChannel = 0x0E;

struct ChannelInfo {
    std::uint8_t number = 0;
    std::uint8_t medium = 0;           // Table 6-3: 04h 802.3 LAN, 06h other LAN, 0Ch system interface …
    std::uint8_t protocol = 0;         // Table 6-2
    std::uint8_t session_support = 0;  // 0 session-less, 1 single, 2 multi, 3 session-based
    std::uint8_t active_sessions = 0;
    std::uint32_t vendor_id = 0;
    [[nodiscard]] bool is_lan() const { return medium == 0x04 || medium == 0x06; }
};

bridge::Request channel_info_request(std::uint8_t channel);
Result<ChannelInfo> decode_channel_info(std::span<const std::uint8_t> data);
std::string_view medium_name(std::uint8_t medium);  // "802.3 LAN", "reserved"

// The LAN channels among 1..11 (ipmitool looks at the same numbers): a
// channel the BMC does not have (CBh, CCh, or any refusal) is passed over;
// a BMC that stops answering is an error.
Result<std::vector<ChannelInfo>> lan_channels(bridge::Engine& engine);
// The error when there is none: "no LAN channel among 1 to 11 …".
bridge::Error no_lan_channel();
// The numbers of lan_channels(); none is no_lan_channel().
Result<std::vector<std::uint8_t>> lan_channel_numbers(bridge::Engine& engine);

// Privilege levels (§6.8) as `users` and the cipher suites show them:
// "callback", "user", "operator", "administrator", "oem", "no access";
// nullopt for a reserved code.
std::optional<std::string_view> privilege_name(std::uint8_t level);

}  // namespace ipmiprov::provider::bmc

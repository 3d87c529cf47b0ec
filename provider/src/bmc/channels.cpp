#include "provider/bmc/channels.hpp"

#include <array>

namespace ipmiprov::provider::bmc {
namespace {

struct Name {
    std::uint8_t code;
    std::string_view text;
};

// Table 6-3, channel medium type numbers.
constexpr std::array kMedia{
    Name{0x01, "IPMB"},         Name{0x02, "ICMB v1.0"}, Name{0x03, "ICMB v0.9"}, Name{0x04, "802.3 LAN"},
    Name{0x05, "serial/modem"}, Name{0x06, "other LAN"}, Name{0x07, "PCI SMBus"}, Name{0x08, "SMBus v1.0/1.1"},
    Name{0x09, "SMBus v2.0"},   Name{0x0A, "USB 1.x"},   Name{0x0B, "USB 2.x"},   Name{0x0C, "system interface"},
};

// §6.8 privilege levels; 0Fh is Table 22-26's "no access".
constexpr std::array kPrivileges{
    Name{0x01, "callback"},      Name{0x02, "user"}, Name{0x03, "operator"},
    Name{0x04, "administrator"}, Name{0x05, "oem"},  Name{0x0F, "no access"},
};

template <std::size_t N>
std::optional<std::string_view> find(const std::array<Name, N>& table, std::uint8_t code) {
    for (const auto& entry : table)
        if (entry.code == code) return entry.text;
    return std::nullopt;
}

// Channel numbers that may be LAN channels (§6.3: 1..Bh implementation-specific).
constexpr std::uint8_t kFirstChannel = 0x01;
constexpr std::uint8_t kLastChannel = 0x0B;

}  // namespace

bridge::Request channel_info_request(std::uint8_t channel) {
    return bridge::Request{
        kNetFnApp, kGetChannelInfo, 0, bridge::Target::bmc(), {static_cast<std::uint8_t>(channel & 0x0F)}};
}

Result<ChannelInfo> decode_channel_info(std::span<const std::uint8_t> data) {
    if (data.size() < 7)
        return bridge::make_error(bridge::ErrorKind::Protocol,
                                  "Get Channel Info: " + std::to_string(data.size()) + " of at least 7 bytes");
    ChannelInfo info;
    info.number = data[0] & 0x0F;
    info.medium = data[1] & 0x7F;
    info.protocol = data[2] & 0x1F;
    info.session_support = data[3] >> 6;
    info.active_sessions = data[3] & 0x3F;
    info.vendor_id = static_cast<std::uint32_t>(data[4] | (data[5] << 8) | (data[6] << 16));
    return info;
}

std::string_view medium_name(std::uint8_t medium) {
    return find(kMedia, medium).value_or("reserved");
}

Result<std::vector<ChannelInfo>> lan_channels(bridge::Engine& engine) {
    std::vector<ChannelInfo> channels;
    for (std::uint8_t channel = kFirstChannel; channel <= kLastChannel; ++channel) {
        auto reply = engine.send(channel_info_request(channel));
        if (!reply.ok()) {
            if (bridge::bmc_stopped_answering(reply.error())) return reply.error();
            continue;
        }
        if (reply->completion_code != 0) continue;
        auto info = decode_channel_info(reply->data);
        if (info.ok() && info->is_lan()) channels.push_back(*info);
    }
    return channels;
}

Result<std::vector<std::uint8_t>> lan_channel_numbers(bridge::Engine& engine) {
    auto channels = lan_channels(engine);
    if (!channels.ok()) return channels.error();
    if (channels->empty()) return no_lan_channel();
    std::vector<std::uint8_t> numbers;
    for (const auto& channel : *channels) numbers.push_back(channel.number);
    return numbers;
}

bridge::Error no_lan_channel() {
    return bridge::make_error(bridge::ErrorKind::NotFound,
                              "no LAN channel among 1 to 11 (Get Channel Info); give --channel N");
}

std::optional<std::string_view> privilege_name(std::uint8_t level) {
    return find(kPrivileges, level);
}

}  // namespace ipmiprov::provider::bmc

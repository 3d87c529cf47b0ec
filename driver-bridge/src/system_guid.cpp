#include "bridge/system_guid.hpp"

#include <cstdio>

namespace ipmiprov::bridge {

Request get_system_guid_request() {
    return Request{0x06, kGetSystemGuid, 0, Target::bmc(), {}};
}

Result<std::array<std::uint8_t, 16>> decode_system_guid(std::span<const std::uint8_t> data) {
    if (data.size() < 16)
        return make_error(ErrorKind::Protocol, "Get System GUID: " + std::to_string(data.size()) + " of 16 bytes");
    std::array<std::uint8_t, 16> guid{};
    std::copy(data.begin(), data.begin() + 16, guid.begin());
    return guid;
}

std::string guid_text(const std::array<std::uint8_t, 16>& ipmi_order) {
    std::string text;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", ipmi_order[15 - i]);
        text += hex;
    }
    return text;
}

Result<std::string> get_system_guid(Engine& engine) {
    auto reply = engine.call(get_system_guid_request());
    if (!reply.ok()) return reply.error();
    auto guid = decode_system_guid(*reply);
    if (!guid.ok()) return guid.error();
    return guid_text(*guid);
}

}  // namespace ipmiprov::bridge

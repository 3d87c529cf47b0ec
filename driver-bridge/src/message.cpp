#include "bridge/message.hpp"

#include <cstdio>

#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge {

std::string hex(std::span<const std::uint8_t> bytes, HexCase letters) {
    std::string out;
    out.reserve(bytes.size() * 3);
    char buffer[4];
    const char* format = letters == HexCase::Upper ? "%02X" : "%02x";
    for (auto byte : bytes) {
        std::snprintf(buffer, sizeof buffer, format, byte);
        if (!out.empty()) out += ' ';
        out += buffer;
    }
    return out;
}

std::string describe(const Request& request) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "netfn 0x%02x cmd 0x%02x", request.netfn, request.cmd);
    std::string text = buffer;
    if (auto name = command_name(request.netfn, request.cmd)) text = std::string(*name) + " (" + text + ")";
    if (request.target.kind == Target::Kind::Ipmb) {
        std::snprintf(buffer, sizeof buffer, " via channel %u to 0x%02x", request.target.channel,
                      request.target.slave_address);
        text += buffer;
    }
    return text;
}

std::string record_id_text(std::uint16_t id) {
    char text[8];
    std::snprintf(text, sizeof text, "%04Xh", id);
    return text;
}

}  // namespace ipmiprov::bridge

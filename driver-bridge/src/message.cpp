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

namespace {

std::optional<std::uint8_t> hex_digit(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
    return std::nullopt;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve((text.size() + 1) / 3);
    for (std::size_t i = 0; i < text.size(); i += 3) {
        if (i + 2 > text.size() || (i + 2 < text.size() && text[i + 2] != ' ')) return std::nullopt;
        const auto high = hex_digit(text[i]);
        const auto low = hex_digit(text[i + 1]);
        if (!high || !low) return std::nullopt;
        bytes.push_back(static_cast<std::uint8_t>(*high << 4 | *low));
    }
    if (!text.empty() && text.back() == ' ') return std::nullopt;
    return bytes;
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

std::string byte_text(std::uint8_t value) {
    char text[4];
    std::snprintf(text, sizeof text, "%02Xh", value);
    return text;
}

}  // namespace ipmiprov::bridge

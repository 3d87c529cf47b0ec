#include "hex_args.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "provider/spec/tables.hpp"

namespace ipmiprov::cli {

bridge::Result<std::uint8_t> parse_hex_byte(const std::string& text, const std::string& what) {
    std::string_view digits = text;
    if (digits.starts_with("0x") || digits.starts_with("0X")) digits.remove_prefix(2);
    unsigned value = 0;
    const auto* end = digits.data() + digits.size();
    auto [ptr, ec] = std::from_chars(digits.data(), end, value, 16);
    if (digits.empty() || digits.size() > 2 || ec != std::errc{} || ptr != end) {
        return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                  what + " \"" + text + "\" is not a byte in hex (00..ff, 0x optional)");
    }
    return static_cast<std::uint8_t>(value);
}

bridge::Result<std::vector<std::uint8_t>> parse_hex_bytes(const std::vector<std::string>& args) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(args.size());
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto byte = parse_hex_byte(args[i], "data byte " + std::to_string(i + 1));
        if (!byte.ok()) return byte.error();
        bytes.push_back(*byte);
    }
    return bytes;
}

bridge::Result<std::size_t> parse_count(const std::string& text, const std::string& option, std::size_t min,
                                        std::size_t max) {
    std::size_t value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max) {
        return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                  option + " \"" + text + "\" is not a whole number from " + std::to_string(min) +
                                      " to " + std::to_string(max));
    }
    return value;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool contains_any(const std::string& text, const std::vector<std::string>& filters) {
    const auto haystack = lower(text);
    return std::any_of(filters.begin(), filters.end(),
                       [&](const std::string& f) { return haystack.find(lower(f)) != std::string::npos; });
}

std::string hex_id(std::uint16_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04x", value);
    return text;
}

namespace {}  // namespace

bridge::Result<std::uint16_t> parse_record_id(const std::string& text, const std::string& what) {
    unsigned value = 0;
    const bool is_hex = text.starts_with("0x") || text.starts_with("0X");
    const char* begin = text.data() + (is_hex ? 2 : 0);
    auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), value, is_hex ? 16 : 10);
    if (begin == text.data() + text.size() || ec != std::errc{} || ptr != text.data() + text.size() || value > 0xFFFF)
        return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                  what + " \"" + text + "\" is not a record ID (decimal, or hex with 0x)");
    if (!is_hex && text.size() > 1 && text[0] == '0') {
        std::string why = what + " \"";
        why.append(text).append("\" is ambiguous: write 0x").append(text);
        why.append(" (hex, as the tables print it) or ").append(std::to_string(value));
        return bridge::make_error(bridge::ErrorKind::InvalidArgument, why);
    }
    return static_cast<std::uint16_t>(value);
}

bridge::Status check_sensor_type_filter(const std::string& filter) {
    const bool is_hex = filter.starts_with("0x") || filter.starts_with("0X");
    const std::string_view digits = std::string_view(filter).substr(is_hex ? 2 : 0);
    const bool numeric = !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](unsigned char c) {
        return is_hex ? std::isxdigit(c) != 0 : std::isdigit(c) != 0;
    });
    if (numeric) {
        unsigned value = 0;
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, is_hex ? 16 : 10);
        if (ec == std::errc{} && ptr == digits.data() + digits.size() && value <= 0xFF) return bridge::success();
        return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                  "--type \"" + filter + "\": a sensor type code is 0..255 (0x00..0xff)");
    }
    const auto wanted = lower(filter);
    for (unsigned code = 0; code <= 0xFF; ++code) {
        const auto name = provider::spec::sensor_type_name(static_cast<std::uint8_t>(code));
        if (!wanted.empty() && name && lower(*name).find(wanted) != std::string::npos) return bridge::success();
    }
    return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                              "--type \"" + filter +
                                  "\" names no sensor type: give a name such as \"temperature\" or \"fan\", "
                                  "or a code such as 0x01");
}

bool sensor_type_matches(std::uint8_t code, const std::vector<std::string>& filters) {
    if (filters.empty()) return true;
    const auto name = lower(provider::spec::sensor_type_name(code).value_or(""));
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", code);
    return std::any_of(filters.begin(), filters.end(), [&](const std::string& filter) {
        const auto wanted = lower(filter);
        if (wanted == hex || wanted == std::to_string(code)) return true;
        return !name.empty() && name.find(wanted) != std::string::npos;
    });
}

}  // namespace ipmiprov::cli

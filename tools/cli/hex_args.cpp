#include "hex_args.hpp"

#include <charconv>

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

}  // namespace ipmiprov::cli

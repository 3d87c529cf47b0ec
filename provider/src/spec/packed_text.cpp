#include "provider/spec/packed_text.hpp"

#include <array>

namespace ipmiprov::provider::spec {
namespace {

void append_utf8(std::string& text, unsigned code_point) {
    if (code_point < 0x80) {
        text += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        text += static_cast<char>(0xC0 | (code_point >> 6));
        text += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        text += static_cast<char>(0xE0 | (code_point >> 12));
        text += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        text += static_cast<char>(0x80 | (code_point & 0x3F));
    }
}

}  // namespace

std::string decode_six_bit(std::span<const std::uint8_t> bytes) {
    std::string text;
    unsigned accumulator = 0;
    unsigned bits = 0;
    for (auto byte : bytes) {
        accumulator |= static_cast<unsigned>(byte) << bits;
        bits += 8;
        while (bits >= 6) {
            text += static_cast<char>(0x20 + (accumulator & 0x3F));
            accumulator >>= 6;
            bits -= 6;
        }
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

std::string decode_bcd_plus(std::span<const std::uint8_t> bytes) {
    static constexpr std::array<char, 16> kDigits{'0', '1', '2', '3', '4', '5', '6', '7',
                                                  '8', '9', ' ', '-', '.', ':', ',', '_'};
    std::string text;
    for (auto byte : bytes) {
        text += kDigits[byte >> 4];
        text += kDigits[byte & 0x0F];
    }
    return text;
}

std::string decode_latin1(std::span<const std::uint8_t> bytes) {
    std::string text;
    for (auto byte : bytes) {
        if (byte == 0) break;
        append_utf8(text, byte);
    }
    return text;
}

std::string decode_ucs2(std::span<const std::uint8_t> bytes) {
    std::string text;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        const unsigned unit = bytes[i] | (static_cast<unsigned>(bytes[i + 1]) << 8);
        if (unit == 0) break;
        append_utf8(text, (unit >= 0xD800 && unit <= 0xDFFF) ? 0xFFFD : unit);
    }
    return text;
}

}  // namespace ipmiprov::provider::spec

#include "bridge/bytes.hpp"

namespace ipmiprov::bridge {

std::optional<std::uint8_t> ByteReader::u8() {
    if (remaining() < 1) return std::nullopt;
    return bytes_[offset_++];
}

std::optional<std::uint16_t> ByteReader::u16le() {
    auto bytes = take(2);
    if (!bytes) return std::nullopt;
    return static_cast<std::uint16_t>((*bytes)[0] | ((*bytes)[1] << 8));
}

std::optional<std::uint32_t> ByteReader::u24le() {
    auto bytes = take(3);
    if (!bytes) return std::nullopt;
    return static_cast<std::uint32_t>((*bytes)[0] | ((*bytes)[1] << 8) | ((*bytes)[2] << 16));
}

std::optional<std::uint32_t> ByteReader::u32le() {
    auto bytes = take(4);
    if (!bytes) return std::nullopt;
    return static_cast<std::uint32_t>((*bytes)[0]) | (static_cast<std::uint32_t>((*bytes)[1]) << 8) |
           (static_cast<std::uint32_t>((*bytes)[2]) << 16) | (static_cast<std::uint32_t>((*bytes)[3]) << 24);
}

std::optional<std::span<const std::uint8_t>> ByteReader::take(std::size_t count) {
    if (remaining() < count) return std::nullopt;
    auto slice = bytes_.subspan(offset_, count);
    offset_ += count;
    return slice;
}

std::span<const std::uint8_t> ByteReader::rest() {
    auto slice = bytes_.subspan(offset_);
    offset_ = bytes_.size();
    return slice;
}

void put_u16le(std::vector<std::uint8_t>& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value & 0xFF));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}

void put_u24le(std::vector<std::uint8_t>& out, std::uint32_t value) {
    for (int shift = 0; shift < 24; shift += 8) out.push_back(static_cast<std::uint8_t>((value >> shift) & 0xFF));
}

void put_u32le(std::vector<std::uint8_t>& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<std::uint8_t>((value >> shift) & 0xFF));
}

std::uint8_t ipmb_checksum(std::span<const std::uint8_t> bytes) {
    unsigned sum = 0;
    for (auto byte : bytes) sum += byte;
    return static_cast<std::uint8_t>((0x100 - (sum & 0xFF)) & 0xFF);
}

}  // namespace ipmiprov::bridge

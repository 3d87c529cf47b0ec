// Bounds-checked little-endian reading of IPMI payloads. Every read returns
// nullopt past the end, so a short reply can never be read out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ipmiprov::bridge {

class ByteReader {
public:
    explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    std::optional<std::uint8_t> u8();
    std::optional<std::uint16_t> u16le();
    std::optional<std::uint32_t> u24le();
    std::optional<std::uint32_t> u32le();
    std::optional<std::span<const std::uint8_t>> take(std::size_t count);
    std::span<const std::uint8_t> rest();

    [[nodiscard]] std::size_t remaining() const { return bytes_.size() - offset_; }
    [[nodiscard]] std::size_t offset() const { return offset_; }

private:
    std::span<const std::uint8_t> bytes_;
    std::size_t offset_ = 0;
};

void put_u16le(std::vector<std::uint8_t>& out, std::uint16_t value);
void put_u24le(std::vector<std::uint8_t>& out, std::uint32_t value);
void put_u32le(std::vector<std::uint8_t>& out, std::uint32_t value);

// The IPMB 2's-complement checksum (IPMI 2.0 §5.8 / IPMB v1.0 §2.3): the bytes
// plus the checksum sum to zero modulo 256.
std::uint8_t ipmb_checksum(std::span<const std::uint8_t> bytes);

}  // namespace ipmiprov::bridge

// The text codings that SDR ID strings (IPMI 2.0 §43.15) and FRU fields
// (Platform Management FRU Information Storage Definition v1.0 §13) share:
// 6-bit packed ASCII, BCD plus, 8-bit ASCII + Latin-1 and 2-byte Unicode.
// Each returns UTF-8.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ipmiprov::provider::spec {

// 6-bit packed ASCII: characters 20h-5Fh, four to every three bytes, LS bits
// first; a short last group gives as many characters as it has whole 6 bits.
// Trailing spaces (the padding of a last group) are dropped.
std::string decode_six_bit(std::span<const std::uint8_t> bytes);

// BCD plus: 0-9, space, '-', '.'; D-F as ':', ',', '_' (reserved in the spec,
// shown as ipmitool shows them); two characters a byte, high nibble first.
std::string decode_bcd_plus(std::span<const std::uint8_t> bytes);

// 8-bit ASCII + Latin-1; stops at the first NUL, which some BMCs pad with.
std::string decode_latin1(std::span<const std::uint8_t> bytes);

// 2-byte Unicode, LS byte first (UCS-2); stops at a NUL character; an odd
// last byte is dropped; surrogates, which UCS-2 does not have, become U+FFFD.
std::string decode_ucs2(std::span<const std::uint8_t> bytes);

}  // namespace ipmiprov::provider::spec

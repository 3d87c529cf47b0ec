// Parsing of `raw` arguments: bytes in hex, with or without 0x, as ipmitool takes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bridge/result.hpp"

namespace ipmiprov::cli {

// "0x06", "06", "6", "ff" -> the byte; anything else is an error naming the argument.
bridge::Result<std::uint8_t> parse_hex_byte(const std::string& text, const std::string& what);
bridge::Result<std::vector<std::uint8_t>> parse_hex_bytes(const std::vector<std::string>& args);

}  // namespace ipmiprov::cli

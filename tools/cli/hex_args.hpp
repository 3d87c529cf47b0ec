// Parsing of small command-line arguments: `raw` bytes in hex, with or
// without 0x, as ipmitool takes them; counts; sensor type filters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/result.hpp"

namespace ipmiprov::cli {

// "0x06", "06", "6", "ff" -> the byte; anything else is an error naming the argument.
bridge::Result<std::uint8_t> parse_hex_byte(const std::string& text, const std::string& what);
bridge::Result<std::vector<std::uint8_t>> parse_hex_bytes(const std::vector<std::string>& args);

// A whole decimal number from `min` to `max`; "-1", "1e3", "" and "5x" are errors naming `option`.
bridge::Result<std::size_t> parse_count(const std::string& text, const std::string& option, std::size_t min,
                                        std::size_t max);

// Text as lower case (ASCII), for matches that ignore case.
std::string lower(std::string_view text);
// Whether `text` contains any of `filters`, case ignored (--name, --unit, --entity …).
bool contains_any(const std::string& text, const std::vector<std::string>& filters);
// "0x0010": record IDs as every table prints them; a bare "0010" reads as
// decimal ten to anyone (issue 20).
std::string hex_id(std::uint16_t value);

// A record ID as the tables print it (0x0010) or in decimal (16); a leading
// zero without 0x ("0010": hex to some, decimal to others) is refused.
bridge::Result<std::uint16_t> parse_record_id(const std::string& text, const std::string& what);

// A --type filter must be able to match: a code (0..255, decimal or 0x hex)
// or a part of a sensor type's name (IPMI 2.0 Table 42-3), case ignored.
bridge::Status check_sensor_type_filter(const std::string& filter);
// Whether sensor type `code` is one the --type filters name (none: every type).
bool sensor_type_matches(std::uint8_t code, const std::vector<std::string>& filters);

}  // namespace ipmiprov::cli

// One FRU device as `ipmiprov fru` shows it: its place (ID, name,
// controller), how it was read, and its areas decoded — as text lines and
// as a JSON object. Shared by the CLI and, later, the daemon.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "provider/fru/inventory.hpp"
#include "provider/fru/reader.hpp"

namespace ipmiprov::provider::fru {

// `ipmiprov fru --json`: one element of the array.
nlohmann::ordered_json device_json(const DeviceReport& report);
// `ipmiprov fru`: a title line, then "  Label   value" lines, then a blank line.
void print_device(std::ostream& out, const DeviceReport& report);

// "2023-11-14T22:13:00Z".
std::string iso8601(std::int64_t seconds);
// One line on a multi-record: "Power Supply Information: 650 W, ...".
std::string record_summary(const MultiRecord& record);

}  // namespace ipmiprov::provider::fru

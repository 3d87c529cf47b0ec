// What `ipmiprov sel list` read last time, kept on disk next to the SDR
// cache: the entries (raw, with the sensor name and words they were decoded
// with) and the Position, so that the next run asks the BMC only for what is
// new — one Get SEL Info when nothing is.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provider/sel/reader.hpp"

namespace ipmiprov::provider::sel {

struct StoredEntry {
    RawEntry raw{};
    std::optional<std::string> sensor_name;
    std::string event;
    // A kernel panic's text joined from its records (panic.hpp), on the
    // first of them; set for output, never stored.
    std::optional<std::string> panic_text = std::nullopt;
};

struct StoredSel {
    Position position;
    // Get SEL Time UTC Offset when the entries were read (§31.11a): SEL
    // timestamps are the BMC's local time; UTC = timestamp - offset.
    std::optional<std::int16_t> utc_offset_minutes;
    std::vector<StoredEntry> entries;
};

// Shared with the daemon's store (journal.hpp): a Position as JSON and back
// (nullopt when malformed), and the 16 bytes of an entry from hex.
nlohmann::json position_json(const Position& position);
std::optional<Position> position_from(const nlohmann::json& json);
std::optional<RawEntry> parse_raw(const std::string& hex);

std::filesystem::path sel_store_file(const std::filesystem::path& directory, const std::string& endpoint);
// NotFound when there is none; Protocol when it is malformed or of another endpoint.
Result<StoredSel> load_sel_store(const std::filesystem::path& file, const std::string& endpoint);
// The same for a store file's text; `origin` names it in errors.
Result<StoredSel> parse_sel_store(std::string_view text, const std::string& endpoint, const std::string& origin);
bridge::Status save_sel_store(const std::filesystem::path& file, const std::string& endpoint, const StoredSel& sel);

}  // namespace ipmiprov::provider::sel

#include "provider/sel/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "bridge/json_number.hpp"
#include "bridge/json_text.hpp"
#include "bridge/message.hpp"
#include "provider/store/atomic_file.hpp"

namespace ipmiprov::provider::sel {
namespace {

namespace fs = std::filesystem;
using bridge::ErrorKind;
using bridge::make_error;
using nlohmann::json;

constexpr int kFormat = 1;

}  // namespace

// Exactly the 16 bytes of an entry, as bridge::hex writes them.
std::optional<RawEntry> parse_raw(const std::string& hex) {
    const auto bytes = bridge::parse_hex(hex);
    if (!bytes || bytes->size() != kEntrySize) return std::nullopt;
    RawEntry raw{};
    std::copy(bytes->begin(), bytes->end(), raw.begin());
    return raw;
}

json position_json(const Position& p) {
    json j{{"last_record_id", p.last_record_id},
           {"entries", p.entries},
           {"addition_timestamp", p.addition_timestamp},
           {"erase_timestamp", p.erase_timestamp}};
    if (p.last_raw) j["last_raw"] = bridge::hex(*p.last_raw);
    return j;
}

// Throws json::exception where a field is missing; callers catch it.
std::optional<Position> position_from(const json& j) {
    const auto last = bridge::json_integer<std::uint16_t>(j.at("last_record_id"));
    const auto entries = bridge::json_integer<std::uint16_t>(j.at("entries"));
    const auto addition = bridge::json_integer<std::uint32_t>(j.at("addition_timestamp"));
    const auto erase = bridge::json_integer<std::uint32_t>(j.at("erase_timestamp"));
    if (!last || !entries || !addition || !erase) return std::nullopt;
    Position position{*last, *entries, *addition, *erase, std::nullopt};
    // Stores written before the last entry's bytes were kept have none.
    if (j.contains("last_raw")) {
        if (!j.at("last_raw").is_string()) return std::nullopt;
        position.last_raw = parse_raw(j.at("last_raw").get<std::string>());
        if (!position.last_raw) return std::nullopt;
    }
    return position;
}

fs::path sel_store_file(const fs::path& directory, const std::string& endpoint) {
    std::string name = "sel-";
    for (char c : endpoint) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return directory / (name + ".json");
}

Result<StoredSel> load_sel_store(const fs::path& file, const std::string& endpoint) {
    auto text = store::read_whole_file(file);
    if (!text.ok()) return text.error();
    return parse_sel_store(*text, endpoint, file.string());
}

Result<StoredSel> parse_sel_store(std::string_view text, const std::string& endpoint, const std::string& origin) {
    const auto malformed = make_error(ErrorKind::Protocol, "SEL store " + origin + " is malformed");
    const auto document = json::parse(text, nullptr, false);
    if (document.is_discarded()) return malformed;
    try {
        if (document.at("format") != kFormat) return malformed;
        if (document.at("endpoint") != endpoint) {
            return make_error(ErrorKind::Protocol, "SEL store " + origin + " is of another BMC");
        }
        StoredSel sel;
        const auto position = position_from(document.at("position"));
        if (!position) return malformed;
        sel.position = *position;
        if (document.contains("utc_offset_minutes") && !document.at("utc_offset_minutes").is_null()) {
            sel.utc_offset_minutes = bridge::json_integer<std::int16_t>(document.at("utc_offset_minutes"));
            if (!sel.utc_offset_minutes) return malformed;
        }
        for (const auto& item : document.at("entries")) {
            auto raw = parse_raw(item.at("raw").get<std::string>());
            if (!raw) return malformed;
            StoredEntry entry{*raw, std::nullopt, item.at("event").get<std::string>()};
            if (!item.at("sensor_name").is_null()) entry.sensor_name = item.at("sensor_name").get<std::string>();
            sel.entries.push_back(std::move(entry));
        }
        return sel;
    } catch (const json::exception&) {
        return malformed;
    }
}

bridge::Status save_sel_store(const fs::path& file, const std::string& endpoint, const StoredSel& sel) {
    json entries = json::array();
    for (const auto& entry : sel.entries) {
        entries.push_back(json{{"raw", bridge::hex(entry.raw)},
                               {"sensor_name", entry.sensor_name ? json(*entry.sensor_name) : json(nullptr)},
                               {"event", entry.event}});
    }
    const json document{{"format", kFormat},
                        {"endpoint", endpoint},
                        {"position", position_json(sel.position)},
                        {"utc_offset_minutes", sel.utc_offset_minutes ? json(*sel.utc_offset_minutes) : json(nullptr)},
                        {"entries", entries}};
    return store::write_atomically(file, bridge::json_text(document, 1) + "\n");
}

}  // namespace ipmiprov::provider::sel

// One SEL entry at a time (issue 20, item 7): `sel get ID` shows one entry
// with every field, `sel delete ID` deletes one (Delete SEL Entry, §31.8), and
// `sel save FILE` writes every entry raw, 16 bytes each in the BMC's order:
// the format of ipmitool's `sel writeraw`, which `ipmitool sel readraw FILE`
// decodes; `sel restore FILE` gives such a file's entries back to a BMC (Add
// SEL Entry, §31.6).
#include <array>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "bridge/json_text.hpp"
#include "bridge/text_file.hpp"
#include "exit_codes.hpp"
#include "hex_args.hpp"
#include "provider/sel/raw_file.hpp"
#include "provider/sel/reader.hpp"
#include "sel_shared.hpp"

namespace ipmiprov::cli {
namespace {

using nlohmann::ordered_json;
namespace sel = provider::sel;

int fail(Streams streams, const bridge::Error& error) {
    streams.err << "ipmiprov: " << error.message << '\n';
    // "No such entry" is an answer about the SEL, not a lost connection.
    return error.kind == bridge::ErrorKind::NotFound ? kExitCommandFailed : exit_code_for(error);
}

// The JSON's keys as a person reads them; codes in hex as the spec writes them.
struct Field {
    const char* key;
    const char* label;
    int hex_digits;  // 0: as it is
};
constexpr std::array<Field, 21> kFields{{
    {"record_id", "Record ID", 4},
    {"record_type", "Record type", 2},
    {"record_kind", "Record kind", 0},
    {"timestamp", "Time (UTC)", 0},
    {"timestamp_local", "Time (host)", 0},
    {"timestamp_raw", "Time (raw)", 0},
    {"pre_init", "Before BMC init", 0},
    {"generator_id", "Generator ID", 4},
    {"event_message_revision", "Event message rev", 2},
    {"sensor_number", "Sensor number", 2},
    {"sensor_lun", "Sensor LUN", 0},
    {"sensor_name", "Sensor", 0},
    {"sensor_type", "Sensor type", 0},
    {"event_reading_type", "Event/reading type", 2},
    {"direction", "Direction", 0},
    {"severity", "Severity", 0},
    {"event", "Event", 0},
    {"trigger_reading", "Trigger reading", 0},
    {"trigger_threshold", "Trigger threshold", 0},
    {"trigger_unit", "Trigger unit", 0},
    {"raw", "Raw", 0},
}};

std::string value_text(const ordered_json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string text;
        for (const auto& item : value) text += (text.empty() ? "" : ", ") + value_text(item);
        return text;
    }
    return value.dump();
}

// The whole file, checked: every problem named and nothing given to the BMC
// when there is one (a file of text or of zeros is not a SEL).
bridge::Result<sel::RawFile> restorable_file(const std::string& path) {
    auto bytes = bridge::read_bounded_file(path, sel::kMaxRawFileEntries * sel::kEntrySize, "sel restore");
    // A file that cannot be read is a bad argument (exit 2), not a BMC's answer.
    if (!bytes.ok()) return bridge::make_error(bridge::ErrorKind::InvalidArgument, bytes.error().message);
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes->data());
    auto file = sel::decode_raw_file({data, bytes->size()});
    if (!file.ok()) return bridge::make_error(bridge::ErrorKind::InvalidArgument, path + ": " + file.error().message);
    if (!file->problems.empty()) {
        std::string text = path;
        text.append(": ").append(std::to_string(file->problems.size())).append(" malformed entries, the first ");
        text.append(file->problems.front()).append("; nothing added");
        return bridge::make_error(bridge::ErrorKind::InvalidArgument, text);
    }
    return file;
}

// Add SEL Entry answers no reservation: the room is checked first, so that
// a restore that cannot finish does not start (Get SEL Info, §31.2: FFFFh
// free bytes means 65535 or more).
bridge::Status room_for(sel::SelReader& reader, std::size_t entries) {
    auto info = reader.info();
    if (!info.ok()) return info.error();
    const std::size_t room = info->free_bytes / sel::kEntrySize;
    if (info->free_bytes != 0xFFFF && room < entries) {
        return bridge::make_error(bridge::ErrorKind::CompletionCode,
                                  "the SEL has room for " + std::to_string(room) + " more entries, the file holds " +
                                      std::to_string(entries) + ": nothing added (sel clear makes room)");
    }
    return bridge::success();
}

}  // namespace

int sel_get(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    sel::SelReader reader(engine);
    auto entry = reader.entry(*options.sel_record_id);
    if (!entry.ok()) return fail(streams, entry.error());
    const auto sensors = event_sensors(engine, options, streams);
    if (!sensors.ok()) return fail(streams, sensors.error());
    auto offset = reader.utc_offset_minutes();
    const UtcOffset utc_offset = offset.ok() ? *offset : std::nullopt;
    const auto json = entry_json(*entry, describe(*entry, *sensors), utc_offset, &*sensors);
    if (options.json) {
        streams.out << bridge::json_text(json, 2) << '\n';
        return kExitOk;
    }
    for (const auto& field : kFields) {
        if (!json.contains(field.key) || json[field.key].is_null()) continue;
        const auto& value = json[field.key];
        std::string text = value_text(value);
        if (field.hex_digits > 0 && value.is_number_unsigned()) {
            char hex[12];
            std::snprintf(hex, sizeof hex, "0x%0*x", field.hex_digits, value.get<unsigned>());
            text = hex;
        }
        streams.out << std::left << std::setw(20) << (std::string(field.label) + ":") << text << '\n';
    }
    return kExitOk;
}

int sel_delete(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    sel::SelReader reader(engine);
    if (auto deleted = reader.delete_entry(*options.sel_record_id); !deleted.ok())
        return fail(streams, deleted.error());
    streams.out << "SEL entry " << hex_id(*options.sel_record_id) << " deleted\n";
    return kExitOk;
}

int sel_save(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    sel::SelReader reader(engine);
    auto read = reader.read_all();
    if (!read.ok()) return fail(streams, read.error());
    // A walk that could not finish is not a copy of the SEL (docs/cli.md).
    if (!read->problems.empty()) {
        streams.err << "ipmiprov: the SEL could not be read to the end (" << read->problems.front()
                    << "): nothing written\n";
        return kExitCommandFailed;
    }
    const auto& path = options.args.at(1);
    const auto temporary = path + ".part";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        for (const auto& entry : read->entries)
            file.write(reinterpret_cast<const char*>(entry.raw.data()), static_cast<std::streamsize>(entry.raw.size()));
        file.flush();
        if (!file.good()) {
            streams.err << "ipmiprov: cannot write " << temporary << '\n';
            std::remove(temporary.c_str());
            return kExitCommandFailed;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        streams.err << "ipmiprov: cannot write " << path << '\n';
        std::remove(temporary.c_str());
        return kExitCommandFailed;
    }
    streams.err << "ipmiprov: wrote " << read->entries.size() << " entries (" << read->entries.size() * 16
                << " bytes) to " << path << '\n';
    return kExitOk;
}

int sel_restore(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const auto& path = options.args.at(1);
    auto file = restorable_file(path);
    if (!file.ok()) return fail(streams, file.error());
    const auto count = file->entries.size();
    if (auto declined = confirm(options, streams,
                                "Add " + std::to_string(count) + " entries from " + path + " to the SEL of " +
                                    engine.transport_description() + "?",
                                "sel restore adds entries no one can take back one by one", "nothing added"))
        return *declined;
    sel::SelReader reader(engine);
    if (auto room = room_for(reader, count); !room.ok()) return fail(streams, room.error());
    std::vector<std::uint16_t> ids;
    ids.reserve(count);
    for (const auto& entry : file->entries) {
        auto added = reader.add_entry(entry);
        if (!added.ok()) {
            // What is in and what is not, so that a second try can skip what is.
            std::ostringstream where;
            where << "entry " << ids.size() + 1 << " of " << count << " (byte " << ids.size() * sel::kEntrySize
                  << " of " << path << "): " << added.error().message << "; " << ids.size() << " added before it";
            if (!ids.empty()) where << " (" << hex_id(ids.front()) << " to " << hex_id(ids.back()) << ")";
            where << ", none after";
            auto error = added.error();
            error.message = where.str();
            return fail(streams, error);
        }
        ids.push_back(*added);
    }
    streams.out << "added " << count << " entries from " << path << " as " << hex_id(ids.front()) << " to "
                << hex_id(ids.back()) << " (new record IDs; the BMC may have stamped them with its own clock)\n";
    return kExitOk;
}

}  // namespace ipmiprov::cli

// `sel add` (issue 22, part 3): the OS's own events (boot completed,
// graceful shutdown, OS stops: IPMI 2.0 Table 42-3, sensor types 1Fh and
// 20h) as a Platform Event Message, falling back to Add SEL Entry where the
// BMC refuses that; or one whole 16-byte record given to Add SEL Entry.
#include "sel_add.hpp"

#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bridge/json_text.hpp"
#include "bridge/message.hpp"
#include "bridge/spec_tables.hpp"
#include "exit_codes.hpp"
#include "hex_args.hpp"
#include "provider/sel/os_event.hpp"
#include "provider/sel/reader.hpp"
#include "provider/spec/tables.hpp"

namespace ipmiprov::cli {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using nlohmann::ordered_json;
namespace sel = provider::sel;

constexpr std::size_t kRecordTypeByte = 2;  // Table 32-1, byte 3 (1-based)

// "--raw 00 00 02 …" (one word a byte, as `raw` takes them) or "--raw '00 00 02 …'" (one quoted word).
bridge::Result<std::vector<std::uint8_t>> raw_record_bytes(const std::vector<std::string>& words) {
    std::vector<std::string> bytes;
    for (const auto& word : words) {
        std::istringstream split(word);
        for (std::string byte; split >> byte;) bytes.push_back(byte);
    }
    std::vector<std::uint8_t> record;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto byte = parse_hex_byte(bytes[i], "--raw byte " + std::to_string(i + 1));
        if (!byte.ok()) return byte.error();
        record.push_back(*byte);
    }
    if (record.size() != sel::kEntrySize) {
        std::string message = "--raw needs the 16 bytes of a whole SEL record (§32), not ";
        message.append(std::to_string(record.size()));
        return make_error(ErrorKind::InvalidArgument, message);
    }
    // §32: system event records (02h), OEM timestamped (C0h-DFh) and non-timestamped (E0h-FFh).
    const auto type = record[kRecordTypeByte];
    if (type != 0x02 && type < 0xC0) {
        std::string message = "--raw: record type ";
        message.append(bridge::byte_text(type)).append(" (byte 3) is none the spec defines (02h, C0h-FFh)");
        return make_error(ErrorKind::InvalidArgument, message);
    }
    return record;
}

std::string sensor_type_text(std::uint8_t code) {
    return std::string(provider::spec::sensor_type_name(code).value_or("unknown"));
}

int add_record(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    sel::RawEntry record{};
    std::copy(options.raw_record.begin(), options.raw_record.end(), record.begin());
    sel::SelReader reader(engine);
    auto id = reader.add_entry(record);
    if (!id.ok()) return report_error(streams, id.error());
    if (options.json) {
        ordered_json json{{"method", "add_sel_entry"}, {"record_id", *id}};
        streams.out << bridge::json_text(json, 2) << '\n';
    } else {
        streams.out << "added the record as " << hex_id(*id) << '\n';
    }
    return kExitOk;
}

int add_os_event(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const auto kind = *sel::find_os_event(*options.os_event);  // checked when parsed
    auto added = sel::add_os_event(engine, kind, static_cast<std::uint32_t>(std::time(nullptr)));
    if (!added.ok()) return report_error(streams, added.error());
    const auto event = sel::os_event_text(kind);
    if (options.json) {
        ordered_json json{
            {"os_event", kind.name},
            {"sensor_type", sensor_type_text(kind.sensor_type)},
            {"sensor_type_code", kind.sensor_type},
            {"offset", kind.offset},
            {"event", event},
            {"method", added->platform_event ? "platform_event" : "add_sel_entry"},
            {"refused_completion_code", added->refused_with ? ordered_json(*added->refused_with) : ordered_json()},
            {"record_id", added->record_id ? ordered_json(*added->record_id) : ordered_json()}};
        streams.out << bridge::json_text(json, 2) << '\n';
        return kExitOk;
    }
    if (added->platform_event) {
        streams.out << kind.name << " (" << event
                    << ") sent as a Platform Event Message; the BMC logs it (it returns no record ID)\n";
        return kExitOk;
    }
    const auto code = *added->refused_with;
    streams.out << kind.name << " (" << event << ") added as record " << hex_id(added->record_id.value_or(0))
                << " with Add SEL Entry: the BMC refused the Platform Event Message (completion code "
                << bridge::byte_text(code) << ", " << bridge::completion_code_text(code) << ")\n";
    return kExitOk;
}

}  // namespace

bridge::Status fill_sel_add_options(const boost::program_options::variables_map& vm, CliOptions& options) {
    const bool add = options.command == "sel" && !options.args.empty() && options.args[0] == "add";
    const bool os_event = vm.count("os-event") > 0;
    const bool raw = vm.count("raw") > 0;
    if (!add) {
        if (os_event || raw)
            return make_error(ErrorKind::InvalidArgument, "--os-event and --raw apply to sel add only");
        return bridge::success();
    }
    if (os_event == raw) {
        std::string message = "sel add needs --os-event KIND or --raw BYTES (one of them; the kinds are ";
        message.append(sel::os_event_names()).append(")");
        return make_error(ErrorKind::InvalidArgument, message);
    }
    if (os_event) {
        const auto name = vm["os-event"].as<std::string>();
        if (!sel::find_os_event(name)) {
            std::string message = "--os-event \"";
            message.append(name).append("\" is none of ").append(sel::os_event_names());
            return make_error(ErrorKind::InvalidArgument, message);
        }
        options.os_event = name;
        return bridge::success();
    }
    auto record = raw_record_bytes(vm["raw"].as<std::vector<std::string>>());
    if (!record.ok()) return record.error();
    options.raw_record = std::move(*record);
    return bridge::success();
}

int sel_add(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    if (options.os_event) return add_os_event(engine, options, streams);
    return add_record(engine, options, streams);
}

}  // namespace ipmiprov::cli

#include "provider/snapshot/wire.hpp"

#include <array>
#include <limits>

namespace ipmiprov::provider::snapshot {
namespace {

using bridge::ErrorKind;
using bridge::Result;
using nlohmann::json;

constexpr std::size_t kMaxRecords = 0xFFFF;       // record IDs are 16 bits (§33)
constexpr std::size_t kMaxRecordBytes = 5 + 255;  // header and the longest body (§43)
constexpr std::size_t kMaxReplyBytes = 255;       // one IPMI reply's data
constexpr std::size_t kMaxSelEntries = 0xFFFF;    // record IDs are 16 bits (§31)
constexpr std::size_t kMaxProblems = 4096;

constexpr std::array<std::string_view, kParts.size()> kPartNames{"device",   "sdr",     "readings", "sel",
                                                                 "sel_info", "chassis", "fru",      "users"};

bridge::Error bad(const std::string& what) {
    return bridge::make_error(ErrorKind::Protocol, "ipmiprovd: malformed snapshot: " + what);
}

template <class T>
Result<T> unsigned_field(const json& object, const char* name, const std::string& where) {
    const auto found = object.find(name);
    // Parsed JSON has non-negative integers unsigned; built in C++, they may be signed.
    const bool whole = found != object.end() && found->is_number_integer() &&
                       (found->is_number_unsigned() || found->get<std::int64_t>() >= 0);
    if (!whole || found->get<std::uint64_t>() > std::numeric_limits<T>::max())
        return bad(where + ": \"" + name + "\" must be a number from 0 to " +
                   std::to_string(std::numeric_limits<T>::max()));
    return static_cast<T>(found->get<std::uint64_t>());
}

// Reads numbers from one object; the first field that is wrong is the error.
class Fields {
public:
    Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {}
    template <class T>
    T get(const char* name) {
        auto value = unsigned_field<T>(object_, name, where_);
        if (value.ok()) return *value;
        if (!error_) error_ = value.error();
        return T{};
    }
    [[nodiscard]] const std::optional<bridge::Error>& error() const { return error_; }

private:
    const json& object_;
    std::string where_;
    std::optional<bridge::Error> error_;
};

const json* array_field(const json& object, const char* name, std::size_t max_size) {
    const auto found = object.find(name);
    if (found == object.end() || !found->is_array() || found->size() > max_size) return nullptr;
    return &*found;
}

Result<std::vector<std::uint8_t>> hex_item(const json& item, std::size_t max_bytes, const std::string& where) {
    if (!item.is_string()) return bad(where + " must be a hex string");
    auto bytes = bytes_from_hex(item.get_ref<const std::string&>(), max_bytes);
    if (!bytes.ok()) return bad(where + ": " + bytes.error().message);
    return bytes;
}

Result<std::vector<std::string>> problems_field(const json& object, const std::string& where) {
    const auto* list = array_field(object, "problems", kMaxProblems);
    if (list == nullptr) return bad(where + ": \"problems\" must be a list of at most 4096 texts");
    std::vector<std::string> problems;
    for (const auto& item : *list) {
        if (!item.is_string()) return bad(where + ": a problem must be a text");
        problems.push_back(item.get<std::string>());
    }
    return problems;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

json sel_info_to_wire(const sel::SelInfo& info) {
    return json{{"version", info.version},
                {"entries", info.entries},
                {"free_bytes", info.free_bytes},
                {"addition_timestamp", info.addition_timestamp},
                {"erase_timestamp", info.erase_timestamp},
                {"operations", info.operations}};
}

Result<sel::SelInfo> sel_info_from_wire(const json& wire) {
    if (!wire.is_object()) return bad("SEL: \"info\" must be an object");
    Fields fields(wire, "SEL info");
    const sel::SelInfo info{
        fields.get<std::uint8_t>("version"),          fields.get<std::uint16_t>("entries"),
        fields.get<std::uint16_t>("free_bytes"),      fields.get<std::uint32_t>("addition_timestamp"),
        fields.get<std::uint32_t>("erase_timestamp"), fields.get<std::uint8_t>("operations")};
    if (fields.error()) return *fields.error();
    return info;
}

json allocation_to_wire(const sel::AllocationInfo& allocation) {
    return json{{"units", allocation.units},
                {"unit_size", allocation.unit_size},
                {"free_units", allocation.free_units},
                {"largest_free", allocation.largest_free},
                {"max_record_units", allocation.max_record_units}};
}

Result<sel::AllocationInfo> allocation_from_wire(const json& wire) {
    if (!wire.is_object()) return bad("SEL: \"allocation\" must be an object or null");
    Fields fields(wire, "SEL allocation");
    const sel::AllocationInfo allocation{fields.get<std::uint16_t>("units"), fields.get<std::uint16_t>("unit_size"),
                                         fields.get<std::uint16_t>("free_units"),
                                         fields.get<std::uint16_t>("largest_free"),
                                         fields.get<std::uint8_t>("max_record_units")};
    if (fields.error()) return *fields.error();
    return allocation;
}

}  // namespace

std::string_view part_name(Part part) {
    return kPartNames.at(static_cast<std::size_t>(part));
}

Result<Part> part_from_name(std::string_view name) {
    for (const auto part : kParts)
        if (part_name(part) == name) return part;
    return bridge::make_error(ErrorKind::InvalidArgument,
                              "unknown snapshot part \"" + std::string(name) +
                                  "\" (device, sdr, readings, sel, sel_info, chassis, fru, users)");
}

std::string hex_text(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        text[2 * i] = kDigits[bytes[i] >> 4];
        text[2 * i + 1] = kDigits[bytes[i] & 0x0F];
    }
    return text;
}

Result<std::vector<std::uint8_t>> bytes_from_hex(std::string_view text, std::size_t max_bytes) {
    if (text.size() % 2 != 0) return bridge::make_error(ErrorKind::InvalidArgument, "an odd number of hex digits");
    if (text.size() / 2 > max_bytes)
        return bridge::make_error(ErrorKind::InvalidArgument,
                                  std::to_string(text.size() / 2) + " bytes, more than " + std::to_string(max_bytes));
    std::vector<std::uint8_t> bytes(text.size() / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const int high = hex_digit(text[2 * i]);
        const int low = hex_digit(text[2 * i + 1]);
        if (high < 0 || low < 0)
            return bridge::make_error(ErrorKind::InvalidArgument, "not a hex digit at " + std::to_string(2 * i));
        bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return bytes;
}

json repository_to_wire(const sdr::Repository& repository) {
    json records = json::array();
    for (const auto& record : repository.records) records.push_back(hex_text(record.raw));
    return json{{"info",
                 {{"version", repository.info.version},
                  {"record_count", repository.info.record_count},
                  {"addition_timestamp", repository.info.addition_timestamp},
                  {"erase_timestamp", repository.info.erase_timestamp}}},
                {"records", std::move(records)},
                {"problems", repository.problems}};
}

Result<sdr::Repository> repository_from_wire(const json& wire) {
    if (!wire.is_object()) return bad("\"sdr\" must be an object");
    sdr::Repository repository;
    const auto info = wire.find("info");
    if (info == wire.end() || !info->is_object()) return bad("SDR: \"info\" must be an object");
    Fields fields(*info, "SDR info");
    repository.info = sdr::RepositoryInfo{
        fields.get<std::uint8_t>("version"), fields.get<std::uint16_t>("record_count"),
        fields.get<std::uint32_t>("addition_timestamp"), fields.get<std::uint32_t>("erase_timestamp")};
    if (fields.error()) return *fields.error();
    const auto* records = array_field(wire, "records", kMaxRecords);
    if (records == nullptr) return bad("SDR: \"records\" must be a list of at most 65535 records");
    repository.records.reserve(records->size());
    for (std::size_t i = 0; i < records->size(); ++i) {
        const auto where = "SDR record " + std::to_string(i + 1);
        auto bytes = hex_item((*records)[i], kMaxRecordBytes, where);
        if (!bytes.ok()) return bytes.error();
        auto record = sdr::decode_record(*bytes);
        if (!record.ok()) return bad(where + ": " + record.error().message);
        repository.records.push_back(std::move(*record));
    }
    auto problems = problems_field(wire, "SDR");
    if (!problems.ok()) return problems.error();
    repository.problems = std::move(*problems);
    return repository;
}

// One sample: {"f": why there is none} or {"r": reading, "t"?: thresholds, "x"?: factors}.
json samples_to_wire(std::span<const sensor::SensorSample> samples) {
    json list = json::array();
    for (const auto& sample : samples) {
        json item = json::object();
        if (sample.failure) {
            item["f"] = *sample.failure;
        } else {
            item["r"] = hex_text(sample.reading);
            if (sample.thresholds) item["t"] = hex_text(*sample.thresholds);
            if (sample.factors) item["x"] = hex_text(*sample.factors);
        }
        list.push_back(std::move(item));
    }
    return list;
}

Result<std::vector<sensor::SensorSample>> samples_from_wire(const json& wire) {
    if (!wire.is_array() || wire.size() > kMaxRecords * 255) return bad("\"readings\" must be a list of samples");
    std::vector<sensor::SensorSample> samples;
    samples.reserve(wire.size());
    for (std::size_t i = 0; i < wire.size(); ++i) {
        const auto& item = wire[i];
        const auto where = "sample " + std::to_string(i + 1);
        if (!item.is_object()) return bad(where + " must be an object");
        sensor::SensorSample sample;
        if (const auto failure = item.find("f"); failure != item.end()) {
            if (!failure->is_string()) return bad(where + ": \"f\" must be a text");
            sample.failure = failure->get<std::string>();
            samples.push_back(std::move(sample));
            continue;
        }
        const auto reading = item.find("r");
        if (reading == item.end()) return bad(where + ": neither \"f\" nor \"r\"");
        auto bytes = hex_item(*reading, kMaxReplyBytes, where + " reading");
        if (!bytes.ok()) return bytes.error();
        sample.reading = std::move(*bytes);
        for (auto [key, target] : {std::pair{"t", &sample.thresholds}, std::pair{"x", &sample.factors}}) {
            const auto found = item.find(key);
            if (found == item.end()) continue;
            auto data = hex_item(*found, kMaxReplyBytes, where + " \"" + key + "\"");
            if (!data.ok()) return data.error();
            *target = std::move(*data);
        }
        samples.push_back(std::move(sample));
    }
    return samples;
}

json sel_to_wire(const SelPart& sel) {
    json entries = json::array();
    for (const auto& entry : sel.entries) entries.push_back(hex_text(entry));
    return json{{"info", sel_info_to_wire(sel.state.info)},
                {"allocation", sel.allocation ? allocation_to_wire(*sel.allocation) : json(nullptr)},
                {"utc_offset", sel.state.utc_offset_minutes ? json(*sel.state.utc_offset_minutes) : json(nullptr)},
                {"entries", std::move(entries)}};
}

Result<SelPart> sel_from_wire(const json& wire) {
    if (!wire.is_object()) return bad("\"sel\" must be an object");
    SelPart part;
    const auto info = wire.find("info");
    if (info == wire.end()) return bad("SEL: no \"info\"");
    auto decoded = sel_info_from_wire(*info);
    if (!decoded.ok()) return decoded.error();
    part.state.info = *decoded;
    if (const auto allocation = wire.find("allocation"); allocation != wire.end() && !allocation->is_null()) {
        auto got = allocation_from_wire(*allocation);
        if (!got.ok()) return got.error();
        part.allocation = *got;
    }
    if (const auto offset = wire.find("utc_offset"); offset != wire.end() && !offset->is_null()) {
        // §31.11a: -1440 to 1440 minutes.
        if (!offset->is_number_integer() || offset->get<std::int64_t>() < -1440 || offset->get<std::int64_t>() > 1440)
            return bad("SEL: \"utc_offset\" must be minutes from -1440 to 1440, or null");
        part.state.utc_offset_minutes = static_cast<std::int16_t>(offset->get<std::int64_t>());
    }
    const auto* entries = array_field(wire, "entries", kMaxSelEntries);
    if (entries == nullptr) return bad("SEL: \"entries\" must be a list of at most 65535 entries");
    part.entries.reserve(entries->size());
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto where = "SEL entry " + std::to_string(i + 1);
        auto bytes = hex_item((*entries)[i], sel::RawEntry{}.size(), where);
        if (!bytes.ok()) return bytes.error();
        if (bytes->size() != sel::RawEntry{}.size()) return bad(where + ": not 16 bytes");
        sel::RawEntry raw{};
        std::copy(bytes->begin(), bytes->end(), raw.begin());
        part.entries.push_back(raw);
    }
    return part;
}

json system_guid_to_wire(const std::optional<std::array<std::uint8_t, 16>>& guid, const std::string& refusal) {
    if (guid) return hex_text(std::vector<std::uint8_t>(guid->begin(), guid->end()));
    return json{{"refused", refusal}};
}

Result<std::array<std::uint8_t, 16>> system_guid_from_wire(const json& wire) {
    if (wire.is_object()) {
        const auto why = wire.find("refused");
        if (why == wire.end() || !why->is_string()) return bad("\"system_guid\" must be hex or {\"refused\": text}");
        return bridge::Error{ErrorKind::CompletionCode, why->get<std::string>()};
    }
    if (!wire.is_string()) return bad("\"system_guid\" must be hex or {\"refused\": text}");
    auto bytes = bytes_from_hex(wire.get_ref<const std::string&>(), 16);
    if (!bytes.ok() || bytes->size() != 16) return bad("\"system_guid\" must be 16 bytes in hex");
    std::array<std::uint8_t, 16> guid{};
    std::copy(bytes->begin(), bytes->end(), guid.begin());
    return guid;
}

json chassis_to_wire(const ChassisPart& chassis) {
    return json{{"status", hex_text(chassis.status)},
                {"requested_state", chassis.request.requested_state},
                {"requested_power_state", chassis.request.requested_power_state}};
}

Result<ChassisPart> chassis_from_wire(const json& wire) {
    if (!wire.is_object()) return bad("\"chassis\" must be an object");
    ChassisPart part;
    const auto status = wire.find("status");
    if (status == wire.end()) return bad("chassis: no \"status\"");
    auto bytes = hex_item(*status, kMaxReplyBytes, "chassis \"status\"");
    if (!bytes.ok()) return bytes.error();
    if (auto decoded = chassis::decode_chassis_status(*bytes); !decoded.ok())
        return bad("chassis \"status\": " + decoded.error().message);
    part.status = std::move(*bytes);
    for (auto [name, field] : {std::pair{"requested_state", &part.request.requested_state},
                               std::pair{"requested_power_state", &part.request.requested_power_state}}) {
        const auto found = wire.find(name);
        if (found == wire.end() || !found->is_number_integer() || found->get<std::int64_t>() < 0 ||
            found->get<std::int64_t>() > 0xFFFF)
            return bad(std::string("chassis: \"") + name + "\" must be a CIM state value (0..65535)");
        *field = static_cast<std::uint16_t>(found->get<std::int64_t>());
    }
    return part;
}

}  // namespace ipmiprov::provider::snapshot

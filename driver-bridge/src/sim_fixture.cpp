// JSON fixture → simulated BMC model. Strict: unknown keys and out-of-range
// values are errors that name the JSON path, so a typo in a fixture cannot
// silently turn into a different machine.
#include <cctype>
#include <charconv>
#include <set>

#include <nlohmann/json.hpp>

#include "bridge/sim_bmc.hpp"
#include "bridge/text_file.hpp"

namespace ipmiprov::bridge::sim {
namespace {

using nlohmann::json;

struct FixtureError {
    std::string message;
};

// A JSON node plus the path that leads to it, for error messages.
class Node {
public:
    Node(const json& value, std::string path) : value_(value), path_(std::move(path)) {}

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] bool has(const char* key) const { return value_.contains(key); }

    Node at(const char* key) const {
        if (!value_.is_object() || !value_.contains(key)) fail(std::string("missing key \"") + key + "\"");
        return {value_[key], path_ + "." + key};
    }

    void require_object(std::initializer_list<const char*> allowed) const {
        if (!value_.is_object()) fail("expected an object");
        std::set<std::string> known(allowed.begin(), allowed.end());
        for (const auto& item : value_.items()) {
            if (!known.contains(item.key())) fail("unknown key \"" + item.key() + "\"");
        }
    }

    std::vector<Node> array() const {
        if (!value_.is_array()) fail("expected an array");
        std::vector<Node> out;
        for (std::size_t i = 0; i < value_.size(); ++i)
            out.emplace_back(value_[i], path_ + "[" + std::to_string(i) + "]");
        return out;
    }

    // Accepts 42 or "0x2a".
    std::uint64_t number(std::uint64_t max) const {
        std::uint64_t result = 0;
        if (value_.is_number_unsigned()) {
            result = value_.get<std::uint64_t>();
        } else if (value_.is_string()) {
            const auto text = value_.get<std::string>();
            const bool is_hex = text.starts_with("0x") || text.starts_with("0X");
            const char* begin = text.data() + (is_hex ? 2 : 0);
            const char* end = text.data() + text.size();
            auto [ptr, ec] = std::from_chars(begin, end, result, is_hex ? 16 : 10);
            if (ec != std::errc{} || ptr != end || begin == end) fail("\"" + text + "\" is not a number");
        } else {
            fail("expected a non-negative number or a \"0x..\" string");
        }
        if (result > max) fail("value " + std::to_string(result) + " is larger than " + std::to_string(max));
        return result;
    }
    std::uint8_t u8() const { return static_cast<std::uint8_t>(number(0xFF)); }
    std::uint16_t u16() const { return static_cast<std::uint16_t>(number(0xFFFF)); }
    std::uint32_t u32() const { return static_cast<std::uint32_t>(number(0xFFFFFFFF)); }

    bool boolean() const {
        if (!value_.is_boolean()) fail("expected true or false");
        return value_.get<bool>();
    }

    std::int64_t integer() const {
        if (!value_.is_number_integer()) fail("expected an integer");
        return value_.get<std::int64_t>();
    }

    // A string of at most `max` bytes.
    std::string text(std::size_t max) const {
        if (!value_.is_string()) fail("expected a string");
        auto out = value_.get<std::string>();
        if (out.size() > max) fail("longer than " + std::to_string(max) + " bytes");
        return out;
    }

    // "01 02 ff" or "0102ff".
    std::vector<std::uint8_t> hex_bytes() const {
        if (!value_.is_string()) fail("expected a hex string");
        std::string digits;
        for (char c : value_.get<std::string>()) {
            if (c == ' ' || c == ':') continue;
            if (!std::isxdigit(static_cast<unsigned char>(c))) fail(std::string("'") + c + "' is not a hex digit");
            digits += c;
        }
        if (digits.size() % 2 != 0) fail("odd number of hex digits");
        std::vector<std::uint8_t> out;
        for (std::size_t i = 0; i < digits.size(); i += 2) {
            out.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
        }
        return out;
    }

    template <std::size_t N>
    std::array<std::uint8_t, N> fixed_bytes() const {
        auto bytes = hex_bytes();
        if (bytes.size() != N) fail("expected " + std::to_string(N) + " bytes, got " + std::to_string(bytes.size()));
        std::array<std::uint8_t, N> out{};
        std::copy(bytes.begin(), bytes.end(), out.begin());
        return out;
    }

    [[noreturn]] void fail(const std::string& what) const { throw FixtureError{path_ + ": " + what}; }

private:
    const json& value_;
    std::string path_;
};

std::uint8_t ipmi_version_bcd(const Node& node) {
    if (!node.has("ipmi_version")) return 0x02;
    // Written as the wire byte: 0x02 = 2.0, 0x51 = 1.5 (§20.1: low nibble major).
    return node.at("ipmi_version").u8();
}

DeviceIdentity parse_identity(const Node& node) {
    node.require_object({"device_id", "device_revision", "provides_device_sdrs", "in_firmware_update", "firmware_major",
                         "firmware_minor", "ipmi_version", "device_support", "manufacturer_id", "product_id",
                         "aux_firmware"});
    DeviceIdentity id;
    if (node.has("device_id")) id.device_id = node.at("device_id").u8();
    if (node.has("device_revision"))
        id.device_revision = static_cast<std::uint8_t>(node.at("device_revision").number(15));
    if (node.has("provides_device_sdrs")) id.provides_device_sdrs = node.at("provides_device_sdrs").boolean();
    if (node.has("in_firmware_update")) id.in_firmware_update = node.at("in_firmware_update").boolean();
    if (node.has("firmware_major"))
        id.firmware_major = static_cast<std::uint8_t>(node.at("firmware_major").number(127));
    if (node.has("firmware_minor")) id.firmware_minor = node.at("firmware_minor").u8();
    id.ipmi_version = ipmi_version_bcd(node);
    if (node.has("device_support")) id.device_support = node.at("device_support").u8();
    if (node.has("manufacturer_id"))
        id.manufacturer_id = static_cast<std::uint32_t>(node.at("manufacturer_id").number(0xFFFFF));
    if (node.has("product_id")) id.product_id = node.at("product_id").u16();
    if (node.has("aux_firmware")) {
        auto aux = node.at("aux_firmware").fixed_bytes<4>();
        id.aux_firmware.assign(aux.begin(), aux.end());
    }
    return id;
}

SimSensor parse_sensor(const Node& node) {
    node.require_object({"lun", "number", "reading", "events_enabled", "scanning_enabled", "unavailable", "state_bits",
                         "thresholds", "reading_factors", "absent", "settable_thresholds", "ignore_threshold_writes",
                         "comment"});
    SimSensor sensor;
    if (node.has("lun")) sensor.lun = static_cast<std::uint8_t>(node.at("lun").number(3));
    sensor.number = node.at("number").u8();
    if (node.has("reading")) sensor.reading = node.at("reading").u8();
    if (node.has("events_enabled")) sensor.events_enabled = node.at("events_enabled").boolean();
    if (node.has("scanning_enabled")) sensor.scanning_enabled = node.at("scanning_enabled").boolean();
    if (node.has("unavailable")) sensor.unavailable = node.at("unavailable").boolean();
    if (node.has("state_bits")) sensor.state_bits = static_cast<std::uint16_t>(node.at("state_bits").number(0x7FFF));
    if (node.has("thresholds")) sensor.thresholds = node.at("thresholds").fixed_bytes<7>();
    if (node.has("reading_factors")) sensor.reading_factors = node.at("reading_factors").fixed_bytes<6>();
    if (node.has("absent")) sensor.absent = node.at("absent").boolean();
    if (node.has("settable_thresholds"))
        sensor.settable_thresholds = static_cast<std::uint8_t>(node.at("settable_thresholds").number(0x3F));
    if (node.has("ignore_threshold_writes"))
        sensor.ignore_threshold_writes = node.at("ignore_threshold_writes").boolean();
    return sensor;
}

SimController parse_controller(const Node& node, std::initializer_list<const char*> extra_keys) {
    std::set<std::string> allowed{"device", "sensors"};
    allowed.insert(extra_keys.begin(), extra_keys.end());
    SimController mc;
    if (node.has("device")) mc.identity = parse_identity(node.at("device"));
    if (node.has("sensors")) {
        for (const auto& sensor : node.at("sensors").array()) mc.sensors.push_back(parse_sensor(sensor));
    }
    return mc;
}

std::vector<SdrRecord> parse_records(const Node& node) {
    std::vector<SdrRecord> records;
    for (const auto& record : node.array()) {
        record.require_object({"hex", "next", "comment"});
        SdrRecord sdr{record.at("hex").hex_bytes(), std::nullopt};
        if (sdr.bytes.size() < 5) record.fail("an SDR record has at least its 5-byte header");
        if (record.has("next")) sdr.next_override = record.at("next").u16();
        records.push_back(std::move(sdr));
    }
    return records;
}

void parse_sdr(const Node& node, Fixture& fixture) {
    node.require_object({"version", "addition_timestamp", "erase_timestamp", "records"});
    if (node.has("version")) fixture.sdr_version = node.at("version").u8();
    if (node.has("addition_timestamp")) fixture.sdr_addition_timestamp = node.at("addition_timestamp").u32();
    if (node.has("erase_timestamp")) fixture.sdr_erase_timestamp = node.at("erase_timestamp").u32();
    if (node.has("records")) fixture.sdr = parse_records(node.at("records"));
}

void parse_sel(const Node& node, SelConfig& sel) {
    node.require_object({"capacity", "overwrite_when_full", "restart_ids_after_clear", "erase_timestamp_on_delete",
                         "time", "utc_offset_minutes", "entries"});
    if (node.has("capacity")) sel.capacity = node.at("capacity").number(0xFFFE);
    if (node.has("overwrite_when_full")) sel.overwrite_when_full = node.at("overwrite_when_full").boolean();
    if (node.has("restart_ids_after_clear")) {
        sel.restart_ids_after_clear = node.at("restart_ids_after_clear").boolean();
    }
    if (node.has("erase_timestamp_on_delete")) {
        sel.erase_timestamp_on_delete = node.at("erase_timestamp_on_delete").boolean();
    }
    if (node.has("time")) sel.time = node.at("time").u32();
    if (node.has("utc_offset_minutes")) {
        const auto offset = node.at("utc_offset_minutes").integer();
        if (offset != 0x07FF && (offset < -1440 || offset > 1440)) {
            node.at("utc_offset_minutes").fail("must be within -1440..1440 or 2047 (unspecified)");
        }
        sel.utc_offset_minutes = static_cast<std::int16_t>(offset);
    }
    if (node.has("entries")) {
        for (const auto& entry : node.at("entries").array()) sel.entries.push_back(entry.fixed_bytes<16>());
    }
}

FaultRule parse_rule(const Node& node) {
    node.require_object({"netfn", "cmd", "completion_code", "drop_reply", "repeat_last_reply", "times", "skip"});
    FaultRule rule;
    if (node.has("netfn")) rule.netfn = static_cast<std::uint8_t>(node.at("netfn").number(0x3F));
    if (node.has("cmd")) rule.cmd = node.at("cmd").u8();
    if (node.has("completion_code")) rule.completion_code = node.at("completion_code").u8();
    if (node.has("drop_reply")) rule.drop_reply = node.at("drop_reply").boolean();
    if (node.has("repeat_last_reply")) rule.repeat_last_reply = node.at("repeat_last_reply").boolean();
    if (node.has("times")) rule.times = static_cast<int>(node.at("times").number(1'000'000));
    if (node.has("skip")) rule.skip = static_cast<int>(node.at("skip").number(1'000'000));
    if (!rule.completion_code && !rule.drop_reply && !rule.repeat_last_reply) {
        node.fail("a fault rule needs completion_code, drop_reply or repeat_last_reply");
    }
    return rule;
}

void parse_faults(const Node& node, Faults& faults) {
    node.require_object({"max_read", "short_replies", "cancel_reservation_every", "cancel_sel_reservation_every",
                         "erase_polls", "rules"});
    if (node.has("max_read")) faults.max_read = node.at("max_read").number(0xFF);
    if (node.has("short_replies")) faults.short_replies = node.at("short_replies").number(0xFF);
    if (node.has("cancel_reservation_every")) {
        faults.cancel_reservation_every = static_cast<int>(node.at("cancel_reservation_every").number(1'000'000));
    }
    if (node.has("cancel_sel_reservation_every")) {
        faults.cancel_sel_reservation_every =
            static_cast<int>(node.at("cancel_sel_reservation_every").number(1'000'000));
    }
    if (node.has("erase_polls")) faults.erase_polls = static_cast<int>(node.at("erase_polls").number(1000));
    if (node.has("rules")) {
        for (const auto& rule : node.at("rules").array()) faults.rules.push_back(parse_rule(rule));
    }
}

SimUser parse_user(const Node& node) {
    node.require_object({"id", "name", "enabled", "privilege", "ipmi_messaging", "comment"});
    SimUser user;
    user.id = static_cast<std::uint8_t>(node.at("id").number(63));
    if (node.has("name")) user.name = node.at("name").text(16);
    if (node.has("enabled")) user.enabled = node.at("enabled").boolean();
    if (node.has("privilege")) user.privilege = static_cast<std::uint8_t>(node.at("privilege").number(15));
    if (node.has("ipmi_messaging")) user.ipmi_messaging = node.at("ipmi_messaging").boolean();
    return user;
}

void parse_inventory(const Node& node, SimInventory& inventory) {
    node.require_object({"comment", "fru", "lan_channel", "max_users", "users"});
    if (node.has("fru")) {
        for (const auto& device : node.at("fru").array()) {
            device.require_object({"id", "hex", "comment"});
            auto bytes = device.at("hex").hex_bytes();
            if (bytes.empty() || bytes.size() > 0xFFFF) device.at("hex").fail("a FRU device holds 1..65535 bytes");
            inventory.fru[device.at("id").u8()] = std::move(bytes);
        }
    }
    if (node.has("lan_channel")) inventory.lan_channel = static_cast<std::uint8_t>(node.at("lan_channel").number(11));
    if (node.has("max_users")) inventory.max_users = static_cast<std::uint8_t>(node.at("max_users").number(63));
    if (node.has("users")) {
        for (const auto& user : node.at("users").array()) {
            inventory.users.push_back(parse_user(user));
            if (inventory.users.back().id == 0 || inventory.users.back().id > inventory.max_users)
                user.at("id").fail("must be within 1..max_users");
        }
    }
}

Fixture parse_root(const Node& root) {
    root.require_object({"comment", "bmc", "sdr", "device_sdr", "sel", "satellites", "inventory", "faults"});
    Fixture fixture;
    if (root.has("bmc")) {
        auto bmc = root.at("bmc");
        bmc.require_object({"device", "sensors"});
        fixture.bmc = parse_controller(bmc, {});
    }
    if (root.has("sdr")) parse_sdr(root.at("sdr"), fixture);
    if (root.has("device_sdr")) fixture.device_sdr = parse_records(root.at("device_sdr"));
    if (root.has("sel")) parse_sel(root.at("sel"), fixture.sel);
    if (root.has("satellites")) {
        for (const auto& node : root.at("satellites").array()) {
            node.require_object({"channel", "address", "device", "sensors"});
            const auto channel = static_cast<std::uint8_t>(node.at("channel").number(15));
            const auto address = node.at("address").u8();
            fixture.satellites[{channel, address}] = parse_controller(node, {"channel", "address"});
        }
    }
    if (root.has("inventory")) parse_inventory(root.at("inventory"), fixture.inventory);
    if (root.has("faults")) parse_faults(root.at("faults"), fixture.faults);
    return fixture;
}

}  // namespace

Result<Fixture> parse_fixture(std::string_view json_text) {
    const auto document = json::parse(json_text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (document.is_discarded()) return make_error(ErrorKind::InvalidArgument, "fixture is not valid JSON");
    try {
        return parse_root(Node(document, "$"));
    } catch (const FixtureError& error) {
        return make_error(ErrorKind::InvalidArgument, "fixture: " + error.message);
    }
}

Result<Fixture> load_fixture(const std::filesystem::path& path) {
    constexpr std::size_t kLimit = std::size_t{64} * 1024 * 1024;  // far above any fixture; /dev/zero is not one
    auto text = read_bounded_file(path, kLimit, "fixture");
    if (!text.ok()) {
        if (text.error().kind == ErrorKind::InvalidArgument) return text.error();
        return make_error(ErrorKind::NotFound, "cannot read fixture " + path.string());
    }
    auto fixture = parse_fixture(*text);
    if (!fixture.ok()) return make_error(ErrorKind::InvalidArgument, path.string() + ": " + fixture.error().message);
    return fixture;
}

}  // namespace ipmiprov::bridge::sim

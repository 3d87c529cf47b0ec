// `sel list`'s words, JSON and rows for one SEL entry (entry_output.hpp).

#include "provider/sel/entry_output.hpp"

#include <array>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "bridge/message.hpp"
#include "provider/sel/event_text.hpp"
#include "provider/sel/panic.hpp"
#include "provider/severity/severity.hpp"
#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::sel {
namespace {

using nlohmann::ordered_json;

std::string hex_byte(std::uint8_t value) {
    std::array<char, 8> text{};
    std::snprintf(text.data(), text.size(), "0x%02x", value);
    return text.data();
}

std::string hex_id(std::uint16_t value) {
    std::array<char, 8> text{};
    std::snprintf(text.data(), text.size(), "0x%04x", value);
    return text.data();
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
    return bridge::hex({bytes.begin(), bytes.end()});
}

}  // namespace

StoredEntry describe(const Entry& entry, const std::vector<sensor::SensorDefinition>& sensors) {
    StoredEntry stored{entry.raw, std::nullopt, ""};
    if (const auto* event = std::get_if<SystemEvent>(&entry.body)) {
        const auto* definition = find_event_sensor(*event, sensors);
        if (definition != nullptr) stored.sensor_name = definition->common.name;
        stored.event = event_text(*event, definition);
    } else if (const auto* oem = std::get_if<OemTimestamped>(&entry.body)) {
        stored.event = "OEM record " + hex_byte(entry.record_type) + ", manufacturer " +
                       std::to_string(oem->manufacturer_id) + ", data " + hex_bytes(oem->data);
    } else if (const auto chunk = decode_panic_chunk(entry.raw)) {
        stored.event = panic_chunk_text(*chunk);  // Linux's panic string, a part (panic.hpp)
    } else {
        stored.event = "OEM record " + hex_byte(entry.record_type) + ", data " +
                       hex_bytes(std::get<OemNonTimestamped>(entry.body).data);
    }
    return stored;
}

std::optional<Timestamp> timestamp_of(const Entry& entry) {
    if (const auto* event = std::get_if<SystemEvent>(&entry.body)) return event->timestamp;
    if (const auto* oem = std::get_if<OemTimestamped>(&entry.body)) return oem->timestamp;
    return std::nullopt;
}

ordered_json entry_json(const Entry& entry, const StoredEntry& stored, UtcOffset offset,
                        const std::vector<sensor::SensorDefinition>* sensors) {
    const auto timestamp = timestamp_of(entry);
    const auto iso = timestamp ? iso8601_utc(*timestamp, offset) : std::nullopt;
    const auto local = timestamp ? host_local_time(*timestamp, offset) : std::nullopt;
    ordered_json json{{"record_id", entry.record_id},
                      {"record_type", entry.record_type},
                      {"record_kind", record_kind_text(entry.record_type)},
                      {"timestamp", iso ? ordered_json(*iso) : ordered_json(nullptr)},
                      {"timestamp_local", local ? ordered_json(*local) : ordered_json(nullptr)},
                      {"timestamp_raw", timestamp ? ordered_json(timestamp->raw) : ordered_json(nullptr)},
                      {"pre_init", timestamp && timestamp->pre_init()},
                      {"generator_id", nullptr},
                      {"event_message_revision", nullptr},
                      {"sensor_number", nullptr},
                      {"sensor_lun", nullptr},
                      {"sensor_name", stored.sensor_name ? ordered_json(*stored.sensor_name) : ordered_json(nullptr)},
                      {"sensor_type", nullptr},
                      {"event_reading_type", nullptr},
                      {"direction", nullptr},
                      {"severity", std::string(severity::severity_text(severity::configured().of_event(entry)))},
                      {"event", stored.event},
                      {"panic_text", stored.panic_text ? ordered_json(*stored.panic_text) : ordered_json(nullptr)},
                      {"trigger_reading", nullptr},
                      {"trigger_threshold", nullptr},
                      {"trigger_unit", nullptr},
                      {"raw", hex_bytes(entry.raw)}};
    if (const auto* event = std::get_if<SystemEvent>(&entry.body)) {
        json["generator_id"] = event->generator.raw;
        json["event_message_revision"] = event->event_message_revision;
        json["sensor_number"] = event->sensor_number;
        json["sensor_lun"] = event->generator.lun();
        json["sensor_type"] = std::string(spec::sensor_type_name(event->sensor_type).value_or("unknown"));
        json["event_reading_type"] = event->event_reading_type;
        json["direction"] = event->deassertion ? "deassertion" : "assertion";
        // A threshold event's numbers, in the sensor's unit (issue 20): for a script, not words.
        const auto* definition = sensors != nullptr ? find_event_sensor(*event, *sensors) : nullptr;
        if (const auto values = threshold_values(*event, definition)) {
            if (values->reading) json["trigger_reading"] = *values->reading;
            if (values->threshold) json["trigger_threshold"] = *values->threshold;
            json["trigger_unit"] = values->unit;
        }
    }
    return json;
}

std::vector<std::string> entry_cells(const Entry& entry, const StoredEntry& stored, UtcOffset offset, bool localtime) {
    const auto timestamp = timestamp_of(entry);
    const auto local = timestamp && localtime ? host_local_time(*timestamp, offset) : std::nullopt;
    std::string sensor = stored.sensor_name.value_or("");
    std::string direction;
    if (const auto* event = std::get_if<SystemEvent>(&entry.body)) {
        if (sensor.empty()) {
            sensor = std::string(spec::sensor_type_name(event->sensor_type).value_or("sensor")) + " #" +
                     hex_byte(event->sensor_number);
        }
        direction = event->deassertion ? "deasserted" : "asserted";
    }
    return {hex_id(entry.record_id),
            local       ? *local
            : timestamp ? timestamp_text(*timestamp, offset)
                        : "-",
            sensor,
            direction,
            std::string(severity::severity_text(severity::configured().of_event(entry))),
            stored.event};
}

std::string entry_line(const std::vector<std::string>& cells) {
    constexpr std::array<int, 5> kWidths{6, 22, 18, 10, 8};
    std::ostringstream line;
    for (std::size_t i = 0; i < kWidths.size() && i < cells.size(); ++i)
        line << std::left << std::setw(kWidths.at(i)) << cells[i] << "  ";
    if (cells.size() > kWidths.size()) line << cells.back();
    return line.str();
}

}  // namespace ipmiprov::provider::sel

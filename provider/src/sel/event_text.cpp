#include "provider/sel/event_text.hpp"

#include <algorithm>
#include <cstdio>

#include "provider/sensor/conversion.hpp"
#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::sel {
namespace {

std::string hex_byte(std::uint8_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", value);
    return text;
}

// Event data 1 bits 7:6 and 5:4 say what bytes 2 and 3 hold (Table 29-6).
enum class DataUse { Unspecified, TriggerOrOem, SensorSpecific };
DataUse byte2_use(const SystemEvent& e) {
    return static_cast<DataUse>(std::min((e.event_data[0] >> 6) & 0x3, 2));
}
DataUse byte3_use(const SystemEvent& e) {
    return static_cast<DataUse>(std::min((e.event_data[0] >> 4) & 0x3, 2));
}
bool is_oem(const SystemEvent& e, int byte) {
    const auto bits = byte == 2 ? (e.event_data[0] >> 6) & 0x3 : (e.event_data[0] >> 4) & 0x3;
    return bits == 2;
}

std::string value_text(std::uint8_t raw, const sensor::SensorDefinition* sensor) {
    if (sensor == nullptr || !sensor->factors || sensor->linearization >= 0x70) return hex_byte(raw);
    auto value = sensor::convert(raw, sensor->units.format, sensor->linearization, *sensor->factors);
    if (!value) return hex_byte(raw);
    const int decimals = sensor::display_decimals(sensor->linearization, *sensor->factors);
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, sensor::round_to(*value, decimals));
    return std::string(text) + " " + sensor::unit_text(sensor->units);
}

// §29.7, threshold events: byte 2 the trigger reading, byte 3 the threshold.
std::string threshold_text(const SystemEvent& e, const sensor::SensorDefinition* sensor) {
    auto text = std::string(
        spec::generic_state_name(0x01, e.offset()).value_or("threshold offset " + std::to_string(e.offset())));
    if (byte2_use(e) == DataUse::TriggerOrOem && !is_oem(e, 2))
        text += ", reading " + value_text(e.event_data[1], sensor);
    if (byte3_use(e) == DataUse::TriggerOrOem && !is_oem(e, 3))
        text += ", threshold " + value_text(e.event_data[2], sensor);
    return text;
}

std::optional<double> value_of(std::uint8_t raw, const sensor::SensorDefinition& sensor) {
    auto value = sensor::convert(raw, sensor.units.format, sensor.linearization, *sensor.factors);
    if (!value) return std::nullopt;
    return sensor::round_to(*value, sensor::display_decimals(sensor.linearization, *sensor.factors));
}

// Event-data-2/3 extras the spec defines for sensor-specific offsets
// (Table 42-3), as data: the byte and how to name its value.
struct Extra {
    std::uint8_t sensor_type;
    int offset;  // -1: any offset
    int byte;    // 2 or 3
    const char* label;
};
constexpr Extra kExtras[] = {
    {0x07, -1, 3, "processor"},             // Processor: some platforms give the CPU number
    {0x0C, -1, 3, "memory module"},         // Memory: module/device ID
    {0x0D, -1, 3, "drive"},                 // Drive slot
    {0x10, 0x00, 2, "memory module"},       // Correctable memory error logging disabled
    {0x10, 0x01, 2, "event/reading type"},  // Event type logging disabled
    {0x10, 0x05, 3, "% full"},              // SEL almost full
    {0x10, 0x06, 2, "instance"},            // Correctable MCE logging disabled
    {0x12, 0x03, 2, "log entry action"},    // Entry added to auxiliary log
    {0x12, 0x05, 2, "clock sync"},
    {0x19, -1, 2, "instance"},
    {0x1D, 0x07, 2, "restart cause"},
    {0x1D, 0x07, 3, "channel"},
    {0x21, -1, 2, "slot/connector type"},
    {0x21, -1, 3, "slot/connector number"},
    {0x23, -1, 2, "interrupt / timer use"},
    {0x28, 0x04, 2, "sensor number"},
    {0x2A, -1, 2, "user ID"},
    {0x2A, -1, 3, "channel / deactivation cause"},
    {0x2B, -1, 2, "version change type"},
    {0x2C, -1, 2, "previous state / cause"},
};

constexpr std::uint8_t kSystemFirmwareProgress = 0x0F;

std::string extras_text(const SystemEvent& e) {
    std::string text;
    for (int byte : {2, 3}) {
        const auto use = byte == 2 ? byte2_use(e) : byte3_use(e);
        const auto value = e.event_data[static_cast<std::size_t>(byte - 1)];
        if (use == DataUse::Unspecified || value == 0xFF) continue;
        if (is_oem(e, byte)) {
            text += ", OEM data " + std::to_string(byte) + " " + hex_byte(value);
            continue;
        }
        if (e.sensor_type == kSystemFirmwareProgress && byte == 2) {
            if (auto step = spec::firmware_progress_code_name(e.offset(), value)) {
                text += ": " + std::string(*step);
                continue;
            }
        }
        const auto* extra = std::find_if(std::begin(kExtras), std::end(kExtras), [&](const Extra& x) {
            return x.sensor_type == e.sensor_type && (x.offset < 0 || x.offset == e.offset()) && x.byte == byte;
        });
        if (extra != std::end(kExtras)) {
            text += std::string(", ") + extra->label + " " + std::to_string(value);
        } else {
            text += ", event data " + std::to_string(byte) + " " + hex_byte(value);
        }
    }
    return text;
}

std::string state_text(const SystemEvent& e) {
    const auto cls = spec::event_reading_class(e.event_reading_type);
    std::optional<std::string_view> name;
    if (cls == spec::EventReadingClass::Generic) name = spec::generic_state_name(e.event_reading_type, e.offset());
    if (cls == spec::EventReadingClass::SensorSpecific)
        name = spec::sensor_specific_state_name(e.sensor_type, e.offset());
    if (name) return std::string(*name);
    if (cls == spec::EventReadingClass::Oem) {
        return "OEM event type " + hex_byte(e.event_reading_type) + " offset " + std::to_string(e.offset());
    }
    return "event/reading type " + hex_byte(e.event_reading_type) + " offset " + std::to_string(e.offset());
}

}  // namespace

std::string event_text(const SystemEvent& event, const sensor::SensorDefinition* sensor) {
    if (spec::event_reading_class(event.event_reading_type) == spec::EventReadingClass::Threshold) {
        return threshold_text(event, sensor);
    }
    return state_text(event) + extras_text(event);
}

std::optional<ThresholdValues> threshold_values(const SystemEvent& event, const sensor::SensorDefinition* sensor) {
    constexpr std::uint8_t kThresholdEventType = 0x01;
    if (event.event_reading_type != kThresholdEventType || sensor == nullptr || !sensor->factors ||
        sensor->linearization >= 0x70)
        return std::nullopt;
    ThresholdValues values;
    values.unit = sensor::unit_text(sensor->units);
    if (byte2_use(event) == DataUse::TriggerOrOem && !is_oem(event, 2))
        values.reading = value_of(event.event_data[1], *sensor);
    if (byte3_use(event) == DataUse::TriggerOrOem && !is_oem(event, 3))
        values.threshold = value_of(event.event_data[2], *sensor);
    if (!values.reading && !values.threshold) return std::nullopt;
    return values;
}

const sensor::SensorDefinition* find_event_sensor(const SystemEvent& event,
                                                  const std::vector<sensor::SensorDefinition>& sensors) {
    const auto& g = event.generator;
    auto found = std::find_if(sensors.begin(), sensors.end(), [&](const sensor::SensorDefinition& d) {
        const auto& key = d.common.key;
        return key.owner_id == g.owner_id() && key.lun == g.lun() && key.number == event.sensor_number &&
               (g.is_software() || key.channel == g.channel());
    });
    return found == sensors.end() ? nullptr : &*found;
}

}  // namespace ipmiprov::provider::sel

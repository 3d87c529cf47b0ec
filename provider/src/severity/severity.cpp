// The severity table: the built-in rows and how a sensor or an event is
// looked up in it (provider/severity/severity.hpp).
#include "provider/severity/severity.hpp"

#include <array>

#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::severity {
namespace {

constexpr auto N = Severity::Nominal;
constexpr auto W = Severity::Warning;
constexpr auto C = Severity::Critical;

struct Pair {
    Severity asserted;
    Severity deasserted;
};

// Threshold events, type 01h, offsets 00h..0Bh (Table 42-2). Going away from
// nominal is the level's severity; coming back from a critical level leaves
// the reading past the non-critical one (a warning); a non-recoverable
// level stays critical either way.
constexpr std::array<Pair, 12> kThresholdEvents{{
    {W, N},  // 00h lower non-critical going low
    {N, N},  // 01h lower non-critical going high
    {C, W},  // 02h lower critical going low
    {W, W},  // 03h lower critical going high
    {C, C},  // 04h lower non-recoverable going low
    {C, C},  // 05h lower non-recoverable going high
    {N, N},  // 06h upper non-critical going low
    {W, N},  // 07h upper non-critical going high
    {W, W},  // 08h upper critical going low
    {C, W},  // 09h upper critical going high
    {C, C},  // 0Ah upper non-recoverable going low
    {C, C},  // 0Bh upper non-recoverable going high
}};

// Get Sensor Reading byte 4 (§35.14): each comparison bit of a threshold
// sensor is the level of one threshold event offset, going away from nominal.
struct Comparison {
    std::uint16_t bit;
    std::uint8_t event_offset;
};
constexpr std::array<Comparison, 6> kComparisons{{
    {0x01, 0x00},  // at or below lower non-critical
    {0x02, 0x02},  // at or below lower critical
    {0x04, 0x04},  // at or below lower non-recoverable
    {0x08, 0x07},  // at or above upper non-critical
    {0x10, 0x09},  // at or above upper critical
    {0x20, 0x0B},  // at or above upper non-recoverable
}};

constexpr std::uint8_t kThresholdType = 0x01;

Severity from_spec(spec::Severity severity) {
    switch (severity) {
        case spec::Severity::Critical:
            return C;
        case spec::Severity::Warning:
            return W;
        case spec::Severity::Ok:
            return N;
    }
    return Severity::Unknown;
}

Severity builtin_state(std::uint8_t sensor_type, std::uint8_t event_reading_type, std::uint8_t offset,
                       bool deasserted) {
    switch (spec::event_reading_class(event_reading_type)) {
        case spec::EventReadingClass::Threshold:
            if (offset >= kThresholdEvents.size()) return Severity::Unknown;
            return deasserted ? kThresholdEvents[offset].deasserted : kThresholdEvents[offset].asserted;
        case spec::EventReadingClass::Generic:
            if (!spec::generic_state_name(event_reading_type, offset)) return Severity::Unknown;
            return deasserted ? N : from_spec(spec::generic_state_severity(event_reading_type, offset));
        case spec::EventReadingClass::SensorSpecific:
            if (!spec::sensor_specific_state_name(sensor_type, offset)) return Severity::Unknown;
            return deasserted ? N : from_spec(spec::sensor_specific_state_severity(sensor_type, offset));
        default:
            return Severity::Unknown;  // OEM, reserved, unspecified: nothing says
    }
}

Severity worse(Severity a, Severity b) {
    return severity_rank(b) > severity_rank(a) ? b : a;
}

}  // namespace

std::string_view severity_text(Severity severity) {
    static constexpr std::array<std::string_view, 4> kNames{"nominal", "warning", "critical", "unknown"};
    return kNames[static_cast<std::size_t>(severity)];
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (auto s : {N, W, C, Severity::Unknown})
        if (severity_text(s) == text) return s;
    return std::nullopt;
}

int severity_rank(Severity severity) {
    static constexpr std::array<int, 4> kRanks{1, 2, 3, 0};
    return kRanks[static_cast<std::size_t>(severity)];
}

Table Table::builtin() {
    return Table{};
}

Severity Table::of_state(std::uint8_t sensor_type, std::uint8_t event_reading_type, std::uint8_t offset,
                         bool deasserted) const {
    for (const int type : {static_cast<int>(sensor_type), -1}) {
        auto found = overrides_.find(Key{type, event_reading_type, offset});
        if (found != overrides_.end()) return deasserted ? found->second.deasserted : found->second.asserted;
    }
    return builtin_state(sensor_type, event_reading_type, offset, deasserted);
}

Severity Table::of_states(std::uint8_t sensor_type, std::uint8_t event_reading_type, std::uint16_t bits) const {
    Severity out = N;
    for (std::uint8_t offset = 0; offset < 15; ++offset)
        if ((bits & (1U << offset)) != 0) out = worse(out, of_state(sensor_type, event_reading_type, offset));
    return out;
}

Severity Table::of_sensor(const sensor::SensorValue& value) const {
    const auto& d = *value.definition;
    if (!value.raw || !value.raw->has_reading()) return Severity::Unknown;
    const auto bits = value.raw->state_bits.value_or(0);
    if (d.kind == sensor::SensorKind::Threshold) {
        Severity out = N;
        for (const auto& comparison : kComparisons)
            if ((bits & comparison.bit) != 0)
                out = worse(out, of_state(d.common.sensor_type, kThresholdType, comparison.event_offset));
        return out;
    }
    // The states the SDR says the sensor can report (its reading mask), as read() shows them.
    const std::uint16_t shown = d.reading_mask != 0 ? bits & d.reading_mask & 0x7FFF : bits & 0x7FFF;
    return of_states(d.common.sensor_type, d.common.event_reading_type, shown);
}

Severity Table::of_event(const sel::Entry& entry) const {
    const auto* event = std::get_if<sel::SystemEvent>(&entry.body);
    if (event == nullptr) return Severity::Unknown;
    return of_state(event->sensor_type, event->event_reading_type, event->offset(), event->deassertion);
}

}  // namespace ipmiprov::provider::severity

#include "provider/sensor/sensors.hpp"

#include <bit>
#include <cstdio>

#include "bridge/spec_tables.hpp"
#include "provider/sensor/conversion.hpp"
#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::sensor {
namespace {

using bridge::Request;
using bridge::Target;

constexpr std::uint8_t kGetSensorReading = 0x2D;
constexpr std::uint8_t kGetSensorThresholds = 0x27;
constexpr std::uint8_t kGetSensorReadingFactors = 0x23;
constexpr std::uint8_t kSetSensorThresholds = 0x26;

// §43.15 ID string instance modifier: numeric (offset + i) or alpha (A..Z, AA..).
std::string instance_suffix(const sdr::Sharing& sharing, std::uint8_t index) {
    const unsigned value = sharing.modifier_offset + index;
    if (!sharing.alpha_modifier) return std::to_string(value);
    std::string text;
    unsigned n = value;
    do {
        text.insert(text.begin(), static_cast<char>('A' + n % 26));
        n = n / 26;
    } while (n-- > 0);
    return text;
}

template <class Compactish>
void expand_shared(const sdr::Record& record, const Compactish& body, const SensorDefinition& base,
                   std::vector<SensorDefinition>& out) {
    for (std::uint8_t i = 0; i < body.sharing.count; ++i) {
        auto definition = base;
        definition.common.key.number = static_cast<std::uint8_t>(body.common.key.number + i);
        if (body.sharing.entity_instance_increments) {
            definition.common.entity.instance = static_cast<std::uint8_t>((body.common.entity.instance + i) & 0x7F);
        }
        // Table 43-2's example: "Temp" with offset 5 names "Temp 5", "Temp 6", ...: one
        // space between the ID string and the modifier, none added after one already there.
        if (body.sharing.count > 1) {
            auto& name = definition.common.name;
            if (!name.empty() && name.back() != ' ') name.push_back(' ');
            name.append(instance_suffix(body.sharing, i));
        }
        definition.record_id = record.header.record_id;
        out.push_back(std::move(definition));
    }
}

SensorKind kind_of(std::uint8_t event_reading_type) {
    return event_reading_type == 0x01 ? SensorKind::Threshold : SensorKind::Discrete;
}

SensorDefinition base_definition(const sdr::Record& record, const sdr::SensorCommon& common, SensorKind kind) {
    SensorDefinition d;
    d.record_id = record.header.record_id;
    d.record_type = record.header.type;
    d.kind = kind;
    d.common = common;
    return d;
}

SensorDefinition from_full(const sdr::Record& record, const sdr::FullSensor& full) {
    auto d = base_definition(record, full.common, kind_of(full.common.event_reading_type));
    d.units = full.units;
    d.factors = full.factors;
    d.linearization = full.linearization;
    d.reading_mask = full.reading_mask;
    d.thresholds = full.thresholds;
    d.positive_hysteresis = full.positive_hysteresis;
    d.negative_hysteresis = full.negative_hysteresis;
    d.sensor_min = full.sensor_min;
    d.sensor_max = full.sensor_max;
    d.nominal = full.nominal;
    d.normal_max = full.normal_max;
    d.normal_min = full.normal_min;
    return d;
}

SensorDefinition from_compact(const sdr::Record& record, const sdr::CompactSensor& compact) {
    auto d = base_definition(record, compact.common, kind_of(compact.common.event_reading_type));
    d.units = compact.units;
    d.reading_mask = compact.reading_mask;
    d.positive_hysteresis = compact.positive_hysteresis;
    d.negative_hysteresis = compact.negative_hysteresis;
    return d;
}

SensorDefinition from_event_only(const sdr::Record& record, const sdr::EventOnlySensor& event_only) {
    return base_definition(record, event_only.common, SensorKind::EventOnly);
}

// §35.14 byte 3 for threshold sensors: which thresholds the reading is at or beyond.
struct ComparisonBit {
    std::uint8_t bit;
    const char* name;
    Status severity;
};
constexpr std::array kComparisonBits{
    ComparisonBit{0x01, "lower non-critical", Status::NonCritical},
    ComparisonBit{0x02, "lower critical", Status::Critical},
    ComparisonBit{0x04, "lower non-recoverable", Status::NonRecoverable},
    ComparisonBit{0x08, "upper non-critical", Status::NonCritical},
    ComparisonBit{0x10, "upper critical", Status::Critical},
    ComparisonBit{0x20, "upper non-recoverable", Status::NonRecoverable},
};

int severity_rank(Status status) {
    switch (status) {
        case Status::NonCritical:
            return 1;
        case Status::Critical:
            return 2;
        case Status::NonRecoverable:
            return 3;
        default:
            return 0;
    }
}

std::string owner_text(const sdr::SensorKey& key) {
    char text[64];
    std::snprintf(text, sizeof text, "owner %02Xh on channel %u", key.owner_id, key.channel);
    return text;
}

}  // namespace

std::vector<SensorDefinition> sensor_definitions(const sdr::Repository& repository) {
    std::vector<SensorDefinition> out;
    for (const auto& record : repository.records) {
        if (const auto* full = std::get_if<sdr::FullSensor>(&record.body)) {
            out.push_back(from_full(record, *full));
        } else if (const auto* compact = std::get_if<sdr::CompactSensor>(&record.body)) {
            expand_shared(record, *compact, from_compact(record, *compact), out);
        } else if (const auto* event_only = std::get_if<sdr::EventOnlySensor>(&record.body)) {
            expand_shared(record, *event_only, from_event_only(record, *event_only), out);
        }
    }
    return out;
}

// Built by appending, never as "literal" + std::string: GCC 12 at -O2/-O3
// warns (-Wrestrict, a false positive) on that operator once inlined here.
std::string unit_text(const sdr::Units& units) {
    const auto append_name = [](std::string& out, std::uint8_t code) {
        if (auto unit = spec::unit_name(code)) {
            out.append(unit->name);
        } else {
            out.append("unit ").append(std::to_string(code));
        }
    };
    std::string text;
    if (units.base != 0) append_name(text, units.base);
    if (units.modifier == 1 || units.modifier == 2) {
        text.push_back(units.modifier == 1 ? '/' : '*');
        append_name(text, units.modifier_unit);
    }
    static constexpr std::array<const char*, 7> kRates{
        "", " per microsecond", " per millisecond", " per second", " per minute", " per hour", " per day"};
    if (units.rate < kRates.size()) text.append(kRates[units.rate]);
    if (units.percentage) text.insert(0, text.empty() ? "%" : "% ");
    return text.empty() ? "unspecified" : text;
}

std::string status_text(Status status) {
    switch (status) {
        case Status::Ok:
            return "ok";
        case Status::NonCritical:
            return "nc";
        case Status::Critical:
            return "cr";
        case Status::NonRecoverable:
            return "nr";
        case Status::Unavailable:
            return "unavailable";
        case Status::EventOnly:
            return "event-only";
        case Status::Discrete:
            return "discrete";
    }
    return "unavailable";
}

std::vector<std::string> discrete_state_names(std::uint8_t sensor_type, std::uint8_t event_reading_type,
                                              std::uint16_t state_bits) {
    std::vector<std::string> names;
    const auto cls = spec::event_reading_class(event_reading_type);
    for (std::uint8_t offset = 0; offset < 15; ++offset) {
        if ((state_bits & (1U << offset)) == 0) continue;
        std::optional<std::string_view> name;
        if (cls == spec::EventReadingClass::SensorSpecific)
            name = spec::sensor_specific_state_name(sensor_type, offset);
        if (cls == spec::EventReadingClass::Generic) name = spec::generic_state_name(event_reading_type, offset);
        if (name) {
            names.emplace_back(*name);
        } else {
            names.push_back((cls == spec::EventReadingClass::Oem ? "OEM state " : "state ") + std::to_string(offset));
        }
    }
    return names;
}

Request SensorReader::request_for(const SensorDefinition& definition, std::uint8_t cmd,
                                  std::vector<std::uint8_t> data) const {
    const auto& key = definition.common.key;
    // The BMC's own sensors, on any LUN, are asked directly; others are bridged.
    const Target target =
        key.owner_id == options_.bmc_address ? Target::bmc() : Target::ipmb(key.channel, key.owner_id);
    return Request{bridge::netfn::kSensorEvent, cmd, key.lun, target, std::move(data)};
}

std::optional<std::string> SensorReader::unreachable_reason(const sdr::SensorKey& key) const {
    if (key.owner_is_software()) {
        char text[64];
        std::snprintf(text, sizeof text, "owned by system software (ID %02Xh)", key.owner_id);
        return text;
    }
    auto found = unreachable_owners_.find({key.channel, key.owner_id});
    if (found != unreachable_owners_.end()) return found->second;
    return std::nullopt;
}

namespace {

bool non_linear(const SensorDefinition& definition) {
    return definition.linearization >= 0x70 && definition.linearization <= 0x7F;
}

// The factors that convert this sample: the SDR's, or for a non-linear
// sensor the BMC's for this reading (§35.5); none when those were not given.
std::optional<sdr::Factors> factors_of(const SensorDefinition& definition, const SensorSample& sample) {
    if (!definition.factors) return std::nullopt;
    if (!non_linear(definition)) return definition.factors;
    if (!sample.factors) return std::nullopt;
    auto decoded = decode_reading_factors(*sample.factors);
    if (!decoded.ok()) return std::nullopt;
    return decoded->factors;
}

void evaluate_threshold_sensor(const SensorDefinition& definition, const SensorSample& sample, bool bmc_thresholds,
                               SensorValue& value) {
    sdr::RawThresholds raw_thresholds = definition.thresholds;
    if (bmc_thresholds && sample.thresholds) {
        if (auto decoded = decode_sensor_thresholds(*sample.thresholds); decoded.ok()) raw_thresholds = *decoded;
    }  // else: the SDR's thresholds
    const auto& raw = *value.raw;
    const std::uint8_t linearization = (definition.linearization >= 0x70) ? 0 : definition.linearization;
    if (auto factors = factors_of(definition, sample)) {
        value.decimals = display_decimals(linearization, *factors);
        if (raw.has_reading()) {
            if (auto converted = convert(raw.raw, definition.units.format, linearization, *factors)) {
                value.reading = round_to(*converted, value.decimals);
            }
        }
        for (std::size_t i = 0; i < raw_thresholds.size(); ++i) {
            if (!raw_thresholds[i]) continue;
            if (auto converted = convert(*raw_thresholds[i], definition.units.format, linearization, *factors)) {
                value.thresholds[i] = round_to(*converted, value.decimals);
            }
        }
    }
    if (!raw.has_reading()) return;
    value.status = Status::Ok;
    const auto bits = raw.state_bits.value_or(0);
    for (const auto& comparison : kComparisonBits) {
        if ((bits & comparison.bit) == 0) continue;
        value.states.emplace_back(comparison.name);
        if (severity_rank(comparison.severity) > severity_rank(value.status)) value.status = comparison.severity;
    }
}

}  // namespace

SensorValue evaluate(const SensorDefinition& definition, const SensorSample& sample, bool bmc_thresholds) {
    SensorValue value;
    value.definition = &definition;
    value.unit = definition.kind == SensorKind::Threshold ? unit_text(definition.units) : "";
    if (definition.kind == SensorKind::EventOnly) {
        value.status = Status::EventOnly;
        return value;
    }
    if (sample.failure) {
        value.note = *sample.failure;
        return value;
    }
    auto raw = decode_sensor_reading(sample.reading);
    if (!raw.ok()) {
        value.note = raw.error().message;
        return value;
    }
    value.raw = *raw;
    if (!raw->scanning_enabled)
        value.note = "scanning disabled";
    else if (raw->unavailable)
        value.note = "reading unavailable";
    if (definition.kind == SensorKind::Threshold) {
        evaluate_threshold_sensor(definition, sample, bmc_thresholds, value);
        return value;
    }
    if (raw->has_reading()) {
        value.status = Status::Discrete;
        auto bits = raw->state_bits.value_or(0);
        if (definition.reading_mask != 0) bits &= definition.reading_mask & 0x7FFF;
        value.states = discrete_state_names(definition.common.sensor_type, definition.common.event_reading_type, bits);
    }
    return value;
}

SensorSample SensorReader::sample(const SensorDefinition& definition) {
    SensorSample sample;
    if (definition.kind == SensorKind::EventOnly) return sample;
    const auto& key = definition.common.key;
    if (auto reason = unreachable_reason(key)) {
        sample.failure = *reason;
        return sample;
    }
    auto reply = engine_.send(request_for(definition, kGetSensorReading, {key.number}));
    if (!reply.ok()) {
        sample.failure = reply.error().message;
        if (key.owner_id != options_.bmc_address) {
            // Don't wait on a silent controller once per sensor: one failure marks the owner.
            auto& reason = unreachable_owners_[{key.channel, key.owner_id}];
            reason = owner_text(key) + " did not answer";
            sample.failure = reason;
        }
        return sample;
    }
    if (reply->completion_code != 0x00) {
        sample.failure = reply->completion_code == bridge::cc::kNotPresent
                             ? "sensor not present"
                             : "Get Sensor Reading: " + bridge::completion_code_text(reply->completion_code);
        return sample;
    }
    sample.reading = std::move(reply->data);
    if (definition.kind != SensorKind::Threshold) return sample;
    auto raw = decode_sensor_reading(sample.reading);
    if (!raw.ok()) return sample;
    if (options_.read_thresholds) {
        // A refusal keeps the SDR's thresholds.
        if (auto got = engine_.call(request_for(definition, kGetSensorThresholds, {key.number})); got.ok())
            sample.thresholds = std::move(*got);
    }
    if (definition.factors && non_linear(definition)) {
        if (auto got = engine_.call(request_for(definition, kGetSensorReadingFactors, {key.number, raw->raw}));
            got.ok())
            sample.factors = std::move(*got);
    }
    return sample;
}

SensorValue SensorReader::read(const SensorDefinition& definition) {
    return evaluate(definition, sample(definition), options_.read_thresholds);
}

bridge::Status SensorReader::write_threshold(const SensorDefinition& definition, sdr::ThresholdIndex index,
                                             std::uint8_t raw) {
    // §35.8: byte 2 is the mask, bytes 3-8 LNC, LCR, LNR, UNC, UCR, UNR: the
    // byte of a threshold sits at the position of its bit in the mask.
    const std::uint8_t bit = sdr::kThresholdMaskBit[index];
    std::vector<std::uint8_t> data(8, 0x00);
    data[0] = definition.common.key.number;
    data[1] = bit;
    data[2 + static_cast<std::size_t>(std::countr_zero(bit))] = raw;
    auto written = engine_.call(request_for(definition, kSetSensorThresholds, std::move(data)));
    if (!written.ok())
        return bridge::Error{written.error().kind, "Set Sensor Thresholds: " + written.error().message,
                             written.error().completion_code};
    auto reply = engine_.call(request_for(definition, kGetSensorThresholds, {definition.common.key.number}));
    if (!reply.ok())
        return bridge::Error{reply.error().kind, "reading the thresholds back: " + reply.error().message,
                             reply.error().completion_code};
    auto decoded = decode_sensor_thresholds(*reply);
    if (!decoded.ok()) return decoded.error();
    if ((*decoded)[index] != raw) {
        const auto now = (*decoded)[index];
        return bridge::make_error(bridge::ErrorKind::CompletionCode,
                                  "the BMC accepted the threshold but did not keep it: wrote raw " +
                                      std::to_string(raw) + ", read back " +
                                      (now ? "raw " + std::to_string(*now) : std::string("none")));
    }
    return bridge::success();
}

}  // namespace ipmiprov::provider::sensor

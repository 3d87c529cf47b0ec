// IPMI -> CIM instances. Health rules: DSP1009 (sensors), DSP1010 (log);
// state names: IPMI 2.0 Tables 42-2 and 42-3; record encoding: Windows' IPMI
// provider (LogRecord.RecordFormat). docs/cim-mapping.md has the reasons.
#include "provider/cim/mapping.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>

#include "bridge/message.hpp"
#include "provider/sel/event_text.hpp"
#include "provider/sensor/conversion.hpp"
#include "provider/severity/severity.hpp"
#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::cim {
namespace {

using sensor::SensorKind;
using sensor::SensorValue;

// CIM_ManagedSystemElement.HealthState and OperationalStatus values.
enum Health : std::uint16_t {
    kHealthUnknown = 0,
    kHealthOk = 5,
    kHealthDegraded = 10,
    kHealthCritical = 25,
    kHealthFatal = 30
};
enum OpStatus : std::uint16_t {
    kOpUnknown = 0,
    kOpOk = 2,
    kOpDegraded = 3,
    kOpError = 6,
    kOpNonRecoverable = 7,
    kOpStopped = 10,
    kOpNoContact = 12,
    kOpLostCommunication = 13,
};

constexpr const char* kStateUnknown = "Unknown";
constexpr const char* kStateNormal = "Normal";
constexpr const char* kNoStateAsserted = "No State Asserted";

// DSP1009: the states of a threshold sensor.
const std::vector<std::string>& threshold_states() {
    static const std::vector<std::string> states{kStateUnknown,        "Normal",         "Lower Non-Critical",
                                                 "Upper Non-Critical", "Lower Critical", "Upper Critical",
                                                 "Lower Fatal",        "Upper Fatal"};
    return states;
}

struct Condition {
    std::string state;
    Health health;
    OpStatus status;
};

// Get Sensor Reading byte 3 (§35.14): most severe comparison first.
struct ComparisonRow {
    std::uint8_t bit;
    const char* state;
    Health health;
    OpStatus status;
};
constexpr auto kComparisons = std::to_array<ComparisonRow>({
    {0x20, "Upper Fatal", kHealthFatal, kOpNonRecoverable},
    {0x04, "Lower Fatal", kHealthFatal, kOpNonRecoverable},
    {0x10, "Upper Critical", kHealthCritical, kOpError},
    {0x02, "Lower Critical", kHealthCritical, kOpError},
    {0x08, "Upper Non-Critical", kHealthDegraded, kOpDegraded},
    {0x01, "Lower Non-Critical", kHealthDegraded, kOpDegraded},
});

Condition threshold_condition(std::uint16_t bits) {
    for (const auto& row : kComparisons)
        if ((bits & row.bit) != 0) return {row.state, row.health, row.status};
    return {kStateNormal, kHealthOk, kOpOk};
}

// Why there is no reading, as CIM status.
Condition unreadable_condition(const SensorValue& value) {
    if (value.definition->kind == SensorKind::EventOnly) return {kStateUnknown, kHealthUnknown, kOpUnknown};
    if (!value.raw) {
        const bool absent = value.note && *value.note == "sensor not present";
        return {kStateUnknown, kHealthUnknown, absent ? kOpNoContact : kOpLostCommunication};
    }
    if (!value.raw->scanning_enabled) return {kStateUnknown, kHealthUnknown, kOpStopped};
    return {kStateUnknown, kHealthUnknown, kOpNoContact};
}

std::optional<std::string_view> state_name(std::uint8_t sensor_type, std::uint8_t ert, std::uint8_t offset) {
    switch (spec::event_reading_class(ert)) {
        case spec::EventReadingClass::SensorSpecific:
            return spec::sensor_specific_state_name(sensor_type, offset);
        case spec::EventReadingClass::Generic:
            return spec::generic_state_name(ert, offset);
        default:
            return std::nullopt;
    }
}

// A discrete sensor's health from the severity table (docs/severity.md).
Condition severity_condition(severity::Severity s) {
    switch (s) {
        case severity::Severity::Critical:
            return {"", kHealthCritical, kOpError};
        case severity::Severity::Warning:
            return {"", kHealthDegraded, kOpDegraded};
        case severity::Severity::Nominal:
            return {"", kHealthOk, kOpOk};
        case severity::Severity::Unknown:
            break;
    }
    return {"", kHealthUnknown, kOpUnknown};
}

// The states a discrete sensor can report: those its SDR reading mask names
// (all the type defines when the mask is empty), after Unknown and "none".
std::vector<std::string> discrete_possible_states(const sensor::SensorDefinition& d) {
    const auto& c = d.common;
    std::uint16_t mask = d.kind == SensorKind::EventOnly ? 0 : (d.reading_mask & 0x7FFF);
    if (mask == 0) {
        for (std::uint8_t offset = 0; offset < 15; ++offset)
            if (state_name(c.sensor_type, c.event_reading_type, offset))
                mask |= static_cast<std::uint16_t>(1U << offset);
    }
    std::vector<std::string> states{kStateUnknown, kNoStateAsserted};
    const auto names = sensor::discrete_state_names(c.sensor_type, c.event_reading_type, mask);
    states.insert(states.end(), names.begin(), names.end());
    return states;
}

// The most severe asserted state (the lowest offset among equals).
Condition discrete_condition(const sensor::SensorDefinition& d, std::uint16_t bits) {
    const auto& c = d.common;
    const auto& table = severity::configured();
    std::optional<std::uint8_t> worst;
    auto rank = [&](std::uint8_t offset) {
        return severity::severity_rank(table.of_state(c.sensor_type, c.event_reading_type, offset));
    };
    for (std::uint8_t offset = 0; offset < 15; ++offset) {
        if ((bits & (1U << offset)) == 0) continue;
        if (!worst || rank(offset) > rank(*worst)) worst = offset;
    }
    if (!worst) return {kNoStateAsserted, kHealthOk, kOpOk};
    auto condition = severity_condition(table.of_state(c.sensor_type, c.event_reading_type, *worst));
    condition.state =
        sensor::discrete_state_names(c.sensor_type, c.event_reading_type, static_cast<std::uint16_t>(1U << *worst))
            .front();
    return condition;
}

void set_identity(Instance& instance, const SystemIdentity& system, const SensorValue& value) {
    const auto& d = *value.definition;
    instance.set("SystemCreationClassName", Value::string(kSystemClass));
    instance.set("SystemName", Value::string(system.name));
    instance.set("CreationClassName", Value::string(instance.class_name));
    instance.set("DeviceID", Value::string(device_id(d.common.key)));
    instance.set("ElementName", Value::string(d.common.name));
    instance.set("Name", Value::string(d.common.name));
    const auto type = cim_sensor_type(d.common.sensor_type, d.units);
    instance.set("SensorType", Value::u16(type.code));
    if (type.other_description) instance.set("OtherSensorTypeDescription", Value::string(*type.other_description));
    instance.set("IPMISensorType", Value::u8(d.common.sensor_type));
    instance.set("IPMIEventReadingType", Value::u8(d.common.event_reading_type));
    instance.set("SDRRecordID", Value::u16(d.record_id));
}

void set_condition(Instance& instance, const Condition& condition, const std::optional<std::string>& note,
                   bool scanning_disabled) {
    instance.set("CurrentState", Value::string(condition.state));
    instance.set("HealthState", Value::u16(condition.health));
    instance.set("OperationalStatus", Value::u16_array({condition.status}));
    if (note) instance.set("StatusDescriptions", Value::string_array({*note}));
    instance.set("EnabledState", Value::u16(scanning_disabled ? kEnabledStateDisabled : kEnabledStateEnabled));
    instance.set("RequestedState", Value::u16(kEnabledStateNotApplicable));
    instance.set("EnabledDefault", Value::u16(kEnabledStateEnabled));
}

bool scanning_disabled(const SensorValue& value) {
    return value.raw && !value.raw->scanning_enabled;
}

// ---- numeric scaling: every value an integer in units of 10^-decimals

std::optional<double> converted(const sensor::SensorDefinition& d, std::uint8_t raw) {
    if (!d.factors || d.linearization >= 0x70) return std::nullopt;
    return sensor::convert(raw, d.units.format, d.linearization, *d.factors);
}

double largest_magnitude(const sensor::SensorDefinition& d, const SensorValue& v) {
    double largest = 0;
    auto consider = [&](const std::optional<double>& x) {
        if (x) largest = std::max(largest, std::fabs(*x));
    };
    for (std::uint8_t raw : {std::uint8_t{0x00}, std::uint8_t{0x7F}, std::uint8_t{0x80}, std::uint8_t{0xFF}})
        consider(converted(d, raw));
    consider(v.reading);
    for (const auto& t : v.thresholds) consider(t);
    return largest;
}

// Digits after the point that make every value of this sensor exact and still fit sint32.
int scale_decimals(const sensor::SensorDefinition& d, const SensorValue& v) {
    int decimals = v.decimals;
    if (!v.reading && d.factors && d.linearization < 0x70)
        decimals = sensor::display_decimals(d.linearization, *d.factors);
    const double largest = largest_magnitude(d, v);
    constexpr double kLimit = std::numeric_limits<std::int32_t>::max();
    while (decimals > -9 && largest * std::pow(10.0, decimals) > kLimit) --decimals;
    return decimals;
}

std::optional<std::int64_t> scaled(const std::optional<double>& x, int decimals) {
    if (!x) return std::nullopt;
    const double value = std::round(*x * std::pow(10.0, decimals));
    if (std::fabs(value) > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
    return static_cast<std::int64_t>(value);
}

void set_scaled(Instance& instance, const char* name, const std::optional<double>& x, int decimals) {
    if (auto v = scaled(x, decimals)) instance.set(name, Value::s32(static_cast<std::int32_t>(*v)));
}

// One raw count's worth of value (|M| × 10^K2), in scaled units.
std::optional<double> step(const sensor::SensorDefinition& d) {
    if (!d.factors || d.linearization != 0) return std::nullopt;
    return std::abs(d.factors->m) * std::pow(10.0, d.factors->r_exponent);
}

void set_numeric_properties(Instance& instance, const SensorValue& v) {
    const auto& d = *v.definition;
    const auto units = cim_units(d.units);
    const int decimals = scale_decimals(d, v);
    instance.set("BaseUnits", Value::u16(units.base_units));
    instance.set("UnitModifier", Value::s32(units.exponent - decimals));
    instance.set("RateUnits", Value::u16(units.rate_units));
    instance.set("UnitsDescription", Value::string(units.description));
    if (v.reading) set_scaled(instance, "CurrentReading", v.reading, decimals);

    auto raw_value = [&](const std::optional<std::uint8_t>& raw) { return raw ? converted(d, *raw) : std::nullopt; };
    set_scaled(instance, "NominalReading", raw_value(d.nominal), decimals);
    set_scaled(instance, "NormalMax", raw_value(d.normal_max), decimals);
    set_scaled(instance, "NormalMin", raw_value(d.normal_min), decimals);
    const auto at_min = converted(d, d.sensor_min);
    const auto at_max = converted(d, d.sensor_max);
    if (at_min && at_max) {  // a negative M swaps them
        set_scaled(instance, "MinReadable", std::min(*at_min, *at_max), decimals);
        set_scaled(instance, "MaxReadable", std::max(*at_min, *at_max), decimals);
    }
    if (auto one = step(d)) {
        if (auto r = scaled(*one, decimals)) instance.set("Resolution", Value::u32(static_cast<std::uint32_t>(*r)));
        if (d.factors->tolerance > 0) set_scaled(instance, "Tolerance", *one * d.factors->tolerance / 2.0, decimals);
        const auto hysteresis = std::max(d.positive_hysteresis, d.negative_hysteresis);
        if (auto h = scaled(*one * hysteresis, decimals))
            instance.set("Hysteresis", Value::u32(static_cast<std::uint32_t>(*h)));
    }
    if (d.factors && d.factors->accuracy > 0) {
        const double accuracy = d.factors->accuracy * std::pow(10.0, d.factors->accuracy_exponent);
        if (accuracy <= std::numeric_limits<std::int32_t>::max())
            instance.set("Accuracy", Value::s32(static_cast<std::int32_t>(accuracy)));
    }
    instance.set("IsLinear", Value::boolean(d.linearization == 0));

    std::vector<std::uint16_t> supported, enabled, settable;
    const auto readable_mask = static_cast<std::uint8_t>(d.reading_mask & 0x3F);
    const auto settable_mask = static_cast<std::uint8_t>((d.reading_mask >> 8) & 0x3F);
    for (const auto& t : threshold_properties()) {
        const auto bit = sdr::kThresholdMaskBit[t.index];
        if ((readable_mask & bit) != 0) supported.push_back(t.cim_value);
        if (v.thresholds[t.index]) {
            enabled.push_back(t.cim_value);
            set_scaled(instance, t.name, v.thresholds[t.index], decimals);
        }
        if (t.writable && (settable_mask & bit) != 0 && d.linearization == 0) settable.push_back(t.cim_value);
    }
    instance.set("SupportedThresholds", Value::u16_array(supported));
    instance.set("EnabledThresholds", Value::u16_array(enabled));
    instance.set("SettableThresholds", Value::u16_array(settable));
}

// Windows' RecordData and our descriptions write hex in capitals.
std::string hex_pairs(std::span<const std::uint8_t> bytes) {
    return bridge::hex(bytes, bridge::HexCase::Upper);
}

std::string two_digit_hex(std::uint8_t byte) {
    return hex_pairs(std::span(&byte, 1));
}

std::string join_fields(const std::vector<std::string>& fields) {
    std::string out = "*";
    for (const auto& field : fields) out += field + "*";
    return out;
}

// CIM_RecordForLog.PerceivedSeverity.
enum Perceived : std::uint16_t {
    kPerceivedUnknown = 0,
    kPerceivedInformation = 2,
    kPerceivedWarning = 3,
    kPerceivedCritical = 6,
    kPerceivedFatal = 7
};

// From the severity table (docs/severity.md); a non-recoverable threshold
// crossed is CIM's Fatal, which the table's "critical" includes.
std::uint16_t perceived_severity(const sel::Entry& entry, const sel::SystemEvent& event) {
    switch (severity::configured().of_event(entry)) {
        case severity::Severity::Critical: {
            const auto offset = event.offset();
            const bool non_recoverable = event.event_reading_type == 0x01 && !event.deassertion &&
                                         (offset == 0x04 || offset == 0x05 || offset == 0x0A || offset == 0x0B);
            return non_recoverable ? kPerceivedFatal : kPerceivedCritical;
        }
        case severity::Severity::Warning:
            return kPerceivedWarning;
        case severity::Severity::Nominal:
            return kPerceivedInformation;
        case severity::Severity::Unknown:
            break;
    }
    return kPerceivedUnknown;
}

std::string oem_description(const sel::Entry& entry) {
    if (const auto* oem = std::get_if<sel::OemTimestamped>(&entry.body))
        return "OEM timestamped record " + two_digit_hex(entry.record_type) + "h, manufacturer " +
               std::to_string(oem->manufacturer_id) + ": " + hex_pairs(oem->data);
    const auto& raw = std::get<sel::OemNonTimestamped>(entry.body);
    return "OEM non-timestamped record " + two_digit_hex(entry.record_type) + "h: " + hex_pairs(raw.data);
}

std::string calendar_text(const std::tm& t) {
    char text[64];
    std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02d.000000+000", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec);
    return text;
}

}  // namespace

std::string device_id(std::uint8_t number, std::uint8_t lun, std::uint8_t owner_id) {
    return std::to_string(number) + "." + std::to_string(lun) + "." + std::to_string(owner_id);
}

std::string device_id(const sdr::SensorKey& key) {
    return device_id(key.number, key.lun, key.owner_id);
}

bool is_numeric_sensor(const sensor::SensorDefinition& d) {
    return d.kind == SensorKind::Threshold && d.factors.has_value() && d.units.format != sdr::AnalogFormat::None;
}

ObjectPath sensor_path(const SystemIdentity& system, const sensor::SensorDefinition& d) {
    const char* cls = is_numeric_sensor(d) ? kNumericSensorClass : kSensorClass;
    return ObjectPath{kDeviceNamespace,
                      cls,
                      {{"SystemCreationClassName", Value::string(kSystemClass)},
                       {"SystemName", Value::string(system.name)},
                       {"CreationClassName", Value::string(cls)},
                       {"DeviceID", Value::string(device_id(d.common.key))}}};
}

ObjectPath system_path(const SystemIdentity& system) {
    return ObjectPath{kDeviceNamespace,
                      kSystemClass,
                      {{"CreationClassName", Value::string(kSystemClass)}, {"Name", Value::string(system.name)}}};
}

ObjectPath record_log_path() {
    return ObjectPath{kDeviceNamespace, kRecordLogClass, {{"InstanceID", Value::string(kRecordLogInstanceID)}}};
}

ObjectPath path_of(const Instance& instance, const Schema& schema) {
    ObjectPath path{instance.name_space, instance.class_name, {}};
    if (const auto* def = schema.find(instance.class_name)) {
        for (const auto* key : def->keys())
            if (const auto* value = instance.property(key->name)) path.keys.emplace_back(key->name, *value);
    }
    return path;
}

std::string cim_datetime_utc(std::int64_t seconds_since_epoch) {
    const auto seconds = static_cast<std::time_t>(seconds_since_epoch);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return calendar_text(utc);
}

std::string cim_interval(std::uint64_t seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%08llu%02llu%02llu%02llu.000000:000",
                  static_cast<unsigned long long>(std::min<std::uint64_t>(seconds / 86400, 99999999)),
                  static_cast<unsigned long long>(seconds / 3600 % 24),
                  static_cast<unsigned long long>(seconds / 60 % 60), static_cast<unsigned long long>(seconds % 60));
    return text;
}

std::string sel_datetime(sel::Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes) {
    if (timestamp.unspecified()) return cim_interval(0);
    if (timestamp.pre_init()) return cim_interval(timestamp.raw);
    return cim_datetime_utc(static_cast<std::int64_t>(timestamp.raw) - 60LL * utc_offset_minutes.value_or(0));
}

Instance computer_system_instance(const SystemIdentity& system) {
    Instance instance{kSystemClass, kDeviceNamespace, {}};
    instance.set("CreationClassName", Value::string(kSystemClass));
    instance.set("Name", Value::string(system.name));
    instance.set("NameFormat", Value::string(system.name_format));
    instance.set("ElementName", Value::string(system.name));
    instance.set("EnabledState", Value::u16(kEnabledStateEnabled));
    instance.set("RequestedState", Value::u16(kEnabledStateNotApplicable));
    instance.set("OperationalStatus", Value::u16_array({kOpOk}));
    instance.set("HealthState", Value::u16(kHealthOk));
    if (!system.transport.empty()) {
        instance.set("OtherIdentifyingInfo", Value::string_array({system.transport}));
        instance.set("IdentifyingDescriptions", Value::string_array({"ipmiprov transport to the BMC"}));
    }
    return instance;
}

Instance sensor_instance(const SystemIdentity& system, const SensorValue& value) {
    const auto& d = *value.definition;
    const bool numeric = is_numeric_sensor(d);
    Instance instance{numeric ? kNumericSensorClass : kSensorClass, kDeviceNamespace, {}};
    set_identity(instance, system, value);
    const bool readable = value.raw && value.raw->has_reading();
    const std::uint16_t bits = readable ? value.raw->state_bits.value_or(0) : std::uint16_t{0};
    if (d.kind == SensorKind::Threshold) {
        instance.set("PossibleStates", Value::string_array(threshold_states()));
        set_condition(instance, readable ? threshold_condition(bits) : unreadable_condition(value), value.note,
                      scanning_disabled(value));
        if (!numeric) instance.set("AssertedStates", Value::string_array(value.states));
    } else {
        instance.set("PossibleStates", Value::string_array(discrete_possible_states(d)));
        const auto masked = static_cast<std::uint16_t>(d.reading_mask != 0 ? (bits & d.reading_mask & 0x7FFF) : bits);
        set_condition(instance, readable ? discrete_condition(d, masked) : unreadable_condition(value), value.note,
                      scanning_disabled(value));
        instance.set("AssertedStates", Value::string_array(value.states));
    }
    if (numeric) set_numeric_properties(instance, value);
    return instance;
}

Instance record_log_instance(const SelState& sel) {
    Instance instance{kRecordLogClass, kDeviceNamespace, {}};
    const auto& info = sel.info;
    instance.set("InstanceID", Value::string(kRecordLogInstanceID));
    instance.set("Name", Value::string(kRecordLogName));
    instance.set("ElementName", Value::string("IPMI System Event Log"));
    instance.set("CurrentNumberOfRecords", Value::u64(info.entries));
    instance.set("MaxNumberOfRecords", Value::u64(info.entries + info.free_bytes / sel::kEntrySize));
    instance.set("LogState", Value::u16(2));         // Normal
    instance.set("OverwritePolicy", Value::u16(7));  // Never Overwrites: a full SEL drops new events (§31)
    std::vector<std::string> notes;
    if (info.overflow()) notes.emplace_back("the BMC dropped events: the SEL overflowed");
    if (info.free_bytes < sel::kEntrySize) notes.emplace_back("the SEL is full");
    instance.set("HealthState", Value::u16(notes.empty() ? kHealthOk : kHealthDegraded));
    instance.set("OperationalStatus", Value::u16_array({notes.empty() ? kOpOk : kOpDegraded}));
    if (!notes.empty()) instance.set("StatusDescriptions", Value::string_array(notes));
    instance.set("EnabledState", Value::u16(kEnabledStateEnabled));
    instance.set("RequestedState", Value::u16(kEnabledStateNotApplicable));
    // Get SEL Info gives 0 or FFFFFFFFh for "never"; only real times are shown.
    for (const auto& [name, raw] : {std::pair{"LastAdditionTimestamp", info.addition_timestamp},
                                    std::pair{"LastEraseTimestamp", info.erase_timestamp}}) {
        const sel::Timestamp timestamp{raw};
        if (raw != 0 && !timestamp.unspecified())
            instance.set(name, Value::datetime(sel_datetime(timestamp, sel.utc_offset_minutes)));
    }
    instance.set("OverflowFlag", Value::boolean(info.overflow()));
    instance.set("FreeSpaceBytes", Value::u32(info.free_bytes));
    return instance;
}

std::string record_format(const sel::Entry& entry) {
    if (std::holds_alternative<sel::SystemEvent>(entry.body))
        return join_fields({"string CIM_Sensor.DeviceID", "uint8[2] IPMI_RecordID", "uint8 IPMI_RecordType",
                            "uint8[4] IPMI_Timestamp", "uint8[2] IPMI_GeneratorID", "uint8 IPMI_EvMRev",
                            "uint8 IPMI_SensorType", "uint8 IPMI_SensorNumber", "boolean IPMI_AssertionEvent",
                            "uint8 IPMI_EventType", "uint8 IPMI_EventData1", "uint8 IPMI_EventData2",
                            "uint8 IPMI_EventData3"});
    if (std::holds_alternative<sel::OemTimestamped>(entry.body))
        return join_fields({"uint8[2] IPMI_RecordID", "uint8 IPMI_RecordType", "uint8[4] IPMI_Timestamp",
                            "uint8[3] IPMI_ManufacturerID", "uint8[6] IPMI_OEMDefinedData"});
    // Not in Windows' documentation: the same style for the one remaining layout.
    return join_fields({"uint8[2] IPMI_RecordID", "uint8 IPMI_RecordType", "uint8[13] IPMI_OEMDefinedData"});
}

std::string record_data(const sel::Entry& entry) {
    const std::span<const std::uint8_t> raw(entry.raw);
    if (const auto* event = std::get_if<sel::SystemEvent>(&entry.body)) {
        const auto id = device_id(event->sensor_number, event->generator.lun(), event->generator.owner_id());
        return join_fields({"SEL(" + id + ")", hex_pairs(raw.subspan(0, 2)), hex_pairs(raw.subspan(2, 1)),
                            hex_pairs(raw.subspan(3, 4)), hex_pairs(raw.subspan(7, 2)), hex_pairs(raw.subspan(9, 1)),
                            hex_pairs(raw.subspan(10, 1)), hex_pairs(raw.subspan(11, 1)),
                            event->deassertion ? "false" : "true", two_digit_hex(event->event_reading_type),
                            hex_pairs(raw.subspan(13, 1)), hex_pairs(raw.subspan(14, 1)),
                            hex_pairs(raw.subspan(15, 1))});
    }
    if (std::holds_alternative<sel::OemTimestamped>(entry.body))
        return join_fields({hex_pairs(raw.subspan(0, 2)), hex_pairs(raw.subspan(2, 1)), hex_pairs(raw.subspan(3, 4)),
                            hex_pairs(raw.subspan(7, 3)), hex_pairs(raw.subspan(10, 6))});
    return join_fields({hex_pairs(raw.subspan(0, 2)), hex_pairs(raw.subspan(2, 1)), hex_pairs(raw.subspan(3, 13))});
}

Instance log_record_instance(const sel::Entry& entry, const LogRecordContext& context) {
    Instance instance{kLogRecordClass, kDeviceNamespace, {}};
    instance.set("LogCreationClassName", Value::string(kRecordLogClass));
    instance.set("LogName", Value::string(kRecordLogName));
    instance.set("CreationClassName", Value::string(kLogRecordClass));
    instance.set("RecordID", Value::string(std::to_string(entry.record_id)));
    sel::Timestamp timestamp;
    if (const auto* event = std::get_if<sel::SystemEvent>(&entry.body)) timestamp = event->timestamp;
    if (const auto* oem = std::get_if<sel::OemTimestamped>(&entry.body)) timestamp = oem->timestamp;
    instance.set("MessageTimestamp", Value::datetime(sel_datetime(timestamp, context.utc_offset_minutes)));
    instance.set("RecordFormat", Value::string(record_format(entry)));
    instance.set("RecordData", Value::string(record_data(entry)));
    instance.set("IPMIRecordType", Value::u8(entry.record_type));
    if (const auto* event = std::get_if<sel::SystemEvent>(&entry.body)) {
        const auto* sensor = context.sensors ? sel::find_event_sensor(*event, *context.sensors) : nullptr;
        instance.set("Description", Value::string(sel::event_text(*event, sensor)));
        instance.set("PerceivedSeverity", Value::u16(perceived_severity(entry, *event)));
        instance.set("SensorDeviceID", Value::string(device_id(event->sensor_number, event->generator.lun(),
                                                               event->generator.owner_id())));
        if (sensor) instance.set("SensorElementName", Value::string(sensor->common.name));
    } else {
        instance.set("Description", Value::string(oem_description(entry)));
        instance.set("PerceivedSeverity", Value::u16(kPerceivedUnknown));
    }
    instance.set("ElementName", Value::string("SEL entry " + std::to_string(entry.record_id)));
    return instance;
}

const std::vector<ThresholdProperty>& threshold_properties() {
    static const std::vector<ThresholdProperty> properties{
        {"LowerThresholdNonCritical", sdr::kLnc, 0, true}, {"UpperThresholdNonCritical", sdr::kUnc, 1, true},
        {"LowerThresholdCritical", sdr::kLcr, 2, false},   {"UpperThresholdCritical", sdr::kUcr, 3, false},
        {"LowerThresholdFatal", sdr::kLnr, 4, false},      {"UpperThresholdFatal", sdr::kUnr, 5, false},
    };
    return properties;
}

bridge::Result<std::uint8_t> raw_for_cim_value(const sensor::SensorDefinition& d, std::int64_t cim_value,
                                               int unit_modifier) {
    if (!d.factors || d.linearization != 0)
        return bridge::make_error(
            bridge::ErrorKind::Unsupported,
            "thresholds of non-linear sensors cannot be set here (their factors vary per reading)");
    const int decimals = cim_units(d.units).exponent - unit_modifier;
    std::optional<std::int64_t> below, above;
    for (int raw = 0; raw <= 0xFF; ++raw) {
        const auto value = scaled(converted(d, static_cast<std::uint8_t>(raw)), decimals);
        if (!value) continue;
        if (*value == cim_value) return static_cast<std::uint8_t>(raw);
        if (*value < cim_value && (!below || *value > *below)) below = value;
        if (*value > cim_value && (!above || *value < *above)) above = value;
    }
    std::string nearest;
    if (below) nearest += std::to_string(*below);
    if (above) nearest += (nearest.empty() ? "" : " or ") + std::to_string(*above);
    return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                              "the sensor cannot represent " + std::to_string(cim_value) + " × 10^" +
                                  std::to_string(unit_modifier) + " exactly" +
                                  (nearest.empty() ? "" : "; the nearest values it can hold are " + nearest));
}

}  // namespace ipmiprov::provider::cim

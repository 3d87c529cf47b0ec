// IPMI -> CIM: pure functions from the SDR/SEL model to CIM instances of the
// classes in cim-schemas/. docs/cim-mapping.md is the prose for each rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "provider/cim/schema.hpp"
#include "provider/cim/value.hpp"
#include "provider/sdr/record.hpp"
#include "provider/sel/reader.hpp"
#include "provider/sel/record.hpp"
#include "provider/sensor/sensors.hpp"

namespace ipmiprov::provider::cim {

// ---- Tables (IPMI 2.0 Table 43-15 and Table 42-3 -> CIM_NumericSensor, CIM_Sensor)

// BaseUnits × 10^exponent per RateUnits. IPMI units with no CIM base unit
// map to 1 (Other); `description` always says the IPMI unit in words.
struct CimUnits {
    std::uint16_t base_units = 0;
    int exponent = 0;
    std::uint16_t rate_units = 0;
    std::string description;
};
CimUnits cim_units(const sdr::Units& units);

// CIM_Sensor.SensorType; Other (1) with the IPMI type's name when CIM has none.
struct CimSensorType {
    std::uint16_t code = 1;
    std::optional<std::string> other_description;
};
CimSensorType cim_sensor_type(std::uint8_t ipmi_sensor_type, const sdr::Units& units);

// CIM_EnabledLogicalElement.EnabledState and RequestedState values.
inline constexpr std::uint16_t kEnabledStateUnknown = 0;
inline constexpr std::uint16_t kEnabledStateEnabled = 2;
inline constexpr std::uint16_t kEnabledStateDisabled = 3;
inline constexpr std::uint16_t kEnabledStateNotApplicable = 12;

// ---- Identity

struct SystemIdentity {
    std::string name;                // host name, or the BMC's address for --lan
    std::string name_format = "IP";  // CIM_System.NameFormat
    std::string transport;           // "kernel /dev/ipmi0", "lan 10.0.0.5:623", ...
};

inline constexpr const char* kSystemClass = "IPMIProv_ComputerSystem";
inline constexpr const char* kNumericSensorClass = "IPMIProv_NumericSensor";
inline constexpr const char* kSensorClass = "IPMIProv_Sensor";
inline constexpr const char* kRecordLogClass = "IPMIProv_RecordLog";
inline constexpr const char* kLogRecordClass = "IPMIProv_LogRecord";
inline constexpr const char* kSystemDeviceClass = "IPMIProv_SystemDevice";
inline constexpr const char* kUseOfLogClass = "IPMIProv_UseOfLog";
inline constexpr const char* kLogManagesRecordClass = "IPMIProv_LogManagesRecord";
inline constexpr const char* kRegisteredProfileClass = "IPMIProv_RegisteredProfile";
inline constexpr const char* kConformsClass = "IPMIProv_ElementConformsToProfile";
inline constexpr const char* kRecordLogInstanceID = "IPMIProv:SEL";
inline constexpr const char* kRecordLogName = "IPMI SEL";

// "<sensor number>.<LUN>.<owner ID>" in decimal, as Windows' IPMI provider: "114.0.32".
std::string device_id(std::uint8_t number, std::uint8_t lun, std::uint8_t owner_id);
std::string device_id(const sdr::SensorKey& key);

// The path of an instance: its class's keys (from the schema), in MOF order.
ObjectPath path_of(const Instance& instance, const Schema& schema = ipmiprov_schema());

// ---- Times (DSP0004 datetime)

// "20261125030405.000000+000" for seconds since 1970 (UTC).
std::string cim_datetime_utc(std::int64_t seconds_since_epoch);
// "00000001020304.000000:000" for an interval of 1 day 2 h 3 min 4 s.
std::string cim_interval(std::uint64_t seconds);
// A SEL timestamp: UTC datetime; pre-init as the interval since BMC
// initialization; unspecified as the zero interval.
std::string sel_datetime(sel::Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes);

// ---- Instances

Instance computer_system_instance(const SystemIdentity& system);
// IPMIProv_NumericSensor for threshold sensors with conversion factors;
// IPMIProv_Sensor for the rest (discrete, event-only, no factors).
Instance sensor_instance(const SystemIdentity& system, const sensor::SensorValue& value);
bool is_numeric_sensor(const sensor::SensorDefinition& definition);
// The path sensor_instance() gives the sensor, from its definition alone.
ObjectPath sensor_path(const SystemIdentity& system, const sensor::SensorDefinition& definition);
ObjectPath system_path(const SystemIdentity& system);
ObjectPath record_log_path();

struct SelState {
    sel::SelInfo info;
    std::optional<std::int16_t> utc_offset_minutes;
    bool operator==(const SelState&) const = default;
};
Instance record_log_instance(const SelState& sel);

// What a SEL entry needs besides itself: the SEL's clock offset and the
// sensors, to name the one that logged an event.
struct LogRecordContext {
    std::optional<std::int16_t> utc_offset_minutes;
    const std::vector<sensor::SensorDefinition>* sensors = nullptr;
};
Instance log_record_instance(const sel::Entry& entry, const LogRecordContext& context);

// Windows' IPMI provider encoding of a SEL entry: '*'-delimited typed fields.
std::string record_format(const sel::Entry& entry);
std::string record_data(const sel::Entry& entry);

// DSP1009 Sensors, DSP1010 Record Log, DSP1027 Power State Management and
// DSP1074 Indicator LED registrations (root/interop), in that order.
std::vector<Instance> registered_profile_instances();
inline constexpr const char* kSensorsProfileID = "IPMIProv:DSP1009";
inline constexpr const char* kRecordLogProfileID = "IPMIProv:DSP1010";
inline constexpr const char* kPowerProfileID = "IPMIProv:DSP1027";
inline constexpr const char* kIndicatorProfileID = "IPMIProv:DSP1074";

// An association instance between two paths (role names from the class).
Instance association_instance(const char* class_name, const char* role_a, const ObjectPath& a, const char* role_b,
                              const ObjectPath& b);

// ---- Thresholds (the writable part of a numeric sensor)

// CIM threshold property name <-> IPMI threshold index; the CIM
// SupportedThresholds value of each.
struct ThresholdProperty {
    const char* name;
    sdr::ThresholdIndex index;
    std::uint16_t cim_value;
    bool writable;  // only non-critical thresholds, as Windows' provider
};
const std::vector<ThresholdProperty>& threshold_properties();

// The raw count whose converted value, in the sensor's CIM units, is exactly
// `cim_value`; an error naming the nearest representable values otherwise.
bridge::Result<std::uint8_t> raw_for_cim_value(const sensor::SensorDefinition& definition, std::int64_t cim_value,
                                               int unit_modifier);

}  // namespace ipmiprov::provider::cim

#include "provider/cim/indications.hpp"

#include <algorithm>
#include <array>
#include <chrono>

#include "provider/sel/event_text.hpp"

namespace ipmiprov::provider::cim {
namespace {

// CIM_AlertIndication.AlertType (CIM schema 2.22).
enum AlertType : std::uint16_t {
    kProcessingError = 4,
    kDeviceAlert = 5,
    kEnvironmentalAlert = 6,
    kSecurityAlert = 8,
};

// CIM_AlertIndication.ProbableCause (X.733 / M.3100 values as the CIM schema numbers them).
enum ProbableCause : std::uint16_t {
    kCauseUnknown = 0,
    kEquipmentMalfunction = 16,
    kPowerProblem = 36,
    kProcessorProblem = 38,
    kSoftwareAbnormallyTerminated = 48,
    kTemperatureUnacceptable = 51,
    kThresholdCrossed = 52,
    kHardwareSecurityBreached = 62,
    kUnauthorizedAccess = 65,
    kDiskFailure = 86,
    kPowerSupplyFailure = 89,
    kBatteryFailure = 92,
    kFanFailure = 94,
    kTimeout = 111,
    kLoggingProblems = 112,
};

struct SensorTypeAlert {
    std::uint8_t sensor_type;  // IPMI 2.0 Table 42-3
    AlertClassification alert;
};

constexpr std::array<SensorTypeAlert, 17> kAlertsBySensorType{{
    {0x01, {kEnvironmentalAlert, kTemperatureUnacceptable}},    // Temperature
    {0x02, {kEnvironmentalAlert, kPowerProblem}},               // Voltage
    {0x03, {kEnvironmentalAlert, kPowerProblem}},               // Current
    {0x04, {kEnvironmentalAlert, kFanFailure}},                 // Fan
    {0x05, {kSecurityAlert, kHardwareSecurityBreached}},        // Physical Security (chassis intrusion)
    {0x06, {kSecurityAlert, kUnauthorizedAccess}},              // Platform Security Violation Attempt
    {0x07, {kDeviceAlert, kProcessorProblem}},                  // Processor
    {0x08, {kDeviceAlert, kPowerSupplyFailure}},                // Power Supply
    {0x09, {kDeviceAlert, kPowerProblem}},                      // Power Unit
    {0x0C, {kDeviceAlert, kEquipmentMalfunction}},              // Memory
    {0x0D, {kDeviceAlert, kDiskFailure}},                       // Drive Slot (Bay)
    {0x10, {kProcessingError, kLoggingProblems}},               // Event Logging Disabled
    {0x11, {kProcessingError, kTimeout}},                       // Watchdog 1
    {0x20, {kProcessingError, kSoftwareAbnormallyTerminated}},  // OS Stop / Shutdown
    {0x23, {kProcessingError, kTimeout}},                       // Watchdog 2
    {0x29, {kDeviceAlert, kBatteryFailure}},                    // Battery
    {0x2B, {kDeviceAlert, kEquipmentMalfunction}},              // Version Change
}};

constexpr std::uint8_t kThresholdReadingType = 0x01;  // IPMI 2.0 Table 42-1
constexpr std::uint16_t kWarning = 3;                 // PerceivedSeverity Degraded/Warning
constexpr std::uint16_t kCimObjectPathFormat = 2;     // AlertingElementFormat

std::uint16_t severity_of(const Instance& record) {
    const auto* value = record.property("PerceivedSeverity");
    if (value == nullptr || value->items.empty()) return 0;
    const auto* number = std::get_if<std::uint64_t>(&value->items.front());
    return number != nullptr ? static_cast<std::uint16_t>(*number) : 0;
}

std::string text_property(const Instance& record, const char* name) {
    const auto* value = record.property(name);
    const auto* text = value != nullptr ? value->as_string() : nullptr;
    return text != nullptr ? *text : std::string();
}

Instance alert_indication(const sel::SystemEvent& event, const Instance& record, const IndicationContext& context,
                          const std::string& identifier) {
    const auto* sensor =
        context.records.sensors != nullptr ? sel::find_event_sensor(event, *context.records.sensors) : nullptr;
    const auto alerting = sensor != nullptr ? sensor_path(context.system, *sensor) : system_path(context.system);
    const auto classification = classify_alert(event.sensor_type, event.event_reading_type);
    Instance alert{kAlertIndicationClass, kDeviceNamespace, {}};
    alert.set("IndicationIdentifier", Value::string(identifier + ":alert"));
    alert.set("IndicationTime", Value::datetime(context.indication_time));
    alert.set("AlertType", Value::u16(classification.alert_type));
    alert.set("PerceivedSeverity", Value::u16(severity_of(record)));
    alert.set("ProbableCause", Value::u16(classification.probable_cause));
    alert.set("AlertingManagedElement", Value::string(alerting.to_string()));
    alert.set("AlertingElementFormat", Value::u16(kCimObjectPathFormat));
    const auto name = text_property(record, "SensorElementName");
    const auto description = text_property(record, "Description");
    alert.set("Message", Value::string(name.empty() ? description : name + ": " + description));
    alert.set("EventID", Value::string(text_property(record, "RecordID")));
    // EventTime is NULL when unknown: an unspecified or pre-init SEL time is an interval (':' at 21).
    if (const auto when = text_property(record, "MessageTimestamp"); when.size() == 25 && when[21] != ':')
        alert.set("EventTime", Value::datetime(when));
    alert.set("SystemCreationClassName", Value::string(kSystemClass));
    alert.set("SystemName", Value::string(context.system.name));
    alert.set("ProviderName", Value::string("IPMIProv_Provider"));
    alert.set("SensorDeviceID", Value::string(text_property(record, "SensorDeviceID")));
    alert.set("IPMISensorType", Value::u8(event.sensor_type));
    alert.set("IPMIEventReadingType", Value::u8(event.event_reading_type));
    return alert;
}

}  // namespace

AlertClassification classify_alert(std::uint8_t sensor_type, std::uint8_t event_reading_type) {
    const auto* found = std::find_if(kAlertsBySensorType.begin(), kAlertsBySensorType.end(),
                                     [&](const SensorTypeAlert& a) { return a.sensor_type == sensor_type; });
    if (found != kAlertsBySensorType.end()) return found->alert;
    if (event_reading_type == kThresholdReadingType) return {kDeviceAlert, kThresholdCrossed};
    return {kDeviceAlert, kCauseUnknown};
}

std::vector<Instance> sel_entry_indications(const sel::Entry& entry, const Instance& record,
                                            const IndicationContext& context) {
    // Unique per entry and system: the same entry seen again (a resumed
    // subscription) keeps its identifier, so a listener can drop the repeat.
    const std::string identifier = "ipmiprov:" + context.system.name + ":sel:" + std::to_string(entry.record_id) + ":" +
                                   text_property(record, "MessageTimestamp");
    Instance creation{kInstCreationClass, kDeviceNamespace, {}};
    creation.set("IndicationIdentifier", Value::string(identifier));
    creation.set("IndicationTime", Value::datetime(context.indication_time));
    creation.set("SourceInstanceModelPath", Value::string(path_of(record).to_string()));
    creation.set("SourceInstanceHost", Value::string(context.system.name));
    creation.set("PerceivedSeverity", Value::u16(severity_of(record)));
    std::vector<Instance> out{std::move(creation)};
    const auto* event = std::get_if<sel::SystemEvent>(&entry.body);
    if (event != nullptr && severity_of(record) >= kWarning)
        out.push_back(alert_indication(*event, record, context, identifier));
    return out;
}

std::string cim_datetime_now() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return cim_datetime_utc(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

}  // namespace ipmiprov::provider::cim

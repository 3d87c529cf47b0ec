// The CIM indications a new SEL entry raises (DSP1054 Indications): an
// IPMIProv_InstCreation for every entry (its SourceInstance the entry's
// IPMIProv_LogRecord, which the CIM server adapter embeds), and for an entry
// of warning severity or worse an IPMIProv_AlertIndication naming the
// sensor, with an alert type and probable cause from the sensor type
// (docs/cim-mapping.md, "Indications").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "provider/cim/mapping.hpp"
#include "provider/sel/record.hpp"

namespace ipmiprov::provider::cim {

inline constexpr const char* kInstCreationClass = "IPMIProv_InstCreation";
inline constexpr const char* kAlertIndicationClass = "IPMIProv_AlertIndication";

struct IndicationContext {
    LogRecordContext records;
    SystemIdentity system;
    std::string indication_time;  // DSP0004 datetime: when the entry was seen
};

// CIM_AlertIndication.AlertType and ProbableCause for an IPMI sensor type
// (IPMI 2.0 Table 42-3): table-driven, Device Alert / Unknown where none fits.
struct AlertClassification {
    std::uint16_t alert_type;
    std::uint16_t probable_cause;
};
AlertClassification classify_alert(std::uint8_t sensor_type, std::uint8_t event_reading_type);

// The indications for `entry` (already mapped to `record`): InstCreation
// first, then the alert when there is one.
std::vector<Instance> sel_entry_indications(const sel::Entry& entry, const Instance& record,
                                            const IndicationContext& context);

// The current time as a DSP0004 datetime (UTC).
std::string cim_datetime_now();

}  // namespace ipmiprov::provider::cim

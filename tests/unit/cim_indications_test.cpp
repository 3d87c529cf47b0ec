// The indications a new SEL entry raises (DSP1054; docs/cim-mapping.md,
// "Indications"): an InstCreation for every entry, an alert for warning
// severity or worse, both conforming to cim-schemas/ipmiprov.mof.
#include "provider/cim/indications.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ipmiprov::provider::cim {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

sel::Entry entry_of(std::array<std::uint8_t, 16> bytes) {
    return sel::decode_entry(bytes).value();
}

std::string text(const Instance& i, const char* name) {
    const auto* value = i.property(name);
    if (value == nullptr || value->as_string() == nullptr) throw std::runtime_error(std::string("no ") + name);
    return *value->as_string();
}

std::int64_t integer(const Instance& i, const char* name) {
    const auto* value = i.property(name);
    if (value == nullptr) throw std::runtime_error(std::string("no ") + name);
    return *value->as_integer();
}

const IndicationContext kContext{{}, {"host-a", "IP", "lan 127.0.0.1:623"}, "20261206200000.000000+000"};

TEST(SelIndications, AnInformationalEntryRaisesOnlyAnInstCreationNamingItsRecord) {
    // Sensor 7 (owner 41h, system software), OS Boot: boot completed, asserted.
    const auto entry =
        entry_of({0x02, 0x00, 0x02, 0, 0, 0, 0x60, 0x41, 0x00, 0x04, 0x1F, 0x07, 0x6F, 0x01, 0xFF, 0xFF});
    const auto record = log_record_instance(entry, {});
    ASSERT_EQ(integer(record, "PerceivedSeverity"), 2);
    const auto indications = sel_entry_indications(entry, record, kContext);
    ASSERT_EQ(indications.size(), 1U);
    const auto& creation = indications[0];
    EXPECT_EQ(creation.class_name, kInstCreationClass);
    EXPECT_EQ(text(creation, "SourceInstanceModelPath"), path_of(record).to_string());
    EXPECT_THAT(text(creation, "SourceInstanceModelPath"), HasSubstr("RecordID=\"2\""));
    EXPECT_EQ(text(creation, "SourceInstanceHost"), "host-a");
    EXPECT_EQ(text(creation, "IndicationTime"), kContext.indication_time);
    EXPECT_THAT(text(creation, "IndicationIdentifier"), HasSubstr("host-a:sel:2:"));
    EXPECT_THAT(schema_problems(ipmiprov_schema(), creation), IsEmpty());
}

TEST(SelIndications, ACriticalThresholdEntryAlsoRaisesAnAlertOnItsSensor) {
    // Sensor 4 (owner 20h), temperature, upper critical going high (offset 09h), asserted.
    const auto entry =
        entry_of({0x05, 0x00, 0x02, 0, 0, 0, 0x60, 0x20, 0x00, 0x04, 0x01, 0x04, 0x01, 0x09, 0x50, 0x4B});
    const auto record = log_record_instance(entry, {});
    const auto indications = sel_entry_indications(entry, record, kContext);
    ASSERT_EQ(indications.size(), 2U);
    const auto& alert = indications[1];
    EXPECT_EQ(alert.class_name, kAlertIndicationClass);
    EXPECT_EQ(integer(alert, "PerceivedSeverity"), 6) << "critical";
    EXPECT_EQ(integer(alert, "AlertType"), 6) << "environmental";
    EXPECT_EQ(integer(alert, "ProbableCause"), 51) << "temperature unacceptable";
    EXPECT_EQ(integer(alert, "AlertingElementFormat"), 2) << "a CIM object path";
    // No SDRs given: the alert names the system.
    EXPECT_EQ(text(alert, "AlertingManagedElement"), system_path(kContext.system).to_string());
    EXPECT_EQ(text(alert, "SystemName"), "host-a");
    EXPECT_EQ(text(alert, "SystemCreationClassName"), kSystemClass);
    EXPECT_EQ(text(alert, "EventID"), "5");
    EXPECT_EQ(text(alert, "SensorDeviceID"), "4.0.32");
    EXPECT_EQ(integer(alert, "IPMISensorType"), 1);
    EXPECT_EQ(text(alert, "Message"), text(record, "Description"));
    EXPECT_EQ(text(alert, "EventTime"), text(record, "MessageTimestamp"));
    // The same event stamped before the BMC knew the time (pre-init, §31.1): no event time.
    const auto early =
        entry_of({0x06, 0x00, 0x02, 0x38, 0x08, 0x10, 0x00, 0x20, 0x00, 0x04, 0x01, 0x04, 0x01, 0x09, 0x50, 0x4B});
    const auto early_alerts = sel_entry_indications(early, log_record_instance(early, {}), kContext);
    ASSERT_EQ(early_alerts.size(), 2U);
    EXPECT_EQ(early_alerts[1].property("EventTime"), nullptr) << "a time counted from the BMC's start is no event time";
    EXPECT_THAT(text(alert, "IndicationIdentifier"), HasSubstr(":alert"));
    EXPECT_THAT(schema_problems(ipmiprov_schema(), alert), IsEmpty());
}

TEST(SelIndications, OemRecordsRaiseOnlyTheInstCreation) {
    const auto entry = entry_of({0x07, 0x00, 0xDD, 0x0F, 0xAC, 0xC1, 0x49, 0x37, 0x01, 0x00, 1, 2, 3, 4, 5, 6});
    const auto record = log_record_instance(entry, {});
    EXPECT_EQ(sel_entry_indications(entry, record, kContext).size(), 1U);
}

TEST(SelIndications, AlertTypeAndCauseComeFromTheSensorTypeTable) {
    EXPECT_EQ(classify_alert(0x04, 0x01).probable_cause, 94) << "fan failure";
    EXPECT_EQ(classify_alert(0x08, 0x6F).probable_cause, 89) << "power supply failure";
    EXPECT_EQ(classify_alert(0x05, 0x6F).alert_type, 8) << "physical security: a security alert";
    EXPECT_EQ(classify_alert(0x20, 0x6F).alert_type, 4) << "OS stop: a processing error";
    EXPECT_EQ(classify_alert(0xC0, 0x01).probable_cause, 52) << "an OEM threshold sensor: threshold crossed";
    EXPECT_EQ(classify_alert(0xC0, 0x6F).probable_cause, 0) << "unknown where nothing fits";
    EXPECT_EQ(classify_alert(0xC0, 0x6F).alert_type, 5);
}

}  // namespace
}  // namespace ipmiprov::provider::cim

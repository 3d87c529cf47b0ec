// The MOF reader and the embedded schema of cim-schemas/.
#include "provider/cim/schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ipmiprov::provider::cim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string parse_error(std::string_view mof) {
    Schema schema;
    auto status = schema.add_mof(mof, "root/test", "test.mof");
    return status.ok() ? std::string("parsed") : status.error().message;
}

TEST(MofReader, ReadsClassesPropertiesKeysWriteReferencesAndMethods) {
    Schema schema;
    ASSERT_TRUE(schema
                    .add_mof(R"(// a comment
#pragma locale ("en_US")
   [Description ( "Two " "strings" ), Version ( "1.0" )]
class X_Device : CIM_Sensor {
      [Key, Override ( "DeviceID" ), MaxLen ( 64 ) : ToSubclass]
   string DeviceID;
      [Write]
   sint32 Limit = -5;
      [Write ( false )]
   sint32 Fixed;
   uint16 States[] = { 1, 2 };
   datetime When;  /* block
                      comment */
   uint32 Reset([IN] uint16 How, [IN, OUT] CIM_Job REF Job);
};
   [Association]
class X_Link {
      [Key] CIM_System REF Group;
      [Key] X_Device REF Part;
};
)",
                             "root/test", "test.mof")
                    .ok());
    ASSERT_EQ(schema.classes().size(), 2U);
    const auto* device = schema.find("x_device");  // names compare without case
    ASSERT_NE(device, nullptr);
    EXPECT_EQ(device->parent, "CIM_Sensor");
    EXPECT_EQ(device->name_space, "root/test");
    EXPECT_FALSE(device->association);
    ASSERT_EQ(device->properties.size(), 5U);
    EXPECT_TRUE(device->property("DeviceID")->key);
    EXPECT_EQ(device->property("DeviceID")->type, Type::String);
    EXPECT_TRUE(device->property("Limit")->write);
    EXPECT_EQ(device->property("Limit")->type, Type::Sint32);
    EXPECT_FALSE(device->property("Fixed")->write);
    EXPECT_TRUE(device->property("States")->is_array);
    EXPECT_EQ(device->property("When")->type, Type::Datetime);
    ASSERT_NE(device->method("reset"), nullptr);
    const auto* link = schema.find("X_Link");
    EXPECT_TRUE(link->association);
    EXPECT_EQ(link->property("Part")->type, Type::Reference);
    EXPECT_EQ(link->property("Part")->reference_class, "X_Device");
    ASSERT_EQ(link->keys().size(), 2U);
}

TEST(MofReader, NamesTheLineAndWhatIsWrong) {
    EXPECT_THAT(parse_error("class A {\n string Name\n};"), HasSubstr("line 3: expected ';'"));
    EXPECT_THAT(parse_error("class A {\n  strang Name;\n};"), HasSubstr("line 2: unknown type 'strang'"));
    EXPECT_THAT(parse_error("class A {\n [Description(\"open\n ] string x; };"),
                HasSubstr("line 2: string not closed"));
    EXPECT_THAT(parse_error("class A { string a; string A; };"), HasSubstr("property 'A' declared twice"));
    EXPECT_THAT(parse_error("instance of A { x = 1; };"), HasSubstr("expected a class declaration"));
    EXPECT_THAT(parse_error("class A { [Key( string a; };"), HasSubstr("not closed"));
    EXPECT_THAT(parse_error("/* never closed"), HasSubstr("comment not closed"));
    EXPECT_THAT(parse_error("class A { string a; };\nclass A { };"), HasSubstr("class A declared twice"));
    EXPECT_THAT(parse_error("class A { string a; } ; @"), HasSubstr("unexpected character '@'"));
    EXPECT_EQ(parse_error(""), "parsed") << "an empty file declares nothing";
}

TEST(EmbeddedSchema, HasEveryServedClassInItsNamespace) {
    const auto& schema = ipmiprov_schema();
    const std::vector<std::pair<std::string, std::string>> expected{
        {"IPMIProv_ComputerSystem", "CIM_ComputerSystem"},
        {"IPMIProv_NumericSensor", "CIM_NumericSensor"},
        {"IPMIProv_Sensor", "CIM_Sensor"},
        {"IPMIProv_RecordLog", "CIM_RecordLog"},
        {"IPMIProv_LogRecord", "CIM_LogRecord"},
        {"IPMIProv_SystemDevice", "CIM_SystemDevice"},
        {"IPMIProv_UseOfLog", "CIM_UseOfLog"},
        {"IPMIProv_LogManagesRecord", "CIM_LogManagesRecord"},
        {"IPMIProv_RegisteredProfile", "CIM_RegisteredProfile"},
        {"IPMIProv_ElementConformsToProfile", "CIM_ElementConformsToProfile"},
        {"IPMIProv_InstCreation", "CIM_InstCreation"},
        {"IPMIProv_AlertIndication", "CIM_AlertIndication"},
        {"IPMIProv_PowerManagementService", "CIM_PowerManagementService"},
        {"IPMIProv_PowerManagementCapabilities", "CIM_PowerManagementCapabilities"},
        {"IPMIProv_AssociatedPowerManagementService", "CIM_AssociatedPowerManagementService"},
        {"IPMIProv_ElementCapabilities", "CIM_ElementCapabilities"},
        {"IPMIProv_HostedService", "CIM_HostedService"},
        {"IPMIProv_IndicatorLED", "CIM_IndicatorLED"},
        {"IPMIProv_IndicatorLEDCapabilities", "CIM_IndicatorLEDCapabilities"},
        {"IPMIProv_BMC", "CIM_ManagementController"},
        {"IPMIProv_AssociatedIndicatorLED", "CIM_AssociatedIndicatorLED"},
        {"IPMIProv_Chassis", "CIM_Chassis"},
        {"IPMIProv_Card", "CIM_Card"},
        {"IPMIProv_PhysicalPackage", "CIM_PhysicalPackage"},
        {"IPMIProv_PhysicalAssetCapabilities", "CIM_PhysicalAssetCapabilities"},
        {"IPMIProv_ComputerSystemPackage", "CIM_ComputerSystemPackage"},
        {"IPMIProv_Container", "CIM_Container"},
        {"IPMIProv_SoftwareIdentity", "CIM_SoftwareIdentity"},
        {"IPMIProv_ElementSoftwareIdentity", "CIM_ElementSoftwareIdentity"},
        {"IPMIProv_InstalledSoftwareIdentity", "CIM_InstalledSoftwareIdentity"},
        {"IPMIProv_Account", "CIM_Account"},
        {"IPMIProv_AccountOnSystem", "CIM_AccountOnSystem"},
    };
    ASSERT_EQ(schema.classes().size(), expected.size());
    for (const auto& [name, parent] : expected) {
        const auto* def = schema.find(name);
        ASSERT_NE(def, nullptr) << name;
        EXPECT_EQ(def->parent, parent);
        const bool interop = name == "IPMIProv_RegisteredProfile" || name == "IPMIProv_ElementConformsToProfile";
        EXPECT_EQ(def->name_space, interop ? "root/interop" : "root/cimv2") << name;
        EXPECT_EQ(def->indication,
                  name.find("Indication") != std::string::npos || name.find("InstCreation") != std::string::npos)
            << name;
    }
}

TEST(EmbeddedSchema, KeysAreTheDmtfKeys) {
    const auto& schema = ipmiprov_schema();
    auto key_names = [&](const char* cls) {
        std::vector<std::string> names;
        for (const auto* key : schema.find(cls)->keys()) names.push_back(key->name);
        return names;
    };
    EXPECT_THAT(key_names("IPMIProv_NumericSensor"),
                ElementsAre("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID"));
    EXPECT_THAT(key_names("IPMIProv_Sensor"),
                ElementsAre("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID"));
    EXPECT_THAT(key_names("IPMIProv_LogRecord"),
                ElementsAre("LogCreationClassName", "LogName", "CreationClassName", "RecordID", "MessageTimestamp"));
    EXPECT_THAT(key_names("IPMIProv_RecordLog"), ElementsAre("InstanceID"));
    EXPECT_THAT(key_names("IPMIProv_ComputerSystem"), ElementsAre("CreationClassName", "Name"));
    EXPECT_THAT(key_names("IPMIProv_SystemDevice"), ElementsAre("GroupComponent", "PartComponent"));
}

TEST(EmbeddedSchema, OnlyTheNonCriticalThresholdsAreWritable) {
    const auto* sensor = ipmiprov_schema().find("IPMIProv_NumericSensor");
    std::vector<std::string> writable;
    for (const auto& p : sensor->properties)
        if (p.write) writable.push_back(p.name);
    EXPECT_THAT(writable, ElementsAre("LowerThresholdNonCritical", "UpperThresholdNonCritical"));
    EXPECT_EQ(sensor->property("CurrentReading")->type, Type::Sint32);
    EXPECT_EQ(sensor->property("Resolution")->type, Type::Uint32);
    EXPECT_NE(ipmiprov_schema().find("IPMIProv_RecordLog")->method("ClearLog"), nullptr);
}

TEST(EmbeddedSchema, AncestryReachesTheDmtfRoots) {
    const auto& schema = ipmiprov_schema();
    EXPECT_THAT(schema.ancestry("IPMIProv_NumericSensor"),
                ElementsAre("IPMIProv_NumericSensor", "CIM_NumericSensor", "CIM_Sensor", "CIM_LogicalDevice",
                            "CIM_EnabledLogicalElement", "CIM_LogicalElement", "CIM_ManagedSystemElement",
                            "CIM_ManagedElement"));
    EXPECT_TRUE(schema.is_a("IPMIProv_NumericSensor", "CIM_Sensor"));
    EXPECT_FALSE(schema.is_a("IPMIProv_Sensor", "CIM_NumericSensor"));
    EXPECT_TRUE(schema.is_a("IPMIProv_LogRecord", "CIM_RecordForLog"));
    EXPECT_TRUE(schema.is_a("IPMIProv_RecordLog", "cim_log"));
    EXPECT_TRUE(schema.knows("CIM_ManagedElement"));
    EXPECT_FALSE(schema.knows("CIM_Processor"));
}

TEST(SchemaProblems, NameUnknownPropertiesWrongTypesAndMissingKeys) {
    Instance instance{"IPMIProv_RecordLog", "root/cimv2", {}};
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), ElementsAre(HasSubstr("InstanceID (key) is not set")));
    instance.set("InstanceID", Value::string("IPMIProv:SEL"));
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), IsEmpty());
    instance.set("CurrentNumberOfRecords", Value::u32(5));
    instance.set("Colour", Value::string("red"));
    instance.set("OperationalStatus", Value::u16(2));
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance),
                ElementsAre(HasSubstr("CurrentNumberOfRecords is uint32 here but uint64 in the MOF"),
                            HasSubstr("Colour is not declared in the MOF"),
                            HasSubstr("OperationalStatus is uint16 here but uint16[] in the MOF")));
    instance.name_space = "root/interop";
    EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), testing::Contains(HasSubstr("served in root/cimv2")));
    EXPECT_THAT(schema_problems(ipmiprov_schema(), Instance{"CIM_Nothing", "root/cimv2", {}}),
                ElementsAre(HasSubstr("not in the schema")));
}

}  // namespace
}  // namespace ipmiprov::provider::cim

// The CIM model over the simulated BMC (the built-in fixture): every class
// enumerated, every instance checked against the MOF, polymorphism,
// associations, threshold writes and ClearLog.
#include "provider/cim/model.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "bridge/sim_bmc.hpp"

namespace ipmiprov::provider::cim {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

struct Model : ::testing::Test {
    bridge::sim::Fixture fixture = bridge::sim::builtin_fixture().value();
    std::unique_ptr<bridge::Engine> engine;
    std::unique_ptr<EngineDataSource> source;
    std::unique_ptr<CimModel> model;

    void open() {
        bridge::EngineOptions options;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(
            bridge::sim::make_sim_transport(std::make_shared<bridge::sim::SimBmc>(fixture), "sim"), options);
        EngineSourceOptions source_options;
        source_options.system = SystemIdentity{"host1", "IP", "sim"};
        source_options.cache.use = false;
        source = std::make_unique<EngineDataSource>(*engine, source_options);
        model = std::make_unique<CimModel>(*source);
    }

    std::vector<Instance> all(const char* cls) {
        auto instances = model->enumerate(cls);
        if (!instances.ok()) throw std::runtime_error(instances.error().message);
        return *instances;
    }

    bridge::sim::SimSensor& bmc_sensor(std::uint8_t number) {
        auto& sensors = fixture.bmc.sensors;
        return *std::find_if(sensors.begin(), sensors.end(), [&](const auto& s) { return s.number == number; });
    }
};

std::vector<std::string> names(const std::vector<Instance>& instances, const char* property = "ElementName") {
    std::vector<std::string> out;
    for (const auto& i : instances)
        if (const auto* v = i.property(property)) out.push_back(*v->as_string());
    return out;
}

TEST_F(Model, EveryInstanceOfEveryClassConformsToTheMof) {
    open();
    std::size_t total = 0;
    for (const auto& def : ipmiprov_schema().classes()) {
        const auto instances = all(def.name.c_str());
        // Indications are never held (cim_indications_test checks theirs against the MOF).
        // The fixture's one FRU device has a chassis, which its product area
        // names: no package (cim_inventory_test checks one against the MOF).
        const bool none = def.indication || def.name == "IPMIProv_PhysicalPackage";
        EXPECT_EQ(instances.empty(), none) << def.name;
        for (const auto& instance : instances) {
            EXPECT_THAT(schema_problems(ipmiprov_schema(), instance), IsEmpty()) << def.name;
            EXPECT_EQ(path_of(instance).keys.size(), def.keys().size()) << "every key set: " << def.name;
        }
        total += instances.size();
    }
    EXPECT_GT(total, 40U);
    // The satellite's locator says it is a FRU device; the simulated one has none.
    EXPECT_THAT(source->problems(),
                testing::ElementsAre(HasSubstr("FRU 0 (ME): Get FRU Inventory Area Info (netfn 0x0a "
                                               "cmd 0x10) via channel 0 to 0x2c: completion "
                                               "code 0xC1")));
}

TEST_F(Model, ACimParentReturnsOurSubclasses) {
    open();
    const auto sensors = all("CIM_Sensor");
    const auto numeric = all("CIM_NumericSensor");
    const auto discrete = all("IPMIProv_Sensor");
    EXPECT_EQ(sensors.size(), numeric.size() + discrete.size());
    EXPECT_EQ(sensors.size(), 16U) << "every sensor of the fixture, shared records expanded";
    EXPECT_THAT(names(numeric), Contains("12V"));
    EXPECT_THAT(names(discrete), Contains("DIMM C"));
    EXPECT_THAT(names(numeric), Not(Contains("DIMM C")));
    EXPECT_EQ(all("CIM_ManagedElement").size(),
              all("IPMIProv_ComputerSystem").size() + sensors.size() + all("CIM_RecordLog").size() +
                  all("CIM_LogRecord").size() + all("CIM_RegisteredProfile").size() +
                  all("CIM_PowerManagementService").size() + all("CIM_PowerManagementCapabilities").size() +
                  all("CIM_IndicatorLED").size() + all("CIM_IndicatorLEDCapabilities").size() +
                  all("CIM_ManagementController").size() + all("CIM_PhysicalElement").size() +
                  all("CIM_PhysicalAssetCapabilities").size() + all("CIM_SoftwareIdentity").size() +
                  all("CIM_Account").size());
    EXPECT_EQ(all("CIM_PhysicalElement").size(), 2U) << "the chassis and the board of FRU device 0";
    EXPECT_EQ(all("CIM_Account").size(), 3U);
    EXPECT_THAT(names(all("CIM_LogRecord"), "RecordID"), testing::ElementsAre("1", "2", "3"));
}

TEST_F(Model, UnknownClassesAreNamedWithWhatIsServed) {
    open();
    auto result = model->enumerate("CIM_Processor");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, bridge::ErrorKind::InvalidArgument);
    EXPECT_THAT(result.error().message, HasSubstr("unknown class CIM_Processor; ipmiprov serves IPMIProv_"));
}

TEST_F(Model, FindPicksOneInstanceByKeyTexts) {
    open();
    auto found = model->find("IPMIProv_NumericSensor", {{"DeviceID", "2.0.32"}});
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(*found->property("ElementName")->as_string(), "12V");
    auto exact = model->get(path_of(*found));
    ASSERT_TRUE(exact.ok());
    EXPECT_EQ(*exact->property("CurrentReading")->as_integer(), 11970);

    EXPECT_TRUE(model->find("IPMIProv_RecordLog", {}).ok()) << "one instance: no keys needed";
    EXPECT_THAT(model->find("IPMIProv_NumericSensor", {}).error().message, HasSubstr("instances of"));
    EXPECT_THAT(model->find("IPMIProv_NumericSensor", {{"ElementName", "12V"}}).error().message,
                HasSubstr("ElementName is not a key"));
    EXPECT_EQ(model->find("IPMIProv_NumericSensor", {{"DeviceID", "99.0.32"}}).error().kind,
              bridge::ErrorKind::NotFound);
}

TEST_F(Model, AssociatorsWalkFromASensorToItsSystemAndProfile) {
    open();
    const auto sensor = *model->find("IPMIProv_NumericSensor", {{"DeviceID", "2.0.32"}});
    auto related = model->associators(path_of(sensor));
    ASSERT_TRUE(related.ok()) << related.error().message;
    ASSERT_EQ(related->size(), 2U);
    std::vector<std::string> classes;
    for (const auto& r : *related) classes.push_back(r.class_name);
    EXPECT_THAT(classes, testing::UnorderedElementsAre("IPMIProv_ComputerSystem", "IPMIProv_RegisteredProfile"));
    auto systems = model->associators(path_of(sensor), "CIM_SystemDevice", "CIM_ComputerSystem");
    ASSERT_EQ(systems->size(), 1U);
    EXPECT_EQ(*systems->front().property("Name")->as_string(), "host1");

    const auto log = *model->find("IPMIProv_RecordLog", {});
    auto records = model->associators(path_of(log), "CIM_LogManagesRecord");
    EXPECT_EQ(records->size(), 3U);
    auto refs = model->references(path_of(log));
    EXPECT_EQ(refs->size(), 5U) << "three records, the system, the profile";
    const auto system = *model->find("IPMIProv_ComputerSystem", {});
    EXPECT_EQ(model->associators(path_of(system), "CIM_SystemDevice")->size(), 18U)
        << "16 sensors, the identify LED, the BMC";
}

TEST_F(Model, ThresholdWritesAreReadBack) {
    open();
    const auto sensor = *model->find("IPMIProv_NumericSensor", {{"DeviceID", "2.0.32"}});
    auto modified = model->modify(path_of(sensor), {{"LowerThresholdNonCritical", Value::s32(11277)}});
    ASSERT_TRUE(modified.ok()) << modified.error().message;
    EXPECT_EQ(*modified->property("LowerThresholdNonCritical")->as_integer(), 11277);
    bridge::Request get_thresholds;
    get_thresholds.netfn = 0x04;
    get_thresholds.cmd = 0x27;
    get_thresholds.data = {2};
    auto raw = engine->call(get_thresholds);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ((*raw)[1], 179) << "the raw count the BMC keeps (179 × 63 mV)";
}

TEST_F(Model, ThresholdWritesTheBmcDoesNotKeepAreErrors) {
    bmc_sensor(2).ignore_threshold_writes = true;
    open();
    const auto sensor = *model->find("IPMIProv_NumericSensor", {{"DeviceID", "2.0.32"}});
    auto modified = model->modify(path_of(sensor), {{"UpperThresholdNonCritical", Value::s32(12789)}});
    ASSERT_FALSE(modified.ok());
    EXPECT_THAT(modified.error().message, HasSubstr("did not keep it: wrote raw 203, read back raw 202"));
}

TEST_F(Model, ThresholdWritesTheBmcRefusesAreErrors) {
    bmc_sensor(2).settable_thresholds = 0x00;  // the SDR says settable, the BMC disagrees
    open();
    const auto sensor = *model->find("IPMIProv_NumericSensor", {{"DeviceID", "2.0.32"}});
    auto modified = model->modify(path_of(sensor), {{"UpperThresholdNonCritical", Value::s32(12789)}});
    ASSERT_FALSE(modified.ok());
    EXPECT_THAT(modified.error().message, HasSubstr("Set Sensor Thresholds"));
    EXPECT_EQ(modified.error().completion_code, 0xCC);
}

TEST_F(Model, ReadOnlyAndUnsettableThresholdsAreRefusedBeforeAskingTheBmc) {
    open();
    const auto sensor = *model->find("IPMIProv_NumericSensor", {{"DeviceID", "2.0.32"}});
    EXPECT_THAT(model->modify(path_of(sensor), {{"LowerThresholdCritical", Value::s32(10000)}}).error().message,
                HasSubstr("read-only"));
    EXPECT_THAT(model->modify(path_of(sensor), {{"Colour", Value::s32(1)}}).error().message,
                HasSubstr("has no property Colour"));
    const auto fan = *model->find("IPMIProv_NumericSensor", {{"DeviceID", "3.0.32"}});
    EXPECT_THAT(model->modify(path_of(fan), {{"UpperThresholdNonCritical", Value::s32(1000)}}).error().message,
                HasSubstr("not settable"));
}

TEST_F(Model, ClearLogEmptiesTheSel) {
    open();
    const auto log = *model->find("IPMIProv_RecordLog", {});
    EXPECT_EQ(*log.property("CurrentNumberOfRecords")->as_integer(), 3);
    auto result = model->invoke(path_of(log), "ClearLog", {});
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->return_value, 0U);
    EXPECT_EQ(*model->find("IPMIProv_RecordLog", {})->property("CurrentNumberOfRecords")->as_integer(), 0);
    EXPECT_TRUE(all("IPMIProv_LogRecord").empty());
    EXPECT_THAT(model->invoke(path_of(log), "Explode", {}).error().message, HasSubstr("has no method Explode"));
}

TEST_F(Model, ASilentBmcIsAnErrorNotAnEmptyAnswer) {
    fixture.faults.rules.push_back(bridge::sim::FaultRule{std::nullopt, std::nullopt, std::nullopt, true, -1, 0});
    open();
    auto result = model->enumerate("CIM_NumericSensor");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, bridge::ErrorKind::Timeout);
}

}  // namespace
}  // namespace ipmiprov::provider::cim

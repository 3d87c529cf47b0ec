// Issue 23: DSP1027 Power State Management and the computer system's
// RequestStateChange over the simulated chassis; method parameters from
// the MOF (declared, typed, checked before anything is sent); values from
// the text of `cim invoke --param`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/sim_chassis.hpp"
#include "cli_runner.hpp"
#include "exit_codes.hpp"
#include "provider/cim/model.hpp"
#include "provider/cim/power.hpp"
#include "provider/cim/value_parse.hpp"
#include "sim_cim_model.hpp"

namespace ipmiprov::provider::cim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(MethodSchema, ParametersAreReadFromTheMof) {
    const auto* service = ipmiprov_schema().find(kPowerServiceClass);
    ASSERT_NE(service, nullptr);
    const auto* method = service->method("requestpowerstatechange");
    ASSERT_NE(method, nullptr);
    ASSERT_EQ(method->parameters.size(), 5U);
    const auto* state = method->parameter("PowerState");
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(state->value.type, Type::Uint16);
    EXPECT_TRUE(state->in);
    const auto* element = method->parameter("ManagedElement");
    ASSERT_NE(element, nullptr);
    EXPECT_EQ(element->value.type, Type::Reference);
    EXPECT_EQ(element->value.reference_class, "CIM_ManagedElement");
    const auto* job = method->parameter("Job");
    ASSERT_NE(job, nullptr);
    EXPECT_FALSE(job->in) << "[IN (false), OUT]";
    EXPECT_TRUE(job->out);
    EXPECT_EQ(ipmiprov_schema().find(kRecordLogClass)->method("ClearLog")->parameters.size(), 0U);
    EXPECT_TRUE(ipmiprov_schema().is_a(kPowerServiceClass, "CIM_Service"));
    EXPECT_TRUE(ipmiprov_schema().is_a(kPowerCapabilitiesClass, "CIM_Capabilities"));
}

TEST(ValueFromText, EachTypeInItsRange) {
    EXPECT_EQ(*value_from_text(Type::Uint16, false, "6"), Value::u16(6));
    EXPECT_EQ(*value_from_text(Type::Uint8, false, "0xff"), Value::u8(255));
    EXPECT_FALSE(value_from_text(Type::Uint8, false, "256").ok());
    EXPECT_FALSE(value_from_text(Type::Uint16, false, "-1").ok());
    EXPECT_EQ(*value_from_text(Type::Sint32, false, "-5"), Value::s32(-5));
    EXPECT_FALSE(value_from_text(Type::Sint8, false, "-129").ok());
    EXPECT_EQ(value_from_text(Type::Sint64, false, "-9223372036854775808")->items.front(),
              Item{std::numeric_limits<std::int64_t>::min()});
    EXPECT_EQ(*value_from_text(Type::Boolean, false, "true"), Value::boolean(true));
    EXPECT_FALSE(value_from_text(Type::Boolean, false, "yes").ok());
    EXPECT_EQ(*value_from_text(Type::String, false, "a,b"), Value::string("a,b")) << "a scalar keeps its commas";
    auto bytes = value_from_text(Type::Uint8, true, "0x06,0x01");
    ASSERT_TRUE(bytes.ok());
    EXPECT_TRUE(bytes->is_array);
    EXPECT_EQ(bytes->items, (std::vector<Item>{std::uint64_t{6}, std::uint64_t{1}}));
    EXPECT_TRUE(value_from_text(Type::Uint8, true, "")->items.empty());
    EXPECT_FALSE(value_from_text(Type::Uint8, true, "1,").ok());
    EXPECT_THAT(value_from_text(Type::Uint16, false, "on").error().message, HasSubstr("\"on\" is not a uint16"));
}

struct PowerModel : SimCimModel {
    bridge::Result<MethodResult> request(const PropertyList& in) {
        return model.invoke(power_service_path(system), "RequestPowerStateChange", in);
    }
    Instance association() {
        auto all = model.enumerate(kAssociatedPowerClass);
        if (!all.ok() || all->size() != 1) throw std::runtime_error("no power association");
        return all->front();
    }
};

TEST_F(PowerModel, EachPowerStateIsItsChassisControlAction) {
    const std::vector<std::pair<std::uint16_t, std::uint8_t>> cases{{6, 0x00},  {2, 0x01},  {5, 0x02}, {9, 0x02},
                                                                    {10, 0x03}, {11, 0x04}, {8, 0x00}, {12, 0x05}};
    for (const auto& [state, action] : cases) {
        auto result = request({{"PowerState", Value::u16(state)}});
        ASSERT_TRUE(result.ok()) << state << ": " << result.error().message;
        EXPECT_EQ(result->return_value, 0U) << state;
        EXPECT_EQ(bmc->chassis().last_control, action) << "PowerState " << state;
    }
    EXPECT_EQ(bmc->chassis().control_requests, static_cast<int>(cases.size()));
}

TEST_F(PowerModel, TheAssociationCarriesThePowerState) {
    auto on = association();
    EXPECT_EQ(*on.property("PowerState")->as_integer(), 2);
    EXPECT_EQ(*on.property("RequestedPowerState")->as_integer(), 0);
    EXPECT_THAT(on.property("AvailableRequestedPowerStates")->items,
                ElementsAre(std::uint64_t{5}, std::uint64_t{6}, std::uint64_t{8}, std::uint64_t{9}, std::uint64_t{10},
                            std::uint64_t{11}, std::uint64_t{12}));
    ASSERT_TRUE(request({{"PowerState", Value::u16(6)}}).ok());
    auto off = association();
    EXPECT_EQ(*off.property("PowerState")->as_integer(), 8) << "Off - Soft: the BMC is on standby power";
    EXPECT_THAT(off.property("AvailableRequestedPowerStates")->items, ElementsAre(std::uint64_t{2}));
    // From the system, its service; from the service, its capabilities.
    auto services = model.associators(system_path(system), kAssociatedPowerClass, "");
    ASSERT_TRUE(services.ok());
    ASSERT_EQ(services->size(), 1U);
    EXPECT_EQ(path_of(services->front()), power_service_path(system));
    auto hosted = model.associators(system_path(system), kHostedServiceClass, "");
    ASSERT_TRUE(hosted.ok());
    ASSERT_EQ(hosted->size(), 1U) << "the system hosts the service";
    EXPECT_EQ(path_of(hosted->front()), power_service_path(system));
    auto capabilities = model.associators(power_service_path(system), kElementCapabilitiesClass, "");
    ASSERT_TRUE(capabilities.ok());
    ASSERT_EQ(capabilities->size(), 1U);
    EXPECT_THAT(capabilities->front().property("PowerChangeCapabilities")->items,
                ElementsAre(std::uint64_t{3}, std::uint64_t{4}, std::uint64_t{6}, std::uint64_t{7}, std::uint64_t{8}));
}

// A sensor's references do not ask the BMC for the chassis.
TEST_F(PowerModel, OnlyTheSystemAndItsServiceReadThePowerState) {
    auto sensor = model.find("IPMIProv_NumericSensor", {{"DeviceID", "2.0.32"}});
    ASSERT_TRUE(sensor.ok());
    ASSERT_TRUE(model.references(path_of(*sensor), "").ok());  // reads what the source keeps
    const auto before = bmc->requests_handled();
    ASSERT_TRUE(model.references(path_of(*sensor), "").ok());
    EXPECT_EQ(bmc->requests_handled(), before) << "a sensor's references ask the BMC nothing";
    auto system_links = model.references(system_path(system), kAssociatedPowerClass);
    ASSERT_TRUE(system_links.ok());
    EXPECT_EQ(system_links->size(), 1U);
    EXPECT_EQ(bmc->requests_handled() - before, 1U) << "one Get Chassis Status";
}

TEST_F(PowerModel, BadParametersAreRefusedBeforeAnythingIsSent) {
    const std::vector<std::pair<PropertyList, std::string>> cases{
        {{}, "RequestPowerStateChange needs PowerState"},
        {{{"PowerState", Value::u16(3)}}, "PowerState 3 is not one ipmiprov can request"},
        {{{"PowerState", Value::boolean(true)}}, "PowerState is uint16"},
        {{{"PowerState", Value::u32(70000)}}, "PowerState \"70000\" is not a uint16"},
        {{{"Colour", Value::u16(2)}},
         "has no parameter Colour; it takes PowerState, ManagedElement, Time, TimeoutPeriod"},
        {{{"Job", Value::u16(2)}}, "Job is an OUT parameter"},
        {{{"PowerState", Value::u16(2)}, {"PowerState", Value::u16(6)}}, "PowerState is given twice"},
        {{{"PowerState", Value::u16(2)}, {"ManagedElement", Value::reference(power_service_path(system))}},
         "ManagedElement must be the system"},
        {{{"PowerState", Value::u16(2)}, {"Time", Value::datetime("20261207000000.000000+000")}},
         "a scheduled power change is not supported"},
        {{{"PowerState", Value::u16(2)}, {"Time", Value::datetime("00000000000100.000000:000")}},
         "a scheduled power change is not supported"},
    };
    for (const auto& [in, message] : cases) {
        auto result = request(in);
        ASSERT_FALSE(result.ok()) << message;
        EXPECT_THAT(result.error().message, HasSubstr(message));
    }
    EXPECT_EQ(bmc->chassis().control_requests, 0);
    auto timeout =
        request({{"PowerState", Value::u16(2)}, {"TimeoutPeriod", Value::datetime("00000000000010.000000:000")}});
    ASSERT_TRUE(timeout.ok());
    EXPECT_EQ(timeout->return_value, 4098U) << "Use of Timeout Parameter Not Supported";
    EXPECT_EQ(bmc->chassis().control_requests, 0);
    // Zero intervals say "now" and "no time requirement"; a broker's uint32
    // and an untyped "2" are read as the uint16 the MOF declares.
    const Value zero = Value::datetime("00000000000000.000000:000");
    auto now = request({{"PowerState", Value::u32(2)}, {"Time", zero}, {"TimeoutPeriod", zero}});
    ASSERT_TRUE(now.ok()) << now.error().message;
    EXPECT_EQ(now->return_value, 0U);
    EXPECT_EQ(bmc->chassis().control_requests, 1);
    auto untyped = request({{"PowerState", Value::string("2")}});
    ASSERT_TRUE(untyped.ok()) << untyped.error().message;
    EXPECT_EQ(bmc->chassis().control_requests, 2);
    auto with_system =
        request({{"PowerState", Value::u16(6)}, {"ManagedElement", Value::reference(system_path(system))}});
    ASSERT_TRUE(with_system.ok()) << with_system.error().message;
    EXPECT_FALSE(bmc->chassis().power_on);
}

TEST_F(PowerModel, TheSystemsRequestStateChange) {
    const std::vector<std::pair<std::uint16_t, std::uint8_t>> cases{
        {3, 0x00}, {2, 0x01}, {4, 0x05}, {10, 0x02}, {11, 0x03}};
    for (const auto& [state, action] : cases) {
        auto result = model.invoke(system_path(system), "RequestStateChange", {{"RequestedState", Value::u16(state)}});
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(bmc->chassis().last_control, action) << "RequestedState " << state;
    }
    auto bad = model.invoke(system_path(system), "RequestStateChange", {{"RequestedState", Value::u16(6)}});
    ASSERT_FALSE(bad.ok());
    EXPECT_THAT(bad.error().message, HasSubstr("RequestStateChange needs RequestedState 2 (Enabled: power on)"));
}

TEST_F(PowerModel, ABmcThatRefusesNamesTheCode) {
    bmc->add_fault({0x00, 0x02, 0xD5, false, -1, 0, false});
    auto result = request({{"PowerState", Value::u16(10)}});
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error().message, HasSubstr("Chassis Control"));
    EXPECT_THAT(result.error().message, HasSubstr("0xD5"));
}

}  // namespace
}  // namespace ipmiprov::provider::cim

namespace ipmiprov::cli {
namespace {

using ::testing::HasSubstr;

TEST(CimInvokeCli, ParametersFromTheCommandLine) {
    // The simulated BMC's system is named after the host: found by its class name key.
    const auto by_class =
        run_ipmiprov({"--sim", "builtin", "cim", "invoke", "IPMIProv_PowerManagementService", "RequestPowerStateChange",
                      "--param", "PowerState=6", "--param",
                      "ManagedElement=IPMIProv_ComputerSystem.CreationClassName=IPMIProv_ComputerSystem"});
    EXPECT_EQ(by_class.code, kExitOk) << by_class.err;
    EXPECT_EQ(by_class.out, "ReturnValue = 0;\n");
    const auto bad = run_ipmiprov({"--sim", "builtin", "cim", "invoke", "IPMIProv_PowerManagementService",
                                   "RequestPowerStateChange", "--param", "PowerState=on"});
    EXPECT_EQ(bad.code, kExitUsage);
    EXPECT_THAT(bad.err, HasSubstr("--param PowerState: \"on\" is not a uint16"));
    const auto misplaced = run_ipmiprov({"--sim", "builtin", "cim", "get", "IPMIProv_RecordLog", "--param", "A=1"});
    EXPECT_EQ(misplaced.code, kExitUsage);
    EXPECT_THAT(misplaced.err, HasSubstr("--param applies to cim invoke only"));
    const auto json = run_ipmiprov({"--sim", "builtin", "cim", "invoke", "IPMIProv_ComputerSystem",
                                    "RequestStateChange", "--param", "RequestedState=2", "--json"});
    EXPECT_EQ(json.code, kExitOk) << json.err;
    EXPECT_THAT(json.out, HasSubstr("\"ReturnValue\": 0"));
}

}  // namespace
}  // namespace ipmiprov::cli

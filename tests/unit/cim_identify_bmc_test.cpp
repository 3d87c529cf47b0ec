// Issue 23, the rest of the chassis in CIM: the system's EnabledState and
// RequestedState following the chassis, the power request kept whoever
// asked, the chassis identify as DSP1074's LED, and IPMIProv_BMC's raw
// RequestResponse; the chassis snapshot as the daemon keeps and sends it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bridge/device_id.hpp"
#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/sim_chassis.hpp"
#include "cli_runner.hpp"
#include "exit_codes.hpp"
#include "handler.hpp"
#include "provider/cim/bmc.hpp"
#include "provider/cim/indicator.hpp"
#include "provider/cim/model.hpp"
#include "provider/cim/power.hpp"
#include "provider/cim/wire.hpp"
#include "provider/snapshot/wire.hpp"
#include "sim_cim_model.hpp"
#include "state.hpp"

namespace ipmiprov::provider::cim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

bridge::Request control(std::uint8_t action) {
    return chassis::chassis_request(chassis::kChassisControl, {action});
}

TEST(PowerRequestAfter, AnAcceptedChassisControlIsTheRequestWhoeverSentIt) {
    const bridge::Response accepted{0x00, {}};
    struct Case {
        std::uint8_t action;
        PowerRequest expected;
    };
    const std::vector<Case> cases{{0x00, {3, 8}},   {0x01, {2, 2}},  {0x02, {10, 5}},
                                  {0x03, {11, 10}}, {0x05, {4, 12}}, {0x04, {4, 11}}};
    PowerRequest last;
    for (const auto& c : cases) {
        last = power_request_after(last, control(c.action), accepted);
        EXPECT_EQ(last, c.expected) << "action " << int(c.action);
    }
    EXPECT_EQ(last.requested_state, 4) << "a diagnostic interrupt has no RequestedState: the last one stays";
    EXPECT_EQ(power_request_after({}, control(0x01), bridge::Response{0xCC, {}}), PowerRequest{}) << "refused";
    EXPECT_EQ(power_request_after({}, control(0x0F), accepted), PowerRequest{}) << "no such action";
    EXPECT_EQ(power_request_after({}, chassis::chassis_request(chassis::kChassisIdentify, {}), accepted),
              PowerRequest{});
    auto bridged = control(0x01);
    bridged.target = bridge::Target::ipmb(0, 0x72);
    EXPECT_EQ(power_request_after({}, bridged, accepted), PowerRequest{}) << "another controller's chassis";
}

TEST(ChangesChassis, EveryChassisCommandButTheGets) {
    for (const std::uint8_t cmd : std::vector<std::uint8_t>{0x02, 0x04, 0x05, 0x06, 0x08, 0x0A})
        EXPECT_TRUE(chassis::changes_chassis(chassis::chassis_request(cmd))) << int(cmd);
    for (const std::uint8_t cmd : std::vector<std::uint8_t>{0x00, 0x01, 0x07, 0x09, 0x0F})
        EXPECT_FALSE(chassis::changes_chassis(chassis::chassis_request(cmd))) << int(cmd);
    EXPECT_FALSE(chassis::changes_chassis(bridge::Request{0x0A, 0x44, 0, {}, {}})) << "Add SEL Entry";
    EXPECT_FALSE(chassis::changes_chassis(chassis::chassis_request(0x06, {0x03}))) << "restore policy: only asks";
    EXPECT_TRUE(chassis::changes_chassis(chassis::chassis_request(0x06, {0x01})));
    EXPECT_TRUE(chassis::is_chassis_read(chassis::chassis_request(0x06, {0x03})));
    EXPECT_FALSE(chassis::is_chassis_read(bridge::Request{0x06, 0x01, 0, {}, {}})) << "another netfn";
}

struct ChassisModel : SimCimModel {
    std::int64_t property(const char* cls, const char* name) {
        auto all = model.enumerate(cls);
        if (!all.ok() || all->size() != 1) return -2;
        const auto* value = all->front().property(name);
        return value ? value->as_integer().value_or(-3) : -1;
    }
};

TEST_F(ChassisModel, TheSystemsStateFollowsTheChassis) {
    EXPECT_EQ(property(kSystemClass, "EnabledState"), 2) << "on: Enabled";
    EXPECT_EQ(property(kSystemClass, "RequestedState"), 0) << "nothing asked yet: Unknown";
    ASSERT_TRUE(model.invoke(system_path(system), "RequestStateChange", {{"RequestedState", Value::u16(3)}}).ok());
    EXPECT_EQ(property(kSystemClass, "EnabledState"), 3) << "off: Disabled, read again after the control";
    EXPECT_EQ(property(kSystemClass, "RequestedState"), 3);
    EXPECT_EQ(property(kAssociatedPowerClass, "RequestedPowerState"), 8);
    ASSERT_TRUE(
        model.invoke(power_service_path(system), "RequestPowerStateChange", {{"PowerState", Value::u16(2)}}).ok());
    EXPECT_EQ(property(kSystemClass, "EnabledState"), 2);
    EXPECT_EQ(property(kSystemClass, "RequestedState"), 2) << "the power service's request is the system's too";
    EXPECT_EQ(property(kAssociatedPowerClass, "RequestedPowerState"), 2);
    // A source keeps the status it read: one Get Chassis Status for all of these.
    const auto before = bmc->requests_handled();
    EXPECT_EQ(property(kSystemClass, "EnabledState"), 2);
    EXPECT_EQ(property(kIndicatorLEDClass, "ActivationState"), 4);
    EXPECT_EQ(bmc->requests_handled(), before);
}

TEST_F(ChassisModel, WithoutAChassisStatusTheSystemStillShows) {
    bmc->add_fault({0x00, 0x01, 0xC1, false, -1, 0, false});
    EXPECT_EQ(property(kSystemClass, "EnabledState"), 0) << "Unknown";
    EXPECT_EQ(property(kIndicatorLEDClass, "ActivationState"), -1) << "absent: the BMC did not say";
    auto association = model.enumerate(kAssociatedPowerClass);
    ASSERT_TRUE(association.ok());
    EXPECT_EQ(association->front().property("PowerState"), nullptr);
}

TEST_F(ChassisModel, TheIdentifyLedIsChassisIdentify) {
    const auto led = identify_led_path(system);
    auto instance = model.get(led);
    ASSERT_TRUE(instance.ok()) << instance.error().message;
    EXPECT_EQ(*instance->property("ActivationState")->as_integer(), kLedOff);
    EXPECT_THAT(instance->property("IndicatedConditions")->items, ElementsAre(std::uint64_t{3})) << "Location";
    auto on = model.modify(led, {{"ActivationState", Value::u16(kLedBlinking)}});
    ASSERT_TRUE(on.ok()) << on.error().message;
    EXPECT_EQ(*on->property("ActivationState")->as_integer(), kLedBlinking) << "read back";
    EXPECT_EQ(bmc->chassis().identify, 2) << "Force Identify On: until turned off";
    auto off = model.modify(led, {{"ActivationState", Value::u16(kLedOff)}});
    ASSERT_TRUE(off.ok()) << off.error().message;
    EXPECT_EQ(*off->property("ActivationState")->as_integer(), kLedOff);
    EXPECT_EQ(bmc->chassis().identify, 0);

    const auto before = bmc->requests_handled();
    auto lit = model.modify(led, {{"ActivationState", Value::u16(2)}});
    ASSERT_FALSE(lit.ok());
    EXPECT_THAT(lit.error().message, HasSubstr("3 (Blinking: on until turned off) or 4 (Off)"));
    auto mode = model.modify(led, {{"ControlMode", Value::u16(2)}});
    ASSERT_FALSE(mode.ok());
    EXPECT_THAT(mode.error().message, HasSubstr("ControlMode is read-only"));
    EXPECT_EQ(bmc->requests_handled(), before) << "nothing sent for a refused change";

    auto links = model.associators(system_path(system), kAssociatedIndicatorClass, "");
    ASSERT_TRUE(links.ok());
    ASSERT_EQ(links->size(), 1U);
    EXPECT_EQ(path_of(links->front()), led);
    auto capabilities = model.associators(led, kElementCapabilitiesClass, "");
    ASSERT_TRUE(capabilities.ok());
    ASSERT_EQ(capabilities->size(), 1U);
    EXPECT_THAT(capabilities->front().property("SupportedActivationStates")->items,
                ElementsAre(std::uint64_t{3}, std::uint64_t{4}));
    auto profiles = model.associators(led, kConformsClass, "");
    ASSERT_TRUE(profiles.ok());
    ASSERT_EQ(profiles->size(), 1U);
    EXPECT_EQ(*profiles->front().property("RegisteredName")->as_string(), "Indicator LED");
}

TEST_F(ChassisModel, RequestResponseSendsOneRawRequest) {
    const auto bmc_element = bmc_path(system);
    auto device = model.invoke(bmc_element, "RequestResponse",
                               {{"NetworkFunction", Value::u8(0x06)}, {"Command", Value::u8(0x01)}});
    ASSERT_TRUE(device.ok()) << device.error().message;
    EXPECT_EQ(device->return_value, 0U);
    const auto expected = engine.call(bridge::get_device_id_request());
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(*find_value(device->out, "CompletionCode"), Value::u8(0));
    EXPECT_EQ(*find_value(device->out, "ResponseData"), Value::u8_array(*expected));
    EXPECT_EQ(*find_value(device->out, "ResponseDataSize"), Value::u32(static_cast<std::uint32_t>(expected->size())));

    // A completion code is the BMC's answer, not the method's failure.
    auto unknown = model.invoke(bmc_element, "RequestResponse",
                                {{"NetworkFunction", Value::u8(0x30)}, {"Command", Value::u8(0x99)}});
    ASSERT_TRUE(unknown.ok()) << unknown.error().message;
    EXPECT_EQ(unknown->return_value, 0U);
    EXPECT_EQ(*find_value(unknown->out, "CompletionCode"), Value::u8(0xC1));
    EXPECT_EQ(*find_value(unknown->out, "ResponseDataSize"), Value::u32(0));

    // Data and its size; a write through it is a write (identify on for 5 s).
    auto identify = model.invoke(bmc_element, "RequestResponse",
                                 {{"NetworkFunction", Value::u8(0x00)},
                                  {"Command", Value::u8(0x04)},
                                  {"RequestData", Value::u8_array(std::vector<std::uint8_t>{5})},
                                  {"RequestDataSize", Value::u32(1)}});
    ASSERT_TRUE(identify.ok()) << identify.error().message;
    EXPECT_EQ(bmc->chassis().identify_seconds, 5);
    EXPECT_EQ(property(kIndicatorLEDClass, "ActivationState"), kLedBlinking)
        << "the source read the chassis again after a chassis write of any kind";
}

TEST_F(ChassisModel, RequestResponseRefusesWhatIsNotARequest) {
    const std::vector<std::pair<PropertyList, std::string>> cases{
        {{{"Command", Value::u8(1)}}, "NetworkFunction is required"},
        {{{"NetworkFunction", Value::u8(6)}}, "Command is required"},
        {{{"NetworkFunction", Value::u8(7)}, {"Command", Value::u8(1)}}, "must be a request's (even)"},
        {{{"NetworkFunction", Value::u8(0x40)}, {"Command", Value::u8(1)}}, "NetworkFunction must be 0..63"},
        {{{"NetworkFunction", Value::u8(6)}, {"Command", Value::u8(1)}, {"Lun", Value::u8(4)}}, "Lun must be 0..3"},
        {{{"NetworkFunction", Value::u8(6)}, {"Command", Value::u8(1)}, {"ResponderAddress", Value::u8(0x21)}},
         "an IPMB slave address (even)"},
        {{{"NetworkFunction", Value::u8(6)},
          {"Command", Value::u8(1)},
          {"RequestData", Value::u8_array(std::vector<std::uint8_t>{1, 2})},
          {"RequestDataSize", Value::u32(3)}},
         "RequestDataSize must be RequestData's length, 2"},
        {{{"NetworkFunction", Value::u8(6)}, {"Command", Value::u8(1)}, {"CompletionCode", Value::u8(0)}},
         "CompletionCode is an OUT parameter"},
    };
    const auto before = bmc->requests_handled();
    for (const auto& [in, message] : cases) {
        auto result = model.invoke(bmc_path(system), "RequestResponse", in);
        ASSERT_FALSE(result.ok()) << message;
        EXPECT_THAT(result.error().message, HasSubstr(message));
        EXPECT_EQ(result.error().kind, bridge::ErrorKind::InvalidArgument);
    }
    EXPECT_EQ(bmc->requests_handled(), before);
    auto bridged = raw_request_from({{"NetworkFunction", Value::u8(6)},
                                     {"Command", Value::u8(1)},
                                     {"Lun", Value::u8(2)},
                                     {"ResponderAddress", Value::u8(0x72)}});
    ASSERT_TRUE(bridged.ok());
    EXPECT_EQ(bridged->target, bridge::Target::ipmb(0, 0x72));
    EXPECT_EQ(bridged->lun, 2);
}

TEST(ChassisWire, RoundTripsAndNamesWhatIsWrong) {
    const snapshot::ChassisPart part{{0x41, 0x10, 0x40}, PowerRequest{3, 8}};
    auto back = snapshot::chassis_from_wire(snapshot::chassis_to_wire(part));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, part);
    const std::vector<std::pair<nlohmann::json, std::string>> bad{
        {nlohmann::json::array(), "\"chassis\" must be an object"},
        {{{"requested_state", 0}, {"requested_power_state", 0}}, "no \"status\""},
        {{{"status", "41"}, {"requested_state", 0}, {"requested_power_state", 0}}, "chassis \"status\""},
        {{{"status", "zz"}, {"requested_state", 0}, {"requested_power_state", 0}}, "chassis \"status\""},
        {{{"status", "411040"}, {"requested_state", -1}, {"requested_power_state", 0}}, "\"requested_state\""},
        {{{"status", "411040"}, {"requested_state", 2}}, "\"requested_power_state\""},
    };
    for (const auto& [wire, message] : bad) {
        auto decoded = snapshot::chassis_from_wire(wire);
        ASSERT_FALSE(decoded.ok()) << wire.dump();
        EXPECT_THAT(decoded.error().message, HasSubstr(message)) << wire.dump();
    }
    const auto named = snapshot::part_from_name("chassis");
    ASSERT_TRUE(named.ok());
    EXPECT_EQ(*named, snapshot::Part::Chassis);
}

}  // namespace
}  // namespace ipmiprov::provider::cim

namespace ipmiprov::cli {
namespace {

using ::testing::HasSubstr;

TEST(CimCliChassis, IdentifyLedAndRawRequestFromTheCommandLine) {
    const auto led =
        run_ipmiprov({"--sim", "builtin", "cim", "modify", "IPMIProv_IndicatorLED", "--property", "ActivationState=3"});
    EXPECT_EQ(led.code, kExitOk) << led.err;
    EXPECT_THAT(led.out, HasSubstr("ActivationState = 3;"));
    const auto raw = run_ipmiprov({"--sim", "builtin", "cim", "invoke", "IPMIProv_BMC", "RequestResponse", "--param",
                                   "NetworkFunction=6", "--param", "Command=1"});
    EXPECT_EQ(raw.code, kExitOk) << raw.err;
    EXPECT_THAT(raw.out, HasSubstr("ReturnValue = 0;\nCompletionCode = 0;\nResponseData = {"));
    const auto odd = run_ipmiprov({"--sim", "builtin", "cim", "invoke", "IPMIProv_BMC", "RequestResponse", "--param",
                                   "NetworkFunction=7", "--param", "Command=1"});
    EXPECT_EQ(odd.code, kExitUsage);
    EXPECT_THAT(odd.err, HasSubstr("NetworkFunction must be a request's (even)"));
}

}  // namespace
}  // namespace ipmiprov::cli

namespace ipmiprov::daemon {
namespace {

// A BMC without Get Chassis Status (every one refused with C1h): the daemon
// still serves the system (EnabledState 0 Unknown), and asks the BMC again
// only as often as data of the maximum age is read again, not once for each
// instance that shows the chassis.
TEST(DaemonChassis, ABmcWithoutChassisStatusIsNotAskedForEachInstance) {
    const auto fixture =
        std::filesystem::temp_directory_path() / ("ipmiprov-no-chassis-" + std::to_string(::getpid()) + ".json");
    std::ofstream(fixture) << R"({"faults": {"rules": [{"netfn": 0, "cmd": 1, "completion_code": 193}]}})";
    DaemonState state{[&] {
        StateOptions options;
        options.connect.sim = fixture.string();
        options.system_name = "host1";
        options.max_age = std::chrono::hours(1);
        return options;
    }()};
    Handler handler{state, AccessPolicy{4242, std::nullopt}};
    const Peer root{11, 0, 0};
    const auto enumerate = [&](const char* cls) {
        return nlohmann::json::parse(*handler.handle(nlohmann::json{{"op", "enumerate"}, {"class", cls}}.dump(), root));
    };
    const auto first = enumerate("CIM_ManagedElement");
    std::filesystem::remove(fixture);
    ASSERT_TRUE(first["ok"]) << first.dump();
    const auto systems = enumerate("IPMIProv_ComputerSystem");
    auto instances = provider::cim::instances_from_wire(systems["instances"]);
    ASSERT_TRUE(instances.ok() && instances->size() == 1) << systems.dump();
    EXPECT_EQ(instances->front().property("EnabledState")->as_integer(), 0) << "Unknown";
    const auto before = state.stats().bmc_requests;
    EXPECT_TRUE(enumerate("IPMIProv_IndicatorLED")["ok"]);
    EXPECT_TRUE(enumerate("IPMIProv_AssociatedPowerManagementService")["ok"]);
    EXPECT_TRUE(enumerate("CIM_ManagedElement")["ok"]);
    EXPECT_EQ(state.stats().bmc_requests, before) << "the refusal is kept for the maximum age";
}

}  // namespace
}  // namespace ipmiprov::daemon

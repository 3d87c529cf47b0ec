// `ipmiprov cim` against the built-in simulated BMC: output formats, key
// arguments and the errors of a bad command line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.hpp"
#include "exit_codes.hpp"

namespace ipmiprov::cli {
namespace {

using ::testing::HasSubstr;

// Every run on the built-in simulated BMC, without touching the user's caches.
Ran run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--sim", "builtin", "--no-cache"});
    return run_ipmiprov(std::move(args));
}

TEST(CimCli, ClassesAsJsonListPropertiesWithTypes) {
    auto result = run({"cim", "classes", "--format", "json"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    const auto classes = nlohmann::json::parse(result.out);
    ASSERT_EQ(classes.size(), 32U) << "30 served, 2 indications";
    EXPECT_EQ(classes[1]["class"], "IPMIProv_NumericSensor");
    EXPECT_EQ(classes[1]["superclasses"][2], "CIM_Sensor");
    bool found = false;
    for (const auto& p : classes[1]["properties"]) {
        if (p["name"] == "PossibleStates") {
            EXPECT_EQ(p["type"], "string[]");
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST(CimCli, EnumerateAsJsonKeepsCimTypes) {
    auto result = run({"cim", "enumerate", "CIM_NumericSensor", "--json"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    const auto instances = nlohmann::json::parse(result.out);
    ASSERT_EQ(instances.size(), 9U) << "the BMC's and the satellite controllers' threshold sensors";
    const auto& volts = instances[1];
    EXPECT_EQ(volts["class"], "IPMIProv_NumericSensor");
    EXPECT_EQ(volts["path"]["DeviceID"], "2.0.32");
    EXPECT_EQ(volts["path"].size(), 4U);
    EXPECT_EQ(volts["properties"]["CurrentReading"], 11970);
    EXPECT_EQ(volts["properties"]["UnitModifier"], -3);
    EXPECT_TRUE(volts["properties"]["OperationalStatus"].is_array());
    EXPECT_TRUE(volts["properties"]["IsLinear"].is_boolean());
}

TEST(CimCli, EnumerateAsMofByDefault) {
    auto result = run({"cim", "enumerate", "IPMIProv_RecordLog"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    EXPECT_THAT(result.out, HasSubstr("instance of IPMIProv_RecordLog {\n    InstanceID = \"IPMIProv:SEL\";"));
    EXPECT_THAT(result.out, HasSubstr("    CurrentNumberOfRecords = 3;"));
}

TEST(CimCli, GetAssociatorsAndInvoke) {
    auto got = run({"cim", "get", "IPMIProv_Sensor", "DeviceID=16.0.32"});
    ASSERT_EQ(got.code, kExitOk) << got.err;
    EXPECT_THAT(got.out, HasSubstr("ElementName = \"DIMM A\";"));
    auto related = run({"cim", "associators", "IPMIProv_RecordLog", "--result-class", "CIM_ComputerSystem", "--json"});
    ASSERT_EQ(related.code, kExitOk) << related.err;
    EXPECT_EQ(nlohmann::json::parse(related.out).size(), 1U);
    auto cleared = run({"cim", "invoke", "IPMIProv_RecordLog", "ClearLog", "InstanceID=IPMIProv:SEL"});
    ASSERT_EQ(cleared.code, kExitOk) << cleared.err;
    EXPECT_EQ(cleared.out, "ReturnValue = 0;\n");
}

TEST(CimCli, ModifyWritesAndShowsTheInstance) {
    auto result = run(
        {"cim", "modify", "IPMIProv_NumericSensor", "DeviceID=1.0.32", "--property", "UpperThresholdNonCritical=80"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    EXPECT_THAT(result.out, HasSubstr("UpperThresholdNonCritical = 80;"));
    auto refused =
        run({"cim", "modify", "IPMIProv_NumericSensor", "DeviceID=1.0.32", "--property", "UpperThresholdCritical=80"});
    EXPECT_EQ(refused.code, kExitUsage);
    EXPECT_THAT(refused.err, HasSubstr("read-only"));
    auto not_a_number = run({"cim", "modify", "IPMIProv_NumericSensor", "DeviceID=1.0.32", "--property",
                             "UpperThresholdNonCritical=eighty"});
    EXPECT_EQ(not_a_number.code, kExitUsage);
    EXPECT_THAT(not_a_number.err, HasSubstr("\"eighty\" is not a sint32"));
}

TEST(CimCli, NoSuchInstanceIsACommandFailureNotALostConnection) {
    auto result = run({"cim", "get", "IPMIProv_Sensor", "DeviceID=200.0.32"});
    EXPECT_EQ(result.code, kExitCommandFailed);
    EXPECT_THAT(result.err, HasSubstr("no IPMIProv_Sensor has those keys"));
}

TEST(CimCli, BadCommandLinesAreUsageErrors) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"cim"}, "cim needs one of classes"},
        {{"cim", "list"}, "cim needs one of classes"},
        {{"cim", "enumerate"}, "use cim enumerate CLASS"},
        {{"cim", "get", "IPMIProv_Sensor", "DeviceID"}, "key \"DeviceID\" is not NAME=VALUE"},
        {{"cim", "enumerate", "CIM_Sensor", "--format", "xml"}, "--format must be mof or json"},
        {{"cim", "get", "IPMIProv_Sensor", "--property", "A=1"}, "--property applies to cim modify only"},
        {{"cim", "modify", "IPMIProv_NumericSensor"}, "needs --property"},
        {{"cim", "get", "IPMIProv_Sensor", "--result-class", "X"}, "--result-class applies to cim associators"},
        {{"cim", "invoke", "IPMIProv_RecordLog"}, "use cim invoke CLASS METHOD"},
        {{"sel", "info", "--format", "json"}, "--format and --no-header apply to sensors, sdr list, sel list"},
        {{"sensors", "--format", "mof"}, "--format must be table, csv, json, prometheus or openmetrics"},
        {{"sensors", "--json", "--format", "csv"}, "--json and --format csv disagree"},
        {{"cim", "enumerate", "CIM_Nothing"}, "unknown class CIM_Nothing"},
    };
    for (const auto& [args, message] : cases) {
        auto result = run(args);
        EXPECT_EQ(result.code, kExitUsage) << args.back();
        EXPECT_THAT(result.err, HasSubstr(message)) << args.back();
    }
}

}  // namespace
}  // namespace ipmiprov::cli

// `ipmiprov cim` over LAN against ipmi_sim, with ipmitool as the oracle:
// numeric sensors (CurrentReading × 10^UnitModifier, thresholds), the SEL as
// CIM_LogRecord (IDs and raw bytes from Get SEL Entry), the record log's
// counts, a threshold written through modify, and ClearLog.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <regex>
#include <sstream>

#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;

class CimAgainstIpmiSim : public ::testing::Test {
protected:
    void SetUp() override { sim_ = std::make_unique<IpmiSim>(IPMIPROV_IPMISIM_FIXTURE); }
    void TearDown() override { sim_.reset(); }

    RunResult ipmiprov(const std::vector<std::string>& args) { return ipmiprov_over_lan(*sim_, cache_.path(), args); }
    json instances(const std::string& cls) {
        auto result = ipmiprov({"cim", "enumerate", cls, "--format", "json"});
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return json::parse(result.out);
    }
    RunResult ipmitool(const std::vector<std::string>& args) { return run(concat(sim_->ipmitool(), args)); }
    int sel_entries_by_ipmitool() {
        auto info = ipmitool({"sel", "info"});
        std::smatch match;
        EXPECT_TRUE(std::regex_search(info.out, match, std::regex(R"(Entries\s*:\s*(\d+))"))) << info.out;
        return match.empty() ? -1 : std::stoi(match[1]);
    }

    std::unique_ptr<IpmiSim> sim_;
    TempDir cache_{"ipmiprov-cim-cache-"};
};

double scaled(const json& properties, const char* name) {
    return properties[name].get<double>() * std::pow(10.0, properties["UnitModifier"].get<int>());
}

TEST_F(CimAgainstIpmiSim, NumericSensorsAgreeWithIpmitoolSensor) {
    auto theirs = ipmitool({"sensor"});
    ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
    const auto rows = ipmitool_sensor_rows(theirs.out);
    const auto ours = instances("CIM_NumericSensor");
    ASSERT_EQ(ours.size(), 6U) << "the fixture's six threshold sensors with full records";
    // ipmitool's columns 4..9 and our threshold properties, in the same order.
    const std::vector<const char*> thresholds{"LowerThresholdFatal",       "LowerThresholdCritical",
                                              "LowerThresholdNonCritical", "UpperThresholdNonCritical",
                                              "UpperThresholdCritical",    "UpperThresholdFatal"};
    int with_reading = 0;
    for (const auto& instance : ours) {
        const auto& p = instance["properties"];
        const auto name = p["ElementName"].get<std::string>();
        SCOPED_TRACE(name);
        ASSERT_TRUE(rows.contains(name));
        const auto& row = rows.at(name);
        if (row[1] == "na") {
            EXPECT_FALSE(p.contains("CurrentReading"));
            EXPECT_EQ(p["HealthState"], 0);
        } else {
            EXPECT_NEAR(scaled(p, "CurrentReading"), std::stod(row[1]), 1e-6);
            ++with_reading;
        }
        for (std::size_t i = 0; i < thresholds.size(); ++i) {
            if (row[4 + i] == "na") {
                EXPECT_FALSE(p.contains(thresholds[i])) << thresholds[i];
            } else {
                ASSERT_TRUE(p.contains(thresholds[i])) << thresholds[i];
                EXPECT_NEAR(scaled(p, thresholds[i]), std::stod(row[4 + i]), 1e-6) << thresholds[i];
            }
        }
    }
    EXPECT_EQ(with_reading, 5);
}

TEST_F(CimAgainstIpmiSim, HealthFollowsTheFixture) {
    const auto all = instances("CIM_Sensor");
    ASSERT_EQ(all.size(), 10U);
    std::map<std::string, json> by_name;
    for (const auto& instance : all) by_name[instance["properties"]["ElementName"]] = instance["properties"];
    EXPECT_EQ(by_name["Inlet Temp"]["CurrentState"], "Upper Non-Critical");
    EXPECT_EQ(by_name["Inlet Temp"]["HealthState"], 10);
    EXPECT_EQ(by_name["DIMM 2"]["CurrentState"], "Correctable ECC / other correctable memory error");
    EXPECT_EQ(by_name["DIMM 2"]["HealthState"], 10);
    EXPECT_EQ(by_name["DIMM 2"]["DeviceID"], "7.0.32");
    EXPECT_EQ(by_name["PS1 Status"]["CurrentState"], "Presence detected");
    EXPECT_EQ(by_name["Fan 2"]["EnabledState"], 3) << "scanning disabled";
    EXPECT_EQ(by_name["Temp Delta"]["DeviceID"], "5.1.32") << "LUN 1";
    EXPECT_EQ(by_name["Temp Delta"]["CurrentReading"], -5);
    EXPECT_EQ(by_name["12V"]["UnitModifier"], -2);
    EXPECT_EQ(by_name["12V"]["CurrentReading"], 1206);
}

// Get SEL Entry (§31.5) through ipmitool raw: the 16 bytes of one record.
std::string raw_entry_by_ipmitool(const std::vector<std::string>& ipmitool, int id) {
    auto reply = run(concat(
        ipmitool, {"raw", "0x0a", "0x43", "0", "0", std::to_string(id & 0xFF), std::to_string(id >> 8), "0", "0xff"}));
    std::istringstream in(reply.out);
    std::vector<std::string> bytes;
    for (std::string byte; in >> byte;) bytes.push_back(byte);
    if (bytes.size() != 18) return "reply: " + reply.out + reply.err;
    std::string out;
    for (std::size_t i = 2; i < bytes.size(); ++i) out += (i > 2 ? " " : "") + bytes[i];
    return out;
}

TEST_F(CimAgainstIpmiSim, LogRecordsAreTheSelAsIpmitoolSeesIt) {
    const auto records = instances("CIM_LogRecord");
    auto elist = ipmitool({"sel", "elist"});
    ASSERT_EQ(elist.exit_code, 0) << elist.err;
    const auto ids = ipmitool_ids(elist.out);
    ASSERT_EQ(records.size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        EXPECT_EQ(records[i]["properties"]["RecordID"], std::to_string(ids[i]));
    for (std::size_t i = 0; i < 3 && i < ids.size(); ++i) {
        // RecordData: *SEL(n.l.o)*ID*type*timestamp*generator*EvMRev*type*number*dir*event*d1*d2*d3*
        auto data = records[i]["properties"]["RecordData"].get<std::string>();
        std::vector<std::string> fields;
        std::istringstream in(data.substr(1));
        for (std::string field; std::getline(in, field, '*');) fields.push_back(field);
        ASSERT_EQ(fields.size(), 13U) << data;
        std::string bytes = fields[1] + " " + fields[2] + " " + fields[3] + " " + fields[4] + " " + fields[5] + " " +
                            fields[6] + " " + fields[7] + " " + fields[10] + " " + fields[11] + " " + fields[12];
        const auto theirs = raw_entry_by_ipmitool(sim_->ipmitool(), ids[i]);
        // Ours has every byte but the event dir/type byte, which RecordData splits in two.
        std::string theirs_without_byte_13;
        std::istringstream theirs_in(theirs);
        std::vector<std::string> their_bytes;
        for (std::string b; theirs_in >> b;) their_bytes.push_back(b);
        ASSERT_EQ(their_bytes.size(), 16U) << theirs;
        for (std::size_t b = 0; b < 16; ++b) {
            if (b == 12) continue;
            theirs_without_byte_13 += (theirs_without_byte_13.empty() ? "" : " ") + their_bytes[b];
        }
        std::string ours_lower = bytes;
        std::transform(ours_lower.begin(), ours_lower.end(), ours_lower.begin(), ::tolower);
        EXPECT_EQ(ours_lower, theirs_without_byte_13) << data;
        const int direction_and_type = std::stoi(their_bytes[12], nullptr, 16);
        EXPECT_EQ(fields[8], (direction_and_type & 0x80) ? "false" : "true");
        EXPECT_EQ(std::stoi(fields[9], nullptr, 16), direction_and_type & 0x7F);
    }
}

TEST_F(CimAgainstIpmiSim, RecordLogCountsAndClearLog) {
    auto log = instances("CIM_RecordLog");
    ASSERT_EQ(log.size(), 1U);
    EXPECT_EQ(log[0]["properties"]["CurrentNumberOfRecords"], sel_entries_by_ipmitool());
    auto cleared = ipmiprov({"cim", "invoke", "IPMIProv_RecordLog", "ClearLog"});
    ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
    EXPECT_EQ(cleared.out, "ReturnValue = 0;\n");
    EXPECT_EQ(sel_entries_by_ipmitool(), 0);
    EXPECT_EQ(instances("CIM_RecordLog")[0]["properties"]["CurrentNumberOfRecords"], 0);
    EXPECT_TRUE(instances("CIM_LogRecord").empty());
}

TEST_F(CimAgainstIpmiSim, ThresholdWritesLandInTheBmc) {
    auto written = ipmiprov({"cim", "modify", "IPMIProv_NumericSensor", "DeviceID=3.0.32", "--property",
                             "LowerThresholdNonCritical=1550", "--format", "json"});
    ASSERT_EQ(written.exit_code, 0) << written.err;
    EXPECT_EQ(json::parse(written.out)[0]["properties"]["LowerThresholdNonCritical"], 1550);
    auto theirs = ipmitool({"sensor", "get", "Fan 1"});
    EXPECT_NE(theirs.out.find("Lower Non-Critical    : 1550.000"), std::string::npos) << theirs.out;

    auto refused = ipmiprov(
        {"cim", "modify", "IPMIProv_NumericSensor", "DeviceID=1.0.32", "--property", "LowerThresholdNonCritical=3"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("not settable"), std::string::npos) << refused.err;
    auto not_exact = ipmiprov(
        {"cim", "modify", "IPMIProv_NumericSensor", "DeviceID=3.0.32", "--property", "LowerThresholdNonCritical=1560"});
    EXPECT_EQ(not_exact.exit_code, 2);
    EXPECT_NE(not_exact.err.find("nearest values it can hold are 1550 or 1600"), std::string::npos) << not_exact.err;
}

// ipmitool's `sensor thresh NAME LEVEL VALUE` habit (issue 20, item 5), on the
// same write path as cim modify: a value in the sensor's unit, the nearest
// raw count set, read back; ipmitool reads what landed in the BMC.
TEST_F(CimAgainstIpmiSim, SensorsThreshSetsOneThresholdAsIpmitoolsSensorThreshDoes) {
    auto set = ipmiprov({"sensor", "thresh", "Fan 1", "lnc", "1600"});
    ASSERT_EQ(set.exit_code, 0) << set.err;
    EXPECT_EQ(set.out, "Fan 1: lnc set to 1600 RPM (raw 0x20), read back from the BMC\n");
    EXPECT_NE(ipmitool({"sensor", "get", "Fan 1"}).out.find("Lower Non-Critical    : 1600.000"), std::string::npos);

    // Fan 1 counts in steps of 50 RPM: 1590 is nearest 1600, 1560 nearest 1550.
    auto rounded = ipmiprov({"sensors", "thresh", "fan 1", "lower-non-critical", "1560", "--json"});
    ASSERT_EQ(rounded.exit_code, 0) << rounded.err;
    const auto body = json::parse(rounded.out);
    EXPECT_EQ(body["requested"], 1560.0);
    EXPECT_EQ(body["value"], 1550.0);
    EXPECT_NE(ipmitool({"sensor", "get", "Fan 1"}).out.find("Lower Non-Critical    : 1550.000"), std::string::npos);
    // ipmitool given the same values leaves the same thresholds.
    ASSERT_EQ(ipmitool({"sensor", "thresh", "Fan 1", "lnc", "1600"}).exit_code, 0);
    auto ours_after_theirs = ipmiprov({"sensors", "--name", "Fan 1", "--thresholds", "--json", "--no-cache"});
    ASSERT_EQ(ours_after_theirs.exit_code, 0) << ours_after_theirs.err;
    EXPECT_EQ(json::parse(ours_after_theirs.out)[0]["thresholds"]["lnc"], 1600.0);

    auto not_settable = ipmiprov({"sensors", "thresh", "Fan 1", "ucr", "9000"});
    EXPECT_EQ(not_settable.exit_code, 1);
    EXPECT_NE(not_settable.err.find("does not let ucr be set (settable: "), std::string::npos) << not_settable.err;
    auto no_such = ipmiprov({"sensors", "thresh", "Fan 9", "lnc", "1600"});
    EXPECT_EQ(no_such.exit_code, 2);
    EXPECT_NE(no_such.err.find("no sensor named \"Fan 9\""), std::string::npos) << no_such.err;
    auto out_of_range = ipmiprov({"sensors", "thresh", "Fan 1", "lnc", "-400"});
    EXPECT_EQ(out_of_range.exit_code, 2);
    EXPECT_NE(out_of_range.err.find("cannot hold -400 RPM"), std::string::npos) << out_of_range.err;
    EXPECT_NE(ipmitool({"sensor", "get", "Fan 1"}).out.find("Lower Non-Critical    : 1600.000"), std::string::npos)
        << "refused writes change nothing";
}

}  // namespace
}  // namespace ipmiprov::testing

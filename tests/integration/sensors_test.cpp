// `ipmiprov sensors` and `sdr` over LAN against ipmi_sim: readings, units,
// thresholds and states against what tests/fixtures/ipmi_sim/bmc.emu defines,
// against ipmitool where ipmitool is right, and the number of requests.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <future>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using Thresholds = std::map<std::string, double>;  // only the ones the sensor has

struct ExpectedSensor {
    std::string name;
    int record_id;
    int lun;
    int number;
    int sensor_type_code;
    std::optional<double> reading;
    std::string unit;
    std::string status;
    Thresholds thresholds;
    std::vector<std::string> states;
};

// What bmc.emu defines, sensor by sensor (its README has the same table).
const std::vector<ExpectedSensor> kFixtureSensors{
    {"CPU Temp", 1, 0, 1, 0x01, 45.0, "degrees C", "ok", {{"unc", 80}, {"ucr", 90}, {"unr", 95}}, {}},
    {"12V", 2, 0, 2, 0x02, 12.06, "Volts", "ok", {{"lcr", 10.8}, {"ucr", 13.2}}, {}},
    {"Fan 1", 3, 0, 3, 0x04, 4850.0, "RPM", "ok", {{"lcr", 1000}, {"lnc", 1500}}, {}},
    {"PS1 Status", 4, 0, 4, 0x08, std::nullopt, "", "discrete", {}, {"Presence detected"}},
    {"Temp Delta", 5, 1, 5, 0x01, -5.0, "degrees C", "ok", {{"lcr", -10}, {"lnc", -8}}, {}},
    {"DIMM 1", 6, 0, 6, 0x0C, std::nullopt, "", "discrete", {}, {"Presence detected"}},
    {"DIMM 2",
     6,
     0,
     7,
     0x0C,
     std::nullopt,
     "",
     "discrete",
     {},
     {"Correctable ECC / other correctable memory error", "Presence detected"}},
    {"Fan 2", 7, 0, 8, 0x04, std::nullopt, "RPM", "unavailable", {{"lcr", 1000}, {"lnc", 1500}}, {}},
    {"Inlet Temp",
     8,
     0,
     10,
     0x01,
     42.0,
     "degrees C",
     "nc",
     {{"unc", 40}, {"ucr", 45}, {"unr", 50}},
     {"upper non-critical"}},
    {"Watchdog", 9, 0, 11, 0x23, std::nullopt, "", "event-only", {}, {}},
};
constexpr std::size_t kRecordCount = 9;
constexpr std::size_t kReadableSensors = 9;  // all but the event-only one

class SensorsAgainstIpmiSim : public ::testing::Test {
protected:
    static void SetUpTestSuite() { sim_ = std::make_unique<IpmiSim>(IPMIPROV_IPMISIM_FIXTURE); }
    static void TearDownTestSuite() { sim_.reset(); }

    // Every run gets its own SDR cache directory unless a test shares one.
    RunResult ipmiprov(const std::vector<std::string>& args) { return ipmiprov_over_lan(*sim_, cache_.path(), args); }
    json sensors_json(const std::vector<std::string>& extra = {}) {
        auto result = ipmiprov(concat({"sensors", "--json"}, extra));
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return json::parse(result.out);
    }

    static std::unique_ptr<IpmiSim> sim_;
    TempDir cache_{"ipmiprov-sdr-cache-"};
};

std::unique_ptr<IpmiSim> SensorsAgainstIpmiSim::sim_;

void expect_sensor(const json& ours, const ExpectedSensor& expected) {
    SCOPED_TRACE(expected.name);
    EXPECT_EQ(ours["name"], expected.name);
    EXPECT_EQ(ours["record_id"], expected.record_id);
    EXPECT_EQ(ours["owner"], 0x20);
    EXPECT_EQ(ours["lun"], expected.lun);
    EXPECT_EQ(ours["number"], expected.number);
    EXPECT_EQ(ours["sensor_type_code"], expected.sensor_type_code);
    if (expected.reading) {
        ASSERT_TRUE(ours["reading"].is_number()) << ours.dump();
        EXPECT_NEAR(ours["reading"].get<double>(), *expected.reading, 1e-6);
    } else {
        EXPECT_TRUE(ours["reading"].is_null()) << ours.dump();
    }
    if (expected.unit.empty()) {
        EXPECT_TRUE(ours["unit"].is_null()) << ours.dump();
    } else {
        EXPECT_EQ(ours["unit"], expected.unit);
    }
    EXPECT_EQ(ours["status"], expected.status);
    for (const char* name : {"lnr", "lcr", "lnc", "unc", "ucr", "unr"}) {
        const auto& value = ours["thresholds"][name];
        if (auto it = expected.thresholds.find(name); it != expected.thresholds.end()) {
            ASSERT_TRUE(value.is_number()) << name << ": " << ours.dump();
            EXPECT_NEAR(value.get<double>(), it->second, 1e-6) << name;
        } else {
            EXPECT_TRUE(value.is_null()) << name << ": " << ours.dump();
        }
    }
    EXPECT_EQ(ours["states"].get<std::vector<std::string>>(), expected.states);
}

TEST_F(SensorsAgainstIpmiSim, EverySensorAsTheFixtureDefinesIt) {
    const auto ours = sensors_json({"--no-cache"});
    ASSERT_EQ(ours.size(), kFixtureSensors.size()) << ours.dump(1);
    for (std::size_t i = 0; i < kFixtureSensors.size(); ++i) expect_sensor(ours[i], kFixtureSensors[i]);
}

TEST_F(SensorsAgainstIpmiSim, GetSensorThresholdsGivesTheSameValuesAsTheSdr) {
    const auto ours = sensors_json({"--no-cache", "--thresholds"});
    ASSERT_EQ(ours.size(), kFixtureSensors.size());
    for (std::size_t i = 0; i < kFixtureSensors.size(); ++i) expect_sensor(ours[i], kFixtureSensors[i]);
}

TEST_F(SensorsAgainstIpmiSim, ThresholdSensorsAgreeWithIpmitool) {
    auto theirs = run(concat(sim_->ipmitool(), {"sensor"}));
    ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
    const auto rows = ipmitool_sensor_rows(theirs.out);
    const auto ours = sensors_json({"--no-cache", "--thresholds"});
    int compared = 0;
    for (const auto& sensor : ours) {
        if (!sensor["reading"].is_number()) continue;
        const auto name = sensor["name"].get<std::string>();
        SCOPED_TRACE(name);
        ASSERT_TRUE(rows.contains(name));
        const auto& row = rows.at(name);
        EXPECT_NEAR(sensor["reading"].get<double>(), std::stod(row[1]), 1e-3);
        const std::vector<std::string> order{"lnr", "lcr", "lnc", "unc", "ucr", "unr"};
        for (std::size_t i = 0; i < order.size(); ++i) {
            const auto& value = sensor["thresholds"][order[i]];
            if (row[4 + i] == "na") {
                EXPECT_TRUE(value.is_null()) << order[i];
            } else {
                ASSERT_TRUE(value.is_number()) << order[i];
                EXPECT_NEAR(value.get<double>(), std::stod(row[4 + i]), 1e-3) << order[i];
            }
        }
        ++compared;
    }
    EXPECT_EQ(compared, 5);  // every sensor with a reading
}

TEST_F(SensorsAgainstIpmiSim, AWarmSweepIsOneCacheCheckAndOneReadingPerSensor) {
    auto cold = ipmiprov({"sensors"});
    ASSERT_EQ(cold.exit_code, 0) << cold.err;
    auto warm = ipmiprov({"-v", "sensors"});
    ASSERT_EQ(warm.exit_code, 0) << warm.err;
    EXPECT_EQ(requests_in_trace(warm.err), 1 + kReadableSensors) << warm.err;
    EXPECT_EQ(requests_in_trace(warm.err, "Get SDR Repository Info"), 1U);
    EXPECT_EQ(requests_in_trace(warm.err, "Get Sensor Reading"), kReadableSensors);
    EXPECT_EQ(requests_in_trace(warm.err, "Send Message"), 0U) << "LUN 1 is a field, not a bridge";
    EXPECT_EQ(requests_in_trace(warm.err, "Get Sensor Thresholds"), 0U);
    EXPECT_EQ(warm.out, cold.out) << "the cache gives the same listing";
}

TEST_F(SensorsAgainstIpmiSim, AColdReadTakesAtMostTwoPartsPerRecordOnA32ByteBmc) {
    auto cold = ipmiprov({"-v", "sensors", "--no-cache"});
    ASSERT_EQ(cold.exit_code, 0) << cold.err;
    // ipmi_sim returns at most 32 bytes per Get SDR; our records are 25-58 bytes.
    // One refused whole-record read and one refused 48-byte part, then two parts a record.
    EXPECT_LE(requests_in_trace(cold.err, "-> Get SDR (netfn"), 2 * kRecordCount + 2) << cold.err;
    EXPECT_EQ(requests_in_trace(cold.err, "Reserve SDR Repository"), 1U);
}

TEST_F(SensorsAgainstIpmiSim, FlushCacheRereadsTheRepository) {
    ASSERT_EQ(ipmiprov({"sensors"}).exit_code, 0);
    auto flushed = ipmiprov({"-v", "sensors", "--flush-cache"});
    ASSERT_EQ(flushed.exit_code, 0) << flushed.err;
    EXPECT_GE(requests_in_trace(flushed.err, "-> Get SDR (netfn"), kRecordCount);
}

TEST_F(SensorsAgainstIpmiSim, FiltersByNameTypeAndRecordId) {
    auto names = [](const json& sensors) {
        std::vector<std::string> out;
        for (const auto& sensor : sensors) out.push_back(sensor["name"]);
        return out;
    };
    EXPECT_EQ(names(sensors_json({"--name", "Fan"})), (std::vector<std::string>{"Fan 1", "Fan 2"}));
    EXPECT_EQ(names(sensors_json({"--type", "temperature"})),
              (std::vector<std::string>{"CPU Temp", "Temp Delta", "Inlet Temp"}));
    EXPECT_EQ(names(sensors_json({"--type", "0x0c"})), (std::vector<std::string>{"DIMM 1", "DIMM 2"}));
    EXPECT_EQ(names(sensors_json({"--record-id", "6", "--record-id", "9"})),
              (std::vector<std::string>{"DIMM 1", "DIMM 2", "Watchdog"}));
}

std::vector<char> file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(SensorsAgainstIpmiSim, SdrDumpIsByteForByteIpmitools) {
    TempDir dir("ipmiprov-sdr-dump-");
    const auto ours = dir.path() / "ours.bin";
    const auto theirs = dir.path() / "theirs.bin";
    auto dumped = ipmiprov({"sdr", "dump", ours.string()});
    ASSERT_EQ(dumped.exit_code, 0) << dumped.err;
    auto reference = run(concat(sim_->ipmitool(), {"sdr", "dump", theirs.string()}));
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    const auto our_bytes = file_bytes(ours);
    EXPECT_FALSE(our_bytes.empty());
    EXPECT_EQ(our_bytes, file_bytes(theirs));
}

TEST_F(SensorsAgainstIpmiSim, SdrListShowsEveryRecord) {
    auto listed = ipmiprov({"sdr", "list", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const auto records = json::parse(listed.out);
    ASSERT_TRUE(records.is_array()) << listed.out;
    EXPECT_EQ(records.size(), kRecordCount);
}

// Issue 18: agents reading the repository at once cancel each other's
// reservations (ipmi_sim returns at most 32 bytes per Get SDR, so every
// record takes a reserved second part). Each run lists every sensor or fails
// with a non-zero exit: never a short list with exit 0.
TEST_F(SensorsAgainstIpmiSim, ParallelColdReadsListEverySensorOrFail) {
    constexpr int kParallel = 6;
    constexpr int kRounds = 3;
    auto listed = ipmiprov({"sdr", "list", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    ASSERT_EQ(json::parse(listed.out).size(), kRecordCount);
    int complete = 0;
    std::string outcomes;  // "sensors listed/exit code" per run, printed for the record
    for (int round = 0; round < kRounds; ++round) {
        std::vector<std::future<RunResult>> runs;
        runs.reserve(kParallel);
        for (int i = 0; i < kParallel; ++i)
            runs.push_back(std::async(std::launch::async, [this] {
                return ipmiprov({"sensors", "--no-cache", "--json"});
            }));
        for (auto& pending : runs) {
            const auto result = pending.get();
            const auto listed_sensors = result.exit_code == 0 ? json::parse(result.out).size() : 0U;
            // Appended, not " " + std::string: a GCC 12 -Wrestrict false positive at -O3.
            outcomes.append(" ").append(std::to_string(listed_sensors)).append("/");
            outcomes.append(std::to_string(result.exit_code));
            if (result.exit_code != 0) {
                EXPECT_FALSE(result.err.empty()) << "a failed read says why";
                continue;
            }
            EXPECT_EQ(listed_sensors, kFixtureSensors.size()) << "exit 0 with a short list:\n" << result.err;
            ++complete;
        }
    }
    std::cout << "sensors listed/exit code of " << kParallel * kRounds << " runs:" << outcomes << '\n';
    EXPECT_GT(complete, 0) << "the back-off lets some of the readers finish";
}

// FreeIPMI's --output-sensor-state as the oracle of the severities, with
// where we disagree on purpose pinned (docs/severity.md), so that a change
// on either side shows here.
std::map<std::string, std::string> csv_column_by_name(const std::string& csv, const std::string& column) {
    std::map<std::string, std::string> out;
    std::istringstream in(csv);
    std::vector<std::string> header;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> cells;
        std::istringstream row(line);
        for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
        if (header.empty()) {
            header = cells;
            continue;
        }
        const auto name = std::find(header.begin(), header.end(), "Name") - header.begin();
        const auto wanted = std::find(header.begin(), header.end(), column) - header.begin();
        if (static_cast<std::size_t>(std::max(name, wanted)) < cells.size()) out[cells[name]] = cells[wanted];
    }
    return out;
}

std::string freeipmi_severity(const std::string& state) {
    static const std::map<std::string, std::string> kWords{
        {"Nominal", "nominal"}, {"Warning", "warning"}, {"Critical", "critical"}, {"N/A", "unknown"}};
    auto found = kWords.find(state);
    return found == kWords.end() ? "(" + state + ")" : found->second;
}

TEST_F(SensorsAgainstIpmiSim, SeverityAgreesWithFreeIpmisSensorStateExceptWhereWeDifferOnPurpose) {
    auto theirs_run =
        run(concat(concat({"ipmi-sensors", "--output-sensor-state", "--comma-separated-output"}, sim_->freeipmi()),
                   sim_->freeipmi_sdr_cache()));
    ASSERT_EQ(theirs_run.exit_code, 0) << theirs_run.err;
    const auto theirs = csv_column_by_name(theirs_run.out, "State");
    // FreeIPMI's defaults call a non-critical level Nominal; we call it a
    // warning, as ipmitool's "nc" and monitoring plugins do. FreeIPMI does
    // not read a sensor on LUN 1 (it asks LUN 0: N/A).
    const std::map<std::string, std::pair<std::string, std::string>> kDiffer{{"Inlet Temp", {"warning", "nominal"}},
                                                                             {"Temp Delta", {"nominal", "unknown"}}};
    std::vector<std::string> compared;
    for (const auto& sensor : sensors_json()) {
        const std::string name = sensor["name"];
        // FreeIPMI lists no event-only sensor, and a shared record once, by
        // its ID string alone ("DIMM ").
        auto found = theirs.find(name);
        if (found == theirs.end()) continue;
        compared.push_back(name);
        const auto theirs_severity = freeipmi_severity(found->second);
        if (auto differ = kDiffer.find(name); differ != kDiffer.end()) {
            EXPECT_EQ(sensor["severity"], differ->second.first) << name;
            EXPECT_EQ(theirs_severity, differ->second.second) << name;
        } else {
            EXPECT_EQ(sensor["severity"], theirs_severity) << name;
        }
    }
    EXPECT_EQ(compared,
              (std::vector<std::string>{"CPU Temp", "12V", "Fan 1", "PS1 Status", "Temp Delta", "Fan 2", "Inlet Temp"}))
        << theirs_run.out;
    // The ones that say something: a warning of our own, and one of FreeIPMI's too.
    auto problems = sensors_json({"--problems"});
    std::vector<std::string> names;
    for (const auto& sensor : problems) names.push_back(sensor["name"]);
    EXPECT_EQ(names, (std::vector<std::string>{"DIMM 2", "Inlet Temp"}));
}

}  // namespace
}  // namespace ipmiprov::testing

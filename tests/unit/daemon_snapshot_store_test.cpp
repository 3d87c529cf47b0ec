// The daemon's snapshots kept across a restart (snapshot_store.hpp), the
// versions that tell clients whether what they hold is still good, and
// "if_version" on the socket (issue 21).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "handler.hpp"
#include "single_flight.hpp"
#include "snapshot_store.hpp"
#include "state.hpp"

namespace ipmiprov::daemon {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

struct TempState {
    std::filesystem::path path = [] {
        std::string templ = (std::filesystem::temp_directory_path() / "ipmiprovd-snapshots-XXXXXX").string();
        return std::filesystem::path(::mkdtemp(templ.data()));
    }();
    ~TempState() { std::filesystem::remove_all(path); }
};

StateOptions sim_options(const std::filesystem::path& state_dir, std::vector<std::string>* log = nullptr) {
    StateOptions options;
    options.connect.sim = bridge::kBuiltinFixtureName;
    options.system_name = "host1";
    options.max_age = std::chrono::hours(1);
    options.state_dir = state_dir;
    if (log) options.log = [log](const std::string& line) { log->push_back(line); };
    return options;
}

TEST(SingleFlightVersions, ALoadOfTheSameDataKeepsTheVersionAndARestoredValueKeepsItsAge) {
    SingleFlight<int> flight([](const int& a, const int& b) { return a == b; });
    int next = 1;
    const auto load = [&]() -> bridge::Result<std::shared_ptr<const int>> { return std::make_shared<const int>(next); };
    ASSERT_TRUE(flight.get(0ms, load).ok());
    const auto first = flight.version();
    ASSERT_TRUE(flight.get(0ms, load).ok());
    EXPECT_EQ(flight.version(), first) << "the same data: the same version";
    next = 2;
    ASSERT_TRUE(flight.get(0ms, load).ok());
    EXPECT_GT(flight.version(), first);
    flight.restore(std::make_shared<const int>(7), std::chrono::minutes(5));
    EXPECT_GE(flight.age().value(), std::chrono::minutes(5));
    int loads = 0;
    const auto counted = [&]() -> bridge::Result<std::shared_ptr<const int>> {
        ++loads;
        return std::make_shared<const int>(8);
    };
    EXPECT_EQ(*flight.get(std::chrono::minutes(10), counted).value(), 7) << "within the age asked: no load";
    EXPECT_EQ(*flight.get(std::chrono::minutes(1), counted).value(), 8) << "older than asked: loaded";
    EXPECT_EQ(loads, 1);
    flight.clear();
    EXPECT_EQ(flight.current(), nullptr);
}

TEST(SnapshotStore, WhatADaemonSavedTheNextServesAtOnceWithoutTheBmc) {
    TempState dir;
    std::uint64_t requests_to_warm = 0;
    json sensors;
    {
        DaemonState state(sim_options(dir.path));
        Handler handler(state, AccessPolicy{});
        const json request{{"op", "snapshot"}, {"parts", {"device", "sdr", "readings", "sel", "sel_info"}}};
        sensors = json::parse(*handler.handle(request.dump(), Peer{1, 0, 0}));
        ASSERT_EQ(sensors["ok"], true) << sensors.dump();
        requests_to_warm = state.stats().bmc_requests;
        state.save_snapshots();
    }
    ASSERT_TRUE(std::filesystem::exists(dir.path / "snapshots.json"));
    std::vector<std::string> log;
    DaemonState state(sim_options(dir.path, &log));
    Handler handler(state, AccessPolicy{});
    const json request{{"op", "snapshot"}, {"parts", {"device", "sdr", "readings", "sel", "sel_info"}}};
    const auto again = json::parse(*handler.handle(request.dump(), Peer{1, 0, 0}));
    EXPECT_EQ(again, sensors);
    EXPECT_EQ(state.stats().bmc_requests, 0U)
        << "served from the store, not the BMC (first start: " << requests_to_warm << " requests)";
    EXPECT_THAT(log.front(), HasSubstr("restored the snapshots of"));
}

TEST(SnapshotStore, AStoreOfAnotherConnectionOrMalformedIsSetAsideAndSaid) {
    TempState dir;
    {
        DaemonState state(sim_options(dir.path));
        ASSERT_TRUE(state.sensors().ok());
        state.save_snapshots();
    }
    std::vector<std::string> log;
    auto other = sim_options(dir.path, &log);
    other.connect.sim = "/elsewhere.json";
    DaemonState elsewhere(other);
    ASSERT_FALSE(log.empty());
    EXPECT_THAT(log.front(), HasSubstr("is of sim builtin, not sim /elsewhere.json; not served"));

    std::ofstream(dir.path / "snapshots.json") << R"({"format": 1, "identity": "sim builtin", "endpoint": "x",
        "saved_at_ms": 0, "sdr": {"info": {}, "records": []}, "readings": []})";
    log.clear();
    DaemonState corrupt(sim_options(dir.path, &log));
    ASSERT_FALSE(log.empty());
    EXPECT_THAT(log.front(), HasSubstr((dir.path / "snapshots.json").string()));
    EXPECT_THAT(log.front(), HasSubstr("SDR info: \"version\""));
    EXPECT_THAT(log.front(), HasSubstr("not served"));
    EXPECT_EQ(corrupt.stats().sensors_age, std::nullopt) << "nothing served from a malformed store";
    EXPECT_FALSE(parse_snapshots("[]").ok());
    EXPECT_THAT(parse_snapshots(R"({"format": 2})").error().message, HasSubstr("not format 1"));
}

TEST(EnumerateIfVersion, UnchangedInstancesAreNotSentAgain) {
    TempState dir;
    DaemonState state(sim_options(""));
    Handler handler(state, AccessPolicy{});
    const auto call = [&](const json& request) { return json::parse(*handler.handle(request.dump(), Peer{1, 0, 0})); };
    const auto full = call({{"op", "enumerate"}, {"class", "CIM_Sensor"}});
    ASSERT_EQ(full["ok"], true);
    ASSERT_TRUE(full["version"].is_string());
    ASSERT_FALSE(full["instances"].empty());
    const auto same = call({{"op", "enumerate"}, {"class", "CIM_Sensor"}, {"if_version", full["version"]}});
    EXPECT_EQ(same, (json{{"ok", true}, {"unchanged", true}, {"version", full["version"]}}));
    const auto other = call({{"op", "enumerate"}, {"class", "CIM_Sensor"}, {"if_version", "1.1.elsewhere"}});
    EXPECT_EQ(other["instances"], full["instances"]);
    EXPECT_THAT(
        call({{"op", "enumerate"}, {"class", "CIM_Sensor"}, {"if_version", 3}})["error"]["message"].get<std::string>(),
        HasSubstr("\"if_version\" must be a string"));
}

}  // namespace
}  // namespace ipmiprov::daemon

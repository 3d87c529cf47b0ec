// ipmiprovd's parts without sockets: framing, the typed wire format, the
// single-flight cache, access rules, and the request handler over the
// simulated BMC (malformed requests, denied writes, shared BMC rounds).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <latch>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "access.hpp"
#include "bridge/daemon_client.hpp"
#include "bridge/frame.hpp"
#include "bridge/kernel_transport.hpp"
#include "bridge/sim_bmc.hpp"
#include "fake_kernel_driver.hpp"
#include "handler.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/wire.hpp"
#include "single_flight.hpp"

namespace ipmiprov::daemon {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
namespace cim = provider::cim;

// ---- framing

TEST(Frame, SplitsAndJoinsAStreamIntoPayloads) {
    auto a = bridge::encode_frame("{\"op\":\"hello\"}");
    auto b = bridge::encode_frame("");
    std::vector<std::uint8_t> stream(a);
    stream.insert(stream.end(), b.begin(), b.end());
    bridge::FrameReader reader(1024);
    auto first = reader.feed(std::span(stream).subspan(0, 3));
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(first->empty()) << "not even a whole header yet";
    auto rest = reader.feed(std::span(stream).subspan(3));
    ASSERT_TRUE(rest.ok());
    EXPECT_THAT(*rest, ::testing::ElementsAre("{\"op\":\"hello\"}", ""));
    EXPECT_EQ(reader.buffered(), 0U);
}

TEST(Frame, AnOversizedFrameIsRefusedBeforeItsBytesArrive) {
    bridge::FrameReader reader(16);
    const std::vector<std::uint8_t> header{0x7F, 0xFF, 0xFF, 0xFF};
    auto result = reader.feed(header);
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error().message, HasSubstr("2147483647 bytes is longer than the limit of 16"));
    EXPECT_FALSE(reader.feed(bridge::encode_frame("{}")).ok()) << "the stream stays failed";
}

// A CIM client reads this text when the daemon went away between requests.
TEST(Frame, WritingToADaemonThatWentAwaySaysSoForAnOperator) {
    std::array<int, 2> fds{};
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds.data()), 0);
    ::close(fds[1]);
    auto written = bridge::write_frame(fds[0], "{\"op\":\"hello\"}", std::chrono::milliseconds(1000));
    ::close(fds[0]);
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().kind, bridge::ErrorKind::Transport);
    EXPECT_THAT(written.error().message, HasSubstr("ipmiprovd closed the connection (it stopped or restarted)"));
}

// ---- the wire format

TEST(Wire, InstancesRoundTripWithTheirCimTypes) {
    cim::Instance instance{"IPMIProv_SystemDevice", "root/cimv2", {}};
    instance.set("GroupComponent", cim::Value::reference(cim::ObjectPath{
                                       "root/cimv2", "IPMIProv_ComputerSystem", {{"Name", cim::Value::string("h")}}}));
    instance.set("Count", cim::Value::u64(18446744073709551615ULL));
    instance.set("Modifier", cim::Value::s32(-3));
    instance.set("States", cim::Value::u16_array({2, 3}));
    instance.set("When", cim::Value::datetime("20261125030405.000000+000"));
    instance.set("Linear", cim::Value::boolean(true));
    const auto wire = cim::instance_to_wire(instance);
    auto back = cim::instance_from_wire(json::parse(wire.dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->class_name, instance.class_name);
    ASSERT_EQ(back->properties.size(), instance.properties.size());
    for (std::size_t i = 0; i < instance.properties.size(); ++i) {
        EXPECT_EQ(back->properties[i].first, instance.properties[i].first);
        EXPECT_TRUE(back->properties[i].second == instance.properties[i].second) << instance.properties[i].first;
    }
}

TEST(Wire, MalformedValuesAreNamed) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {R"({"class":"X","properties":[{"name":"A","type":"uint16","value":-1}]})", "expected an unsigned integer (A)"},
        {R"({"class":"X","properties":[{"name":"A","type":"uint8","value":300}]})",
         "300 is out of range for its type (A)"},
        {R"({"class":"X","properties":[{"name":"A","type":"sint8","value":-129}]})",
         "-129 is out of range for its type (A)"},
        {R"({"class":"X","properties":[{"name":"A","type":"real32","value":1e300}]})", "out of range for its type (A)"},
        {R"({"class":"X","properties":[{"name":"A","type":"blob","value":1}]})", "unknown type \"blob\""},
        {R"({"class":"X","properties":[{"type":"uint8","value":1}]})", "a property needs a \"name\""},
        {R"({"class":"X","properties":[{"name":"A","type":"string","array":true,"value":"x"}]})",
         "must be a JSON array"},
        {R"({"class":"X"})", "needs \"class\" and \"properties\""},
        {R"({"class":"X","properties":[{"name":"R","type":"ref","value":{"keys":[]}}]})", "a path needs a \"class\""},
    };
    for (const auto& [text, message] : cases) {
        auto decoded = cim::instance_from_wire(json::parse(text));
        ASSERT_FALSE(decoded.ok()) << text;
        EXPECT_THAT(decoded.error().message, HasSubstr(message)) << text;
    }
    // References nested without end are cut off, not followed.
    json deep{{"class", "X"}, {"keys", json::array()}};
    for (int i = 0; i < 10; ++i)
        deep = json{{"class", "X"}, {"keys", json::array({json{{"name", "R"}, {"type", "ref"}, {"value", deep}}})}};
    EXPECT_THAT(cim::path_from_wire(deep).error().message, HasSubstr("nested too deep"));
}

// ---- the shared load

TEST(SingleFlight, ConcurrentCallersShareOneLoad) {
    SingleFlight<int> cache;
    std::atomic<int> loads{0};
    auto slow_load = [&]() -> bridge::Result<std::shared_ptr<const int>> {
        ++loads;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return std::make_shared<const int>(42);
    };
    std::vector<std::thread> callers;
    callers.reserve(20);
    std::atomic<int> got{0};
    for (int i = 0; i < 20; ++i) {
        callers.emplace_back([&] {
            auto value = cache.get(std::chrono::seconds(10), slow_load);
            if (value.ok() && **value == 42) ++got;
        });
    }
    for (auto& t : callers) t.join();
    EXPECT_EQ(loads.load(), 1);
    EXPECT_EQ(got.load(), 20);
    EXPECT_TRUE(cache.get(std::chrono::seconds(10), slow_load).ok());
    EXPECT_EQ(loads.load(), 1) << "fresh: no load";
    EXPECT_TRUE(cache.get(std::chrono::milliseconds(0), slow_load).ok());
    EXPECT_EQ(loads.load(), 2) << "max age 0: load again";
}

TEST(SingleFlight, AFailedLoadIsTheWaitersErrorToo) {
    SingleFlight<int> cache;
    auto failing = []() -> bridge::Result<std::shared_ptr<const int>> {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return bridge::make_error(bridge::ErrorKind::Timeout, "silent BMC");
    };
    bridge::Result<std::shared_ptr<const int>> other = bridge::make_error(bridge::ErrorKind::Protocol, "unset");
    std::thread waiter([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        other = cache.get(std::chrono::seconds(1), failing);
    });
    auto mine = cache.get(std::chrono::seconds(1), failing);
    waiter.join();
    ASSERT_FALSE(mine.ok());
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().message, "silent BMC");
}

// A write that went by while a load ran: the load may hold what was before
// it, so it serves the caller that ran it but is read again next time.
TEST(SingleFlight, AnInvalidationDuringALoadLeavesItOld) {
    SingleFlight<int> cache;
    int loads = 0;
    auto load = [&]() -> bridge::Result<std::shared_ptr<const int>> {
        ++loads;
        if (loads == 1) cache.invalidate();  // as another thread's write would, mid-load
        return std::make_shared<const int>(loads);
    };
    auto first = cache.get(std::chrono::hours(1), load);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(**first, 1);
    auto second = cache.get(std::chrono::hours(1), load);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(**second, 2) << "read again: the first load was invalidated while it ran";
    EXPECT_TRUE(cache.get(std::chrono::hours(1), load).ok());
    EXPECT_EQ(loads, 2) << "the second load is fresh";
}

// ---- access

bridge::Request request(std::uint8_t netfn, std::uint8_t cmd, std::vector<std::uint8_t> data = {}) {
    bridge::Request r;
    r.netfn = netfn;
    r.cmd = cmd;
    r.data = std::move(data);
    return r;
}

TEST(Access, ReadsAreTheGetCommandsAndEverythingElseIsAWrite) {
    EXPECT_EQ(classify(request(0x0A, 0x23)), Access::Read) << "Get SDR";
    EXPECT_EQ(classify(request(0x04, 0x2D)), Access::Read) << "Get Sensor Reading";
    EXPECT_EQ(classify(request(0x0A, 0x43)), Access::Read) << "Get SEL Entry";
    EXPECT_EQ(classify(request(0x0A, 0x47)), Access::Write) << "Clear SEL";
    EXPECT_EQ(classify(request(0x04, 0x26)), Access::Write) << "Set Sensor Thresholds";
    EXPECT_EQ(classify(request(0x00, 0x02)), Access::Write) << "Chassis Control";
    EXPECT_EQ(classify(request(0x00, 0x09, {0x05, 0x00, 0x00})), Access::Read) << "Get System Boot Options";
    EXPECT_EQ(classify(request(0x00, 0x06, {0x03})), Access::Read) << "restore policy: only asks";
    EXPECT_EQ(classify(request(0x00, 0x06, {0x02})), Access::Write) << "restore policy always-on";
    EXPECT_EQ(classify(request(0x06, 0x34, {0x00, 0x2C, 0x04 << 2, 0x00, 0x81, 0x00, 0x2D, 0x01})), Access::Read)
        << "Send Message carrying Get Sensor Reading";
    EXPECT_EQ(classify(request(0x06, 0x34, {0x00, 0x2C, 0x00 << 2, 0x00, 0x81, 0x00, 0x02, 0x01})), Access::Write)
        << "Send Message carrying Chassis Control";
    EXPECT_EQ(classify(request(0x06, 0x34, {0x00})), Access::Write) << "too short to tell: a write";
    EXPECT_EQ(classify(request(0x0C, 0x02, {0x01, 0x03, 0x00, 0x00})), Access::Read) << "LAN parameter: IP address";
    EXPECT_EQ(classify(request(0x0C, 0x02, {0x01, 0x10, 0x00, 0x00})), Access::Write)
        << "LAN parameter 16, the SNMP community string: the write group's";
    EXPECT_EQ(classify(request(0x0C, 0x02, {0x01, 0xC3, 0x00, 0x00})), Access::Write) << "an OEM LAN parameter";
    EXPECT_EQ(classify(request(0x0C, 0x01, {0x01, 0x03, 192, 0, 2, 1})), Access::Write) << "Set LAN parameter";
    EXPECT_EQ(classify(request(0x06, 0x44, {0x01, 0x02})), Access::Read) << "Get User Access";
    EXPECT_EQ(classify(request(0x06, 0x46, {0x02})), Access::Read) << "Get User Name";
    EXPECT_EQ(classify(request(0x06, 0x45, {0x02})), Access::Write) << "Set User Name";
    EXPECT_EQ(classify(request(0x06, 0x47, {0x02, 0x03})), Access::Write) << "Set User Password (test too)";
}

TEST(Access, RootAlwaysOthersByGroup) {
    const Peer root{1, 0, 0};
    const Peer user{2, 4242, 4242};
    AccessPolicy none;
    EXPECT_TRUE(allowed(none, root, Access::Write));
    EXPECT_FALSE(allowed(none, user, Access::Read));
    AccessPolicy readers{4242, std::nullopt};
    EXPECT_TRUE(allowed(readers, user, Access::Read));
    EXPECT_FALSE(allowed(readers, user, Access::Write));
    AccessPolicy writers{std::nullopt, 4242};
    EXPECT_TRUE(allowed(writers, user, Access::Write));
    EXPECT_TRUE(allowed(writers, user, Access::Read)) << "who may write may read";
}

// ---- the handler over the simulated BMC

struct HandlerOnSim : ::testing::Test {
    DaemonState state{[] {
        StateOptions options;
        options.connect.sim = bridge::kBuiltinFixtureName;
        options.system_name = "host1";
        options.max_age = std::chrono::seconds(60);
        return options;
    }()};
    Handler handler{state, AccessPolicy{4242, std::nullopt}};
    const Peer root{1, 0, 0};
    const Peer reader{2, 4242, 4242};
    const Peer stranger{3, 5555, 5555};

    json call(const json& request, const Peer& peer) { return json::parse(*handler.handle(request.dump(), peer)); }
    json call_text(const std::string& text, const Peer& peer) { return json::parse(*handler.handle(text, peer)); }
};

TEST_F(HandlerOnSim, MalformedRequestsGetClearErrors) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"not json", "not a JSON object"},
        {"[1,2]", "not a JSON object"},
        {"{}", "missing \"op\""},
        {R"({"op":7})", "\"op\" must be a string"},
        {R"({"op":"explode"})", "unknown op \"explode\""},
        {R"({"op":"enumerate"})", "missing \"class\""},
        {R"({"op":"get","path":{"keys":[]}})", "a path needs a \"class\""},
        {R"({"op":"transport"})", "missing \"request\""},
        {R"({"op":"transport","request":{"netfn":64,"cmd":1,"lun":0,"data":[]}})", "\"netfn\" must be 0..63"},
        {R"({"op":"transport","request":{"netfn":6,"cmd":1,"lun":0,"data":[256]}})", "not a byte"},
        {R"({"op":"new_records","after":-1})", "must be a sequence number"},
        {R"({"op":"snapshot"})", "\"parts\" must be a list of parts"},
        {R"({"op":"snapshot","parts":["sensors"]})", "unknown snapshot part \"sensors\""},
        {R"({"op":"snapshot","parts":[1]})", "must be a list of part names"},
        {R"({"op":"snapshot","parts":["sdr"],"fresh":"yes"})", "\"fresh\" must be true or false"},
        {R"({"op":"snapshot","parts":["readings"],"only":[-1]})", "\"only\" must list sensor indices"},
        {R"({"op":"snapshot","parts":["readings"],"only":7})", "at most 64 sensor indices"},
    };
    for (const auto& [text, message] : cases) {
        const auto reply = call_text(text, root);
        EXPECT_EQ(reply["ok"], false) << text;
        EXPECT_THAT(reply["error"]["message"].get<std::string>(), HasSubstr(message)) << text;
    }
}

TEST_F(HandlerOnSim, ReadsForTheReadGroupWritesForRootOnly) {
    EXPECT_EQ(call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}}, reader)["ok"], true);
    const auto stranger_reply = call({{"op", "enumerate"}, {"class", "CIM_RecordLog"}}, stranger);
    EXPECT_EQ(stranger_reply["ok"], false);
    EXPECT_EQ(stranger_reply["error"]["kind"], "permission_denied");
    EXPECT_THAT(stranger_reply["error"]["message"].get<std::string>(), HasSubstr("uid 5555 may not read"));

    const json clear{{"op", "invoke"}, {"path", cim::path_to_wire(cim::record_log_path())}, {"method", "ClearLog"}};
    const auto denied = call(clear, reader);
    EXPECT_EQ(denied["error"]["kind"], "permission_denied");
    EXPECT_THAT(denied["error"]["message"].get<std::string>(), HasSubstr("may not invoke"));
    const json raw_clear{{"op", "transport"},
                         {"request", {{"netfn", 0x0A}, {"cmd", 0x47}, {"lun", 0}, {"data", json::array()}}}};
    EXPECT_THAT(call(raw_clear, reader)["error"]["message"].get<std::string>(),
                HasSubstr("may not send IPMI commands that change the BMC"));
    EXPECT_EQ(call(clear, root)["return_value"], 0);
    EXPECT_EQ(call({{"op", "enumerate"}, {"class", "CIM_LogRecord"}}, reader)["instances"].size(), 0U);
}

TEST_F(HandlerOnSim, ManyClientsAtOnceCostTheBmcOneRound) {
    ASSERT_EQ(call({{"op", "enumerate"}, {"class", "CIM_Sensor"}}, root)["ok"], true);
    const auto one_round = state.stats().bmc_requests;
    state.set_max_age(std::chrono::milliseconds(0));
    ASSERT_TRUE(state.refresh_sensors(std::chrono::milliseconds(0)).ok());  // one more round, alone
    const auto per_round = state.stats().bmc_requests - one_round;
    state.set_max_age(std::chrono::seconds(60));
    // Data just read: 50 concurrent enumerations cost nothing.
    std::vector<std::thread> clients;
    clients.reserve(50);
    std::atomic<int> answered{0};
    const auto before = state.stats();
    for (int i = 0; i < 50; ++i) {
        clients.emplace_back([&] {
            if (call({{"op", "enumerate"}, {"class", "CIM_NumericSensor"}}, reader)["instances"].size() == 9)
                ++answered;
        });
    }
    for (auto& c : clients) c.join();
    EXPECT_EQ(answered.load(), 50);
    EXPECT_EQ(state.stats().bmc_requests, before.bmc_requests);
    EXPECT_EQ(state.stats().sensor_loads, before.sensor_loads);
    // Stale data: a threshold write makes the readings stale whatever their
    // age, so the 50 clients that then arrive together need one round between
    // them. Those that come late find it fresh (the maximum age is 60 s):
    // exactly one load, whatever the scheduling.
    const auto definitions = state.definitions();
    ASSERT_TRUE(definitions.ok());
    const auto with_unc = std::ranges::find_if(
        **definitions, [](const auto& d) { return d.thresholds[provider::sdr::kUnc].has_value(); });
    ASSERT_NE(with_unc, (*definitions)->end());
    ASSERT_TRUE(state.write_threshold(*with_unc, provider::sdr::kUnc, *with_unc->thresholds[provider::sdr::kUnc]).ok());
    clients.clear();
    const auto stale = state.stats();
    std::latch go(50);
    for (int i = 0; i < 50; ++i) {
        clients.emplace_back([&] {
            go.arrive_and_wait();
            if (call({{"op", "enumerate"}, {"class", "CIM_NumericSensor"}}, reader)["instances"].size() == 9)
                ++answered;
        });
    }
    for (auto& c : clients) c.join();
    EXPECT_EQ(answered.load(), 100);
    EXPECT_EQ(state.stats().sensor_loads - stale.sensor_loads, 1U) << "they shared one round";
    EXPECT_EQ(state.stats().bmc_requests - stale.bmc_requests, per_round);
}

TEST_F(HandlerOnSim, NewRecordsFollowTheSel) {
    const auto start = call({{"op", "new_records"}}, reader);
    ASSERT_EQ(start["ok"], true);
    EXPECT_TRUE(start["records"].empty());
    const auto last = start["last"].get<std::uint64_t>();
    EXPECT_EQ(last, 3U);
    // Add SEL Entry through the pass-through (root).
    const json add{{"op", "transport"},
                   {"request",
                    {{"netfn", 0x0A},
                     {"cmd", 0x44},
                     {"lun", 0},
                     {"data", {0, 0, 2, 0, 0, 0, 0, 0x20, 0, 4, 8, 10, 0x6f, 0, 0xff, 0xff}}}}};
    ASSERT_EQ(call(add, root)["response"]["completion_code"], 0);
    state.set_max_age(std::chrono::milliseconds(0));
    const auto next = call({{"op", "new_records"}, {"after", last}}, reader);
    ASSERT_EQ(next["records"].size(), 1U);
    auto record = cim::instance_from_wire(next["records"][0]);
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(*record->property("RecordID")->as_string(), "4");
    EXPECT_EQ(next["last"], 4);
    EXPECT_TRUE(call({{"op", "new_records"}, {"after", 4}}, reader)["records"].empty());
}

// ---- the SEL followed through the driver's event messages

// ---- a sensor round that cannot read the SDR repository to the end (issue 18)

// The built-in machine, read in 16-byte parts (so every record needs the SDR
// reservation) and without an SDR cache: each round walks the repository.
// rival_starts(): from the 21st Get SDR on (a few records into a walk), another agent's reservations
// cancel ours on every read (C5h), as when several agents read at once.
struct HandlerOnSimUnfinishedRound : ::testing::Test {
    std::shared_ptr<bridge::sim::SimBmc> bmc = [] {
        auto fixture = bridge::sim::builtin_fixture().value();
        fixture.faults.max_read = 16;
        return std::make_shared<bridge::sim::SimBmc>(fixture);
    }();
    DaemonState state{options()};
    Handler handler{state, AccessPolicy{std::nullopt, std::nullopt}};
    const Peer root{1, 0, 0};

    StateOptions options() {
        StateOptions options;
        options.system_name = "host1";
        options.max_age = std::chrono::milliseconds(0);  // every request starts a round
        options.connector = [sim = bmc]() -> bridge::Result<bridge::Connection> {
            bridge::EngineOptions engine;
            engine.sleep = [](std::chrono::milliseconds) {};
            return bridge::Connection{
                std::make_unique<bridge::Engine>(bridge::sim::make_sim_transport(sim, "sim"), engine), sim, nullptr};
        };
        options.sdr_reader.sleep = [](std::chrono::milliseconds) {};  // the back-off, without waiting
        return options;
    }
    void rival_starts() { bmc->add_fault(bridge::sim::FaultRule{0x0A, 0x23, 0xC5, false, -1, 20}); }
    void rival_stops() { bmc->faults().rules.clear(); }
    json call(const json& request) { return json::parse(*handler.handle(request.dump(), root)); }
    json enumerate(const std::string& class_name) { return call({{"op", "enumerate"}, {"class", class_name}}); }
};

TEST_F(HandlerOnSimUnfinishedRound, TheLastCompleteSnapshotIsServedMarkedStaleNeverAShortList) {
    const std::vector<std::string> classes{"CIM_Sensor", "CIM_NumericSensor"};
    std::map<std::string, std::size_t> complete_counts;
    for (const auto& class_name : classes) {
        const auto complete = enumerate(class_name);
        ASSERT_EQ(complete["ok"], true) << complete.dump();
        EXPECT_FALSE(complete.contains("stale"));
        complete_counts[class_name] = complete["instances"].size();
    }
    const auto complete = enumerate("CIM_Sensor");
    const auto all = complete_counts["CIM_Sensor"];
    ASSERT_GT(all, 6U);

    rival_starts();
    for (const auto& class_name : classes) {
        SCOPED_TRACE(class_name);
        const auto stale = enumerate(class_name);
        ASSERT_EQ(stale["ok"], true) << stale.dump();
        EXPECT_EQ(stale["instances"].size(), complete_counts[class_name]) << "never a shorter list";
        ASSERT_TRUE(stale.contains("stale")) << "the last complete snapshot, said to be one";
        EXPECT_GE(stale["stale"]["age_ms"].get<std::int64_t>(), 0);
        EXPECT_THAT(stale["stale"]["problem"].get<std::string>(), HasSubstr("could not be read to the end"));
        EXPECT_THAT(stale["stale"]["problem"].get<std::string>(), HasSubstr("reservation cancelled"));
    }
    EXPECT_EQ(enumerate("CIM_Sensor")["instances"].size(), all);
    const auto instances = cim::instances_from_wire(complete["instances"]);
    ASSERT_TRUE(instances.ok());
    const auto one = call({{"op", "get"}, {"path", cim::path_to_wire(cim::path_of(instances->front()))}});
    EXPECT_EQ(one["ok"], true) << one.dump();
    EXPECT_TRUE(one.contains("stale")) << one.dump();
    const auto unrelated = call({{"op", "hello"}});
    EXPECT_FALSE(unrelated.contains("stale")) << "only answers built on the stale sensors say so";

    rival_stops();
    const auto renewed = enumerate("CIM_Sensor");
    ASSERT_EQ(renewed["ok"], true) << renewed.dump();
    EXPECT_FALSE(renewed.contains("stale")) << renewed.dump();
    EXPECT_EQ(renewed["instances"].size(), all);
}

TEST_F(HandlerOnSimUnfinishedRound, ASnapshotIsServedStaleButAFreshOneIsTheError) {
    const json sensors{{"op", "snapshot"}, {"parts", {"sdr", "readings"}}};
    const auto complete = call(sensors);
    ASSERT_EQ(complete["ok"], true) << complete.dump();
    const auto count = complete["readings"].size();
    ASSERT_EQ(complete["sdr"]["records"].size(), state.sensors().value()->repository->records.size());
    rival_starts();
    const auto stale = call(sensors);
    ASSERT_EQ(stale["ok"], true) << stale.dump();
    EXPECT_EQ(stale["readings"].size(), count) << "never a shorter list";
    EXPECT_THAT(stale["stale"]["problem"].get<std::string>(), HasSubstr("could not be read to the end"));
    auto fresh = sensors;
    fresh["fresh"] = true;
    const auto refused = call(fresh);
    ASSERT_EQ(refused["ok"], false) << "--fresh asked for new data: " << refused.dump();
    EXPECT_THAT(refused["error"]["message"].get<std::string>(), HasSubstr("could not be read to the end"));
}

TEST_F(HandlerOnSimUnfinishedRound, WithoutACompleteSnapshotAnUnfinishedRoundIsAnError) {
    rival_starts();
    const auto reply = enumerate("CIM_Sensor");
    ASSERT_EQ(reply["ok"], false) << "a short list passed off as the sensors: " << reply.dump();
    EXPECT_THAT(reply["error"]["message"].get<std::string>(), HasSubstr("could not be read to the end"));
    EXPECT_FALSE(state.sensors().ok());
}

TEST_F(HandlerOnSimUnfinishedRound, ABmcThatStopsAnsweringIsStillAnErrorNotAStaleSnapshot) {
    ASSERT_TRUE(state.sensors().ok());
    bmc->add_fault(bridge::sim::FaultRule{std::nullopt, std::nullopt, std::nullopt, true, -1, 0});
    const DaemonState::RequestScope scope;
    auto silent = state.sensors();
    ASSERT_FALSE(silent.ok());
    EXPECT_EQ(silent.error().kind, bridge::ErrorKind::Timeout) << silent.error().message;
    EXPECT_FALSE(DaemonState::stale_sensors_in_request());
}

TEST(DaemonEvents, ADriverEventBringsTheNewEntryWithoutWaitingForAPoll) {
    using bridge::testing_support::FakeDriver;
    using bridge::testing_support::QueuedMessage;
    using bridge::testing_support::SentMessage;
    auto bmc = std::make_shared<bridge::sim::SimBmc>(bridge::sim::builtin_fixture().value());
    auto driver = std::make_shared<FakeDriver>();
    driver->respond = [bmc](const SentMessage& sent) {
        auto reply = bmc->handle(bridge::Request{sent.netfn, sent.cmd, sent.lun, bridge::Target::bmc(), sent.data});
        if (!reply) return std::vector<QueuedMessage>{};
        std::vector<std::uint8_t> data{reply->completion_code};
        data.insert(data.end(), reply->data.begin(), reply->data.end());
        return std::vector<QueuedMessage>{{IPMI_RESPONSE_RECV_TYPE, sent.msgid, data}};
    };
    StateOptions options;
    options.system_name = "host1";
    options.max_age = std::chrono::hours(1);  // nothing is read again unless announced
    options.connector = [driver]() -> bridge::Result<bridge::Connection> {
        auto transport = bridge::open_kernel_transport(bridge::KernelDevice{"/dev/ipmi0", 0}, driver, "/nonexistent");
        if (!transport.ok()) return transport.error();
        return bridge::Connection{std::make_unique<bridge::Engine>(std::move(*transport), bridge::EngineOptions{}),
                                  nullptr, nullptr};
    };
    DaemonState state(options);
    auto before = state.sel_view(std::chrono::hours(1));
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_TRUE(state.events_delivered());
    EXPECT_EQ(driver->gets_events, 1);
    EXPECT_EQ((*before)->snapshot.entries.size(), 3U);
    auto nothing = state.wait_for_event(std::chrono::milliseconds(1));
    ASSERT_TRUE(nothing.ok());
    EXPECT_FALSE(*nothing);

    // PS1 Status failure: into the SEL, and announced by the driver.
    const std::array<std::uint8_t, 16> entry{0, 0, 2, 0, 0, 0, 0, 0x20, 0, 4, 0x08, 0x0A, 0x6F, 0x01, 0xFF, 0xFF};
    bmc->add_sel_entry(entry);
    driver->queue.push_back({IPMI_ASYNC_EVENT_RECV_TYPE, 0, {entry.begin() + 3, entry.end()}});
    auto announced = state.wait_for_event(std::chrono::milliseconds(200));
    ASSERT_TRUE(announced.ok());
    ASSERT_TRUE(*announced);
    ASSERT_TRUE(state.follow_sel(std::chrono::milliseconds(0)).ok());
    auto after = state.sel_view(std::chrono::hours(1));
    ASSERT_TRUE(after.ok());
    EXPECT_EQ((*after)->snapshot.entries.size(), 4U);
    EXPECT_EQ((*after)->last_sequence, 4U);
}

}  // namespace
}  // namespace ipmiprov::daemon

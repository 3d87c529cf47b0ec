// `sel add` (issue 22, part 3): the OS events of Table 42-3 as a Platform
// Event Message, the fallback to Add SEL Entry where the BMC refuses it
// (the simulated BMC and a GoogleMock BMC), and the command line that checks
// a kind and a raw record before anything is sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "cli_runner.hpp"
#include "exit_codes.hpp"
#include "provider/sel/os_event.hpp"
#include "provider/sel/reader.hpp"

namespace ipmiprov::provider::sel {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Return;

// Table 42-3: the kinds, their sensor types and offsets.
TEST(OsEventKinds, AsTable42_3DefinesThem) {
    const std::vector<std::tuple<std::string, int, int>> expected{{"boot-completed", 0x1F, 0x01},
                                                                  {"graceful-shutdown", 0x20, 0x03},
                                                                  {"graceful-stop", 0x20, 0x02},
                                                                  {"critical-stop", 0x20, 0x01},
                                                                  {"critical-stop-during-load", 0x20, 0x00}};
    ASSERT_EQ(os_event_kinds().size(), expected.size());
    for (const auto& [name, type, offset] : expected) {
        const auto kind = find_os_event(name);
        ASSERT_TRUE(kind) << name;
        EXPECT_EQ(kind->sensor_type, type) << name;
        EXPECT_EQ(kind->offset, offset) << name;
    }
    EXPECT_FALSE(find_os_event("boot"));
    EXPECT_FALSE(find_os_event(""));
    EXPECT_EQ(os_event_names(),
              "boot-completed, graceful-shutdown, graceful-stop, critical-stop, critical-stop-during-load");
}

// §29.3: the generator ID leads the request over the system interface only.
TEST(OsEventKinds, PlatformEventDataAndRecord) {
    const auto shutdown = *find_os_event("graceful-shutdown");
    EXPECT_EQ(platform_event_data(shutdown, true),
              (std::vector<std::uint8_t>{0x41, 0x04, 0x20, 0x00, 0x6F, 0x03, 0xFF, 0xFF}));
    EXPECT_EQ(platform_event_data(shutdown, false),
              (std::vector<std::uint8_t>{0x04, 0x20, 0x00, 0x6F, 0x03, 0xFF, 0xFF}));
    const auto record = os_event_record(*find_os_event("boot-completed"), 0x65536F10);
    EXPECT_EQ(record, (RawEntry{0x00, 0x00, 0x02, 0x10, 0x6F, 0x53, 0x65, 0x41, 0x00, 0x04, 0x1F, 0x00, 0x6F, 0x01,
                                0xFF, 0xFF}));
    auto decoded = decode_entry(record);
    ASSERT_TRUE(decoded.ok());
    const auto& event = std::get<SystemEvent>(decoded->body);
    EXPECT_TRUE(event.generator.is_software());
    EXPECT_EQ(event.timestamp.raw, 0x65536F10U);
    EXPECT_EQ(event.offset(), 0x01);
    EXPECT_TRUE(is_system_interface("kernel /dev/ipmi0 (kcs)"));
    EXPECT_FALSE(is_system_interface("lan 127.0.0.1:623 (RMCP+)"));
    EXPECT_FALSE(is_system_interface("sim builtin"));
}

// The simulated BMC has no Platform Event Message (C1h, as ipmi_sim on
// every channel): the record goes in with Add SEL Entry, under the ID it gives.
TEST(AddOsEvent, FallsBackToAddSelEntryWhenTheBmcRefusesThePlatformEvent) {
    bridge::sim::Fixture fixture;
    fixture.sel.capacity = 16;
    auto bmc = std::make_shared<bridge::sim::SimBmc>(fixture);
    bridge::Engine engine(bridge::sim::make_sim_transport(bmc, "sim"), {});
    auto added = add_os_event(engine, *find_os_event("graceful-shutdown"), 0x65000000);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_FALSE(added->platform_event);
    EXPECT_EQ(added->refused_with, std::optional<std::uint8_t>(0xC1));
    ASSERT_TRUE(added->record_id);
    SelReader reader(engine);
    auto entry = reader.entry(*added->record_id);
    ASSERT_TRUE(entry.ok()) << entry.error().message;
    const auto& event = std::get<SystemEvent>(entry->body);
    EXPECT_EQ(event.sensor_type, 0x20);
    EXPECT_EQ(event.offset(), 0x03);
    EXPECT_EQ(event.event_reading_type, 0x6F);
    EXPECT_EQ(event.generator.raw, 0x0041);
}

class MockTransport : public bridge::Transport {
public:
    MOCK_METHOD(bridge::Result<bridge::Response>, exchange, (const bridge::Request&, std::chrono::milliseconds),
                (override));
    MOCK_METHOD(std::string, description, (), (const, override));
};

struct AddOsEventOnMock : ::testing::Test {
    MockTransport* transport = nullptr;
    std::unique_ptr<bridge::Engine> engine;
    void make(const std::string& description) {
        auto owned = std::make_unique<MockTransport>();
        transport = owned.get();
        ON_CALL(*transport, description()).WillByDefault(Return(description));
        bridge::EngineOptions options;
        options.retries = 0;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(std::move(owned), options);
    }
    static bool is(const bridge::Request& request, std::uint8_t netfn, std::uint8_t cmd) {
        return request.netfn == netfn && request.cmd == cmd;
    }
};

// A BMC that takes the Platform Event Message: one request, nothing added by hand.
TEST_F(AddOsEventOnMock, APlatformEventTheBmcTakesIsOneRequest) {
    make("kernel /dev/ipmi0 (kcs)");
    std::vector<bridge::Request> sent;
    EXPECT_CALL(*transport, exchange(_, _)).WillOnce([&](const bridge::Request& request, auto) {
        sent.push_back(request);
        return bridge::Result<bridge::Response>(bridge::Response{0x00, {}});
    });
    auto added = add_os_event(*engine, *find_os_event("boot-completed"), 0);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_TRUE(added->platform_event);
    EXPECT_FALSE(added->refused_with);
    EXPECT_FALSE(added->record_id);
    ASSERT_EQ(sent.size(), 1U);
    EXPECT_TRUE(is(sent[0], 0x04, 0x02));
    EXPECT_EQ(sent[0].data, (std::vector<std::uint8_t>{0x41, 0x04, 0x1F, 0x00, 0x6F, 0x01, 0xFF, 0xFF}));
}

// Both refused: the error names the platform event's code and Add SEL Entry's.
TEST_F(AddOsEventOnMock, BothRefusalsAreNamed) {
    make("lan 10.0.0.9:623 (RMCP+)");
    EXPECT_CALL(*transport, exchange(_, _)).WillRepeatedly([&](const bridge::Request& request, auto) {
        if (is(request, 0x04, 0x02)) {
            EXPECT_EQ(request.data.front(), 0x04) << "no generator ID over LAN";
            return bridge::Result<bridge::Response>(bridge::Response{0xCC, {}});
        }
        EXPECT_TRUE(is(request, 0x0A, 0x44));
        EXPECT_EQ(request.data.size(), 16U);
        return bridge::Result<bridge::Response>(bridge::Response{0xD4, {}});
    });
    auto added = add_os_event(*engine, *find_os_event("critical-stop"), 0);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().kind, bridge::ErrorKind::CompletionCode);
    EXPECT_THAT(added.error().message, HasSubstr("the BMC refused the Platform Event Message (completion code CCh"));
    EXPECT_THAT(added.error().message, HasSubstr("and Add SEL Entry: "));
    EXPECT_THAT(added.error().message, HasSubstr("completion code 0xD4"));
}

// A code that is no refusal of the message as such (here: insufficient
// privilege; a busy BMC alike) is an error, with no Add SEL Entry: the BMC
// may have logged the event, which must not be there twice.
TEST_F(AddOsEventOnMock, AnotherCodeIsAnErrorWithoutAFallback) {
    make("kernel /dev/ipmi0 (kcs)");
    EXPECT_CALL(*transport, exchange(_, _))
        .WillOnce(Return(bridge::Result<bridge::Response>(bridge::Response{0xD4, {}})));
    auto added = add_os_event(*engine, *find_os_event("boot-completed"), 0);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().completion_code, 0xD4);
    EXPECT_THAT(added.error().message, HasSubstr("no SEL entry was added in its place"));
    for (const int code : {0xC1, 0xC7, 0xC9, 0xCC, 0xD5})
        EXPECT_TRUE(refuses_platform_events(static_cast<std::uint8_t>(code))) << code;
    for (const int code : {0x00, 0xC0, 0xC3, 0xD4, 0xFF})
        EXPECT_FALSE(refuses_platform_events(static_cast<std::uint8_t>(code))) << code;
}

// A BMC that does not answer gets no second command.
TEST_F(AddOsEventOnMock, NoAnswerIsAnErrorWithoutAFallback) {
    make("lan 10.0.0.9:623 (RMCP+)");
    EXPECT_CALL(*transport, exchange(_, _))
        .WillOnce(Return(bridge::Result<bridge::Response>(bridge::make_error(bridge::ErrorKind::Timeout, "no reply"))));
    auto added = add_os_event(*engine, *find_os_event("graceful-stop"), 0);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().kind, bridge::ErrorKind::Timeout);
}

}  // namespace
}  // namespace ipmiprov::provider::sel

namespace ipmiprov::cli {
namespace {

// On the simulated BMC, which refuses the Platform Event Message (C1h).
TEST(SelAddCli, AnOsEventFallsBackAndPrintsTheRecordId) {
    auto added = run_ipmiprov({"--sim", "builtin", "sel", "add", "--os-event", "boot-completed"});
    ASSERT_EQ(added.code, kExitOk) << added.err;
    EXPECT_EQ(added.out,
              "boot-completed (Base OS Boot / Installation Status: C: boot completed) added as record 0x0004 with "
              "Add SEL Entry: the BMC refused the Platform Event Message (completion code C1h, invalid command)\n");
    auto json = run_ipmiprov({"--sim", "builtin", "sel", "add", "--os-event", "graceful-shutdown", "--json"});
    ASSERT_EQ(json.code, kExitOk) << json.err;
    const auto parsed = nlohmann::json::parse(json.out);
    EXPECT_EQ(parsed["os_event"], "graceful-shutdown");
    EXPECT_EQ(parsed["sensor_type_code"], 0x20);
    EXPECT_EQ(parsed["offset"], 3);
    EXPECT_EQ(parsed["event"], "OS Stop / Shutdown: OS Graceful Shutdown");
    EXPECT_EQ(parsed["method"], "add_sel_entry");
    EXPECT_EQ(parsed["refused_completion_code"], 0xC1);
    EXPECT_EQ(parsed["record_id"], 4);
}

TEST(SelAddCli, ARawRecordInEitherSpelling) {
    const std::vector<std::string> bytes{"00", "00", "02", "00", "00", "00", "00", "0x41",
                                         "00", "04", "20", "00", "6f", "03", "ff", "ff"};
    std::vector<std::string> args{"--sim", "builtin", "sel", "add", "--raw"};
    args.insert(args.end(), bytes.begin(), bytes.end());
    auto words = run_ipmiprov(args);
    ASSERT_EQ(words.code, kExitOk) << words.err;
    EXPECT_EQ(words.out, "added the record as 0x0004\n");
    auto one = run_ipmiprov(
        {"--sim", "builtin", "sel", "add", "--raw", "00 00 02 00 00 00 00 41 00 04 20 00 6f 03 ff ff", "--json"});
    ASSERT_EQ(one.code, kExitOk) << one.err;
    EXPECT_EQ(nlohmann::json::parse(one.out)["record_id"], 4);
}

// Refused before anything is sent: the device does not exist, and a
// command that tried it would be exit 3, not 2.
TEST(SelAddCli, BadArgumentsAreRefusedBeforeConnecting) {
    const std::vector<std::string> device{"--device", "/nonexistent/ipmi0"};
    const auto refused = [&](std::vector<std::string> args, const std::string& message) {
        args.insert(args.begin(), device.begin(), device.end());
        auto result = run_ipmiprov(args);
        EXPECT_EQ(result.code, kExitUsage) << result.err;
        EXPECT_EQ(result.err, "ipmiprov: " + message + "\n");
    };
    refused({"sel", "add", "--os-event", "reboot"},
            "--os-event \"reboot\" is none of boot-completed, graceful-shutdown, graceful-stop, critical-stop, "
            "critical-stop-during-load");
    refused({"sel", "add"},
            "sel add needs --os-event KIND or --raw BYTES (one of them; the kinds are boot-completed, "
            "graceful-shutdown, graceful-stop, critical-stop, critical-stop-during-load)");
    refused({"sel", "add", "--os-event", "boot-completed", "--raw", "00"},
            "sel add needs --os-event KIND or --raw BYTES (one of them; the kinds are boot-completed, "
            "graceful-shutdown, graceful-stop, critical-stop, critical-stop-during-load)");
    refused({"sel", "add", "--raw", "00 00 02 00 00 00 00 41 00 04 20 00 6f 03 ff"},
            "--raw needs the 16 bytes of a whole SEL record (§32), not 15");
    refused({"sel", "add", "--raw", "00 00 02 00 00 00 00 41 00 04 20 00 6f 03 ff ff 00"},
            "--raw needs the 16 bytes of a whole SEL record (§32), not 17");
    refused({"sel", "add", "--raw", "00 00 02 00 00 00 00 41 00 04 20 00 6f 03 ff fff"},
            "--raw byte 16 \"fff\" is not a byte in hex (00..ff, 0x optional)");
    refused({"sel", "add", "--raw", "00 00 01 00 00 00 00 41 00 04 20 00 6f 03 ff ff"},
            "--raw: record type 01h (byte 3) is none the spec defines (02h, C0h-FFh)");
    refused({"sel", "list", "--os-event", "boot-completed"}, "--os-event and --raw apply to sel add only");
    refused({"sel", "add", "extra", "--os-event", "boot-completed"}, "sel add takes no arguments");
}

// The shipped unit (tools/daemon/ipmiprov-os-events.service.in, the
// template CMake fills in with the install paths): its ExecStart and
// ExecStop are command lines our parser takes, adding the kinds meant.
TEST(OsEventsUnit, ItsCommandLinesParseAsSelAdd) {
    std::ifstream unit(std::filesystem::path(IPMIPROV_TEST_FIXTURES) / ".." / ".." / "tools" / "daemon" /
                       "ipmiprov-os-events.service.in");
    ASSERT_TRUE(unit.good());
    std::map<std::string, std::vector<std::string>> commands;
    for (std::string line; std::getline(unit, line);) {
        for (const std::string key : {"ExecStart=", "ExecStop="}) {
            if (!line.starts_with(key)) continue;
            std::istringstream words(line.substr(key.size()));
            for (std::string word; words >> word;) commands[key].push_back(word);
            // "-": a failed boot event must not fail the unit, or its ExecStop would not run.
            const bool ignores_failure = commands[key].front().starts_with("-");
            EXPECT_EQ(ignores_failure, key == "ExecStart=") << line;
            if (ignores_failure) commands[key].front().erase(0, 1);
        }
    }
    const std::map<std::string, std::string> expected{{"ExecStart=", "boot-completed"},
                                                      {"ExecStop=", "graceful-shutdown"}};
    ASSERT_EQ(commands.size(), expected.size());
    for (const auto& [key, kind] : expected) {
        const auto& argv = commands[key];
        ASSERT_FALSE(argv.empty()) << key;
        EXPECT_TRUE(argv.front().ends_with("/ipmiprov")) << argv.front();
        auto parsed = parse_command_line(argv, [](const char*) { return std::optional<std::string>{}; });
        ASSERT_TRUE(parsed.ok()) << key << parsed.error().message;
        EXPECT_EQ(parsed->action, ParsedCommandLine::Action::Run);
        EXPECT_EQ(parsed->options.command, "sel");
        EXPECT_EQ(parsed->options.args, std::vector<std::string>{"add"});
        EXPECT_EQ(parsed->options.os_event, std::optional<std::string>(kind)) << key;
    }
}

}  // namespace
}  // namespace ipmiprov::cli

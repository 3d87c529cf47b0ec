// The chassis (issue 23): the §28 decoders and requests, the operations on
// the simulated BMC and on a mock (a control request is sent once), the
// `chassis` command line (checked before anything is sent), and the
// daemon's audit records of what clients change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit.hpp"
#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/sim_chassis.hpp"
#include "cli_runner.hpp"
#include "exit_codes.hpp"
#include "handler.hpp"
#include "provider/chassis/chassis.hpp"
#include "provider/chassis/control.hpp"
#include "provider/cim/indicator.hpp"
#include "provider/cim/power.hpp"
#include "provider/cim/wire.hpp"

namespace ipmiprov::provider::chassis {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using Bytes = std::vector<std::uint8_t>;

// ---- decoders (§28.2, §28.11, §28.14, §28.13)

TEST(ChassisStatusDecoder, EachBitOfTheThreeBytes) {
    auto status = decode_chassis_status(Bytes{0x5F, 0x1F, 0x6F});
    ASSERT_TRUE(status.ok()) << status.error().message;
    EXPECT_TRUE(status->power_on);
    EXPECT_TRUE(status->power_overload);
    EXPECT_TRUE(status->power_interlock);
    EXPECT_TRUE(status->main_power_fault);
    EXPECT_TRUE(status->power_control_fault);
    EXPECT_EQ(status->restore_policy, RestorePolicy::AlwaysOn);  // bits 6:5 = 10b
    EXPECT_EQ(last_power_event_names(*status),
              (std::vector<std::string>{"ac-failed", "overload", "interlock", "power-fault", "on-by-command"}));
    EXPECT_TRUE(status->intrusion);
    EXPECT_TRUE(status->front_panel_lockout);
    EXPECT_TRUE(status->drive_fault);
    EXPECT_TRUE(status->cooling_fault);
    ASSERT_TRUE(status->identify);
    EXPECT_EQ(*status->identify, IdentifyState::Indefinite);  // bits 5:4 = 10b, bit 6 set
    EXPECT_FALSE(status->buttons) << "byte 4 is optional";

    auto quiet = decode_chassis_status(Bytes{0x20, 0x00, 0x20});
    ASSERT_TRUE(quiet.ok());
    EXPECT_FALSE(quiet->power_on);
    EXPECT_EQ(quiet->restore_policy, RestorePolicy::Previous);
    EXPECT_TRUE(last_power_event_names(*quiet).empty());
    EXPECT_FALSE(quiet->identify) << "bits 5:4 mean nothing without bit 6";
}

TEST(ChassisStatusDecoder, FrontPanelButtonsAndShortReplies) {
    auto status = decode_chassis_status(Bytes{0x01, 0x00, 0x00, 0x92});  // 1001 0010b
    ASSERT_TRUE(status.ok());
    ASSERT_TRUE(status->buttons);
    EXPECT_EQ(status->buttons->reset, (PanelButton{true, false}));
    EXPECT_EQ(status->buttons->power_off, (PanelButton{false, true}));
    EXPECT_EQ(status->buttons->standby, (PanelButton{false, true}));
    EXPECT_EQ(status->buttons->diagnostic_interrupt, (PanelButton{false, false}));
    auto short_reply = decode_chassis_status(Bytes{0x01, 0x00});
    ASSERT_FALSE(short_reply.ok());
    EXPECT_EQ(short_reply.error().kind, bridge::ErrorKind::Protocol);
    EXPECT_THAT(short_reply.error().message, HasSubstr("Get Chassis Status: the reply has 2 data bytes, at least 3"));
}

TEST(ChassisDecoders, RestartCausePohAndBootFlags) {
    auto cause = decode_restart_cause(Bytes{0xF1, 0x01});
    ASSERT_TRUE(cause.ok());
    EXPECT_EQ(cause->code, 1);
    EXPECT_EQ(cause->text(), "chassis control command");
    EXPECT_EQ(cause->channel, 1);
    EXPECT_EQ((RestartCause{0x0B, 0}).text(), "power-up via RTC wakeup");
    EXPECT_EQ((RestartCause{0x0C, 0}).text(), "reserved (0Ch)");
    EXPECT_FALSE(decode_restart_cause(Bytes{}).ok());

    auto poh = decode_poh_counter(Bytes{60, 0xD2, 0x04, 0x00, 0x00});
    ASSERT_TRUE(poh.ok());
    EXPECT_EQ(poh->counter, 1234U);
    EXPECT_EQ(poh->minutes(), 1234U * 60);
    EXPECT_FALSE(decode_poh_counter(Bytes{60, 1, 2, 3}).ok());

    auto flags = decode_boot_flags(Bytes{0x01, 0x05, 0xE0, 0x04, 0x00, 0x00, 0x00});
    ASSERT_TRUE(flags.ok());
    EXPECT_TRUE(flags->valid);
    EXPECT_TRUE(flags->persistent);
    EXPECT_TRUE(flags->efi);
    EXPECT_EQ(flags->device_name(), "pxe");
    EXPECT_EQ((BootFlags{true, false, false, 0x0A}).device_name(), "selector 0Ah");
    auto other = decode_boot_flags(Bytes{0x01, 0x04, 0x00, 0x00});
    ASSERT_FALSE(other.ok());
    EXPECT_THAT(other.error().message, HasSubstr("asked for parameter 5, the reply is for 4"));
}

// ---- requests (§28.3, §28.5, §28.8, §28.12)

TEST(ChassisRequests, AsTheSpecLaysThemOut) {
    const std::vector<std::pair<std::string, std::uint8_t>> actions{{"off", 0},   {"on", 1},   {"cycle", 2},
                                                                    {"reset", 3}, {"diag", 4}, {"soft", 5}};
    for (const auto& [name, code] : actions) {
        const auto request = control_request(*find_control_action(name));
        EXPECT_EQ(request.netfn, 0x00);
        EXPECT_EQ(request.cmd, 0x02);
        EXPECT_EQ(request.data, Bytes{code}) << name;
    }
    EXPECT_FALSE(find_control_action("explode"));
    EXPECT_EQ(identify_request({}).data, Bytes{});
    EXPECT_EQ(identify_request({std::uint8_t{60}, false}).data, Bytes{60});
    EXPECT_EQ(identify_request({std::uint8_t{0}, false}).data, Bytes{0});
    EXPECT_EQ(identify_request({std::nullopt, true}).data, (Bytes{0x00, 0x01}));
    EXPECT_EQ(restore_policy_request(RestorePolicy::Previous).data, Bytes{0x01});
    EXPECT_EQ(restore_policy_request(RestorePolicy::Unknown).data, Bytes{0x03}) << "03h asks, changes nothing";
    auto supported = decode_supported_policies(Bytes{0x05});
    ASSERT_TRUE(supported.ok());
    EXPECT_EQ(*supported, (std::vector<RestorePolicy>{RestorePolicy::AlwaysOff, RestorePolicy::AlwaysOn}));
    EXPECT_FALSE(decode_supported_policies(Bytes{}).ok()) << "an empty reply names no policy";
    const auto boot = boot_flags_request({true, true, true, find_boot_device("cdrom")->selector});
    EXPECT_EQ(boot.cmd, 0x08);
    EXPECT_EQ(boot.data, (Bytes{0x05, 0xE0, 0x14, 0x00, 0x00, 0x00}));
    EXPECT_EQ(boot_flags_request({true, false, false, find_boot_device("disk")->selector}).data,
              (Bytes{0x05, 0x80, 0x08, 0x00, 0x00, 0x00}));
    EXPECT_EQ(get_boot_flags_request().data, (Bytes{0x05, 0x00, 0x00}));
    EXPECT_EQ(find_restore_policy("always-on"), RestorePolicy::AlwaysOn);
    EXPECT_FALSE(find_restore_policy("unknown")) << "not a policy one can set";
}

TEST(ChassisRequests, DescribedForTheAuditLog) {
    const auto with = [](std::uint8_t cmd, Bytes data) {
        return describe_control(bridge::Request{0x00, cmd, 0, bridge::Target::bmc(), std::move(data)});
    };
    EXPECT_EQ(with(0x02, {0x02}), "Chassis Control: power cycle");
    EXPECT_EQ(with(0x02, {0x09}), "Chassis Control: action 09h");
    EXPECT_EQ(with(0x04, {}), "Chassis Identify: on for the default 15 s");
    EXPECT_EQ(with(0x04, {0x00, 0x01}), "Chassis Identify: on until turned off");
    EXPECT_EQ(with(0x04, {0x00}), "Chassis Identify: off");
    EXPECT_EQ(with(0x06, {0x02}), "Set Power Restore Policy: always-on");
    EXPECT_EQ(with(0x08, {0x05, 0xC0, 0x04, 0, 0, 0}), "Set System Boot Options: boot device pxe, every boot");
    EXPECT_EQ(with(0x08, {0x04, 0x01, 0x01}), "Set System Boot Options: boot info acknowledge");
    EXPECT_EQ(with(0x08, {0x03, 0x00}), "Set System Boot Options: parameter 3");
    EXPECT_FALSE(with(0x01, {}));
    EXPECT_FALSE(describe_control(bridge::Request{0x0A, 0x47, 0, bridge::Target::bmc(), {}}));
}

// ---- over the simulated BMC

struct ChassisOnSim : ::testing::Test {
    std::shared_ptr<bridge::sim::SimBmc> bmc = std::make_shared<bridge::sim::SimBmc>(*bridge::sim::builtin_fixture());
    bridge::Engine engine{bridge::sim::make_sim_transport(bmc, "sim"), {}};
};

TEST_F(ChassisOnSim, ControlActionsTakeEffect) {
    auto before = read_report(engine);
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_TRUE(before->status.power_on);
    EXPECT_TRUE(before->notes.empty()) << before->notes.front();
    ASSERT_TRUE(before->power_on_hours);
    EXPECT_EQ(before->power_on_hours->minutes() / 60, 1234U);

    ASSERT_TRUE(send_control(engine, *find_control_action("off")).ok());
    EXPECT_FALSE(bmc->chassis().power_on);
    auto off = read_status(engine);
    ASSERT_TRUE(off.ok());
    EXPECT_FALSE(off->power_on);
    ASSERT_TRUE(send_control(engine, *find_control_action("on")).ok());
    auto after = read_report(engine);
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(after->status.power_on);
    EXPECT_TRUE(after->status.last_on_by_command);
    ASSERT_TRUE(after->restart_cause);
    EXPECT_EQ(after->restart_cause->code, 1);

    ASSERT_TRUE(identify(engine, {std::uint8_t{30}, false}).ok());
    EXPECT_EQ(bmc->chassis().identify_seconds, 30);
    auto temporary = read_status(engine);
    ASSERT_TRUE(temporary.ok());
    EXPECT_EQ(temporary->identify, IdentifyState::Temporary);
    ASSERT_TRUE(identify(engine, {std::nullopt, true}).ok());
    auto indefinite = read_status(engine);
    ASSERT_TRUE(indefinite.ok());
    EXPECT_EQ(indefinite->identify, IdentifyState::Indefinite);

    auto supported = set_restore_policy(engine, RestorePolicy::Previous);
    ASSERT_TRUE(supported.ok()) << supported.error().message;
    EXPECT_EQ(supported->size(), 3U);
    auto previous = read_status(engine);
    ASSERT_TRUE(previous.ok());
    EXPECT_EQ(previous->restore_policy, RestorePolicy::Previous);

    ASSERT_TRUE(set_boot_flags(engine, {true, false, true, find_boot_device("pxe")->selector}).ok());
    auto boot = read_report(engine);
    ASSERT_TRUE(boot.ok());
    ASSERT_TRUE(boot->boot_flags);
    EXPECT_EQ(boot->boot_flags->device_name(), "pxe");
    EXPECT_TRUE(boot->boot_flags->efi);
    EXPECT_FALSE(boot->boot_flags->persistent);
}

// What the BMC does not support leaves a note, not a failure.
TEST_F(ChassisOnSim, UnsupportedPartsAreNotes) {
    bmc->add_fault({0x00, 0x0F, 0xC1, false, -1, 0, false});
    bmc->add_fault({0x00, 0x07, 0xC1, false, -1, 0, false});
    auto report = read_report(engine);
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(report->power_on_hours);
    EXPECT_FALSE(report->restart_cause);
    ASSERT_EQ(report->notes.size(), 2U);
    EXPECT_THAT(report->notes[0], HasSubstr("Get System Restart Cause"));
    EXPECT_THAT(report->notes[1], HasSubstr("Get POH Counter"));
    EXPECT_THAT(report->notes[1], HasSubstr("completion code 0xC1 (invalid command)"));
}

// ---- sent once: a lost reply is not followed by a second power cycle

class MockTransport : public bridge::Transport {
public:
    MOCK_METHOD(bridge::Result<bridge::Response>, exchange, (const bridge::Request&, std::chrono::milliseconds),
                (override));
    MOCK_METHOD(std::string, description, (), (const, override));
};

struct ChassisOnMock : ::testing::Test {
    MockTransport* transport = nullptr;
    std::unique_ptr<bridge::Engine> engine;
    ChassisOnMock() {
        auto owned = std::make_unique<MockTransport>();
        transport = owned.get();
        bridge::EngineOptions options;
        options.retries = 3;
        options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(std::move(owned), options);
    }
};

TEST_F(ChassisOnMock, ATimeoutIsNotSentAgain) {
    EXPECT_CALL(*transport, exchange(_, _)).Times(1).WillOnce([](auto&&...) {
        return bridge::Result<bridge::Response>(bridge::Error{bridge::ErrorKind::Timeout, "no reply"});
    });
    auto sent = send_control(*engine, *find_control_action("cycle"));
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().kind, bridge::ErrorKind::Timeout);
    EXPECT_THAT(sent.error().message, HasSubstr("not sent again: the BMC may have done it"));
}

TEST_F(ChassisOnMock, BusyIsTriedAgainButATimeoutCodeIsNot) {
    int calls = 0;
    EXPECT_CALL(*transport, exchange(_, _)).WillRepeatedly([&](auto&&...) {
        ++calls;
        return bridge::Result<bridge::Response>(
            bridge::Response{calls == 1 ? std::uint8_t{0xC0} : std::uint8_t{0}, {}});
    });
    EXPECT_TRUE(send_control(*engine, *find_control_action("reset")).ok());
    EXPECT_EQ(calls, 2) << "C0h (node busy) did nothing: tried again";
    calls = 0;
    EXPECT_CALL(*transport, exchange(_, _)).WillRepeatedly([&](auto&&...) {
        ++calls;
        return bridge::Result<bridge::Response>(bridge::Response{0xC3, {}});
    });
    auto sent = send_control(*engine, *find_control_action("reset"));
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(calls, 1) << "C3h (timeout while processing) may have done it";
    EXPECT_EQ(sent.error().completion_code, 0xC3);
}

// A BMC without the boot info acknowledge (80h) still gets the flags.
TEST_F(ChassisOnMock, BootFlagsAfterTheAcknowledge) {
    std::vector<Bytes> sent;
    EXPECT_CALL(*transport, exchange(_, _)).WillRepeatedly([&](const bridge::Request& request, auto) {
        sent.push_back(request.data);
        return bridge::Result<bridge::Response>(bridge::Response{
            request.data[0] == kBootInfoAcknowledgeParameter ? std::uint8_t{0x80} : std::uint8_t{0}, {}});
    });
    ASSERT_TRUE(set_boot_flags(*engine, {true, false, false, 1}).ok());
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_EQ(sent[0], (Bytes{0x04, 0x01, 0x01}));
    EXPECT_EQ(sent[1], (Bytes{0x05, 0x80, 0x04, 0x00, 0x00, 0x00}));
}

}  // namespace
}  // namespace ipmiprov::provider::chassis

// ---- the command line

namespace ipmiprov::cli {
namespace {

using ::testing::HasSubstr;

TEST(ChassisCli, WrongWordsAreRefusedBeforeAnythingIsSent) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"chassis"}, "chassis needs one of status, power, identify, bootdev, policy"},
        {{"chassis", "power"}, "use chassis power status|on, off, cycle, reset, soft, diag"},
        {{"chassis", "power", "explode", "--yes"}, "chassis power \"explode\" is none of status, on, off"},
        {{"chassis", "bootdev", "usb"}, "chassis bootdev \"usb\" is none of none, pxe, disk"},
        {{"chassis", "policy", "sometimes"}, "chassis policy \"sometimes\" is none of always-on"},
        {{"chassis", "identify", "256"}, "SECONDS \"256\" is not 0 to 255"},
        {{"chassis", "identify", "-1"}, "SECONDS \"-1\" is not 0 to 255"},
        {{"chassis", "identify", "10", "--force"}, "SECONDS, --force or --off, one of them"},
        {{"chassis", "identify", "--force", "--off"}, "--force or --off, not both"},
        {{"chassis", "power", "on", "--persistent"}, "--persistent applies to chassis bootdev only"},
        {{"chassis", "status", "--yes"}, "--yes applies to sel clear and restore, and chassis power only"},
        {{"sel", "list", "--efi"}, "--efi applies to chassis bootdev only"},
        {{"chassis", "status", "now"}, "chassis status takes no arguments"},
    };
    for (const auto& [args, message] : cases) {
        auto with_sim = args;
        with_sim.insert(with_sim.begin(), {"--sim", "builtin"});
        const auto ran = run_ipmiprov(with_sim);
        EXPECT_EQ(ran.code, kExitUsage) << args.back();
        EXPECT_THAT(ran.err, HasSubstr(message)) << args.back();
        EXPECT_TRUE(ran.out.empty()) << ran.out;
    }
}

TEST(ChassisCli, StatusAsJsonAndText) {
    const auto json_run = run_ipmiprov({"--sim", "builtin", "chassis", "status", "--json"});
    ASSERT_EQ(json_run.code, kExitOk) << json_run.err;
    const auto status = nlohmann::json::parse(json_run.out);
    EXPECT_EQ(status["power"], "on");
    EXPECT_EQ(status["power_restore_policy"], "always-on");
    EXPECT_EQ(status["identify"], "off");
    EXPECT_EQ(status["restart_cause"]["text"], "power-up via power pushbutton");
    EXPECT_EQ(status["power_on_hours"], 1234);
    EXPECT_EQ(status["front_panel_buttons"]["reset"]["disable_allowed"], true);
    EXPECT_EQ(status["boot_device"]["device"], "none");
    EXPECT_TRUE(status["notes"].empty());
    const auto text = run_ipmiprov({"--sim", "builtin", "chassis", "status"});
    ASSERT_EQ(text.code, kExitOk) << text.err;
    EXPECT_THAT(text.out, HasSubstr("System Power         : on\n"));
    EXPECT_THAT(text.out, HasSubstr("Power Restore Policy : always-on\n"));
    EXPECT_THAT(text.out, HasSubstr("Power-On Hours       : 1234\n"));
    const auto power = run_ipmiprov({"--sim", "builtin", "chassis", "power", "status"});
    EXPECT_EQ(power.out, "Chassis Power is on\n");
}

// Off a terminal (as here: stdin is no terminal under ctest), a power
// action needs --yes, and without it nothing is sent.
TEST(ChassisCli, PowerNeedsYesOffATerminal) {
    if (::isatty(STDIN_FILENO) != 0) GTEST_SKIP() << "stdin is a terminal: the question would be asked";
    const auto refused = run_ipmiprov({"--sim", "builtin", "chassis", "power", "cycle"});
    EXPECT_EQ(refused.code, kExitUsage);
    EXPECT_THAT(refused.err, HasSubstr("chassis power cycle changes the machine's power: confirm with --yes"));
    const auto done = run_ipmiprov({"--sim", "builtin", "chassis", "power", "cycle", "--yes", "--json"});
    ASSERT_EQ(done.code, kExitOk) << done.err;
    EXPECT_EQ(nlohmann::json::parse(done.out)["request"], "power cycle");
    const auto off = run_ipmiprov({"--sim", "builtin", "chassis", "power", "off", "--yes"});
    EXPECT_EQ(off.out, "Chassis Power Control: power down (accepted)\n");
}

TEST(ChassisCli, IdentifyBootdevPolicyOnTheSimulatedBmc) {
    EXPECT_EQ(run_ipmiprov({"--sim", "builtin", "chassis", "identify"}).out, "Chassis identify: on for 15 s\n");
    EXPECT_EQ(run_ipmiprov({"--sim", "builtin", "chassis", "identify", "--force"}).out,
              "Chassis identify: on until turned off\n");
    EXPECT_EQ(run_ipmiprov({"--sim", "builtin", "chassis", "identify", "0"}).out, "Chassis identify: off\n");
    EXPECT_EQ(run_ipmiprov({"--sim", "builtin", "chassis", "bootdev", "pxe", "--efi"}).out,
              "Boot device set to pxe for the next boot, EFI\n");
    EXPECT_EQ(run_ipmiprov({"--sim", "builtin", "chassis", "policy", "list"}).out,
              "Supported power restore policies: always-off, previous, always-on\n");
    const auto set = run_ipmiprov({"--sim", "builtin", "chassis", "policy", "previous", "--json"});
    ASSERT_EQ(set.code, kExitOk) << set.err;
    EXPECT_EQ(nlohmann::json::parse(set.out)["power_restore_policy"], "previous");
}

}  // namespace
}  // namespace ipmiprov::cli

// ---- the daemon's audit log

namespace ipmiprov::daemon {
namespace {

using ::testing::HasSubstr;

struct CapturedSink final : LogSink {
    std::vector<LogRecord>* records;
    explicit CapturedSink(std::vector<LogRecord>* into) : records(into) {}
    bridge::Status send(const LogRecord& record) override {
        records->push_back(record);
        return bridge::success();
    }
    [[nodiscard]] std::string name() const override { return "test"; }
};

TEST(AuditRecord, WhoWhatAndHowItEnded) {
    AuditEvent event{Peer{42, 0, 0}, "Chassis Control: power cycle", "00 02 02", true, "done", std::uint8_t{0}};
    const auto record = audit_record(event, "lan 10.0.0.9");
    EXPECT_EQ(record.priority, 5);
    EXPECT_EQ(record.field("MESSAGE"), "uid 0 (root) pid 42: Chassis Control: power cycle: done");
    EXPECT_EQ(record.field("MESSAGE_ID"), kAuditMessageId);
    EXPECT_EQ(record.field("IPMI_CLIENT_UID"), "0");
    EXPECT_EQ(record.field("IPMI_CLIENT_PID"), "42");
    EXPECT_EQ(record.field("IPMI_REQUEST"), "00 02 02");
    EXPECT_EQ(record.field("IPMI_COMPLETION_CODE"), "0x00");
    EXPECT_EQ(record.field("IPMI_ALLOWED"), "yes");
    EXPECT_EQ(record.field("IPMI_BMC"), "lan 10.0.0.9");
    event.allowed = false;
    event.outcome = "refused: permission denied";
    EXPECT_EQ(audit_record(event, "").priority, 4);
}

struct AuditedHandler : ::testing::Test {
    std::vector<LogRecord> records;
    std::vector<std::string> fallback;
    DaemonState state{[] {
        StateOptions options;
        options.connect.sim = bridge::kBuiltinFixtureName;
        options.system_name = "host1";
        return options;
    }()};
    Handler handler{state, AccessPolicy{4242, std::nullopt}};
    AuditLog audit{std::make_unique<CapturedSink>(&records), [this] {
                       AuditOptions options;
                       options.fallback = [this](const std::string& line) { fallback.push_back(line); };
                       options.bmc = [] { return std::string("sim"); };
                       return options;
                   }()};
    AuditedHandler() { handler.set_audit(&audit); }
    nlohmann::json transport(std::uint8_t netfn, std::uint8_t cmd, std::vector<std::uint8_t> data, const Peer& peer) {
        const nlohmann::json request{{"op", "transport"},
                                     {"request", {{"netfn", netfn}, {"cmd", cmd}, {"lun", 0}, {"data", data}}}};
        return nlohmann::json::parse(*handler.handle(request.dump(), peer));
    }
};

TEST_F(AuditedHandler, WritesAreRecordedWithTheCallerReadsAreNot) {
    const Peer root{77, 0, 0};
    const Peer reader{78, 4242, 4242};
    EXPECT_TRUE(transport(0x00, 0x01, {}, root)["ok"]) << "Get Chassis Status";
    EXPECT_TRUE(records.empty()) << "a read is not audited";
    EXPECT_TRUE(transport(0x00, 0x02, {0x02}, root)["ok"]);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(records[0].field("IPMI_ACTION"), "Chassis Control: power cycle");
    EXPECT_EQ(records[0].field("IPMI_CLIENT_PID"), "77");
    EXPECT_EQ(records[0].field("IPMI_OUTCOME"), "done");

    const auto refused = transport(0x00, 0x02, {0x00}, reader);
    EXPECT_FALSE(refused["ok"]);
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(records[1].field("IPMI_ALLOWED"), "no");
    EXPECT_EQ(records[1].field("IPMI_CLIENT_UID"), "4242");
    EXPECT_EQ(records[1].field("IPMI_ACTION"), "Chassis Control: power down");
    EXPECT_EQ(records[1].priority, 4);

    EXPECT_TRUE(transport(0x00, 0x02, {0x09}, root)["ok"]) << "the transport succeeds; the BMC says CCh";
    ASSERT_EQ(records.size(), 3U);
    EXPECT_THAT(records[2].field("IPMI_OUTCOME"), HasSubstr("completion code 0xCC"));
    EXPECT_EQ(records[2].field("IPMI_COMPLETION_CODE"), "0xCC");
    EXPECT_EQ(records[2].field("IPMI_BMC"), "sim");
    EXPECT_TRUE(fallback.empty());
}

// A CIM write is recorded whatever becomes of it: here a method the class lacks.
TEST_F(AuditedHandler, CimWritesAreRecordedEvenWhenTheyFail) {
    const nlohmann::json request{
        {"op", "invoke"},
        {"path", {{"namespace", "root/cimv2"}, {"class", "IPMIProv_RecordLog"}, {"keys", nlohmann::json::array()}}},
        {"method", "Explode"}};
    const auto reply = nlohmann::json::parse(*handler.handle(request.dump(), Peer{5, 0, 0}));
    EXPECT_FALSE(reply["ok"]);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_THAT(records[0].field("IPMI_ACTION"), HasSubstr("cim invoke"));
    EXPECT_THAT(records[0].field("IPMI_ACTION"), HasSubstr("method Explode"));
    EXPECT_NE(records[0].field("IPMI_OUTCOME"), "done");
    EXPECT_EQ(records[0].priority, 4);
}

// Through the daemon the power state is a snapshot with a version: kept
// while the chassis is as it was (a client holding it gets "unchanged"),
// read again after a Chassis Control, which is also the system's
// RequestedState and the association's RequestedPowerState.
TEST_F(AuditedHandler, ThePowerStateIsASnapshotReadAgainAfterAControl) {
    namespace cim = provider::cim;
    const Peer root{11, 0, 0};
    const auto enumerate = [&](const std::string& cls, const std::string& if_version = "") {
        return nlohmann::json::parse(*handler.handle(
            nlohmann::json{{"op", "enumerate"}, {"class", cls}, {"if_version", if_version}}.dump(), root));
    };
    const auto property = [](const nlohmann::json& reply, const char* name) {
        auto instances = cim::instances_from_wire(reply["instances"]);
        if (!instances.ok() || instances->size() != 1) return std::int64_t{-1};
        const auto* value = instances->front().property(name);
        return value ? value->as_integer().value_or(-1) : std::int64_t{-1};
    };
    const auto before = enumerate("IPMIProv_AssociatedPowerManagementService");
    EXPECT_EQ(property(before, "PowerState"), 2);
    EXPECT_EQ(property(before, "RequestedPowerState"), 0) << "nothing asked yet: Unknown";
    const auto version = before.value("version", "");
    ASSERT_FALSE(version.empty());
    EXPECT_EQ(enumerate("IPMIProv_AssociatedPowerManagementService", version).value("unchanged", false), true);
    const auto system = enumerate("IPMIProv_ComputerSystem");
    EXPECT_EQ(property(system, "EnabledState"), 2);
    EXPECT_EQ(property(system, "RequestedState"), 0);

    const nlohmann::json invoke{{"op", "invoke"},
                                {"path", cim::path_to_wire(cim::power_service_path(state.system()))},
                                {"method", "RequestPowerStateChange"},
                                {"params", cim::properties_to_wire({{"PowerState", cim::Value::u16(6)}})}};
    const auto reply = nlohmann::json::parse(*handler.handle(invoke.dump(), root));
    ASSERT_TRUE(reply["ok"]) << reply.dump();
    EXPECT_EQ(reply["return_value"], 0);
    const auto after = enumerate("IPMIProv_AssociatedPowerManagementService", version);
    EXPECT_FALSE(after.value("unchanged", false)) << "the chassis changed: a new version";
    EXPECT_NE(after.value("version", ""), version);
    EXPECT_EQ(property(after, "PowerState"), 8) << "off now, not the kept on";
    EXPECT_EQ(property(after, "RequestedPowerState"), 8);
    const auto off = enumerate("IPMIProv_ComputerSystem");
    EXPECT_EQ(property(off, "EnabledState"), 3);
    EXPECT_EQ(property(off, "RequestedState"), 3);
    ASSERT_FALSE(records.empty());
    EXPECT_THAT(records.back().field("IPMI_ACTION"), HasSubstr("method RequestPowerStateChange params"));
    EXPECT_EQ(records.back().field("IPMI_OUTCOME"), "done");
}

// The chassis identify as DSP1074's LED: written through the daemon, read
// back from the chassis snapshot (the simulated BMC reports the state).
TEST_F(AuditedHandler, TheIdentifyLedIsWrittenAndReadBack) {
    namespace cim = provider::cim;
    const Peer root{11, 0, 0};
    const auto led = cim::identify_led_path(state.system());
    const auto activation = [&](const nlohmann::json& reply) {
        auto instances = cim::instances_from_wire(reply.value("instances", nlohmann::json()));
        if (!instances.ok() || instances->size() != 1) return std::int64_t{-1};
        const auto* value = instances->front().property("ActivationState");
        return value ? value->as_integer().value_or(-1) : std::int64_t{-1};
    };
    const auto get = nlohmann::json::parse(
        *handler.handle(nlohmann::json{{"op", "get"}, {"path", cim::path_to_wire(led)}}.dump(), root));
    ASSERT_TRUE(get["ok"]) << get.dump();
    EXPECT_EQ(activation(get), 4);
    const auto enumerate = [&](const std::string& if_version) {
        return nlohmann::json::parse(*handler.handle(
            nlohmann::json{{"op", "enumerate"}, {"class", "IPMIProv_IndicatorLED"}, {"if_version", if_version}}.dump(),
            root));
    };
    const auto held = enumerate("");
    EXPECT_EQ(activation(held), 4);
    const auto modify = [&](std::uint16_t value) {
        return nlohmann::json::parse(*handler.handle(
            nlohmann::json{{"op", "modify"},
                           {"path", cim::path_to_wire(led)},
                           {"properties", cim::properties_to_wire({{"ActivationState", cim::Value::u16(value)}})}}
                .dump(),
            root));
    };
    // Get Chassis Status byte 3 bits 5:4, as the BMC has it.
    const auto identify_state = [&] {
        const auto status = transport(0x00, 0x01, {}, root);
        const auto& data = status["response"]["data"];
        return data.size() >= 3 ? (data[2].get<int>() >> 4) & 3 : -1;
    };
    const auto on = modify(3);
    ASSERT_TRUE(on["ok"]) << on.dump();
    EXPECT_EQ(activation(on), 3);
    EXPECT_EQ(identify_state(), 2) << "on until turned off (Force Identify On)";
    const auto again = enumerate(held.value("version", ""));
    EXPECT_FALSE(again.value("unchanged", false)) << "not the kept reply of before the write";
    EXPECT_EQ(activation(again), 3);
    ASSERT_FALSE(records.empty());
    EXPECT_THAT(records.back().field("IPMI_ACTION"), HasSubstr("cim modify"));
    const auto off = modify(4);
    ASSERT_TRUE(off["ok"]) << off.dump();
    EXPECT_EQ(activation(off), 4);
    EXPECT_EQ(identify_state(), 0);
    const auto lit = modify(2);
    EXPECT_FALSE(lit["ok"]);
    EXPECT_THAT(lit.dump(), HasSubstr("3 (Blinking"));
}

// A user looping on a refused request: ten records a minute, then, when
// the minute is over (at the next record of anyone, or when the log ends),
// one that counts the rest.
TEST(AuditLogRefusals, AtMostTenAMinutePerUserThenASummary) {
    std::vector<LogRecord> records;
    auto clock = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    AuditOptions options;
    options.now = [&clock] { return clock; };
    {
        AuditLog audit(std::make_unique<CapturedSink>(&records), options);
        const AuditEvent refused{
            Peer{9, 1000, 1000}, "Chassis Control: power down", "00 02 00", false, "refused: permission denied",
            std::nullopt};
        for (int i = 0; i < 25; ++i) audit.record(refused);
        EXPECT_EQ(records.size(), 10U);
        const AuditEvent allowed{Peer{9, 0, 0}, "Chassis Control: power up", "00 02 01", true, "done", std::uint8_t{0}};
        audit.record(allowed);
        EXPECT_EQ(records.size(), 11U) << "another uid's and allowed requests are always recorded";
        clock += std::chrono::minutes(1);
        audit.record(allowed);  // the minute is over: the summary comes first
        ASSERT_EQ(records.size(), 13U);
        EXPECT_EQ(records[11].field("IPMI_ACTION"), "15 more requests to change the BMC");
        EXPECT_EQ(records[11].field("IPMI_CLIENT_UID"), "1000");
        EXPECT_EQ(records[11].field("IPMI_ALLOWED"), "no");
        EXPECT_EQ(records[12].field("IPMI_ACTION"), "Chassis Control: power up");
        for (int i = 0; i < 12; ++i) audit.record(refused);
        EXPECT_EQ(records.size(), 23U) << "a new minute: ten more";
    }
    ASSERT_EQ(records.size(), 24U) << "the log's end says what the last minute dropped";
    EXPECT_EQ(records[23].field("IPMI_ACTION"), "2 more requests to change the BMC");
}

}  // namespace
}  // namespace ipmiprov::daemon

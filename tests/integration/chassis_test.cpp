// `ipmiprov chassis` against ipmi_sim (issue 23), whose chassis commands
// run the fixture's chassis-control.sh: each test sees exactly what reached
// the "hardware" (DIR/calls) and compares the status with ipmitool's on
// the same BMC. ipmi_sim refuses what it lacks (diag: CCh; restore policy,
// restart cause, POH: C1h; a boot device it has no name for: FFh), and the
// errors name the code. Through ipmiprovd: a reader reads the status, may
// not change it, and every change and refusal is in a real journal with
// the caller's uid.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

template <class Condition>
bool wait_until(Condition condition, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return condition();
}

class ChassisAgainstIpmiSim : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        hardware_ = std::make_unique<TempDir>("ipmiprov-chassis-");
        ::chmod(hardware_->path().c_str(), 0777);  // the script runs as ipmi_sim's user
        IpmiSimExtras extras;
        extras.chassis_dir = hardware_->path();
        sim_ = std::make_unique<IpmiSim>(IPMIPROV_IPMISIM_FIXTURE, extras);
    }
    static void TearDownTestSuite() {
        sim_.reset();
        hardware_.reset();
    }
    void SetUp() override {
        std::filesystem::remove(file("fail"));
        set_power(true);
        std::filesystem::remove(file("calls"));
    }
    static std::filesystem::path file(const std::string& name) { return hardware_->path() / name; }
    static void set_power(bool on) { std::ofstream(file("power")) << (on ? "1\n" : "0\n"); }
    // The script's calls since the test began, one a line ("set power 1").
    static std::string calls() { return read_text(file("calls")); }
    // Only the changes among them (not "get power": a status read).
    static std::string changes() {
        std::istringstream all(calls());
        std::string out;
        for (std::string line; std::getline(all, line);)
            if (line.rfind("set ", 0) == 0) out += line + "\n";
        return out;
    }
    RunResult ipmiprov(const std::vector<std::string>& args) { return ipmiprov_over_lan(*sim_, cache_.path(), args); }
    static RunResult ipmitool(const std::vector<std::string>& args) { return run(concat(sim_->ipmitool(), args)); }

    static std::unique_ptr<TempDir> hardware_;
    static std::unique_ptr<IpmiSim> sim_;
    TempDir cache_{"ipmiprov-chassis-cache-"};
};

std::unique_ptr<TempDir> ChassisAgainstIpmiSim::hardware_;
std::unique_ptr<IpmiSim> ChassisAgainstIpmiSim::sim_;

TEST_F(ChassisAgainstIpmiSim, StatusAgreesWithIpmitool) {
    for (const bool on : {true, false}) {
        set_power(on);
        const std::string word = on ? "on" : "off";
        const auto ours = ipmiprov({"chassis", "status", "--json"});
        ASSERT_EQ(ours.exit_code, 0) << ours.err;
        const auto status = json::parse(ours.out);
        EXPECT_EQ(status["power"], word);
        const auto theirs = ipmitool({"chassis", "status"});
        ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
        EXPECT_NE(theirs.out.find("System Power         : " + word), std::string::npos) << theirs.out;
        EXPECT_EQ(status["power_restore_policy"], "always-off");
        EXPECT_NE(theirs.out.find("Power Restore Policy : always-off"), std::string::npos) << theirs.out;
        // ipmitool's `chassis power status` line, word for word.
        EXPECT_EQ(ipmiprov({"chassis", "power", "status"}).out, ipmitool({"chassis", "power", "status"}).out);
        // What ipmi_sim lacks is a note, and the rest still shows.
        EXPECT_TRUE(status["restart_cause"].is_null());
        EXPECT_TRUE(status["power_on_hours"].is_null());
        ASSERT_EQ(status["notes"].size(), 2U) << status.dump();
        EXPECT_NE(status["notes"][0].get<std::string>().find("0xC1"), std::string::npos) << status["notes"];
    }
    EXPECT_EQ(calls().find("set "), std::string::npos) << "reading changed nothing:\n" << calls();
}

TEST_F(ChassisAgainstIpmiSim, PowerActionsReachTheChassis) {
    const std::vector<std::pair<std::string, std::string>> actions{
        {"off", "set power 0\n"}, {"on", "set power 1\n"}, {"reset", "set reset 1\n"}, {"soft", "set shutdown 1\n"}};
    for (const auto& [action, call] : actions) {
        std::filesystem::remove(file("calls"));
        const auto ran = ipmiprov({"chassis", "power", action, "--yes"});
        EXPECT_EQ(ran.exit_code, 0) << action << ": " << ran.err;
        EXPECT_NE(calls().find(call), std::string::npos) << action << ":\n" << calls();
    }
    EXPECT_EQ(ipmitool({"chassis", "power", "status"}).out, "Chassis Power is off\n") << "soft went down";
    // A cycle: ipmi_sim turns it off, waits until it reads off, and on again.
    std::filesystem::remove(file("calls"));
    const auto cycle = ipmiprov({"chassis", "power", "cycle", "--yes", "--json"});
    ASSERT_EQ(cycle.exit_code, 0) << cycle.err;
    EXPECT_EQ(json::parse(cycle.out)["accepted"], true);
    // The script logs the call before it writes the state: wait for the state.
    ASSERT_TRUE(wait_until([] { return read_text(file("power")) == "1\n"; }, 15s)) << calls();
    EXPECT_LT(calls().find("set power 0"), calls().find("set power 1")) << calls();
    EXPECT_EQ(json::parse(ipmiprov({"chassis", "status", "--json"}).out)["power"], "on");
}

TEST_F(ChassisAgainstIpmiSim, RefusalsNameTheCodeAndNothingIsSentWithoutYes) {
    const auto unasked = ipmiprov({"chassis", "power", "off"});  // stdin is no terminal here
    EXPECT_EQ(unasked.exit_code, 2);
    EXPECT_NE(unasked.err.find("confirm with --yes"), std::string::npos) << unasked.err;
    const auto unknown = ipmiprov({"chassis", "bootdev", "usb"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(calls().find("set "), std::string::npos) << calls();

    const auto diag = ipmiprov({"chassis", "power", "diag", "--yes"});
    EXPECT_EQ(diag.exit_code, 1);
    EXPECT_NE(diag.err.find("Chassis Control"), std::string::npos) << diag.err;
    EXPECT_NE(diag.err.find("0xCC"), std::string::npos) << diag.err;
    const auto policy = ipmiprov({"chassis", "policy", "always-on"});
    EXPECT_EQ(policy.exit_code, 1);
    EXPECT_NE(policy.err.find("Set Power Restore Policy"), std::string::npos) << policy.err;
    EXPECT_NE(policy.err.find("0xC1 (invalid command)"), std::string::npos) << policy.err;
    const auto safe = ipmiprov({"chassis", "bootdev", "safe"});  // ipmi_sim has no name for it
    EXPECT_EQ(safe.exit_code, 1);
    EXPECT_NE(safe.err.find("0xFF"), std::string::npos) << safe.err;

    std::ofstream(file("fail")) << "1\n";  // the hardware fails
    const auto broken = ipmiprov({"chassis", "power", "on", "--yes"});
    EXPECT_EQ(broken.exit_code, 1);
    EXPECT_NE(broken.err.find("0xFF"), std::string::npos) << broken.err;
    const auto unreadable = ipmiprov({"chassis", "status"});
    EXPECT_EQ(unreadable.exit_code, 1);
    EXPECT_NE(unreadable.err.find("Get Chassis Status"), std::string::npos) << unreadable.err;
}

TEST_F(ChassisAgainstIpmiSim, IdentifyAndBootDevice) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> identify{
        {{"chassis", "identify", "10"}, "set identify 10 0\n"},
        {{"chassis", "identify", "--force"}, "set identify 0 1\n"},
        {{"chassis", "identify"}, "set identify 15 0\n"},
        {{"chassis", "identify", "--off"}, "set identify 0 0\n"},
    };
    for (const auto& [args, call] : identify) {
        std::filesystem::remove(file("calls"));
        const auto ran = ipmiprov(args);
        EXPECT_EQ(ran.exit_code, 0) << ran.err;
        EXPECT_EQ(calls(), call);
    }
    for (const auto& [device, name] : {std::pair{"pxe", "pxe"}, std::pair{"disk", "default"}}) {
        const auto set = ipmiprov({"chassis", "bootdev", device});
        ASSERT_EQ(set.exit_code, 0) << set.err;
        EXPECT_EQ(read_text(file("boot")), std::string(name) + "\n");
        const auto status = json::parse(ipmiprov({"chassis", "status", "--json"}).out);
        EXPECT_EQ(status["boot_device"]["device"], device);
        // ipmitool reads the same parameter back: the device in byte 4 bits 5:2.
        const auto raw = ipmitool({"raw", "0x00", "0x09", "0x05", "0x00", "0x00"});
        const std::string byte = std::string(device) == "pxe" ? "04" : "08";
        EXPECT_NE(raw.out.find("01 05 00 " + byte), std::string::npos) << raw.out;
    }
}

// DSP1027 through `cim invoke`: the service's RequestPowerStateChange and
// the system's RequestStateChange reach the chassis; the association shows
// the state ipmitool reads.
TEST_F(ChassisAgainstIpmiSim, CimPowerStateChangesReachTheChassis) {
    const auto off = ipmiprov(
        {"cim", "invoke", "IPMIProv_PowerManagementService", "RequestPowerStateChange", "--param", "PowerState=6"});
    ASSERT_EQ(off.exit_code, 0) << off.err;
    EXPECT_EQ(off.out, "ReturnValue = 0;\n");
    EXPECT_NE(calls().find("set power 0"), std::string::npos) << calls();
    EXPECT_EQ(ipmitool({"chassis", "power", "status"}).out, "Chassis Power is off\n");
    const auto state = json::parse(
        ipmiprov({"cim", "enumerate", "IPMIProv_AssociatedPowerManagementService", "--format", "json"}).out);
    ASSERT_EQ(state.size(), 1U);
    EXPECT_EQ(state[0]["properties"]["PowerState"], 8);
    EXPECT_EQ(state[0]["properties"]["AvailableRequestedPowerStates"], json::array({2}));

    const auto on =
        ipmiprov({"cim", "invoke", "IPMIProv_ComputerSystem", "RequestStateChange", "--param", "RequestedState=2"});
    ASSERT_EQ(on.exit_code, 0) << on.err;
    EXPECT_NE(calls().find("set power 1"), std::string::npos) << calls();
    EXPECT_EQ(ipmitool({"chassis", "power", "status"}).out, "Chassis Power is on\n");

    const auto diag = ipmiprov(
        {"cim", "invoke", "IPMIProv_PowerManagementService", "RequestPowerStateChange", "--param", "PowerState=11"});
    EXPECT_EQ(diag.exit_code, 1);
    EXPECT_NE(diag.err.find("0xCC"), std::string::npos) << diag.err;
}

// The chassis identify as DSP1074's LED and the BMC's raw RequestResponse,
// against ipmi_sim: the LED's write reaches the chassis as Chassis Identify
// (ipmi_sim does not report the identify state, so ActivationState stays
// NULL), and a raw Get Device ID answers as ipmitool's `raw 6 1` does; the
// system's EnabledState is the power ipmitool changed.
TEST_F(ChassisAgainstIpmiSim, CimIdentifyLedRawRequestAndSystemState) {
    const auto on = ipmiprov({"cim", "modify", "IPMIProv_IndicatorLED", "--property", "ActivationState=3"});
    ASSERT_EQ(on.exit_code, 0) << on.err;
    EXPECT_EQ(changes(), "set identify 0 1\n");
    EXPECT_EQ(on.out.find(" ActivationState ="), std::string::npos) << on.out;
    std::filesystem::remove(file("calls"));
    const auto off = ipmiprov({"cim", "modify", "IPMIProv_IndicatorLED", "--property", "ActivationState=4"});
    ASSERT_EQ(off.exit_code, 0) << off.err;
    EXPECT_EQ(changes(), "set identify 0 0\n");

    const auto raw = ipmiprov({"cim", "invoke", "IPMIProv_BMC", "RequestResponse", "--param", "NetworkFunction=6",
                               "--param", "Command=1", "--format", "json"});
    ASSERT_EQ(raw.exit_code, 0) << raw.err;
    const auto out = json::parse(raw.out);
    EXPECT_EQ(out["ReturnValue"], 0);
    EXPECT_EQ(out["OutParameters"]["CompletionCode"], "0");
    // ipmitool prints the data bytes in hex; ours are the same bytes in decimal.
    std::istringstream oracle(ipmitool({"raw", "6", "1"}).out);
    std::string expected = "{";
    for (std::string byte; oracle >> byte;)
        expected += (expected == "{" ? "" : ", ") + std::to_string(std::stoi(byte, nullptr, 16));
    EXPECT_EQ(out["OutParameters"]["ResponseData"], expected + "}");

    ASSERT_EQ(ipmitool({"chassis", "power", "off"}).exit_code, 0);
    auto system = json::parse(ipmiprov({"cim", "enumerate", "IPMIProv_ComputerSystem", "--format", "json"}).out);
    EXPECT_EQ(system.at(0)["properties"]["EnabledState"], 3) << "off: Disabled";
    EXPECT_EQ(system.at(0)["properties"]["RequestedState"], 0) << "this process asked nothing: Unknown";
    ASSERT_EQ(ipmitool({"chassis", "power", "on"}).exit_code, 0);
    system = json::parse(ipmiprov({"cim", "enumerate", "IPMIProv_ComputerSystem", "--format", "json"}).out);
    EXPECT_EQ(system.at(0)["properties"]["EnabledState"], 2) << "on: Enabled";
}

// ---- through ipmiprovd, with a real journal

std::vector<json> audit_records(const std::filesystem::path& dir) {
    return journal_records(dir, "ca5af409fc7c472b9104e41bb5684d27");
}

TEST_F(ChassisAgainstIpmiSim, ThroughTheDaemonEveryChangeIsAuditedWithItsCaller) {
    if (!can_run_journald()) GTEST_SKIP() << "needs root and unshare -m (CI has both)";
    TempDir dir("ipmiprovd-chassis-");
    ::chmod(dir.path().c_str(), 0755);
    const std::vector<std::string> wrapper{"unshare", "-m", IPMIPROV_WITH_JOURNALD, dir.path().string()};
    Daemon daemon(lan_daemon_args(*sim_, dir.path()), dir.path(), {"--read-group", "65534", "--sel-log", "none"}, {},
                  wrapper);
    const std::vector<std::string> as_reader{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};

    const auto off = run({IPMIPROV_BIN, "--daemon", daemon.socket(), "chassis", "power", "off", "--yes"});
    ASSERT_EQ(off.exit_code, 0) << off.err << daemon.log();
    EXPECT_NE(calls().find("set power 0"), std::string::npos) << calls();
    const auto read =
        run(concat(as_reader, {IPMIPROV_BIN, "--daemon", daemon.socket(), "chassis", "status", "--json"}));
    ASSERT_EQ(read.exit_code, 0) << read.err;
    EXPECT_EQ(json::parse(read.out)["power"], "off");
    std::filesystem::remove(file("calls"));
    const auto refused =
        run(concat(as_reader, {IPMIPROV_BIN, "--daemon", daemon.socket(), "chassis", "power", "on", "--yes"}));
    EXPECT_EQ(refused.exit_code, 3) << refused.out << refused.err;
    EXPECT_NE(refused.err.find("permission denied: uid 65534"), std::string::npos) << refused.err;
    EXPECT_EQ(calls().find("set "), std::string::npos) << "nothing reached the chassis:\n" << calls();
    // The system in CIM as the daemon keeps it: off, and asked to be off by
    // whoever asked (root's `chassis power off`), read by the reader.
    const auto system = run(concat(as_reader, {IPMIPROV_BIN, "--daemon", daemon.socket(), "cim", "enumerate",
                                               "IPMIProv_ComputerSystem", "--format", "json"}));
    ASSERT_EQ(system.exit_code, 0) << system.err;
    EXPECT_EQ(json::parse(system.out).at(0)["properties"]["EnabledState"], 3);
    EXPECT_EQ(json::parse(system.out).at(0)["properties"]["RequestedState"], 3);
    // The raw request method is the write group's, even for a read.
    const auto raw =
        run(concat(as_reader, {IPMIPROV_BIN, "--daemon", daemon.socket(), "cim", "invoke", "IPMIProv_BMC",
                               "RequestResponse", "--param", "NetworkFunction=6", "--param", "Command=1"}));
    EXPECT_EQ(raw.exit_code, 3) << raw.out << raw.err;
    EXPECT_NE(raw.err.find("may not invoke"), std::string::npos) << raw.err;

    // Root may: the raw Get Device ID answers as ipmitool's, the LED's write
    // reaches the chassis; both are CIM writes in the audit log.
    const auto root_raw = run({IPMIPROV_BIN, "--daemon", daemon.socket(), "cim", "invoke", "IPMIProv_BMC",
                               "RequestResponse", "--param", "NetworkFunction=6", "--param", "Command=1"});
    ASSERT_EQ(root_raw.exit_code, 0) << root_raw.err;
    EXPECT_NE(root_raw.out.find("CompletionCode = 0;\nResponseData = {"), std::string::npos) << root_raw.out;
    const auto led = run({IPMIPROV_BIN, "--daemon", daemon.socket(), "cim", "modify", "IPMIProv_IndicatorLED",
                          "--property", "ActivationState=3"});
    ASSERT_EQ(led.exit_code, 0) << led.err;
    EXPECT_EQ(changes(), "set identify 0 1\n");

    ASSERT_TRUE(wait_until([&] { return audit_records(dir.path()).size() >= 5; }, 10s)) << daemon.log();
    const auto records = audit_records(dir.path());
    ASSERT_EQ(records.size(), 5U);
    EXPECT_EQ(records[0]["IPMI_ACTION"], "Chassis Control: power down");
    EXPECT_EQ(records[0]["IPMI_CLIENT_UID"], "0");
    EXPECT_EQ(records[0]["IPMI_OUTCOME"], "done");
    EXPECT_EQ(records[0]["PRIORITY"], "5");
    EXPECT_EQ(records[0]["IPMI_REQUEST"], "00 02 00");
    EXPECT_NE(records[0]["IPMI_BMC"].get<std::string>().find(sim_->host_port()), std::string::npos)
        << records[0].dump();
    EXPECT_EQ(records[1]["IPMI_ACTION"], "Chassis Control: power up");
    EXPECT_EQ(records[1]["IPMI_CLIENT_UID"], "65534");
    EXPECT_EQ(records[1]["IPMI_ALLOWED"], "no");
    EXPECT_EQ(records[1]["PRIORITY"], "4");
    EXPECT_NE(records[1]["MESSAGE"].get<std::string>().find("uid 65534"), std::string::npos) << records[1].dump();
    EXPECT_NE(records[2]["IPMI_ACTION"].get<std::string>().find("method RequestResponse"), std::string::npos)
        << records[2].dump();
    EXPECT_EQ(records[2]["IPMI_ALLOWED"], "no");
    EXPECT_NE(records[3]["IPMI_ACTION"].get<std::string>().find("method RequestResponse"), std::string::npos);
    EXPECT_EQ(records[3]["IPMI_OUTCOME"], "done");
    EXPECT_NE(records[4]["IPMI_ACTION"].get<std::string>().find("cim modify"), std::string::npos);
    EXPECT_EQ(records[4]["IPMI_OUTCOME"], "done");
}

}  // namespace
}  // namespace ipmiprov::testing

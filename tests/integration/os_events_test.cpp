// `ipmiprov sel add` against ipmi_sim (issue 22, part 3): each OS event kind
// as ipmitool's `sel elist` and our own `sel list` show it; ipmi_sim refuses
// the Platform Event Message over LAN (C1h, invalid command), so each goes
// in through the fallback, Add SEL Entry, for real. A whole record with
// --raw. Through ipmiprovd: root may add, a reader without the write group
// is refused. The systemd unit that records boot and shutdown:
// systemd-analyze accepts it, and our parser its command lines.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;

struct Kind {
    std::string name;
    std::string elist;        // ipmitool's sensor | event columns
    std::string sensor_type;  // ours
    std::string event;
};

const std::vector<Kind> kKinds{
    {"boot-completed", "OS Boot | C: boot completed", "Base OS Boot / Installation Status", "C: boot completed"},
    {"graceful-shutdown", "OS Critical Stop | OS graceful shutdown", "OS Stop / Shutdown", "OS Graceful Shutdown"},
    {"graceful-stop", "OS Critical Stop | OS graceful stop", "OS Stop / Shutdown", "OS Graceful Stop"},
    {"critical-stop", "OS Critical Stop | Run-time critical stop", "OS Stop / Shutdown", "Run-time Critical Stop"},
    {"critical-stop-during-load", "OS Critical Stop | Error during system startup", "OS Stop / Shutdown",
     "Critical stop during OS load / initialization"},
};

// ipmitool's `sel elist` line of one record ID ("  12f | Pre-Init | … | OS Boot | … | Asserted").
std::string elist_line(const std::string& elist, int record_id) {
    std::istringstream lines(elist);
    for (std::string line; std::getline(lines, line);) {
        const auto bar = line.find('|');
        if (bar == std::string::npos) continue;
        try {
            if (std::stoi(line.substr(0, bar), nullptr, 16) == record_id) return line;
        } catch (const std::exception&) {
        }
    }
    return "";
}

class OsEventsAgainstIpmiSim : public ::testing::Test {
protected:
    static void SetUpTestSuite() { sim_ = std::make_unique<IpmiSim>(IPMIPROV_IPMISIM_FIXTURE); }
    static void TearDownTestSuite() { sim_.reset(); }
    RunResult ipmiprov(const std::vector<std::string>& args) { return ipmiprov_over_lan(*sim_, cache_.path(), args); }
    json entry(int record_id) {
        auto listed = ipmiprov({"sel", "list", "--json", "--no-cache", "--record-id", std::to_string(record_id)});
        EXPECT_EQ(listed.exit_code, 0) << listed.err;
        const auto entries = json::parse(listed.out);
        return entries.size() == 1 ? entries[0] : json();
    }

    static std::unique_ptr<IpmiSim> sim_;
    TempDir cache_{"ipmiprov-os-events-"};
};

std::unique_ptr<IpmiSim> OsEventsAgainstIpmiSim::sim_;

TEST_F(OsEventsAgainstIpmiSim, EachKindAsIpmitoolAndWeShowIt) {
    for (const auto& kind : kKinds) {
        SCOPED_TRACE(kind.name);
        auto added = ipmiprov({"sel", "add", "--os-event", kind.name, "--json"});
        ASSERT_EQ(added.exit_code, 0) << added.err;
        const auto reply = json::parse(added.out);
        EXPECT_EQ(reply["method"], "add_sel_entry");
        EXPECT_EQ(reply["refused_completion_code"], 0xC1) << "ipmi_sim takes no Platform Event Message over LAN";
        ASSERT_TRUE(reply["record_id"].is_number());
        const int id = reply["record_id"];

        auto elist = run(concat(sim_->ipmitool(), {"sel", "elist"}));
        ASSERT_EQ(elist.exit_code, 0) << elist.err;
        const auto line = elist_line(elist.out, id);
        EXPECT_NE(line.find(kind.elist + " | Asserted"), std::string::npos) << line;

        const auto ours = entry(id);
        EXPECT_EQ(ours["sensor_type"], kind.sensor_type) << ours.dump();
        EXPECT_EQ(ours["event"], kind.event) << ours.dump();
        EXPECT_EQ(ours["generator_id"], 0x41) << "system management software (§5.5)";
        EXPECT_EQ(ours["direction"], "assertion");
    }
}

TEST_F(OsEventsAgainstIpmiSim, TheTextSaysWhyItFellBack) {
    auto added = ipmiprov({"sel", "add", "--os-event", "graceful-shutdown"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_TRUE(std::regex_match(added.out,
                                 std::regex("graceful-shutdown \\(OS Stop / Shutdown: OS Graceful Shutdown\\) added as "
                                            "record 0x[0-9a-f]{4} with Add SEL Entry: the BMC refused the Platform "
                                            "Event Message \\(completion code C1h, invalid command\\)\n")))
        << added.out;
}

TEST_F(OsEventsAgainstIpmiSim, ARawRecordUnderTheIdTheBmcGives) {
    auto added = ipmiprov({"sel", "add",  "--json", "--raw", "00", "00", "02", "00", "00", "00",
                           "00",  "0x41", "00",     "04",    "20", "00", "6f", "02", "ff", "ff"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    const int id = json::parse(added.out)["record_id"];
    auto elist = run(concat(sim_->ipmitool(), {"sel", "elist"}));
    EXPECT_NE(elist_line(elist.out, id).find("OS Critical Stop | OS graceful stop"), std::string::npos) << elist.out;
    EXPECT_EQ(entry(id)["event"], "OS Graceful Stop");
    auto short_record = ipmiprov({"sel", "add", "--raw", "00 00 02"});
    EXPECT_EQ(short_record.exit_code, 2);
    EXPECT_EQ(short_record.err, "ipmiprov: --raw needs the 16 bytes of a whole SEL record (§32), not 3\n");
}

// Through ipmiprovd: its transport op takes Platform Event and Add SEL Entry
// as writes (tools/daemon/access.cpp). Root adds; a member of the read group
// only is refused, with who and why, and nothing is added.
TEST_F(OsEventsAgainstIpmiSim, ThroughTheDaemonAReaderMayNotAdd) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to act as another user (CI runs as root)";
    TempDir dir("ipmiprovd-os-events-");
    ::chmod(dir.path().c_str(), 0755);
    Daemon daemon(lan_daemon_args(*sim_, dir.path()), dir.path(), {"--read-group", "65534"});
    auto added = run({IPMIPROV_BIN, "--daemon", daemon.socket(), "sel", "add", "--os-event", "boot-completed"});
    ASSERT_EQ(added.exit_code, 0) << added.err << daemon.log();
    EXPECT_NE(added.out.find("with Add SEL Entry: the BMC refused the Platform Event Message (completion code C1h"),
              std::string::npos)
        << added.out;

    const auto before = run(concat(sim_->ipmitool(), {"sel", "elist"}));
    auto refused = run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", IPMIPROV_BIN, "--daemon",
                        daemon.socket(), "sel", "add", "--os-event", "graceful-shutdown"});
    EXPECT_EQ(refused.exit_code, 3) << refused.out << refused.err;
    EXPECT_NE(refused.err.find("permission denied: uid 65534"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("may not send IPMI commands that change the BMC"), std::string::npos) << refused.err;
    const auto after = run(concat(sim_->ipmitool(), {"sel", "elist"}));
    EXPECT_EQ(after.out, before.out) << "nothing added";
}

// systemd's own check of the shipped unit, its ExecStart and ExecStop
// pointed at the ipmiprov built here (verify wants the programs to exist).
TEST(OsEventsUnit, SystemdAnalyzeVerifyAcceptsIt) {
    if (run({"systemd-analyze", "--version"}).exit_code != 0) GTEST_SKIP() << "no systemd-analyze here";
    std::ifstream in(std::filesystem::path(IPMIPROV_SYSTEMD_UNITS) / "ipmiprov-os-events.service");
    std::stringstream text;
    text << in.rdbuf();
    auto unit = text.str();
    const std::string installed = IPMIPROV_INSTALLED_CLI;  // the configured unit names the installed path
    std::size_t replaced = 0;
    for (auto at = unit.find(installed); at != std::string::npos; at = unit.find(installed, at + 1), ++replaced)
        unit.replace(at, installed.size(), IPMIPROV_BIN);
    EXPECT_EQ(replaced, 2U) << "ExecStart and ExecStop";
    TempDir dir("ipmiprov-unit-");
    const auto path = dir.path() / "ipmiprov-os-events.service";
    std::ofstream(path) << unit;
    // --man=no: its Documentation= names man pages installed with the package,
    // not here (tests/package/check-packages.sh checks them in the installed tree).
    const auto verified = run({"systemd-analyze", "verify", "--man=no", path.string()});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_EQ(verified.err.find(path.filename().string()), std::string::npos) << verified.err;
}

}  // namespace
}  // namespace ipmiprov::testing

// OpenIPMI's ipmi_sim as the BMC of integration tests: started on a free
// loopback port from the project's fixture (tests/fixtures/ipmi_sim), ready
// when ipmitool gets an answer, stopped and cleaned up when the test ends.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "process.hpp"

namespace ipmiprov::testing {

// What an ipmi_sim offers besides its LAN channel.
struct IpmiSimExtras {
    // Channel 15 on a TCP port for a virtual machine's BMC device (QEMU's
    // ipmi-bmc-extern, `codec VM`): the guest's system interface.
    bool system_interface = false;
    // The emulator's command console on a TCP port (`man ipmi_sim_cmd`), to
    // change sensors and raise events while a test runs.
    bool console = false;
    // Chassis control (issue 23): the fixture's chassis-control.sh keeps the
    // chassis in this directory's files (its calls in DIR/calls); empty:
    // ipmi_sim has no chassis control and refuses the commands.
    std::filesystem::path chassis_dir;
    // The FRU inventory (issue 24): the fixture's fru.emu goes into bmc.emu
    // before its final `mc_enable 0x20` (FRU devices 0-3, their locator
    // records 10-14 and a second controller at 30h with a FRU of its own).
    bool fru = false;
};

class IpmiSim {
public:
    static constexpr const char* kUser = "ipmiusr";
    static constexpr const char* kPassword = "test";

    // Starts ipmi_sim; throws with the simulator's log when it does not come up.
    explicit IpmiSim(const std::filesystem::path& fixture_dir, const IpmiSimExtras& extras = {});
    ~IpmiSim();
    IpmiSim(const IpmiSim&) = delete;
    IpmiSim& operator=(const IpmiSim&) = delete;

    [[nodiscard]] int port() const { return port_; }
    // The TCP port of the system interface (IpmiSimExtras::system_interface).
    [[nodiscard]] int system_interface_port() const { return system_interface_port_; }
    // Runs one emulator command on the console (IpmiSimExtras::console) and
    // returns what it printed (nothing when it worked); throws when the
    // console cannot be reached or does not answer within 5 s.
    [[nodiscard]] std::string console(const std::string& command) const;
    [[nodiscard]] std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }

    // ipmitool over RMCP+ (cipher suite 3: ipmi_sim has 0..14, not 17) or IPMI 1.5.
    [[nodiscard]] std::vector<std::string> ipmitool(bool ipmi15 = false) const;
    // The connection arguments of `ipmiprov --lan`.
    [[nodiscard]] std::vector<std::string> ipmiprov_lan() const;
    // FreeIPMI's common arguments (LAN 2.0 needs the opensesspriv workaround with ipmi_sim).
    [[nodiscard]] std::vector<std::string> freeipmi() const;
    // --sdr-cache-directory of FreeIPMI's SDR-reading tools (ipmi-sensors,
    // ipmi-sel, ipmi-fru): a directory of this BMC's own. FreeIPMI's default,
    // ~/.freeipmi, names its caches by host and port, and a port used again
    // by a later ipmi_sim with other SDRs finds an "out of date" cache there.
    [[nodiscard]] std::vector<std::string> freeipmi_sdr_cache() const;
    [[nodiscard]] std::string log() const;
    // The simulator's process, to stop (SIGSTOP) and resume it: a BMC that goes silent.
    [[nodiscard]] pid_t pid() const { return process_->pid(); }

private:
    std::unique_ptr<TempDir> dir_;
    int port_ = 0;
    int system_interface_port_ = 0;
    int console_port_ = 0;
    std::unique_ptr<Background> process_;
};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

// `ipmiprov --lan <sim> ARGS` with its caches in `cache_dir`.
RunResult ipmiprov_over_lan(const IpmiSim& sim, const std::filesystem::path& cache_dir,
                            const std::vector<std::string>& args);

// Requests in a `-v` trace: lines "-> ..." that contain `command` (all when empty).
std::size_t requests_in_trace(const std::string& trace, const std::string& command = "");

// `ipmitool sensor` rows by name: name | reading | unit | status | lnr | lcr | lnc | unc | ucr | unr.
std::map<std::string, std::vector<std::string>> ipmitool_sensor_rows(const std::string& text);
// The record IDs of `ipmitool sel elist` ("   1 | ..." in hex).
std::vector<int> ipmitool_ids(const std::string& elist);

}  // namespace ipmiprov::testing

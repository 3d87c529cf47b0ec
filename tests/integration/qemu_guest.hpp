// A real Linux kernel's IPMI driver in the integration tests: Debian's kernel
// boots under QEMU (software emulation, no KVM needed) with a BMC device that
// ipmi_sim serves, on KCS or SSIF, and runs a script of ours against
// /dev/ipmi0. The kernel, the initramfs and the QEMU command line come from
// tests/qemu/; docs/testing.md tells how it fits together.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "ipmi_sim_harness.hpp"
#include "process.hpp"

namespace ipmiprov::testing {

enum class GuestInterface { Kcs, Ssif };
// "kcs" or "ssif", as /sys/class/ipmi/ipmi0/device/type names them.
std::string interface_name(GuestInterface interface);
// GoogleTest prints test parameters with this.
void PrintTo(GuestInterface interface, std::ostream* out);

// What the guest runs: a shell script of named steps (busybox sh).
class GuestScript {
public:
    // Runs `command`; its stdout, stderr and exit code come back under `name`.
    GuestScript& step(const std::string& name, const std::string& command);
    // A line run as is, between steps (background processes, waits).
    GuestScript& line(const std::string& shell);
    // Shell that shows `name` to QemuGuest::wait_for_signal from inside a step.
    [[nodiscard]] static std::string signal(const std::string& name);
    [[nodiscard]] std::string text() const;

private:
    std::vector<std::string> lines_;
};

struct StepResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

struct GuestOutcome {
    bool finished = false;  // the script ran to its end and the guest powered off
    int script_exit_code = -1;
    std::map<std::string, StepResult> steps;
    std::string console;  // everything the guest printed, for failure messages

    // The step's result; throws (with the console) when the guest did not report it.
    [[nodiscard]] const StepResult& step(const std::string& name) const;
};

// One boot. The guest connects to `bmc`'s system interface, so ipmi_sim must
// have been started with IpmiSimExtras::system_interface (and listen before
// the guest starts: the kernel driver gives up on a BMC that is not there).
class QemuGuest {
public:
    static constexpr auto kLimit = std::chrono::seconds(300);

    QemuGuest(GuestInterface interface, const IpmiSim& bmc, const GuestScript& script);
    ~QemuGuest();
    QemuGuest(const QemuGuest&) = delete;
    QemuGuest& operator=(const QemuGuest&) = delete;

    // Waits until a step shows GuestScript::signal(name); false when the guest
    // ends or `limit` passes first.
    bool wait_for_signal(const std::string& name, std::chrono::seconds limit = kLimit);
    // Waits (bounded) for the guest to power off and returns what it reported.
    GuestOutcome finish(std::chrono::seconds limit = kLimit);

private:
    [[nodiscard]] std::string console() const;

    std::unique_ptr<TempDir> dir_;
    std::unique_ptr<Background> qemu_;
};

}  // namespace ipmiprov::testing

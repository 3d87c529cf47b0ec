#include "qemu_guest.hpp"

#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ipmiprov::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct GuestImage {
    fs::path kernel;
    fs::path initramfs;
};

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

// The kernel (fetched once per machine) and the initramfs with our programs
// (rebuilt when they change), made once per test process.
const GuestImage& guest_image() {
    static const GuestImage image = [] {
        const fs::path scripts = IPMIPROV_QEMU_SCRIPTS;
        auto kernel = run({scripts / "fetch-kernel.sh"}, std::chrono::minutes(10));
        if (kernel.exit_code != 0) throw std::runtime_error("tests/qemu/fetch-kernel.sh failed:\n" + kernel.err);
        GuestImage made{trimmed(kernel.out), IPMIPROV_GUEST_INITRAMFS};
        auto initramfs =
            run({scripts / "make-initramfs.sh", made.initramfs, made.kernel, IPMIPROV_BIN, IPMIPROVD_BIN, "ipmitool"},
                std::chrono::minutes(2));
        if (initramfs.exit_code != 0) {
            throw std::runtime_error("tests/qemu/make-initramfs.sh failed:\n" + initramfs.err);
        }
        return made;
    }();
    return image;
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The serial console as text: no carriage returns, no firmware escape sequences.
std::string console_clean(const std::string& raw) {
    static const std::regex escapes("\x1b(\\[[0-9;?]*[A-Za-z]|[^\\[])");
    std::string text = std::regex_replace(raw, escapes, "");
    std::erase(text, '\r');
    return text;
}

const std::string kEndMarker = "===GUEST end rc=";

// Steps as the script reports them: ===STEP-OUT name===, stdout,
// ===STEP-ERR name===, stderr, ===STEP-END name rc=N===. Each section ends
// with one newline the script adds.
std::map<std::string, StepResult> parse_steps(const std::string& console) {
    static const std::regex marker("===STEP-(OUT|ERR|END) (\\S+?)(?: rc=(\\d+))?===");
    std::map<std::string, StepResult> steps;
    std::string* section = nullptr;
    std::istringstream lines(console);
    for (std::string line; std::getline(lines, line);) {
        std::smatch match;
        if (!std::regex_match(line, match, marker)) {
            if (section != nullptr) *section += line + '\n';
            continue;
        }
        auto& step = steps[match[2]];
        const auto kind = match[1].str();
        if (section != nullptr && section->ends_with('\n')) section->pop_back();
        section = kind == "OUT" ? &step.out : kind == "ERR" ? &step.err : nullptr;
        if (kind == "END") step.exit_code = std::stoi(match[3]);
    }
    return steps;
}

}  // namespace

std::string interface_name(GuestInterface interface) {
    return interface == GuestInterface::Kcs ? "kcs" : "ssif";
}

void PrintTo(GuestInterface interface, std::ostream* out) {
    *out << interface_name(interface);
}

GuestScript& GuestScript::step(const std::string& name, const std::string& command) {
    lines_.push_back("( " + command + "\n) >/tmp/step.out 2>/tmp/step.err </dev/null; report " + name + " $?");
    return *this;
}

GuestScript& GuestScript::line(const std::string& shell) {
    lines_.push_back(shell);
    return *this;
}

std::string GuestScript::signal(const std::string& name) {
    return "echo '===SIGNAL " + name + "===' >/dev/console";
}

std::string GuestScript::text() const {
    std::string script =
        "export IPMIPROV_CACHE_DIR=/tmp/ipmiprov-cache\n"
        "report() {\n"
        "  echo \"===STEP-OUT $1===\"; cat /tmp/step.out; echo\n"
        "  echo \"===STEP-ERR $1===\"; cat /tmp/step.err; echo\n"
        "  echo \"===STEP-END $1 rc=$2===\"\n"
        "}\n";
    for (const auto& line : lines_) script += line + '\n';
    // What the kernel logged about the interface, for failure messages.
    script += "( dmesg | grep -iE 'ipmi|ssif|i801'\n) >/tmp/step.out 2>/tmp/step.err; report kernel-log 0\n";
    return script;
}

const StepResult& GuestOutcome::step(const std::string& name) const {
    const auto found = steps.find(name);
    if (found == steps.end()) throw std::runtime_error("the guest did not report step " + name + ":\n" + console);
    return found->second;
}

QemuGuest::QemuGuest(GuestInterface interface, const IpmiSim& bmc, const GuestScript& script)
    : dir_(std::make_unique<TempDir>("ipmiprov-guest-")) {
    if (bmc.system_interface_port() == 0) throw std::logic_error("the ipmi_sim has no system interface");
    const auto& image = guest_image();
    const auto script_file = dir_->path() / "test.sh";
    std::ofstream(script_file) << script.text();
    qemu_ = std::make_unique<Background>(
        std::vector<std::string>{fs::path(IPMIPROV_QEMU_SCRIPTS) / "boot-guest.sh", interface_name(interface),
                                 std::to_string(bmc.system_interface_port()), image.initramfs, script_file,
                                 dir_->path()},
        dir_->path() / "console.log", std::vector<std::string>{"KERNEL_DIR=" + image.kernel.string()});
}

QemuGuest::~QemuGuest() = default;

std::string QemuGuest::console() const {
    return console_clean(read_all(dir_->path() / "console.log"));
}

bool QemuGuest::wait_for_signal(const std::string& name, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    const auto signal = "===SIGNAL " + name + "===";
    while (Clock::now() < deadline) {
        const auto text = console();
        if (text.find(signal) != std::string::npos) return true;
        if (text.find(kEndMarker) != std::string::npos || !qemu_->running()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

GuestOutcome QemuGuest::finish(std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    GuestOutcome outcome;
    while (Clock::now() < deadline && qemu_->running()) {
        if (console().find(kEndMarker) != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // After its last line the guest syncs and powers off at once.
    for (int tenth = 0; tenth < 100 && qemu_->running(); ++tenth) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    outcome.console = console();
    static const std::regex end("===GUEST end rc=(\\d+)===");
    std::smatch match;
    if (std::regex_search(outcome.console, match, end)) {
        outcome.finished = true;
        outcome.script_exit_code = std::stoi(match[1]);
    }
    outcome.steps = parse_steps(outcome.console);
    qemu_.reset();
    return outcome;
}

}  // namespace ipmiprov::testing

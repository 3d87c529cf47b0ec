#include "ipmi_sim_harness.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ipmiprov::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

constexpr auto kStartLimit = std::chrono::seconds(15);

// Whether something listens on TCP 127.0.0.1:port, from /proc/net/tcp: a
// test connection would take the one client the VM port accepts.
bool tcp_listening(int port) {
    std::ifstream table("/proc/net/tcp");
    char wanted[32];
    std::snprintf(wanted, sizeof wanted, "0100007F:%04X", static_cast<unsigned>(port));
    for (std::string line; std::getline(table, line);) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        if (local == wanted && state == "0A") return true;  // 0A: TCP_LISTEN
    }
    return false;
}

// A connected TCP socket, closed on destruction.
class TcpClient {
public:
    explicit TcpClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
        }
    }
    ~TcpClient() {
        if (fd_ >= 0) ::close(fd_);
    }
    TcpClient(const TcpClient&) = delete;
    TcpClient& operator=(const TcpClient&) = delete;

    void send_all(const std::string& text) const {
        for (std::size_t sent = 0; sent < text.size();) {
            const auto n = ::send(fd_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("console: send failed");
            sent += static_cast<std::size_t>(n);
        }
    }
    // Appends what arrives until `done(text)` or the deadline; false on timeout or close.
    template <typename Done>
    bool receive_until(std::string& text, Done done, std::chrono::steady_clock::time_point deadline) const {
        while (!done(text)) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            pollfd readable{fd_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) return false;
            char buffer[4096];
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) return false;
            text.append(buffer, static_cast<std::size_t>(n));
        }
        return true;
    }

private:
    int fd_;
};

// The console speaks telnet: drop its option negotiation (IAC, 3 bytes) and carriage returns.
std::string console_text(const std::string& raw) {
    std::string text;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (static_cast<unsigned char>(raw[i]) == 0xFF) {
            i += 2;
        } else if (raw[i] != '\r') {
            text += raw[i];
        }
    }
    return text;
}

}  // namespace

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

IpmiSim::IpmiSim(const fs::path& fixture_dir, const IpmiSimExtras& extras)
    : dir_(std::make_unique<TempDir>("ipmiprov-ipmisim-")) {
    const auto state = dir_->path() / "state";
    fs::create_directories(state);
    port_ = free_udp_port();
    auto config = read_file(fixture_dir / "lan.conf.in");
    replace_all(config, "@PORT@", std::to_string(port_));
    replace_all(config, "@STATEDIR@", state.string());
    replace_all(config, "@LANCONFIG@", (fixture_dir / "lan-config.sh").string());
    // Appended, so still in the fixture's `set_working_mc 0x20` context (`man ipmi_lan`).
    if (extras.system_interface) {
        system_interface_port_ = free_tcp_port();
        config += "serial 15 127.0.0.1 " + std::to_string(system_interface_port_) + " codec VM\n";
    }
    if (extras.console) {
        console_port_ = free_tcp_port();
        config += "console 127.0.0.1 " + std::to_string(console_port_) + "\n";
    }
    if (!extras.chassis_dir.empty()) {
        // ipmi_sim runs the string with sh -c, adding "get power", "set boot pxe" …
        config += "chassis_control \"" + (fixture_dir / "chassis-control.sh").string() + " " +
                  extras.chassis_dir.string() + "\"\n";
    }
    std::ofstream(dir_->path() / "lan.conf") << config;
    auto emu = fixture_dir / "bmc.emu";
    if (extras.fru) {
        auto machine = read_file(emu);
        const std::string enable = "mc_enable 0x20";
        const auto at = machine.rfind(enable);
        if (at == std::string::npos) throw std::runtime_error("bmc.emu has no final " + enable);
        machine.insert(at, read_file(fixture_dir / "fru.emu") + "\n");
        emu = dir_->path() / "bmc.emu";
        std::ofstream(emu) << machine;
    }

    process_ =
        std::make_unique<Background>(std::vector<std::string>{"ipmi_sim", "-c", (dir_->path() / "lan.conf").string(),
                                                              "-f", emu.string(), "-s", state.string(), "-n"},
                                     dir_->path() / "ipmi_sim.log");

    // Ready when it answers a Get Device ID; bounded.
    const auto deadline = std::chrono::steady_clock::now() + kStartLimit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_->running()) throw std::runtime_error("ipmi_sim exited at start:\n" + log());
        auto probe = run(concat(ipmitool(), {"-N", "1", "-R", "1", "raw", "6", "1"}), std::chrono::seconds(5));
        const bool listening = (system_interface_port_ == 0 || tcp_listening(system_interface_port_)) &&
                               (console_port_ == 0 || tcp_listening(console_port_));
        if (probe.exit_code == 0 && listening) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("ipmi_sim did not answer within 15 s:\n" + log());
}

IpmiSim::~IpmiSim() = default;

std::string IpmiSim::console(const std::string& command) const {
    if (console_port_ == 0) throw std::logic_error("this ipmi_sim has no console");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    TcpClient client(console_port_);
    std::string raw;
    const auto prompted = [](const std::string& text) { return console_text(text).ends_with("> "); };
    if (!client.receive_until(raw, prompted, deadline)) throw std::runtime_error("ipmi_sim console: no prompt");
    client.send_all(command + "\n");
    // It echoes the command, prints what it has to say and prompts again.
    const auto echoed_and_prompted = [&](const std::string& text) {
        const auto clean = console_text(text);
        const auto echo = clean.find(command);
        return echo != std::string::npos && clean.find("> ", echo + command.size()) != std::string::npos &&
               clean.ends_with("> ");
    };
    if (!client.receive_until(raw, echoed_and_prompted, deadline)) {
        throw std::runtime_error("ipmi_sim console: no answer to " + command + ": " + console_text(raw));
    }
    auto text = console_text(raw);
    text = text.substr(text.find(command) + command.size());
    text.resize(text.size() - 2);  // the prompt
    const auto first = text.find_first_not_of(" \n");
    return first == std::string::npos ? "" : text.substr(first);
}

RunResult ipmiprov_over_lan(const IpmiSim& sim, const fs::path& cache_dir, const std::vector<std::string>& args) {
    return run(concat(concat({IPMIPROV_BIN}, sim.ipmiprov_lan()), args), std::chrono::seconds(60),
               {"IPMIPROV_CACHE_DIR=" + cache_dir.string()});
}

std::size_t requests_in_trace(const std::string& trace, const std::string& command) {
    std::istringstream in(trace);
    std::size_t count = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("-> ", 0) == 0 && line.find(command) != std::string::npos) ++count;
    }
    return count;
}

std::vector<std::string> IpmiSim::ipmitool(bool ipmi15) const {
    std::vector<std::string> args{"ipmitool", "-I", ipmi15 ? "lan" : "lanplus"};
    if (!ipmi15) args.insert(args.end(), {"-C", "3"});
    return concat(args, {"-H", "127.0.0.1", "-p", std::to_string(port_), "-U", kUser, "-P", kPassword});
}

std::vector<std::string> IpmiSim::ipmiprov_lan() const {
    return {"--lan", host_port(), "-U", kUser, "-P", kPassword};
}

std::vector<std::string> IpmiSim::freeipmi() const {
    return {"-h", host_port(), "-u", kUser, "-p", kPassword, "-D", "LAN_2_0", "-W", "opensesspriv"};
}

std::vector<std::string> IpmiSim::freeipmi_sdr_cache() const {
    const auto dir = dir_->path() / "freeipmi-sdr-cache";
    std::filesystem::create_directories(dir);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all);  // FreeIPMI wants it private
    return {"--sdr-cache-directory", dir.string()};
}

std::string IpmiSim::log() const {
    return read_file(dir_->path() / "ipmi_sim.log");
}

std::map<std::string, std::vector<std::string>> ipmitool_sensor_rows(const std::string& text) {
    std::map<std::string, std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> cells;
        std::istringstream cells_in(line);
        for (std::string cell; std::getline(cells_in, cell, '|');) {
            const auto first = cell.find_first_not_of(' ');
            const auto last = cell.find_last_not_of(' ');
            cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
        }
        if (cells.size() >= 10) rows[cells[0]] = cells;
    }
    return rows;
}

std::vector<int> ipmitool_ids(const std::string& elist) {
    std::vector<int> ids;
    std::istringstream in(elist);
    for (std::string line; std::getline(in, line);) {
        const auto bar = line.find('|');
        if (bar != std::string::npos) ids.push_back(std::stoi(line.substr(0, bar), nullptr, 16));
    }
    return ids;
}

}  // namespace ipmiprov::testing

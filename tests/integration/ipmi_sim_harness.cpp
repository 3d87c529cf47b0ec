#include "ipmi_sim_harness.hpp"

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

}  // namespace

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

IpmiSim::IpmiSim(const fs::path& fixture_dir) : dir_(std::make_unique<TempDir>("ipmiprov-ipmisim-")) {
    const auto state = dir_->path() / "state";
    fs::create_directories(state);
    port_ = free_udp_port();
    auto config = read_file(fixture_dir / "lan.conf.in");
    replace_all(config, "@PORT@", std::to_string(port_));
    replace_all(config, "@STATEDIR@", state.string());
    std::ofstream(dir_->path() / "lan.conf") << config;

    process_ = std::make_unique<Background>(
        std::vector<std::string>{"ipmi_sim", "-c", (dir_->path() / "lan.conf").string(), "-f",
                                 (fixture_dir / "bmc.emu").string(), "-s", state.string(), "-n"},
        dir_->path() / "ipmi_sim.log");

    // Ready when it answers a Get Device ID; bounded.
    const auto deadline = std::chrono::steady_clock::now() + kStartLimit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_->running()) throw std::runtime_error("ipmi_sim exited at start:\n" + log());
        auto probe = run(concat(ipmitool(), {"-N", "1", "-R", "1", "raw", "6", "1"}), std::chrono::seconds(5));
        if (probe.exit_code == 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("ipmi_sim did not answer within 15 s:\n" + log());
}

IpmiSim::~IpmiSim() = default;

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

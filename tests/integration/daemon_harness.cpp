#include "daemon_harness.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace ipmiprov::testing {

using nlohmann::json;

Client::Client(const std::string& socket_path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    timeval limit{20, 0};  // no test waits for ever
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
}

Client::~Client() {
    ::close(fd_);
}

bool Client::send_raw(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

bool Client::send(const json& request) {
    const auto text = request.dump();
    const auto n = static_cast<std::uint32_t>(text.size());
    const std::string header{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                             static_cast<char>(n)};
    return send_raw(header + text);
}

json Client::receive() {
    unsigned char header[4];
    if (!read_exactly(header, 4)) return nullptr;
    const std::size_t n =
        (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) | (std::size_t{header[2]} << 8) | header[3];
    std::string body(n, '\0');
    if (!read_exactly(reinterpret_cast<unsigned char*>(body.data()), n)) return nullptr;
    return json::parse(body);
}

bool Client::read_exactly(unsigned char* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        const ssize_t got = ::recv(fd_, out + done, n - done, 0);
        if (got <= 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

Daemon::Daemon(const std::vector<std::string>& connection, const std::filesystem::path& dir,
               const std::vector<std::string>& extra, const std::vector<std::string>& env,
               const std::vector<std::string>& prefix)
    : socket_((dir / "ipmiprovd.sock").string()), log_(dir / "ipmiprovd.log") {
    auto args = concat(concat(concat(prefix, {IPMIPROVD_BIN}), connection),
                       {"--socket", socket_, "--cache-dir", (dir / "cache").string(), "--state-dir",
                        (dir / "state").string(), "--config", "/dev/null"});
    process_ = std::make_unique<Background>(concat(args, extra), log_, env);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        Client probe(socket_);
        const auto reply = probe.connected() ? probe.call({{"op", "hello"}}) : json(nullptr);
        if (reply.is_object() && reply.value("ok", false)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("ipmiprovd did not come up:\n" + log());
}

std::string Daemon::log() const {
    std::ifstream in(log_);
    return {std::istreambuf_iterator<char>(in), {}};
}

json Daemon::stats() {
    Client client(socket_);
    return client.call({{"op", "stats"}});
}

std::vector<std::string> lan_daemon_args(const IpmiSim& sim, const std::filesystem::path& dir) {
    std::ofstream(dir / "password") << IpmiSim::kPassword << "\n";
    // Cipher suite 3, as the CLI's tests ask for it: the daemon takes the CLI's LAN options.
    return {"--lan",           sim.host_port(),
            "--user",          IpmiSim::kUser,
            "--password-file", (dir / "password").string(),
            "--cipher-suite",  "3"};
}

bool can_run_journald() {
    return ::geteuid() == 0 && run({"unshare", "-m", "true"}).exit_code == 0;
}

std::vector<nlohmann::json> journal_records(const std::filesystem::path& dir, const std::string& message_id) {
    auto read = run({"journalctl", "-D", (dir / "log" / "journal").string(), "-o", "json", "-t", "ipmiprovd",
                     "MESSAGE_ID=" + message_id});
    std::vector<nlohmann::json> records;
    std::istringstream lines(read.out);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with("{")) records.push_back(nlohmann::json::parse(line));
    return records;
}

}  // namespace ipmiprov::testing

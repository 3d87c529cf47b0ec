// ipmiprovd as a real process for tests, and a small client of its socket
// written from docs/daemon-protocol.md (independently of the project's own).
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ipmi_sim_harness.hpp"
#include "process.hpp"

namespace ipmiprov::testing {

// One connection: a 4-byte big-endian length, then JSON; every wait bounded.
class Client {
public:
    explicit Client(const std::string& socket_path);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    [[nodiscard]] bool connected() const { return connected_; }
    bool send_raw(const std::string& bytes);
    bool send(const nlohmann::json& request);
    // The next reply, or null when the daemon hung up or took too long (20 s).
    nlohmann::json receive();
    // A daemon that refuses a client answers at once and hangs up, possibly before the request is sent
    // (EPIPE): the answer waiting in the socket is read all the same, as the project's own client does.
    nlohmann::json call(const nlohmann::json& request) {
        (void)send(request);
        return receive();
    }

private:
    bool read_exactly(unsigned char* out, std::size_t n);
    int fd_ = -1;
    bool connected_ = false;
};

// ipmiprovd on a socket in `dir`, with its SDR cache and SEL store (state) there; up when it answers
// "hello" (bounded), stopped with SIGTERM when destroyed.
class Daemon {
public:
    // `prefix`: a program that runs ipmiprovd (tests/integration/with-journald.sh).
    Daemon(const std::vector<std::string>& connection, const std::filesystem::path& dir,
           const std::vector<std::string>& extra = {}, const std::vector<std::string>& env = {},
           const std::vector<std::string>& prefix = {});
    [[nodiscard]] const std::string& socket() const { return socket_; }
    [[nodiscard]] pid_t pid() const { return process_->pid(); }
    [[nodiscard]] std::string log() const;
    nlohmann::json stats();

private:
    std::string socket_;
    std::filesystem::path log_;
    std::unique_ptr<Background> process_;
};

// The connection arguments of an ipmiprovd in front of ipmi_sim (password in a file in `dir`).
std::vector<std::string> lan_daemon_args(const IpmiSim& sim, const std::filesystem::path& dir);

// A real systemd-journald beside a daemon (with-journald.sh): root and unshare -m.
bool can_run_journald();
// What ipmiprovd wrote to that journal (in `dir`) with this MESSAGE_ID, oldest first.
std::vector<nlohmann::json> journal_records(const std::filesystem::path& dir, const std::string& message_id);

}  // namespace ipmiprov::testing

// ipmiprovd's Unix socket: accepts clients, learns who they are
// (SO_PEERCRED), and serves each on its own thread with bounded reads and
// writes, so that a slow or silent client holds up nobody else.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include "bridge/result.hpp"
#include "handler.hpp"

namespace ipmiprov::daemon {

struct ServerOptions {
    std::filesystem::path socket_path;
    mode_t mode = 0660;
    std::optional<gid_t> socket_group;  // the read group, so that its members can connect
    std::size_t max_clients = 64;
    std::chrono::milliseconds idle_timeout{300000};  // a connection with no request for this long is closed
    std::chrono::milliseconds io_timeout{10000};     // a reply the client does not take in this time is dropped
};

class Server {
public:
    Server(ServerOptions options, Handler& handler) : options_(std::move(options)), handler_(handler) {}
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Creates the socket (replacing a stale one nobody listens on).
    bridge::Status listen();
    // Accepts and serves until `stop` is set (checked every 200 ms).
    void run(const std::atomic<bool>& stop);

private:
    struct Connection {
        int fd = -1;
        Peer peer;
        std::thread thread;
        std::atomic<bool> done{false};
    };
    void serve(Connection& connection);
    void reap();
    void refuse(int fd, const std::string& why);

    ServerOptions options_;
    Handler& handler_;
    int listen_fd_ = -1;
    std::mutex connections_mutex_;
    std::list<Connection> connections_;
};

}  // namespace ipmiprov::daemon

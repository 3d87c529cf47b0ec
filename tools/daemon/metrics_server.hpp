// ipmiprovd's metrics endpoint (issue 25, docs/metrics.md): GET /metrics
// over HTTP on a TCP address or a Unix socket, answered from the daemon's
// snapshots, so that a scrape costs the BMC nothing. One connection at a
// time, one request each, every read and write within kConnectionDeadline:
// a client that stalls delays the next scrape by that much at most.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/result.hpp"
#include "provider/metrics/exposition.hpp"

namespace ipmiprov::daemon {

inline constexpr std::chrono::milliseconds kConnectionDeadline{5000};

// --metrics-listen: "PORT" (127.0.0.1), "ADDRESS:PORT" (IPv4 or
// "localhost"), "[IPv6]:PORT", or "unix:/ABSOLUTE/PATH".
struct ListenAddress {
    std::string host;  // numeric; empty for a Unix socket
    std::uint16_t port = 0;
    std::string unix_path;
    [[nodiscard]] bool is_unix() const { return !unix_path.empty(); }
    [[nodiscard]] bool loopback() const;  // 127.0.0.0/8, ::1, or a Unix socket
    [[nodiscard]] std::string text() const;
    bool operator==(const ListenAddress&) const = default;
};
bridge::Result<ListenAddress> parse_listen_address(std::string_view text);

struct MetricsServerOptions {
    ListenAddress address;
    std::optional<gid_t> socket_group;  // a Unix socket's group (mode 0660); none: 0666
    // The exposition in a format; called on the server's thread for each scrape.
    std::function<std::string(provider::metrics::Format)> render;
    std::chrono::milliseconds deadline = kConnectionDeadline;  // for each connection
};

class MetricsServer {
public:
    explicit MetricsServer(MetricsServerOptions options);
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // Binds and listens; a Unix socket path is replaced only when it is a
    // stale socket.
    bridge::Status listen();
    // The address bound (the port the system chose for port 0: tests).
    [[nodiscard]] ListenAddress bound() const { return bound_; }
    // Serves until `stop` is set (checked every 200 ms).
    void run(const std::atomic<bool>& stop);
    [[nodiscard]] std::uint64_t scrapes() const { return scrapes_.load(); }

private:
    void serve(int fd, std::chrono::steady_clock::time_point deadline);

    MetricsServerOptions options_;
    ListenAddress bound_;
    int listen_fd_ = -1;
    bool created_socket_ = false;  // the Unix socket is ours to remove
    std::atomic<std::uint64_t> scrapes_{0};
};

}  // namespace ipmiprov::daemon

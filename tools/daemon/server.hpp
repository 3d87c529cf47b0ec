// ipmiprovd's Unix socket: accepts clients, learns who they are
// (SO_PEERCRED), and serves each on its own thread with bounded reads and
// writes, so that a slow or silent client holds up nobody else, and no
// reader can take every slot (issue 18).
#pragma once

#include <sys/types.h>
#include <sys/un.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <list>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>

#include "bridge/result.hpp"
#include "handler.hpp"

namespace ipmiprov::daemon {

struct ServerOptions {
    std::filesystem::path socket_path;
    AccessPolicy policy;  // who may connect, and the socket's group and mode
    std::size_t max_clients = 64;
    std::size_t max_clients_per_user = 8;            // root exempt
    std::chrono::milliseconds idle_timeout{300000};  // no complete request for this long: closed
    std::chrono::milliseconds io_timeout{10000};     // a request must arrive whole, a reply be taken, in this time
};

// The socket's group and mode for a policy (docs/daemon.md, "Access"): with
// one group (read and write the same, or only one set) the socket belongs to
// it, mode 0660; with two different groups it is 0666 and SO_PEERCRED alone
// decides. Either way a peer that may neither read nor write is refused at
// accept.
struct SocketPermissions {
    std::optional<gid_t> group;
    mode_t mode = 0660;
};
SocketPermissions socket_permissions(const AccessPolicy& policy);

// Why a new peer is refused a connection, or nullopt. `connected` holds the
// uids of the connections being served. The last slot is root's, so that an
// administrator can always get in; `own_uid` (the daemon's user, when it does
// not run as root) is treated as root here.
struct SlotRules {
    std::size_t max_clients = 64;
    std::size_t max_clients_per_user = 8;
};
std::optional<std::string> refusal_for(const SlotRules& rules, const AccessPolicy& policy,
                                       std::span<const uid_t> connected, const Peer& peer, uid_t own_uid);

// Whether the socket at `address` is stale: a connection is refused
// (ECONNREFUSED), so nobody listens there. A listener, a full backlog
// (EAGAIN: the probe does not wait), a datagram socket such as /dev/log
// (EPROTOTYPE) or one we may not use (EACCES) is not stale, and is never
// removed.
bool is_stale_socket(const sockaddr_un& address);

class Server {
public:
    Server(ServerOptions options, Handler& handler);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Creates the socket, replacing a stale socket nobody listens on; any
    // other file at the path is an error, never deleted.
    bridge::Status listen();
    // Accepts and serves until `stop` is set (checked every 200 ms).
    void run(const std::atomic<bool>& stop);
    // SIGHUP: a new policy, and the socket's group and mode to match it.
    bridge::Status set_policy(const AccessPolicy& policy);

private:
    struct Connection {
        int fd = -1;
        Peer peer;
        std::thread thread;
        std::atomic<bool> done{false};
    };
    void accept_one();
    void accept_without_descriptors();
    void serve(Connection& connection);
    void serve_requests(Connection& connection);
    void stream(Connection& connection, const std::shared_ptr<Subscriber>& subscriber,
                const std::shared_ptr<const std::string>& reply);
    void reap();
    void refuse(int fd, const std::string& why);
    bridge::Status apply_permissions(const AccessPolicy& policy);

    ServerOptions options_;
    Handler& handler_;
    int listen_fd_ = -1;
    int spare_fd_ = -1;  // given up when descriptors run out, to refuse one client (see accept_one)
    std::mutex policy_mutex_;
    std::mutex connections_mutex_;
    std::list<Connection> connections_;
};

}  // namespace ipmiprov::daemon

#include "server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <system_error>
#include <vector>

#include "bridge/daemon_client.hpp"
#include "bridge/frame.hpp"
#include "bridge/json_text.hpp"

namespace ipmiprov::daemon {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using Clock = std::chrono::steady_clock;

std::string system_error(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

// Only a stale socket is replaced: `--socket /etc/passwd` must not delete it.
bridge::Status clear_stale_socket(const sockaddr_un& address, const std::string& path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0) {
        if (errno == ENOENT) return bridge::success();
        return make_error(ErrorKind::InvalidArgument, system_error("--socket " + path));
    }
    if (!S_ISSOCK(status.st_mode))
        return make_error(ErrorKind::InvalidArgument,
                          "--socket " + path + " exists and is not a socket; ipmiprovd replaces only a stale socket");
    if (!is_stale_socket(address))
        return make_error(ErrorKind::InvalidArgument,
                          "another ipmiprovd is already listening on " + path + ", or the socket is another program's");
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return make_error(ErrorKind::PermissionDenied, system_error("removing the stale socket " + path));
    return bridge::success();
}

std::optional<Peer> peer_of(int fd) {
    ucred credentials{};
    socklen_t size = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return std::nullopt;
    return Peer{credentials.pid, credentials.uid, credentials.gid};
}

std::string error_frame(const bridge::Error& error) {
    return bridge::json_text(nlohmann::json{{"ok", false}, {"error", bridge::error_to_json(error)}});
}

std::string seconds_text(std::chrono::milliseconds duration) {
    const auto tenths = duration.count() / 100;
    // Appended, not "." + std::string: a GCC 12 -Wrestrict false positive at -O3.
    std::string text = std::to_string(tenths / 10);
    if (tenths % 10 != 0) text.append(".").append(std::to_string(tenths % 10));
    return text.append(" s");
}

}  // namespace

bool is_stale_socket(const sockaddr_un& address) {
    const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (probe < 0) return false;
    const bool refused =
        ::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 && errno == ECONNREFUSED;
    ::close(probe);
    return refused;
}

SocketPermissions socket_permissions(const AccessPolicy& policy) {
    if (policy.read_group && policy.write_group && *policy.read_group != *policy.write_group)
        return SocketPermissions{std::nullopt, 0666};
    return SocketPermissions{policy.read_group ? policy.read_group : policy.write_group, 0660};
}

std::optional<std::string> refusal_for(const SlotRules& rules, const AccessPolicy& policy,
                                       std::span<const uid_t> connected, const Peer& peer, uid_t own_uid) {
    // The daemon's own user (an unprivileged test or demo run) counts as root here.
    const bool root = peer.uid == 0 || peer.uid == own_uid;
    if (!root && !allowed(policy, peer, Access::Read) && !allowed(policy, peer, Access::Write))
        return "permission denied: " + peer_text(peer) +
               " may not use ipmiprovd (root, the read group and the write group may)";
    // One slot is root's, when there are two or more.
    const std::size_t reserved = rules.max_clients > 1 ? 1 : 0;
    const std::size_t limit = root ? rules.max_clients : rules.max_clients - reserved;
    if (connected.size() >= limit)
        return "ipmiprovd is busy: it is serving its limit of " + std::to_string(rules.max_clients) + " clients" +
               (root || reserved == 0 ? "" : " (the last is kept for root)");
    if (!root && static_cast<std::size_t>(std::count(connected.begin(), connected.end(), peer.uid)) >=
                     rules.max_clients_per_user)
        return "ipmiprovd is busy: " + peer_text(peer) + " already has " + std::to_string(rules.max_clients_per_user) +
               " connections (max-clients-per-user)";
    return std::nullopt;
}

Server::Server(ServerOptions options, Handler& handler) : options_(std::move(options)), handler_(handler) {
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);  // NOLINT(cppcoreguidelines-pro-type-vararg)
}

bridge::Status Server::listen() {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const auto path = options_.socket_path.string();
    if (path.size() >= sizeof address.sun_path)
        return make_error(ErrorKind::InvalidArgument, "socket path too long: " + path);
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    std::error_code ignored;
    std::filesystem::create_directories(options_.socket_path.parent_path(), ignored);
    if (auto cleared = clear_stale_socket(address, path); !cleared.ok()) return cleared;
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) return make_error(ErrorKind::Transport, system_error("socket"));
    if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(listen_fd_);
        listen_fd_ = -1;  // nothing of ours at the path: the destructor must not remove it
        return make_error(ErrorKind::PermissionDenied, system_error("bind " + path));
    }
    if (auto applied = apply_permissions(options_.policy); !applied.ok()) return applied;
    if (::listen(listen_fd_, 64) != 0) return make_error(ErrorKind::Transport, system_error("listen " + path));
    return bridge::success();
}

bridge::Status Server::apply_permissions(const AccessPolicy& policy) {
    const auto path = options_.socket_path.string();
    const auto permissions = socket_permissions(policy);
    // Without a group the socket keeps the daemon's own (root's, as a service).
    const gid_t group = permissions.group ? *permissions.group : ::getegid();
    if (::chown(path.c_str(), static_cast<uid_t>(-1), group) != 0)
        return make_error(ErrorKind::PermissionDenied, system_error("chown " + path));
    if (::chmod(path.c_str(), permissions.mode) != 0)
        return make_error(ErrorKind::PermissionDenied, system_error("chmod " + path));
    return bridge::success();
}

bridge::Status Server::set_policy(const AccessPolicy& policy) {
    std::lock_guard lock(policy_mutex_);
    options_.policy = policy;
    return apply_permissions(policy);
}

void Server::refuse(int fd, const std::string& why) {
    (void)bridge::write_frame(fd, error_frame(make_error(ErrorKind::Transport, why)), std::chrono::milliseconds(500));
    ::close(fd);
}

void Server::run(const std::atomic<bool>& stop) {
    while (!stop.load()) {
        reap();
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) continue;
        accept_one();
    }
}

void Server::accept_one() {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE) {
            accept_without_descriptors();
        } else if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));  // whatever it is, no busy loop
        }
        return;
    }
    auto peer = peer_of(fd);
    if (!peer) {
        refuse(fd, "ipmiprovd could not tell who is asking (SO_PEERCRED)");
        return;
    }
    AccessPolicy policy;
    {
        std::lock_guard lock(policy_mutex_);
        policy = options_.policy;
    }
    std::lock_guard lock(connections_mutex_);
    std::vector<uid_t> connected;
    for (const auto& connection : connections_)
        if (!connection.done.load()) connected.push_back(connection.peer.uid);
    const SlotRules rules{options_.max_clients, options_.max_clients_per_user};
    if (auto why = refusal_for(rules, policy, connected, *peer, ::geteuid())) {
        refuse(fd, *why);
        return;
    }
    auto& connection = connections_.emplace_back();
    connection.fd = fd;
    connection.peer = *peer;
    try {
        connection.thread = std::thread([this, &connection] { serve(connection); });
    } catch (const std::system_error&) {  // no thread to be had (EAGAIN): this client waits for none
        connections_.pop_back();
        refuse(fd, "ipmiprovd is busy: it cannot start a thread for another client");
    }
}

// Out of descriptors, the pending client would stay in the backlog and
// poll() would report it at once, for ever: a busy loop (issue 18). The
// spare descriptor is given up to accept it, tell it why, and hang up.
void Server::accept_without_descriptors() {
    if (spare_fd_ >= 0) {
        ::close(spare_fd_);
        spare_fd_ = -1;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) refuse(fd, "ipmiprovd is busy: it has run out of file descriptors");
        spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);  // NOLINT(cppcoreguidelines-pro-type-vararg)
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let connections end
}

// One client's requests. Two clocks (issue 18): once a frame's first byte
// has come, the whole frame must come within the io timeout; and the idle
// timeout counts from the last complete request, so that a byte now and then
// does not hold a slot.
void Server::serve_requests(Connection& connection) {
    bridge::FrameReader reader(bridge::kMaxRequestPayload);
    std::vector<std::uint8_t> chunk(16384);
    auto idle_deadline = Clock::now() + options_.idle_timeout;
    auto frame_deadline = idle_deadline;
    bool mid_frame = false;  // a request has begun and not ended: frame_deadline applies
    while (true) {
        const auto deadline = mid_frame ? frame_deadline : idle_deadline;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{connection.fd, POLLIN, 0};
        const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count()) + 1) : 0;
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0 && Clock::now() < deadline) continue;
        if (ready == 0 && mid_frame) {
            const auto late = make_error(ErrorKind::Timeout, "the request did not arrive whole within " +
                                                                 seconds_text(options_.io_timeout) + "; closing");
            (void)bridge::write_frame(connection.fd, error_frame(late), options_.io_timeout);
            return;
        }
        if (ready <= 0) return;  // idle, or shut down
        const ssize_t n = ::recv(connection.fd, chunk.data(), chunk.size(), 0);
        if (n <= 0) return;
        if (!mid_frame) frame_deadline = Clock::now() + options_.io_timeout;
        mid_frame = true;
        auto payloads = reader.feed(std::span(chunk.data(), static_cast<std::size_t>(n)));
        if (!payloads.ok()) {
            // An oversized frame cannot be skipped safely: say why, then hang up.
            (void)bridge::write_frame(connection.fd, error_frame(payloads.error()), options_.io_timeout);
            return;
        }
        for (const auto& payload : *payloads) {
            std::shared_ptr<Subscriber> subscription;
            const auto reply = handler_.handle(payload, connection.peer, &subscription);
            if (subscription) {
                // From here on the daemon speaks: the connection is the subscription's.
                stream(connection, subscription, reply);
                handler_.unsubscribe(subscription);
                return;
            }
            if (!bridge::write_frame(connection.fd, *reply, options_.io_timeout).ok()) return;
        }
        if (!payloads->empty()) {
            idle_deadline = Clock::now() + options_.idle_timeout;
            // Bytes of the next request that came with this one start its clock now.
            mid_frame = reader.buffered() > 0;
            frame_deadline = Clock::now() + options_.io_timeout;
        }
    }
}

// A subscription (docs/daemon-protocol.md): the reply, then each message
// as the refresh loop publishes it. The thread sleeps on the socket and on
// the subscriber's queue. A subscriber that does not take a message within
// the idle timeout is closed; until then its queue fills and it is told
// what it lost, and nobody else waits for it. Anything the client sends
// now is an error that ends the subscription.
void Server::stream(Connection& connection, const std::shared_ptr<Subscriber>& subscriber,
                    const std::shared_ptr<const std::string>& reply) {
    if (!bridge::write_frame(connection.fd, *reply, options_.io_timeout).ok()) return;
    std::array<std::uint8_t, 256> chunk{};
    while (true) {
        std::array<pollfd, 2> waiting{{{connection.fd, POLLIN, 0}, {subscriber->wake_fd(), POLLIN, 0}}};
        const int ready = ::poll(waiting.data(), waiting.size(), 1000);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return;
        if ((waiting[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t n = ::recv(connection.fd, chunk.data(), chunk.size(), MSG_DONTWAIT);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n <= 0) return;  // the subscriber left, or the daemon is stopping
            const auto error = make_error(ErrorKind::InvalidArgument,
                                          "a subscription takes no requests; open another connection for them");
            (void)bridge::write_frame(connection.fd, error_frame(error), options_.io_timeout);
            return;
        }
        for (const auto& message : subscriber->take())
            if (!bridge::write_frame(connection.fd, *message, options_.idle_timeout).ok()) return;
    }
}

// Nothing one client sends may end the daemon: an exception ends only this
// connection, with a last error frame.
void Server::serve(Connection& connection) {
    try {
        serve_requests(connection);
    } catch (const std::exception& e) {
        std::cerr << "ipmiprovd: " << peer_text(connection.peer) << ": internal error: " << e.what() << std::endl;
        try {
            (void)bridge::write_frame(connection.fd,
                                      error_frame(make_error(ErrorKind::Protocol, "ipmiprovd: internal error")),
                                      std::chrono::milliseconds(500));
        } catch (...) {  // NOLINT(bugprone-empty-catch): the connection closes below either way
        }
    }
    std::lock_guard lock(connections_mutex_);  // the destructor may be shutting this fd down
    ::close(connection.fd);
    connection.fd = -1;
    connection.done = true;
}

void Server::reap() {
    std::lock_guard lock(connections_mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
        if (it->done.load()) {
            it->thread.join();
            it = connections_.erase(it);
        } else {
            ++it;
        }
    }
}

Server::~Server() {
    {
        std::lock_guard lock(connections_mutex_);
        for (auto& connection : connections_)
            if (!connection.done.load() && connection.fd >= 0) ::shutdown(connection.fd, SHUT_RDWR);
    }
    for (auto& connection : connections_)
        if (connection.thread.joinable()) connection.thread.join();
    if (listen_fd_ >= 0) {
        ::close(listen_fd_);
        std::error_code ignored;
        std::filesystem::remove(options_.socket_path, ignored);
    }
    if (spare_fd_ >= 0) ::close(spare_fd_);
}

}  // namespace ipmiprov::daemon

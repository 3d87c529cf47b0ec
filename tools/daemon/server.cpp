#include "server.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "bridge/daemon_client.hpp"
#include "bridge/frame.hpp"

namespace ipmiprov::daemon {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

std::string system_error(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

// Whether something already answers on the socket path (another daemon).
bool someone_listens(const sockaddr_un& address) {
    const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe < 0) return false;
    const bool answers = ::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(probe);
    return answers;
}

std::optional<Peer> peer_of(int fd) {
    ucred credentials{};
    socklen_t size = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return std::nullopt;
    return Peer{credentials.pid, credentials.uid, credentials.gid};
}

}  // namespace

bridge::Status Server::listen() {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const auto path = options_.socket_path.string();
    if (path.size() >= sizeof address.sun_path)
        return make_error(ErrorKind::InvalidArgument, "socket path too long: " + path);
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    std::error_code ignored;
    std::filesystem::create_directories(options_.socket_path.parent_path(), ignored);
    if (std::filesystem::exists(options_.socket_path)) {
        if (someone_listens(address))
            return make_error(ErrorKind::InvalidArgument, "another ipmiprovd is already listening on " + path);
        std::filesystem::remove(options_.socket_path, ignored);  // stale, from a daemon that died
    }
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) return make_error(ErrorKind::Transport, system_error("socket"));
    if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return make_error(ErrorKind::PermissionDenied, system_error("bind " + path));
    if (options_.socket_group && ::chown(path.c_str(), static_cast<uid_t>(-1), *options_.socket_group) != 0)
        return make_error(ErrorKind::PermissionDenied, system_error("chown " + path));
    if (::chmod(path.c_str(), options_.mode) != 0)
        return make_error(ErrorKind::PermissionDenied, system_error("chmod " + path));
    if (::listen(listen_fd_, 64) != 0) return make_error(ErrorKind::Transport, system_error("listen " + path));
    return bridge::success();
}

void Server::refuse(int fd, const std::string& why) {
    nlohmann::json reply{{"ok", false}, {"error", bridge::error_to_json(make_error(ErrorKind::Transport, why))}};
    (void)bridge::write_frame(fd, reply.dump(), std::chrono::milliseconds(500));
    ::close(fd);
}

void Server::run(const std::atomic<bool>& stop) {
    while (!stop.load()) {
        reap();
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        auto peer = peer_of(fd);
        if (!peer) {
            refuse(fd, "ipmiprovd could not tell who is asking (SO_PEERCRED)");
            continue;
        }
        std::lock_guard lock(connections_mutex_);
        if (connections_.size() >= options_.max_clients) {
            refuse(fd, "ipmiprovd is serving its limit of " + std::to_string(options_.max_clients) + " clients");
            continue;
        }
        auto& connection = connections_.emplace_back();
        connection.fd = fd;
        connection.peer = *peer;
        connection.thread = std::thread([this, &connection] { serve(connection); });
    }
}

void Server::serve(Connection& connection) {
    bridge::FrameReader reader(bridge::kMaxRequestPayload);
    std::vector<std::uint8_t> chunk(16384);
    bool open = true;
    while (open) {
        pollfd p{connection.fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(options_.idle_timeout.count()));
        if (ready <= 0) break;  // idle, or shut down
        const ssize_t n = ::recv(connection.fd, chunk.data(), chunk.size(), 0);
        if (n <= 0) break;
        auto payloads = reader.feed(std::span(chunk.data(), static_cast<std::size_t>(n)));
        if (!payloads.ok()) {
            // An oversized frame cannot be skipped safely: say why, then hang up.
            nlohmann::json reply{{"ok", false}, {"error", bridge::error_to_json(payloads.error())}};
            (void)bridge::write_frame(connection.fd, reply.dump(), options_.io_timeout);
            break;
        }
        for (const auto& payload : *payloads) {
            const auto reply = handler_.handle(payload, connection.peer);
            if (!bridge::write_frame(connection.fd, *reply, options_.io_timeout).ok()) {
                open = false;
                break;
            }
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
}

}  // namespace ipmiprov::daemon

#include "metrics_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "http.hpp"
#include "server.hpp"

namespace ipmiprov::daemon {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using Clock = std::chrono::steady_clock;

bridge::Error listen_error(std::string what) {
    return make_error(ErrorKind::InvalidArgument, std::string("--metrics-listen ") + std::move(what));
}

std::optional<std::uint16_t> port_of(std::string_view text) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    auto [at, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || at != end || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

bool is_ipv6(const std::string& host) {
    return host.find(':') != std::string::npos;
}

// The socket address of a TCP ListenAddress (numeric, checked by the parser).
struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t size = 0;
};
SocketAddress socket_address(const ListenAddress& address) {
    SocketAddress out;
    if (is_ipv6(address.host)) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(address.port);
        (void)inet_pton(AF_INET6, address.host.c_str(), &v6->sin6_addr);
        out.size = sizeof(sockaddr_in6);
    } else {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(address.port);
        (void)inet_pton(AF_INET, address.host.c_str(), &v4->sin_addr);
        out.size = sizeof(sockaddr_in);
    }
    return out;
}

std::string system_error(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

// Milliseconds left until `deadline`, for poll; 0 when past.
int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

bool wait_for(int fd, short events, Clock::time_point deadline) {
    pollfd entry{fd, events, 0};
    while (true) {
        const int ready = ::poll(&entry, 1, remaining_ms(deadline));
        if (ready > 0) return true;
        if (ready == 0 || errno != EINTR) return false;
    }
}

// The request head, or the response that says why there is none.
struct Received {
    std::optional<http::Request> request;
    std::optional<http::Response> refusal;  // none: the client went away
};

Received receive_head(int fd, Clock::time_point deadline, std::chrono::milliseconds allowed) {
    std::string received;
    std::array<char, 2048> buffer{};
    while (true) {
        if (auto end = http::head_end(received); end && *end <= http::kMaxHead) {
            auto parsed = http::parse_request(std::string_view(received).substr(0, *end));
            if (parsed.ok()) return {std::move(*parsed), std::nullopt};
            return {std::nullopt, http::text_response(400, parsed.error().message + "\n")};
        }
        if (received.size() > http::kMaxHead)  // whole or not, the head is too long
            return {std::nullopt, http::text_response(431, std::string("the request head is over ") +
                                                               std::to_string(http::kMaxHead) + " bytes\n")};
        if (!wait_for(fd, POLLIN, deadline))
            return {std::nullopt, http::text_response(408, std::string("the request did not come whole in ") +
                                                               std::to_string(allowed.count()) + " ms\n")};
        const auto got = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return {};
        received.append(buffer.data(), static_cast<std::size_t>(got));
    }
}

// Closes after the reply is on its way: the write side first, then what
// the client still sends (a body, more requests) read and dropped until it
// closes or the deadline, so that the kernel does not answer unread bytes
// with a reset that could throw away the reply's end.
void close_gracefully(int fd, Clock::time_point deadline) {
    ::shutdown(fd, SHUT_WR);
    std::array<char, 4096> sink{};
    while (wait_for(fd, POLLIN, deadline)) {
        const auto got = ::recv(fd, sink.data(), sink.size(), 0);
        if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) break;
    }
    ::close(fd);
}

void send_all(int fd, std::string_view bytes, Clock::time_point deadline) {
    while (!bytes.empty()) {
        const auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_for(fd, POLLOUT, deadline)) continue;
        return;  // gone, or too slow to take it: the connection is closed
    }
}

}  // namespace

bool ListenAddress::loopback() const {
    if (is_unix()) return true;
    if (is_ipv6(host)) return host == "::1";
    return host.rfind("127.", 0) == 0;
}

std::string ListenAddress::text() const {
    if (is_unix()) return "unix:" + unix_path;
    return (is_ipv6(host) ? "[" + host + "]" : host) + std::string(":") + std::to_string(port);
}

bridge::Result<ListenAddress> parse_listen_address(std::string_view text) {
    ListenAddress address;
    if (text.rfind("unix:", 0) == 0) {
        address.unix_path = std::string(text.substr(5));
        if (address.unix_path.empty() || address.unix_path.front() != '/')
            return listen_error("unix: needs an absolute path");
        if (address.unix_path.size() >= sizeof(sockaddr_un::sun_path))
            return listen_error("unix: path is longer than a socket path may be");
        return address;
    }
    const auto colon = text.rfind(':');
    std::string_view host = colon == std::string_view::npos ? std::string_view("127.0.0.1") : text.substr(0, colon);
    const auto port = port_of(colon == std::string_view::npos ? text : text.substr(colon + 1));
    if (!port) return listen_error(std::string("\"") + std::string(text) + "\": the port must be a number 0 to 65535");
    address.port = *port;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        address.host = std::string(host.substr(1, host.size() - 2));
        in6_addr parsed{};
        if (inet_pton(AF_INET6, address.host.c_str(), &parsed) != 1)
            return listen_error(std::string("\"") + std::string(text) + "\": not an IPv6 address in brackets");
        return address;
    }
    address.host = host == "localhost" ? std::string("127.0.0.1") : std::string(host);
    in_addr parsed{};
    if (inet_pton(AF_INET, address.host.c_str(), &parsed) != 1)
        return listen_error(std::string("\"") + std::string(text) +
                            "\": the address must be numeric IPv4, [IPv6] or localhost (no name lookups)");
    return address;
}

MetricsServer::MetricsServer(MetricsServerOptions options) : options_(std::move(options)) {}

MetricsServer::~MetricsServer() {
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (created_socket_) ::unlink(bound_.unix_path.c_str());
}

bridge::Status MetricsServer::listen() {
    const auto& address = options_.address;
    const int family = address.is_unix() ? AF_UNIX : is_ipv6(address.host) ? AF_INET6 : AF_INET;
    listen_fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listen_fd_ < 0) return make_error(ErrorKind::Transport, system_error("--metrics-listen socket"));
    bound_ = address;
    if (address.is_unix()) {
        sockaddr_un unix_address{};
        unix_address.sun_family = AF_UNIX;
        std::memcpy(unix_address.sun_path, address.unix_path.c_str(), address.unix_path.size() + 1);
        struct stat status {};
        if (::lstat(address.unix_path.c_str(), &status) == 0) {
            // Only a socket nobody answers on is replaced (as --socket).
            if (!S_ISSOCK(status.st_mode) || !is_stale_socket(unix_address))
                return listen_error(address.unix_path + " exists and is not a stale socket");
            ::unlink(address.unix_path.c_str());
        }
        if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&unix_address), sizeof unix_address) != 0)
            return make_error(ErrorKind::Transport, system_error(std::string("--metrics-listen ") + address.text()));
        created_socket_ = true;
        const bool grouped = options_.socket_group.has_value();
        if ((grouped && ::chown(address.unix_path.c_str(), static_cast<uid_t>(-1), *options_.socket_group) != 0) ||
            ::chmod(address.unix_path.c_str(), grouped ? 0660 : 0666) != 0)
            return make_error(ErrorKind::PermissionDenied,
                              system_error(std::string("--metrics-listen ") + address.text()));
    } else {
        const int yes = 1;
        (void)::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        const auto socket = socket_address(address);
        if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&socket.storage), socket.size) != 0)
            return make_error(ErrorKind::Transport, system_error(std::string("--metrics-listen ") + address.text()));
        sockaddr_storage actual{};
        socklen_t size = sizeof actual;
        if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&actual), &size) == 0)
            bound_.port = ntohs(actual.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&actual)->sin6_port
                                                             : reinterpret_cast<sockaddr_in*>(&actual)->sin_port);
    }
    if (::listen(listen_fd_, 16) != 0)
        return make_error(ErrorKind::Transport, system_error(std::string("--metrics-listen ") + address.text()));
    return bridge::success();
}

void MetricsServer::run(const std::atomic<bool>& stop) {
    while (!stop.load()) {
        pollfd entry{listen_fd_, POLLIN, 0};
        if (::poll(&entry, 1, 200) <= 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            // Out of descriptors or the like: wait a little rather than spin.
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) ::poll(nullptr, 0, 100);
            continue;
        }
        const auto deadline = Clock::now() + options_.deadline;
        serve(fd, deadline);
        // Past the deadline already (a stalled client): closed at once.
        close_gracefully(fd, std::min(deadline, Clock::now() + std::chrono::milliseconds(500)));
    }
}

void MetricsServer::serve(int fd, std::chrono::steady_clock::time_point deadline) {
    auto received = receive_head(fd, deadline, options_.deadline);
    if (!received.request && !received.refusal) return;
    http::Response response;
    // HEAD is answered as GET would be, without the body, whatever the status.
    const bool head_only = received.request && received.request->method == "HEAD";
    if (received.refusal) {
        response = std::move(*received.refusal);
    } else if (received.request->method != "GET" && received.request->method != "HEAD") {
        response = http::text_response(405, "only GET and HEAD are served here\n");
        response.allow = "GET, HEAD";
    } else if (received.request->path == "/metrics") {
        const auto format = provider::metrics::negotiate(received.request->accept);
        response.content_type = std::string(provider::metrics::content_type(format));
        try {
            response.body = options_.render(format);
            scrapes_.fetch_add(1);
        } catch (const std::exception& e) {
            response = http::text_response(500, std::string("the metrics could not be made: ") + e.what() + "\n");
        }
    } else if (received.request->path == "/") {
        response.body = "ipmiprovd: the BMC's sensors, SEL and chassis as metrics at /metrics\n";
    } else {
        response = http::text_response(404, "not found: ipmiprovd serves /metrics\n");
    }
    send_all(fd, http::serialize(response, head_only), deadline);
}

}  // namespace ipmiprov::daemon

#include "bridge/sessionless.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

#include "bridge/bytes.hpp"

namespace ipmiprov::bridge {
namespace {

using Clock = std::chrono::steady_clock;

// RMCP header (ASF 2.0 §3.2.2.1, IPMI 2.0 §13.1.3): version 06h, reserved,
// sequence FFh (no RMCP ACK), class 07h (IPMI).
constexpr std::array<std::uint8_t, 4> kRmcpHeader{0x06, 0x00, 0xFF, 0x07};
constexpr std::uint8_t kAuthTypeNone = 0x00;
constexpr std::uint8_t kBmcAddress = 0x20;
constexpr std::uint8_t kRemoteConsole = 0x81;  // a software ID (§5.5)
constexpr std::size_t kLargestPacket = 512;

class Socket {
public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    [[nodiscard]] int fd() const { return fd_; }

private:
    int fd_;
};

Result<std::unique_ptr<Socket>> connect_udp(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    const auto service = std::to_string(port);
    if (const int error = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); error != 0)
        return make_error(ErrorKind::NotFound, "unknown host \"" + host + "\": " + ::gai_strerror(error));
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
    std::string failure = "no address";
    for (const auto* address = found; address != nullptr; address = address->ai_next) {
        auto socket = std::make_unique<Socket>(::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, 0));
        if (socket->fd() < 0 || ::connect(socket->fd(), address->ai_addr, address->ai_addrlen) != 0) {
            failure = std::strerror(errno);
            continue;
        }
        return socket;
    }
    return make_error(ErrorKind::Transport, "cannot reach " + host + ": " + failure);
}

}  // namespace

std::vector<std::uint8_t> sessionless_packet(const Request& request, std::uint8_t sequence) {
    std::vector<std::uint8_t> packet(kRmcpHeader.begin(), kRmcpHeader.end());
    packet.push_back(kAuthTypeNone);
    put_u32le(packet, 0);  // session sequence number
    put_u32le(packet, 0);  // session ID
    const std::array<std::uint8_t, 2> header{kBmcAddress, static_cast<std::uint8_t>(request.netfn << 2 | request.lun)};
    std::vector<std::uint8_t> body{kRemoteConsole, static_cast<std::uint8_t>((sequence & 0x3F) << 2), request.cmd};
    body.insert(body.end(), request.data.begin(), request.data.end());
    packet.push_back(static_cast<std::uint8_t>(header.size() + 1 + body.size() + 1));
    packet.insert(packet.end(), header.begin(), header.end());
    packet.push_back(ipmb_checksum(header));
    packet.insert(packet.end(), body.begin(), body.end());
    packet.push_back(ipmb_checksum(body));
    return packet;
}

Result<Response> decode_sessionless_reply(std::span<const std::uint8_t> packet, const Request& request,
                                          std::uint8_t sequence) {
    const auto malformed = [](const std::string& what) {
        return make_error(ErrorKind::Protocol, "malformed reply outside a session: " + what);
    };
    ByteReader reader(packet);
    const auto rmcp = reader.take(kRmcpHeader.size());
    if (!rmcp || !std::equal(rmcp->begin(), rmcp->end(), kRmcpHeader.begin()))
        return malformed("not an RMCP packet of class IPMI");
    const auto auth_type = reader.u8();
    if (!auth_type || *auth_type != kAuthTypeNone) return malformed("authentication type is not none");
    const auto session_sequence = reader.u32le();
    const auto session_id = reader.u32le();
    const auto length = reader.u8();
    if (!session_sequence || !session_id || !length) return malformed("session header cut short");
    if (*session_id != 0) return malformed("a session ID outside a session");
    const auto message = reader.take(*length);
    // Connection header, checksum, responder, sequence, command, completion code, checksum.
    constexpr std::size_t kShortestMessage = 7;
    if (!message || message->size() < kShortestMessage)
        return malformed("message of " + std::to_string(*length) + " bytes, " + std::to_string(reader.remaining()) +
                         " present");
    const auto header = message->first(3);
    const auto body = message->subspan(3);
    if (ipmb_checksum(header.first(2)) != header[2]) return malformed("header checksum");
    if (ipmb_checksum(body.first(body.size() - 1)) != body.back()) return malformed("data checksum");
    if (header[0] != kRemoteConsole || (header[1] >> 2) != (request.netfn | 1))
        return malformed("addressed to another requester or netfn");
    if (body[0] != kBmcAddress || (body[1] >> 2) != (sequence & 0x3F) || body[2] != request.cmd)
        return malformed("answers another request");
    Response response;
    response.completion_code = body[3];
    response.data.assign(body.begin() + 4, body.end() - 1);
    return response;
}

Result<Response> sessionless_exchange(const std::string& host, std::uint16_t port, const Request& request,
                                      std::chrono::milliseconds timeout) {
    auto socket = connect_udp(host, port);
    if (!socket.ok()) return socket.error();
    const int fd = (*socket)->fd();
    static std::atomic<std::uint8_t> next_sequence{0};
    const auto sequence = static_cast<std::uint8_t>(next_sequence++ & 0x3F);
    const auto packet = sessionless_packet(request, sequence);
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    // One send, and one more half-way through if nothing came (UDP loses packets).
    auto resend_at = start + timeout / 2;
    bool resent = false;
    std::string last_problem = "no reply within " + std::to_string(timeout.count()) + " ms";
    if (::send(fd, packet.data(), packet.size(), 0) < 0)
        return make_error(ErrorKind::Transport, "cannot send to " + host + ": " + std::strerror(errno));
    while (true) {
        const auto now = Clock::now();
        if (now >= deadline) return make_error(ErrorKind::Timeout, describe(request) + ": " + last_problem);
        if (!resent && now >= resend_at) {
            resent = true;
            static_cast<void>(::send(fd, packet.data(), packet.size(), 0));
        }
        const auto until = resent ? deadline : std::min(deadline, resend_at);
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count() + 1;
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, static_cast<int>(wait)) <= 0) continue;
        std::array<std::uint8_t, kLargestPacket> buffer{};
        const auto received = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (received < 0) {
            // ICMP port unreachable comes back as ECONNREFUSED on a connected socket.
            if (errno == ECONNREFUSED)
                return make_error(ErrorKind::Transport,
                                  host + " refused the packet (nothing listens on port " + std::to_string(port) + ")");
            continue;
        }
        auto reply =
            decode_sessionless_reply(std::span(buffer).first(static_cast<std::size_t>(received)), request, sequence);
        if (reply.ok()) return reply;
        last_problem = reply.error().message;  // a stray or broken packet: keep waiting
    }
}

}  // namespace ipmiprov::bridge

#include "udp_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

namespace ipmiprov::testing {
namespace {

constexpr std::uint8_t kRmcpClassIpmi = 0x07;
constexpr std::uint8_t kAuthTypeRmcpPlus = 0x06;
constexpr std::uint8_t kPayloadRakp1 = 0x12;

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

int bound_udp_socket() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("udp relay: socket");
    auto address = loopback(0);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        throw std::runtime_error("udp relay: bind");
    }
    return fd;
}

}  // namespace

UdpRelay::UdpRelay(int bmc_port) : bmc_port_(bmc_port) {
    listen_fd_ = bound_udp_socket();
    upstream_fd_ = bound_udp_socket();
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

UdpRelay::~UdpRelay() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
    ::close(upstream_fd_);
}

// One client at a time (the program under test): replies go to whoever sent last.
void UdpRelay::run() {
    const auto bmc = loopback(bmc_port_);
    sockaddr_in client{};
    bool have_client = false;
    std::array<std::uint8_t, 2048> buffer{};
    std::array<pollfd, 2> fds{{{listen_fd_, POLLIN, 0}, {upstream_fd_, POLLIN, 0}}};
    while (!stop_.load()) {
        if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
        if ((fds[0].revents & POLLIN) != 0) {
            socklen_t length = sizeof client;
            const auto n =
                ::recvfrom(listen_fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&client), &length);
            if (n <= 0) continue;
            have_client = true;
            if (n > 5 && buffer[3] == kRmcpClassIpmi && buffer[4] == kAuthTypeRmcpPlus &&
                (buffer[5] & 0x3F) == kPayloadRakp1)
                ++logins_;
            ::sendto(upstream_fd_, buffer.data(), static_cast<std::size_t>(n), 0,
                     reinterpret_cast<const sockaddr*>(&bmc), sizeof bmc);
        }
        if ((fds[1].revents & POLLIN) != 0) {
            const auto n = ::recv(upstream_fd_, buffer.data(), buffer.size(), 0);
            if (n > 0 && have_client)
                ::sendto(listen_fd_, buffer.data(), static_cast<std::size_t>(n), 0,
                         reinterpret_cast<const sockaddr*>(&client), sizeof client);
        }
    }
}

}  // namespace ipmiprov::testing

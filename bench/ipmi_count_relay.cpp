// A UDP relay between an IPMI LAN client and a BMC that counts what the
// client asks: every datagram towards the BMC is decoded (RMCP, IPMI 1.5
// session or RMCP+ with cipher suite 0, whose payloads travel in clear) and
// tallied by netfn/cmd. Benchmarks put it between ipmitool, FreeIPMI or
// ipmiprov and ipmi_sim; on SIGTERM or SIGINT it writes the tally as JSON.
//
//   ipmiprov_bench_relay LISTEN_PORT BMC_PORT REPORT.json
//   ipmiprov_bench_relay --free-port      prints a free UDP port on 127.0.0.1
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void request_stop(int) {
    g_stop = 1;
}

struct Tally {
    std::uint64_t datagrams = 0;
    std::uint64_t session_setup = 0;                // RMCP+ Open Session and RAKP messages
    std::uint64_t undecoded = 0;                    // encrypted or not IPMI
    std::map<std::string, std::uint64_t> commands;  // "06/01" -> count
};

// IPMI message on the LAN (§13.8): rsSA, netFn/rsLUN, checksum, rqSA, rqSeq/rqLUN, cmd, data, checksum.
std::optional<std::string> command_key(std::span<const std::uint8_t> message) {
    if (message.size() < 7) return std::nullopt;
    char key[8];
    std::snprintf(key, sizeof key, "%02x/%02x", message[1] >> 2, message[5]);
    return std::string(key);
}

// RMCP (§13.1.3) then either an IPMI 1.5 session header (§13.6) or an
// IPMI 2.0 RMCP+ session header (§13.6, Table 13-8).
void count(Tally& tally, std::span<const std::uint8_t> packet) {
    ++tally.datagrams;
    constexpr std::size_t kRmcp = 4;
    if (packet.size() < kRmcp + 1 || packet[0] != 0x06 || (packet[3] & 0x1F) != 0x07) {
        ++tally.undecoded;
        return;
    }
    std::optional<std::string> key;
    if (packet[kRmcp] == 0x06) {  // RMCP+
        if (packet.size() < 16) {
            ++tally.undecoded;
            return;
        }
        const std::uint8_t payload_type = packet[5];
        if ((payload_type & 0x3F) >= 0x10 && (payload_type & 0x3F) <= 0x15) {
            ++tally.session_setup;
            return;
        }
        if ((payload_type & 0x3F) == 0x00 && (payload_type & 0x80) == 0) key = command_key(packet.subspan(16));
    } else {  // IPMI 1.5: auth type, sequence, session ID, [auth code], length, message
        const std::size_t auth_code = packet[kRmcp] == 0x00 ? 0 : 16;
        const std::size_t message_at = kRmcp + 1 + 4 + 4 + auth_code + 1;
        if (packet.size() > message_at) key = command_key(packet.subspan(message_at));
    }
    if (key) {
        ++tally.commands[*key];
    } else {
        ++tally.undecoded;
    }
}

int udp_socket(std::uint16_t bind_port) {
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(bind_port);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
    return fd;
}

void write_report(const Tally& tally, const std::string& path) {
    nlohmann::ordered_json report{{"datagrams", tally.datagrams},
                                  {"session_setup", tally.session_setup},
                                  {"undecoded", tally.undecoded},
                                  {"commands", tally.commands}};
    std::ofstream(path) << report.dump(1) << '\n';
}

// One upstream socket per client address, so that replies find their way back.
struct Relay {
    int client_side = -1;
    sockaddr_in bmc{};
    std::map<std::pair<std::uint32_t, std::uint16_t>, std::pair<int, sockaddr_in>> upstream;
    Tally tally;

    int upstream_for(const sockaddr_in& client) {
        auto key = std::make_pair(client.sin_addr.s_addr, client.sin_port);
        if (auto it = upstream.find(key); it != upstream.end()) return it->second.first;
        const int fd = udp_socket(0);
        upstream[key] = {fd, client};
        return fd;
    }

    void from_client(std::vector<std::uint8_t>& buffer) {
        sockaddr_in client{};
        socklen_t length = sizeof client;
        const auto got =
            recvfrom(client_side, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&client), &length);
        if (got <= 0) return;
        count(tally, std::span(buffer.data(), static_cast<std::size_t>(got)));
        const int fd = upstream_for(client);
        sendto(fd, buffer.data(), static_cast<std::size_t>(got), 0, reinterpret_cast<const sockaddr*>(&bmc),
               sizeof bmc);
    }

    void from_bmc(int fd, const sockaddr_in& client, std::vector<std::uint8_t>& buffer) {
        const auto got = recv(fd, buffer.data(), buffer.size(), 0);
        if (got <= 0) return;
        sendto(client_side, buffer.data(), static_cast<std::size_t>(got), 0, reinterpret_cast<const sockaddr*>(&client),
               sizeof client);
    }

    void run() {
        std::vector<std::uint8_t> buffer(65536);
        while (g_stop == 0) {
            std::vector<pollfd> fds{{client_side, POLLIN, 0}};
            std::vector<const sockaddr_in*> clients{nullptr};
            for (const auto& [key, entry] : upstream) {
                fds.push_back({entry.first, POLLIN, 0});
                clients.push_back(&entry.second);
            }
            if (poll(fds.data(), fds.size(), 200) <= 0) continue;
            if (fds[0].revents & POLLIN) from_client(buffer);
            for (std::size_t i = 1; i < fds.size(); ++i) {
                if (fds[i].revents & POLLIN) from_bmc(fds[i].fd, *clients[i], buffer);
            }
        }
    }
};

}  // namespace

int print_free_port() {
    const int fd = udp_socket(0);
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (fd < 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 1;
    std::printf("%u\n", ntohs(address.sin_port));
    close(fd);
    return 0;
}

std::optional<std::uint16_t> port_number(const char* text) {
    unsigned value = 0;
    const std::string_view view(text);
    auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (error != std::errc{} || end != view.data() + view.size() || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

int relay_main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--free-port") return print_free_port();
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s LISTEN_PORT BMC_PORT REPORT.json\n", argv[0]);
        return 2;
    }
    const auto listen_port = port_number(argv[1]);
    const auto bmc_port = port_number(argv[2]);
    if (!listen_port || !bmc_port) {
        std::fprintf(stderr, "relay: ports must be numbers 0..65535\n");
        return 2;
    }
    Relay relay;
    relay.client_side = udp_socket(*listen_port);
    if (relay.client_side < 0) {
        std::perror("relay: cannot listen");
        return 1;
    }
    relay.bmc.sin_family = AF_INET;
    relay.bmc.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    relay.bmc.sin_port = htons(*bmc_port);
    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
    relay.run();
    write_report(relay.tally, argv[3]);
    return 0;
}

int main(int argc, char** argv) {
    try {
        return relay_main(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "relay: %s\n", error.what());
        return 1;
    }
}

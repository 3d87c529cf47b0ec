// A UDP relay between a LAN client and ipmi_sim on 127.0.0.1 that counts the
// RMCP+ logins it carries: an oracle for how often a program tries to log in
// that does not take the program's word for it. A login is one RAKP Message 1
// (IPMI 2.0 §13.20): RMCP class IPMI (§13.1.3, byte 3 = 07h), authentication
// type RMCP+ (byte 4 = 06h), payload type 12h (byte 5, low 6 bits).
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <thread>

namespace ipmiprov::testing {

class UdpRelay {
public:
    // Listens on a free port of 127.0.0.1 and forwards to 127.0.0.1:`bmc_port`.
    explicit UdpRelay(int bmc_port);
    ~UdpRelay();
    UdpRelay(const UdpRelay&) = delete;
    UdpRelay& operator=(const UdpRelay&) = delete;

    [[nodiscard]] std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] std::size_t logins() const { return logins_.load(); }

private:
    void run();

    int bmc_port_;
    int listen_fd_ = -1;    // the client's side
    int upstream_fd_ = -1;  // towards the BMC
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> logins_{0};
    std::thread thread_;
};

}  // namespace ipmiprov::testing

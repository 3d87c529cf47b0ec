// Out-of-band transport: an IPMI 1.5 or 2.0 (RMCP+) LAN session, through libOpenIPMI.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bridge/transport.hpp"

namespace ipmiprov::bridge {

enum class Privilege : std::uint8_t { Callback = 1, User = 2, Operator = 3, Admin = 4 };

struct LanOptions {
    std::string host;
    std::uint16_t port = 623;
    std::string user;
    std::string password;
    Privilege privilege = Privilege::Admin;
    std::optional<int> cipher_suite;  // RMCP+ cipher suite; library default when unset
    bool ipmi15 = false;              // IPMI 1.5 session instead of RMCP+
    std::chrono::milliseconds connect_timeout{5000};
    // -v: the session set-up step by step (what is asked, what came of it);
    // with trace_packets (-vv) also every packet of it as libOpenIPMI logs
    // them: Open Session, RAKP 1-4 (payload types 10h-15h, §13.17-13.23).
    std::function<void(const std::string&)> trace;
    bool trace_packets = false;
};

// IPMI's limits on the credentials (IPMI 2.0 §13.17 user names; §22.29 and
// §22.30: 16-byte passwords for IPMI 1.5 sessions, 20 for RMCP+).
inline constexpr std::size_t kMaxUserName = 16;
inline constexpr std::size_t kMaxPassword15 = 16;
inline constexpr std::size_t kMaxPassword20 = 20;
// An error naming the option that IPMI cannot carry.
Status check_lan_options(const LanOptions& options);

// Asks the open session's privilege level (Get Session Info, §22.20); an
// error when the BMC granted less than options.privilege, since every write
// would then fail later with "insufficient privilege".
Status check_granted_privilege(Transport& transport, const LanOptions& options);

// Opens the session (bounded by connect_timeout) and returns a ready transport,
// or an error that says what failed (address, authentication, cipher suite).
Result<std::unique_ptr<Transport>> open_lan_transport(const LanOptions& options);

}  // namespace ipmiprov::bridge

// The SHA-256 algorithms of RMCP+ (IPMI 2.0 with errata 4: cipher suites
// 15-19): RAKP-HMAC-SHA256 authentication (authentication algorithm 03h,
// §13.28, §13.31, §13.32) and HMAC-SHA256-128 integrity (integrity algorithm
// 04h, §13.28.4). Pure functions of the key exchange's values, on OpenSSL's
// HMAC; lan_transport registers them with libOpenIPMI (rakp_sha256_lan.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace ipmiprov::bridge::rakp {

inline constexpr std::uint8_t kRakpHmacSha256 = 0x03;  // Table 13-17
inline constexpr std::uint8_t kHmacSha256_128 = 0x04;  // Table 13-18

using Bytes = std::span<const std::uint8_t>;
using Sha256 = std::array<std::uint8_t, 32>;
// HMAC-SHA256 truncated to its first 128 bits: the integrity check value of
// RAKP message 4 and of every packet of the session.
using Mac128 = std::array<std::uint8_t, 16>;
using Nonce = std::array<std::uint8_t, 16>;

// What both ends know once the BMC has answered RAKP message 1 (§13.20,
// §13.21). Session IDs are the four bytes as they travel, least significant
// first.
struct KeyExchange {
    std::uint32_t console_session_id = 0;  // SIDm, the remote console's
    std::uint32_t bmc_session_id = 0;      // SIDc, the managed system's
    Nonce console_random{};                // Rm
    Nonce bmc_random{};                    // Rc
    Nonce bmc_guid{};                      // GUIDc
    std::uint8_t role = 0;                 // RAKP 1 byte 25: privilege and name-only lookup
    Bytes user_name;                       // at most 16 bytes
};

Sha256 hmac_sha256(Bytes key, Bytes data);

// RAKP 2's key exchange authentication code, made by the BMC with the user's
// password Kuid: HMAC(Kuid, SIDm | SIDc | Rm | Rc | GUIDc | Role | ULen | UName).
Sha256 rakp2_code(const KeyExchange& exchange, Bytes kuid);
// RAKP 3's code, made by the console: HMAC(Kuid, Rc | SIDm | Role | ULen | UName).
Sha256 rakp3_code(const KeyExchange& exchange, Bytes kuid);

// The session keys of §13.31 and §13.32: SIK = HMAC(Kg, Rm | Rc | Role |
// ULen | UName), where Kg is Kuid unless the BMC has a key of its own;
// K1 and K2 = HMAC(SIK, 20 bytes of 01h and 02h). K1 keys the integrity
// algorithm, the first 16 bytes of K2 AES-CBC-128.
struct SessionKeys {
    Sha256 sik{};
    Sha256 k1{};
    Sha256 k2{};
};
SessionKeys session_keys(const KeyExchange& exchange, Bytes kg);

// RAKP 4's integrity check value, made by the BMC: HMAC(SIK, Rm | SIDc | GUIDc),
// first 16 bytes.
Mac128 rakp4_check(const KeyExchange& exchange, const Sha256& sik);

// HMAC-SHA256-128 of a session packet's bytes from the session header's
// authentication type through its Next Header byte (§13.28.4).
Mac128 hmac_sha256_128(Bytes k1, Bytes packet);

// Compares in time independent of where the bytes differ.
bool same_code(Bytes expected, Bytes received);

}  // namespace ipmiprov::bridge::rakp

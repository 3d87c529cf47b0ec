// The BMC's LAN configuration (IPMI 2.0 §23.2 Get LAN Configuration
// Parameters, Table 23-4), read-only: IP address and its source, netmask,
// MAC, gateways, VLAN, and the RMCP+ cipher suites with the highest
// privilege each may be used for.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "bridge/engine.hpp"

namespace ipmiprov::provider::bmc {

inline constexpr std::uint8_t kGetLanConfigParameters = 0x02;

using Ipv4 = std::array<std::uint8_t, 4>;
using Mac = std::array<std::uint8_t, 6>;

struct Vlan {
    bool enabled = false;
    std::uint16_t id = 0;  // 12 bits
};

struct CipherSuite {
    std::uint8_t id = 0;
    std::uint8_t max_privilege = 0;  // §6.8 level; 0 unspecified
};

struct LanConfig {
    std::uint8_t channel = 0;
    std::optional<std::uint8_t> ip_source;                  // param 4: 0 unspecified, 1 static, 2 DHCP, 3 BIOS, 4 other
    std::optional<Ipv4> ip_address;                         // 3
    std::optional<Ipv4> subnet_mask;                        // 6
    std::optional<Mac> mac_address;                         // 5
    std::optional<Ipv4> default_gateway;                    // 12
    std::optional<Mac> default_gateway_mac;                 // 13
    std::optional<Ipv4> backup_gateway;                     // 14
    std::optional<Mac> backup_gateway_mac;                  // 15
    std::optional<Vlan> vlan;                               // 20
    std::optional<std::uint8_t> vlan_priority;              // 21
    std::optional<std::vector<CipherSuite>> cipher_suites;  // 22-24
    // A parameter the BMC refused or answered short: its name and why.
    std::vector<std::string> notes;
};

bridge::Request lan_parameter_request(std::uint8_t channel, std::uint8_t parameter, std::uint8_t set = 0);
// The parameter's data (after the revision byte); nullopt when the BMC does
// not support it (80h); an error for other refusals and short replies.
bridge::Result<std::optional<std::vector<std::uint8_t>>> get_lan_parameter(bridge::Engine& engine, std::uint8_t channel,
                                                                           std::uint8_t parameter);

// Decoders of one parameter's data each (Table 23-4).
std::optional<std::uint8_t> decode_ip_source(std::span<const std::uint8_t> data);
std::optional<Ipv4> decode_ipv4(std::span<const std::uint8_t> data);
std::optional<Mac> decode_mac(std::span<const std::uint8_t> data);
std::optional<Vlan> decode_vlan(std::span<const std::uint8_t> data);
// Params 22 (count), 23 (IDs after a reserved byte), 24 (privileges, two a
// byte after a reserved byte, the earlier entry in the low nibble).
std::vector<CipherSuite> decode_cipher_suites(std::span<const std::uint8_t> count,
                                              std::span<const std::uint8_t> entries,
                                              std::span<const std::uint8_t> privileges);

// All of it; a BMC that stops answering is an error, a refused parameter a note.
bridge::Result<LanConfig> read_lan_config(bridge::Engine& engine, std::uint8_t channel);

std::string ip_source_name(std::uint8_t source);  // "static", "dhcp", "bios", "other", "unspecified"
std::string ipv4_text(const Ipv4& address);       // "192.0.2.10"
std::string mac_text(const Mac& address);         // "52:54:00:12:34:56"

nlohmann::ordered_json lan_json(const LanConfig& config);
void print_lan(std::ostream& out, const LanConfig& config);

}  // namespace ipmiprov::provider::bmc

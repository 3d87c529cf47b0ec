// The simulated BMC's inventory (issue 24): its FRU devices (Get FRU
// Inventory Area Info, Read FRU Data; IPMI 2.0 §34), one LAN channel (Get
// Channel Info, §22.24) and its users on it (Get User Access, Get User Name;
// §22.27, §22.29), so that `ipmiprov --sim` shows `fru`, `users` and the CIM
// inventory classes as a real BMC does. Read-only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bridge/message.hpp"

namespace ipmiprov::bridge::sim {

struct SimUser {
    std::uint8_t id = 0;
    std::string name;  // at most 16 bytes on the wire
    bool enabled = false;
    std::uint8_t privilege = 0x0F;  // on the LAN channel: 1..5, Fh no access
    bool ipmi_messaging = false;
};

struct SimInventory {
    std::map<std::uint8_t, std::vector<std::uint8_t>> fru;  // FRU device ID -> its bytes
    std::uint8_t lan_channel = 0;                           // 0: no LAN channel
    std::uint8_t max_users = 0;                             // user IDs 1..max
    std::vector<SimUser> users;                             // the others are unnamed, disabled, no access
};

// The reply to an inventory command; nullopt for the others.
std::optional<Response> inventory_command(const SimInventory& inventory, const Request& request);

}  // namespace ipmiprov::bridge::sim

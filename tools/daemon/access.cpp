#include "access.hpp"

#include <grp.h>
#include <pwd.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "provider/chassis/chassis.hpp"

namespace ipmiprov::daemon {
namespace {

struct Command {
    std::uint8_t netfn;
    std::uint8_t cmd;
};

// The commands that only read (IPMI 2.0 Appendix G). Reserve SDR/SEL
// Repository change nothing but a reservation ID, which partial reads need.
// The chassis's are provider::chassis::is_chassis_read's.
constexpr auto kReadOnly = std::to_array<Command>({
    {0x04, 0x20},  // Get Device SDR Info
    {0x04, 0x21},  // Get Device SDR
    {0x04, 0x22},  // Reserve Device SDR Repository
    {0x04, 0x23},  // Get Sensor Reading Factors
    {0x04, 0x25},  // Get Sensor Hysteresis
    {0x04, 0x27},  // Get Sensor Thresholds
    {0x04, 0x29},  // Get Sensor Event Enable
    {0x04, 0x2B},  // Get Sensor Event Status
    {0x04, 0x2D},  // Get Sensor Reading
    {0x04, 0x2F},  // Get Sensor Type
    {0x06, 0x01},  // Get Device ID
    {0x06, 0x04},  // Get Self Test Results
    {0x06, 0x33},  // Get Message (bridged replies)
    {0x06, 0x37},  // Get System GUID
    {0x06, 0x42},  // Get Channel Info
    {0x06, 0x44},  // Get User Access (no password can be read over IPMI)
    {0x06, 0x46},  // Get User Name
    {0x0A, 0x10},  // Get FRU Inventory Area Info
    {0x0A, 0x11},  // Read FRU Data
    {0x0A, 0x20},  // Get SDR Repository Info
    {0x0A, 0x21},  // Get SDR Repository Allocation Info
    {0x0A, 0x22},  // Reserve SDR Repository
    {0x0A, 0x23},  // Get SDR
    {0x0A, 0x40},  // Get SEL Info
    {0x0A, 0x41},  // Get SEL Allocation Info
    {0x0A, 0x42},  // Reserve SEL
    {0x0A, 0x43},  // Get SEL Entry
    {0x0A, 0x48},  // Get SEL Time
    {0x0A, 0x5C},  // Get SEL Time UTC Offset
});

constexpr std::uint8_t kApp = 0x06;
constexpr std::uint8_t kSendMessage = 0x34;
constexpr std::uint8_t kTransport = 0x0C;
constexpr std::uint8_t kGetLanConfigParameters = 0x02;
// Get LAN Configuration Parameters (§23.2) reads, but parameter 16, the SNMP
// community string, is a shared secret of sorts, and OEM parameters
// (C0h-FFh) hold what a vendor chose: the write group's only.
constexpr std::uint8_t kCommunityString = 16;
constexpr std::uint8_t kFirstOemParameter = 0xC0;

bool lan_parameter_read(const bridge::Request& request) {
    return request.data.size() >= 2 && request.data[1] != kCommunityString && request.data[1] < kFirstOemParameter;
}

// A command by its netfn and number alone (inside Send Message).
bool read_only(std::uint8_t netfn, std::uint8_t cmd) {
    if (netfn == provider::chassis::kNetFnChassis)
        return provider::chassis::is_chassis_read(provider::chassis::chassis_request(cmd));
    return std::any_of(kReadOnly.begin(), kReadOnly.end(),
                       [&](const Command& c) { return c.netfn == netfn && c.cmd == cmd; });
}

// The user's name, thread-safely (connections are served on several threads).
std::optional<std::string> user_name(uid_t uid) {
    passwd entry{};
    passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) return std::nullopt;
    return std::string(entry.pw_name);
}

bool in_group(uid_t uid, gid_t primary, gid_t group) {
    if (primary == group) return true;
    const auto name = user_name(uid);
    if (!name) return false;
    int count = 64;
    std::vector<gid_t> groups(static_cast<std::size_t>(count));
    if (getgrouplist(name->c_str(), primary, groups.data(), &count) < 0) {
        groups.resize(static_cast<std::size_t>(count));
        if (getgrouplist(name->c_str(), primary, groups.data(), &count) < 0) return false;
    }
    groups.resize(static_cast<std::size_t>(count));
    return std::find(groups.begin(), groups.end(), group) != groups.end();
}

}  // namespace

bool allowed(const AccessPolicy& policy, const Peer& peer, Access access) {
    if (peer.uid == 0) return true;
    const auto& group = access == Access::Read ? policy.read_group : policy.write_group;
    if (access == Access::Read && policy.write_group && in_group(peer.uid, peer.gid, *policy.write_group)) return true;
    return group && in_group(peer.uid, peer.gid, *group);
}

Access classify(const bridge::Request& request) {
    if (request.netfn == kApp && request.cmd == kSendMessage) {
        // Send Message data: channel, then the IPMB message rsSA, netFn/rsLUN,
        // checksum, rqSA, rqSeq/rqLUN, cmd, ... (IPMI 2.0 §22.7).
        if (request.data.size() < 7) return Access::Write;
        return read_only(static_cast<std::uint8_t>(request.data[2] >> 2), request.data[6]) ? Access::Read
                                                                                           : Access::Write;
    }
    if (request.netfn == kTransport && request.cmd == kGetLanConfigParameters)
        return lan_parameter_read(request) ? Access::Read : Access::Write;
    // With its data: Set Power Restore Policy 03h changes nothing (`chassis policy list`).
    if (request.netfn == provider::chassis::kNetFnChassis)
        return provider::chassis::is_chassis_read(request) ? Access::Read : Access::Write;
    return read_only(request.netfn, request.cmd) ? Access::Read : Access::Write;
}

std::string peer_text(const Peer& peer) {
    std::string text = "uid " + std::to_string(peer.uid);
    if (const auto name = user_name(peer.uid)) text += " (" + *name + ")";
    return text;
}

}  // namespace ipmiprov::daemon

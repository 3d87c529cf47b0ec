// The unit of work every transport carries: one IPMI request and its reply.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ipmiprov::bridge {

// Where a request goes. The BMC itself is reached through the system
// interface (or the LAN session's own BMC); any other controller is an IPMB
// address on a channel, reached by bridging (IPMI 2.0 §6.12, Send Message).
struct Target {
    enum class Kind { Bmc, Ipmb };
    Kind kind = Kind::Bmc;
    std::uint8_t channel = 0;  // IPMB channel, 0 = primary IPMB
    std::uint8_t slave_address = 0x20;

    static Target bmc() { return {}; }
    static Target ipmb(std::uint8_t channel, std::uint8_t slave_address) {
        return {Kind::Ipmb, channel, slave_address};
    }
    bool operator==(const Target&) const = default;
};

inline constexpr std::uint8_t kBmcSlaveAddress = 0x20;

struct Request {
    std::uint8_t netfn = 0;  // request netfn (even)
    std::uint8_t cmd = 0;
    std::uint8_t lun = 0;  // 0..3: a field of the request, not a reason to bridge
    Target target{};
    std::vector<std::uint8_t> data;
};

struct Response {
    std::uint8_t completion_code = 0;
    std::vector<std::uint8_t> data;  // without the completion code
};

// "netfn 0x06 cmd 0x01 (Get Device ID)" style, for errors and traces.
std::string describe(const Request& request);
enum class HexCase { Lower, Upper };
// Bytes as two hex digits each, separated by spaces: "20 01 ff".
std::string hex(std::span<const std::uint8_t> bytes, HexCase letters = HexCase::Lower);
// The inverse of hex(): two hex digits a byte (either case), one space between
// bytes, nothing else; nullopt for any other text.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text);
// A record ID as the spec writes it: "01A2h".
std::string record_id_text(std::uint16_t id);
// A byte as the spec writes it: "C0h".
std::string byte_text(std::uint8_t value);

}  // namespace ipmiprov::bridge

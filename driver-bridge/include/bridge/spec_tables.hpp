// IPMI 2.0 tables the bridge needs, kept as data: completion codes (§5.2,
// Table 5-2) and the names of the commands we send (Appendix G).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ipmiprov::bridge {

namespace netfn {
inline constexpr std::uint8_t kChassis = 0x00;
inline constexpr std::uint8_t kSensorEvent = 0x04;
inline constexpr std::uint8_t kApp = 0x06;
inline constexpr std::uint8_t kStorage = 0x0A;
inline constexpr std::uint8_t kTransport = 0x0C;
}  // namespace netfn

// Completion codes the project acts on (Table 5-2, and command-specific ones).
namespace cc {
inline constexpr std::uint8_t kOk = 0x00;
inline constexpr std::uint8_t kMessageQueueEmpty = 0x80;  // Get Message: data not available
inline constexpr std::uint8_t kNakOnWrite = 0x83;         // Send Message: no controller answered
inline constexpr std::uint8_t kInvalidCommand = 0xC1;
inline constexpr std::uint8_t kOutOfSpace = 0xC4;
inline constexpr std::uint8_t kReservationCancelled = 0xC5;
inline constexpr std::uint8_t kLengthInvalid = 0xC7;
inline constexpr std::uint8_t kOutOfRange = 0xC9;
inline constexpr std::uint8_t kCannotReturn = 0xCA;  // cannot return that many bytes
inline constexpr std::uint8_t kNotPresent = 0xCB;
inline constexpr std::uint8_t kInvalidField = 0xCC;
inline constexpr std::uint8_t kUnspecified = 0xFF;
}  // namespace cc

// "reservation cancelled or invalid reservation ID" for 0xC5; a range text
// ("device specific", "command specific", "OEM") for codes not in the table.
std::string completion_code_text(std::uint8_t code);
// As above, with the command-specific codes (80h-BEh) of the command that answered.
std::string completion_code_text(std::uint8_t code, std::uint8_t netfn, std::uint8_t cmd);

// True for the codes with which BMCs refuse a read of too many bytes (Get
// SDR, Get SEL Entry, Get Device SDR): CAh, FFh, and C7h from some.
bool completion_code_means_read_too_long(std::uint8_t code);

// True for codes that say "try again": node busy, timeout while processing,
// response could not be provided, BMC initialisation in progress.
bool completion_code_is_transient(std::uint8_t code);

// "Get Device ID", or nullopt for a command we have no name for.
std::optional<std::string_view> command_name(std::uint8_t netfn, std::uint8_t cmd);

}  // namespace ipmiprov::bridge

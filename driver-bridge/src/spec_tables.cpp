#include "bridge/spec_tables.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace ipmiprov::bridge {
namespace {

struct CodeText {
    std::uint8_t code;
    std::string_view text;
};

// IPMI 2.0 Table 5-2, generic completion codes.
constexpr std::array kCompletionCodes{
    CodeText{0x00, "command completed normally"},
    CodeText{0xC0, "node busy"},
    CodeText{0xC1, "invalid command"},
    CodeText{0xC2, "command invalid for given LUN"},
    CodeText{0xC3, "timeout while processing command"},
    CodeText{0xC4, "out of space"},
    CodeText{0xC5, "reservation cancelled or invalid reservation ID"},
    CodeText{0xC6, "request data truncated"},
    CodeText{0xC7, "request data length invalid"},
    CodeText{0xC8, "request data field length limit exceeded"},
    CodeText{0xC9, "parameter out of range"},
    CodeText{0xCA, "cannot return number of requested data bytes"},
    CodeText{0xCB, "requested sensor, data, or record not present"},
    CodeText{0xCC, "invalid data field in request"},
    CodeText{0xCD, "command illegal for specified sensor or record type"},
    CodeText{0xCE, "command response could not be provided"},
    CodeText{0xCF, "cannot execute duplicated request"},
    CodeText{0xD0, "SDR repository in update mode"},
    CodeText{0xD1, "device in firmware update mode"},
    CodeText{0xD2, "BMC initialization in progress"},
    CodeText{0xD3, "destination unavailable"},
    CodeText{0xD4, "insufficient privilege level"},
    CodeText{0xD5, "command not supported in present state"},
    CodeText{0xD6, "parameter illegal because subfunction is disabled or unavailable"},
    CodeText{0xFF, "unspecified error"},
};

struct CommandCodeText {
    std::uint8_t netfn;
    std::uint8_t cmd;
    std::uint8_t code;
    std::string_view text;
};

// Command-specific completion codes from the command tables of IPMI 2.0.
constexpr std::array kCommandCodes{
    CommandCodeText{0x06, 0x33, 0x80, "message queue empty"},     // §22.8 Get Message
    CommandCodeText{0x06, 0x34, 0x80, "invalid session handle"},  // §22.7 Send Message
    CommandCodeText{0x06, 0x34, 0x81, "lost arbitration"},
    CommandCodeText{0x06, 0x34, 0x82, "bus error"},
    CommandCodeText{0x06, 0x34, 0x83, "NAK on write: no controller answered at that address"},
    CommandCodeText{0x0A, 0x11, 0x81, "FRU device busy"},                               // §34.2
    CommandCodeText{0x0A, 0x24, 0x80, "record rejected: length mismatch"},              // §33.13 Add SDR
    CommandCodeText{0x0A, 0x44, 0x80, "operation not supported for this record type"},  // §31.6 Add SEL Entry
    CommandCodeText{0x0A, 0x44, 0x81, "cannot execute: SEL erase in progress"},
    CommandCodeText{0x0A, 0x46, 0x80, "operation not supported"},  // §31.8 Delete SEL Entry
    CommandCodeText{0x0A, 0x46, 0x81, "cannot execute: SEL erase in progress"},
    CommandCodeText{0x04, 0x2D, 0xCB, "sensor not present"},       // §35.14
    CommandCodeText{0x00, 0x08, 0x80, "parameter not supported"},  // §28.12 Set System Boot Options
    CommandCodeText{0x00, 0x08, 0x81, "a set is already in progress (set-in-progress not in set complete)"},
    CommandCodeText{0x00, 0x08, 0x82, "the parameter is read-only"},
    CommandCodeText{0x00, 0x09, 0x80, "parameter not supported"},  // §28.13 Get System Boot Options
};

// §5.2: codes the BMC uses to say "not now" rather than "no".
constexpr std::array<std::uint8_t, 4> kTransientCodes{0xC0, 0xC3, 0xCE, 0xD2};

struct CommandName {
    std::uint8_t netfn;
    std::uint8_t cmd;
    std::string_view name;
};

// Appendix G, the commands this project sends.
constexpr std::array kCommandNames{
    CommandName{0x00, 0x00, "Get Chassis Capabilities"},
    CommandName{0x00, 0x01, "Get Chassis Status"},
    CommandName{0x00, 0x02, "Chassis Control"},
    CommandName{0x00, 0x04, "Chassis Identify"},
    CommandName{0x00, 0x06, "Set Power Restore Policy"},
    CommandName{0x00, 0x07, "Get System Restart Cause"},
    CommandName{0x00, 0x08, "Set System Boot Options"},
    CommandName{0x00, 0x09, "Get System Boot Options"},
    CommandName{0x00, 0x0F, "Get POH Counter"},
    CommandName{0x04, 0x02, "Platform Event"},
    CommandName{0x04, 0x20, "Get Device SDR Info"},
    CommandName{0x04, 0x21, "Get Device SDR"},
    CommandName{0x04, 0x22, "Reserve Device SDR Repository"},
    CommandName{0x04, 0x23, "Get Sensor Reading Factors"},
    CommandName{0x04, 0x26, "Set Sensor Thresholds"},
    CommandName{0x04, 0x27, "Get Sensor Thresholds"},
    CommandName{0x04, 0x29, "Get Sensor Event Enable"},
    CommandName{0x04, 0x2A, "Re-arm Sensor Events"},
    CommandName{0x04, 0x2D, "Get Sensor Reading"},
    CommandName{0x04, 0x2F, "Get Sensor Type"},
    CommandName{0x06, 0x01, "Get Device ID"},
    CommandName{0x06, 0x02, "Cold Reset"},
    CommandName{0x06, 0x03, "Warm Reset"},
    CommandName{0x06, 0x04, "Get Self Test Results"},
    CommandName{0x06, 0x08, "Get Device GUID"},
    CommandName{0x06, 0x2E, "Set BMC Global Enables"},
    CommandName{0x06, 0x2F, "Get BMC Global Enables"},
    CommandName{0x06, 0x30, "Clear Message Flags"},
    CommandName{0x06, 0x31, "Get Message Flags"},
    CommandName{0x06, 0x33, "Get Message"},
    CommandName{0x06, 0x34, "Send Message"},
    CommandName{0x06, 0x35, "Read Event Message Buffer"},
    CommandName{0x06, 0x37, "Get System GUID"},
    CommandName{0x06, 0x38, "Get Channel Authentication Capabilities"},
    CommandName{0x06, 0x3B, "Set Session Privilege Level"},
    CommandName{0x06, 0x40, "Set Channel Access"},
    CommandName{0x06, 0x41, "Get Channel Access"},
    CommandName{0x06, 0x42, "Get Channel Info"},
    CommandName{0x06, 0x43, "Set User Access"},
    CommandName{0x06, 0x44, "Get User Access"},
    CommandName{0x06, 0x45, "Set User Name"},
    CommandName{0x06, 0x46, "Get User Name"},
    CommandName{0x06, 0x47, "Set User Password"},
    CommandName{0x0A, 0x10, "Get FRU Inventory Area Info"},
    CommandName{0x0A, 0x11, "Read FRU Data"},
    CommandName{0x0A, 0x12, "Write FRU Data"},
    CommandName{0x0A, 0x20, "Get SDR Repository Info"},
    CommandName{0x0A, 0x21, "Get SDR Repository Allocation Info"},
    CommandName{0x0A, 0x22, "Reserve SDR Repository"},
    CommandName{0x0A, 0x23, "Get SDR"},
    CommandName{0x0A, 0x24, "Add SDR"},
    CommandName{0x0A, 0x40, "Get SEL Info"},
    CommandName{0x0A, 0x41, "Get SEL Allocation Info"},
    CommandName{0x0A, 0x42, "Reserve SEL"},
    CommandName{0x0A, 0x43, "Get SEL Entry"},
    CommandName{0x0A, 0x44, "Add SEL Entry"},
    CommandName{0x0A, 0x46, "Delete SEL Entry"},
    CommandName{0x0A, 0x47, "Clear SEL"},
    CommandName{0x0A, 0x48, "Get SEL Time"},
    CommandName{0x0A, 0x49, "Set SEL Time"},
    CommandName{0x0A, 0x5C, "Get SEL Time UTC Offset"},
    CommandName{0x0A, 0x5D, "Set SEL Time UTC Offset"},
    CommandName{0x0C, 0x01, "Set LAN Configuration Parameters"},
    CommandName{0x0C, 0x02, "Get LAN Configuration Parameters"},
};

}  // namespace

std::string completion_code_text(std::uint8_t code) {
    const auto* found = std::find_if(kCompletionCodes.begin(), kCompletionCodes.end(),
                                     [code](const CodeText& entry) { return entry.code == code; });
    if (found != kCompletionCodes.end()) return std::string(found->text);
    if (code >= 0x01 && code <= 0x7E) return "device-specific (OEM) completion code";
    if (code >= 0x80 && code <= 0xBE) return "command-specific completion code";
    return "reserved completion code";
}

std::string completion_code_text(std::uint8_t code, std::uint8_t netfn, std::uint8_t cmd) {
    const auto* found = std::find_if(kCommandCodes.begin(), kCommandCodes.end(), [&](const CommandCodeText& entry) {
        return entry.netfn == (netfn & 0xFE) && entry.cmd == cmd && entry.code == code;
    });
    if (found != kCommandCodes.end()) return std::string(found->text);
    return completion_code_text(code);
}

bool completion_code_means_read_too_long(std::uint8_t code) {
    return code == cc::kCannotReturn || code == cc::kUnspecified || code == cc::kLengthInvalid;
}

bool completion_code_is_transient(std::uint8_t code) {
    return std::find(kTransientCodes.begin(), kTransientCodes.end(), code) != kTransientCodes.end();
}

std::optional<std::string_view> command_name(std::uint8_t netfn, std::uint8_t cmd) {
    const auto* found = std::find_if(kCommandNames.begin(), kCommandNames.end(), [&](const CommandName& entry) {
        return entry.netfn == (netfn & 0xFE) && entry.cmd == cmd;
    });
    if (found == kCommandNames.end()) return std::nullopt;
    return found->name;
}

}  // namespace ipmiprov::bridge

// SEL entries (IPMI 2.0 §32): the 16 bytes of a record as typed values. One
// decoder per record kind: system event records (02h, and other types below
// C0h, which use the same layout), OEM timestamped (C0h-DFh) and OEM
// non-timestamped (E0h-FFh).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "bridge/result.hpp"

namespace ipmiprov::provider::sel {

using bridge::Result;

inline constexpr std::size_t kEntrySize = 16;
using RawEntry = std::array<std::uint8_t, kEntrySize>;

// §37: FFFFFFFFh is "unspecified"; 0..20000000h count seconds since the BMC
// initialised ("pre-init"), not since 1970.
struct Timestamp {
    std::uint32_t raw = 0xFFFFFFFF;
    [[nodiscard]] bool unspecified() const { return raw == 0xFFFFFFFF; }
    [[nodiscard]] bool pre_init() const { return !unspecified() && raw <= 0x20000000; }
};

// "2026-11-25T03:04:05Z"; nullopt when unspecified or pre-init. A BMC that
// keeps its SEL clock in local time says so with its UTC offset (minutes).
std::optional<std::string> iso8601_utc(Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes = {});
// The same instant in the host's time zone: "2026-11-25 04:04:05 +0100".
std::optional<std::string> host_local_time(Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes = {});
// Words for a table: the ISO time, "pre-init +123 s" or "unspecified".
std::string timestamp_text(Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes = {});

// Generator ID (§32.1, Table 32-1 bytes 8-9).
struct Generator {
    std::uint16_t raw = 0;
    [[nodiscard]] bool is_software() const { return (raw & 0x0001) != 0; }
    // 8-bit IPMB slave address (or software ID << 1 | 1) as SDRs store owners.
    [[nodiscard]] std::uint8_t owner_id() const { return static_cast<std::uint8_t>(raw & 0xFF); }
    [[nodiscard]] std::uint8_t lun() const { return static_cast<std::uint8_t>((raw >> 8) & 0x03); }
    [[nodiscard]] std::uint8_t channel() const { return static_cast<std::uint8_t>((raw >> 12) & 0x0F); }
};

struct SystemEvent {
    Timestamp timestamp;
    Generator generator;
    std::uint8_t event_message_revision = 0;
    std::uint8_t sensor_type = 0;
    std::uint8_t sensor_number = 0;
    bool deassertion = false;
    std::uint8_t event_reading_type = 0;  // 7 bits
    std::array<std::uint8_t, 3> event_data{};
    [[nodiscard]] std::uint8_t offset() const { return event_data[0] & 0x0F; }
};

struct OemTimestamped {
    Timestamp timestamp;
    std::uint32_t manufacturer_id = 0;
    std::array<std::uint8_t, 6> data{};
};

struct OemNonTimestamped {
    std::array<std::uint8_t, 13> data{};
};

struct Entry {
    std::uint16_t record_id = 0;
    std::uint8_t record_type = 0;
    RawEntry raw{};
    std::variant<SystemEvent, OemTimestamped, OemNonTimestamped> body;
};

// Decodes one entry; an entry shorter than 16 bytes is an error naming what it got.
Result<Entry> decode_entry(std::span<const std::uint8_t> bytes);

// "system event", "OEM timestamped", "OEM non-timestamped".
std::string record_kind_text(std::uint8_t record_type);

}  // namespace ipmiprov::provider::sel

// ipmiprovd's snapshots as its clients receive them (docs/daemon-protocol.md,
// op "snapshot"): the SDR records, one sample per sensor, the SEL and the Get
// Device ID reply. What travels is what the BMC said, so that a client builds
// from it exactly what it would build reading the BMC itself. Every decoder
// checks every field and names what is wrong.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/result.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/power.hpp"
#include "provider/sdr/repository.hpp"
#include "provider/sel/reader.hpp"
#include "provider/sensor/sensors.hpp"

namespace ipmiprov::provider::snapshot {

// What a client may ask for: the Get Device ID reply, the SDR repository,
// the readings (asked with their "sdr"), the SEL with its entries, the
// SEL's state with its allocation but without the entries ("sel_info"), and
// the chassis; the inventory: the FRU devices as read, the users
// (inventory_wire.hpp).
enum class Part : std::uint8_t { Device, Sdr, Readings, Sel, SelInfo, Chassis, Fru, Users };
inline constexpr std::array kParts{Part::Device,  Part::Sdr,     Part::Readings, Part::Sel,
                                   Part::SelInfo, Part::Chassis, Part::Fru,      Part::Users};
std::string_view part_name(Part part);
bridge::Result<Part> part_from_name(std::string_view name);

// The SEL as the daemon holds it: its state, its allocation (when the BMC
// has Get SEL Allocation Info) and every entry it holds, oldest first.
struct SelPart {
    cim::SelState state;
    std::optional<sel::AllocationInfo> allocation;
    std::vector<sel::RawEntry> entries;
};

// The chassis as the daemon holds it: the Get Chassis Status reply's data
// (§28.2, 3 or 4 bytes), and what was last asked of the system's power.
struct ChassisPart {
    std::vector<std::uint8_t> status;
    cim::PowerRequest request;
    bool operator==(const ChassisPart&) const = default;
};

// Bytes as lower-case hex without separators ("0a1b"), and back: at most
// `max_bytes`, else an error.
std::string hex_text(std::span<const std::uint8_t> bytes);
bridge::Result<std::vector<std::uint8_t>> bytes_from_hex(std::string_view text, std::size_t max_bytes);

nlohmann::json repository_to_wire(const sdr::Repository& repository);
bridge::Result<sdr::Repository> repository_from_wire(const nlohmann::json& wire);

nlohmann::json samples_to_wire(std::span<const sensor::SensorSample> samples);
bridge::Result<std::vector<sensor::SensorSample>> samples_from_wire(const nlohmann::json& wire);

nlohmann::json sel_to_wire(const SelPart& sel);
bridge::Result<SelPart> sel_from_wire(const nlohmann::json& wire);

// {"status": hex, "requested_state": n, "requested_power_state": n}; the
// status is decoded as Get Chassis Status (it must be one).
nlohmann::json chassis_to_wire(const ChassisPart& chassis);
// Beside "device": the system GUID's 16 bytes in hex, or {"refused": WHY}.
nlohmann::json system_guid_to_wire(const std::optional<std::array<std::uint8_t, 16>>& guid, const std::string& refusal);
// The GUID's bytes, or an error with the BMC's refusal (ErrorKind::CompletionCode).
bridge::Result<std::array<std::uint8_t, 16>> system_guid_from_wire(const nlohmann::json& wire);
bridge::Result<ChassisPart> chassis_from_wire(const nlohmann::json& wire);

}  // namespace ipmiprov::provider::snapshot

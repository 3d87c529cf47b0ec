// Get System GUID (IPMI 2.0 §22.14): the system's GUID as the BMC keeps it,
// in IPMI's byte order (§20.8: every field least significant byte first, the
// fields in reverse order: the RFC 4122 byte string reversed).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "bridge/engine.hpp"
#include "bridge/result.hpp"

namespace ipmiprov::bridge {

inline constexpr std::uint8_t kGetSystemGuid = 0x37;

Request get_system_guid_request();
// The 16 bytes of the reply; an error when there are fewer.
Result<std::array<std::uint8_t, 16>> decode_system_guid(std::span<const std::uint8_t> data);
// "efcdab89-6745-23a1-efcd-ab89674523a1": the bytes reversed into RFC 4122
// order, as ipmitool's `mc guid` and FreeIPMI's bmc-info print it.
std::string guid_text(const std::array<std::uint8_t, 16>& ipmi_order);
Result<std::string> get_system_guid(Engine& engine);

}  // namespace ipmiprov::bridge

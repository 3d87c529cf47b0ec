// SDR records for simulated-BMC fixtures in unit tests.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bridge/sim_bmc.hpp"

namespace ipmiprov::test_support {

// An OEM record (type C0h) of `length` body bytes whose content depends on
// `seed`: any content decodes, and two repositories with the same record IDs
// but other seeds differ in every record.
inline bridge::sim::SdrRecord oem_record(std::uint16_t id, std::size_t length, std::uint8_t seed = 0) {
    std::vector<std::uint8_t> bytes{static_cast<std::uint8_t>(id & 0xFF),
                                    static_cast<std::uint8_t>(id >> 8),
                                    0x51,
                                    0xC0,
                                    static_cast<std::uint8_t>(length),
                                    0x57,
                                    0x01,
                                    0x00};
    for (std::size_t i = 3; i < length; ++i) bytes.push_back(static_cast<std::uint8_t>(seed * 31 + id + i));
    return {bytes, std::nullopt};
}

}  // namespace ipmiprov::test_support

// A SEL command to the BMC itself (netfn Storage, LUN 0; IPMI 2.0 §31):
// shared by the SEL's reading (reader.cpp) and housekeeping (reader_admin.cpp).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "bridge/message.hpp"
#include "bridge/spec_tables.hpp"

namespace ipmiprov::provider::sel {

inline bridge::Request sel_request(std::uint8_t cmd, std::vector<std::uint8_t> data = {}) {
    return bridge::Request{bridge::netfn::kStorage, cmd, 0, bridge::Target::bmc(), std::move(data)};
}

}  // namespace ipmiprov::provider::sel

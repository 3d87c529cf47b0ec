// The inventory parts of ipmiprovd's snapshots on its socket (issue 24,
// docs/daemon-protocol.md): the FRU devices as read ("fru": each device's
// place and its bytes, decoded by the client as in direct mode) and the
// users ("users": per user its name, enabled status and access per channel).
// Parsing checks every field and bounds every list.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "bridge/result.hpp"
#include "provider/bmc/users.hpp"
#include "provider/fru/reader.hpp"

namespace ipmiprov::provider::snapshot {

nlohmann::json fru_to_wire(const std::vector<fru::DeviceReport>& devices);
bridge::Result<std::vector<fru::DeviceReport>> fru_from_wire(const nlohmann::json& wire);

nlohmann::json users_to_wire(const bmc::Users& users);
bridge::Result<bmc::Users> users_from_wire(const nlohmann::json& wire);

}  // namespace ipmiprov::provider::snapshot

// One request on ipmiprovd's socket to one reply (docs/daemon-protocol.md):
// parse and validate the JSON, check the peer's right to it, and answer from
// the daemon's state. No sockets here, so every rule is unit-tested.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "access.hpp"
#include "provider/cim/model.hpp"
#include "state.hpp"

namespace ipmiprov::daemon {

class Handler {
public:
    Handler(DaemonState& state, AccessPolicy policy) : state_(state), model_(state), policy_(policy) {}
    void set_policy(AccessPolicy policy) { policy_ = policy; }

    // The reply to one request: always a JSON object with "ok".
    std::string handle(std::string_view payload, const Peer& peer);

private:
    nlohmann::json new_records(const nlohmann::json& request);

    DaemonState& state_;
    provider::cim::CimModel model_;
    AccessPolicy policy_;
};

}  // namespace ipmiprov::daemon

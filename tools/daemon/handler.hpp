// One request on ipmiprovd's socket to one reply (docs/daemon-protocol.md):
// parse and validate the JSON, check the peer's right to it, and answer from
// the daemon's state. No sockets here, so every rule is unit-tested.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "access.hpp"
#include "audit.hpp"
#include "provider/cim/model.hpp"
#include "sel_events.hpp"
#include "state.hpp"

namespace ipmiprov::daemon {

class Handler {
public:
    Handler(DaemonState& state, AccessPolicy policy);
    // SIGHUP, on another thread than the clients'.
    void set_policy(AccessPolicy policy) {
        std::lock_guard lock(policy_mutex_);
        policy_ = policy;
    }

    // Where the changes clients ask for are recorded (audit.hpp); none: not recorded.
    void set_audit(AuditLog* audit) { audit_ = audit; }

    // The SEL subscriptions' hub (sel_events.hpp); without one, `subscribe` is unsupported.
    void set_events(SelEvents* events) { events_ = events; }

    // The reply to one request: always a JSON object with "ok". Shared:
    // identical enumerations of unchanged data are built once. A
    // `subscribe` that succeeds sets `subscription` (a caller that cannot
    // stream passes none, and the request is refused); the caller
    // unsubscribes when the connection ends.
    std::shared_ptr<const std::string> handle(std::string_view payload, const Peer& peer,
                                              std::shared_ptr<Subscriber>* subscription = nullptr);
    void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);

private:
    nlohmann::json new_records(const nlohmann::json& request);
    nlohmann::json subscribe(const nlohmann::json& request, std::shared_ptr<Subscriber>* subscription);
    nlohmann::json stats_reply();
    nlohmann::json transport(const nlohmann::json& request, const Peer& peer, const AccessPolicy& policy);
    void audit(const AuditEvent& event) const {
        if (audit_ != nullptr) audit_->record(event);
    }
    // `if_version`: the version of the instances the client holds; when they
    // are still the daemon's, the reply says "unchanged" instead of sending them.
    // `with_instances` false: only the version (a client that builds the
    // instances itself from the snapshots when they changed).
    std::shared_ptr<const std::string> enumerate(const std::string& class_name, const std::string& if_version,
                                                 bool with_instances = true);
    [[nodiscard]] std::string version_tag(const Versions& versions) const;
    bridge::Status make_fresh(const std::string& class_name);
    std::shared_ptr<const std::string> snapshot(const nlohmann::json& request);

    struct CachedReply {
        std::mutex building;  // one client builds a reply; the others wait and share it
        Versions versions{~0ULL, ~0ULL, ~0ULL};
        std::shared_ptr<const std::string> reply;
    };
    std::mutex cache_mutex_;
    std::map<std::string, std::shared_ptr<CachedReply>> cache_;
    // Snapshot replies, built once for the snapshots they were built from
    // (held here, so that a pointer compared is never a reused one).
    struct CachedSnapshot {
        std::mutex building;
        std::vector<std::shared_ptr<const void>> sources;
        std::shared_ptr<const std::string> reply;
    };
    std::map<std::string, std::shared_ptr<CachedSnapshot>> snapshots_;

    DaemonState& state_;
    SelEvents* events_ = nullptr;
    AuditLog* audit_ = nullptr;
    provider::cim::CimModel model_;
    std::mutex policy_mutex_;
    AccessPolicy policy_;
    std::atomic<std::uint64_t> requests_{0};  // well-formed requests answered
    std::string started_as_;                  // random per start: versions of another run never match
};

}  // namespace ipmiprov::daemon

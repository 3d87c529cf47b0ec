// The CIM operations answered by ipmiprovd over its socket (the provider
// library's default when the daemon runs): the same instances, from the
// daemon's shared cache.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bridge/daemon_client.hpp"
#include "provider/cim/model.hpp"

namespace ipmiprov::provider::cim {

// A reply's "stale" (docs/daemon-protocol.md) in words: "sensors 31250 ms
// old: <why no newer round finished>"; nullopt when the reply has none.
std::optional<std::string> stale_note_of(const nlohmann::json& reply);

class RemoteModel final : public CimOperations {
public:
    static bridge::Result<std::unique_ptr<RemoteModel>> connect(const std::string& socket_path,
                                                                std::chrono::milliseconds timeout);

    bridge::Result<std::vector<Instance>> enumerate(std::string_view class_name) override;
    // An enumeration the caller may already hold: with `known_version` the
    // version of what it holds, `instances` is nullopt while the daemon's
    // are the same (docs/daemon-protocol.md, "if_version").
    struct Versioned {
        std::string version;  // empty: the daemon gives none (then nothing may be kept)
        std::optional<std::vector<Instance>> instances;
    };
    bridge::Result<Versioned> enumerate_if_changed(std::string_view class_name, const std::string& known_version);
    // The version alone (empty from a daemon that has none), the data read first if older than the maximum age.
    bridge::Result<std::string> version_of(std::string_view class_name);
    // The connection, for requests at the level of snapshots (provider/snapshot).
    [[nodiscard]] bridge::DaemonClient& client() { return *client_; }
    // The system and transport the daemon's instances name.
    [[nodiscard]] SystemIdentity system_identity() const;
    [[nodiscard]] std::chrono::milliseconds reply_timeout() const { return timeout_ * 20 + std::chrono::seconds(60); }
    bridge::Result<Instance> get(const ObjectPath& path) override;
    bridge::Result<std::vector<Instance>> associators(const ObjectPath& path, std::string_view association_class,
                                                      std::string_view result_class) override;
    bridge::Result<std::vector<Instance>> references(const ObjectPath& path,
                                                     std::string_view association_class) override;
    bridge::Result<Instance> modify(const ObjectPath& path, const PropertyList& changes) override;
    bridge::Result<MethodResult> invoke(const ObjectPath& path, std::string_view method,
                                        const PropertyList& in) override;
    // Where a follower of the daemon's SEL is: the last sequence number it
    // got, and the epoch of that numbering (docs/daemon-protocol.md).
    struct SelCursor {
        std::optional<std::uint64_t> after;
        std::string epoch;
        bool resynced = false;  // the last reply was a "resync": every entry the daemon holds
    };
    // SEL records after `cursor`; with no cursor, none, and the cursor set to
    // where the SEL ends. A daemon restarted in between is connected again,
    // once; one that lost its numbering answers with all it holds (resynced).
    bridge::Result<std::vector<Instance>> new_records(SelCursor& cursor);

    [[nodiscard]] std::string system_name() const;
    // Set when the last reply was built on the daemon's last complete sensor
    // snapshot because a newer round could not finish (docs/daemon-protocol.md,
    // "stale"): "sensors N ms old: <problem>".
    [[nodiscard]] const std::optional<std::string>& stale_note() const { return stale_note_; }

private:
    RemoteModel(std::unique_ptr<bridge::DaemonClient> client, std::chrono::milliseconds timeout)
        : client_(std::move(client)), timeout_(timeout) {}
    bridge::Result<std::vector<Instance>> instances(const nlohmann::json& request);
    bridge::Result<Instance> one_instance(const nlohmann::json& request);
    // call(), connecting again once when the daemon has gone away (restarted).
    bridge::Result<nlohmann::json> call_reconnecting(const nlohmann::json& request, std::chrono::milliseconds timeout);

    std::unique_ptr<bridge::DaemonClient> client_;
    std::chrono::milliseconds timeout_;
    std::optional<std::string> stale_note_;
};

}  // namespace ipmiprov::provider::cim

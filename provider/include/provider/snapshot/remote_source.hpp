// The daemon's snapshots as a cim::DataSource: what `ipmiprov` reads through
// ipmiprovd. Each part (docs/daemon-protocol.md, op "snapshot") is asked for
// at most once per source, in one request for what is asked together; the
// client converts, names and renders it with the same code it uses on a BMC
// of its own, so that output is the same with or without the daemon, and a
// warm daemon costs the BMC nothing. Writes go elsewhere (the pass-through).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bridge/daemon_client.hpp"
#include "provider/cim/model.hpp"
#include "provider/snapshot/inventory_wire.hpp"
#include "provider/snapshot/wire.hpp"

namespace ipmiprov::provider::snapshot {

struct RemoteSourceOptions {
    std::chrono::milliseconds timeout{60000};  // for one reply; the daemon may read the BMC first
    bool fresh = false;                        // --fresh: the daemon reads the BMC for this answer
    cim::SystemIdentity system;
};

class RemoteSource final : public cim::DataSource {
public:
    RemoteSource(bridge::DaemonClient& client, RemoteSourceOptions options)
        : client_(client), options_(std::move(options)) {}

    // Asks for the parts not yet here, in one request.
    bridge::Status load(std::span<const Part> parts);

    bridge::Result<std::vector<std::uint8_t>> device_id();  // the Get Device ID reply's data (§20.1)
    // The system GUID the daemon holds with the device: its bytes, the BMC's
    // refusal (CompletionCode), or NotFound when the daemon did not say.
    bridge::Result<std::array<std::uint8_t, 16>> system_guid();
    // The sensors, when only those at `indices` (in the SDR's order, at most
    // 64) will be shown: a stale snapshot has the daemon read just those.
    bridge::Result<std::shared_ptr<const cim::SensorSnapshot>> sensors_of(std::vector<std::size_t> indices);
    bridge::Result<std::shared_ptr<const sdr::Repository>> repository();
    bridge::Result<std::shared_ptr<const SelPart>> sel_part();
    // The SEL's state and allocation, without its entries (`sel info`).
    bridge::Result<std::shared_ptr<const SelPart>> sel_summary();
    // The inventory as the daemon holds it (issue 24): the FRU devices as
    // read, and the users on its LAN channels.
    bridge::Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> fru();
    bridge::Result<std::shared_ptr<const bmc::Users>> users();

    cim::SystemIdentity system() override { return options_.system; }
    bridge::Result<std::shared_ptr<const std::vector<sensor::SensorDefinition>>> definitions() override;
    bridge::Result<std::shared_ptr<const cim::SensorSnapshot>> sensors() override;
    bridge::Result<cim::SelState> sel_state() override;
    bridge::Result<std::shared_ptr<const cim::SelSnapshot>> sel() override;
    bridge::Status clear_sel() override;
    bridge::Status write_threshold(const sensor::SensorDefinition& definition, sdr::ThresholdIndex index,
                                   std::uint8_t raw) override;
    // Through the daemon's pass-through ("transport"); it decides the resend.
    bridge::Result<bridge::Response> exchange(const bridge::Request& request, bridge::Resend resend) override;
    // The daemon's chassis snapshot (its power request: whoever asked).
    bridge::Result<chassis::ChassisStatus> chassis_status() override;
    [[nodiscard]] cim::PowerRequest power_request() const override;
    // The SDR's problems as the daemon found them, and that the sensors are
    // the last complete snapshot when a newer round could not finish.
    [[nodiscard]] std::vector<std::string> problems() const override;
    bridge::Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> fru_devices() override { return fru(); }
    bridge::Result<std::shared_ptr<const bmc::Users>> bmc_users() override { return users(); }
    bridge::Result<bridge::DeviceId> device_identity() override;
    bridge::Result<std::string> platform_guid() override;
    // "sensors 31250 ms old: <why no newer round finished>", when so.
    [[nodiscard]] const std::optional<std::string>& stale_note() const { return stale_note_; }

    // The daemon connection it reads from (its socket: other connections, a subscription).
    [[nodiscard]] bridge::DaemonClient& client() const { return client_; }

private:
    bridge::Status take(Part part, const nlohmann::json& reply);
    void take_definitions(std::shared_ptr<const sdr::Repository> repository);

    bridge::DaemonClient& client_;
    RemoteSourceOptions options_;
    std::optional<std::vector<std::uint8_t>> device_id_;
    std::optional<bridge::Result<std::array<std::uint8_t, 16>>> system_guid_;
    std::shared_ptr<const sdr::Repository> repository_;
    std::shared_ptr<const std::vector<sensor::SensorDefinition>> definitions_;
    std::shared_ptr<const cim::SensorSnapshot> sensors_;
    std::shared_ptr<const SelPart> sel_part_;
    std::shared_ptr<const SelPart> sel_summary_;
    std::optional<ChassisPart> chassis_;
    std::shared_ptr<const std::vector<fru::DeviceReport>> fru_;
    std::shared_ptr<const bmc::Users> users_;
    std::optional<bridge::Error> chassis_error_;
    std::shared_ptr<const cim::SelSnapshot> sel_;
    std::optional<std::string> stale_note_;
    std::vector<std::size_t> only_;  // for the next readings asked: "only"
};

}  // namespace ipmiprov::provider::snapshot

// What ipmiprovd knows and the one way it reaches the BMC: the connection
// (reopened after a failure), the sensors and the SEL as shared snapshots,
// refreshed on an interval, on demand with a maximum age, and after writes.
// Implements cim::DataSource, so the CIM model runs over the snapshots and
// clients cost the BMC nothing while the data is fresh.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backoff.hpp"
#include "bridge/connect.hpp"
#include "provider/bmc/users.hpp"
#include "provider/cim/model.hpp"
#include "provider/fru/reader.hpp"
#include "provider/sel/reader.hpp"
#include "provider/snapshot/wire.hpp"
#include "sel_store.hpp"
#include "single_flight.hpp"
#include "snapshot_store.hpp"

namespace ipmiprov::daemon {

struct StateOptions {
    bridge::ConnectOptions connect;
    bridge::EngineOptions engine;
    std::filesystem::path cache_dir;           // SDR cache; empty: none
    std::string system_name;                   // CIM SystemName
    std::chrono::milliseconds max_age{10000};  // on demand: data older than this is read again
    std::filesystem::path state_dir;           // the SEL store (sel_store.hpp); empty: none
    std::function<void(const std::string&)> log = [](const std::string&) {};  // the daemon's log
    // Opens the connection instead of bridge::connect (tests: a fake kernel driver).
    std::function<bridge::Result<bridge::Connection>()> connector;
    provider::sdr::ReaderOptions sdr_reader;  // tests: the re-reservation back-off without waiting
    BackoffPolicy backoff;                    // waits after a failed connection (backoff.hpp)
};

// The sensors served to a request when the round that should have renewed
// them could not read the SDR repository to the end: the last complete
// snapshot, how old it is, and why it was not renewed.
struct StaleSensors {
    std::chrono::milliseconds age{0};
    std::string problem;
};

// The SEL's state with its allocation (Get SEL Allocation Info, §31.3),
// read again only when the SEL changed.
struct SelSummary {
    std::shared_ptr<const SelView> view;
    std::optional<provider::sel::AllocationInfo> allocation;
};

// The versions of the snapshots (SingleFlight::version): what answers built
// from them are keyed by.
struct Versions {
    std::uint64_t sensors = 0;
    std::uint64_t sel = 0;
    std::uint64_t chassis = 0;
    bool operator==(const Versions&) const = default;
};

// Whose data a stored snapshot is: the connection as configured.
std::string connection_identity(const bridge::ConnectOptions& connect);

struct Stats {
    std::uint64_t bmc_requests = 0;
    std::uint64_t sensor_loads = 0;
    std::uint64_t sel_loads = 0;
    std::uint64_t reconnects = 0;
    std::optional<std::chrono::milliseconds> sensors_age;  // none before the first complete round
    std::optional<std::chrono::milliseconds> sel_age;
    std::uint64_t sensors_version = 0;
    std::uint64_t sel_version = 0;
    std::size_t sensor_count = 0;  // in the snapshot served
    std::size_t sel_entries = 0;
    std::chrono::milliseconds uptime{0};
    bool connected = false;
};

class DaemonState final : public provider::cim::DataSource {
public:
    explicit DaemonState(StateOptions options);

    // DataSource: snapshots no older than max_age.
    provider::cim::SystemIdentity system() override;
    bridge::Result<std::shared_ptr<const std::vector<provider::sensor::SensorDefinition>>> definitions() override;
    bridge::Result<std::shared_ptr<const provider::cim::SensorSnapshot>> sensors() override;
    bridge::Result<provider::cim::SelState> sel_state() override;
    bridge::Result<std::shared_ptr<const provider::cim::SelSnapshot>> sel() override;
    bridge::Status clear_sel() override;
    // The SEL cleared only while it is as `info` says (sel_archive.hpp).
    bridge::Result<bool> clear_sel_if_unchanged(const provider::sel::SelInfo& info);
    bridge::Status write_threshold(const provider::sensor::SensorDefinition& definition,
                                   provider::sdr::ThresholdIndex index, std::uint8_t raw) override;
    bridge::Result<bridge::Response> exchange(const bridge::Request& request, bridge::Resend resend) override {
        return pass_through(request, resend);
    }
    bridge::Result<provider::chassis::ChassisStatus> chassis_status() override;
    [[nodiscard]] provider::cim::PowerRequest power_request() const override;
    [[nodiscard]] std::vector<std::string> problems() const override;
    bridge::Result<std::shared_ptr<const std::vector<provider::fru::DeviceReport>>> fru_devices() override;
    bridge::Result<std::shared_ptr<const provider::bmc::Users>> bmc_users() override;
    bridge::Result<bridge::DeviceId> device_identity() override;
    bridge::Result<std::string> platform_guid() override;

    // The background work: read the sensors again if older than `age`, and
    // follow the SEL.
    bridge::Status refresh_sensors(std::chrono::milliseconds age);
    bridge::Status follow_sel(std::chrono::milliseconds age);
    bridge::Result<std::shared_ptr<const SelView>> sel_view(std::chrono::milliseconds age);
    // The sensors no older than `age`. With `stale_allowed`, a round that
    // could not finish leaves the last complete snapshot in service (marked
    // for this request, stale_sensors_in_request()); without (a client that
    // asked for fresh data), it is the error.
    bridge::Result<std::shared_ptr<const provider::cim::SensorSnapshot>> sensors_within(std::chrono::milliseconds age,
                                                                                        bool stale_allowed);
    // The newest snapshot, with the sensors at `indices` (its definitions')
    // read again when it is older than `age`: a read of a few sensors costs
    // the BMC those few, not a round. The copy is this request's; the shared
    // snapshot is only ever replaced whole.
    bridge::Result<std::shared_ptr<const provider::cim::SensorSnapshot>> sensors_partly(
        std::chrono::milliseconds age, const std::vector<std::size_t>& indices);
    // The SDR repository of the newest sensor snapshot, whatever its age
    // (each sensor round checks it against the BMC); a round when none.
    bridge::Result<std::shared_ptr<const provider::cim::SensorSnapshot>> newest_sensors();
    bridge::Result<std::shared_ptr<const SelSummary>> sel_summary(std::chrono::milliseconds age);
    // The chassis (Get Chassis Status and the last power request seen), no
    // older than `age`; read again after a chassis write passed through.
    bridge::Result<std::shared_ptr<const provider::snapshot::ChassisPart>> chassis(std::chrono::milliseconds age);
    // The Get Device ID reply's data (§20.1), no older than `age`.
    bridge::Result<std::shared_ptr<const std::vector<std::uint8_t>>> device_id(std::chrono::milliseconds age);
    // The inventory (issue 24), read when first asked and then again when
    // older than the inventory interval (refresh_inventory) or `age`: the FRU
    // devices of the device's FRU support and the SDR's locators, and the
    // users on the BMC's LAN channels.
    bridge::Result<std::shared_ptr<const std::vector<provider::fru::DeviceReport>>> fru(std::chrono::milliseconds age);
    bridge::Result<std::shared_ptr<const provider::bmc::Users>> users(std::chrono::milliseconds age);
    // Reads again what a client asked for once and is now older than the interval.
    void refresh_inventory();
    void set_inventory_interval(std::chrono::milliseconds interval) { inventory_ms_ = interval.count(); }
    [[nodiscard]] std::chrono::milliseconds inventory_interval() const {
        return std::chrono::milliseconds(inventory_ms_.load());
    }
    // Get System GUID (§22.14), no older than `age` (snapshot_store.hpp).
    bridge::Result<std::shared_ptr<const SystemGuid>> system_guid(std::chrono::milliseconds age);

    // The driver's event messages (the kernel device): true when one came
    // within `timeout`, so that the SEL is read at once rather than at the
    // next poll. False at once when the transport delivers none.
    bridge::Result<bool> wait_for_event(std::chrono::milliseconds timeout);
    [[nodiscard]] bool events_delivered() const { return events_.load(); }

    // One IPMI request on behalf of a client (the CLI's --daemon transport,
    // the CIM model). `resend`: NotAfterTimeout for a request that changes
    // the BMC (engine.hpp). A chassis write makes the chassis snapshot old
    // and, accepted, a Chassis Control is the power request shown.
    bridge::Result<bridge::Response> pass_through(const bridge::Request& request,
                                                  bridge::Resend resend = bridge::Resend::Allowed);

    // Writes the snapshots to the state directory when they changed since
    // the last save (the refresh loop calls it).
    void save_snapshots();

    [[nodiscard]] Stats stats() const;
    // The connection to the BMC: failures in a row, the last error, the wait.
    [[nodiscard]] ConnectionState connection_state() const;
    // The next connection attempt may be now, whatever the back-off (SIGHUP).
    void retry_now();
    [[nodiscard]] Versions versions() const { return {sensors_.version(), sel_.version(), chassis_.version()}; }
    [[nodiscard]] std::string transport_description();
    void set_max_age(std::chrono::milliseconds age) { max_age_ms_ = age.count(); }
    [[nodiscard]] std::chrono::milliseconds max_age() const { return std::chrono::milliseconds(max_age_ms_.load()); }

    // While one exists on a thread, data read since it was made counts as
    // fresh for that thread's request, whatever the maximum age: one request
    // never reads the BMC twice.
    class RequestScope {
    public:
        RequestScope();
        ~RequestScope();
        RequestScope(const RequestScope&) = delete;
        RequestScope& operator=(const RequestScope&) = delete;
    };
    // Set when this thread's request (RequestScope) was served the last
    // complete sensor snapshot because a new round could not finish.
    [[nodiscard]] static std::optional<StaleSensors> stale_sensors_in_request();
    // The shared sensor snapshot as it is, without asking the BMC.
    [[nodiscard]] std::shared_ptr<const provider::cim::SensorSnapshot> cached_snapshot() const {
        return sensors_.current();
    }
    // The SEL as last read, without asking the BMC (the subscriptions' source).
    [[nodiscard]] std::shared_ptr<const SelView> cached_sel_view() const { return sel_.current(); }
    // The chassis and the Get Device ID reply as last read, without asking the BMC (metrics).
    [[nodiscard]] std::shared_ptr<const provider::snapshot::ChassisPart> cached_chassis() const {
        return chassis_.current();
    }
    [[nodiscard]] std::shared_ptr<const std::vector<std::uint8_t>> cached_device_id() const {
        return device_id_.current();
    }
    // Whether the last Get Chassis Status failed (its snapshot, if any, is older).
    [[nodiscard]] bool chassis_failing() const {
        std::lock_guard lock(power_request_mutex_);
        return chassis_failure_.has_value();
    }
    // The sensor definitions already read, without asking the BMC (names for SEL records).
    [[nodiscard]] std::shared_ptr<const std::vector<provider::sensor::SensorDefinition>> cached_definitions() const;

private:
    [[nodiscard]] std::chrono::milliseconds request_age() const;
    template <class Fn>
    auto with_engine(Fn&& fn) -> decltype(fn(std::declval<bridge::Engine&>()));
    bridge::Status ensure_connected();
    void restore_snapshots();

    StateOptions options_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::atomic<std::int64_t> max_age_ms_;
    void replace_connection(std::optional<bridge::Connection> connection);

    mutable std::mutex bmc_;                        // one exchange with the BMC at a time, and the connection
    std::optional<bridge::Connection> connection_;  // set and reset under bmc_ and info_
    // What hello and stats report, apart from bmc_: they answer at once while
    // a request waits for a silent BMC (issue 18). Lock order: bmc_, then info_.
    mutable std::mutex info_;
    std::string transport_;
    std::uint64_t requests_before_ = 0;  // of connections already closed
    std::uint64_t reconnects_ = 0;
    ConnectBackoff backoff_;  // under info_, so that stats answer while bmc_ is held
    std::atomic<bool> events_{false};
    std::optional<std::optional<std::int16_t>> utc_offset_;
    SingleFlight<provider::cim::SensorSnapshot> sensors_;
    SingleFlight<SelView> sel_;
    SingleFlight<std::vector<std::uint8_t>> device_id_;
    SingleFlight<SystemGuid> system_guid_;
    SingleFlight<std::vector<provider::fru::DeviceReport>> fru_;
    SingleFlight<provider::bmc::Users> users_;
    std::atomic<std::int64_t> inventory_ms_{3600000};
    std::mutex fru_sdr_mutex_;
    std::optional<provider::sdr::RepositoryInfo> fru_sdr_;  // the SDR whose locators fru_ was read with
    SingleFlight<SelSummary> sel_summary_;
    SingleFlight<provider::snapshot::ChassisPart> chassis_;
    mutable std::mutex power_request_mutex_;     // for the two below
    provider::cim::PowerRequest power_request_;  // the last Chassis Control accepted, whoever sent it
    std::optional<std::pair<bridge::Error, std::chrono::steady_clock::time_point>> chassis_failure_;
    SelStore sel_store_;
    SnapshotStore snapshot_store_;
    std::string identity_;                          // the connection as configured: whose snapshots are stored
    std::optional<std::string> restored_endpoint_;  // under bmc_: restored snapshots not yet confirmed
    std::mutex saving_;
    std::array<std::uint64_t, 3> saved_versions_{};  // sensors, SEL, device, under saving_
    mutable std::mutex problems_mutex_;
    std::vector<std::string> problems_;
};

}  // namespace ipmiprov::daemon

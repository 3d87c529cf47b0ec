#include "state.hpp"

#include <algorithm>
#include <utility>

#include "access.hpp"
#include "bridge/device_id.hpp"
#include "bridge/system_guid.hpp"
#include "provider/bmc/channels.hpp"
#include "provider/sdr/repository.hpp"

namespace ipmiprov::daemon {
namespace {

using bridge::ErrorKind;
using bridge::Result;
namespace cim = provider::cim;
namespace sel = provider::sel;
namespace sensor = provider::sensor;
namespace fru = provider::fru;
namespace bmc = provider::bmc;

thread_local std::optional<std::chrono::steady_clock::time_point> t_request_started;
thread_local std::optional<StaleSensors> t_stale_sensors;

// A sensor round that read what the last one read: the same records, and
// the same replies from every sensor.
bool same_sensors(const cim::SensorSnapshot& a, const cim::SensorSnapshot& b) {
    if (a.samples != b.samples || !a.repository || !b.repository) return false;
    const auto& x = a.repository->records;
    const auto& y = b.repository->records;
    return a.repository->problems == b.repository->problems &&
           std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](const provider::sdr::Record& r, const provider::sdr::Record& s) { return r.raw == s.raw; });
}

// A SEL read that found nothing new: the same entries, numbered the same, and the same state.
bool same_sel(const SelView& a, const SelView& b) {
    const auto same_entries = std::equal(
        a.journal.entries.begin(), a.journal.entries.end(), b.journal.entries.begin(), b.journal.entries.end(),
        [](const auto& e, const auto& f) { return e.raw == f.raw && e.sequence == f.sequence; });
    return same_entries && a.epoch == b.epoch && a.snapshot.state == b.snapshot.state;
}

bool connection_lost(const bridge::Error& error) {
    return error.kind == ErrorKind::Transport || error.kind == ErrorKind::Timeout;
}

}  // namespace

DaemonState::RequestScope::RequestScope() {
    t_request_started = std::chrono::steady_clock::now();
    t_stale_sensors.reset();
}

DaemonState::RequestScope::~RequestScope() {
    t_request_started.reset();
    t_stale_sensors.reset();
}

std::optional<StaleSensors> DaemonState::stale_sensors_in_request() {
    return t_stale_sensors;
}

std::chrono::milliseconds DaemonState::request_age() const {
    const auto configured = max_age();
    if (!t_request_started) return configured;
    const auto since =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - *t_request_started);
    return std::max(configured, since);
}

DaemonState::DaemonState(StateOptions options)
    : options_(std::move(options)),
      max_age_ms_(options_.max_age.count()),
      backoff_(options_.backoff),
      sensors_(same_sensors),
      sel_(same_sel),
      chassis_(
          [](const provider::snapshot::ChassisPart& a, const provider::snapshot::ChassisPart& b) { return a == b; }),
      sel_store_(options_.state_dir, options_.log),
      snapshot_store_(options_.state_dir, options_.log),
      identity_(connection_identity(options_.connect)) {
    restore_snapshots();
}

std::string connection_identity(const bridge::ConnectOptions& connect) {
    if (connect.sim) return "sim " + *connect.sim;
    if (connect.lan) {
        const auto& lan = *connect.lan;
        return "lan " + lan.host + ":" + std::to_string(lan.port) + " user " + lan.user + " cipher suite " +
               (lan.cipher_suite ? std::to_string(*lan.cipher_suite) : std::string("chosen")) +
               (lan.ipmi15 ? " IPMI 1.5" : "");
    }
    return "device " + connect.device.value_or("(the first)");
}

// The snapshots of the last run, served at their true age: within a
// client's maximum age at once, else read again first.
void DaemonState::restore_snapshots() {
    auto stored = snapshot_store_.load(identity_);
    if (!stored) return;
    // At least 1 ms: older than anything read since this start (the warm-up reads anew).
    const auto age = std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                std::chrono::system_clock::now() - stored->saved_at));
    if (stored->device) device_id_.restore(std::make_shared<const std::vector<std::uint8_t>>(*stored->device), age);
    if (stored->system_guid) system_guid_.restore(std::make_shared<const SystemGuid>(*stored->system_guid), age);
    // The inventory was read with the stored SDR's locators.
    if (stored->fru && stored->sensors && stored->sensors->repository) {
        fru_.restore(stored->fru, age);
        std::lock_guard lock(fru_sdr_mutex_);
        fru_sdr_ = stored->sensors->repository->info;
    }
    if (stored->users) users_.restore(stored->users, age);
    if (stored->sensors) sensors_.restore(stored->sensors, age);
    if (stored->sel_state) {
        auto journal = sel_store_.restore(stored->endpoint);
        if (!journal.fresh) {
            auto view = make_sel_view(std::move(journal.journal), *stored->sel_state);
            sel_.restore(view, age);
            sel_summary_.restore(std::make_shared<const SelSummary>(SelSummary{view, stored->sel_allocation}), age);
        }
    }
    restored_endpoint_ = stored->endpoint;
    std::lock_guard lock(saving_);
    saved_versions_ = {sensors_.version(), sel_.version(), device_id_.version()};
    options_.log("restored the snapshots of " + stored->endpoint + ", saved " + std::to_string(age.count() / 1000) +
                 " s ago: served until they are read again");
}

void DaemonState::save_snapshots() {
    std::lock_guard lock(saving_);
    const std::array<std::uint64_t, 3> versions{sensors_.version(), sel_.version(), device_id_.version()};
    if (versions == saved_versions_) return;
    StoredSnapshots stored;
    stored.identity = identity_;
    stored.endpoint = transport_description();
    stored.saved_at = std::chrono::system_clock::now();
    if (auto device = device_id_.current()) stored.device = *device;
    if (auto guid = system_guid_.current()) stored.system_guid = *guid;
    stored.fru = fru_.current();
    stored.users = users_.current();
    stored.sensors = sensors_.current();
    if (auto view = sel_.current()) {
        stored.sel_state = view->snapshot.state;
        if (auto summary = sel_summary_.current(); summary && summary->view == view)
            stored.sel_allocation = summary->allocation;
    }
    if (stored.endpoint.empty()) return;  // nothing read yet
    snapshot_store_.save(stored);
    saved_versions_ = versions;
}

template <class Fn>
auto DaemonState::with_engine(Fn&& fn) -> decltype(fn(std::declval<bridge::Engine&>())) {
    std::lock_guard lock(bmc_);
    if (auto connected = ensure_connected(); !connected.ok()) return connected.error();
    auto result = fn(*connection_->engine);
    if (!result.ok() && connection_lost(result.error())) {
        // Reopen next time: a LAN session does not survive a BMC reset.
        replace_connection(std::nullopt);
    }
    return result;
}

// Under bmc_. The old connection is closed after info_ is released: closing a
// LAN session talks to the BMC, and hello and stats must not wait for that.
void DaemonState::replace_connection(std::optional<bridge::Connection> connection) {
    std::optional<bridge::Connection> old;
    {
        std::lock_guard lock(info_);
        if (connection_) requests_before_ += connection_->engine->requests_sent();
        if (connection) {
            if (!transport_.empty()) ++reconnects_;
            transport_ = connection->engine->transport_description();
        }
        old = std::exchange(connection_, std::move(connection));
    }
}

// Under bmc_. After a failure the next attempt waits (backoff.hpp): a
// client's request meanwhile gets the last error and the time left, and the
// BMC sees no login.
bridge::Status DaemonState::ensure_connected() {
    if (connection_) return bridge::success();
    const auto now = ConnectBackoff::Clock::now();
    {
        std::lock_guard lock(info_);
        if (!backoff_.may_try(now)) return backoff_.waiting_error(now);
    }
    auto connection = options_.connector ? options_.connector() : bridge::connect(options_.connect, options_.engine);
    if (!connection.ok()) {
        std::lock_guard lock(info_);
        const auto wait = backoff_.failed(connection.error(), now);
        // Each refused login is logged: an admin counts them against the BMC's lock-out.
        if (is_refusal(connection.error()))
            options_.log("BMC: " + connection.error().message + "; the next attempt is in " + wait_text(wait) + " (" +
                         std::to_string(backoff_.failures()) + " in a row)");
        return connection.error();
    }
    {
        std::lock_guard lock(info_);
        if (backoff_.failures() > 0)
            options_.log("BMC: connected after " + std::to_string(backoff_.failures()) + " failed attempts");
        backoff_.succeeded();
    }
    replace_connection(std::move(*connection));
    if (restored_endpoint_ && *restored_endpoint_ != transport_) {
        options_.log("the stored snapshots are of " + *restored_endpoint_ + ", not " + transport_ + ": not served");
        sensors_.clear();
        device_id_.clear();
        system_guid_.clear();
        fru_.clear();
        users_.clear();
        sel_.clear();
    }
    restored_endpoint_.reset();
    // Where the driver delivers event messages (IPMI 2.0 §29.7), new SEL
    // entries are read when they are announced; polling stays as the net.
    events_ = connection_->engine->enable_events().ok();
    return bridge::success();
}

void DaemonState::retry_now() {
    std::lock_guard lock(info_);
    backoff_.retry_now();
}

ConnectionState DaemonState::connection_state() const {
    std::lock_guard lock(info_);
    return backoff_.state(ConnectBackoff::Clock::now());
}

cim::SystemIdentity DaemonState::system() {
    return cim::SystemIdentity{options_.system_name, "IP", transport_description()};
}

std::string DaemonState::transport_description() {
    std::lock_guard lock(info_);
    return transport_;
}

bridge::Status DaemonState::refresh_sensors(std::chrono::milliseconds age) {
    auto loaded = sensors_.get(age, [this]() -> Result<std::shared_ptr<const cim::SensorSnapshot>> {
        return with_engine([this](bridge::Engine& engine) -> Result<std::shared_ptr<const cim::SensorSnapshot>> {
            // A fresh source each round: the SDR cache is checked against the
            // repository (one request) and the readings are all new.
            cim::EngineSourceOptions source_options;
            source_options.system = cim::SystemIdentity{options_.system_name, "IP", transport_description()};
            source_options.cache = provider::sdr::CacheOptions{!options_.cache_dir.empty(), false, options_.cache_dir};
            source_options.reader = options_.sdr_reader;
            cim::EngineDataSource source(engine, source_options);
            auto snapshot = source.sensors();
            {
                std::lock_guard lock(problems_mutex_);
                problems_ = source.problems();
            }
            if (!snapshot.ok()) return snapshot.error();
            return *snapshot;
        });
    });
    if (!loaded.ok()) return loaded.error();
    return bridge::success();
}

// Each read goes on from the last one's position (after a start, from the
// stored one), so that every entry gets one sequence number, once.
Result<std::shared_ptr<const SelView>> DaemonState::sel_view(std::chrono::milliseconds age) {
    return sel_.get(age, [this]() -> Result<std::shared_ptr<const SelView>> {
        auto previous = sel_.current();
        return with_engine([&](bridge::Engine& engine) -> Result<std::shared_ptr<const SelView>> {
            // A view restored from another BMC's store is not gone on from.
            if (previous && previous->journal.endpoint != transport_) previous.reset();
            sel::SelReader reader(engine);
            if (!utc_offset_) {
                auto offset = reader.utc_offset_minutes();
                utc_offset_ = offset.ok() ? *offset : std::nullopt;
            }
            auto restored = previous ? SelStore::Restored{previous->journal, false} : sel_store_.restore(transport_);
            auto& journal = restored.journal;
            std::vector<sel::RawEntry> known;
            known.reserve(journal.entries.size());
            for (const auto& entry : journal.entries) known.push_back(entry.raw);
            auto read = restored.fresh ? reader.read_all() : reader.read_new(journal.position, known);
            if (!read.ok()) return read.error();
            // A part added, removed or replaced: the FRU data is read again when next asked.
            if (std::any_of(read->entries.begin(), read->entries.end(), fru::announces_fru_change)) fru_.invalidate();
            const bool changed = sel::apply_read(journal, *read);
            if (changed || restored.fresh) sel_store_.save(journal);
            return make_sel_view(std::move(journal), cim::SelState{read->info, *utc_offset_});
        });
    });
}

bridge::Status DaemonState::follow_sel(std::chrono::milliseconds age) {
    auto view = sel_view(age);
    if (!view.ok()) return view.error();
    return bridge::success();
}

// Definitions change only with the SDR repository, which every sensor round
// checks: the ones already read serve (names of SEL records, association
// paths) without a new round of readings.
Result<std::shared_ptr<const std::vector<sensor::SensorDefinition>>> DaemonState::definitions() {
    if (auto cached = cached_definitions()) return cached;
    auto snapshot = sensors();
    if (!snapshot.ok()) return snapshot.error();
    return (*snapshot)->definitions;
}

// A round that could not read the SDR repository to the end (another agent
// kept cancelling the reservation, a broken chain) leaves the last complete
// snapshot in service, marked with its age; a BMC that does not answer, or
// no complete snapshot yet, is an error: never a shorter list passed off as
// the sensors.
Result<std::shared_ptr<const cim::SensorSnapshot>> DaemonState::sensors() {
    return sensors_within(request_age(), true);
}

Result<std::shared_ptr<const cim::SensorSnapshot>> DaemonState::sensors_within(std::chrono::milliseconds age,
                                                                               bool stale_allowed) {
    auto refreshed = refresh_sensors(age);
    if (refreshed.ok()) return sensors_.current();
    auto last = sensors_.current();
    if (!stale_allowed || !last || !provider::sdr::is_unfinished_walk(refreshed.error())) return refreshed.error();
    t_stale_sensors = StaleSensors{sensors_.age().value_or(std::chrono::milliseconds(0)), refreshed.error().message};
    return last;
}

Result<std::shared_ptr<const cim::SensorSnapshot>> DaemonState::sensors_partly(
    std::chrono::milliseconds age, const std::vector<std::size_t>& indices) {
    const auto base = sensors_.current();
    if (!base) return sensors_within(age, age.count() > 0);  // no snapshot yet: the first round
    if (sensors_.fresh_within(age)) return base;
    return with_engine([&](bridge::Engine& engine) -> Result<std::shared_ptr<const cim::SensorSnapshot>> {
        auto copy = std::make_shared<cim::SensorSnapshot>(*base);
        sensor::SensorReader reader(engine, sensor::SensorReadOptions{true, 0x20});
        for (const auto i : indices) {
            if (i >= copy->samples.size()) continue;
            const auto& definition = (*copy->definitions)[i];
            copy->samples[i] = reader.sample(definition);
            copy->values[i] = sensor::evaluate(definition, copy->samples[i], true);
        }
        return std::shared_ptr<const cim::SensorSnapshot>(std::move(copy));
    });
}

Result<std::shared_ptr<const cim::SensorSnapshot>> DaemonState::newest_sensors() {
    if (auto newest = sensors_.current()) return newest;
    return sensors();
}

Result<std::shared_ptr<const std::vector<std::uint8_t>>> DaemonState::device_id(std::chrono::milliseconds age) {
    return device_id_.get(age, [this]() -> Result<std::shared_ptr<const std::vector<std::uint8_t>>> {
        return with_engine([](bridge::Engine& engine) -> Result<std::shared_ptr<const std::vector<std::uint8_t>>> {
            auto data = engine.call(bridge::get_device_id_request());
            if (!data.ok()) return data.error();
            return std::make_shared<const std::vector<std::uint8_t>>(std::move(*data));
        });
    });
}

Result<std::shared_ptr<const SystemGuid>> DaemonState::system_guid(std::chrono::milliseconds age) {
    return system_guid_.get(age, [this]() -> Result<std::shared_ptr<const SystemGuid>> {
        return with_engine([](bridge::Engine& engine) -> Result<std::shared_ptr<const SystemGuid>> {
            auto data = engine.call(bridge::get_system_guid_request());
            auto part = std::make_shared<SystemGuid>();
            if (!data.ok()) {
                if (bridge::bmc_stopped_answering(data.error())) return data.error();
                part->refusal = data.error().message;
                return std::shared_ptr<const SystemGuid>(part);
            }
            auto guid = bridge::decode_system_guid(*data);
            if (guid.ok())
                part->guid = *guid;
            else
                part->refusal = guid.error().message;
            return std::shared_ptr<const SystemGuid>(part);
        });
    });
}

Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> DaemonState::fru(std::chrono::milliseconds age) {
    // Read with other FRU locators than the SDR's now: read again.
    if (fru_.current()) {
        const auto newest = sensors_.current();
        std::lock_guard lock(fru_sdr_mutex_);
        if (newest && newest->repository && fru_sdr_ && !(newest->repository->info == *fru_sdr_)) fru_.invalidate();
    }
    return fru_.get(age, [this]() -> Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> {
        // Which devices: the device's FRU support bit and the SDR's locators, as the snapshots have them.
        auto device = device_id(max_age());
        if (!device.ok()) return device.error();
        auto decoded = bridge::decode_device_id(**device);
        if (!decoded.ok()) return decoded.error();
        // Without the SDR, device 0 alone, as the CLI does; a silent BMC is the error.
        auto sensors = newest_sensors();
        if (!sensors.ok() && bridge::bmc_stopped_answering(sensors.error())) return sensors.error();
        const std::vector<provider::sdr::Record> none;
        const bool have_sdr = sensors.ok() && (*sensors)->repository;
        const auto& records = have_sdr ? (*sensors)->repository->records : none;
        {
            std::lock_guard lock(fru_sdr_mutex_);
            fru_sdr_.reset();
            if (have_sdr) fru_sdr_ = (*sensors)->repository->info;
        }
        return with_engine(
            [&](bridge::Engine& engine) -> Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> {
                auto read = fru::read_inventory(engine, decoded->device_support, records);
                if (!read.ok()) return read.error();
                return std::make_shared<const std::vector<fru::DeviceReport>>(std::move(*read));
            });
    });
}

Result<std::shared_ptr<const bmc::Users>> DaemonState::users(std::chrono::milliseconds age) {
    return users_.get(age, [this]() -> Result<std::shared_ptr<const bmc::Users>> {
        return with_engine([](bridge::Engine& engine) -> Result<std::shared_ptr<const bmc::Users>> {
            auto users = bmc::read_lan_users(engine);
            if (!users.ok()) return users.error();
            return std::make_shared<const bmc::Users>(std::move(*users));
        });
    });
}

// DataSource's inventory: as old as the inventory interval (the CIM
// operations' requests), the device and its GUID as the other snapshots.
Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> DaemonState::fru_devices() {
    return fru(std::max(inventory_interval(), request_age()));
}

Result<std::shared_ptr<const bmc::Users>> DaemonState::bmc_users() {
    return users(std::max(inventory_interval(), request_age()));
}

Result<bridge::DeviceId> DaemonState::device_identity() {
    auto data = device_id(request_age());
    if (!data.ok()) return data.error();
    return bridge::decode_device_id(**data);
}

Result<std::string> DaemonState::platform_guid() {
    auto held = system_guid(request_age());
    if (!held.ok()) return held.error();
    if (!(*held)->guid) return bridge::make_error(bridge::ErrorKind::Unsupported, (*held)->refusal);
    return bridge::guid_text(*(*held)->guid);
}

void DaemonState::refresh_inventory() {
    const auto interval = inventory_interval();
    if (fru_.current()) (void)fru(interval);
    if (users_.current()) (void)users(interval);
}

Result<std::shared_ptr<const SelSummary>> DaemonState::sel_summary(std::chrono::milliseconds age) {
    auto view = sel_view(age);
    if (!view.ok()) return view.error();
    if (auto current = sel_summary_.current(); current && current->view == *view) return current;
    sel_summary_.invalidate();
    return sel_summary_.get(max_age(), [&]() -> Result<std::shared_ptr<const SelSummary>> {
        auto summary = std::make_shared<SelSummary>();
        summary->view = *view;
        if (!(*view)->snapshot.state.info.supports_allocation_info()) return std::shared_ptr<const SelSummary>(summary);
        return with_engine([&](bridge::Engine& engine) -> Result<std::shared_ptr<const SelSummary>> {
            auto allocation = sel::SelReader(engine).allocation_info();
            // A refusal leaves the size to the entries and the free space, as without the daemon.
            if (!allocation.ok() && bridge::bmc_stopped_answering(allocation.error())) return allocation.error();
            if (allocation.ok()) summary->allocation = *allocation;
            return std::shared_ptr<const SelSummary>(summary);
        });
    });
}

Result<cim::SelState> DaemonState::sel_state() {
    auto view = sel_view(request_age());
    if (!view.ok()) return view.error();
    return (*view)->snapshot.state;
}

Result<std::shared_ptr<const cim::SelSnapshot>> DaemonState::sel() {
    auto view = sel_view(request_age());
    if (!view.ok()) return view.error();
    // The snapshot lives as long as the view that holds it.
    return std::shared_ptr<const cim::SelSnapshot>(*view, &(*view)->snapshot);
}

bridge::Status DaemonState::clear_sel() {
    auto cleared = with_engine([](bridge::Engine& engine) { return sel::SelReader(engine).clear(); });
    sel_.invalidate();
    return cleared;
}

bridge::Result<bool> DaemonState::clear_sel_if_unchanged(const sel::SelInfo& info) {
    auto cleared = with_engine([&](bridge::Engine& engine) { return sel::SelReader(engine).clear_if_unchanged(info); });
    if (cleared.ok() && *cleared) sel_.invalidate();
    return cleared;
}

bridge::Status DaemonState::write_threshold(const sensor::SensorDefinition& definition,
                                            provider::sdr::ThresholdIndex index, std::uint8_t raw) {
    auto written = with_engine([&](bridge::Engine& engine) {
        return sensor::SensorReader(engine, sensor::SensorReadOptions{true, 0x20})
            .write_threshold(definition, index, raw);
    });
    sensors_.invalidate();
    return written;
}

Result<bool> DaemonState::wait_for_event(std::chrono::milliseconds timeout) {
    if (!events_.load()) return false;
    return with_engine([&](bridge::Engine& engine) -> Result<bool> {
        auto event = engine.next_event(timeout);
        if (!event.ok()) return event.error();
        return event->has_value();
    });
}

Result<bridge::Response> DaemonState::pass_through(const bridge::Request& request, bridge::Resend resend) {
    auto response = with_engine([&](bridge::Engine& engine) { return engine.send(request, resend); });
    // Any write may have changed the inventory (Write FRU Data, Set User
    // Name/Access/Password, bridged or not): read again when next asked.
    if (classify(request) == Access::Write) {
        fru_.invalidate();
        users_.invalidate();
    }
    if (!provider::chassis::changes_chassis(request)) return response;
    {
        std::lock_guard lock(power_request_mutex_);
        if (response.ok()) power_request_ = cim::power_request_after(power_request_, request, *response);
        chassis_failure_.reset();
    }
    chassis_.invalidate();  // whatever the answer: the chassis may have changed
    return response;
}

Result<std::shared_ptr<const provider::snapshot::ChassisPart>> DaemonState::chassis(std::chrono::milliseconds age) {
    using Clock = std::chrono::steady_clock;
    {
        // A BMC without Get Chassis Status is asked again only as often as
        // data this old is read again, not once for each instance that shows it.
        std::lock_guard lock(power_request_mutex_);
        if (chassis_failure_ && Clock::now() - chassis_failure_->second <= age) return chassis_failure_->first;
    }
    auto part = chassis_.get(age, [this]() -> Result<std::shared_ptr<const provider::snapshot::ChassisPart>> {
        auto status = with_engine([](bridge::Engine& engine) {
            return engine.call(provider::chassis::chassis_request(provider::chassis::kGetChassisStatus));
        });
        if (!status.ok()) return status.error();
        if (auto decoded = provider::chassis::decode_chassis_status(*status); !decoded.ok()) return decoded.error();
        std::lock_guard lock(power_request_mutex_);
        return std::make_shared<const provider::snapshot::ChassisPart>(
            provider::snapshot::ChassisPart{std::move(*status), power_request_});
    });
    std::lock_guard lock(power_request_mutex_);
    if (part.ok())
        chassis_failure_.reset();
    else
        chassis_failure_.emplace(part.error(), Clock::now());
    return part;
}

Result<provider::chassis::ChassisStatus> DaemonState::chassis_status() {
    auto part = chassis(request_age());
    if (!part.ok()) return part.error();
    return provider::chassis::decode_chassis_status((*part)->status);
}

// The request the chassis snapshot holds: what every client sees, with the
// version it carries (the live one only before a first snapshot).
cim::PowerRequest DaemonState::power_request() const {
    if (const auto part = chassis_.current()) return part->request;
    std::lock_guard lock(power_request_mutex_);
    return power_request_;
}

std::shared_ptr<const std::vector<sensor::SensorDefinition>> DaemonState::cached_definitions() const {
    const auto snapshot = sensors_.current();
    return snapshot ? snapshot->definitions : nullptr;
}

std::vector<std::string> DaemonState::problems() const {
    std::lock_guard lock(problems_mutex_);
    return problems_;
}

Stats DaemonState::stats() const {
    Stats stats;
    {
        // connection_ changes only under info_ too; requests_sent() is atomic.
        std::lock_guard lock(info_);
        stats.bmc_requests = requests_before_ + (connection_ ? connection_->engine->requests_sent() : 0);
        stats.reconnects = reconnects_;
        stats.connected = connection_.has_value();
    }
    stats.sensor_loads = sensors_.loads();
    stats.sel_loads = sel_.loads();
    stats.sensors_age = sensors_.age();
    stats.sel_age = sel_.age();
    stats.sensors_version = sensors_.version();
    stats.sel_version = sel_.version();
    if (const auto sensors = sensors_.current()) stats.sensor_count = sensors->values.size();
    if (const auto view = sel_.current()) stats.sel_entries = view->snapshot.entries.size();
    stats.uptime = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
    return stats;
}

}  // namespace ipmiprov::daemon

#include "snapshot_store.hpp"

#include "provider/snapshot/inventory_wire.hpp"

#include <nlohmann/json.hpp>

#include "bridge/text_file.hpp"
#include "provider/snapshot/wire.hpp"
#include "provider/store/atomic_file.hpp"

namespace ipmiprov::daemon {
namespace {

using bridge::ErrorKind;
using nlohmann::json;
namespace snap = provider::snapshot;

constexpr int kFormat = 1;

bridge::Error bad(const std::string& what) {
    return bridge::make_error(ErrorKind::Protocol, "snapshot store: " + what);
}

}  // namespace

std::string serialise_snapshots(const StoredSnapshots& snapshots) {
    json out{{"format", kFormat},
             {"identity", snapshots.identity},
             {"endpoint", snapshots.endpoint},
             {"saved_at_ms",
              std::chrono::duration_cast<std::chrono::milliseconds>(snapshots.saved_at.time_since_epoch()).count()}};
    if (snapshots.device) out["device"] = snap::hex_text(*snapshots.device);
    if (snapshots.system_guid)
        out["system_guid"] = snap::system_guid_to_wire(snapshots.system_guid->guid, snapshots.system_guid->refusal);
    if (snapshots.fru) out["fru"] = snap::fru_to_wire(*snapshots.fru);
    if (snapshots.users) out["users"] = snap::users_to_wire(*snapshots.users);
    if (snapshots.sensors && snapshots.sensors->repository) {
        out["sdr"] = snap::repository_to_wire(*snapshots.sensors->repository);
        out["readings"] = snap::samples_to_wire(snapshots.sensors->samples);
    }
    if (snapshots.sel_state) out["sel_state"] = snap::sel_to_wire({*snapshots.sel_state, snapshots.sel_allocation, {}});
    return out.dump();
}

bridge::Result<StoredSnapshots> parse_snapshots(const std::string& text) {
    const auto in = json::parse(text, nullptr, false);
    if (in.is_discarded() || !in.is_object()) return bad("not a JSON object");
    if (in.value("format", 0) != kFormat) return bad("not format " + std::to_string(kFormat));
    const auto identity = in.find("identity");
    const auto endpoint = in.find("endpoint");
    const auto saved = in.find("saved_at_ms");
    if (identity == in.end() || !identity->is_string() || endpoint == in.end() || !endpoint->is_string())
        return bad("no \"identity\" or \"endpoint\"");
    if (saved == in.end() || !saved->is_number_integer()) return bad("no \"saved_at_ms\"");
    StoredSnapshots out;
    out.identity = identity->get<std::string>();
    out.endpoint = endpoint->get<std::string>();
    out.saved_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(saved->get<std::int64_t>()));
    if (const auto device = in.find("device"); device != in.end()) {
        if (!device->is_string()) return bad("\"device\" must be hex");
        auto data = snap::bytes_from_hex(device->get_ref<const std::string&>(), 255);
        if (!data.ok()) return bad("\"device\": " + data.error().message);
        out.device = std::move(*data);
    }
    if (const auto guid = in.find("system_guid"); guid != in.end()) {
        auto held = snap::system_guid_from_wire(*guid);
        if (held.ok())
            out.system_guid = SystemGuid{*held, {}};
        else if (held.error().kind == bridge::ErrorKind::CompletionCode)
            out.system_guid = SystemGuid{std::nullopt, held.error().message};
        else
            return held.error();
    }
    if (const auto fru = in.find("fru"); fru != in.end()) {
        auto devices = snap::fru_from_wire(*fru);
        if (!devices.ok()) return devices.error();
        out.fru = std::make_shared<const std::vector<provider::fru::DeviceReport>>(std::move(*devices));
    }
    if (const auto users = in.find("users"); users != in.end()) {
        auto held = snap::users_from_wire(*users);
        if (!held.ok()) return held.error();
        out.users = std::make_shared<const provider::bmc::Users>(std::move(*held));
    }
    if (in.contains("sdr") || in.contains("readings")) {
        if (!in.contains("sdr") || !in.contains("readings")) return bad("\"sdr\" and \"readings\" go together");
        auto repository = snap::repository_from_wire(in["sdr"]);
        if (!repository.ok()) return repository.error();
        auto samples = snap::samples_from_wire(in["readings"]);
        if (!samples.ok()) return samples.error();
        auto sensors = std::make_shared<provider::cim::SensorSnapshot>();
        sensors->repository = std::make_shared<const provider::sdr::Repository>(std::move(*repository));
        sensors->definitions = std::make_shared<const std::vector<provider::sensor::SensorDefinition>>(
            provider::sensor::sensor_definitions(*sensors->repository));
        if (samples->size() != sensors->definitions->size())
            return bad(std::to_string(samples->size()) + " samples for " +
                       std::to_string(sensors->definitions->size()) + " sensors");
        sensors->samples = std::move(*samples);
        for (std::size_t i = 0; i < sensors->samples.size(); ++i)
            sensors->values.push_back(
                provider::sensor::evaluate((*sensors->definitions)[i], sensors->samples[i], true));
        out.sensors = std::move(sensors);
    }
    if (const auto sel = in.find("sel_state"); sel != in.end()) {
        auto state = snap::sel_from_wire(*sel);
        if (!state.ok()) return state.error();
        out.sel_state = state->state;
        out.sel_allocation = state->allocation;
    }
    return out;
}

SnapshotStore::SnapshotStore(const std::filesystem::path& state_dir, Log log)
    : file_(state_dir.empty() ? std::filesystem::path() : state_dir / "snapshots.json"), log_(std::move(log)) {}

std::optional<StoredSnapshots> SnapshotStore::load(const std::string& identity) {
    if (file_.empty()) return std::nullopt;
    auto text = bridge::read_bounded_file(file_, kMaxSnapshotFileBytes, "the snapshot store");
    if (!text.ok()) {
        if (text.error().kind != ErrorKind::NotFound) log_(text.error().message + "; not served");
        return std::nullopt;
    }
    auto parsed = parse_snapshots(*text);
    if (!parsed.ok()) {
        log_(file_.string() + ": " + parsed.error().message + "; not served");
        return std::nullopt;
    }
    if (parsed->identity != identity) {
        log_(file_.string() + " is of " + parsed->identity + ", not " + identity + "; not served");
        return std::nullopt;
    }
    return std::move(*parsed);
}

void SnapshotStore::save(const StoredSnapshots& snapshots) {
    if (file_.empty()) return;
    auto saved = provider::store::write_atomically(file_, serialise_snapshots(snapshots));
    if (!saved.ok() && !save_failing_) log_("snapshot store: " + saved.error().message + " (will retry)");
    if (saved.ok() && save_failing_) log_("snapshot store: saved again");
    save_failing_ = !saved.ok();
}

}  // namespace ipmiprov::daemon

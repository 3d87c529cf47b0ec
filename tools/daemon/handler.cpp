#include "handler.hpp"

#include <nlohmann/json.hpp>
#include <random>

#include "bridge/daemon_client.hpp"
#include "bridge/json_text.hpp"
#include "provider/cim/indicator.hpp"
#include "provider/cim/power.hpp"
#include "provider/cim/wire.hpp"
#include "provider/snapshot/inventory_wire.hpp"
#include "provider/snapshot/wire.hpp"

namespace ipmiprov::daemon {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;
using nlohmann::json;
namespace cim = provider::cim;

json failure(const bridge::Error& error) {
    return json{{"ok", false}, {"error", bridge::error_to_json(error)}};
}

json success(json body = json::object()) {
    body["ok"] = true;
    return body;
}

Result<std::string> string_field(const json& request, const char* name, bool required = true) {
    if (!request.contains(name)) {
        if (!required) return std::string();
        return make_error(ErrorKind::InvalidArgument, std::string("missing \"") + name + "\"");
    }
    if (!request[name].is_string())
        return make_error(ErrorKind::InvalidArgument, std::string("\"") + name + "\" must be a string");
    return request[name].get<std::string>();
}

Result<cim::ObjectPath> path_field(const json& request) {
    if (!request.contains("path")) return make_error(ErrorKind::InvalidArgument, "missing \"path\"");
    return cim::path_from_wire(request["path"]);
}

json instances_reply(Result<std::vector<cim::Instance>> result) {
    if (!result.ok()) return failure(result.error());
    return success(json{{"instances", cim::instances_to_wire(*result)}});
}

json instance_reply(Result<cim::Instance> result) {
    if (!result.ok()) return failure(result.error());
    return success(json{{"instances", cim::instances_to_wire({*result})}});
}

// A successful reply built from the last complete sensor snapshot, because
// the round that should have renewed it could not finish, says so
// (docs/daemon-protocol.md): {"stale": {"age_ms", "problem"}}.
void note_stale_sensors(json& reply) {
    const auto stale = DaemonState::stale_sensors_in_request();
    if (!stale || reply.value("ok", false) != true) return;
    reply["stale"] = json{{"age_ms", stale->age.count()}, {"problem", stale->problem}};
}

std::shared_ptr<const std::string> with_stale_note(std::shared_ptr<const std::string> reply) {
    if (!DaemonState::stale_sensors_in_request()) return reply;
    auto body = json::parse(*reply);
    note_stale_sensors(body);
    return std::make_shared<const std::string>(bridge::json_text(body));
}

// "cim invoke IPMIProv_RecordLog.ClearLog {"InstanceID":…}": a CIM write, for the audit log.
std::string cim_action(const std::string& op, const json& request) {
    std::string action = "cim " + op;
    const auto path = request.find("path");
    if (path != request.end()) action += " " + path->dump();
    const auto method = request.find("method");
    if (method != request.end() && method->is_string()) action += " method " + method->get<std::string>();
    const auto params = request.find("params");
    if (params != request.end()) action += " params " + params->dump();
    return action;
}

std::string outcome_of(const json& reply) {
    if (reply.value("ok", false)) {
        // A method that returned other than 0 (4098: nothing changed) says so.
        const auto returned = reply.find("return_value");
        if (returned != reply.end() && returned->is_number_unsigned() && returned->get<std::uint64_t>() != 0)
            return "returned " + std::to_string(returned->get<std::uint64_t>());
        return "done";
    }
    const auto error = reply.find("error");
    if (error != reply.end() && error->is_object() && error->contains("message") && (*error)["message"].is_string())
        return (*error)["message"].get<std::string>();
    return "failed";
}

bridge::Error denied(const Peer& peer, const std::string& what) {
    return make_error(ErrorKind::PermissionDenied, "permission denied: " + peer_text(peer) + " may not " + what +
                                                       " (reads: root and the configured read group; writes: root"
                                                       " and the configured write group)");
}

constexpr std::size_t kMaxOnlySensors = 64;

json age_json(const std::optional<std::chrono::milliseconds>& age) {
    return age ? json(age->count()) : json(nullptr);
}

}  // namespace

Handler::Handler(DaemonState& state, AccessPolicy policy) : state_(state), model_(state), policy_(policy) {
    std::random_device random;
    started_as_ = std::to_string(random()) + std::to_string(random());
}

// "<sensors version>.<SEL version>.<chassis version>.<this start>": what a
// client's cached instances are checked against.
std::string Handler::version_tag(const Versions& versions) const {
    return std::to_string(versions.sensors) + "." + std::to_string(versions.sel) + "." +
           std::to_string(versions.chassis) + "." + started_as_;
}

// What `ipmiprov daemon status` shows (docs/daemon-protocol.md): the
// counters, the snapshots' ages, and the connection with its last error.
json Handler::stats_reply() {
    const auto stats = state_.stats();
    const auto connection = state_.connection_state();
    json connection_json{{"connected", stats.connected},
                         {"failures", connection.failures},
                         {"last_error", nullptr},
                         {"next_attempt_in_ms", age_json(connection.next_attempt_in)}};
    if (connection.last_error) connection_json["last_error"] = bridge::error_to_json(*connection.last_error);
    return success(json{
        {"bmc_requests", stats.bmc_requests},
        {"sensor_loads", stats.sensor_loads},
        {"sel_loads", stats.sel_loads},
        {"reconnects", stats.reconnects},
        {"client_requests", requests_.load()},
        {"uptime_ms", stats.uptime.count()},
        {"max_age_ms", state_.max_age().count()},
        {"transport", state_.transport_description()},
        {"system", state_.system().name},
        {"events", state_.events_delivered()},
        {"subscribers", events_ != nullptr ? events_->subscribers() : 0},
        {"connection", connection_json},
        {"sensors",
         {{"count", stats.sensor_count}, {"age_ms", age_json(stats.sensors_age)}, {"version", stats.sensors_version}}},
        {"sel", {{"entries", stats.sel_entries}, {"age_ms", age_json(stats.sel_age)}, {"version", stats.sel_version}}},
        {"problems", state_.problems()}});
}

// SEL entries after the client's last sequence number; with none, where the
// SEL ends now (the first call of a follower). The numbers hold within an
// epoch (kept across restarts with the daemon's SEL store): a client that
// names another epoch, or a number the daemon never gave, gets every entry
// the daemon holds, marked "resync", rather than a gap.
json Handler::new_records(const json& request) {
    if (request.contains("epoch") && !request["epoch"].is_string())
        return failure(make_error(ErrorKind::InvalidArgument, "\"epoch\" must be a string"));
    auto view = state_.sel_view(state_.max_age());
    if (!view.ok()) return failure(view.error());
    const auto& v = **view;
    json reply{{"records", json::array()}, {"last", v.last_sequence}, {"epoch", v.epoch}};
    if (!request.contains("after")) return success(reply);
    if (!request["after"].is_number_unsigned())
        return failure(make_error(ErrorKind::InvalidArgument, "\"after\" must be a sequence number"));
    auto after = request["after"].get<std::uint64_t>();
    const bool other_epoch = request.contains("epoch") && request["epoch"].get<std::string>() != v.epoch;
    if (other_epoch || after > v.last_sequence) {
        reply["resync"] = true;
        after = 0;
    }
    const auto definitions = state_.cached_definitions();
    const cim::LogRecordContext context{v.snapshot.state.utc_offset_minutes, definitions.get()};
    std::vector<cim::Instance> records;
    for (std::size_t i = 0; i < v.snapshot.entries.size(); ++i)
        if (v.sequence[i] > after) records.push_back(cim::log_record_instance(v.snapshot.entries[i], context));
    reply["records"] = cim::instances_to_wire(records);
    return success(reply);
}

// A subscription starts from the SEL the daemon holds: the first view is
// read when there is none yet, never a new one for the subscriber's sake.
json Handler::subscribe(const json& request, std::shared_ptr<Subscriber>* subscription) {
    if (subscription == nullptr || events_ == nullptr)
        return failure(make_error(ErrorKind::Unsupported, "subscribe needs a connection of its own to the daemon"));
    std::optional<std::uint64_t> after;
    std::optional<std::string> epoch;
    if (request.contains("after")) {
        if (!request["after"].is_number_unsigned())
            return failure(make_error(ErrorKind::InvalidArgument, "\"after\" must be a sequence number"));
        after = request["after"].get<std::uint64_t>();
    }
    if (request.contains("epoch")) {
        if (!request["epoch"].is_string())
            return failure(make_error(ErrorKind::InvalidArgument, "\"epoch\" must be a string"));
        epoch = request["epoch"].get<std::string>();
    }
    auto view = state_.sel_view(std::chrono::hours(24 * 365));
    if (!view.ok()) return failure(view.error());
    const auto definitions = state_.cached_definitions();
    events_->publish(*view, definitions.get());
    auto subscribed = events_->subscribe(after, epoch, definitions.get());
    *subscription = subscribed.subscriber;
    auto reply = success(subscribed.reply);
    reply["subscribed"] = true;
    return reply;
}

void Handler::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
    if (events_ != nullptr) events_->unsubscribe(subscriber);
}

// Reads what an enumeration of the class needs, if it is older than the
// maximum age, before the reply cache is consulted.
bridge::Status Handler::make_fresh(const std::string& class_name) {
    const auto& schema = cim::ipmiprov_schema();
    if (!schema.knows(class_name)) return bridge::success();  // the model names the error
    bool readings = false;
    bool sel = false;
    bool definitions = false;
    bool chassis = false;
    for (const auto& def : schema.classes()) {
        if (!schema.is_a(def.name, class_name)) continue;
        readings = readings || def.name == cim::kNumericSensorClass || def.name == cim::kSensorClass;
        sel = sel || def.name == cim::kRecordLogClass || def.name == cim::kLogRecordClass ||
              def.name == cim::kLogManagesRecordClass;
        definitions = definitions || def.name == cim::kSystemDeviceClass || def.name == cim::kConformsClass;
        chassis = chassis || def.name == cim::kSystemClass || def.name == cim::kAssociatedPowerClass ||
                  def.name == cim::kIndicatorLEDClass;
    }
    if (readings)
        if (auto fresh = state_.sensors(); !fresh.ok()) return fresh.error();
    if (sel)
        if (auto fresh = state_.sel_state(); !fresh.ok()) return fresh.error();
    if (definitions)
        if (auto known = state_.definitions(); !known.ok()) return known.error();
    // A BMC without Get Chassis Status still has a system: the model shows
    // its state as unknown, so the error is not the enumeration's.
    if (chassis) (void)state_.chassis_status();
    return bridge::success();
}

std::shared_ptr<const std::string> Handler::enumerate(const std::string& class_name, const std::string& if_version,
                                                      bool with_instances) {
    if (auto fresh = make_fresh(class_name); !fresh.ok())
        return std::make_shared<const std::string>(bridge::json_text(failure(fresh.error())));
    std::shared_ptr<CachedReply> entry;
    {
        std::lock_guard lock(cache_mutex_);
        auto& slot = cache_[class_name];
        if (!slot) slot = std::make_shared<CachedReply>();
        entry = slot;
    }
    std::lock_guard building(entry->building);
    const auto versions = state_.versions();
    const auto tag = version_tag(versions);
    // The client holds these very instances: a few bytes instead of them all.
    if (!if_version.empty() && if_version == tag)
        return std::make_shared<const std::string>(
            bridge::json_text(success(json{{"unchanged", true}, {"version", tag}})));
    if (!with_instances) {
        if (!cim::ipmiprov_schema().knows(class_name))
            return std::make_shared<const std::string>(
                bridge::json_text(failure(make_error(ErrorKind::InvalidArgument, "unknown class " + class_name))));
        return std::make_shared<const std::string>(bridge::json_text(success(json{{"version", tag}})));
    }
    if (entry->reply && entry->versions == versions) return entry->reply;
    auto result = model_.enumerate(class_name);
    if (!result.ok()) return std::make_shared<const std::string>(bridge::json_text(failure(result.error())));
    auto reply = std::make_shared<const std::string>(
        bridge::json_text(success(json{{"instances", cim::instances_to_wire(*result)}, {"version", tag}})));
    // Kept only if nothing changed while it was built.
    if (state_.versions() == versions) {
        entry->versions = versions;
        entry->reply = reply;
    }
    return reply;
}

// The parts of the snapshots a client asked for (docs/daemon-protocol.md):
// what is older than the maximum age (or anything, with "fresh") is read
// first, once for every client waiting; the reply is built once for each
// set of snapshots and shared.
std::shared_ptr<const std::string> Handler::snapshot(const json& request) {
    namespace snap = provider::snapshot;
    auto text = [](const json& reply) { return std::make_shared<const std::string>(bridge::json_text(reply)); };
    const auto names = request.find("parts");
    if (names == request.end() || !names->is_array() || names->empty() || names->size() > snap::kParts.size())
        return text(failure(make_error(ErrorKind::InvalidArgument, "\"parts\" must be a list of parts")));
    std::array<bool, snap::kParts.size()> wanted{};
    for (const auto& name : *names) {
        if (!name.is_string())
            return text(failure(make_error(ErrorKind::InvalidArgument, "\"parts\" must be a list of part names")));
        auto part = snap::part_from_name(name.get_ref<const std::string&>());
        if (!part.ok()) return text(failure(part.error()));
        wanted.at(static_cast<std::size_t>(*part)) = true;
    }
    const auto fresh_field = request.find("fresh");
    if (fresh_field != request.end() && !fresh_field->is_boolean())
        return text(failure(make_error(ErrorKind::InvalidArgument, "\"fresh\" must be true or false")));
    const bool fresh = fresh_field != request.end() && fresh_field->get<bool>();
    // "only": the sensors the client will show (indices in the SDR's order):
    // a stale snapshot has just those read again.
    std::optional<std::vector<std::size_t>> only;
    if (const auto listed = request.find("only"); listed != request.end()) {
        if (!listed->is_array() || listed->size() > kMaxOnlySensors)
            return text(failure(
                make_error(ErrorKind::InvalidArgument, "\"only\" must be a list of at most 64 sensor indices")));
        only.emplace();
        for (const auto& index : *listed) {
            if (!index.is_number_unsigned())
                return text(failure(make_error(ErrorKind::InvalidArgument, "\"only\" must list sensor indices")));
            only->push_back(index.get<std::size_t>());
        }
    }
    const auto age = fresh ? std::chrono::milliseconds(0) : state_.max_age();
    const auto want = [&](snap::Part part) { return wanted.at(static_cast<std::size_t>(part)); };

    std::shared_ptr<const std::vector<std::uint8_t>> device;
    std::shared_ptr<const SystemGuid> guid;
    std::shared_ptr<const cim::SensorSnapshot> sensors;
    std::shared_ptr<const SelView> sel;
    std::shared_ptr<const SelSummary> summary;
    std::shared_ptr<const snap::ChassisPart> chassis;
    std::shared_ptr<const std::vector<provider::fru::DeviceReport>> fru;
    std::shared_ptr<const provider::bmc::Users> users;
    if (want(snap::Part::Device)) {
        auto got = state_.device_id(age);
        if (!got.ok()) return text(failure(got.error()));
        device = *got;
        // With the device, its system GUID; a BMC that fails to say leaves it out (the client asks).
        if (auto system_guid = state_.system_guid(age); system_guid.ok()) guid = *system_guid;
    }
    if (want(snap::Part::Readings) || want(snap::Part::Sdr)) {
        auto got = want(snap::Part::Readings)
                       ? (only ? state_.sensors_partly(age, *only) : state_.sensors_within(age, !fresh))
                       : (fresh ? state_.sensors_within(age, false) : state_.newest_sensors());
        if (!got.ok()) return text(failure(got.error()));
        sensors = *got;
        if (!sensors->repository)
            return text(failure(make_error(ErrorKind::Protocol, "internal error: a sensor snapshot without its SDR")));
    }
    if (want(snap::Part::Sel)) {
        auto got = state_.sel_view(age);
        if (!got.ok()) return text(failure(got.error()));
        sel = *got;
    }
    if (want(snap::Part::SelInfo)) {
        auto got = state_.sel_summary(age);
        if (!got.ok()) return text(failure(got.error()));
        summary = *got;
    }
    if (want(snap::Part::Chassis)) {
        auto got = state_.chassis(age);
        if (!got.ok()) return text(failure(got.error()));
        chassis = *got;
    }
    // The inventory changes rarely: as old as its interval, unless "fresh".
    const auto inventory_age = fresh ? std::chrono::milliseconds(0) : state_.inventory_interval();
    if (want(snap::Part::Fru)) {
        auto got = state_.fru(inventory_age);
        if (!got.ok()) return text(failure(got.error()));
        fru = *got;
    }
    if (want(snap::Part::Users)) {
        auto got = state_.users(inventory_age);
        if (!got.ok()) return text(failure(got.error()));
        users = *got;
    }

    std::string key;
    for (const auto part : snap::kParts)
        if (want(part)) key.append(snap::part_name(part)).push_back(' ');
    std::shared_ptr<CachedSnapshot> entry;
    {
        std::lock_guard lock(cache_mutex_);
        auto& slot = snapshots_[key];
        if (!slot) slot = std::make_shared<CachedSnapshot>();
        entry = slot;
    }
    const std::vector<std::shared_ptr<const void>> sources{device, guid, sensors, sel, summary, chassis, fru, users};
    std::lock_guard building(entry->building);
    if (entry->reply && entry->sources == sources) return with_stale_note(entry->reply);
    // A copy with a few sensors read again is this request's alone: not kept.
    const bool keep = !sensors || sensors == state_.cached_snapshot();
    json reply = success();
    if (device) reply["device"] = snap::hex_text(*device);
    if (guid) reply["system_guid"] = snap::system_guid_to_wire(guid->guid, guid->refusal);
    if (sensors && want(snap::Part::Sdr)) reply["sdr"] = snap::repository_to_wire(*sensors->repository);
    if (sensors && want(snap::Part::Readings)) reply["readings"] = snap::samples_to_wire(sensors->samples);
    if (sel) {
        snap::SelPart part{sel->snapshot.state, std::nullopt, {}};
        part.entries.reserve(sel->journal.entries.size());
        for (const auto& stored : sel->journal.entries) part.entries.push_back(stored.raw);
        reply["sel"] = snap::sel_to_wire(part);
    }
    if (summary) reply["sel_info"] = snap::sel_to_wire({summary->view->snapshot.state, summary->allocation, {}});
    if (chassis) reply["chassis"] = snap::chassis_to_wire(*chassis);
    if (fru) reply["fru"] = snap::fru_to_wire(*fru);
    if (users) reply["users"] = snap::users_to_wire(*users);
    auto built = text(reply);
    if (keep) {
        entry->sources = sources;
        entry->reply = built;
    }
    return with_stale_note(built);
}

json Handler::transport(const json& request, const Peer& peer, const AccessPolicy& policy) {
    if (!request.contains("request")) return failure(make_error(ErrorKind::InvalidArgument, "missing \"request\""));
    auto ipmi = bridge::request_from_json(request["request"]);
    if (!ipmi.ok()) return failure(ipmi.error());
    const auto access = classify(*ipmi);
    const bool writes = access == Access::Write;
    AuditEvent event{peer, writes ? request_action(*ipmi) : "", writes ? request_hex(*ipmi) : "", true, "", {}};
    if (!allowed(policy, peer, access)) {
        if (writes) {
            event.allowed = false;
            event.outcome = "refused: permission denied";
            audit(event);
        }
        return failure(denied(peer, writes ? "send IPMI commands that change the BMC" : "read from the BMC"));
    }
    // A change is sent once: its lost reply may follow a deed done (engine.hpp).
    auto response = state_.pass_through(*ipmi, writes ? bridge::Resend::NotAfterTimeout : bridge::Resend::Allowed);
    if (writes) {
        set_outcome(event, *ipmi, response);
        audit(event);
    }
    return response.ok() ? success(json{{"response", bridge::response_to_json(*response)}}) : failure(response.error());
}

std::shared_ptr<const std::string> Handler::handle(std::string_view payload, const Peer& peer,
                                                   std::shared_ptr<Subscriber>* subscription) {
    auto text = [](const json& reply) { return std::make_shared<const std::string>(bridge::json_text(reply)); };
    const auto request = json::parse(payload, nullptr, false);
    if (request.is_discarded() || !request.is_object())
        return text(failure(make_error(ErrorKind::InvalidArgument, "malformed message: not a JSON object")));
    auto op = string_field(request, "op");
    if (!op.ok()) return text(failure(op.error()));
    ++requests_;
    const bool writes = *op == "modify" || *op == "invoke";
    const bool reads = !writes && *op != "hello" && *op != "transport";
    AccessPolicy policy;
    {
        std::lock_guard lock(policy_mutex_);
        policy = policy_;
    }
    if (reads && !allowed(policy, peer, Access::Read)) return text(failure(denied(peer, "read")));
    if (writes && !allowed(policy, peer, Access::Write)) {
        audit({peer, cim_action(*op, request), "", false, "refused: permission denied", std::nullopt});
        return text(failure(denied(peer, *op)));
    }

    const DaemonState::RequestScope scope;
    json reply;
    try {
        if (*op == "hello") {
            reply = success(json{{"protocol", bridge::kDaemonProtocolVersion},
                                 {"transport", state_.transport_description()},
                                 {"system", state_.system().name}});
        } else if (*op == "stats") {
            reply = stats_reply();
        } else if (*op == "transport") {
            reply = transport(request, peer, policy);
        } else if (*op == "enumerate") {
            auto cls = string_field(request, "class");
            auto if_version = string_field(request, "if_version", false);
            if (!cls.ok()) return text(failure(cls.error()));
            if (!if_version.ok()) return text(failure(if_version.error()));
            const auto with_instances = request.find("instances");
            if (with_instances != request.end() && !with_instances->is_boolean())
                return text(failure(make_error(ErrorKind::InvalidArgument, "\"instances\" must be true or false")));
            return with_stale_note(
                enumerate(*cls, *if_version, with_instances == request.end() || with_instances->get<bool>()));
        } else if (*op == "get") {
            auto path = path_field(request);
            reply = path.ok() ? instance_reply(model_.get(*path)) : failure(path.error());
        } else if (*op == "associators" || *op == "references") {
            auto path = path_field(request);
            auto assoc = string_field(request, "association_class", false);
            auto result_class = string_field(request, "result_class", false);
            if (!path.ok() || !assoc.ok() || !result_class.ok()) {
                reply = failure(!path.ok() ? path.error() : !assoc.ok() ? assoc.error() : result_class.error());
            } else {
                reply = instances_reply(*op == "associators" ? model_.associators(*path, *assoc, *result_class)
                                                             : model_.references(*path, *assoc));
            }
        } else if (*op == "modify") {
            auto path = path_field(request);
            auto properties =
                request.contains("properties")
                    ? cim::properties_from_wire(request["properties"])
                    : Result<cim::PropertyList>(make_error(ErrorKind::InvalidArgument, "missing \"properties\""));
            if (!path.ok())
                reply = failure(path.error());
            else if (!properties.ok())
                reply = failure(properties.error());
            else
                reply = instance_reply(model_.modify(*path, *properties));
        } else if (*op == "invoke") {
            auto path = path_field(request);
            auto method = string_field(request, "method");
            auto params = request.contains("params") ? cim::properties_from_wire(request["params"])
                                                     : Result<cim::PropertyList>(cim::PropertyList{});
            if (!path.ok() || !method.ok() || !params.ok()) {
                reply = failure(!path.ok() ? path.error() : !method.ok() ? method.error() : params.error());
            } else {
                auto result = model_.invoke(*path, *method, *params);
                reply = result.ok() ? success(json{{"return_value", result->return_value},
                                                   {"out", cim::properties_to_wire(result->out)}})
                                    : failure(result.error());
            }
        } else if (*op == "snapshot") {
            return snapshot(request);
        } else if (*op == "new_records") {
            reply = new_records(request);
        } else if (*op == "subscribe") {
            reply = subscribe(request, subscription);
        } else {
            reply = failure(make_error(ErrorKind::InvalidArgument, "unknown op \"" + *op + "\""));
        }
    } catch (const std::exception& e) {
        reply = failure(make_error(ErrorKind::Protocol, std::string("internal error: ") + e.what()));
    }
    // Every CIM write, whatever became of it (a bad path, the BMC's refusal, an internal error).
    if (writes) audit({peer, cim_action(*op, request), "", true, outcome_of(reply), std::nullopt});
    note_stale_sensors(reply);
    return text(reply);
}

}  // namespace ipmiprov::daemon

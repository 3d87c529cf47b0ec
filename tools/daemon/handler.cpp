#include "handler.hpp"

#include <nlohmann/json.hpp>

#include "bridge/daemon_client.hpp"
#include "provider/cim/wire.hpp"

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

bridge::Error denied(const Peer& peer, const std::string& what) {
    return make_error(ErrorKind::PermissionDenied, "permission denied: " + peer_text(peer) + " may not " + what +
                                                       " (reads: root and the configured read group; writes: root"
                                                       " and the configured write group)");
}

}  // namespace

// SEL entries after the client's last sequence number; with none, where the
// SEL ends now (the first call of a follower).
json Handler::new_records(const json& request) {
    auto view = state_.sel_view(state_.max_age());
    if (!view.ok()) return failure(view.error());
    const auto& v = **view;
    json reply{{"records", json::array()}, {"last", v.last_sequence}};
    if (!request.contains("after")) return success(reply);
    if (!request["after"].is_number_unsigned())
        return failure(make_error(ErrorKind::InvalidArgument, "\"after\" must be a sequence number"));
    const auto after = request["after"].get<std::uint64_t>();
    const auto definitions = state_.cached_definitions();
    const cim::LogRecordContext context{v.snapshot.state.utc_offset_minutes, definitions.get()};
    std::vector<cim::Instance> records;
    for (std::size_t i = 0; i < v.snapshot.entries.size(); ++i)
        if (v.sequence[i] > after) records.push_back(cim::log_record_instance(v.snapshot.entries[i], context));
    reply["records"] = cim::instances_to_wire(records);
    return success(reply);
}

std::string Handler::handle(std::string_view payload, const Peer& peer) {
    const auto request = json::parse(payload, nullptr, false);
    if (request.is_discarded() || !request.is_object())
        return failure(make_error(ErrorKind::InvalidArgument, "malformed message: not a JSON object")).dump();
    auto op = string_field(request, "op");
    if (!op.ok()) return failure(op.error()).dump();
    const bool writes = *op == "modify" || *op == "invoke";
    const bool reads = !writes && *op != "hello" && *op != "transport";
    if (reads && !allowed(policy_, peer, Access::Read)) return failure(denied(peer, "read")).dump();
    if (writes && !allowed(policy_, peer, Access::Write)) return failure(denied(peer, *op)).dump();

    json reply;
    try {
        if (*op == "hello") {
            reply = success(json{{"protocol", bridge::kDaemonProtocolVersion},
                                 {"transport", state_.transport_description()},
                                 {"system", state_.system().name}});
        } else if (*op == "stats") {
            const auto stats = state_.stats();
            reply = success(json{{"bmc_requests", stats.bmc_requests},
                                 {"sensor_loads", stats.sensor_loads},
                                 {"sel_loads", stats.sel_loads},
                                 {"reconnects", stats.reconnects}});
        } else if (*op == "transport") {
            if (!request.contains("request"))
                return failure(make_error(ErrorKind::InvalidArgument, "missing \"request\"")).dump();
            auto ipmi = bridge::request_from_json(request["request"]);
            if (!ipmi.ok()) return failure(ipmi.error()).dump();
            const auto access = classify(*ipmi);
            if (!allowed(policy_, peer, access))
                return failure(denied(peer, access == Access::Write ? "send IPMI commands that change the BMC"
                                                                    : "read from the BMC"))
                    .dump();
            auto response = state_.pass_through(*ipmi);
            reply = response.ok() ? success(json{{"response", bridge::response_to_json(*response)}})
                                  : failure(response.error());
        } else if (*op == "enumerate") {
            auto cls = string_field(request, "class");
            reply = cls.ok() ? instances_reply(model_.enumerate(*cls)) : failure(cls.error());
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
            if (!path.ok() || !method.ok()) {
                reply = failure(!path.ok() ? path.error() : method.error());
            } else {
                auto result = model_.invoke(*path, *method);
                reply = result.ok() ? success(json{{"return_value", *result}}) : failure(result.error());
            }
        } else if (*op == "new_records") {
            reply = new_records(request);
        } else {
            reply = failure(make_error(ErrorKind::InvalidArgument, "unknown op \"" + *op + "\""));
        }
    } catch (const std::exception& e) {
        reply = failure(make_error(ErrorKind::Protocol, std::string("internal error: ") + e.what()));
    }
    return reply.dump();
}

}  // namespace ipmiprov::daemon

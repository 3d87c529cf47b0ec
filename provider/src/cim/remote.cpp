#include "provider/cim/remote.hpp"

#include "provider/cim/wire.hpp"

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;
using nlohmann::json;

}  // namespace

// Fields of the wrong type read as absent: a note, never an exception.
std::optional<std::string> stale_note_of(const json& reply) {
    const auto found = reply.find("stale");
    if (found == reply.end() || !found->is_object()) return std::nullopt;
    const auto age = found->find("age_ms");
    const auto problem = found->find("problem");
    return "sensors " + std::to_string(age != found->end() && age->is_number_integer() ? age->get<std::int64_t>() : 0) +
           " ms old: " +
           (problem != found->end() && problem->is_string() ? problem->get<std::string>()
                                                            : std::string("a newer read did not finish"));
}

Result<std::unique_ptr<RemoteModel>> RemoteModel::connect(const std::string& socket_path,
                                                          std::chrono::milliseconds timeout) {
    auto client = bridge::DaemonClient::connect(socket_path, timeout);
    if (!client.ok()) return client.error();
    // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): private constructor
    return std::unique_ptr<RemoteModel>(new RemoteModel(std::move(*client), timeout));
}

std::string RemoteModel::system_name() const {
    return client_->hello().value("system", std::string());
}

Result<std::vector<Instance>> RemoteModel::instances(const json& request) {
    // The daemon may have to read the BMC first: allow for a whole sweep.
    auto reply = client_->call(request, timeout_ * 20 + std::chrono::seconds(60));
    if (!reply.ok()) return reply.error();
    stale_note_ = stale_note_of(*reply);
    if (!reply->contains("instances")) return make_error(ErrorKind::Protocol, "ipmiprovd: reply without \"instances\"");
    return instances_from_wire((*reply)["instances"]);
}

Result<Instance> RemoteModel::one_instance(const json& request) {
    auto list = instances(request);
    if (!list.ok()) return list.error();
    if (list->size() != 1) return make_error(ErrorKind::Protocol, "ipmiprovd: expected one instance");
    return std::move(list->front());
}

Result<std::vector<Instance>> RemoteModel::enumerate(std::string_view class_name) {
    return instances(json{{"op", "enumerate"}, {"class", class_name}});
}

Result<RemoteModel::Versioned> RemoteModel::enumerate_if_changed(std::string_view class_name,
                                                                 const std::string& known_version) {
    json request{{"op", "enumerate"}, {"class", class_name}};
    if (!known_version.empty()) request["if_version"] = known_version;
    auto reply = client_->call(request, timeout_ * 20 + std::chrono::seconds(60));
    if (!reply.ok()) return reply.error();
    stale_note_ = stale_note_of(*reply);
    Versioned out;
    if (const auto version = reply->find("version"); version != reply->end() && version->is_string())
        out.version = version->get<std::string>();
    if (reply->value("unchanged", false) == true) {
        if (known_version.empty() || out.version != known_version)
            return make_error(ErrorKind::Protocol, "ipmiprovd: \"unchanged\" for instances this client does not hold");
        return out;
    }
    if (!reply->contains("instances")) return make_error(ErrorKind::Protocol, "ipmiprovd: reply without \"instances\"");
    auto instances = instances_from_wire((*reply)["instances"]);
    if (!instances.ok()) return instances.error();
    out.instances = std::move(*instances);
    return out;
}

Result<std::string> RemoteModel::version_of(std::string_view class_name) {
    auto reply = client_->call(json{{"op", "enumerate"}, {"class", class_name}, {"instances", false}}, reply_timeout());
    if (!reply.ok()) return reply.error();
    stale_note_ = stale_note_of(*reply);
    const auto version = reply->find("version");
    return version != reply->end() && version->is_string() ? version->get<std::string>() : std::string();
}

SystemIdentity RemoteModel::system_identity() const {
    return SystemIdentity{client_->hello().value("system", std::string()), "IP",
                          client_->hello().value("transport", std::string())};
}

Result<Instance> RemoteModel::get(const ObjectPath& path) {
    return one_instance(json{{"op", "get"}, {"path", path_to_wire(path)}});
}

Result<std::vector<Instance>> RemoteModel::associators(const ObjectPath& path, std::string_view association_class,
                                                       std::string_view result_class) {
    return instances(json{{"op", "associators"},
                          {"path", path_to_wire(path)},
                          {"association_class", association_class},
                          {"result_class", result_class}});
}

Result<std::vector<Instance>> RemoteModel::references(const ObjectPath& path, std::string_view association_class) {
    return instances(
        json{{"op", "references"}, {"path", path_to_wire(path)}, {"association_class", association_class}});
}

Result<Instance> RemoteModel::modify(const ObjectPath& path, const PropertyList& changes) {
    return one_instance(
        json{{"op", "modify"}, {"path", path_to_wire(path)}, {"properties", properties_to_wire(changes)}});
}

Result<MethodResult> RemoteModel::invoke(const ObjectPath& path, std::string_view method, const PropertyList& in) {
    json request{{"op", "invoke"}, {"path", path_to_wire(path)}, {"method", method}};
    if (!in.empty()) request["params"] = properties_to_wire(in);
    auto reply = client_->call(request, timeout_ * 20 + std::chrono::seconds(60));
    if (!reply.ok()) return reply.error();
    if (!reply->contains("return_value") || !(*reply)["return_value"].is_number_unsigned() ||
        (*reply)["return_value"].get<std::uint64_t>() > 0xFFFFFFFFULL)
        return make_error(ErrorKind::Protocol, "ipmiprovd: reply without a uint32 \"return_value\"");
    MethodResult result{static_cast<std::uint32_t>((*reply)["return_value"].get<std::uint64_t>()), {}};
    if (reply->contains("out")) {
        auto out = properties_from_wire((*reply)["out"]);
        if (!out.ok()) return out.error();
        result.out = std::move(*out);
    }
    return result;
}

Result<json> RemoteModel::call_reconnecting(const json& request, std::chrono::milliseconds timeout) {
    auto reply = client_->call(request, timeout);
    const bool gone = !reply.ok() && reply.error().kind == ErrorKind::Transport;
    if (!gone) return reply;
    auto again = bridge::DaemonClient::connect(client_->socket_path(), timeout_);
    if (!again.ok()) return reply.error();
    client_ = std::move(*again);
    return client_->call(request, timeout);
}

Result<std::vector<Instance>> RemoteModel::new_records(SelCursor& cursor) {
    json request{{"op", "new_records"}};
    if (cursor.after) request["after"] = *cursor.after;
    if (!cursor.epoch.empty()) request["epoch"] = cursor.epoch;
    auto reply = call_reconnecting(request, timeout_ * 20 + std::chrono::seconds(60));
    if (!reply.ok()) return reply.error();
    if (!reply->contains("last") || !(*reply)["last"].is_number_unsigned() || !reply->contains("records"))
        return make_error(ErrorKind::Protocol, "ipmiprovd: malformed new_records reply");
    auto records = instances_from_wire((*reply)["records"]);
    if (!records.ok()) return records.error();
    cursor.after = (*reply)["last"].get<std::uint64_t>();
    // Daemons before the SEL store send no epoch: the numbers alone then.
    cursor.epoch = reply->value("epoch", std::string());
    cursor.resynced = reply->value("resync", false);
    return records;
}

}  // namespace ipmiprov::provider::cim

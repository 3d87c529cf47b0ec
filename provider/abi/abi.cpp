// The C ABI of include/ipmiprov/provider.h over the CIM model. Every entry
// point catches everything: no C++ exception crosses into a C caller.
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bridge/connect.hpp"
#include "ipmiprov/provider.h"
#include "provider/cim/model.hpp"
#include "provider/cim/remote.hpp"
#include "provider/sel/reader.hpp"
#include "provider/snapshot/remote_source.hpp"

namespace cim = ipmiprov::provider::cim;
namespace bridge = ipmiprov::bridge;

#include "handles.hpp"
#include "status.hpp"

using namespace ipmiprov::abi;  // the ABI's own internals (handles.hpp)

namespace {

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

const char* or_empty(const char* text) {
    return text == nullptr ? "" : text;
}

bridge::Result<bridge::ConnectOptions> connect_options(const ipmiprov_open_options& o) {
    bridge::ConnectOptions connect;
    switch (o.source) {
        case IPMIPROV_SOURCE_DEFAULT:  // the daemon did not answer: the device
        case IPMIPROV_SOURCE_DEVICE:
            if (o.device != nullptr) connect.device = o.device;
            break;
        case IPMIPROV_SOURCE_SIM:
            connect.sim = o.sim_fixture != nullptr ? o.sim_fixture : bridge::kBuiltinFixtureName;
            break;
        case IPMIPROV_SOURCE_DAEMON:
            return bridge::make_error(bridge::ErrorKind::InvalidArgument, "no daemon");
        case IPMIPROV_SOURCE_LAN: {
            if (o.lan_host == nullptr || *o.lan_host == '\0')
                return bridge::make_error(bridge::ErrorKind::InvalidArgument, "lan_host is needed for a LAN session");
            bridge::LanOptions lan;
            lan.host = o.lan_host;
            lan.port = o.lan_port != 0 ? o.lan_port : 623;
            lan.user = or_empty(o.lan_user);
            lan.password = or_empty(o.lan_password);
            lan.connect_timeout = std::chrono::milliseconds(o.timeout_ms);
            connect.lan = lan;
            break;
        }
        default:
            return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                      "unknown source " + std::to_string(static_cast<int>(o.source)));
    }
    return connect;
}

ipmiprov_status open_session(const ipmiprov_open_options& o, ipmiprov_session** session, ipmiprov_error* error) {
    if (o.abi_major == 0)
        return fail(error, IPMIPROV_E_INVALID_ARGUMENT, "abi_major is 0: use ipmiprov_open_options_init");
    if (o.abi_major > IPMIPROV_ABI_MAJOR)
        return fail(error, IPMIPROV_E_VERSION,
                    "the caller needs ABI " + std::to_string(o.abi_major) + ".x; this library has " +
                        std::to_string(IPMIPROV_ABI_MAJOR) + "." + std::to_string(IPMIPROV_ABI_MINOR));
    if (o.source == IPMIPROV_SOURCE_DEFAULT || o.source == IPMIPROV_SOURCE_DAEMON) {
        const std::string socket = o.daemon_socket != nullptr ? o.daemon_socket : bridge::kDefaultDaemonSocket;
        auto remote = cim::RemoteModel::connect(socket, std::chrono::milliseconds(o.timeout_ms));
        if (remote.ok()) {
            auto s = std::make_unique<ipmiprov_session>();
            s->remote = std::move(*remote);
            *session = s.release();  // owned by the caller until ipmiprov_close
            return succeed(error);
        }
        if (o.source == IPMIPROV_SOURCE_DAEMON || remote.error().kind == bridge::ErrorKind::PermissionDenied)
            return fail(error, remote.error());
    }
    auto connect = connect_options(o);
    if (!connect.ok()) return fail(error, connect.error());
    bridge::EngineOptions engine;
    engine.timeout = std::chrono::milliseconds(o.timeout_ms);
    auto connection = bridge::connect(*connect, engine);
    if (!connection.ok()) return fail(error, connection.error());
    auto s = std::make_unique<ipmiprov_session>();
    s->connection = std::move(*connection);
    auto& so = s->source_options;
    so.system.name = o.system_name != nullptr          ? o.system_name
                     : o.source == IPMIPROV_SOURCE_LAN ? std::string(o.lan_host)
                                                       : host_name();
    so.system.transport = s->connection.engine->transport_description();
    const std::string cache = o.cache_dir == nullptr ? ipmiprov::provider::sdr::default_cache_directory(false).string()
                                                     : std::string(o.cache_dir);
    so.cache = ipmiprov::provider::sdr::CacheOptions{!cache.empty(), false, cache};
    s->source = std::make_unique<cim::EngineDataSource>(*s->connection.engine, so);
    s->model = std::make_unique<cim::CimModel>(*s->source);
    *session = s.release();  // owned by the caller until ipmiprov_close
    return succeed(error);
}

// The caller's properties (a modify's changes, a method's IN parameters),
// each named and converted; the first bad one is an invalid argument.
bridge::Result<cim::PropertyList> properties_from_c(const ipmiprov_property* properties, std::size_t count,
                                                    const char* what) {
    cim::PropertyList out;
    for (std::size_t i = 0; i < count; ++i) {
        if (properties[i].name == nullptr)
            return bridge::make_error(bridge::ErrorKind::InvalidArgument, std::string(what) + " is NULL");
        auto value = value_from_c(properties[i]);
        if (!value.ok())
            return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                      std::string(properties[i].name) + ": " + value.error().message);
        out.emplace_back(properties[i].name, std::move(*value));
    }
    return out;
}

ipmiprov_status list_result(bridge::Result<std::vector<cim::Instance>> result, ipmiprov_list** out,
                            ipmiprov_error* error) {
    if (!result.ok()) return fail(error, result.error());
    *out = make_list(std::move(*result));
    return succeed(error);
}

}  // namespace

extern "C" {

const char* ipmiprov_status_text(ipmiprov_status status) {
    static constexpr const char* kTexts[] = {
        "ok",          "invalid argument",     "not found",      "access denied",
        "timeout",     "transport failure",    "protocol error", "refused by the BMC",
        "unsupported", "ABI version mismatch", "internal error"};
    const auto index = static_cast<std::size_t>(status);
    return index < std::size(kTexts) ? kTexts[index] : "unknown status";
}

uint32_t ipmiprov_abi_version(void) {
    return (static_cast<std::uint32_t>(IPMIPROV_ABI_MAJOR) << 16) | IPMIPROV_ABI_MINOR;
}

void ipmiprov_open_options_init(ipmiprov_open_options* options) {
    if (options == nullptr) return;
    ipmiprov_open_options defaults{};
    defaults.abi_major = IPMIPROV_ABI_MAJOR;
    defaults.abi_minor = IPMIPROV_ABI_MINOR;
    defaults.source = IPMIPROV_SOURCE_DEFAULT;
    defaults.timeout_ms = 5000;
    defaults.lan_port = 623;
    copy_out(options, defaults);
}

ipmiprov_status ipmiprov_open(const ipmiprov_open_options* options, ipmiprov_session** session, ipmiprov_error* error) {
    return guarded(error, [&] {
        if (options == nullptr) return missing(error, "options");
        if (session == nullptr) return missing(error, "session");
        *session = nullptr;
        ipmiprov_open_options o{};
        o.struct_size = sizeof o;
        ipmiprov_open_options_init(&o);
        std::memcpy(static_cast<void*>(&o), options, std::min<std::size_t>(options->struct_size, sizeof o));
        if (o.timeout_ms == 0) o.timeout_ms = 5000;
        return open_session(o, session, error);
    });
}

void ipmiprov_close(ipmiprov_session* session) {
    delete session;  // NOLINT(cppcoreguidelines-owning-memory): the C side's handle, made by ipmiprov_open
}

ipmiprov_path* ipmiprov_path_new(const char* name_space, const char* class_name) {
    try {
        if (class_name == nullptr) return nullptr;
        return make_path(cim::ObjectPath{or_empty(name_space), class_name, {}}).release();
    } catch (...) {
        return nullptr;
    }
}

void ipmiprov_path_free(ipmiprov_path* path) {
    delete path;  // NOLINT(cppcoreguidelines-owning-memory): made by ipmiprov_path_new
}

ipmiprov_status ipmiprov_path_add_key(ipmiprov_path* path, const ipmiprov_property* key, ipmiprov_error* error) {
    return guarded(error, [&] {
        if (path == nullptr) return missing(error, "path");
        if (key == nullptr || key->name == nullptr) return missing(error, "key or its name");
        auto value = value_from_c(*key);
        if (!value.ok())
            return fail(error, IPMIPROV_E_INVALID_ARGUMENT, std::string(key->name) + ": " + value.error().message);
        path->path.keys.emplace_back(key->name, std::move(*value));
        rebuild_views(*path);
        return succeed(error);
    });
}

const char* ipmiprov_path_namespace(const ipmiprov_path* path) {
    return path == nullptr ? "" : path->path.name_space.c_str();
}

const char* ipmiprov_path_class(const ipmiprov_path* path) {
    return path == nullptr ? "" : path->path.class_name.c_str();
}

size_t ipmiprov_path_key_count(const ipmiprov_path* path) {
    return path == nullptr ? 0 : path->path.keys.size();
}

ipmiprov_status ipmiprov_path_key(const ipmiprov_path* path, size_t index, ipmiprov_property* key) {
    if (path == nullptr || key == nullptr || index >= path->path.keys.size()) return IPMIPROV_E_INVALID_ARGUMENT;
    const auto& [name, value] = path->path.keys[index];
    copy_out(key, property_view(name, value, path->key_elements[index], true));
    return IPMIPROV_OK;
}

const char* ipmiprov_path_text(const ipmiprov_path* path) {
    return path == nullptr ? "" : path->text.c_str();
}

size_t ipmiprov_list_size(const ipmiprov_list* list) {
    return list == nullptr ? 0 : list->items.size();
}

const ipmiprov_instance* ipmiprov_list_at(const ipmiprov_list* list, size_t index) {
    if (list == nullptr || index >= list->items.size()) return nullptr;
    return list->items[index].get();
}

void ipmiprov_list_free(ipmiprov_list* list) {
    delete list;  // NOLINT(cppcoreguidelines-owning-memory): made by make_list for the C side
}

const char* ipmiprov_instance_class(const ipmiprov_instance* instance) {
    return instance == nullptr ? "" : instance->instance.class_name.c_str();
}

const char* ipmiprov_instance_namespace(const ipmiprov_instance* instance) {
    return instance == nullptr ? "" : instance->instance.name_space.c_str();
}

const ipmiprov_path* ipmiprov_instance_path(const ipmiprov_instance* instance) {
    return instance == nullptr ? nullptr : &instance->path;
}

size_t ipmiprov_instance_property_count(const ipmiprov_instance* instance) {
    return instance == nullptr ? 0 : instance->instance.properties.size();
}

ipmiprov_status ipmiprov_instance_property(const ipmiprov_instance* instance, size_t index,
                                           ipmiprov_property* property) {
    if (instance == nullptr || property == nullptr || index >= instance->instance.properties.size())
        return IPMIPROV_E_INVALID_ARGUMENT;
    const auto& [name, value] = instance->instance.properties[index];
    copy_out(property, property_view(name, value, instance->elements[index], instance->path.path.key(name) != nullptr));
    return IPMIPROV_OK;
}

ipmiprov_status ipmiprov_instance_find(const ipmiprov_instance* instance, const char* name,
                                       ipmiprov_property* property) {
    if (instance == nullptr || name == nullptr || property == nullptr) return IPMIPROV_E_INVALID_ARGUMENT;
    const auto& properties = instance->instance.properties;
    for (std::size_t i = 0; i < properties.size(); ++i)
        if (cim::same_name(properties[i].first, name)) return ipmiprov_instance_property(instance, i, property);
    return IPMIPROV_E_NOT_FOUND;
}

ipmiprov_status ipmiprov_classes(ipmiprov_session* session, ipmiprov_list** classes, ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || classes == nullptr) return missing(error, "session or classes");
        std::vector<cim::Instance> out;
        for (const auto& def : cim::ipmiprov_schema().classes()) {
            cim::Instance entry{def.name, def.name_space, {}};
            entry.set("Name", cim::Value::string(def.name));
            entry.set("Parent", cim::Value::string(def.parent));
            entry.set("Namespace", cim::Value::string(def.name_space));
            entry.set("Association", cim::Value::boolean(def.association));
            std::vector<std::string> writable;
            for (const auto& property : def.properties)
                if (property.write) writable.push_back(property.name);
            entry.set("Writable", cim::Value::string_array(writable));
            out.push_back(std::move(entry));
        }
        *classes = make_list(std::move(out));
        return succeed(error);
    });
}

ipmiprov_status ipmiprov_enumerate(ipmiprov_session* session, const char* class_name, ipmiprov_list** instances,
                                   ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || class_name == nullptr || instances == nullptr)
            return missing(error, "session, class_name or instances");
        if (session->remote) {
            auto items = remote_enumeration(*session, class_name);
            if (!items.ok()) return fail(error, items.error());
            *instances = make_list(std::move(*items));
            return succeed(error);
        }
        return list_result(session->operations().enumerate(class_name), instances, error);
    });
}

ipmiprov_status ipmiprov_get(ipmiprov_session* session, const ipmiprov_path* path, ipmiprov_list** instance,
                             ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || path == nullptr || instance == nullptr)
            return missing(error, "session, path or instance");
        auto found = session->operations().get(path->path);
        if (!found.ok()) return fail(error, found.error());
        return list_result(std::vector<cim::Instance>{std::move(*found)}, instance, error);
    });
}

ipmiprov_status ipmiprov_associators(ipmiprov_session* session, const ipmiprov_path* path,
                                     const char* association_class, const char* result_class, ipmiprov_list** instances,
                                     ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || path == nullptr || instances == nullptr)
            return missing(error, "session, path or instances");
        return list_result(
            session->operations().associators(path->path, or_empty(association_class), or_empty(result_class)),
            instances, error);
    });
}

ipmiprov_status ipmiprov_references(ipmiprov_session* session, const ipmiprov_path* path, const char* association_class,
                                    ipmiprov_list** associations, ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || path == nullptr || associations == nullptr)
            return missing(error, "session, path or associations");
        return list_result(session->operations().references(path->path, or_empty(association_class)), associations,
                           error);
    });
}

ipmiprov_status ipmiprov_modify(ipmiprov_session* session, const ipmiprov_path* path,
                                const ipmiprov_property* properties, size_t count, ipmiprov_list** instance,
                                ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || path == nullptr || instance == nullptr || (count > 0 && properties == nullptr))
            return missing(error, "session, path, properties or instance");
        auto changes = properties_from_c(properties, count, "a property name");
        if (!changes.ok()) return fail(error, changes.error());
        auto modified = session->operations().modify(path->path, *changes);
        if (!modified.ok()) return fail(error, modified.error());
        return list_result(std::vector<cim::Instance>{std::move(*modified)}, instance, error);
    });
}

ipmiprov_status ipmiprov_invoke(ipmiprov_session* session, const ipmiprov_path* path, const char* method,
                                uint32_t* return_value, ipmiprov_error* error) {
    return ipmiprov_invoke_method(session, path, method, nullptr, 0, return_value, nullptr, error);
}

ipmiprov_status ipmiprov_invoke_method(ipmiprov_session* session, const ipmiprov_path* path, const char* method,
                                       const ipmiprov_property* in, size_t in_count, uint32_t* return_value,
                                       ipmiprov_list** out, ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || path == nullptr || method == nullptr || return_value == nullptr ||
            (in_count > 0 && in == nullptr))
            return missing(error, "session, path, method, in or return_value");
        auto parameters = properties_from_c(in, in_count, "a parameter name");
        if (!parameters.ok()) return fail(error, parameters.error());
        auto result = session->operations().invoke(path->path, method, *parameters);
        if (!result.ok()) return fail(error, result.error());
        *return_value = result->return_value;
        if (out == nullptr) return succeed(error);
        cim::Instance output{method, path->path.name_space, std::move(result->out)};
        return list_result(std::vector<cim::Instance>{std::move(output)}, out, error);
    });
}

ipmiprov_status ipmiprov_new_records(ipmiprov_session* session, ipmiprov_list** records, ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || records == nullptr) return missing(error, "session or records");
        if (session->remote) return list_result(session->remote->new_records(session->remote_cursor), records, error);
        ipmiprov::provider::sel::SelReader reader(*session->connection.engine);
        if (!session->sel_position) {
            auto end = reader.end_position();
            if (!end.ok()) return fail(error, end.error());
            session->sel_position = *end;
            return list_result(std::vector<cim::Instance>{}, records, error);
        }
        auto read = reader.read_new(*session->sel_position);
        if (!read.ok()) return fail(error, read.error());
        session->sel_position = read->position;
        auto definitions = session->source->definitions();
        cim::LogRecordContext context{session->source->utc_offset(), definitions.ok() ? definitions->get() : nullptr};
        std::vector<cim::Instance> out;
        for (const auto& entry : read->entries) out.push_back(cim::log_record_instance(entry, context));
        return list_result(std::move(out), records, error);
    });
}

void ipmiprov_refresh(ipmiprov_session* session) {
    if (session == nullptr || session->remote) return;  // the daemon keeps its data fresh itself
    try {
        session->model.reset();
        session->source_options.power_request = session->source->power_request();  // not read from the BMC
        session->source = std::make_unique<cim::EngineDataSource>(*session->connection.engine, session->source_options);
        session->model = std::make_unique<cim::CimModel>(*session->source);
    } catch (...) {  // keep the old data rather than none
    }
}

}  // extern "C"

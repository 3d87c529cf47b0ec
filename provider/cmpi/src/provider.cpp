#include "provider.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "settings.hpp"

namespace ipmiprov::cmpi {
namespace {

// Properties whose values come from the live readings, the SEL and the
// chassis, not from the SDR or a setting (docs/cim-mapping.md): a Put
// carries them back as they were when the client read them, which is no
// request to change them (a timed identify ends by itself).
constexpr std::array<std::string_view, 9> kChangesByItself{
    "CurrentReading",         "CurrentState", "HealthState",   "OperationalStatus", "StatusDescriptions",
    "CurrentNumberOfRecords", "EnabledState", "PrimaryStatus", "ActivationState"};

bool changes_by_itself(const std::string& name) {
    return std::any_of(kChangesByItself.begin(), kChangesByItself.end(),
                       [&](std::string_view live) { return same_name(live, name); });
}

std::string text_or_empty(const char* text) {
    return text != nullptr ? text : "";
}

bool has_keys(const ipmiprov_instance* instance, const std::vector<std::pair<std::string, std::string>>& keys) {
    const auto* path = ipmiprov_instance_path(instance);
    return std::all_of(keys.begin(), keys.end(), [&](const auto& wanted) {
        for (std::size_t i = 0; i < ipmiprov_path_key_count(path); ++i) {
            ipmiprov_property key{};
            key.struct_size = sizeof key;
            if (ipmiprov_path_key(path, i, &key) == IPMIPROV_OK && same_name(key.name, wanted.first))
                return comparable_text(key) == wanted.second;
        }
        return false;
    });
}

// The comparable text of a reference property, or "" for other properties.
std::string reference_text(const ipmiprov_instance* instance, const std::string& name) {
    ipmiprov_property p{};
    p.struct_size = sizeof p;
    if (ipmiprov_instance_find(instance, name.c_str(), &p) != IPMIPROV_OK || p.type != IPMIPROV_TYPE_REFERENCE)
        return {};
    return comparable_text(p);
}

// Names of the reference properties of an association instance.
std::vector<std::string> reference_names(const ipmiprov_instance* association) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < ipmiprov_instance_property_count(association); ++i) {
        ipmiprov_property p{};
        p.struct_size = sizeof p;
        if (ipmiprov_instance_property(association, i, &p) == IPMIPROV_OK && p.type == IPMIPROV_TYPE_REFERENCE)
            names.emplace_back(p.name);
    }
    return names;
}

void done(const CMPIResult* result) {
    const CMPIStatus status = result->ft->returnDone(result);
    if (status.rc != CMPI_RC_OK) throw Failure(status.rc, "ipmiprov: the CIM server refused the end of the results");
}

}  // namespace

CMPIStatus Provider::status(CMPIrc rc, const std::string& message) const {
    CMPIStatus out{rc, nullptr};
    if (rc != CMPI_RC_OK) out.msg = broker_->eft->newString(broker_, message.c_str(), nullptr);
    return out;
}

Session open_session() {
    auto settings = settings_from_process();
    if (!settings.ok()) throw Failure(CMPI_RC_ERR_FAILED, "ipmiprov: " + settings.error().message);
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    ipmiprov_open_options_init(&options);
    options.source = settings->source;
    options.device = settings->device.empty() ? nullptr : settings->device.c_str();
    options.sim_fixture = settings->sim_fixture.c_str();
    options.daemon_socket = settings->daemon_socket.empty() ? nullptr : settings->daemon_socket.c_str();
    options.cache_dir = settings->cache_dir ? settings->cache_dir->c_str() : nullptr;
    options.timeout_ms = settings->timeout_ms;
    options.system_name = settings->system_name.empty() ? nullptr : settings->system_name.c_str();
    ipmiprov_session* opened = nullptr;
    auto error = new_error();
    const auto status = ipmiprov_open(&options, &opened, &error);
    // No device or no daemon to open is the service failing, whatever the
    // ABI calls it: never CIM_ERR_NOT_FOUND, which a client takes for a
    // wrong path of its own.
    if (status != IPMIPROV_OK && status != IPMIPROV_E_INVALID_ARGUMENT)
        throw Failure(CMPI_RC_ERR_FAILED, "ipmiprov: cannot reach the BMC: " + std::string(error.message), true);
    check(status, error);
    return Session(opened);
}

ipmiprov_session* Provider::session() {
    if (!session_) session_ = open_session();
    return session_.get();
}

template <class Call>
auto Provider::locked(Call&& call) {
    const std::lock_guard lock(mutex_);
    try {
        return call(session());
    } catch (const Failure& failure) {
        if (failure.session_lost()) session_.reset();
        throw;
    }
}

List Provider::enumerate_list(const std::string& class_name) {
    return locked([&](ipmiprov_session* s) {
        ipmiprov_list* list = nullptr;
        auto error = new_error();
        check(ipmiprov_enumerate(s, class_name.c_str(), &list, &error), error);
        return List(list);
    });
}

bool Provider::writable(const std::string& class_name, const std::string& property) {
    const List classes = locked([&](ipmiprov_session* s) {
        ipmiprov_list* list = nullptr;
        auto error = new_error();
        check(ipmiprov_classes(s, &list, &error), error);
        return List(list);
    });
    for (std::size_t i = 0; i < ipmiprov_list_size(classes.get()); ++i) {
        const auto* entry = ipmiprov_list_at(classes.get(), i);
        ipmiprov_property name{};
        name.struct_size = sizeof name;
        ipmiprov_property names{};
        names.struct_size = sizeof names;
        if (ipmiprov_instance_find(entry, "Name", &name) != IPMIPROV_OK || name.count != 1 ||
            !same_name(text_or_empty(name.elements[0].text), class_name) ||
            ipmiprov_instance_find(entry, "Writable", &names) != IPMIPROV_OK)
            continue;
        for (std::uint32_t j = 0; j < names.count; ++j)
            if (same_name(text_or_empty(names.elements[j].text), property)) return true;
    }
    return false;
}

Provider::Resolved Provider::resolve(const CMPIObjectPath* op) {
    const auto class_name = class_of(op);
    const auto keys = key_texts(op);
    if (keys.empty())
        throw Failure(CMPI_RC_ERR_INVALID_PARAMETER, "ipmiprov: a path to " + class_name + " has no keys");
    Resolved out{enumerate_list(class_name)};
    for (std::size_t i = 0; i < ipmiprov_list_size(out.list.get()); ++i) {
        const auto* instance = ipmiprov_list_at(out.list.get(), i);
        if (!same_name(ipmiprov_instance_class(instance), class_name) || !has_keys(instance, keys)) continue;
        out.instance = instance;
        return out;
    }
    std::string described;
    for (const auto& [name, value] : keys) {
        if (!described.empty()) described += ", ";
        described += name;
        described += '=';
        described += value;
    }
    throw Failure(CMPI_RC_ERR_NOT_FOUND, "ipmiprov: no " + class_name + " with " + described);
}

std::optional<Provider::Resolved> Provider::resolve_source(const CMPIObjectPath* op) {
    try {
        return resolve(op);
    } catch (const Failure& failure) {
        if (failure.rc() == CMPI_RC_ERR_NOT_FOUND || failure.rc() == CMPI_RC_ERR_INVALID_PARAMETER) return std::nullopt;
        throw;
    }
}

void Provider::send(const CMPIResult* result, const List& list, const std::string& name_space, const char** properties,
                    bool names_only, const std::function<bool(const ipmiprov_instance*)>& keep) const {
    const PropertyFilter filter(properties);
    for (std::size_t i = 0; i < ipmiprov_list_size(list.get()); ++i) {
        const auto* instance = ipmiprov_list_at(list.get(), i);
        if (keep && !keep(instance)) continue;
        CMPIStatus status{};
        if (names_only)
            status = result->ft->returnObjectPath(result, to_.path(ipmiprov_instance_path(instance), name_space));
        else
            status = result->ft->returnInstance(result, to_.instance(instance, name_space, filter));
        if (status.rc != CMPI_RC_OK) throw Failure(status.rc, "ipmiprov: the CIM server refused a result");
    }
    done(result);
}

void Provider::enumerate(const CMPIResult* result, const CMPIObjectPath* op, const char** properties, bool names_only) {
    send(result, enumerate_list(class_of(op)), namespace_of(op), properties, names_only, {});
}

void Provider::get(const CMPIResult* result, const CMPIObjectPath* op, const char** properties) {
    auto found = resolve(op);
    const auto status =
        result->ft->returnInstance(result, to_.instance(found.instance, namespace_of(op), PropertyFilter(properties)));
    if (status.rc != CMPI_RC_OK) throw Failure(status.rc, "ipmiprov: the CIM server refused the instance");
    done(result);
}

void Provider::modify(const CMPIObjectPath* op, const CMPIInstance* instance, const char** properties) {
    auto current = resolve(op);
    std::vector<std::string> names;
    if (properties != nullptr) {
        for (; *properties != nullptr; ++properties) names.emplace_back(*properties);
    } else {
        const CMPICount count = instance->ft->getPropertyCount(instance, nullptr);
        for (CMPICount i = 0; i < count; ++i) {
            CMPIString* name = nullptr;
            instance->ft->getPropertyAt(instance, i, &name, nullptr);
            if (name != nullptr) names.emplace_back(text_of(name));
        }
    }
    // A client sends the whole instance back (WS-Man Put): write what changed
    // (docs/cmpi-provider.md, "Modify").
    std::vector<AbiProperty> changes;
    for (const auto& name : names) {
        CMPIStatus status{};
        const CMPIData wanted = instance->ft->getProperty(instance, name.c_str(), &status);
        if (status.rc != CMPI_RC_OK || (wanted.state & CMPI_notFound) != 0) continue;
        const bool given = (wanted.state & CMPI_nullValue) == 0;
        // What the BMC changes by itself went back as the client read it: a
        // reading that moved since is no request to change it. Unless the
        // class writes it: then the value is what the client asks for, even
        // when it equals what the BMC says now (an identify LED that reads 3
        // while a timed identify runs is made to stay on by a Put of 3).
        if (changes_by_itself(name)) {
            if (given && writable(class_of(op), name)) changes.emplace_back(name.c_str(), wanted);
            continue;
        }
        ipmiprov_property now{};
        now.struct_size = sizeof now;
        // A property this instance does not carry came from the server (the
        // MOF's default, such as TransitioningToState), not from the client.
        if (ipmiprov_instance_find(current.instance, name.c_str(), &now) != IPMIPROV_OK) continue;
        if (comparable_text(now) != comparable_text(wanted)) changes.emplace_back(name.c_str(), wanted);
    }
    if (changes.empty()) return;
    std::vector<ipmiprov_property> properties_out;
    properties_out.reserve(changes.size());
    for (auto& change : changes) properties_out.push_back(change.view());  // after the last move
    locked([&](ipmiprov_session* s) {
        ipmiprov_list* written = nullptr;
        auto error = new_error();
        check(ipmiprov_modify(s, ipmiprov_instance_path(current.instance), properties_out.data(), properties_out.size(),
                              &written, &error),
              error);
        return List(written);
    });
}

void Provider::invoke(const CMPIResult* result, const CMPIObjectPath* op, const char* method, const CMPIArgs* in,
                      CMPIArgs* out) {
    auto target = resolve(op);
    // The IN arguments as the ABI takes them (references too: ManagedElement).
    std::vector<AbiProperty> arguments;
    const CMPICount count = in != nullptr ? in->ft->getArgCount(in, nullptr) : 0;
    arguments.reserve(count);
    for (CMPICount i = 0; i < count; ++i) {
        CMPIString* name = nullptr;
        const CMPIData data = in->ft->getArgAt(in, i, &name, nullptr);
        if ((data.state & CMPI_nullValue) != 0) continue;  // a NULL argument is one not given
        arguments.emplace_back(text_of(name).c_str(), data, true);
    }
    std::vector<ipmiprov_property> views;
    views.reserve(arguments.size());
    for (auto& argument : arguments) views.push_back(argument.view());  // after the last move
    CMPIValue value{};
    auto outputs = locked([&](ipmiprov_session* s) {
        ipmiprov_list* list = nullptr;
        auto error = new_error();
        check(ipmiprov_invoke_method(s, ipmiprov_instance_path(target.instance), method, views.data(), views.size(),
                                     &value.uint32, &list, &error),
              error);
        return List(list);
    });
    if (out != nullptr && ipmiprov_list_size(outputs.get()) == 1) to_.add_args(out, ipmiprov_list_at(outputs.get(), 0));
    const auto status = result->ft->returnData(result, &value, CMPI_uint32);
    if (status.rc != CMPI_RC_OK) throw Failure(status.rc, "ipmiprov: the CIM server refused the return value");
    done(result);
}

void Provider::references(const CMPIResult* result, const CMPIObjectPath* op, const char* association_class,
                          const char* role, const char** properties, bool names_only) {
    auto source = resolve_source(op);
    if (!source) return done(result);
    const auto* source_path = ipmiprov_instance_path(source->instance);
    auto links = locked([&](ipmiprov_session* s) {
        ipmiprov_list* list = nullptr;
        auto error = new_error();
        check(ipmiprov_references(s, source_path, association_class, &list, &error), error);
        return List(list);
    });
    const auto source_text = comparable_text(source_path);
    const auto wanted_role = text_or_empty(role);
    send(result, links, "", properties, names_only, [&](const ipmiprov_instance* link) {
        return wanted_role.empty() || reference_text(link, wanted_role) == source_text;
    });
}

void Provider::associators(const CMPIResult* result, const CMPIObjectPath* op, const char* association_class,
                           const char* result_class, const char* role, const char* result_role, const char** properties,
                           bool names_only) {
    auto source = resolve_source(op);
    if (!source) return done(result);
    const auto* source_path = ipmiprov_instance_path(source->instance);
    const auto wanted_role = text_or_empty(role);
    const auto wanted_result_role = text_or_empty(result_role);
    // Roles narrow which links count (DSP0004 Role/ResultRole): find the far
    // ends of the links whose roles match.
    std::set<std::string> far_ends;
    const bool by_role = !wanted_role.empty() || !wanted_result_role.empty();
    auto [links, targets] = locked([&](ipmiprov_session* s) {
        ipmiprov_list* link_list = nullptr;
        ipmiprov_list* target_list = nullptr;
        auto error = new_error();
        if (by_role) check(ipmiprov_references(s, source_path, association_class, &link_list, &error), error);
        check(ipmiprov_associators(s, source_path, association_class, result_class, &target_list, &error), error);
        return std::pair{List(link_list), List(target_list)};
    });
    const auto source_text = comparable_text(source_path);
    for (std::size_t i = 0; by_role && i < ipmiprov_list_size(links.get()); ++i) {
        const auto* link = ipmiprov_list_at(links.get(), i);
        for (const auto& near : reference_names(link)) {
            if (reference_text(link, near) != source_text) continue;
            if (!wanted_role.empty() && !same_name(near, wanted_role)) continue;
            for (const auto& far : reference_names(link))
                if (!same_name(far, near) && (wanted_result_role.empty() || same_name(far, wanted_result_role)))
                    far_ends.insert(reference_text(link, far));
        }
    }
    send(result, targets, "", properties, names_only, [&](const ipmiprov_instance* target) {
        return !by_role || far_ends.count(comparable_text(ipmiprov_instance_path(target))) != 0;
    });
}

}  // namespace ipmiprov::cmpi

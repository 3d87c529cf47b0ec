#include <cstring>

#include "handles.hpp"
#include "provider/cim/value_parse.hpp"
#include "provider/snapshot/remote_source.hpp"

namespace ipmiprov::abi {
namespace {

constexpr std::pair<cim::Type, ipmiprov_type> kTypes[] = {
    {cim::Type::Boolean, IPMIPROV_TYPE_BOOLEAN},   {cim::Type::Uint8, IPMIPROV_TYPE_UINT8},
    {cim::Type::Uint16, IPMIPROV_TYPE_UINT16},     {cim::Type::Uint32, IPMIPROV_TYPE_UINT32},
    {cim::Type::Uint64, IPMIPROV_TYPE_UINT64},     {cim::Type::Sint8, IPMIPROV_TYPE_SINT8},
    {cim::Type::Sint16, IPMIPROV_TYPE_SINT16},     {cim::Type::Sint32, IPMIPROV_TYPE_SINT32},
    {cim::Type::Sint64, IPMIPROV_TYPE_SINT64},     {cim::Type::Real32, IPMIPROV_TYPE_REAL32},
    {cim::Type::Real64, IPMIPROV_TYPE_REAL64},     {cim::Type::String, IPMIPROV_TYPE_STRING},
    {cim::Type::Datetime, IPMIPROV_TYPE_DATETIME}, {cim::Type::Reference, IPMIPROV_TYPE_REFERENCE},
};

}  // namespace

ipmiprov_type to_c(cim::Type type) {
    for (const auto& [ours, theirs] : kTypes)
        if (ours == type) return theirs;
    return IPMIPROV_TYPE_STRING;
}

std::optional<cim::Type> from_c(ipmiprov_type type) {
    for (const auto& [ours, theirs] : kTypes)
        if (theirs == type) return ours;
    return std::nullopt;
}

namespace {

std::vector<ipmiprov_element> elements_of(const cim::Value& value,
                                          std::vector<std::unique_ptr<ipmiprov_path>>& references);

}  // namespace

// ---- C views of values

namespace {

std::vector<ipmiprov_element> elements_of(const cim::Value& value,
                                          std::vector<std::unique_ptr<ipmiprov_path>>& references) {
    std::vector<ipmiprov_element> out;
    for (const auto& item : value.items) {
        ipmiprov_element e{};
        if (const auto* b = std::get_if<bool>(&item)) e.boolean = *b ? 1 : 0;
        if (const auto* u = std::get_if<std::uint64_t>(&item)) {
            e.unsigned_value = *u;
            e.signed_value = static_cast<std::int64_t>(*u);
        }
        if (const auto* s = std::get_if<std::int64_t>(&item)) {
            e.signed_value = *s;
            e.unsigned_value = static_cast<std::uint64_t>(*s);
        }
        if (const auto* r = std::get_if<double>(&item)) e.real_value = *r;
        if (const auto* t = std::get_if<std::string>(&item)) e.text = t->c_str();
        if (const auto* p = std::get_if<cim::PathPtr>(&item); p && *p) {
            references.push_back(make_path(**p));
            e.reference = references.back().get();
            e.text = references.back()->text.c_str();
        }
        out.push_back(e);
    }
    return out;
}

}  // namespace

void rebuild_views(ipmiprov_path& p) {
    p.text = p.path.to_string();
    p.key_elements.clear();
    p.references.clear();
    for (const auto& [name, value] : p.path.keys) p.key_elements.push_back(elements_of(value, p.references));
}

std::unique_ptr<ipmiprov_path> make_path(cim::ObjectPath path) {
    auto out = std::make_unique<ipmiprov_path>();
    out->path = std::move(path);
    rebuild_views(*out);
    return out;
}

ipmiprov_property property_view(const std::string& name, const cim::Value& value,
                                const std::vector<ipmiprov_element>& elements, bool key) {
    ipmiprov_property p{};
    p.struct_size = sizeof p;
    p.name = name.c_str();
    p.type = to_c(value.type);
    p.is_array = value.is_array ? 1 : 0;
    p.is_key = key ? 1 : 0;
    p.count = static_cast<std::uint32_t>(elements.size());
    p.elements = elements.data();
    return p;
}

std::unique_ptr<ipmiprov_instance> make_instance(cim::Instance instance) {
    auto out = std::make_unique<ipmiprov_instance>();
    out->path.path = cim::path_of(instance);
    rebuild_views(out->path);
    out->instance = std::move(instance);
    for (const auto& [name, value] : out->instance.properties)
        out->elements.push_back(elements_of(value, out->references));
    return out;
}

std::vector<std::shared_ptr<const ipmiprov_instance>> make_items(std::vector<cim::Instance> instances) {
    std::vector<std::shared_ptr<const ipmiprov_instance>> items;
    items.reserve(instances.size());
    for (auto& instance : instances) items.push_back(make_instance(std::move(instance)));
    return items;
}

ipmiprov_list* make_list(std::vector<std::shared_ptr<const ipmiprov_instance>> items) {
    auto list = std::make_unique<ipmiprov_list>();
    list->items = std::move(items);
    return list.release();  // owned by the caller until ipmiprov_list_free
}

ipmiprov_list* make_list(std::vector<cim::Instance> instances) {
    return make_list(make_items(std::move(instances)));
}

// An enumeration through the daemon: the instances this session built last
// time while the daemon's version of them is the same; else built here, with
// the daemon's own model code, from its snapshots (the SDR records and what
// each sensor replied, or the SEL's entries: tens of KB instead of the
// instances' MBs of JSON; issue 21, docs/performance.md#daemon).
bridge::Result<std::vector<std::shared_ptr<const ipmiprov_instance>>> remote_enumeration(ipmiprov_session& session,
                                                                                         const std::string& name) {
    auto& cached = session.enumerations[name];
    auto version = session.remote->version_of(name);
    if (!version.ok()) {
        cached = {};
        return version.error();
    }
    if (!version->empty() && *version == cached.version) return cached.items;
    ipmiprov::provider::snapshot::RemoteSourceOptions options;
    options.timeout = session.remote->reply_timeout();
    options.system = session.remote->system_identity();
    ipmiprov::provider::snapshot::RemoteSource source(session.remote->client(), options);
    auto instances = version->empty() ? session.remote->enumerate(name) : cim::CimModel(source).enumerate(name);
    if (!instances.ok()) {
        cached = {};
        return instances.error();
    }
    cached = {*version, make_items(std::move(*instances))};
    return cached.items;
}

bridge::Result<cim::Value> value_from_c(const ipmiprov_property& p) {
    const auto type = from_c(p.type);
    if (!type)
        return bridge::make_error(bridge::ErrorKind::InvalidArgument, "unknown type code " + std::to_string(p.type));
    if (p.count > 0 && p.elements == nullptr)
        return bridge::make_error(bridge::ErrorKind::InvalidArgument, "elements is NULL");
    if (!p.is_array && p.count != 1)
        return bridge::make_error(bridge::ErrorKind::InvalidArgument, "a scalar needs exactly one element");
    cim::Value value{*type, p.is_array != 0, {}};
    for (std::uint32_t i = 0; i < p.count; ++i) {
        const auto& e = p.elements[i];
        switch (*type) {
            case cim::Type::Boolean:
                value.items.emplace_back(e.boolean != 0);
                break;
            case cim::Type::Uint8:
            case cim::Type::Uint16:
            case cim::Type::Uint32:
            case cim::Type::Uint64:
            case cim::Type::Sint8:
            case cim::Type::Sint16:
            case cim::Type::Sint32:
            case cim::Type::Sint64: {
                // An integer must fit its type: 70000 is no uint16 (the text's own range checks).
                const bool is_signed = *type == cim::Type::Sint8 || *type == cim::Type::Sint16 ||
                                       *type == cim::Type::Sint32 || *type == cim::Type::Sint64;
                auto checked = cim::value_from_text(
                    *type, false, is_signed ? std::to_string(e.signed_value) : std::to_string(e.unsigned_value));
                if (!checked.ok()) return checked.error();
                value.items.push_back(checked->items.front());
                break;
            }
            case cim::Type::Real32:
            case cim::Type::Real64:
                value.items.emplace_back(e.real_value);
                break;
            case cim::Type::String:
            case cim::Type::Datetime:
                if (e.text == nullptr) return bridge::make_error(bridge::ErrorKind::InvalidArgument, "text is NULL");
                value.items.emplace_back(std::string(e.text));
                break;
            case cim::Type::Reference:
                if (e.reference == nullptr)
                    return bridge::make_error(bridge::ErrorKind::InvalidArgument, "reference is NULL");
                value.items.emplace_back(std::make_shared<const cim::ObjectPath>(e.reference->path));
                break;
        }
    }
    return value;
}

}  // namespace ipmiprov::abi

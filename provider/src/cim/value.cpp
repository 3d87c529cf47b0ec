#include "provider/cim/value.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "bridge/text.hpp"

namespace ipmiprov::provider::cim {
namespace {

constexpr std::array<std::pair<Type, std::string_view>, 14> kTypeNames{{
    {Type::Boolean, "boolean"},
    {Type::Uint8, "uint8"},
    {Type::Uint16, "uint16"},
    {Type::Uint32, "uint32"},
    {Type::Uint64, "uint64"},
    {Type::Sint8, "sint8"},
    {Type::Sint16, "sint16"},
    {Type::Sint32, "sint32"},
    {Type::Sint64, "sint64"},
    {Type::Real32, "real32"},
    {Type::Real64, "real64"},
    {Type::String, "string"},
    {Type::Datetime, "datetime"},
    {Type::Reference, "ref"},
}};

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

bool items_equal(const Item& a, const Item& b) {
    if (a.index() != b.index()) return false;
    if (const auto* pa = std::get_if<PathPtr>(&a)) {
        const auto& pb = std::get<PathPtr>(b);
        return (pa->get() == pb.get()) || (*pa && pb && **pa == *pb);
    }
    return a == b;
}

std::string item_text(const Item& item) {
    struct Visitor {
        std::string operator()(bool v) const { return v ? "true" : "false"; }
        std::string operator()(std::uint64_t v) const { return std::to_string(v); }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const { return std::to_string(v); }
        std::string operator()(const std::string& v) const { return quoted(v); }
        std::string operator()(const PathPtr& v) const { return v ? quoted(v->to_string()) : "NULL"; }
    };
    return std::visit(Visitor{}, item);
}

}  // namespace

std::string_view type_name(Type type) {
    for (const auto& [t, name] : kTypeNames)
        if (t == type) return name;
    return "?";
}

std::optional<Type> type_from_name(std::string_view name) {
    for (const auto& [t, n] : kTypeNames)
        if (same_name(n, name)) return t;
    return std::nullopt;
}

Value Value::reference(ObjectPath path) {
    return {Type::Reference, false, {std::make_shared<const ObjectPath>(std::move(path))}};
}

Value Value::u8_array(std::span<const std::uint8_t> values) {
    Value v{Type::Uint8, true, {}};
    for (auto x : values) v.items.emplace_back(std::uint64_t{x});
    return v;
}

Value Value::u16_array(const std::vector<std::uint16_t>& values) {
    Value v{Type::Uint16, true, {}};
    for (auto x : values) v.items.emplace_back(std::uint64_t{x});
    return v;
}

Value Value::string_array(const std::vector<std::string>& values) {
    Value v{Type::String, true, {}};
    for (const auto& x : values) v.items.emplace_back(x);
    return v;
}

const std::string* Value::as_string() const {
    if (is_array || items.size() != 1) return nullptr;
    return std::get_if<std::string>(&items.front());
}

std::optional<std::int64_t> Value::as_integer() const {
    if (is_array || items.size() != 1) return std::nullopt;
    if (const auto* s = std::get_if<std::int64_t>(&items.front())) return *s;
    if (const auto* u = std::get_if<std::uint64_t>(&items.front())) return static_cast<std::int64_t>(*u);
    return std::nullopt;
}

const ObjectPath* Value::as_reference() const {
    if (is_array || items.size() != 1) return nullptr;
    const auto* p = std::get_if<PathPtr>(&items.front());
    return p ? p->get() : nullptr;
}

bool operator==(const Value& a, const Value& b) {
    return a.type == b.type && a.is_array == b.is_array &&
           std::equal(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(), items_equal);
}

const Value* ObjectPath::key(std::string_view name) const {
    for (const auto& [n, v] : keys)
        if (same_name(n, name)) return &v;
    return nullptr;
}

std::string ObjectPath::to_string() const {
    std::string out = name_space.empty() ? class_name : name_space + ":" + class_name;
    char separator = '.';
    for (const auto& [name, value] : keys) {
        out += separator;
        out += name + "=" + value_text(value);
        separator = ',';
    }
    return out;
}

bool operator==(const ObjectPath& a, const ObjectPath& b) {
    if (!same_name(a.name_space, b.name_space) || !same_name(a.class_name, b.class_name)) return false;
    if (a.keys.size() != b.keys.size()) return false;
    return std::all_of(a.keys.begin(), a.keys.end(), [&](const auto& key) {
        const auto* other = b.key(key.first);
        return other && *other == key.second;
    });
}

const Value* find_value(const PropertyList& list, std::string_view name) {
    for (const auto& [n, v] : list)
        if (same_name(n, name)) return &v;
    return nullptr;
}

const Value* Instance::property(std::string_view name) const {
    return find_value(properties, name);
}

void Instance::set(std::string name, Value value) {
    for (auto& [n, v] : properties) {
        if (same_name(n, name)) {
            v = std::move(value);
            return;
        }
    }
    properties.emplace_back(std::move(name), std::move(value));
}

std::string value_text(const Value& value) {
    if (!value.is_array) return value.items.empty() ? "NULL" : item_text(value.items.front());
    std::string out = "{";
    for (std::size_t i = 0; i < value.items.size(); ++i) out += (i ? ", " : "") + item_text(value.items[i]);
    return out + "}";
}

bool same_name(std::string_view a, std::string_view b) {
    return bridge::equals_ignoring_case(a, b);
}

}  // namespace ipmiprov::provider::cim

#include "provider/cim/wire.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

#include "bridge/json_number.hpp"
#include "bridge/json_text.hpp"

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;
using nlohmann::json;

constexpr int kMaxDepth = 4;  // references inside references: ours go one level deep

bridge::Error bad(const std::string& what) {
    return make_error(ErrorKind::InvalidArgument, "malformed message: " + what);
}

json item_to_wire(const Item& item) {
    struct Visitor {
        json operator()(bool v) const { return v; }
        json operator()(std::uint64_t v) const { return v; }
        json operator()(std::int64_t v) const { return v; }
        json operator()(double v) const { return v; }
        json operator()(const std::string& v) const { return v; }
        json operator()(const PathPtr& v) const { return v ? path_to_wire(*v) : json(nullptr); }
    };
    return std::visit(Visitor{}, item);
}

Result<ObjectPath> path_at_depth(const json& j, int depth);

// An integer property's value must fit its CIM type: 300 is no uint8.
template <std::integral T>
Result<Item> integer_item(const json& j) {
    constexpr bool kUnsigned = std::is_unsigned_v<T>;
    if (kUnsigned ? !j.is_number_unsigned() : !j.is_number_integer())
        return bad(kUnsigned ? "expected an unsigned integer" : "expected an integer");
    const auto value = bridge::json_integer<T>(j);
    if (!value) return bad(bridge::json_text(j) + " is out of range for its type");
    if constexpr (kUnsigned) {
        return Item{static_cast<std::uint64_t>(*value)};
    } else {
        return Item{static_cast<std::int64_t>(*value)};
    }
}

Result<Item> item_from_wire(Type type, const json& j, int depth) {
    switch (type) {
        case Type::Boolean:
            if (!j.is_boolean()) return bad("expected a boolean");
            return Item{j.get<bool>()};
        case Type::Uint8:
            return integer_item<std::uint8_t>(j);
        case Type::Uint16:
            return integer_item<std::uint16_t>(j);
        case Type::Uint32:
            return integer_item<std::uint32_t>(j);
        case Type::Uint64:
            return integer_item<std::uint64_t>(j);
        case Type::Sint8:
            return integer_item<std::int8_t>(j);
        case Type::Sint16:
            return integer_item<std::int16_t>(j);
        case Type::Sint32:
            return integer_item<std::int32_t>(j);
        case Type::Sint64:
            return integer_item<std::int64_t>(j);
        case Type::Real32:
            // A real64 beyond float's range would be cut to real32 by whoever reads it.
            if (!j.is_number() || std::abs(j.get<double>()) > std::numeric_limits<float>::max())
                return bad(bridge::json_text(j) + " is out of range for its type");
            return Item{j.get<double>()};
        case Type::Real64:
            if (!j.is_number()) return bad("expected a number");
            return Item{j.get<double>()};
        case Type::String:
        case Type::Datetime:
            if (!j.is_string()) return bad("expected a string");
            return Item{j.get<std::string>()};
        case Type::Reference: {
            auto path = path_at_depth(j, depth + 1);
            if (!path.ok()) return path.error();
            return Item{std::make_shared<const ObjectPath>(std::move(*path))};
        }
    }
    return bad("unknown type");
}

Result<Value> value_at_depth(const json& j, int depth) {
    if (depth > kMaxDepth) return bad("references nested too deep");
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string() || !j.contains("value"))
        return bad("a value needs \"type\" and \"value\"");
    const auto type = type_from_name(j["type"].get<std::string>());
    if (!type) return bad("unknown type \"" + j["type"].get<std::string>() + "\"");
    const bool array = j.contains("array") && j["array"].is_boolean() && j["array"].get<bool>();
    Value value{*type, array, {}};
    const auto& v = j["value"];
    if (array) {
        if (!v.is_array()) return bad("an array value must be a JSON array");
        for (const auto& element : v) {
            auto item = item_from_wire(*type, element, depth);
            if (!item.ok()) return item.error();
            value.items.push_back(std::move(*item));
        }
        return value;
    }
    auto item = item_from_wire(*type, v, depth);
    if (!item.ok()) return item.error();
    value.items.push_back(std::move(*item));
    return value;
}

Result<PropertyList> list_at_depth(const json& j, int depth) {
    if (!j.is_array()) return bad("properties must be an array");
    PropertyList out;
    for (const auto& p : j) {
        if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) return bad("a property needs a \"name\"");
        auto value = value_at_depth(p, depth);
        if (!value.ok())
            return bridge::Error{value.error().kind, value.error().message + " (" + p["name"].get<std::string>() + ")"};
        out.emplace_back(p["name"].get<std::string>(), std::move(*value));
    }
    return out;
}

Result<ObjectPath> path_at_depth(const json& j, int depth) {
    if (depth > kMaxDepth) return bad("references nested too deep");
    if (!j.is_object() || !j.contains("class") || !j["class"].is_string()) return bad("a path needs a \"class\"");
    ObjectPath path;
    path.class_name = j["class"].get<std::string>();
    if (j.contains("namespace")) {
        if (!j["namespace"].is_string()) return bad("\"namespace\" must be a string");
        path.name_space = j["namespace"].get<std::string>();
    }
    if (j.contains("keys")) {
        auto keys = list_at_depth(j["keys"], depth);
        if (!keys.ok()) return keys.error();
        path.keys = std::move(*keys);
    }
    return path;
}

}  // namespace

json value_to_wire(const Value& value) {
    json out{{"type", std::string(type_name(value.type))}};
    if (value.is_array) {
        out["array"] = true;
        json items = json::array();
        for (const auto& item : value.items) items.push_back(item_to_wire(item));
        out["value"] = std::move(items);
    } else {
        out["value"] = value.items.empty() ? json(nullptr) : item_to_wire(value.items.front());
    }
    return out;
}

json properties_to_wire(const PropertyList& properties) {
    json out = json::array();
    for (const auto& [name, value] : properties) {
        auto p = value_to_wire(value);
        p["name"] = name;
        out.push_back(std::move(p));
    }
    return out;
}

json path_to_wire(const ObjectPath& path) {
    return json{{"namespace", path.name_space}, {"class", path.class_name}, {"keys", properties_to_wire(path.keys)}};
}

json instance_to_wire(const Instance& instance) {
    return json{{"namespace", instance.name_space},
                {"class", instance.class_name},
                {"properties", properties_to_wire(instance.properties)}};
}

json instances_to_wire(const std::vector<Instance>& instances) {
    json out = json::array();
    for (const auto& instance : instances) out.push_back(instance_to_wire(instance));
    return out;
}

Result<Value> value_from_wire(const json& j) {
    return value_at_depth(j, 0);
}

Result<ObjectPath> path_from_wire(const json& j) {
    return path_at_depth(j, 0);
}

Result<PropertyList> properties_from_wire(const json& j) {
    return list_at_depth(j, 0);
}

Result<Instance> instance_from_wire(const json& j) {
    if (!j.is_object() || !j.contains("class") || !j["class"].is_string() || !j.contains("properties"))
        return bad("an instance needs \"class\" and \"properties\"");
    Instance instance;
    instance.class_name = j["class"].get<std::string>();
    if (j.contains("namespace") && j["namespace"].is_string()) instance.name_space = j["namespace"].get<std::string>();
    auto properties = list_at_depth(j["properties"], 0);
    if (!properties.ok()) return properties.error();
    instance.properties = std::move(*properties);
    return instance;
}

Result<std::vector<Instance>> instances_from_wire(const json& j) {
    if (!j.is_array()) return bad("instances must be an array");
    std::vector<Instance> out;
    out.reserve(j.size());
    for (const auto& element : j) {
        auto instance = instance_from_wire(element);
        if (!instance.ok()) return instance.error();
        out.push_back(std::move(*instance));
    }
    return out;
}

}  // namespace ipmiprov::provider::cim

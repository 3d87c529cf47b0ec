#include "provider/cim/render.hpp"

#include <nlohmann/json.hpp>

#include "bridge/json_text.hpp"
#include "provider/cim/mapping.hpp"

namespace ipmiprov::provider::cim {
namespace {

using nlohmann::ordered_json;

ordered_json item_json(const Item& item) {
    struct Visitor {
        ordered_json operator()(bool v) const { return v; }
        ordered_json operator()(std::uint64_t v) const { return v; }
        ordered_json operator()(std::int64_t v) const { return v; }
        ordered_json operator()(double v) const { return v; }
        ordered_json operator()(const std::string& v) const { return v; }
        ordered_json operator()(const PathPtr& v) const {
            return v ? ordered_json(v->to_string()) : ordered_json(nullptr);
        }
    };
    return std::visit(Visitor{}, item);
}

ordered_json value_json(const Value& value) {
    if (!value.is_array) return value.items.empty() ? ordered_json(nullptr) : item_json(value.items.front());
    ordered_json array = ordered_json::array();
    for (const auto& item : value.items) array.push_back(item_json(item));
    return array;
}

ordered_json properties_json(const PropertyList& properties) {
    ordered_json out = ordered_json::object();
    for (const auto& [name, value] : properties) out[name] = value_json(value);
    return out;
}

}  // namespace

std::string instances_json(const std::vector<Instance>& instances, const Schema& schema) {
    ordered_json out = ordered_json::array();
    for (const auto& instance : instances) {
        out.push_back(ordered_json{{"class", instance.class_name},
                                   {"namespace", instance.name_space},
                                   {"path", properties_json(path_of(instance, schema).keys)},
                                   {"properties", properties_json(instance.properties)}});
    }
    return bridge::json_text(out, 2) + "\n";
}

std::string instance_mof(const Instance& instance) {
    std::string out = "instance of " + instance.class_name + " {\n";
    for (const auto& [name, value] : instance.properties) out += "    " + name + " = " + value_text(value) + ";\n";
    return out + "};\n";
}

std::string classes_text(const Schema& schema) {
    std::string out;
    for (const auto& def : schema.classes())
        out +=
            def.name + " : " + def.parent + "  (" + def.name_space + (def.association ? ", association" : "") + ")\n";
    return out;
}

std::string classes_json(const Schema& schema) {
    ordered_json out = ordered_json::array();
    for (const auto& def : schema.classes()) {
        ordered_json properties = ordered_json::array();
        for (const auto& p : def.properties) {
            ordered_json property{{"name", p.name},
                                  {"type", std::string(type_name(p.type)) + (p.is_array ? "[]" : "")},
                                  {"key", p.key},
                                  {"write", p.write}};
            if (p.type == Type::Reference) property["class"] = p.reference_class;
            properties.push_back(property);
        }
        ordered_json methods = ordered_json::array();
        for (const auto& m : def.methods) methods.push_back(m.name);
        out.push_back(ordered_json{{"class", def.name},
                                   {"parent", def.parent},
                                   {"namespace", def.name_space},
                                   {"association", def.association},
                                   {"superclasses", schema.ancestry(def.name)},
                                   {"properties", properties},
                                   {"methods", methods}});
    }
    return bridge::json_text(out, 2) + "\n";
}

}  // namespace ipmiprov::provider::cim

// The classes ipmiprov serves, read from the MOF files in cim-schemas/ (the
// one source of truth for property names and types), and the DMTF ancestry
// of their parents, for polymorphic enumeration.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bridge/result.hpp"
#include "provider/cim/value.hpp"

namespace ipmiprov::provider::cim {

struct PropertyDef {
    std::string name;
    Type type = Type::String;
    bool is_array = false;
    bool key = false;
    bool write = false;           // Write qualifier, as this class states it
    std::string reference_class;  // for references: the class referred to
};

// A method's parameter: its name and type as a property's, and which way it goes.
struct ParameterDef {
    PropertyDef value;
    bool in = true;
    bool out = false;
};

struct MethodDef {
    std::string name;
    Type return_type = Type::Uint32;
    std::vector<ParameterDef> parameters;
    [[nodiscard]] const ParameterDef* parameter(std::string_view parameter_name) const;
};

struct ClassDef {
    std::string name;
    std::string parent;
    std::string name_space;
    bool association = false;
    bool indication = false;  // delivered to subscribers, never enumerated (DSP1054)
    std::vector<PropertyDef> properties;
    std::vector<MethodDef> methods;

    [[nodiscard]] const PropertyDef* property(std::string_view property_name) const;
    [[nodiscard]] const MethodDef* method(std::string_view method_name) const;
    [[nodiscard]] std::vector<const PropertyDef*> keys() const;
};

class Schema {
public:
    // Adds the classes of one MOF text (class declarations only; the subset of
    // DSP0004 that cim-schemas/ uses). Errors name the line and what was wrong.
    bridge::Status add_mof(std::string_view mof, const std::string& name_space, std::string_view source_name);

    [[nodiscard]] const ClassDef* find(std::string_view class_name) const;
    [[nodiscard]] const std::vector<ClassDef>& classes() const { return classes_; }
    // The class and its superclasses, ours then DMTF's, most derived first:
    // IPMIProv_NumericSensor, CIM_NumericSensor, CIM_Sensor, CIM_LogicalDevice, ...
    [[nodiscard]] std::vector<std::string> ancestry(std::string_view class_name) const;
    [[nodiscard]] bool is_a(std::string_view class_name, std::string_view ancestor) const;
    // Whether `name` is one of ours or a DMTF class one of ours derives from.
    [[nodiscard]] bool knows(std::string_view name) const;

private:
    std::vector<ClassDef> classes_;
};

// cim-schemas/ipmiprov.mof (root/cimv2) and ipmiprov-interop.mof
// (root/interop), embedded at build time and parsed once.
const Schema& ipmiprov_schema();

inline constexpr const char* kDeviceNamespace = "root/cimv2";
inline constexpr const char* kInteropNamespace = "root/interop";

// What is wrong with an instance against its class: unknown class, unknown
// property, wrong type or array-ness, a key not set. Empty when it conforms.
std::vector<std::string> schema_problems(const Schema& schema, const Instance& instance);

}  // namespace ipmiprov::provider::cim

// CIM values, object paths and instances (DSP0004): typed property values as
// the provider serves them, independent of any CIM server's API.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ipmiprov::provider::cim {

enum class Type {
    Boolean,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Sint8,
    Sint16,
    Sint32,
    Sint64,
    Real32,
    Real64,
    String,
    Datetime,
    Reference
};

// "uint16", "datetime", "ref"; and back (nullopt for an unknown name).
std::string_view type_name(Type type);
std::optional<Type> type_from_name(std::string_view name);

struct ObjectPath;
using PathPtr = std::shared_ptr<const ObjectPath>;

// One element: booleans, unsigned and signed integers, reals, text (strings
// and CIM datetimes), references.
using Item = std::variant<bool, std::uint64_t, std::int64_t, double, std::string, PathPtr>;

struct Value {
    Type type = Type::String;
    bool is_array = false;
    std::vector<Item> items;  // exactly one for a scalar

    static Value boolean(bool v) { return {Type::Boolean, false, {v}}; }
    static Value u8(std::uint8_t v) { return {Type::Uint8, false, {std::uint64_t{v}}}; }
    static Value u16(std::uint16_t v) { return {Type::Uint16, false, {std::uint64_t{v}}}; }
    static Value u32(std::uint32_t v) { return {Type::Uint32, false, {std::uint64_t{v}}}; }
    static Value u64(std::uint64_t v) { return {Type::Uint64, false, {v}}; }
    static Value s32(std::int32_t v) { return {Type::Sint32, false, {std::int64_t{v}}}; }
    static Value string(std::string v) { return {Type::String, false, {std::move(v)}}; }
    static Value datetime(std::string v) { return {Type::Datetime, false, {std::move(v)}}; }
    static Value reference(ObjectPath path);
    static Value u8_array(std::span<const std::uint8_t> values);
    static Value u16_array(const std::vector<std::uint16_t>& values);
    static Value string_array(const std::vector<std::string>& values);

    [[nodiscard]] const std::string* as_string() const;  // strings and datetimes
    [[nodiscard]] std::optional<std::int64_t> as_integer() const;
    [[nodiscard]] const ObjectPath* as_reference() const;
};

bool operator==(const Value& a, const Value& b);

using PropertyList = std::vector<std::pair<std::string, Value>>;
// The value of the named entry (names compare without case); nullptr when absent.
const Value* find_value(const PropertyList& list, std::string_view name);

// namespace:Class.key="value",... with keys in the order the class declares them.
struct ObjectPath {
    std::string name_space;
    std::string class_name;
    PropertyList keys;

    [[nodiscard]] const Value* key(std::string_view name) const;
    // root/cimv2:IPMIProv_NumericSensor.CreationClassName="...",DeviceID="114.0.32",...
    [[nodiscard]] std::string to_string() const;
};

bool operator==(const ObjectPath& a, const ObjectPath& b);

struct Instance {
    std::string class_name;
    std::string name_space;
    PropertyList properties;  // a property with no value (NULL) is absent

    [[nodiscard]] const Value* property(std::string_view name) const;
    void set(std::string name, Value value);
};

// Value as MOF/CIM text: 5, -3, true, "text" (quoted and escaped), a path in quotes.
std::string value_text(const Value& value);

// CIM class, property and method names compare without case (DSP0004).
bool same_name(std::string_view a, std::string_view b);

}  // namespace ipmiprov::provider::cim

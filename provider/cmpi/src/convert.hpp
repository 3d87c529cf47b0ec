// Values between the provider ABI and CMPI: ABI instances and paths become
// broker objects; keys and property values coming in from the broker become
// ABI values or comparable text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "abi_handles.hpp"

namespace ipmiprov::cmpi {

// Which properties a client asked for: all, or a NULL-terminated list
// (keys are always kept, CMPI 2.0 section 6.4).
class PropertyFilter {
public:
    explicit PropertyFilter(const char** properties);
    [[nodiscard]] bool keeps(const char* name, bool is_key) const;

private:
    bool all_ = true;
    std::vector<std::string> names_;
};

class ToCmpi {
public:
    explicit ToCmpi(const CMPIBroker* broker) : broker_(broker) {}

    // name_space: the namespace to put in the path ("" keeps the ABI's).
    CMPIObjectPath* path(const ipmiprov_path* path, const std::string& name_space) const;
    CMPIInstance* instance(const ipmiprov_instance* instance, const std::string& name_space,
                           const PropertyFilter& filter) const;
    CMPIString* string(const char* text) const;
    // Each property of `values` (a method's OUT parameters) as an argument.
    void add_args(CMPIArgs* args, const ipmiprov_instance* values) const;

private:
    struct Converted {
        CMPIValue value{};
        CMPIType type = CMPI_null;
    };
    Converted element(ipmiprov_type type, const ipmiprov_element& element) const;
    Converted value(const ipmiprov_property& property) const;

    const CMPIBroker* broker_;
};

// The text a key or property value compares by: strings as they are,
// numbers in decimal, references as Class.key="value",... with the keys
// sorted and the namespace left out (brokers differ in whether a reference
// key carries one).
std::string comparable_text(const ipmiprov_property& property);
std::string comparable_text(const CMPIData& data);
std::string comparable_text(const ipmiprov_path* path);

// Every key of a broker path: its name as the broker gave it, and its
// comparable text.
std::vector<std::pair<std::string, std::string>> key_texts(const CMPIObjectPath* path);

// CIM names compare without case (DSP0004).
bool same_name(std::string_view a, std::string_view b);

// The text of a broker string; "" for none.
std::string text_of(const CMPIString* string);

// A CMPI value as an ABI property, for ModifyInstance. Owns its storage, and
// holds no pointer into itself: a copy or a move (a vector growing) would
// leave such a pointer behind in freed memory (a short name lives inside the
// std::string). view() makes the C struct from the storage where it is now.
class AbiProperty {
public:
    // `references`: whether a reference may come (a method's parameter);
    // a property's reference is never written.
    AbiProperty(const char* name, const CMPIData& data, bool references = false);
    // Valid while this object lives and is neither moved nor changed.
    [[nodiscard]] ipmiprov_property view();

private:
    // A broker path as an ABI path, its keys converted one by one.
    static Path abi_path(const CMPIObjectPath* path);

    std::string name_;
    ipmiprov_type type_{};
    bool is_array_ = false;
    std::vector<std::string> texts_;  // one per element, for strings and datetimes
    std::vector<Path> paths_;         // one per element, for references (on the heap: moves keep them)
    std::vector<ipmiprov_element> elements_;
};

// The class name, namespace and a key of a broker path, as C++ strings.
std::string class_of(const CMPIObjectPath* path);
std::string namespace_of(const CMPIObjectPath* path);

}  // namespace ipmiprov::cmpi

// The profiles ipmiprov registers (DSP1033) and the association instances
// of every class (mapping.hpp).
#include <array>

#include "provider/cim/inventory.hpp"
#include "provider/cim/mapping.hpp"

namespace ipmiprov::provider::cim {

std::vector<Instance> registered_profile_instances() {
    struct Profile {
        const char* id;
        const char* name;
        const char* version;
    };
    // DSP1010 1.x is the version built on CIM_LogRecord (2.x uses CIM_LogEntry).
    // The inventory's (issue 24): the versions other implementations of
    // them advertise. The accounts follow DSP1034 without claiming it: it
    // asks for an account management service that a read-only view lacks.
    constexpr std::array<Profile, 6> kProfiles{{{kSensorsProfileID, "Sensors", "1.0.0"},
                                                {kRecordLogProfileID, "Record Log", "1.0.1"},
                                                {kPowerProfileID, "Power State Management", "2.0.0"},
                                                {kIndicatorProfileID, "Indicator LED", "1.0.0"},
                                                {kPhysicalAssetProfileID, "Physical Asset", "1.0.2"},
                                                {kSoftwareInventoryProfileID, "Software Inventory", "1.0.1"}}};
    std::vector<Instance> out;
    for (const auto& p : kProfiles) {
        Instance instance{kRegisteredProfileClass, kInteropNamespace, {}};
        instance.set("InstanceID", Value::string(p.id));
        instance.set("RegisteredOrganization", Value::u16(2));  // DMTF
        instance.set("RegisteredName", Value::string(p.name));
        instance.set("RegisteredVersion", Value::string(p.version));
        instance.set("AdvertiseTypes", Value::u16_array({2}));  // Not Advertised
        instance.set("ElementName", Value::string(std::string("DMTF ") + p.name + " profile"));
        out.push_back(std::move(instance));
    }
    return out;
}

Instance association_instance(const char* class_name, const char* role_a, const ObjectPath& a, const char* role_b,
                              const ObjectPath& b) {
    const auto* def = ipmiprov_schema().find(class_name);
    Instance instance{class_name, def ? def->name_space : kDeviceNamespace, {}};
    instance.set(role_a, Value::reference(a));
    instance.set(role_b, Value::reference(b));
    return instance;
}

}  // namespace ipmiprov::provider::cim

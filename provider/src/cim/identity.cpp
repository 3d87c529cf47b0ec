// DSP1023 Software Inventory for the BMC's firmware and the BMC's users as
// read-only accounts after DSP1034 (inventory.hpp).
#include <algorithm>

#include "provider/cim/bmc.hpp"
#include "provider/cim/inventory.hpp"

namespace ipmiprov::provider::cim {
namespace {

// CIM_SoftwareIdentity.Classifications: 10 Firmware.
constexpr std::uint16_t kFirmware = 10;
// CIM_ElementSoftwareIdentity.ElementSoftwareStatus: 6 Installed, 2 Current.
constexpr std::uint16_t kInstalled = 6;
constexpr std::uint16_t kCurrent = 2;

std::string manufacturer_text(std::uint32_t id) {
    if (auto name = bridge::manufacturer_name(id)) return *name;
    return "IANA enterprise " + std::to_string(id);
}

std::uint16_t enabled_state(const std::optional<bool>& enabled) {
    if (!enabled) return kEnabledStateUnknown;
    return *enabled ? kEnabledStateEnabled : kEnabledStateDisabled;
}

Instance account_instance(const SystemIdentity& system, const bmc::User& user) {
    Instance instance{kAccountClass, kDeviceNamespace, {}};
    instance.set("SystemCreationClassName", Value::string(kSystemClass));
    instance.set("SystemName", Value::string(system.name));
    instance.set("CreationClassName", Value::string(kAccountClass));
    instance.set("Name", Value::string("IPMI:User" + std::to_string(user.id)));
    const auto name = user.name.value_or("");
    instance.set("UserID", Value::string(name));
    instance.set("ElementName", Value::string(name.empty() ? "User " + std::to_string(user.id) : name));
    instance.set("OrganizationName", Value::string_array({"BMC of " + system.name}));
    instance.set("EnabledState", Value::u16(enabled_state(user.enabled)));
    instance.set("RequestedState", Value::u16(kEnabledStateNotApplicable));
    instance.set("UserNumber", Value::u8(user.id));
    std::vector<std::uint8_t> channels;
    std::vector<std::uint16_t> privileges;
    std::vector<std::uint8_t> messaging;
    for (const auto& access : user.channels) {
        channels.push_back(access.channel);
        privileges.push_back(access.privilege);
        if (access.ipmi_messaging) messaging.push_back(access.channel);
    }
    instance.set("Channels", Value::u8_array(channels));
    instance.set("PrivilegeLimits", Value::u16_array(privileges));
    instance.set("IPMIMessagingChannels", Value::u8_array(messaging));
    return instance;
}

// "IPMIProv:<system>:BMCFirmware": unique where several systems share a namespace.
Instance firmware_key(const SystemIdentity& system) {
    Instance instance{kSoftwareIdentityClass, kDeviceNamespace, {}};
    instance.set("InstanceID", Value::string("IPMIProv:" + system.name + ":BMCFirmware"));
    return instance;
}

}  // namespace

ObjectPath firmware_path(const SystemIdentity& system) {
    return path_of(firmware_key(system));
}

Instance firmware_instance(const SystemIdentity& system, const bridge::DeviceId& device) {
    auto instance = firmware_key(system);
    instance.set("ElementName", Value::string("BMC firmware of " + system.name));
    instance.set("VersionString", Value::string(device.firmware_text()));
    instance.set("MajorVersion", Value::u16(device.firmware_major));
    instance.set("MinorVersion", Value::u16(device.firmware_minor));
    instance.set("Manufacturer", Value::string(manufacturer_text(device.manufacturer_id)));
    instance.set("Classifications", Value::u16_array({kFirmware}));
    instance.set("IsEntity", Value::boolean(true));
    instance.set("ManufacturerID", Value::u32(device.manufacturer_id));
    instance.set("ProductID", Value::u16(device.product_id));
    if (device.aux_firmware)
        instance.set("AuxiliaryFirmwareRevision", Value::string(bridge::hex(*device.aux_firmware)));
    instance.set("IPMIVersion", Value::string(device.ipmi_version_text()));
    return instance;
}

Instance element_software_instance(const SystemIdentity& system) {
    auto instance =
        association_instance(kElementSoftwareClass, "Antecedent", firmware_path(system), "Dependent", bmc_path(system));
    instance.set("ElementSoftwareStatus", Value::u16_array({kInstalled, kCurrent}));
    return instance;
}

std::vector<Instance> account_instances(const SystemIdentity& system, const bmc::Users& users) {
    std::vector<Instance> out;
    for (const auto& user : users.users)
        if (user.configured()) out.push_back(account_instance(system, user));
    return out;
}

}  // namespace ipmiprov::provider::cim

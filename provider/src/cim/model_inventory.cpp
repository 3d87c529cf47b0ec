// The inventory's part of the CIM model (issue 24; inventory.hpp has the
// mapping): the physical elements, the firmware, the accounts and the
// associations among them and to the system, and EngineDataSource's
// inventory reads.
#include <algorithm>

#include "bridge/system_guid.hpp"
#include "provider/cim/bmc.hpp"
#include "provider/cim/inventory.hpp"
#include "provider/cim/model.hpp"
#include "provider/cim/power.hpp"

namespace ipmiprov::provider::cim {
namespace {

using bridge::Result;

bool is_one_of(std::string_view name, std::initializer_list<const char*> classes) {
    return std::any_of(classes.begin(), classes.end(), [&](const char* c) { return same_name(c, name); });
}

// Whether an association about `touching` may involve the physical elements
// (so that a sensor's references never read the FRU devices).
bool may_touch_physical(const ObjectPath* touching) {
    return !touching || is_one_of(touching->class_name, {kSystemClass, kChassisClass, kCardClass, kPackageClass,
                                                         kAssetCapabilitiesClass, kRegisteredProfileClass});
}

bool may_touch_accounts(const ObjectPath* touching) {
    return !touching || is_one_of(touching->class_name, {kSystemClass, kAccountClass});
}

// The profile instance with this InstanceID.
ObjectPath profile_path(const char* id) {
    for (const auto& profile : registered_profile_instances()) {
        const auto* value = profile.property("InstanceID");
        if (value && value->as_string() && *value->as_string() == id) return path_of(profile);
    }
    return {};
}

}  // namespace

std::optional<Result<std::vector<Instance>>> CimModel::inventory_instances(std::string_view class_name) {
    if (is_one_of(class_name, {kChassisClass, kCardClass, kPackageClass})) {
        auto all = physical_elements();
        if (!all.ok()) return all;
        std::vector<Instance> out;
        for (auto& element : *all)
            if (same_name(element.class_name, class_name)) out.push_back(std::move(element));
        return out;
    }
    if (same_name(class_name, kAssetCapabilitiesClass)) return std::vector<Instance>{asset_capabilities_instance()};
    if (same_name(class_name, kSoftwareIdentityClass)) {
        auto device = source_.device_identity();
        if (!device.ok()) return device.error();
        return std::vector<Instance>{firmware_instance(source_.system(), *device)};
    }
    if (same_name(class_name, kAccountClass)) return accounts();
    return std::nullopt;
}

Result<std::vector<Instance>> CimModel::physical_elements() {
    auto devices = source_.fru_devices();
    if (!devices.ok()) return devices.error();
    return physical_element_instances(source_.system(), **devices);
}

// A BMC without a LAN channel, or one that refuses the user commands, has
// no accounts to show (`ipmiprov users` names the reason).
Result<std::vector<Instance>> CimModel::accounts() {
    auto users = source_.bmc_users();
    if (!users.ok()) {
        const auto kind = users.error().kind;
        if (kind == bridge::ErrorKind::NotFound || kind == bridge::ErrorKind::CompletionCode ||
            kind == bridge::ErrorKind::Unsupported)
            return std::vector<Instance>{};
        return users.error();
    }
    return account_instances(source_.system(), **users);
}

bridge::Status CimModel::add_inventory_links(std::string_view class_name, const ObjectPath* touching,
                                             std::vector<Instance>& out) {
    const auto system = source_.system();
    const auto link = [&](const char* cls, const char* role_a, const ObjectPath& a, const char* role_b,
                          const ObjectPath& b) { out.push_back(association_instance(cls, role_a, a, role_b, b)); };
    if (same_name(class_name, kElementSoftwareClass)) out.push_back(element_software_instance(system));
    if (same_name(class_name, kInstalledSoftwareClass))
        link(kInstalledSoftwareClass, "System", system_path(system), "InstalledSoftware", firmware_path(system));
    if (same_name(class_name, kConformsClass))
        link(kConformsClass, "ConformantStandard", profile_path(kSoftwareInventoryProfileID), "ManagedElement",
             firmware_path(system));
    if (same_name(class_name, kAccountOnSystemClass) && may_touch_accounts(touching)) {
        auto all = accounts();
        if (!all.ok()) return all.error();
        for (const auto& account : *all)
            link(kAccountOnSystemClass, "GroupComponent", system_path(system), "PartComponent", path_of(account));
    }
    const bool physical =
        is_one_of(class_name, {kSystemPackageClass, kContainerClass, kElementCapabilitiesClass, kConformsClass});
    if (!physical || !may_touch_physical(touching)) return bridge::success();
    auto elements = physical_elements();
    if (!elements.ok()) return elements.error();
    const auto chassis = system_chassis_path(*elements);
    const auto physical_asset = profile_path(kPhysicalAssetProfileID);
    const auto capabilities = asset_capabilities_path();
    if (same_name(class_name, kSystemPackageClass) && chassis) {
        auto package =
            association_instance(kSystemPackageClass, "Antecedent", *chassis, "Dependent", system_path(system));
        if (auto guid = source_.platform_guid(); guid.ok()) package.set("PlatformGUID", Value::string(*guid));
        out.push_back(std::move(package));
    }
    for (const auto& element : *elements) {
        const auto path = path_of(element);
        if (same_name(class_name, kContainerClass) && chassis && !(path == *chassis))
            link(kContainerClass, "GroupComponent", *chassis, "PartComponent", path);
        if (same_name(class_name, kElementCapabilitiesClass))
            link(kElementCapabilitiesClass, "ManagedElement", path, "Capabilities", capabilities);
        if (same_name(class_name, kConformsClass))
            link(kConformsClass, "ConformantStandard", physical_asset, "ManagedElement", path);
    }
    return bridge::success();
}

// ---- EngineDataSource: read once per source

Result<bridge::DeviceId> EngineDataSource::device_identity() {
    if (!device_) device_ = bridge::get_device_id(engine_);
    return *device_;
}

Result<std::string> EngineDataSource::platform_guid() {
    if (!guid_) guid_ = bridge::get_system_guid(engine_);
    return *guid_;
}

// The devices of the FRU support bit and the SDR's locators, as `ipmiprov
// fru` finds them; without the SDR, device 0 alone.
Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> EngineDataSource::fru_devices() {
    if (fru_) return fru_;
    auto device = device_identity();
    if (!device.ok()) return device.error();
    auto sdr = definitions();
    if (!sdr.ok() && bridge::bmc_stopped_answering(sdr.error())) return sdr.error();
    if (!sdr.ok()) problems_.push_back("FRU: without the SDR, device 0 alone: " + sdr.error().message);
    const std::vector<sdr::Record> none;
    auto read = fru::read_inventory(engine_, device->device_support, repository_ ? repository_->records : none);
    if (!read.ok()) return read.error();
    for (const auto& report : *read) {
        const auto named = "FRU " + std::to_string(report.device.id) + " (" + report.device.name + "): ";
        if (report.error) problems_.push_back(named + *report.error);
        for (const auto& problem : report.inventory.problems) problems_.push_back(named + problem.message);
    }
    fru_ = std::make_shared<const std::vector<fru::DeviceReport>>(std::move(*read));
    return fru_;
}

Result<std::shared_ptr<const bmc::Users>> EngineDataSource::bmc_users() {
    if (users_) return users_;
    auto read = bmc::read_lan_users(engine_);
    if (!read.ok()) return read.error();
    users_ = std::make_shared<const bmc::Users>(std::move(*read));
    return users_;
}

}  // namespace ipmiprov::provider::cim

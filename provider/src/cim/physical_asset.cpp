// DSP1011 Physical Asset from FRU data (inventory.hpp). The area layouts are
// the Platform Management FRU Information Storage Definition 1.0's (§10
// chassis, §11 board, §12 product); the ValueMaps are CIM_Chassis's and
// CIM_PhysicalPackage's (CIM 2.22 and later).
#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "provider/cim/inventory.hpp"

namespace ipmiprov::provider::cim {
namespace {

// FRU (SMBIOS) chassis types CIM_Chassis.ChassisPackageType has under
// another number or not at all; 03h..16h are the same number in both.
constexpr std::array<std::pair<std::uint8_t, std::uint16_t>, 13> kChassisTypes{{
    {0x01, 1},   // Other
    {0x02, 0},   // Unknown
    {0x17, 1},   // Rack Mount Chassis: "SMBIOS Reserved" in CIM
    {0x18, 24},  // Sealed-case PC
    {0x19, 1},   // Multi-system chassis: MultipleSystemSupport says it
    {0x1A, 26},  // CompactPCI
    {0x1B, 27},  // AdvancedTCA
    {0x1C, 1},   // Blade: a blade is a package, not a chassis type in CIM
    {0x1D, 28},  // Blade Enclosure
    {0x1E, 30},  // Tablet
    {0x1F, 31},  // Convertible
    {0x20, 32},  // Detachable
    {0x00, 0},   // unspecified
}};

// Entity IDs (IPMI 2.0 Table 43-13) -> CIM_PhysicalPackage.PackageType:
// 4 Cross Connect/Backplane, 5 Container/Frame Slot, 6 Power Supply, 7 Fan,
// 9 Module/Card, 10 Port/Connector, 11 Battery, 12 Processor, 13 Memory,
// 15 Storage Media Package, 16 Blade, 3 Chassis/Frame.
constexpr std::array<std::pair<std::uint8_t, std::uint16_t>, 35> kEntityPackageTypes{{
    {0x03, 12}, {0x04, 15}, {0x05, 5},  {0x06, 9},  {0x07, 9},  {0x08, 13}, {0x09, 12}, {0x0A, 6}, {0x0B, 9},
    {0x0C, 9},  {0x0D, 4},  {0x0E, 9},  {0x0F, 4},  {0x10, 9},  {0x11, 9},  {0x12, 9},  {0x13, 6}, {0x14, 6},
    {0x15, 9},  {0x16, 4},  {0x17, 3},  {0x18, 3},  {0x19, 9},  {0x1A, 5},  {0x1B, 5},  {0x1C, 5}, {0x1D, 7},
    {0x1E, 7},  {0x1F, 10}, {0x20, 13}, {0x28, 11}, {0x29, 16}, {0x2B, 9},  {0x2C, 9},  {0x2D, 9},
}};
constexpr std::uint16_t kPackageChassisFrame = 3;
constexpr std::uint16_t kPackageModuleCard = 9;
constexpr std::uint16_t kMultipleSystemSupportTrue = 1;
constexpr std::uint8_t kMultiSystemChassis = 0x19;

bool is_bmc_device_0(const fru::Device& device) {
    return device.logical && device.id == 0 && device.target == bridge::Target::bmc();
}

// "<system>:FRU<id>[@<address>.<channel>]:<area>"; a non-logical device by
// its bus address: "<system>:EEPROM<address>.<bus>:<area>".
std::string tag_of(const SystemIdentity& system, const fru::Device& device, const char* area) {
    char where[48];
    if (!device.logical)
        std::snprintf(where, sizeof where, "EEPROM%02X.%u", device.slave_address, device.private_bus);
    else if (device.target == bridge::Target::bmc())
        std::snprintf(where, sizeof where, "FRU%u", device.id);
    else
        std::snprintf(where, sizeof where, "FRU%u@%02X.%u", device.id, device.target.slave_address,
                      device.target.channel);
    std::string tag = system.name;
    tag.append(":").append(where).append(":").append(area);
    return tag;
}

void set_text(Instance& instance, const char* property, const std::optional<fru::Field>& field) {
    if (field && !field->text.empty()) instance.set(property, Value::string(field->text));
}

// The locator's name when the device has one (two alike power supplies
// differ by it), else the area's product name, else `fallback`.
std::string element_name(const fru::Device& device, const std::optional<fru::Field>& product_name,
                         const std::string& fallback) {
    if (!is_bmc_device_0(device) && !device.name.empty()) return device.name;
    if (product_name && !product_name->text.empty()) return product_name->text;
    return fallback;
}

Instance element(const char* class_name, const SystemIdentity& system, const fru::Device& device, const char* area,
                 std::uint16_t package_type) {
    Instance instance{class_name, kDeviceNamespace, {}};
    instance.set("Tag", Value::string(tag_of(system, device, area)));
    instance.set("CreationClassName", Value::string(class_name));
    instance.set("CanBeFRUed", Value::boolean(true));
    instance.set("PackageType", Value::u16(package_type));
    instance.set("FRUDeviceID", Value::u8(device.id));
    instance.set("FRUDeviceName", Value::string(device.name));
    return instance;
}

Instance chassis_instance(const SystemIdentity& system, const fru::DeviceReport& report) {
    const auto& device = report.device;
    const auto& chassis = *report.inventory.chassis;
    const auto& product = report.inventory.product;
    const bool product_ok = product && product->checksum_ok;
    auto instance = element(kChassisClass, system, device, "Chassis", kPackageChassisFrame);
    const auto name = product_ok ? product->product_name : std::nullopt;
    instance.set("ElementName", Value::string(element_name(device, name, "System chassis")));
    instance.set("ChassisPackageType", Value::u16(chassis_package_type(chassis.type)));
    if (const auto words = fru::chassis_type_name(chassis.type))
        instance.set("ChassisTypeDescription", Value::string(std::string(*words)));
    if (chassis.type == kMultiSystemChassis)
        instance.set("MultipleSystemSupport", Value::u16(kMultipleSystemSupportTrue));
    set_text(instance, "SerialNumber", chassis.serial_number);
    set_text(instance, "PartNumber", chassis.part_number);
    if (product_ok) {
        set_text(instance, "Manufacturer", product->manufacturer);
        set_text(instance, "Model", product->product_name);
        set_text(instance, "Version", product->version);
        set_text(instance, "UserTracking", product->asset_tag);
    }
    return instance;
}

Instance card_instance(const SystemIdentity& system, const fru::DeviceReport& report) {
    const auto& device = report.device;
    const auto& board = *report.inventory.board;
    auto instance = element(kCardClass, system, device, "Board", kPackageModuleCard);
    instance.set("ElementName", Value::string(element_name(device, board.product_name, "Board")));
    instance.set("HostingBoard", Value::boolean(is_bmc_device_0(device)));
    set_text(instance, "Manufacturer", board.manufacturer);
    set_text(instance, "Model", board.product_name);
    set_text(instance, "SerialNumber", board.serial_number);
    set_text(instance, "PartNumber", board.part_number);
    if (board.manufactured) instance.set("ManufactureDate", Value::datetime(cim_datetime_utc(*board.manufactured)));
    return instance;
}

Instance package_instance(const SystemIdentity& system, const fru::DeviceReport& report) {
    const auto& device = report.device;
    const auto& product = *report.inventory.product;
    const auto type = device.entity ? package_type_for_entity(device.entity->id) : std::uint16_t{0};
    auto instance = element(kPackageClass, system, device, "Product", type);
    instance.set("ElementName", Value::string(element_name(device, product.product_name, "FRU")));
    set_text(instance, "Manufacturer", product.manufacturer);
    set_text(instance, "Model", product.product_name);
    set_text(instance, "SerialNumber", product.serial_number);
    set_text(instance, "PartNumber", product.part_number);
    set_text(instance, "Version", product.version);
    set_text(instance, "UserTracking", product.asset_tag);
    return instance;
}

}  // namespace

std::uint16_t chassis_package_type(std::uint8_t fru_chassis_type) {
    if (fru_chassis_type >= 0x03 && fru_chassis_type <= 0x16) return fru_chassis_type;
    for (const auto& [fru_type, cim] : kChassisTypes)
        if (fru_type == fru_chassis_type) return cim;
    return 1;  // Other: a type newer than CIM's list (SMBIOS 3.x)
}

std::uint16_t package_type_for_entity(std::uint8_t entity_id) {
    for (const auto& [entity, type] : kEntityPackageTypes)
        if (entity == entity_id) return type;
    return 0;
}

std::vector<Instance> physical_element_instances(const SystemIdentity& system,
                                                 const std::vector<fru::DeviceReport>& devices) {
    std::vector<Instance> out;
    for (const auto& report : devices) {
        const auto& inventory = report.inventory;
        if (!report.image) continue;
        if (inventory.chassis && inventory.chassis->checksum_ok) out.push_back(chassis_instance(system, report));
        if (inventory.board && inventory.board->checksum_ok) out.push_back(card_instance(system, report));
        const bool product_is_chassis = inventory.chassis && inventory.chassis->checksum_ok;
        if (inventory.product && inventory.product->checksum_ok && !product_is_chassis)
            out.push_back(package_instance(system, report));
    }
    return out;
}

std::optional<ObjectPath> system_chassis_path(const std::vector<Instance>& elements) {
    const auto chassis = std::find_if(elements.begin(), elements.end(),
                                      [](const Instance& i) { return same_name(i.class_name, kChassisClass); });
    if (chassis == elements.end()) return std::nullopt;
    return path_of(*chassis);
}

ObjectPath asset_capabilities_path() {
    return path_of(asset_capabilities_instance());
}

Instance asset_capabilities_instance() {
    Instance instance{kAssetCapabilitiesClass, kDeviceNamespace, {}};
    instance.set("InstanceID", Value::string(kAssetCapabilitiesID));
    instance.set("ElementName", Value::string("FRU data of the physical elements"));
    // FALSE: TRUE promises SKU too, which IPMI FRU data does not have (the MOF's description).
    instance.set("FRUInfoSupported", Value::boolean(false));
    return instance;
}

}  // namespace ipmiprov::provider::cim

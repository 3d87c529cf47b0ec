// The inventory as CIM (issue 24): the tables, the mapping from FRU areas,
// Get Device ID and users, and the model over the simulated BMC's inventory
// (the built-in fixture's FRU device 0 and LAN users).
#include "provider/cim/inventory.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "provider/cim/bmc.hpp"
#include "sim_cim_model.hpp"

namespace ipmiprov::provider::cim {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string text(const Instance& instance, const char* property) {
    const auto* value = instance.property(property);
    return value && value->as_string() ? *value->as_string() : "<none>";
}

std::int64_t number(const Instance& instance, const char* property) {
    const auto* value = instance.property(property);
    return value ? value->as_integer().value_or(-1) : -1;
}

std::optional<bool> flag(const Instance& instance, const char* property) {
    const auto* value = instance.property(property);
    if (!value || value->items.empty()) return std::nullopt;
    const auto* b = std::get_if<bool>(&value->items.front());
    return b ? std::optional<bool>(*b) : std::nullopt;
}

fru::Field field(const std::string& value) {
    return fru::Field{fru::Encoding::Latin1, value, {}};
}

TEST(ChassisPackageType, SameNumberWhereCimHasTheTypeOtherWhereItHasNone) {
    EXPECT_EQ(chassis_package_type(0x11), 17U) << "Main Server Chassis";
    EXPECT_EQ(chassis_package_type(0x03), 3U) << "Desktop";
    EXPECT_EQ(chassis_package_type(0x17), 1U) << "Rack Mount: SMBIOS Reserved in CIM";
    EXPECT_EQ(chassis_package_type(0x19), 1U) << "Multi-system";
    EXPECT_EQ(chassis_package_type(0x1D), 28U) << "Blade Enclosure";
    EXPECT_EQ(chassis_package_type(0x02), 0U) << "Unknown";
    EXPECT_EQ(chassis_package_type(0x24), 1U) << "a type newer than CIM's";
}

TEST(PackageTypeForEntity, PowerSuppliesFansBoardsAndUnknown) {
    EXPECT_EQ(package_type_for_entity(0x0A), 6U);
    EXPECT_EQ(package_type_for_entity(0x1D), 7U);
    EXPECT_EQ(package_type_for_entity(0x0B), 9U);
    EXPECT_EQ(package_type_for_entity(0x0F), 4U) << "drive backplane";
    EXPECT_EQ(package_type_for_entity(0x00), 0U);
    EXPECT_EQ(package_type_for_entity(0x42), 0U);
}

// Device 0 with all three areas, a power supply with a product area, a
// riser whose board area fails its checksum, and a device that could not
// be read.
std::vector<fru::DeviceReport> reports() {
    std::vector<fru::DeviceReport> out(4);
    out[0].device.name = "Builtin FRU Device";
    out[0].image = fru::Image{};
    out[0].inventory.chassis = fru::ChassisInfo{0x19, field("CHS-1"), field("CSN-1"), {}, true};
    fru::BoardInfo board;
    board.manufactured = 1700000000 - 20;
    board.manufacturer = field("Maker");
    board.product_name = field("Mainboard");
    board.serial_number = field("BSN-1");
    board.part_number = field("MBD-1");
    out[0].inventory.board = board;
    fru::ProductInfo product;
    product.manufacturer = field("Maker");
    product.product_name = field("Server 1U");
    product.version = field("2.0");
    product.asset_tag = field("ASSET-7");
    out[0].inventory.product = product;

    out[1].device.id = 1;
    out[1].device.name = "PSU 1";
    out[1].device.entity = sdr::Entity{0x0A, 1, false};
    out[1].image = fru::Image{};
    fru::ProductInfo psu;
    psu.manufacturer = field("Power Co");
    psu.product_name = field("PSU 750W");
    psu.part_number = field("PS-750");
    psu.serial_number = field("PSN-9");
    out[1].inventory.product = psu;

    out[2].device.id = 2;
    out[2].device.name = "Riser";
    out[2].device.target = bridge::Target::ipmb(0, 0x2C);
    out[2].image = fru::Image{};
    board.checksum_ok = false;
    out[2].inventory.board = board;
    product = fru::ProductInfo{};
    product.product_name = field("Riser Card");
    out[2].inventory.product = product;

    out[3].device.id = 3;
    out[3].error = "Get FRU Inventory Area Info: CBh";
    return out;
}

TEST(PhysicalElements, OneElementPerAreaTheProductNamingTheChassisBadChecksumsLeftOut) {
    const SystemIdentity system{"host1", "IP", "sim"};
    const auto elements = physical_element_instances(system, reports());
    ASSERT_EQ(elements.size(), 4U);
    for (const auto& element : elements) EXPECT_THAT(schema_problems(ipmiprov_schema(), element), IsEmpty());

    const auto& chassis = elements[0];
    EXPECT_EQ(chassis.class_name, kChassisClass);
    EXPECT_EQ(text(chassis, "Tag"), "host1:FRU0:Chassis");
    EXPECT_EQ(text(chassis, "ElementName"), "Server 1U");
    EXPECT_EQ(text(chassis, "SerialNumber"), "CSN-1");
    EXPECT_EQ(text(chassis, "PartNumber"), "CHS-1");
    EXPECT_EQ(text(chassis, "Manufacturer"), "Maker");
    EXPECT_EQ(text(chassis, "Model"), "Server 1U");
    EXPECT_EQ(text(chassis, "Version"), "2.0");
    EXPECT_EQ(text(chassis, "UserTracking"), "ASSET-7");
    EXPECT_EQ(number(chassis, "PackageType"), 3);
    EXPECT_EQ(number(chassis, "ChassisPackageType"), 1);
    EXPECT_EQ(text(chassis, "ChassisTypeDescription"), "Multi-system Chassis");
    EXPECT_EQ(number(chassis, "MultipleSystemSupport"), 1);

    const auto& card = elements[1];
    EXPECT_EQ(card.class_name, kCardClass);
    EXPECT_EQ(text(card, "Tag"), "host1:FRU0:Board");
    EXPECT_EQ(text(card, "Model"), "Mainboard");
    EXPECT_EQ(text(card, "SerialNumber"), "BSN-1");
    EXPECT_EQ(text(card, "PartNumber"), "MBD-1");
    EXPECT_EQ(text(card, "ManufactureDate"), "20231114221300.000000+000");
    EXPECT_EQ(flag(card, "HostingBoard"), true);

    const auto& psu = elements[2];
    EXPECT_EQ(psu.class_name, kPackageClass);
    EXPECT_EQ(text(psu, "Tag"), "host1:FRU1:Product");
    EXPECT_EQ(text(psu, "ElementName"), "PSU 1") << "the locator's name tells two alike supplies apart";
    EXPECT_EQ(text(psu, "Model"), "PSU 750W");
    EXPECT_EQ(text(psu, "PartNumber"), "PS-750");
    EXPECT_EQ(number(psu, "PackageType"), 6);
    EXPECT_EQ(number(psu, "FRUDeviceID"), 1);

    // The riser: its board area is not trusted; its product area is.
    const auto& riser = elements[3];
    EXPECT_EQ(riser.class_name, kPackageClass);
    EXPECT_EQ(text(riser, "Tag"), "host1:FRU2@2C.0:Product");
    EXPECT_EQ(number(riser, "PackageType"), 0) << "no locator entity";
    EXPECT_EQ(text(riser, "Manufacturer"), "<none>");

    EXPECT_EQ(system_chassis_path(elements), path_of(chassis));
    EXPECT_EQ(system_chassis_path({elements[1], elements[2]}), std::nullopt);
}

TEST(Firmware, VersionAsIpmitoolPrintsItAndTheManufacturerByName) {
    bridge::DeviceId device;
    device.firmware_major = 9;
    device.firmware_minor = 8;
    device.ipmi_major = 2;
    device.manufacturer_id = 343;
    device.product_id = 0x0B42;
    device.aux_firmware = std::vector<std::uint8_t>{0x01, 0x02, 0x00, 0x00};
    const SystemIdentity system{"host1", "IP", "sim"};
    const auto firmware = firmware_instance(system, device);
    EXPECT_THAT(schema_problems(ipmiprov_schema(), firmware), IsEmpty());
    EXPECT_EQ(path_of(firmware), firmware_path(system));
    EXPECT_EQ(text(firmware, "InstanceID"), "IPMIProv:host1:BMCFirmware");
    EXPECT_EQ(text(firmware, "VersionString"), "9.08");
    EXPECT_EQ(number(firmware, "MajorVersion"), 9);
    EXPECT_EQ(number(firmware, "MinorVersion"), 8);
    EXPECT_EQ(text(firmware, "Manufacturer"), "Intel Corporation");
    EXPECT_EQ(text(firmware, "AuxiliaryFirmwareRevision"), "01 02 00 00");
    EXPECT_EQ(text(firmware, "IPMIVersion"), "2.0");
    EXPECT_EQ(flag(firmware, "IsEntity"), true);
    ASSERT_NE(firmware.property("Classifications"), nullptr);
    EXPECT_EQ(firmware.property("Classifications")->items, (std::vector<Item>{std::uint64_t{10}}));

    device.manufacturer_id = 0x0ABCDE;
    device.aux_firmware.reset();
    const auto unknown = firmware_instance(system, device);
    EXPECT_EQ(text(unknown, "Manufacturer"), "IANA enterprise 703710");
    EXPECT_EQ(unknown.property("AuxiliaryFirmwareRevision"), nullptr);
}

TEST(Accounts, ConfiguredUsersOnlyWithTheirStateAndPrivilegesNeverAPassword) {
    bmc::Users users;
    users.channels = {1, 8};
    users.users = {
        {1, std::nullopt, std::nullopt, {{1, 0x0F, false, false, false}, {8, 0x0F, false, false, false}}},
        {2, "admin", true, {{1, 4, true, false, false}, {8, 4, false, false, false}}},
        {3, "", false, {{1, 2, false, false, false}, {8, 0x0F, false, false, false}}},
        {4, "x", std::nullopt, {}},
    };
    const SystemIdentity system{"host1", "IP", "sim"};
    const auto accounts = account_instances(system, users);
    ASSERT_EQ(accounts.size(), 3U) << "user 1: no name, not enabled, no access";
    for (const auto& account : accounts) {
        EXPECT_THAT(schema_problems(ipmiprov_schema(), account), IsEmpty());
        EXPECT_EQ(account.property("UserPassword"), nullptr);
    }
    EXPECT_EQ(text(accounts[0], "Name"), "IPMI:User2");
    EXPECT_EQ(text(accounts[0], "UserID"), "admin");
    EXPECT_EQ(text(accounts[0], "SystemName"), "host1");
    EXPECT_EQ(number(accounts[0], "EnabledState"), 2);
    EXPECT_EQ(accounts[0].property("Channels")->items, (std::vector<Item>{std::uint64_t{1}, std::uint64_t{8}}));
    EXPECT_EQ(accounts[0].property("PrivilegeLimits")->items, (std::vector<Item>{std::uint64_t{4}, std::uint64_t{4}}));
    EXPECT_EQ(accounts[0].property("IPMIMessagingChannels")->items, (std::vector<Item>{std::uint64_t{1}}));
    EXPECT_EQ(text(accounts[1], "ElementName"), "User 3") << "no name: the ID";
    EXPECT_EQ(number(accounts[1], "EnabledState"), 3);
    EXPECT_EQ(number(accounts[2], "EnabledState"), 0) << "the BMC did not say";
}

// ---- The model over the built-in fixture's inventory

struct InventoryModel : SimCimModel {
    std::vector<Instance> all(std::string_view cls) {
        auto instances = model.enumerate(cls);
        EXPECT_TRUE(instances.ok()) << instances.error().message;
        return instances.ok() ? *instances : std::vector<Instance>{};
    }
};

TEST_F(InventoryModel, ADmtfPhysicalElementEnumeratesTheChassisAndTheBoard) {
    const auto elements = all("CIM_PhysicalElement");
    ASSERT_EQ(elements.size(), 2U);
    EXPECT_EQ(elements[0].class_name, kChassisClass);
    EXPECT_EQ(text(elements[0], "SerialNumber"), "CSN-SIM-0001");
    EXPECT_EQ(text(elements[0], "Model"), "Simulated Server");
    EXPECT_EQ(text(elements[0], "ChassisTypeDescription"), "Rack Mount Chassis");
    EXPECT_EQ(elements[1].class_name, kCardClass);
    EXPECT_EQ(text(elements[1], "ManufactureDate"), "20231114221300.000000+000");
    EXPECT_EQ(all("CIM_PhysicalPackage").size(), 2U) << "a chassis and a card are packages";
    EXPECT_THAT(all("IPMIProv_PhysicalPackage"), IsEmpty()) << "device 0's product area names the chassis";
    // The satellite at 2Ch says it is a FRU device and has none: said, not dropped.
    EXPECT_THAT(source.problems(), ElementsAre(::testing::HasSubstr("FRU 0 (ME): Get FRU Inventory Area Info")));
}

TEST_F(InventoryModel, TheChassisHoldsTheBoardAndPackagesTheSystemWhoseGuidTheBmcDoesNotGive) {
    const auto system_path_ = system_path(system);
    auto package = model.references(system_path_, kSystemPackageClass);
    ASSERT_TRUE(package.ok()) << package.error().message;
    ASSERT_EQ(package->size(), 1U);
    EXPECT_EQ(package->front().property("PlatformGUID"), nullptr) << "the simulated BMC has no Get System GUID";
    auto held = model.associators(system_path_, kSystemPackageClass);
    ASSERT_TRUE(held.ok());
    ASSERT_EQ(held->size(), 1U);
    EXPECT_EQ(held->front().class_name, kChassisClass);
    auto parts = model.associators(path_of(held->front()), kContainerClass);
    ASSERT_TRUE(parts.ok());
    ASSERT_EQ(parts->size(), 1U);
    EXPECT_EQ(parts->front().class_name, kCardClass);
    auto capabilities = model.associators(path_of(parts->front()), kElementCapabilitiesClass);
    ASSERT_TRUE(capabilities.ok());
    ASSERT_EQ(capabilities->size(), 1U);
    EXPECT_EQ(flag(capabilities->front(), "FRUInfoSupported"), false);
    auto profile = model.associators(path_of(parts->front()), kConformsClass);
    ASSERT_TRUE(profile.ok());
    ASSERT_EQ(profile->size(), 1U);
    EXPECT_EQ(text(profile->front(), "RegisteredName"), "Physical Asset");
}

TEST_F(InventoryModel, TheFirmwareRunsOnTheBmcAndIsInstalledOnTheSystem) {
    const auto firmware = all("CIM_SoftwareIdentity");
    ASSERT_EQ(firmware.size(), 1U);
    EXPECT_EQ(text(firmware[0], "VersionString"), "1.02");
    EXPECT_EQ(text(firmware[0], "Manufacturer"), "Intel Corporation");
    auto on = model.associators(path_of(firmware[0]), kElementSoftwareClass);
    ASSERT_TRUE(on.ok());
    ASSERT_EQ(on->size(), 1U);
    EXPECT_EQ(path_of(on->front()), bmc_path(system));
    auto installed = model.associators(system_path(system), kInstalledSoftwareClass);
    ASSERT_TRUE(installed.ok());
    ASSERT_EQ(installed->size(), 1U);
    EXPECT_EQ(path_of(installed->front()), path_of(firmware[0]));
    auto profile = model.associators(path_of(firmware[0]), kConformsClass);
    ASSERT_TRUE(profile.ok());
    ASSERT_EQ(profile->size(), 1U);
    EXPECT_EQ(text(profile->front(), "RegisteredName"), "Software Inventory");
}

TEST_F(InventoryModel, TheLanUsersAreAccountsOfTheSystem) {
    auto accounts = model.associators(system_path(system), kAccountOnSystemClass);
    ASSERT_TRUE(accounts.ok()) << accounts.error().message;
    std::vector<std::string> users;
    for (const auto& account : *accounts)
        users.push_back(text(account, "UserID") + " " + std::to_string(number(account, "EnabledState")));
    EXPECT_THAT(users, ElementsAre("admin 2", "operator 2", "olduser 3"));
}

TEST(InventoryWithoutIt, ABmcWithoutFruDataOrLanChannelHasNoneAndSaysWhy) {
    auto fixture = bridge::sim::builtin_fixture().value();
    fixture.inventory = {};
    auto bmc = std::make_shared<bridge::sim::SimBmc>(fixture);
    bridge::Engine engine{bridge::sim::make_sim_transport(bmc, "sim"), {}};
    EngineSourceOptions options;
    options.system = {"host1", "IP", "sim"};
    options.cache.use = false;
    EngineDataSource source{engine, options};
    CimModel model{source};
    auto elements = model.enumerate("CIM_PhysicalElement");
    ASSERT_TRUE(elements.ok()) << elements.error().message;
    EXPECT_THAT(*elements, IsEmpty());
    ASSERT_FALSE(source.problems().empty());
    EXPECT_THAT(source.problems().front(), ::testing::HasSubstr("FRU 0 (Main Board FRU): "));
    auto accounts = model.enumerate("IPMIProv_Account");
    ASSERT_TRUE(accounts.ok()) << accounts.error().message;
    EXPECT_THAT(*accounts, IsEmpty());
}

}  // namespace
}  // namespace ipmiprov::provider::cim

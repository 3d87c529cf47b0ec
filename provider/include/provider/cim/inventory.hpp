// The inventory as CIM (issue 24): DSP1011 Physical Asset from the FRU
// devices, DSP1023 Software Inventory for the BMC's firmware, and the BMC's
// users as read-only accounts after DSP1034. Pure functions from the FRU,
// Get Device ID and user models to instances of cim-schemas/
// ipmiprov-inventory.mof; docs/cim-mapping.md, "Inventory".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bridge/device_id.hpp"
#include "provider/bmc/users.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/fru/reader.hpp"

namespace ipmiprov::provider::cim {

inline constexpr const char* kChassisClass = "IPMIProv_Chassis";
inline constexpr const char* kCardClass = "IPMIProv_Card";
inline constexpr const char* kPackageClass = "IPMIProv_PhysicalPackage";
inline constexpr const char* kAssetCapabilitiesClass = "IPMIProv_PhysicalAssetCapabilities";
inline constexpr const char* kSystemPackageClass = "IPMIProv_ComputerSystemPackage";
inline constexpr const char* kContainerClass = "IPMIProv_Container";
inline constexpr const char* kSoftwareIdentityClass = "IPMIProv_SoftwareIdentity";
inline constexpr const char* kElementSoftwareClass = "IPMIProv_ElementSoftwareIdentity";
inline constexpr const char* kInstalledSoftwareClass = "IPMIProv_InstalledSoftwareIdentity";
inline constexpr const char* kAccountClass = "IPMIProv_Account";
inline constexpr const char* kAccountOnSystemClass = "IPMIProv_AccountOnSystem";
inline constexpr const char* kAssetCapabilitiesID = "IPMIProv:PhysicalAssetCapabilities";
inline constexpr const char* kPhysicalAssetProfileID = "IPMIProv:DSP1011";
inline constexpr const char* kSoftwareInventoryProfileID = "IPMIProv:DSP1023";

// ---- DSP1011 Physical Asset

// CIM_Chassis.ChassisPackageType for a FRU chassis type (an SMBIOS chassis
// type): the same number where CIM has the type, 1 Other where it has none
// (17h rack mount, 19h multi-system, 1Ch blade, 21h..), 0 Unknown for 02h.
std::uint16_t chassis_package_type(std::uint8_t fru_chassis_type);
// CIM_PhysicalPackage.PackageType for the entity of a FRU's locator (IPMI
// 2.0 Table 43-13): 6 a power supply, 7 a fan, 9 a board or card, ...;
// 0 Unknown for the rest.
std::uint16_t package_type_for_entity(std::uint8_t entity_id);

// The physical elements the FRU devices describe, in device order. Per
// device: an IPMIProv_Chassis for a chassis area (named and made by the
// same device's product area), an IPMIProv_Card for a board area, an
// IPMIProv_PhysicalPackage for a product area on a device without a
// chassis area. An area whose checksum fails gives none: its fields cannot
// be trusted (`ipmiprov fru` shows them, and the problem).
std::vector<Instance> physical_element_instances(const SystemIdentity& system,
                                                 const std::vector<fru::DeviceReport>& devices);
// The system's chassis: the chassis of the BMC's FRU device 0 (else the
// first chassis); none without a chassis area.
std::optional<ObjectPath> system_chassis_path(const std::vector<Instance>& elements);
ObjectPath asset_capabilities_path();
Instance asset_capabilities_instance();

// ---- DSP1023 Software Inventory

ObjectPath firmware_path(const SystemIdentity& system);
Instance firmware_instance(const SystemIdentity& system, const bridge::DeviceId& device);
// ElementSoftwareStatus of the firmware on the BMC: 6 Installed, 2 Current.
Instance element_software_instance(const SystemIdentity& system);

// ---- Accounts (after DSP1034)

// One IPMIProv_Account per configured user (bmc::User::configured()).
std::vector<Instance> account_instances(const SystemIdentity& system, const bmc::Users& users);

}  // namespace ipmiprov::provider::cim

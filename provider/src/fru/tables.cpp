// The FRU spec's tables as data: chassis types (§10 refers to SMBIOS 3.x
// "System Enclosure or Chassis Types"), multi-record types (Table 16-2),
// management access sub-records (Table 18-6) and the field encodings (§13).
#include <array>
#include <cstdio>

#include "fru_internal.hpp"

namespace ipmiprov::provider::fru {
namespace {

struct Name {
    std::uint8_t code;
    std::string_view text;
};

constexpr std::array kChassisTypes{
    Name{0x01, "Other"},
    Name{0x02, "Unknown"},
    Name{0x03, "Desktop"},
    Name{0x04, "Low Profile Desktop"},
    Name{0x05, "Pizza Box"},
    Name{0x06, "Mini Tower"},
    Name{0x07, "Tower"},
    Name{0x08, "Portable"},
    Name{0x09, "Laptop"},
    Name{0x0A, "Notebook"},
    Name{0x0B, "Hand Held"},
    Name{0x0C, "Docking Station"},
    Name{0x0D, "All in One"},
    Name{0x0E, "Sub Notebook"},
    Name{0x0F, "Space-saving"},
    Name{0x10, "Lunch Box"},
    Name{0x11, "Main Server Chassis"},
    Name{0x12, "Expansion Chassis"},
    Name{0x13, "SubChassis"},
    Name{0x14, "Bus Expansion Chassis"},
    Name{0x15, "Peripheral Chassis"},
    Name{0x16, "RAID Chassis"},
    Name{0x17, "Rack Mount Chassis"},
    Name{0x18, "Sealed-case PC"},
    Name{0x19, "Multi-system Chassis"},
    Name{0x1A, "CompactPCI"},
    Name{0x1B, "AdvancedTCA"},
    Name{0x1C, "Blade"},
    Name{0x1D, "Blade Enclosure"},
    Name{0x1E, "Tablet"},
    Name{0x1F, "Convertible"},
    Name{0x20, "Detachable"},
    Name{0x21, "IoT Gateway"},
    Name{0x22, "Embedded PC"},
    Name{0x23, "Mini PC"},
    Name{0x24, "Stick PC"},
};

constexpr std::array kRecordTypes{
    Name{0x00, "Power Supply Information"},
    Name{0x01, "DC Output"},
    Name{0x02, "DC Load"},
    Name{0x03, "Management Access"},
    Name{0x04, "Base Compatibility"},
    Name{0x05, "Extended Compatibility"},
    Name{0x06, "ASF Fixed SMBus Device"},
    Name{0x07, "ASF Legacy-Device Alerts"},
    Name{0x08, "ASF Remote Control"},
    Name{0x09, "Extended DC Output"},
    Name{0x0A, "Extended DC Load"},
};

constexpr std::array kManagementAccess{
    Name{0x01, "System Management URL"},    Name{0x02, "System Name"},    Name{0x03, "System Ping Address"},
    Name{0x04, "Component Management URL"}, Name{0x05, "Component Name"}, Name{0x06, "Component Ping Address"},
    Name{0x07, "System Unique ID"},
};

template <std::size_t N>
std::optional<std::string_view> find(const std::array<Name, N>& table, std::uint8_t code) {
    for (const auto& entry : table)
        if (entry.code == code) return entry.text;
    return std::nullopt;
}

// Minutes from 1970-01-01 to 1996-01-01 00:00 UTC (§11, byte 3).
constexpr std::int64_t kFruEpochSeconds = 820454400;

}  // namespace

std::string_view encoding_name(Encoding encoding) {
    constexpr std::array<std::string_view, 5> kNames{"binary", "bcd-plus", "6-bit-ascii", "8-bit-ascii", "unicode"};
    return kNames[static_cast<std::size_t>(encoding)];
}

std::optional<std::string_view> chassis_type_name(std::uint8_t type) {
    return find(kChassisTypes, type);
}

std::string_view record_type_name(std::uint8_t type) {
    if (type >= 0xC0) return "OEM";
    return find(kRecordTypes, type).value_or("reserved");
}

std::optional<std::string_view> management_access_name(std::uint8_t subtype) {
    return find(kManagementAccess, subtype);
}

std::string language_name(std::uint8_t code) {
    if (code == 0 || code == 25) return "English";
    char text[16];
    std::snprintf(text, sizeof text, "code %02Xh", code);
    return text;
}

std::int64_t board_date_seconds(std::uint32_t minutes) {
    return kFruEpochSeconds + std::int64_t{minutes} * 60;
}

}  // namespace ipmiprov::provider::fru

#include "bridge/device_id.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <string_view>

#include "bridge/bytes.hpp"
#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge {
namespace {

// §20.1, Get Device ID byte 6: additional device support, bit 0 first.
constexpr std::array<std::string_view, 8> kDeviceSupportBits{
    "sensor device",       "SDR repository device", "SEL device", "FRU inventory device",
    "IPMB event receiver", "IPMB event generator",  "bridge",     "chassis device",
};

struct Vendor {
    std::uint32_t id;
    std::string_view name;
};

// IANA Private Enterprise Numbers of common server and BMC vendors.
constexpr std::array kVendors{
    Vendor{2, "IBM"},
    Vendor{11, "Hewlett-Packard"},
    Vendor{42, "Sun Microsystems"},
    Vendor{119, "NEC"},
    Vendor{343, "Intel Corporation"},
    Vendor{674, "Dell Inc."},
    Vendor{2011, "Huawei"},
    Vendor{5771, "Cisco Systems"},
    Vendor{7244, "Quanta Computer"},
    Vendor{10368, "Fujitsu Siemens Computers"},
    Vendor{10876, "Super Micro Computer Inc."},
    Vendor{15000, "Kontron"},
    Vendor{19046, "Lenovo"},
    Vendor{20974, "American Megatrends Inc."},
    Vendor{40981, "Facebook"},
    Vendor{47196, "Hewlett Packard Enterprise"},
    Vendor{49622, "OpenBMC Project"},
};

constexpr std::array<const char*, 2> kIanaRegistryFiles{"/usr/share/misc/enterprise-numbers.txt",
                                                        "/usr/share/misc/enterprise-numbers"};

// The registry lists "<decimal number>" on a line, the organisation on the next, indented.
std::optional<std::string> lookup_iana_registry(std::uint32_t id) {
    const std::string wanted = std::to_string(id);
    for (const char* path : kIanaRegistryFiles) {
        std::ifstream in(path);
        std::string line;
        while (in && std::getline(in, line)) {
            if (line != wanted) continue;
            if (!std::getline(in, line)) break;
            const auto start = line.find_first_not_of(" \t");
            if (start == std::string::npos) break;
            return line.substr(start);
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::uint8_t> decode_bcd(std::uint8_t byte) {
    const int high = byte >> 4;
    const int low = byte & 0x0F;
    if (high > 9 || low > 9) return std::nullopt;
    return static_cast<std::uint8_t>(high * 10 + low);
}

std::string DeviceId::firmware_text() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%u.%02u", firmware_major, firmware_minor);
    return buffer;
}

std::string DeviceId::ipmi_version_text() const {
    return std::to_string(ipmi_major) + "." + std::to_string(ipmi_minor);
}

std::vector<std::string> DeviceId::device_support_names() const {
    std::vector<std::string> names;
    for (std::size_t bit = 0; bit < kDeviceSupportBits.size(); ++bit) {
        if (device_support & (1U << bit)) names.emplace_back(kDeviceSupportBits[bit]);
    }
    return names;
}

Request get_device_id_request() {
    return Request{netfn::kApp, 0x01, 0, Target::bmc(), {}};
}

Result<DeviceId> decode_device_id(std::span<const std::uint8_t> data) {
    ByteReader in(data);
    DeviceId id;
    auto device = in.u8();
    auto revision = in.u8();
    auto firmware1 = in.u8();
    auto firmware2 = in.u8();
    auto ipmi = in.u8();
    auto support = in.u8();
    auto manufacturer = in.u24le();
    auto product = in.u16le();
    if (!product) {
        return make_error(ErrorKind::Protocol,
                          "Get Device ID reply has " + std::to_string(data.size()) + " bytes; at least 11 expected");
    }
    id.device_id = *device;
    id.provides_device_sdrs = (*revision & 0x80) != 0;
    id.device_revision = *revision & 0x0F;
    id.in_firmware_update = (*firmware1 & 0x80) != 0;
    id.firmware_major = *firmware1 & 0x7F;
    // Firmware minor is BCD; some BMCs send binary. Show binary rather than fail.
    id.firmware_minor = decode_bcd(*firmware2).value_or(*firmware2);
    id.ipmi_major = *ipmi & 0x0F;  // §20.1: bits 3:0 most significant digit
    id.ipmi_minor = *ipmi >> 4;
    id.device_support = *support;
    id.manufacturer_id = *manufacturer & 0x0FFFFF;  // 20 bits; the top nibble is reserved
    id.product_id = *product;
    if (in.remaining() >= 4) {
        auto aux = *in.take(4);
        id.aux_firmware = std::vector<std::uint8_t>(aux.begin(), aux.end());
    }
    return id;
}

Result<DeviceId> get_device_id(Engine& engine) {
    auto reply = engine.call(get_device_id_request());
    if (!reply.ok()) return reply.error();
    return decode_device_id(*reply);
}

std::optional<std::string> manufacturer_name(std::uint32_t manufacturer_id) {
    const auto* found = std::find_if(kVendors.begin(), kVendors.end(),
                                     [&](const Vendor& vendor) { return vendor.id == manufacturer_id; });
    if (found != kVendors.end()) return std::string(found->name);
    return lookup_iana_registry(manufacturer_id);
}

}  // namespace ipmiprov::bridge

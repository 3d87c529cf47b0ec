// Get Device ID (IPMI 2.0 §20.1): request, decoder, and the typed result.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bridge/engine.hpp"
#include "bridge/result.hpp"

namespace ipmiprov::bridge {

struct DeviceId {
    std::uint8_t device_id = 0;
    std::uint8_t device_revision = 0;
    bool provides_device_sdrs = false;
    bool in_firmware_update = false;
    std::uint8_t firmware_major = 0;
    std::uint8_t firmware_minor = 0;  // decoded from BCD
    std::uint8_t ipmi_major = 0;
    std::uint8_t ipmi_minor = 0;
    std::uint8_t device_support = 0;
    std::uint32_t manufacturer_id = 0;
    std::uint16_t product_id = 0;
    std::optional<std::vector<std::uint8_t>> aux_firmware;

    [[nodiscard]] std::string firmware_text() const;      // "1.02"
    [[nodiscard]] std::string ipmi_version_text() const;  // "2.0"
    [[nodiscard]] std::vector<std::string> device_support_names() const;
};

Request get_device_id_request();
Result<DeviceId> decode_device_id(std::span<const std::uint8_t> data);
Result<DeviceId> get_device_id(Engine& engine);

// Decodes a 2-digit packed BCD byte; nullopt when a nibble is not a digit.
std::optional<std::uint8_t> decode_bcd(std::uint8_t byte);

// The IANA Private Enterprise name for a manufacturer ID: a built-in table of
// server vendors, then the IANA registry file where the system has one.
std::optional<std::string> manufacturer_name(std::uint32_t manufacturer_id);

}  // namespace ipmiprov::bridge

#include "provider/fru/reader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <thread>

#include "bridge/spec_tables.hpp"
#include "provider/fru/inventory.hpp"

namespace ipmiprov::provider::fru {
namespace {

using bridge::Error;
using bridge::ErrorKind;
using bridge::make_error;

// Read FRU Data counts tried in turn: most BMCs take 48 data bytes a reply,
// some (ipmi_sim: 34) fewer. The first one a controller takes is kept.
constexpr std::array<std::size_t, 9> kPartSizes{48, 32, 24, 16, 12, 8, 4, 2, 1};
constexpr std::uint8_t kDeviceSupportFru = 0x08;  // Get Device ID byte 7 bit 3 (§20.1)
constexpr std::uint8_t kMcCapabilityFru = 0x08;   // MC Device Locator byte 13 bit 3 (§43.9)
constexpr std::uint8_t kFruBusy = 0x81;           // §34.2
constexpr std::uint8_t kFruInventoryDeviceType = 0x10;

// CAh, C7h, FFh as for SDR reads, and C8h (request data length exceeded),
// with which ipmi_sim refuses a count over 34 (§34.2 leaves the code open).
bool part_too_long(std::uint8_t code) {
    return bridge::completion_code_means_read_too_long(code) || code == 0xC8;
}

std::string offset_text(std::size_t offset) {
    char text[16];
    std::snprintf(text, sizeof text, "%04zXh", offset);
    return text;
}

bridge::Target locator_target(std::uint8_t access_address, std::uint8_t channel) {
    if (access_address == bridge::kBmcSlaveAddress && channel == 0) return bridge::Target::bmc();
    return bridge::Target::ipmb(channel, access_address);
}

// §43.8 device types: 10h is a FRU device behind a controller, whose data
// is IPMI FRU format unless the modifier says DIMM SPD (01h) or processor
// PIROM (03h); 08h-0Fh are 24Cxx EEPROMs, IPMI FRU format with modifier 02h.
// Other formats are not decoded as FRU data (ipmitool leaves them out too).
bool holds_fru_format(const sdr::FruLocator& locator) {
    if (locator.device_type == kFruInventoryDeviceType)
        return locator.device_type_modifier != 0x01 && locator.device_type_modifier != 0x03;
    if (locator.device_type >= 0x08 && locator.device_type <= 0x0F) return locator.device_type_modifier == 0x02;
    return true;
}

bool same_device(const Device& a, const Device& b) {
    return a.logical && b.logical && a.id == b.id && a.target == b.target && a.lun == b.lun;
}

void add(std::vector<Device>& devices, Device device) {
    if (std::none_of(devices.begin(), devices.end(), [&](const Device& d) { return same_device(d, device); }))
        devices.push_back(std::move(device));
}

std::string describe_device(const Device& device) {
    char text[64];
    if (device.target.kind == bridge::Target::Kind::Bmc)
        std::snprintf(text, sizeof text, "FRU device %u", device.id);
    else
        std::snprintf(text, sizeof text, "FRU device %u on controller %02Xh (channel %u)", device.id,
                      device.target.slave_address, device.target.channel);
    return text;
}

}  // namespace

std::vector<Device> list_devices(std::uint8_t bmc_device_support, const std::vector<sdr::Record>& records) {
    std::vector<Device> devices;
    if ((bmc_device_support & kDeviceSupportFru) != 0) {
        Device builtin;
        builtin.name = "Builtin FRU Device";
        devices.push_back(std::move(builtin));
    }
    for (const auto& record : records) {
        if (const auto* locator = std::get_if<sdr::FruLocator>(&record.body)) {
            if (locator->logical && !holds_fru_format(*locator)) continue;
            Device device;
            device.target = locator_target(locator->access_address, locator->channel);
            device.lun = locator->access_lun;
            device.name = locator->name;
            device.logical = locator->logical;
            device.entity = locator->entity;
            device.device_type = locator->device_type;
            device.device_type_modifier = locator->device_type_modifier;
            if (locator->logical) {
                device.id = locator->fru_device_id;
                // The locator names the BMC's device 0: keep its name, not a second entry.
                auto same = std::find_if(devices.begin(), devices.end(),
                                         [&](const Device& d) { return same_device(d, device); });
                if (same != devices.end()) {
                    if (!device.name.empty()) same->name = device.name;
                    same->entity = device.entity;
                    continue;
                }
            } else {
                device.slave_address = locator->fru_device_id;
                device.private_bus = locator->private_bus;
            }
            devices.push_back(std::move(device));
        } else if (const auto* mc = std::get_if<sdr::McLocator>(&record.body)) {
            if ((mc->capabilities & kMcCapabilityFru) == 0 || mc->slave_address == bridge::kBmcSlaveAddress) continue;
            Device device;
            device.target = bridge::Target::ipmb(mc->channel, mc->slave_address);
            device.name = mc->name;
            device.entity = mc->entity;
            device.device_type = kFruInventoryDeviceType;
            add(devices, std::move(device));
        }
    }
    return devices;
}

std::size_t& Reader::part_size(const Device& device) {
    return part_index_[{device.target.channel, device.target.slave_address}];
}

bridge::Result<std::vector<std::uint8_t>> Reader::read_part(const Device& device, const Image& image,
                                                            std::size_t offset, std::size_t count) {
    auto& index = part_size(device);
    int busy = 0;
    // Each turn either returns, moves to a smaller size (at most kPartSizes
    // turns) or counts a busy reply (at most busy_retries turns).
    while (true) {
        const std::size_t want = std::min(count, kPartSizes[index]);
        const std::size_t unit = image.word_access ? 2 : 1;
        const std::size_t at = offset / unit;
        bridge::Request request{kNetFnStorage,
                                kReadFruData,
                                device.lun,
                                device.target,
                                {device.id, static_cast<std::uint8_t>(at & 0xFF), static_cast<std::uint8_t>(at >> 8),
                                 static_cast<std::uint8_t>(std::max<std::size_t>(want / unit, 1))}};
        auto reply = engine_.send(request);
        if (!reply.ok()) return reply.error();
        const auto code = reply->completion_code;
        if (code == kFruBusy && busy < options_.busy_retries) {
            ++busy;
            if (options_.sleep)
                options_.sleep(options_.busy_wait);
            else
                std::this_thread::sleep_for(options_.busy_wait);
            continue;
        }
        if (part_too_long(code) && index + 1 < kPartSizes.size()) {
            ++index;
            continue;
        }
        if (code != 0) {
            return Error{ErrorKind::CompletionCode,
                         "Read FRU Data at " + offset_text(offset) + ": completion code " +
                             bridge::completion_code_text(code, kNetFnStorage, kReadFruData),
                         code};
        }
        if (reply->data.empty()) return make_error(ErrorKind::Protocol, "Read FRU Data: reply without a count");
        const std::size_t returned = std::size_t{reply->data[0]} * unit;
        if (returned + 1 > reply->data.size())
            return make_error(ErrorKind::Protocol, "Read FRU Data at " + offset_text(offset) + ": count " +
                                                       std::to_string(returned) + " but " +
                                                       std::to_string(reply->data.size() - 1) + " data bytes");
        return std::vector<std::uint8_t>(reply->data.begin() + 1,
                                         reply->data.begin() + 1 + static_cast<std::ptrdiff_t>(returned));
    }
}

bridge::Result<Image> Reader::read(const Device& device) {
    if (!device.logical)
        return make_error(ErrorKind::Unsupported, "a physical FRU device (not logical): Read FRU Data cannot reach it");
    auto info =
        engine_.call(bridge::Request{kNetFnStorage, kGetFruInventoryAreaInfo, device.lun, device.target, {device.id}});
    if (!info.ok()) return info.error();
    if (info->size() < 3)
        return make_error(ErrorKind::Protocol,
                          "Get FRU Inventory Area Info: " + std::to_string(info->size()) + " of 3 data bytes");
    Image image;
    image.size = (*info)[0] | ((*info)[1] << 8);
    image.word_access = ((*info)[2] & 0x01) != 0;
    if (image.size == 0) return make_error(ErrorKind::NotFound, describe_device(device) + ": size 0, no FRU data");
    // Read on while the data says more of it is used; a read never goes back,
    // so the loop ends within size / 1 parts.
    while (image.data.size() < image.size) {
        const std::size_t needed = options_.whole_device ? image.size : std::min(image.size, bytes_needed(image.data));
        if (needed <= image.data.size()) break;
        // Whole parts even past what is needed now: the next area is usually next.
        const std::size_t count = std::max(needed, image.data.size() + kPartSizes[part_size(device)]);
        auto part = read_part(device, image, image.data.size(), std::min(count, image.size) - image.data.size());
        if (!part.ok()) {
            if (image.data.empty()) return part.error();
            image.stopped = part.error().message;
            break;
        }
        if (part->empty()) {
            image.stopped = "Read FRU Data at " + offset_text(image.data.size()) + " returned no data (" +
                            std::to_string(image.size) + " bytes said)";
            break;
        }
        image.data.insert(image.data.end(), part->begin(), part->end());
    }
    if (image.data.size() > image.size) image.data.resize(image.size);
    return image;
}

bool announces_fru_change(const sel::Entry& entry) {
    constexpr std::uint8_t kPowerSupply = 0x08;
    constexpr std::uint8_t kEntityPresence = 0x25;
    constexpr std::uint8_t kFruState = 0x2C;
    const auto* event = std::get_if<sel::SystemEvent>(&entry.body);
    if (!event) return false;
    if (event->sensor_type == kFruState || event->sensor_type == kEntityPresence) return true;
    return event->sensor_type == kPowerSupply && event->event_reading_type == 0x6F && event->offset() == 0;
}

DeviceReport report(const Device& device, bridge::Result<Image> read) {
    DeviceReport out{device, std::nullopt, std::nullopt, {}};
    if (!read.ok()) {
        out.error = read.error().message;
        return out;
    }
    out.inventory = decode_inventory(read->data);
    out.image = std::move(read.value());
    return out;
}

bridge::Result<std::vector<DeviceReport>> read_inventory(bridge::Engine& engine, std::uint8_t bmc_device_support,
                                                         const std::vector<sdr::Record>& records,
                                                         ReaderOptions options) {
    Reader reader(engine, std::move(options));
    std::vector<DeviceReport> reports;
    for (const auto& device : list_devices(bmc_device_support, records)) {
        auto read = reader.read(device);
        if (!read.ok() && bridge::bmc_stopped_answering(read.error())) return read.error();
        reports.push_back(report(device, std::move(read)));
    }
    return reports;
}

}  // namespace ipmiprov::provider::fru

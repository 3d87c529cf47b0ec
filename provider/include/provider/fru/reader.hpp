// Reading FRU devices (IPMI 2.0 §34): which devices there are (FRU device 0
// of the BMC, the FRU Device Locator records of §43.8 and the controllers of
// MC Device Locator records, §43.9), and their bytes through Get FRU
// Inventory Area Info and Read FRU Data: in parts of a size the controller
// takes (smaller after CAh/C7h/C8h, remembered per controller), again after
// "FRU device busy" (81h) a bounded number of times, and only as far as the
// data's own header and lengths say it is used.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/fru/inventory.hpp"
#include "provider/sdr/record.hpp"
#include "provider/sel/record.hpp"

namespace ipmiprov::provider::fru {

inline constexpr std::uint8_t kNetFnStorage = 0x0A;
inline constexpr std::uint8_t kGetFruInventoryAreaInfo = 0x10;
inline constexpr std::uint8_t kReadFruData = 0x11;

struct Device {
    std::uint8_t id = 0;  // the FRU device ID (logical devices)
    bridge::Target target;
    std::uint8_t lun = 0;
    std::string name;  // the locator's ID string; "Builtin FRU Device" for the BMC's device 0
    bool logical = true;
    // A physical (non-logical) device: what its locator says; Read FRU Data cannot reach it.
    std::uint8_t slave_address = 0;  // 7-bit << 1
    std::uint8_t private_bus = 0;
    std::uint8_t device_type = 0;
    std::uint8_t device_type_modifier = 0;
    std::optional<sdr::Entity> entity;
};

// FRU device 0 of the BMC when Get Device ID says it has one (device support
// bit 3), then each logical FRU Device Locator (in record order, the BMC's
// device 0 not twice), physical ones as such, and device 0 of every other
// controller whose MC Device Locator says it is a FRU inventory device.
std::vector<Device> list_devices(std::uint8_t bmc_device_support, const std::vector<sdr::Record>& records);

struct Image {
    std::size_t size = 0;  // Get FRU Inventory Area Info
    bool word_access = false;
    std::vector<std::uint8_t> data;  // from offset 0, as far as read
    // A read that stopped short: where and why. The bytes before it are kept.
    std::optional<std::string> stopped;
};

struct ReaderOptions {
    int busy_retries = 5;  // 81h: again after busy_wait, at most this often per part
    std::chrono::milliseconds busy_wait{100};
    std::function<void(std::chrono::milliseconds)> sleep;  // tests; empty: sleep
    bool whole_device = false;                             // read all `size` bytes, used or not
};

class Reader {
public:
    explicit Reader(bridge::Engine& engine, ReaderOptions options = {})
        : engine_(engine), options_(std::move(options)) {}

    // The device's bytes; an error when it has none to give (Get FRU
    // Inventory Area Info refused, size 0, or the first read refused).
    bridge::Result<Image> read(const Device& device);

private:
    bridge::Result<std::vector<std::uint8_t>> read_part(const Device& device, const Image& image, std::size_t offset,
                                                        std::size_t count);
    std::size_t& part_size(const Device& device);

    bridge::Engine& engine_;
    ReaderOptions options_;
    // Index into the part sizes, per controller (channel, address).
    std::map<std::pair<std::uint8_t, std::uint8_t>, std::size_t> part_index_;
};

// A SEL entry that says a part may have been added, removed or replaced
// (Table 42-3): any FRU State (2Ch) event, an Entity Presence (25h) one,
// and a power supply's presence detected (08h offset 0), asserted or not.
// Whoever holds FRU data reads it again.
bool announces_fru_change(const sel::Entry& entry);

// One device as read: its bytes decoded, or why it could not be read.
struct DeviceReport {
    Device device;
    std::optional<Image> image;        // absent: nothing could be read
    std::optional<std::string> error;  // why not (with image absent)
    Inventory inventory;               // of image->data
};

DeviceReport report(const Device& device, bridge::Result<Image> read);

// Every device list_devices finds, read in turn: a device that cannot be
// read is reported as such; a BMC that stops answering is an error.
bridge::Result<std::vector<DeviceReport>> read_inventory(bridge::Engine& engine, std::uint8_t bmc_device_support,
                                                         const std::vector<sdr::Record>& records,
                                                         ReaderOptions options = {});

}  // namespace ipmiprov::provider::fru

// Reading FRU devices (provider/fru/reader.hpp) from a controller that
// serves an image with its own limits: the largest part it takes, busy
// replies, word access, a read that stops; and the device list from the SDR.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bridge/transport.hpp"
#include "fru_images.hpp"
#include "provider/fru/inventory.hpp"
#include "provider/fru/reader.hpp"

namespace ipmiprov::provider::fru {
namespace {

using ::testing::HasSubstr;
using namespace ipmiprov::testing::fru;

// A FRU device behind Get FRU Inventory Area Info and Read FRU Data.
struct FruController {
    Bytes image;
    std::size_t size = 0;  // what Inventory Area Info says (0: image.size())
    std::size_t max_part = 34;
    bool word_access = false;
    int busy_replies = 0;                    // 81h before each read is served
    std::optional<std::size_t> refuse_from;  // Read FRU Data at or past this offset: C9h
    std::vector<bridge::Request> requests;
};

class FruTransport final : public bridge::Transport {
public:
    explicit FruTransport(FruController& fru) : fru_(fru) {}
    bridge::Result<bridge::Response> exchange(const bridge::Request& request, std::chrono::milliseconds) override {
        fru_.requests.push_back(request);
        if (request.netfn != kNetFnStorage || request.data.empty() || request.data[0] != 0)
            return bridge::Response{0xCB, {}};
        const std::size_t size = fru_.size ? fru_.size : fru_.image.size();
        if (request.cmd == kGetFruInventoryAreaInfo)
            return bridge::Response{0,
                                    {static_cast<std::uint8_t>(size & 0xFF), static_cast<std::uint8_t>(size >> 8),
                                     static_cast<std::uint8_t>(fru_.word_access ? 1 : 0)}};
        if (fru_.busy_replies > 0) {
            --fru_.busy_replies;
            return bridge::Response{0x81, {}};
        }
        const std::size_t unit = fru_.word_access ? 2 : 1;
        const std::size_t offset = (request.data[1] | (request.data[2] << 8)) * unit;
        const std::size_t count = request.data[3] * unit;
        if (count > fru_.max_part) return bridge::Response{0xC8, {}};
        if (offset >= size || (fru_.refuse_from && offset >= *fru_.refuse_from)) return bridge::Response{0xC9, {}};
        const std::size_t n = std::min(count, size - offset);
        bridge::Response reply{0, {static_cast<std::uint8_t>(n / unit)}};
        for (std::size_t i = 0; i < n; ++i)
            reply.data.push_back(offset + i < fru_.image.size() ? fru_.image[offset + i] : 0);
        return reply;
    }
    [[nodiscard]] std::string description() const override { return "fru test"; }

private:
    FruController& fru_;
};

struct FruReading : ::testing::Test {
    FruController fru;
    std::unique_ptr<bridge::Engine> engine;
    std::vector<std::chrono::milliseconds> waits;
    ReaderOptions options;

    FruReading() {
        bridge::EngineOptions engine_options;
        engine_options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(std::make_unique<FruTransport>(fru), engine_options);
        options.sleep = [this](std::chrono::milliseconds wait) { waits.push_back(wait); };
    }

    static Bytes used_image() {
        Areas areas;
        std::vector<Bytes> fields;
        fields.reserve(7);
        for (int i = 0; i < 7; ++i) fields.push_back(text("Product field number " + std::to_string(i)));
        areas.product = info_area({0x00}, fields);
        areas.multi_record = multi_record(0x03, {0x02, 'h', 'o', 's', 't'}, true);
        return image(areas);
    }

    std::size_t reads() const {
        return static_cast<std::size_t>(std::count_if(fru.requests.begin(), fru.requests.end(),
                                                      [](const auto& r) { return r.cmd == kReadFruData; }));
    }
};

TEST_F(FruReading, ReadsOnlyWhatIsUsedInPartsTheControllerTakes) {
    fru.image = used_image();
    fru.size = 2048;  // an EEPROM mostly empty
    Reader reader(*engine, options);
    auto image = reader.read(Device{});
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_EQ(image->size, 2048U);
    EXPECT_FALSE(image->stopped);
    ASSERT_GE(image->data.size(), fru.image.size());
    EXPECT_LT(image->data.size(), 2048U) << "read as far as the data is used, not the whole EEPROM";
    EXPECT_EQ(Bytes(image->data.begin(), image->data.begin() + static_cast<std::ptrdiff_t>(fru.image.size())),
              fru.image);
    EXPECT_TRUE(decode_inventory(image->data).problems.empty());
    // 48 refused (C8h), then 32 every time: the size is kept.
    std::size_t refused = 0;
    for (const auto& r : fru.requests)
        if (r.cmd == kReadFruData && r.data[3] > 34) ++refused;
    EXPECT_EQ(refused, 1U);
    EXPECT_EQ(reads(), 1 + (fru.image.size() + 31) / 32);

    // A second device on the same controller starts at the size that worked.
    fru.requests.clear();
    ASSERT_TRUE(reader.read(Device{}).ok());
    for (const auto& r : fru.requests)
        if (r.cmd == kReadFruData) {
            EXPECT_LE(r.data[3], 34);
        }
}

TEST_F(FruReading, WholeDeviceOnRequest) {
    fru.image = used_image();
    fru.size = 300;
    options.whole_device = true;
    Reader reader(*engine, options);
    auto image = reader.read(Device{});
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->data.size(), 300U);
}

TEST_F(FruReading, BusyIsWaitedForABoundedNumberOfTimes) {
    fru.image = used_image();
    fru.busy_replies = 2;
    Reader reader(*engine, options);
    auto image = reader.read(Device{});
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_EQ(waits.size(), 2U);

    fru.busy_replies = 100;
    waits.clear();
    auto busy = reader.read(Device{});
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().completion_code, 0x81);
    EXPECT_THAT(busy.error().message, HasSubstr("FRU device busy"));
    EXPECT_EQ(waits.size(), static_cast<std::size_t>(options.busy_retries));
}

TEST_F(FruReading, WordAccessCountsWords) {
    fru.image = used_image();
    fru.word_access = true;
    Reader reader(*engine, options);
    auto image = reader.read(Device{});
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_EQ(Bytes(image->data.begin(), image->data.begin() + static_cast<std::ptrdiff_t>(fru.image.size())),
              fru.image);
    for (const auto& r : fru.requests)
        if (r.cmd == kReadFruData && r.data[3] <= 17) {
            EXPECT_EQ((r.data[1] | (r.data[2] << 8)) % 16, 0) << "word offsets";
        }
}

TEST_F(FruReading, AReadThatStopsKeepsWhatCameBefore) {
    fru.image = used_image();
    fru.refuse_from = 64;
    Reader reader(*engine, options);
    auto image = reader.read(Device{});
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->data.size(), 64U);
    ASSERT_TRUE(image->stopped);
    EXPECT_THAT(*image->stopped, HasSubstr("Read FRU Data at 0040h: completion code"));
    const auto inventory = decode_inventory(image->data);
    ASSERT_TRUE(inventory.product);
    EXPECT_EQ(inventory.product->manufacturer->text, "Product field number 0");
    EXPECT_FALSE(inventory.product->checksum_ok);
}

TEST_F(FruReading, AnAbsentDeviceAndAPhysicalOneAreErrors) {
    Reader reader(*engine, options);
    Device absent;
    absent.id = 5;
    auto missing = reader.read(absent);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().completion_code, 0xCB);
    Device physical;
    physical.logical = false;
    auto unreachable = reader.read(physical);
    ASSERT_FALSE(unreachable.ok());
    EXPECT_EQ(unreachable.error().kind, bridge::ErrorKind::Unsupported);
    fru.image = {};
    fru.size = 0;
    auto empty = reader.read(Device{});
    ASSERT_FALSE(empty.ok());
    EXPECT_THAT(empty.error().message, HasSubstr("size 0"));
}

sdr::Record fru_locator(std::uint8_t address, std::uint8_t id, bool logical, std::uint8_t channel,
                        const std::string& name) {
    sdr::Record record;
    sdr::FruLocator locator;
    locator.access_address = address;
    locator.fru_device_id = id;
    locator.logical = logical;
    locator.channel = channel;
    locator.name = name;
    record.body = locator;
    return record;
}

TEST(FruDevices, BuiltinThenLocatorsThenOtherControllers) {
    sdr::Record mc;
    sdr::McLocator controller;
    controller.slave_address = 0x30;
    controller.capabilities = 0x08;
    controller.name = "Satellite";
    mc.body = controller;
    sdr::Record no_fru = mc;
    std::get<sdr::McLocator>(no_fru.body).slave_address = 0x32;
    std::get<sdr::McLocator>(no_fru.body).capabilities = 0x01;
    const std::vector<sdr::Record> records{fru_locator(0x20, 0, true, 0, "System Board"),
                                           fru_locator(0x20, 1, true, 0, "PSU 1"),
                                           fru_locator(0xA0, 0xA0, false, 0, "Front Panel"),
                                           fru_locator(0x40, 2, true, 7, "Blade 2"),
                                           mc,
                                           no_fru};
    const auto devices = list_devices(0x08, records);
    ASSERT_EQ(devices.size(), 5U);
    EXPECT_EQ(devices[0].name, "System Board") << "the locator of device 0 names the builtin one";
    EXPECT_EQ(devices[0].target, bridge::Target::bmc());
    EXPECT_EQ(devices[1].id, 1);
    EXPECT_FALSE(devices[2].logical);
    EXPECT_EQ(devices[2].slave_address, 0xA0);
    EXPECT_EQ(devices[3].target, bridge::Target::ipmb(7, 0x40));
    EXPECT_EQ(devices[3].id, 2);
    EXPECT_EQ(devices[4].target, bridge::Target::ipmb(0, 0x30));
    EXPECT_EQ(devices[4].name, "Satellite");

    const auto without_builtin = list_devices(0x00, {fru_locator(0x20, 1, true, 0, "PSU 1")});
    ASSERT_EQ(without_builtin.size(), 1U);
    EXPECT_EQ(without_builtin[0].id, 1);
}

TEST(FruDevices, AHotSwapIsAFruStateEntityPresenceOrPowerSupplyPresenceEvent) {
    const auto event = [](std::uint8_t sensor_type, std::uint8_t reading_type, std::uint8_t offset) {
        sel::RawEntry raw{0x01,        0x00, 0x02,         0,      0,    0,   0, 0x20, 0x00, 0x04,
                          sensor_type, 0x01, reading_type, offset, 0xFF, 0xFF};
        return sel::decode_entry(raw).value();
    };
    EXPECT_TRUE(announces_fru_change(event(0x2C, 0x6F, 0x01)));
    EXPECT_TRUE(announces_fru_change(event(0x25, 0x6F, 0x00)));
    EXPECT_TRUE(announces_fru_change(event(0x08, 0x6F, 0x00)));
    EXPECT_FALSE(announces_fru_change(event(0x08, 0x6F, 0x01))) << "a power supply failure replaces nothing";
    EXPECT_FALSE(announces_fru_change(event(0x01, 0x01, 0x07))) << "a temperature";
    sel::RawEntry oem{0x02, 0x00, 0xC1};
    EXPECT_FALSE(announces_fru_change(sel::decode_entry(oem).value()));
}

}  // namespace
}  // namespace ipmiprov::provider::fru

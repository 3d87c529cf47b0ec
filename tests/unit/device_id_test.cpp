#include "bridge/device_id.hpp"

#include <gtest/gtest.h>

namespace ipmiprov::bridge {
namespace {

TEST(DecodeBcd, DecodesDigitsAndRejectsNonDigits) {
    EXPECT_EQ(decode_bcd(0x02), 2);
    EXPECT_EQ(decode_bcd(0x99), 99);
    EXPECT_EQ(decode_bcd(0x1A), std::nullopt);
    EXPECT_EQ(decode_bcd(0xA1), std::nullopt);
}

TEST(DecodeDeviceId, DecodesEveryFieldOfAFullReply) {
    // §20.1: id 0x20, rev 1 + device SDRs, fw 1.02 (in update), IPMI 2.0, support 0x9f,
    // manufacturer 343 (0x000157) with a reserved top nibble set, product 0x0b42, aux fw.
    const std::vector<std::uint8_t> reply{0x20, 0x81, 0x81, 0x02, 0x02, 0x9F, 0x57, 0x01, 0xF0, 0x42, 0x0B, 1, 2, 3, 4};
    auto id = decode_device_id(reply);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(id->device_id, 0x20);
    EXPECT_EQ(id->device_revision, 1);
    EXPECT_TRUE(id->provides_device_sdrs);
    EXPECT_TRUE(id->in_firmware_update);
    EXPECT_EQ(id->firmware_text(), "1.02");
    EXPECT_EQ(id->ipmi_version_text(), "2.0");
    EXPECT_EQ(id->manufacturer_id, 343U);
    EXPECT_EQ(id->product_id, 0x0B42);
    EXPECT_EQ(id->aux_firmware, (std::vector<std::uint8_t>{1, 2, 3, 4}));
    EXPECT_EQ(id->device_support_names(),
              (std::vector<std::string>{"sensor device", "SDR repository device", "SEL device", "FRU inventory device",
                                        "IPMB event receiver", "chassis device"}));
}

TEST(DecodeDeviceId, AcceptsTheShortFormWithoutAuxFirmware) {
    const std::vector<std::uint8_t> reply{0x01, 0x00, 0x02, 0x15, 0x51, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    auto id = decode_device_id(reply);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->ipmi_version_text(), "1.5");
    EXPECT_EQ(id->firmware_text(), "2.15");
    EXPECT_FALSE(id->aux_firmware.has_value());
    EXPECT_TRUE(id->device_support_names().empty());
}

TEST(DecodeDeviceId, ShowsABinaryMinorRevisionRatherThanFailing) {
    const std::vector<std::uint8_t> reply{0x01, 0x00, 0x03, 0x0C, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    EXPECT_EQ(decode_device_id(reply)->firmware_text(), "3.12");
}

TEST(DecodeDeviceId, RejectsAShortReplyWithItsLength) {
    const std::vector<std::uint8_t> reply{0x20, 0x01, 0x01, 0x02, 0x02, 0x9F, 0x57, 0x01, 0x00, 0x42};
    auto id = decode_device_id(reply);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().kind, ErrorKind::Protocol);
    EXPECT_EQ(id.error().message, "Get Device ID reply has 10 bytes; at least 11 expected");
}

TEST(ManufacturerName, KnowsServerVendors) {
    EXPECT_EQ(manufacturer_name(674), "Dell Inc.");
    EXPECT_EQ(manufacturer_name(10876), "Super Micro Computer Inc.");
    EXPECT_EQ(manufacturer_name(0xFFFFF), std::nullopt);
}

}  // namespace
}  // namespace ipmiprov::bridge

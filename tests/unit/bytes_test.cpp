#include "bridge/bytes.hpp"

#include <gtest/gtest.h>

namespace ipmiprov::bridge {
namespace {

TEST(ByteReader, ReadsLittleEndianFields) {
    const std::vector<std::uint8_t> bytes{0x01, 0x34, 0x12, 0x56, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12};
    ByteReader in(bytes);
    EXPECT_EQ(in.u8(), 0x01);
    EXPECT_EQ(in.u16le(), 0x1234);
    EXPECT_EQ(in.u24le(), 0x123456U);
    EXPECT_EQ(in.u32le(), 0x12345678U);
    EXPECT_EQ(in.remaining(), 0U);
    EXPECT_EQ(in.u8(), std::nullopt);
}

TEST(ByteReader, NeverReadsPastTheEnd) {
    const std::vector<std::uint8_t> bytes{0xAA, 0xBB, 0xCC};
    ByteReader in(bytes);
    EXPECT_EQ(in.u32le(), std::nullopt);
    EXPECT_EQ(in.offset(), 0U) << "a failed read consumes nothing";
    EXPECT_EQ(in.take(4), std::nullopt);
    EXPECT_EQ(in.u16le(), 0xBBAA);
    EXPECT_EQ(in.u16le(), std::nullopt);
    EXPECT_EQ(in.rest().size(), 1U);
}

TEST(Bytes, PutsLittleEndian) {
    std::vector<std::uint8_t> out;
    put_u16le(out, 0x1234);
    put_u24le(out, 0xABCDEF);
    put_u32le(out, 0x01020304);
    EXPECT_EQ(out, (std::vector<std::uint8_t>{0x34, 0x12, 0xEF, 0xCD, 0xAB, 0x04, 0x03, 0x02, 0x01}));
}

TEST(IpmbChecksum, MakesTheSumZero) {
    // IPMB header of a Get Device ID to the BMC: rsSA 0x20, netFn 0x06 << 2.
    const std::vector<std::uint8_t> header{0x20, 0x18};
    EXPECT_EQ(ipmb_checksum(header), 0xC8);
    const std::vector<std::uint8_t> empty;
    EXPECT_EQ(ipmb_checksum(empty), 0x00);
    const std::vector<std::uint8_t> wraps{0xFF, 0xFF, 0x02};
    EXPECT_EQ(static_cast<std::uint8_t>(0xFF + 0xFF + 0x02 + ipmb_checksum(wraps)), 0x00);
}

}  // namespace
}  // namespace ipmiprov::bridge

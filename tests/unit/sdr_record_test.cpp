// SDR record decoders against records written out byte by byte (IPMI 2.0 §43).
#include "provider/sdr/record.hpp"

#include <gtest/gtest.h>

namespace ipmiprov::provider::sdr {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes header(std::uint16_t id, std::uint8_t type, const Bytes& body) {
    // Reserve first: GCC 12 at -O2 misreports an insert into a 5-byte
    // vector as out of bounds (-Warray-bounds, GCC bug 107138).
    Bytes out;
    out.reserve(5 + body.size());
    for (auto byte : {static_cast<std::uint8_t>(id & 0xFF), static_cast<std::uint8_t>(id >> 8), std::uint8_t{0x51},
                      type, static_cast<std::uint8_t>(body.size())}) {
        out.push_back(byte);
    }
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

Bytes id_string(const std::string& name) {
    Bytes out;
    out.reserve(1 + name.size());  // see header(): GCC bug 107138
    out.push_back(static_cast<std::uint8_t>(0xC0 | name.size()));
    out.insert(out.end(), name.begin(), name.end());
    return out;
}

// "12V": owner 20h, channel 0 LUN 0, sensor 02h, entity 07h.1, voltage, threshold;
// readable LNC LCR UNC UCR (1Bh), settable LNC UNC (09h); Volts; M=63, B=0, R=-3;
// thresholds UNR 0, UCR 210, UNC 202, LNR 0, LCR 171, LNC 178; hysteresis 2/2.
Bytes twelve_volt() {
    Bytes body{0x20, 0x00, 0x02, 0x07, 0x01, 0x7F, 0x68, 0x02, 0x01, 0x00, 0x30, 0x00, 0x30, 0x1B, 0x09,  // masks
               0x00, 0x04, 0x00, 0x00,              // units 1, base V, modifier, linear
               63,   0x00, 0x00, 0x00, 0x00, 0xD0,  // M=63, B=0, R=-3 (Dh), B exp 0
               0x00, 0,    0,    0,    255,  0,     // no nominal/normal; max 255 min 0
               0,    210,  202,  0,    171,  178,  2,    2,    0,    0,    0};
    auto name = id_string("12V");
    body.insert(body.end(), name.begin(), name.end());
    return header(0x0003, 0x01, body);
}

TEST(DecodeHeader, ReadsTheFiveBytes) {
    auto h = decode_header(Bytes{0x34, 0x12, 0x51, 0x02, 0x20});
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->record_id, 0x1234);
    EXPECT_EQ(h->version, 0x51);
    EXPECT_EQ(h->type, 0x02);
    EXPECT_EQ(h->length, 0x20);
    EXPECT_FALSE(decode_header(Bytes{0x34, 0x12, 0x51, 0x02}).ok());
}

TEST(DecodeFullSensor, DecodesEveryField) {
    auto record = decode_record(twelve_volt());
    ASSERT_TRUE(record.ok()) << record.error().message;
    const auto& s = std::get<FullSensor>(record->body);
    EXPECT_EQ(s.common.key, (SensorKey{0x20, 0, 0, 0x02}));
    EXPECT_EQ(s.common.entity.id, 0x07);
    EXPECT_EQ(s.common.entity.instance, 1);
    EXPECT_EQ(s.common.sensor_type, 0x02);
    EXPECT_TRUE(s.is_threshold());
    EXPECT_EQ(s.common.name, "12V");
    EXPECT_EQ(s.units.base, 4);
    EXPECT_EQ(s.units.format, AnalogFormat::Unsigned);
    EXPECT_EQ(s.factors.m, 63);
    EXPECT_EQ(s.factors.r_exponent, -3);
    EXPECT_EQ(s.readable_thresholds(), 0x1B);
    EXPECT_EQ(s.settable_thresholds(), 0x09);
    EXPECT_EQ(s.thresholds[kLcr], 171);
    EXPECT_EQ(s.thresholds[kLnc], 178);
    EXPECT_EQ(s.thresholds[kUnc], 202);
    EXPECT_EQ(s.thresholds[kUcr], 210);
    EXPECT_FALSE(s.thresholds[kUnr].has_value()) << "not in the readable mask";
    EXPECT_FALSE(s.thresholds[kLnr].has_value());
    EXPECT_FALSE(s.nominal.has_value());
    EXPECT_EQ(record->raw, twelve_volt());
}

TEST(DecodeFullSensor, ReadsOwnerChannelLunAndLogicalEntity) {
    auto bytes = twelve_volt();
    bytes[5] = 0x2C;  // owner
    bytes[6] = 0x62;  // channel 6, LUN 2
    bytes[9] = 0x85;  // logical entity, instance 5
    auto s = std::get<FullSensor>(decode_record(bytes)->body);
    EXPECT_EQ(s.common.key.owner_id, 0x2C);
    EXPECT_EQ(s.common.key.channel, 6);
    EXPECT_EQ(s.common.key.lun, 2);
    EXPECT_TRUE(s.common.entity.logical);
    EXPECT_EQ(s.common.entity.instance, 5);
}

TEST(DecodeFactors, SignExtendsMAndBAndTheExponents) {
    // M = -2 (3FEh) tolerance 5; B = -50 (3CEh) accuracy 74 (4Ah) exp 2; R = -3, B exp = +2.
    const std::array<std::uint8_t, 6> bytes{0xFE, 0xC5, 0xCE, 0xCA, 0x18, 0xD2};
    const auto f = decode_factors(bytes);
    EXPECT_EQ(f.m, -2);
    EXPECT_EQ(f.tolerance, 5);
    EXPECT_EQ(f.b, -50);
    EXPECT_EQ(f.accuracy, 74);
    EXPECT_EQ(f.accuracy_exponent, 2);
    EXPECT_EQ(f.r_exponent, -3);
    EXPECT_EQ(f.b_exponent, 2);
    const std::array<std::uint8_t, 6> extremes{0xFF, 0x40, 0x00, 0x80, 0x00, 0x87};
    EXPECT_EQ(decode_factors(extremes).m, 511);
    EXPECT_EQ(decode_factors(extremes).b, -512);
    EXPECT_EQ(decode_factors(extremes).r_exponent, -8);
    EXPECT_EQ(decode_factors(extremes).b_exponent, 7);
}

TEST(DecodeCompactSensor, ReadsSharing) {
    Bytes body{0x20, 0x01, 0x10, 0x20, 0x01, 0x63, 0x40, 0x0C, 0x6F, 0xFF, 0x04, 0xFF, 0x04,
               0xFF, 0x04, 0xC0, 0x00, 0x00, 0x14, 0x83, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    auto name = id_string("DIMM ");
    body.insert(body.end(), name.begin(), name.end());
    auto record = decode_record(header(9, 0x02, body));
    ASSERT_TRUE(record.ok()) << record.error().message;
    const auto& s = std::get<CompactSensor>(record->body);
    EXPECT_EQ(s.common.key.lun, 1);
    EXPECT_EQ(s.common.key.number, 0x10);
    EXPECT_EQ(s.common.sensor_type, 0x0C);
    EXPECT_EQ(s.common.event_reading_type, 0x6F);
    EXPECT_EQ(s.sharing.count, 4);
    EXPECT_TRUE(s.sharing.alpha_modifier);
    EXPECT_TRUE(s.sharing.entity_instance_increments);
    EXPECT_EQ(s.sharing.modifier_offset, 3);
    EXPECT_EQ(s.units.format, AnalogFormat::None);
    EXPECT_EQ(s.common.name, "DIMM ");
}

TEST(DecodeEventOnly, ReadsTypeAndSharing) {
    Bytes body{0x20, 0x00, 0x30, 0x07, 0x01, 0x23, 0x6F, 0x02, 0x05, 0x00, 0x00};
    auto name = id_string("Watchdog");
    body.insert(body.end(), name.begin(), name.end());
    auto s = std::get<EventOnlySensor>(decode_record(header(12, 0x03, body))->body);
    EXPECT_EQ(s.common.key.number, 0x30);
    EXPECT_EQ(s.common.sensor_type, 0x23);
    EXPECT_EQ(s.sharing.count, 2);
    EXPECT_FALSE(s.sharing.alpha_modifier);
    EXPECT_EQ(s.sharing.modifier_offset, 5);
    EXPECT_EQ(s.common.name, "Watchdog");
}

TEST(DecodeEntityAssociation, ListsMembersAndSkipsEmptySlots) {
    auto a = std::get<EntityAssociation>(
        decode_record(header(17, 0x08, Bytes{0x07, 0x01, 0x80, 0x03, 0x01, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00}))->body);
    EXPECT_EQ(a.container.id, 0x07);
    EXPECT_TRUE(a.range);
    ASSERT_EQ(a.members.size(), 2U);
    EXPECT_EQ(a.members[1].entity.instance, 4);
}

TEST(DecodeDeviceRelativeAssociation, ReadsAddressesAndChannels) {
    Bytes body{0x07, 0x01, 0x20, 0x10, 0x00, 0x2C, 0x20, 0x03, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    auto a = std::get<EntityAssociation>(decode_record(header(18, 0x09, body))->body);
    EXPECT_EQ(a.container_address, 0x20);
    EXPECT_EQ(a.container_channel, 1);
    ASSERT_EQ(a.members.size(), 1U);
    EXPECT_EQ(a.members[0].address, 0x2C);
    EXPECT_EQ(a.members[0].channel, 2);
    EXPECT_EQ(a.members[0].entity.id, 0x03);
}

TEST(DecodeLocators, ReadFruAndMcLocators) {
    Bytes fru{0x20, 0x00, 0x80 | 0x08 | 0x01, 0x20, 0x00, 0x10, 0x00, 0x07, 0x01, 0x00};
    auto name = id_string("Main Board FRU");
    fru.insert(fru.end(), name.begin(), name.end());
    auto f = std::get<FruLocator>(decode_record(header(16, 0x11, fru))->body);
    EXPECT_TRUE(f.logical);
    EXPECT_EQ(f.access_lun, 1);
    EXPECT_EQ(f.private_bus, 1);
    EXPECT_EQ(f.channel, 2);
    EXPECT_EQ(f.device_type, 0x10);
    EXPECT_EQ(f.name, "Main Board FRU");

    Bytes mc{0x2C, 0x03, 0x00, 0x29, 0x00, 0x00, 0x00, 0x06, 0x01, 0x00};
    auto me = id_string("ME");
    mc.insert(mc.end(), me.begin(), me.end());
    auto m = std::get<McLocator>(decode_record(header(13, 0x12, mc))->body);
    EXPECT_EQ(m.slave_address, 0x2C);
    EXPECT_EQ(m.channel, 3);
    EXPECT_EQ(m.capabilities, 0x29);
    EXPECT_EQ(m.name, "ME");
}

TEST(DecodeOem, KeepsTheManufacturerAndData) {
    auto o = std::get<OemRecord>(decode_record(header(18, 0xC0, Bytes{0x57, 0x01, 0x00, 0xAA, 0xBB}))->body);
    EXPECT_EQ(o.manufacturer_id, 343U);
    EXPECT_EQ(o.data, (Bytes{0xAA, 0xBB}));
}

TEST(DecodeRecord, KeepsUnknownTypesRaw) {
    auto record = decode_record(header(20, 0x14, Bytes{1, 2, 3}));
    ASSERT_TRUE(record.ok());
    EXPECT_TRUE(std::holds_alternative<UnknownRecord>(record->body));
    EXPECT_EQ(record->raw.size(), 8U);
}

TEST(DecodeRecord, NamesTruncatedAndShortRecords) {
    auto bytes = twelve_volt();
    bytes.resize(20);
    auto truncated = decode_record(bytes);
    ASSERT_FALSE(truncated.ok());
    EXPECT_EQ(truncated.error().message, "SDR record 0003h: truncated, 20 of 51 bytes");
    auto short_full = decode_record(header(7, 0x01, Bytes(30, 0x00)));
    ASSERT_FALSE(short_full.ok());
    EXPECT_EQ(short_full.error().message,
              "SDR record 0007h (record type 01h (full sensor)): 35 bytes, at least 48 expected");
}

TEST(DecodeRecord, IgnoresBytesAfterTheRecord) {
    auto bytes = twelve_volt();
    bytes.push_back(0xEE);
    auto record = decode_record(bytes);
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->raw.size(), bytes.size() - 1);
}

TEST(DecodeIdString, DecodesEveryEncoding) {
    EXPECT_EQ(*decode_id_string(0xC3, Bytes{'C', 'P', 'U'}), "CPU");
    EXPECT_EQ(*decode_id_string(0xC4, Bytes{'F', 'a', 0x00, 'x'}), "Fa") << "NUL padding ends the name";
    EXPECT_EQ(*decode_id_string(0xC2, Bytes{0xB0, 'C'}),
              "\xC2\xB0"
              "C")
        << "Latin-1 degree sign as UTF-8";
    EXPECT_EQ(*decode_id_string(0x83, Bytes{0xA1, 0x38, 0x02}), "ABC") << "6-bit packed";
    EXPECT_EQ(*decode_id_string(0x42, Bytes{0x12, 0xA3}), "12 3") << "BCD plus";
    EXPECT_EQ(*decode_id_string(0x04, Bytes{'O', 0, 'K', 0}), "OK") << "Unicode, ASCII subset";
}

TEST(RecordTypeName, NamesKnownAndOemTypes) {
    EXPECT_EQ(record_type_name(0x02), "record type 02h (compact sensor)");
    EXPECT_EQ(record_type_name(0xC5), "record type C5h (OEM)");
    EXPECT_EQ(record_type_name(0x20), "record type 20h (unknown)");
}

}  // namespace
}  // namespace ipmiprov::provider::sdr

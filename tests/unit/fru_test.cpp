// The FRU decoder (provider/fru/inventory.hpp): each area, each field
// encoding, the multi-records, and what it says of bad data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fru_images.hpp"
#include "provider/fru/inventory.hpp"
#include "provider/fru/output.hpp"

namespace ipmiprov::provider::fru {
namespace {

using ::testing::HasSubstr;
using namespace ipmiprov::testing::fru;

// 2023-11-14 22:13 UTC: 14659093 minutes after 1996-01-01 00:00 UTC.
const Bytes kMinutes{0x15, 0xAE, 0xDF};

Bytes board_area() {
    return info_area(
        {0x19, kMinutes[0], kMinutes[1], kMinutes[2]},
        {text("Example Systems"), text("Mainboard"), text("BSN0001"), text("MBD-1"), text("board.fru"), text("rev B")});
}

Bytes full_image() {
    Areas areas;
    areas.internal_use = {0x01, 0x11, 0x22, 0x33};
    areas.chassis = info_area({0x17}, {text("CHS-1"), {0x83, 0x29, 0xDC, 0xA6}, text("Rack 4")});
    areas.board = board_area();
    areas.product = info_area({0x00}, {text("Example"), text("Server 1U"), text("SRV-1"), text("1.0"), text("PSN9"),
                                       text("ASSET-7"), text("p.fru"), text("Config A")});
    areas.multi_record = multi_record(0x03, {0x02, 'h', 'o', 's', 't'}, true);
    return image(areas);
}

TEST(FruInventory, DecodesEveryAreaOfAWellFormedDevice) {
    const auto inventory = decode_inventory(full_image());
    EXPECT_TRUE(inventory.problems.empty()) << inventory.problems.front().message;
    ASSERT_TRUE(inventory.internal_use);
    EXPECT_EQ(inventory.internal_use->format_version, 1);
    // Internal use runs to the next area: its bytes and the padding.
    EXPECT_EQ(inventory.internal_use->data, (Bytes{0x11, 0x22, 0x33, 0, 0, 0, 0}));
    ASSERT_TRUE(inventory.chassis);
    EXPECT_EQ(inventory.chassis->type, 0x17);
    EXPECT_EQ(inventory.chassis->part_number->text, "CHS-1");
    EXPECT_EQ(inventory.chassis->serial_number->text, "IPMI");
    EXPECT_EQ(inventory.chassis->serial_number->encoding, Encoding::SixBitAscii);
    ASSERT_EQ(inventory.chassis->custom.size(), 1U);
    EXPECT_EQ(inventory.chassis->custom[0].text, "Rack 4");
    ASSERT_TRUE(inventory.board);
    EXPECT_EQ(inventory.board->language, 25);
    ASSERT_TRUE(inventory.board->manufactured);
    EXPECT_EQ(iso8601(*inventory.board->manufactured), "2023-11-14T22:13:00Z");
    EXPECT_EQ(inventory.board->manufacturer->text, "Example Systems");
    EXPECT_EQ(inventory.board->product_name->text, "Mainboard");
    EXPECT_EQ(inventory.board->serial_number->text, "BSN0001");
    EXPECT_EQ(inventory.board->part_number->text, "MBD-1");
    EXPECT_EQ(inventory.board->fru_file_id->text, "board.fru");
    ASSERT_EQ(inventory.board->custom.size(), 1U);
    ASSERT_TRUE(inventory.product);
    EXPECT_EQ(inventory.product->manufacturer->text, "Example");
    EXPECT_EQ(inventory.product->product_name->text, "Server 1U");
    EXPECT_EQ(inventory.product->part_number->text, "SRV-1");
    EXPECT_EQ(inventory.product->version->text, "1.0");
    EXPECT_EQ(inventory.product->serial_number->text, "PSN9");
    EXPECT_EQ(inventory.product->asset_tag->text, "ASSET-7");
    EXPECT_EQ(inventory.product->fru_file_id->text, "p.fru");
    ASSERT_EQ(inventory.product->custom.size(), 1U);
    EXPECT_EQ(inventory.product->custom[0].text, "Config A");
    ASSERT_EQ(inventory.records.size(), 1U);
    const auto* access = std::get_if<ManagementAccess>(&inventory.records[0].payload);
    ASSERT_NE(access, nullptr);
    EXPECT_EQ(access->subtype, 0x02);
    EXPECT_EQ(access->value, "host");
}

TEST(FruInventory, FieldEncodings) {
    const auto area = info_area({0x19}, {
                                            {0x42, 0x12, 0x3A},        // BCD plus: "123 " … '-' is Bh
                                            {0x03, 0x01, 0x02, 0xFF},  // binary
                                            {0xC2, 'A', 0xE9},         // Latin-1 é
                                            {0x80},                    // 6-bit, empty
                                            {0xC0},                    // 8-bit, empty
                                            {0x82, 0x29, 0x0C},        // 6-bit, a short last group: 2 characters
                                        });
    Areas areas;
    areas.product = area;
    const auto inventory = decode_inventory(image(areas));
    ASSERT_TRUE(inventory.product);
    const auto& p = *inventory.product;
    EXPECT_EQ(p.manufacturer->encoding, Encoding::BcdPlus);
    EXPECT_EQ(p.manufacturer->text, "123 ");
    EXPECT_EQ(p.product_name->encoding, Encoding::Binary);
    EXPECT_EQ(p.product_name->text, "01 02 ff");
    EXPECT_EQ(p.part_number->text, "A\xC3\xA9");
    EXPECT_EQ(p.version->text, "");
    EXPECT_EQ(p.serial_number->text, "");
    EXPECT_EQ(p.asset_tag->text, "IP");
}

TEST(FruInventory, TwoByteUnicodeWhenTheLanguageIsNotEnglish) {
    Areas areas;
    areas.product = info_area({0x02}, {{0xC4, 'H', 0x00, 0xAC, 0x20}});  // language 2 (Afar): "H€"
    const auto inventory = decode_inventory(image(areas));
    ASSERT_TRUE(inventory.product);
    EXPECT_EQ(inventory.product->manufacturer->encoding, Encoding::Unicode);
    EXPECT_EQ(inventory.product->manufacturer->text, "H\xE2\x82\xAC");
    EXPECT_EQ(language_name(2), "code 02h");
    EXPECT_EQ(language_name(25), "English");
}

TEST(FruInventory, ABadAreaChecksumIsNamedAndTheFieldsKept) {
    auto data = full_image();
    const std::size_t board = std::size_t{data[3]} * 8;
    data[board + 7] += 1;  // a character of the manufacturer
    const auto inventory = decode_inventory(data);
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_EQ(inventory.problems[0].offset, board);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("board area: checksum"));
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("the area sums to 01h"));
    ASSERT_TRUE(inventory.board);
    EXPECT_FALSE(inventory.board->checksum_ok);
    EXPECT_EQ(inventory.board->serial_number->text, "BSN0001");
    EXPECT_TRUE(inventory.product->checksum_ok) << "the other areas are untouched";
    EXPECT_EQ(inventory.product->serial_number->text, "PSN9");
}

TEST(FruInventory, ABadHeaderChecksumStopsEverything) {
    auto data = full_image();
    data[7] ^= 0xFF;
    const auto inventory = decode_inventory(data);
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("common header: checksum"));
    EXPECT_FALSE(inventory.board);
    EXPECT_FALSE(inventory.product);
}

TEST(FruInventory, ShortDataIsNamed) {
    const auto inventory = decode_inventory(Bytes{0x01, 0x00, 0x00});
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_EQ(inventory.problems[0].message, "common header: 3 of 8 bytes");
    EXPECT_TRUE(decode_inventory(Bytes{}).problems.size() == 1);
}

TEST(FruInventory, AnAreaThatRunsPastTheEndKeepsWhatIsThere) {
    auto data = full_image();
    const std::size_t product = std::size_t{data[4]} * 8;
    data.resize(product + 20);  // the product area's first fields only
    const auto inventory = decode_inventory(data);
    ASSERT_TRUE(inventory.product);
    EXPECT_FALSE(inventory.product->checksum_ok);
    EXPECT_EQ(inventory.product->manufacturer->text, "Example");
    EXPECT_THAT(inventory.problems.front().message, HasSubstr("product area: length"));
    EXPECT_THAT(inventory.problems.front().message, HasSubstr("runs past the end of the data"));
    EXPECT_TRUE(inventory.board && inventory.board->checksum_ok);
}

TEST(FruInventory, AFieldPastTheAreaAndAMissingEndMarkerAreNamed) {
    Areas areas;
    // A field that claims 40 bytes in a 16-byte area; the checksum holds.
    Bytes area{0x01, 0x02, 0x00, 0xC3, 'a', 'b', 'c', 0xE8, 'x', 0, 0, 0, 0, 0, 0, 0};
    area[15] = zero_checksum(Bytes(area.begin(), area.end() - 1));
    areas.product = area;
    auto inventory = decode_inventory(image(areas));
    ASSERT_TRUE(inventory.product);
    EXPECT_EQ(inventory.product->manufacturer->text, "abc");
    EXPECT_FALSE(inventory.product->product_name);
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("product area: field 2 (type/length E8h) runs"));
    EXPECT_EQ(inventory.problems[0].offset, 8U + 7U);

    Bytes no_end{0x01, 0x01, 0x00, 0xC2, 'a', 'b', 0x00, 0x00};
    no_end[7] = zero_checksum(Bytes(no_end.begin(), no_end.end() - 1));
    areas.product = no_end;
    inventory = decode_inventory(image(areas));
    ASSERT_EQ(inventory.problems.size(), 1U) << inventory.problems[0].message;
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("no end-of-fields marker (C1h)"));
}

TEST(FruInventory, BoardDateZeroIsUnspecified) {
    Areas areas;
    areas.board = info_area({0x00, 0, 0, 0}, {text("M")});
    const auto inventory = decode_inventory(image(areas));
    ASSERT_TRUE(inventory.board);
    EXPECT_FALSE(inventory.board->manufactured);
    EXPECT_EQ(board_date_seconds(0), 820454400);
}

Bytes power_supply_data() {
    return {0xEE, 0x02,                                // 750 W
            0xFF, 0xFF,                                // peak VA unspecified
            0x28, 0x05,                                // inrush 40 A for 5 ms
            0x28, 0x23, 0x20, 0x67,                    // range 1: 90.00 V to 264.00 V
            0x00, 0x00, 0x00, 0x00, 0x2F, 0x3F, 0x14,  // range 2 none; 47-63 Hz; 20 ms dropout
            0x0B,                                      // predictive fail, PFC, hot swap
            0x84, 0x53,                                // peak 900 W, hold-up 5 s
            0x02, 0x2C, 0x01, 0x10};                   // 12 V + 5 V combined 300 W; tach 16 RPS
}

TEST(FruMultiRecord, PowerSupplyDcOutputDcLoadCompatibilityAndOem) {
    Bytes area = multi_record(0x00, power_supply_data(), false);
    for (const auto& record :
         {multi_record(0x01, {0x81, 0xB0, 0x04, 0x3C, 0x00, 0x3C, 0x00, 0x78, 0x00, 0x00, 0x00, 0x24, 0xF4}, false),
          multi_record(0x02, {0x02, 0xF4, 0x01, 0xE0, 0x01, 0x08, 0x02, 0x32, 0x00, 0x00, 0x00, 0x20, 0x4E}, false),
          multi_record(0x04, {0x91, 0x12, 0x00, 0x07, 0x01, 0x05, 0xFF}, false),
          multi_record(0xC0, {0x91, 0x12, 0x00, 0xAA}, true)})
        area.insert(area.end(), record.begin(), record.end());
    Areas areas;
    areas.multi_record = area;
    const auto inventory = decode_inventory(image(areas));
    EXPECT_TRUE(inventory.problems.empty()) << inventory.problems.front().message;
    ASSERT_EQ(inventory.records.size(), 5U);
    const auto& ps = std::get<PowerSupply>(inventory.records[0].payload);
    EXPECT_EQ(ps.overall_capacity_w, 750);
    EXPECT_FALSE(ps.peak_va);
    EXPECT_EQ(ps.inrush_current_a, 40);
    EXPECT_EQ(ps.low_input_voltage_1_mv, 90000);
    EXPECT_EQ(ps.high_input_voltage_1_mv, 264000);
    EXPECT_EQ(ps.low_input_frequency_hz, 47);
    EXPECT_EQ(ps.high_input_frequency_hz, 63);
    EXPECT_TRUE(ps.predictive_fail && ps.power_factor_correction && ps.hot_swap);
    EXPECT_FALSE(ps.autoswitch);
    EXPECT_EQ(ps.peak_capacity_w, 900);
    EXPECT_EQ(ps.hold_up_time_s, 5);
    EXPECT_EQ(ps.combined_voltage_1, 0);
    EXPECT_EQ(ps.combined_voltage_2, 2);
    EXPECT_EQ(ps.total_combined_wattage_w, 300);
    EXPECT_EQ(ps.tach_lower_threshold_rps, 16);
    const auto& out = std::get<DcOutput>(inventory.records[1].payload);
    EXPECT_TRUE(out.standby);
    EXPECT_EQ(out.output_number, 1);
    EXPECT_EQ(out.nominal_mv, 12000);
    EXPECT_EQ(out.max_negative_deviation_mv, 600);
    EXPECT_EQ(out.ripple_mv, 120);
    EXPECT_EQ(out.max_current_ma, 62500);
    const auto& load = std::get<DcLoad>(inventory.records[2].payload);
    EXPECT_EQ(load.output_number, 2);
    EXPECT_EQ(load.nominal_mv, 5000);
    EXPECT_EQ(load.min_mv, 4800);
    EXPECT_EQ(load.max_mv, 5200);
    EXPECT_EQ(load.max_current_ma, 20000);
    const auto& compat = std::get<Compatibility>(inventory.records[3].payload);
    EXPECT_EQ(compat.manufacturer_id, 0x1291U);
    EXPECT_EQ(compat.entity_id, 7);
    EXPECT_EQ(compat.code_range_mask, Bytes{0xFF});
    EXPECT_EQ(std::get<OemRecord>(inventory.records[4].payload).manufacturer_id, 0x1291U);
    EXPECT_EQ(record_type_name(0xC0), "OEM");
    EXPECT_EQ(record_type_name(0x00), "Power Supply Information");
    EXPECT_EQ(record_type_name(0x30), "reserved");
    EXPECT_THAT(record_summary(inventory.records[0]), HasSubstr("750 W, input 90.00 V to 264.00 V, hot swap"));
}

TEST(FruMultiRecord, ABadHeaderChecksumEndsTheWalkABadDataChecksumDoesNot) {
    auto first = multi_record(0x03, {0x02, 'a'}, false);
    first[3] ^= 0x01;                                                   // data checksum
    first[4] = zero_checksum(Bytes(first.begin(), first.begin() + 4));  // the header still holds
    auto second = multi_record(0x03, {0x05, 'b'}, false);
    second[4] ^= 0x10;  // header checksum
    auto area = first;
    area.insert(area.end(), second.begin(), second.end());
    Areas areas;
    areas.multi_record = area;
    const auto inventory = decode_inventory(image(areas));
    ASSERT_EQ(inventory.records.size(), 1U);
    EXPECT_FALSE(inventory.records[0].checksum_ok);
    EXPECT_EQ(std::get<ManagementAccess>(inventory.records[0].payload).value, "a");
    ASSERT_EQ(inventory.problems.size(), 2U);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("data checksum"));
    EXPECT_THAT(inventory.problems[1].message, HasSubstr("header checksum"));
    EXPECT_THAT(inventory.problems[1].message, HasSubstr("cannot be found"));
}

TEST(FruMultiRecord, ARecordTooShortForItsLayoutIsShownRaw) {
    Areas areas;
    areas.multi_record = multi_record(0x00, {0x01, 0x02}, true);
    const auto inventory = decode_inventory(image(areas));
    ASSERT_EQ(inventory.records.size(), 1U);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(inventory.records[0].payload));
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("Power Supply Information needs more than 2 bytes"));
}

TEST(FruMultiRecord, NoEndOfListBitRunsIntoTheEndAndSaysSo) {
    Areas areas;
    areas.multi_record = multi_record(0x03, {0x02, 'a'}, false);
    const auto data = image(areas);
    // The data ends after the record.
    auto inventory = decode_inventory(Bytes(data.begin(), data.begin() + 8 + 7));
    ASSERT_EQ(inventory.records.size(), 1U);
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("without its last record"));
    // Zeros follow the record (a device's unused space): their checksum holds, but they are no record.
    auto padded = data;
    padded.resize(2048, 0x00);
    inventory = decode_inventory(padded);
    ASSERT_EQ(inventory.records.size(), 1U);
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("format version 00h, not 02h: not a record"));
    EXPECT_EQ(inventory.problems[0].offset, 8U + 7U);
    EXPECT_EQ(bytes_needed(padded), 8U + 7U + 5U) << "a reader stops at the zeros, not at the end of the device";
}

TEST(FruInventory, AnEarlyEndOfFieldsAndACutAreaAreNamed) {
    Areas areas;
    areas.board = info_area({0x19, 0, 0, 0}, {text("Maker"), text("Board")});  // 2 of 5 fields
    auto inventory = decode_inventory(image(areas));
    ASSERT_EQ(inventory.problems.size(), 1U);
    EXPECT_THAT(inventory.problems[0].message, HasSubstr("board area: end of fields (C1h) after 2 of its 5 fields"));
    EXPECT_EQ(inventory.board->product_name->text, "Board");
    // The data stops two bytes into the area: too few for the date and language.
    const auto data = image(areas);
    for (const std::size_t kept : {10U, 11U, 13U}) {
        inventory = decode_inventory(Bytes(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(kept)));
        EXPECT_FALSE(inventory.board) << kept;
        ASSERT_EQ(inventory.problems.size(), 2U) << kept;
        EXPECT_THAT(inventory.problems[1].message, HasSubstr("too few for its fixed fields"));
    }
}

TEST(FruInventory, BytesNeededFollowsTheHeaderAndTheLengths) {
    const auto data = full_image();
    EXPECT_EQ(bytes_needed({}), 8U);
    const Bytes header(data.begin(), data.begin() + 8);
    // The header alone: each info area's first two bytes, the multi-record header.
    const std::size_t multi = std::size_t{data[5]} * 8;
    EXPECT_EQ(bytes_needed(header), multi + 5);
    // Everything: exactly the end of the last record.
    EXPECT_EQ(bytes_needed(data), multi + 5 + 5);
    EXPECT_LE(bytes_needed(data), data.size());
}

TEST(FruInventory, Names) {
    EXPECT_EQ(chassis_type_name(0x17), "Rack Mount Chassis");
    EXPECT_EQ(chassis_type_name(0x11), "Main Server Chassis");
    EXPECT_FALSE(chassis_type_name(0x00));
    EXPECT_FALSE(chassis_type_name(0x40));
    EXPECT_EQ(management_access_name(0x07), "System Unique ID");
    EXPECT_EQ(encoding_name(Encoding::SixBitAscii), "6-bit-ascii");
}

TEST(FruOutput, JsonHasTheIssuesShapeAndDatesInUtc) {
    Device device;
    device.name = "Builtin FRU Device";
    Image image;
    image.size = 256;
    image.data = full_image();
    const auto json = device_json(report(device, image));
    EXPECT_EQ(json["id"], 0);
    EXPECT_EQ(json["name"], "Builtin FRU Device");
    EXPECT_EQ(json["board"]["manufactured"], "2023-11-14T22:13:00Z");
    EXPECT_EQ(json["board"]["serial_number"], "BSN0001");
    EXPECT_EQ(json["chassis"]["type_name"], "Rack Mount Chassis");
    EXPECT_EQ(json["product"]["asset_tag"], "ASSET-7");
    EXPECT_EQ(json["multi_records"][0]["decoded"]["value"], "host");
    EXPECT_TRUE(json["problems"].empty());
    EXPECT_TRUE(json["error"].is_null());

    const auto failed = device_json(report(device, bridge::Error{bridge::ErrorKind::CompletionCode, "CBh"}));
    EXPECT_EQ(failed["error"], "CBh");
    EXPECT_TRUE(failed["board"].is_null());
}

}  // namespace
}  // namespace ipmiprov::provider::fru

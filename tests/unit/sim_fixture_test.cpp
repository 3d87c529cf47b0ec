#include <gtest/gtest.h>

#include "bridge/sim_bmc.hpp"

namespace ipmiprov::bridge::sim {
namespace {

TEST(SimFixtureParse, ReadsAFullFixture) {
    auto fixture = parse_fixture(R"({
      "bmc": {"device": {"device_id": "0x20", "manufacturer_id": 674, "firmware_minor": "0x15", "aux_firmware": "01 02 03 04"},
              "sensors": [{"lun": 1, "number": "0x30", "reading": 200, "thresholds": "3f 01 02 03 04 05 06",
                           "scanning_enabled": false}]},
      "sdr": {"version": "0x51", "addition_timestamp": 5, "records": [{"hex": "0100 5101 02 aabb", "next": "0xffff"}]},
      "sel": {"capacity": 10, "restart_ids_after_clear": true, "utc_offset_minutes": -60, "entries": ["0000 02 00000000 2000 04 01 30 01 57 00 00"]},
      "satellites": [{"channel": 0, "address": "0x2c", "sensors": [{"number": 1}]}],
      "faults": {"max_read": 16, "rules": [{"netfn": 10, "cmd": "0x23", "completion_code": "0xc0", "times": 1},
                                           {"cmd": "0x43", "repeat_last_reply": true, "skip": 2}]}
    })");
    ASSERT_TRUE(fixture.ok()) << fixture.error().message;
    EXPECT_EQ(fixture->bmc.identity.manufacturer_id, 674U);
    EXPECT_EQ(fixture->bmc.identity.aux_firmware.size(), 4U);
    ASSERT_EQ(fixture->bmc.sensors.size(), 1U);
    EXPECT_EQ(fixture->bmc.sensors[0].lun, 1);
    EXPECT_EQ(fixture->bmc.sensors[0].number, 0x30);
    EXPECT_FALSE(fixture->bmc.sensors[0].scanning_enabled);
    ASSERT_EQ(fixture->sdr.size(), 1U);
    EXPECT_EQ(fixture->sdr[0].record_id(), 1);
    EXPECT_EQ(fixture->sdr[0].next_override, 0xFFFF);
    EXPECT_EQ(fixture->sel.utc_offset_minutes, -60);
    EXPECT_TRUE(fixture->sel.restart_ids_after_clear);
    EXPECT_EQ(fixture->sel.entries.size(), 1U);
    EXPECT_EQ(fixture->satellites.count({0, 0x2C}), 1U);
    EXPECT_EQ(fixture->faults.max_read, 16U);
    EXPECT_EQ(fixture->faults.rules.at(0).completion_code, 0xC0);
    EXPECT_FALSE(fixture->faults.rules.at(0).repeat_last_reply);
    EXPECT_TRUE(fixture->faults.rules.at(1).repeat_last_reply);
    EXPECT_EQ(fixture->faults.rules.at(1).skip, 2);
}

struct BadFixture {
    const char* json;
    const char* message;
};

class SimFixtureErrors : public ::testing::TestWithParam<BadFixture> {};

TEST_P(SimFixtureErrors, NameTheJsonPathThatIsWrong) {
    auto fixture = parse_fixture(GetParam().json);
    ASSERT_FALSE(fixture.ok());
    EXPECT_EQ(fixture.error().kind, ErrorKind::InvalidArgument);
    EXPECT_EQ(fixture.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SimFixtureErrors,
    ::testing::Values(
        BadFixture{"{", "fixture is not valid JSON"}, BadFixture{"[]", "fixture: $: expected an object"},
        BadFixture{R"({"bmcc": {}})", "fixture: $: unknown key \"bmcc\""},
        BadFixture{R"({"bmc": {"sensors": [{"reading": 1}]}})", "fixture: $.bmc.sensors[0]: missing key \"number\""},
        BadFixture{R"({"bmc": {"sensors": [{"number": 256}]}})",
                   "fixture: $.bmc.sensors[0].number: value 256 is larger than 255"},
        BadFixture{R"({"bmc": {"sensors": [{"number": 1, "lun": 4}]}})",
                   "fixture: $.bmc.sensors[0].lun: value 4 is larger than 3"},
        BadFixture{R"({"bmc": {"device": {"device_id": "0xZZ"}}})",
                   "fixture: $.bmc.device.device_id: \"0xZZ\" is not a number"},
        BadFixture{R"({"bmc": {"device": {"device_id": -1}}})",
                   "fixture: $.bmc.device.device_id: expected a non-negative number or a \"0x..\" string"},
        BadFixture{R"({"sdr": {"records": [{"hex": "010"}]}})",
                   "fixture: $.sdr.records[0].hex: odd number of hex digits"},
        BadFixture{R"({"sdr": {"records": [{"hex": "0100"}]}})",
                   "fixture: $.sdr.records[0]: an SDR record has at least its 5-byte header"},
        BadFixture{R"({"sdr": {"records": [{"hex": "01g0"}]}})",
                   "fixture: $.sdr.records[0].hex: 'g' is not a hex digit"},
        BadFixture{R"({"sel": {"entries": ["00"]}})", "fixture: $.sel.entries[0]: expected 16 bytes, got 1"},
        BadFixture{R"({"sel": {"utc_offset_minutes": 5000}})",
                   "fixture: $.sel.utc_offset_minutes: must be within -1440..1440 or 2047 (unspecified)"},
        BadFixture{R"({"faults": {"rules": [{"netfn": 6}]}})",
                   "fixture: $.faults.rules[0]: a fault rule needs completion_code, drop_reply or repeat_last_reply"},
        BadFixture{R"({"satellites": {}})", "fixture: $.satellites: expected an array"},
        BadFixture{R"({"inventory": {"max_users": 2, "users": [{"id": 3}]}})",
                   "fixture: $.inventory.users[0].id: must be within 1..max_users"},
        BadFixture{R"({"inventory": {"max_users": 2, "users": [{"id": 1, "name": "a-name-longer-than-16"}]}})",
                   "fixture: $.inventory.users[0].name: longer than 16 bytes"},
        BadFixture{R"({"inventory": {"fru": [{"id": 0, "hex": ""}]}})",
                   "fixture: $.inventory.fru[0].hex: a FRU device holds 1..65535 bytes"}));

TEST(SimFixtureLoad, NamesAMissingFile) {
    auto fixture = load_fixture("/nonexistent/fixture.json");
    ASSERT_FALSE(fixture.ok());
    EXPECT_EQ(fixture.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(fixture.error().message, "cannot read fixture /nonexistent/fixture.json");
}

TEST(BuiltinFixture, ParsesAndDescribesAServer) {
    auto fixture = builtin_fixture();
    ASSERT_TRUE(fixture.ok()) << fixture.error().message;
    EXPECT_NE(fixture->bmc.identity.manufacturer_id, 0U);
    EXPECT_EQ(fixture->bmc.identity.device_support & 0x06, 0x06) << "SDR repository and SEL device";
}

}  // namespace
}  // namespace ipmiprov::bridge::sim

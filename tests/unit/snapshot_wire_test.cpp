// The daemon's snapshots on the wire (provider/snapshot): what goes out comes
// back the same; a sample converted on the client is the reading a read of
// its own gives, with either set of thresholds; every malformed field is an
// error that names it.
#include "provider/fru/output.hpp"
#include "provider/snapshot/inventory_wire.hpp"
#include "provider/snapshot/wire.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bridge/sim_bmc.hpp"
#include "provider/sel/reader.hpp"

namespace ipmiprov::provider::snapshot {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

struct OnTheSimulatedBmc : ::testing::Test {
    std::unique_ptr<bridge::Engine> engine;
    sdr::Repository repository;
    std::vector<sensor::SensorDefinition> definitions;

    void SetUp() override {
        bridge::EngineOptions options;
        options.sleep = [](std::chrono::milliseconds) {};
        auto fixture = bridge::sim::builtin_fixture().value();
        // The BMC's thresholds, moved away from the SDR's: which ones a value has shows.
        for (auto& sensor : fixture.bmc.sensors)
            if (sensor.thresholds)
                for (std::size_t i = 1; i < sensor.thresholds->size(); ++i) (*sensor.thresholds)[i] += 3;
        engine = std::make_unique<bridge::Engine>(
            bridge::sim::make_sim_transport(std::make_shared<bridge::sim::SimBmc>(fixture), "sim"), options);
        sdr::SdrReader reader(*engine, sdr::RepositoryKind::Main);
        auto info = reader.info();
        ASSERT_TRUE(info.ok());
        auto read = reader.read_all(*info);
        ASSERT_TRUE(read.ok());
        repository = *read;
        definitions = sensor::sensor_definitions(repository);
    }
};

void expect_same(const sensor::SensorValue& a, const sensor::SensorValue& b) {
    EXPECT_EQ(a.definition->common.name, b.definition->common.name);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.reading, b.reading);
    EXPECT_EQ(a.decimals, b.decimals);
    EXPECT_EQ(a.unit, b.unit);
    EXPECT_EQ(a.thresholds, b.thresholds);
    EXPECT_EQ(a.states, b.states);
    EXPECT_EQ(a.note, b.note);
}

TEST_F(OnTheSimulatedBmc, ASampleConvertedIsWhatAReadGivesWithEitherThresholds) {
    sensor::SensorReader sampler(*engine, sensor::SensorReadOptions{true, 0x20});
    std::vector<sensor::SensorSample> samples;
    for (const auto& d : definitions) samples.push_back(sampler.sample(d));
    auto decoded = samples_from_wire(json::parse(samples_to_wire(samples).dump()));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    ASSERT_EQ(*decoded, samples);
    bool some_thresholds_differ = false;
    for (const bool bmc_thresholds : {false, true}) {
        sensor::SensorReader reader(*engine, sensor::SensorReadOptions{bmc_thresholds, 0x20});
        for (std::size_t i = 0; i < definitions.size(); ++i) {
            SCOPED_TRACE(definitions[i].common.name);
            const auto read = reader.read(definitions[i]);
            const auto converted = sensor::evaluate(definitions[i], (*decoded)[i], bmc_thresholds);
            expect_same(converted, read);
            some_thresholds_differ =
                some_thresholds_differ ||
                converted.thresholds != sensor::evaluate(definitions[i], (*decoded)[i], !bmc_thresholds).thresholds;
        }
    }
    EXPECT_TRUE(some_thresholds_differ) << "the fixture's BMC thresholds should differ from its SDR's somewhere";
}

TEST_F(OnTheSimulatedBmc, TheRepositoryAndTheSelComeBackAsTheyWent) {
    auto back = repository_from_wire(json::parse(repository_to_wire(repository).dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->records.size(), repository.records.size());
    for (std::size_t i = 0; i < repository.records.size(); ++i)
        EXPECT_EQ(back->records[i].raw, repository.records[i].raw);
    EXPECT_EQ(back->info, repository.info);
    EXPECT_EQ(back->problems, repository.problems);

    auto read = sel::SelReader(*engine).read_all();
    ASSERT_TRUE(read.ok());
    SelPart part{cim::SelState{read->info, std::int16_t{-300}}, sel::AllocationInfo{100, 16, 90, 90, 1}, {}};
    for (const auto& entry : read->entries) part.entries.push_back(entry.raw);
    ASSERT_FALSE(part.entries.empty());
    auto sel = sel_from_wire(json::parse(sel_to_wire(part).dump()));
    ASSERT_TRUE(sel.ok()) << sel.error().message;
    EXPECT_EQ(sel->entries, part.entries);
    EXPECT_EQ(sel->state.utc_offset_minutes, -300);
    EXPECT_EQ(sel->state.info.entries, read->info.entries);
    EXPECT_EQ(sel->state.info.operations, read->info.operations);
    ASSERT_TRUE(sel->allocation);
    EXPECT_EQ(sel->allocation->free_units, 90);
}

TEST(SnapshotWire, HexIsCheckedDigitByDigitAndBounded) {
    EXPECT_EQ(hex_text(std::vector<std::uint8_t>{0x0a, 0xff, 0x00}), "0aff00");
    EXPECT_EQ(bytes_from_hex("0AfF", 4).value(), (std::vector<std::uint8_t>{0x0a, 0xff}));
    EXPECT_THAT(bytes_from_hex("abc", 4).error().message, HasSubstr("odd number"));
    EXPECT_THAT(bytes_from_hex("0g", 4).error().message, HasSubstr("not a hex digit at 0"));
    EXPECT_THAT(bytes_from_hex("000000", 2).error().message, HasSubstr("3 bytes, more than 2"));
}

TEST(SnapshotWire, MalformedPartsAreErrorsNamingTheField) {
    const auto message = [](const auto& result) { return result.ok() ? std::string("(ok)") : result.error().message; };
    EXPECT_THAT(message(samples_from_wire(json::parse(R"([{"r": "01c0"}, {}])"))), HasSubstr("sample 2: neither"));
    EXPECT_THAT(message(samples_from_wire(json::parse(R"([{"f": 5}])"))), HasSubstr("sample 1: \"f\" must be a text"));
    EXPECT_THAT(message(samples_from_wire(json::parse(R"([{"r": "01", "t": "zz"}])"))),
                HasSubstr("sample 1 \"t\": not a hex digit"));
    EXPECT_THAT(message(samples_from_wire(json::parse("{}"))), HasSubstr("\"readings\" must be a list"));
    const json sel_info{{"version", 0x51},         {"entries", 1},         {"free_bytes", 100},
                        {"addition_timestamp", 1}, {"erase_timestamp", 2}, {"operations", 0}};
    EXPECT_THAT(message(sel_from_wire(json{{"info", sel_info}, {"entries", {"00"}}})),
                HasSubstr("SEL entry 1: not 16 bytes"));
    EXPECT_THAT(message(sel_from_wire(json{{"info", sel_info}, {"utc_offset", 2000}, {"entries", json::array()}})),
                HasSubstr("utc_offset"));
    auto too_big = sel_info;
    too_big["entries"] = 70000;
    EXPECT_THAT(message(sel_from_wire(json{{"info", too_big}, {"entries", json::array()}})),
                HasSubstr("SEL info: \"entries\" must be a number from 0 to 65535"));
    EXPECT_THAT(message(repository_from_wire(json{{"info", {{"version", 0x51}}}, {"records", json::array()}})),
                HasSubstr("SDR info: \"record_count\""));
    const json sdr_info{{"version", 0x51}, {"record_count", 1}, {"addition_timestamp", 0}, {"erase_timestamp", 0}};
    EXPECT_THAT(
        message(repository_from_wire(json{{"info", sdr_info}, {"records", {"0100"}}, {"problems", json::array()}})),
        HasSubstr("SDR record 1: "));
    EXPECT_THAT(message(repository_from_wire(json{{"info", sdr_info}, {"records", json::array()}})),
                HasSubstr("\"problems\""));
    EXPECT_FALSE(part_from_name("everything").ok());
    EXPECT_EQ(part_from_name("sel_info").value(), Part::SelInfo);
}

TEST(InventoryWire, FruDevicesRoundTripAsTheyWereRead) {
    fru::Device builtin;
    builtin.name = "Builtin FRU Device";
    fru::Image image;
    image.size = 64;
    image.data = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFE};  // a header checksum that fails
    image.stopped = "Read FRU Data at 0008h: completion code C9h";
    fru::Device bridged;
    bridged.target = bridge::Target::ipmb(7, 0x40);
    bridged.id = 2;
    bridged.lun = 1;
    bridged.entity = sdr::Entity{10, 1, false};
    fru::Device physical;
    physical.logical = false;
    physical.slave_address = 0xA0;
    physical.private_bus = 1;
    physical.device_type = 0x0A;
    physical.device_type_modifier = 2;
    const std::vector<fru::DeviceReport> devices{
        fru::report(builtin, image), fru::report(bridged, bridge::make_error(bridge::ErrorKind::CompletionCode, "CBh")),
        fru::report(physical, bridge::make_error(bridge::ErrorKind::Unsupported, "physical"))};
    auto back = fru_from_wire(json::parse(fru_to_wire(devices).dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->size(), 3U);
    for (std::size_t i = 0; i < devices.size(); ++i)
        EXPECT_EQ(fru::device_json((*back)[i]), fru::device_json(devices[i])) << "device " << i;
    EXPECT_EQ((*back)[1].device.target, bridge::Target::ipmb(7, 0x40));
    EXPECT_EQ((*back)[0].image->data, image.data);
    ASSERT_FALSE(devices[0].inventory.problems.empty());
    EXPECT_EQ((*back)[0].inventory.problems, devices[0].inventory.problems) << "decoded again, the same problems";
    auto without_image = fru_to_wire(devices);
    without_image[0].erase("image");
    EXPECT_THAT(fru_from_wire(without_image).error().message, HasSubstr("fru 0: no \"image\""));
}

TEST(InventoryWire, UsersRoundTripAndBadOnesAreNamed) {
    bmc::Users users;
    users.max_user_ids = 63;
    users.enabled_users = 2;
    users.channels = {1, 3};
    bmc::User admin;
    admin.id = 2;
    admin.name = "admin";
    admin.enabled = true;
    admin.channels = {{1, 4, true, false, false}, {3, 15, false, true, true}};
    bmc::User anonymous;
    anonymous.id = 1;
    users.users = {anonymous, admin};
    auto back = users_from_wire(json::parse(users_to_wire(users).dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(bmc::users_json(*back, true), bmc::users_json(users, true));
    EXPECT_FALSE((*back).users[0].name);
    EXPECT_FALSE((*back).users[0].enabled);

    const auto message = [](const auto& result) { return result.ok() ? std::string("(ok)") : result.error().message; };
    auto wire = users_to_wire(users);
    wire["users"][1]["access"][0]["privilege"] = 300;
    EXPECT_THAT(message(users_from_wire(wire)), HasSubstr("user 1 access: \"privilege\" must be a number"));
    wire = users_to_wire(users);
    wire["channels"] = {16};
    EXPECT_THAT(message(users_from_wire(wire)), HasSubstr("channel numbers 0 to 15"));
    auto devices = json::parse(R"([{"id": 0}])");
    EXPECT_THAT(message(fru_from_wire(devices)), HasSubstr("fru 0: no \"channel\""));
    EXPECT_THAT(message(fru_from_wire(json::object())), HasSubstr("\"fru\" must be a list"));
    EXPECT_EQ(part_from_name("fru").value(), Part::Fru);
    EXPECT_EQ(part_from_name("users").value(), Part::Users);
}

}  // namespace
}  // namespace ipmiprov::provider::snapshot

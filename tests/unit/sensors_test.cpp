// Sensor sweeps on the simulated BMC (the built-in fixture: docs/simulated-bmc.md):
// where each sensor is asked, what "no reading" looks like, thresholds,
// states, non-linear sensors and the failures that must not stop a listing.
#include "provider/sensor/sensors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "bridge/sim_bmc.hpp"
#include "provider/sdr/repository.hpp"

namespace ipmiprov::provider::sensor {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Sweep : ::testing::Test {
    bridge::sim::Fixture fixture = bridge::sim::builtin_fixture().value();
    std::unique_ptr<bridge::Engine> engine;
    std::vector<std::string> trace;
    std::vector<SensorDefinition> definitions;
    std::vector<SensorValue> values;

    bridge::sim::SimSensor& bmc_sensor(std::uint8_t number) {
        auto& sensors = fixture.bmc.sensors;
        return *std::find_if(sensors.begin(), sensors.end(), [&](const auto& s) { return s.number == number; });
    }

    void sweep(SensorReadOptions options = {}) {
        bridge::EngineOptions engine_options;
        engine_options.sleep = [](std::chrono::milliseconds) {};
        engine_options.trace = [this](const std::string& line) { trace.push_back(line); };
        engine = std::make_unique<bridge::Engine>(
            bridge::sim::make_sim_transport(std::make_shared<bridge::sim::SimBmc>(fixture), "sim"), engine_options);
        sdr::SdrReader reader(*engine, sdr::RepositoryKind::Main);
        auto info = reader.info();
        ASSERT_TRUE(info.ok()) << info.error().message;
        auto repository = reader.read_all(*info);
        ASSERT_TRUE(repository.ok()) << repository.error().message;
        definitions = sensor_definitions(*repository);
        trace.clear();
        SensorReader reader_of_sensors(*engine, options);
        values.clear();
        for (const auto& definition : definitions) values.push_back(reader_of_sensors.read(definition));
    }

    const SensorValue& named(const std::string& name) const {
        auto found = std::find_if(values.begin(), values.end(),
                                  [&](const auto& v) { return v.definition->common.name == name; });
        if (found == values.end()) throw std::runtime_error("no sensor " + name);
        return *found;
    }
    [[nodiscard]] std::vector<std::string> requests() const {
        std::vector<std::string> out;
        for (const auto& line : trace) {
            if (line.rfind("-> ", 0) == 0) out.push_back(line);
        }
        return out;
    }
};

TEST_F(Sweep, ReadsEveryThresholdSensorConverted) {
    sweep();
    EXPECT_DOUBLE_EQ(*named("CPU Temp").reading, 45.0);
    EXPECT_EQ(named("CPU Temp").unit, "degrees C");
    EXPECT_EQ(named("CPU Temp").status, Status::Ok);
    EXPECT_NEAR(*named("12V").reading, 11.97, 1e-9);
    EXPECT_DOUBLE_EQ(*named("Fan 1").reading, 4800.0);
    EXPECT_DOUBLE_EQ(*named("PSU1 Power").reading, 300.0);
}

TEST_F(Sweep, AsksTheBmcsOtherLunsDirectlyAndSatellitesByBridging) {
    sweep();
    EXPECT_DOUBLE_EQ(*named("Temp Delta").reading, -5.0);
    EXPECT_DOUBLE_EQ(*named("ME Temp").reading, 55.0);
    const auto sent = requests();
    EXPECT_THAT(sent, Contains(AllOf(HasSubstr("Get Sensor Reading"), HasSubstr("lun 1: 04"), Not(HasSubstr("via")))));
    EXPECT_THAT(sent, Contains(AllOf(HasSubstr("Get Sensor Reading"), HasSubstr("via channel 0 to 0x2c"))));
    EXPECT_EQ(std::count_if(sent.begin(), sent.end(), [](const auto& l) { return l.find("via") != std::string::npos; }),
              2)
        << "only the two satellite sensors are bridged";
}

TEST_F(Sweep, AnUnreachableOwnerIsNoReadingAndTheListingGoesOn) {
    sweep();
    const auto& riser = named("Riser Temp");
    EXPECT_FALSE(riser.reading);
    EXPECT_EQ(riser.status, Status::Unavailable);
    ASSERT_TRUE(riser.note);
    EXPECT_THAT(*riser.note, HasSubstr("40h"));
    EXPECT_EQ(values.size(), definitions.size());
}

TEST_F(Sweep, ScanningDisabledUnavailableAndAbsentMeanNoReadingNeverZero) {
    bmc_sensor(0x01).unavailable = true;
    bmc_sensor(0x03).absent = true;
    sweep();
    for (const auto* name : {"Fan 2", "CPU Temp", "Fan 1"}) {
        SCOPED_TRACE(name);
        EXPECT_FALSE(named(name).reading);
        EXPECT_EQ(named(name).status, Status::Unavailable);
        EXPECT_TRUE(named(name).note);
    }
    EXPECT_EQ(*named("Fan 2").note, "scanning disabled");
    EXPECT_EQ(*named("CPU Temp").note, "reading unavailable");
    EXPECT_EQ(*named("Fan 1").note, "sensor not present");
    EXPECT_DOUBLE_EQ(*named("12V").reading, 11.97) << "the sensors after them are still read";
}

TEST_F(Sweep, StatusComesFromTheComparisonBits) {
    sweep();
    EXPECT_EQ(named("Inlet Temp").status, Status::NonCritical);
    EXPECT_THAT(named("Inlet Temp").states, ElementsAre("upper non-critical"));
    bmc_sensor(0x07).state_bits = 0x18;  // at or above UNC and UCR
    sweep();
    EXPECT_EQ(named("Inlet Temp").status, Status::Critical);
}

TEST_F(Sweep, ThresholdsFromTheSdrUnlessAskedAndAFailingReadFallsBack) {
    sweep();
    EXPECT_DOUBLE_EQ(*named("CPU Temp").thresholds[sdr::kUcr], 90.0);
    EXPECT_EQ(std::count_if(trace.begin(), trace.end(),
                            [](const auto& l) { return l.find("Get Sensor Thresholds") != std::string::npos; }),
              0);

    bmc_sensor(0x01).thresholds = std::array<std::uint8_t, 7>{0x10, 0, 0, 0, 0, 0x50, 0};  // UCR 80 only
    bmc_sensor(0x03).thresholds.reset();  // Fan 1: Get Sensor Thresholds fails
    SensorReadOptions options;
    options.read_thresholds = true;
    sweep(options);
    EXPECT_DOUBLE_EQ(*named("CPU Temp").thresholds[sdr::kUcr], 80.0) << "the BMC's current value wins";
    EXPECT_FALSE(named("CPU Temp").thresholds[sdr::kUnr]);
    EXPECT_DOUBLE_EQ(*named("Fan 1").thresholds[sdr::kLcr], 600.0) << "falls back to the SDR";
    EXPECT_DOUBLE_EQ(*named("Fan 1").reading, 4800.0);
}

TEST_F(Sweep, DiscreteStatesInWordsPerSharedInstance) {
    sweep();
    EXPECT_THAT(named("DIMM A").states, ElementsAre("Presence detected"));
    EXPECT_THAT(named("DIMM C").states,
                ElementsAre("Correctable ECC / other correctable memory error", "Presence detected"));
    EXPECT_TRUE(named("DIMM D").states.empty());
    EXPECT_EQ(named("DIMM D").status, Status::Discrete);
    EXPECT_THAT(named("PS1 Status").states, ElementsAre("Presence detected"));
    EXPECT_EQ(named("Watchdog").status, Status::EventOnly);
}

TEST(DiscreteStateNames, GenericSensorSpecificAndOem) {
    EXPECT_THAT(discrete_state_names(0x08, 0x6F, 0x0003),
                ElementsAre("Presence detected", "Power Supply Failure detected"));
    EXPECT_THAT(discrete_state_names(0x02, 0x0B, 0x0002), ElementsAre("Redundancy Lost"));
    EXPECT_THAT(discrete_state_names(0xC5, 0x70, 0x0004), ElementsAre("OEM state 2"));
    EXPECT_THAT(discrete_state_names(0x01, 0x6F, 0x0001), ElementsAre("state 0")) << "no table for this pair";
}

sdr::Units units(std::uint8_t base, std::uint8_t modifier = 0, std::uint8_t modifier_unit = 0, std::uint8_t rate = 0,
                 bool percentage = false) {
    sdr::Units u;
    u.base = base;
    u.modifier = modifier;
    u.modifier_unit = modifier_unit;
    u.rate = rate;
    u.percentage = percentage;
    return u;
}

TEST(UnitText, BaseModifierRateAndPercentage) {
    EXPECT_EQ(unit_text(units(1)), "degrees C");
    EXPECT_EQ(unit_text(units(18)), "RPM");
    EXPECT_EQ(unit_text(units(4, 1, 5)), "Volts/Amps");
    EXPECT_EQ(unit_text(units(6, 2, 24)), "Watts*hour");
    EXPECT_EQ(unit_text(units(7, 0, 0, 5)), "Joules per hour");
    EXPECT_EQ(unit_text(units(4, 0, 0, 0, true)), "% Volts");
    EXPECT_EQ(unit_text(units(0, 0, 0, 0, true)), "%");
    EXPECT_EQ(unit_text(units(0)), "unspecified");
    EXPECT_EQ(unit_text(units(59)), "unit 59") << "a reserved code is shown, not hidden";
}

// Full record of a non-linear sensor (linearization 70h): the SDR's factors
// are placeholders, Get Sensor Reading Factors has the real ones (§35.5).
TEST_F(Sweep, NonLinearSensorsUseTheFactorsTheBmcGivesForTheReading) {
    auto record = std::find_if(fixture.sdr.begin(), fixture.sdr.end(), [](const auto& r) {
        return r.bytes.size() > 23 && r.bytes[3] == 0x01 && r.bytes[5] == 0x20 && r.bytes[7] == 0x01;
    });
    ASSERT_NE(record, fixture.sdr.end());
    record->bytes[23] = 0x70;  // linearization byte (24) of the full record
    // Next reading 0, M=2, tolerance 0, B=10, accuracy 0, R exp 0, B exp 0.
    bmc_sensor(0x01).reading_factors = std::array<std::uint8_t, 6>{0x02, 0x00, 0x0A, 0x00, 0x00, 0x00};
    sweep();
    EXPECT_DOUBLE_EQ(*named("CPU Temp").reading, 45.0 * 2 + 10);
    EXPECT_EQ(std::count_if(trace.begin(), trace.end(),
                            [](const auto& l) { return l.find("-> Get Sensor Reading Factors") != std::string::npos; }),
              1);
}

// IPMI 2.0 Table 43-2 (ID String Instance Modifier Offset): ID "Temp", share
// count 3, numeric offset 5 -> "Temp 5", "Temp 6", "Temp 7"; alpha offset 26 ->
// "Temp AA", "Temp AB", "Temp AC". An ID that ends in a space gets no second one.
TEST(SharedRecordNames, AreTheIdStringASpaceAndTheInstanceModifier) {
    const auto names_of = [](const std::string& id, bool alpha, std::uint8_t offset) {
        sdr::CompactSensor body;
        body.common.name = id;
        body.common.key.number = 0x40;
        body.common.event_reading_type = 0x6F;
        body.sharing = sdr::Sharing{3, alpha, offset, false};
        sdr::Repository repository;
        repository.records.push_back(sdr::Record{sdr::Header{0x0010, 0x51, 0x02, 0}, body, {}});
        std::vector<std::string> names;
        for (const auto& definition : sensor_definitions(repository)) names.push_back(definition.common.name);
        return names;
    };
    EXPECT_THAT(names_of("Temp", false, 5), ElementsAre("Temp 5", "Temp 6", "Temp 7"));
    EXPECT_THAT(names_of("Temp", true, 26), ElementsAre("Temp AA", "Temp AB", "Temp AC"));
    EXPECT_THAT(names_of("Temp", true, 0), ElementsAre("Temp A", "Temp B", "Temp C"));
    EXPECT_THAT(names_of("DIMM ", true, 0), ElementsAre("DIMM A", "DIMM B", "DIMM C"));
    EXPECT_THAT(names_of("Drive", false, 0), ElementsAre("Drive 0", "Drive 1", "Drive 2"));
}

}  // namespace
}  // namespace ipmiprov::provider::sensor

// The metrics (issue 25): the two exposition formats, the IPMI families over
// the simulated BMC's sensors, and `ipmiprov sensors --format prometheus|
// openmetrics` and `--textfile`.
#include "provider/metrics/ipmi_metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "cli_runner.hpp"
#include "scratch_dir.hpp"
#include "sim_cim_model.hpp"

namespace ipmiprov::provider::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<Family> sample_families() {
    return {
        Family{"ipmi_temperature_celsius",
               Type::Gauge,
               "celsius",
               "Temperature.",
               {{{{"name", "CPU \"0\"\\A\nB"}}, 45.5}, {{{"name", "Inlet"}}, kNaN}}},
        Family{"ipmi_empty", Type::Gauge, "", "Nothing.", {}},
        Family{"ipmi_bmc_info", Type::Info, "", "BMC.", {{{{"firmware_revision", "1.02"}}, 1}}},
        Family{"ipmiprov_bmc_requests_total", Type::Counter, "", "Requests.", {{{}, 12}}},
        Family{"ipmi_limit", Type::Gauge, "", "Limits.", {{{}, std::numeric_limits<double>::infinity()}}},
    };
}

TEST(Exposition, PrometheusTextFormat) {
    EXPECT_EQ(render(sample_families(), Format::Prometheus),
              "# TYPE ipmi_temperature_celsius gauge\n"
              "# HELP ipmi_temperature_celsius Temperature.\n"
              "ipmi_temperature_celsius{name=\"CPU \\\"0\\\"\\\\A\\nB\"} 45.5\n"
              "ipmi_temperature_celsius{name=\"Inlet\"} NaN\n"
              "# TYPE ipmi_bmc_info gauge\n"
              "# HELP ipmi_bmc_info BMC.\n"
              "ipmi_bmc_info{firmware_revision=\"1.02\"} 1\n"
              "# TYPE ipmiprov_bmc_requests_total counter\n"
              "# HELP ipmiprov_bmc_requests_total Requests.\n"
              "ipmiprov_bmc_requests_total 12\n"
              "# TYPE ipmi_limit gauge\n"
              "# HELP ipmi_limit Limits.\n"
              "ipmi_limit +Inf\n");
    EXPECT_EQ(content_type(Format::Prometheus), "text/plain; version=0.0.4; charset=utf-8");
}

TEST(Exposition, OpenMetricsNamesFamiliesWithoutSuffixesHasUnitsAndEndsInEof) {
    const auto text = render(sample_families(), Format::OpenMetrics);
    EXPECT_THAT(text, HasSubstr("# TYPE ipmi_temperature_celsius gauge\n"
                                "# UNIT ipmi_temperature_celsius celsius\n"
                                "# HELP ipmi_temperature_celsius Temperature.\n"));
    EXPECT_THAT(text,
                HasSubstr("# TYPE ipmi_bmc info\n# HELP ipmi_bmc BMC.\nipmi_bmc_info{firmware_revision=\"1.02\"} 1\n"));
    EXPECT_THAT(text, HasSubstr("# TYPE ipmiprov_bmc_requests counter\n# HELP ipmiprov_bmc_requests Requests.\n"
                                "ipmiprov_bmc_requests_total 12\n"));
    EXPECT_THAT(text, Not(HasSubstr("ipmi_empty")));
    EXPECT_TRUE(text.ends_with("ipmi_limit +Inf\n# EOF\n")) << text;
    EXPECT_EQ(content_type(Format::OpenMetrics), "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

TEST(Exposition, OpenMetricsWhenTheScraperAsksForIt) {
    // What Prometheus 2.42 sends.
    EXPECT_EQ(negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                        "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
              Format::OpenMetrics);
    EXPECT_EQ(negotiate("text/plain;version=0.0.4"), Format::Prometheus);
    EXPECT_EQ(negotiate(""), Format::Prometheus);
    EXPECT_EQ(negotiate("*/*"), Format::Prometheus) << "OpenMetrics only when named";
    EXPECT_EQ(negotiate("Application/OpenMetrics-Text; version=1.0.0"), Format::OpenMetrics);
    EXPECT_EQ(negotiate("application/openmetrics-text;q=0, text/plain"), Format::Prometheus) << "q=0: not acceptable";
    EXPECT_EQ(negotiate("application/openmetrics-text;q=0.3,text/plain;q=0.9"), Format::Prometheus);
    EXPECT_EQ(negotiate("text/plain;q=0.5, application/openmetrics-text; version=1.0.0"), Format::OpenMetrics);
    EXPECT_EQ(negotiate("application/openmetrics-text;q=banana"), Format::Prometheus) << "a q that is not one: 0";
}

TEST(Exposition, NumbersReadBackExactly) {
    EXPECT_EQ(number_text(11.97), "11.97");
    EXPECT_EQ(number_text(0.063), "0.063");
    EXPECT_EQ(number_text(-3), "-3");
    EXPECT_EQ(number_text(-std::numeric_limits<double>::infinity()), "-Inf");
}

struct SimMetrics : cim::SimCimModel {
    std::vector<ShownSensor> shown() {
        auto snapshot = source.sensors();
        EXPECT_TRUE(snapshot.ok());
        std::vector<ShownSensor> out;
        const auto table = severity::Table::builtin();
        for (const auto& value : (*snapshot)->values) out.push_back({value, table.of_sensor(value)});
        return out;
    }
};

const Family* find(const std::vector<Family>& families, const std::string& name) {
    for (const auto& family : families)
        if (family.name == name) return &family;
    return nullptr;
}

std::optional<double> value_of(const Family* family, const std::string& sensor) {
    if (!family) return std::nullopt;
    for (const auto& sample : family->samples)
        for (const auto& [label, value] : sample.labels)
            if (label == "name" && value == sensor) return sample.value;
    return std::nullopt;
}

TEST_F(SimMetrics, EachSensorInTheFamilyOfItsUnitWithItsStateAndThresholds) {
    Inputs inputs;
    inputs.up = {{"sensors", true}};
    inputs.sensors = shown();
    const auto families = ipmi_families(inputs);
    EXPECT_EQ(value_of(find(families, "ipmi_temperature_celsius"), "CPU Temp"), 45);
    EXPECT_EQ(value_of(find(families, "ipmi_temperature_state"), "CPU Temp"), 0);
    EXPECT_EQ(value_of(find(families, "ipmi_temperature_state"), "Inlet Temp"), 1) << "above its UNC";
    EXPECT_NEAR(value_of(find(families, "ipmi_voltage_volts"), "12V").value_or(0), 11.97, 1e-9);
    EXPECT_TRUE(value_of(find(families, "ipmi_fan_speed_rpm"), "Fan 1").has_value());
    EXPECT_EQ(value_of(find(families, "ipmi_power_watts"), "PSU1 Power"), 300) << "2x+100, x=100";
    // A discrete sensor: a state, no value.
    EXPECT_EQ(value_of(find(families, "ipmi_sensor_value"), "PS1 Status"), std::nullopt);
    EXPECT_TRUE(value_of(find(families, "ipmi_sensor_state"), "PS1 Status").has_value());
    // The labels of a sample, and a threshold.
    const auto* temperature = find(families, "ipmi_temperature_celsius");
    ASSERT_NE(temperature, nullptr);
    EXPECT_EQ(temperature->samples.front().labels, (Labels{{"id", "2"},
                                                           {"name", "CPU Temp"},
                                                           {"type", "Temperature"},
                                                           {"unit", "degrees C"},
                                                           {"owner", "0x20"},
                                                           {"lun", "0"},
                                                           {"number", "1"},
                                                           {"entity", "3.1"}}));
    const auto* thresholds = find(families, "ipmi_sensor_threshold");
    ASSERT_NE(thresholds, nullptr);
    bool ucr = false;
    for (const auto& sample : thresholds->samples)
        if (sample.labels[1].second == "CPU Temp" &&
            sample.labels.back() == std::pair<std::string, std::string>{"threshold", "ucr"})
            ucr = sample.value == 90;
    EXPECT_TRUE(ucr);
    // Every sensor has a state; unknown is NaN.
    std::size_t states = 0;
    for (const auto& family : families)
        if (family.name.ends_with("_state")) states += family.samples.size();
    EXPECT_EQ(states, inputs.sensors->size());
}

TEST_F(SimMetrics, WhatWasNotAskedForIsNotThereAndWhatFailedIsUpZero) {
    Inputs inputs;
    inputs.up = {{"ipmi", false}};
    const auto text = render(ipmi_families(inputs), Format::Prometheus);
    EXPECT_THAT(text, HasSubstr("ipmi_up{collector=\"ipmi\"} 0\n"));
    EXPECT_THAT(text, Not(HasSubstr("ipmi_temperature_celsius")));
    EXPECT_THAT(text, Not(HasSubstr("collector=\"sel\"")));
}

// ---- the CLI

TEST(SensorsAsMetrics, OpenMetricsAndPrometheusOnStdout) {
    const auto om = cli::run_ipmiprov({"--sim", "builtin", "--no-cache", "sensors", "--format", "openmetrics"});
    ASSERT_EQ(om.code, 0) << om.err;
    EXPECT_THAT(om.out, HasSubstr("# UNIT ipmi_temperature_celsius celsius\n"));
    EXPECT_TRUE(om.out.ends_with("# EOF\n"));
    const auto text = cli::run_ipmiprov(
        {"--sim", "builtin", "--no-cache", "sensors", "--format", "prometheus", "--name", "CPU Temp"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("ipmi_temperature_celsius{id=\"2\",name=\"CPU Temp\""));
    EXPECT_THAT(text.out, Not(HasSubstr("12V"))) << "the filters choose the sensors";
}

TEST(SensorsAsMetrics, ATextfileIsWrittenWholeUnderItsPromName) {
    testing::ScratchDir dir("ipmiprov-textfile");
    const auto file = dir.path() / "ipmi.prom";
    const auto ran = cli::run_ipmiprov({"--sim", "builtin", "--no-cache", "sensors", "--textfile", file.string()});
    ASSERT_EQ(ran.code, 0) << ran.err;
    EXPECT_EQ(ran.out, "");
    std::ifstream in(file);
    std::stringstream content;
    content << in.rdbuf();
    EXPECT_THAT(content.str(), HasSubstr("ipmi_up{collector=\"ipmi\"} 1\n"));
    EXPECT_THAT(content.str(), Not(HasSubstr("# EOF")));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 1U) << "no temporary left behind";
}

TEST(SensorsAsMetrics, WrongCombinationsAreRefusedInWords) {
    const auto not_prom = cli::run_ipmiprov({"--sim", "builtin", "sensors", "--textfile", "/tmp/ipmi.txt"});
    EXPECT_EQ(not_prom.code, 2);
    EXPECT_THAT(not_prom.err, HasSubstr("must end in .prom"));
    const auto om =
        cli::run_ipmiprov({"--sim", "builtin", "sensors", "--textfile", "/tmp/ipmi.prom", "--format", "openmetrics"});
    EXPECT_EQ(om.code, 2);
    EXPECT_THAT(om.err, HasSubstr("node_exporter reads"));
    const auto sdr = cli::run_ipmiprov({"--sim", "builtin", "sdr", "list", "--format", "prometheus"});
    EXPECT_EQ(sdr.code, 2);
    EXPECT_THAT(sdr.err, HasSubstr("--format must be table, csv or json"));
}

}  // namespace
}  // namespace ipmiprov::provider::metrics

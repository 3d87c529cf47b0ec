// The metrics against the real Prometheus tools (issue 25): Debian's
// promtool lints the exposition `ipmiprov sensors --format prometheus` and
// `--textfile` write, on the simulated BMC and on ipmi_sim over LAN.
#include <gtest/gtest.h>

#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

// promtool check metrics reads the text format from stdin: exit 0 and no
// word when it finds nothing to say.
RunResult promtool_check(const std::filesystem::path& file) {
    return run({"sh", "-c", "promtool check metrics < '" + file.string() + "'"});
}

TEST(MetricsAgainstPromtool, TheSimulatedBmcsSensorsPassTheLint) {
    TempDir dir("ipmiprov-metrics-");
    const auto file = dir.path() / "ipmi.prom";
    const auto wrote = run({IPMIPROV_BIN, "--sim", "builtin", "--no-cache", "sensors", "--textfile", file.string()});
    ASSERT_EQ(wrote.exit_code, 0) << wrote.err;
    const auto lint = promtool_check(file);
    EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
    EXPECT_EQ(lint.out + lint.err, "");
}

TEST(MetricsAgainstPromtool, IpmiSimsSensorsOverLanPassTheLint) {
    IpmiSim sim(IPMIPROV_IPMISIM_FIXTURE);
    TempDir dir("ipmiprov-metrics-");
    const auto file = dir.path() / "ipmi.prom";
    const auto wrote = ipmiprov_over_lan(sim, dir.path(), {"sensors", "--textfile", file.string()});
    ASSERT_EQ(wrote.exit_code, 0) << wrote.err;
    const auto lint = promtool_check(file);
    EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
    EXPECT_EQ(lint.out + lint.err, "");
    const auto text = run({"cat", file.string()}).out;
    EXPECT_NE(text.find("ipmi_up{collector=\"sensors\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("ipmi_temperature_celsius{"), std::string::npos) << text;
}

}  // namespace
}  // namespace ipmiprov::testing

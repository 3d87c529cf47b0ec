// The CMPI provider's settings: environment over config file, and clear
// errors for what it cannot use.
#include <gtest/gtest.h>

#include <map>

#include "settings.hpp"

namespace ipmiprov::cmpi {
namespace {

Lookup from(std::map<std::string, std::string, std::less<>> values) {
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

const Lookup kNothing = from({});

TEST(CmpiSettings, DefaultsAreTheDaemonElseTheDevice) {
    auto settings = read_settings(kNothing, kNothing);
    ASSERT_TRUE(settings.ok());
    EXPECT_EQ(settings->source, IPMIPROV_SOURCE_DEFAULT);
    EXPECT_EQ(settings->daemon_socket, "");
    EXPECT_FALSE(settings->cache_dir.has_value());
    EXPECT_EQ(settings->timeout_ms, 0U);
}

TEST(CmpiSettings, TheEnvironmentWinsOverTheFile) {
    auto file = parse_config(
        "# provider settings\nIPMIPROV_SOURCE = device\n\nIPMIPROV_DEVICE=/dev/ipmi1\n"
        "IPMIPROV_TIMEOUT_MS=2500\nIPMIPROV_CACHE_DIR=\n",
        "cmpi.conf");
    ASSERT_TRUE(file.ok()) << file.error().message;
    auto settings =
        read_settings(from({{"IPMIPROV_SOURCE", "daemon"}, {"IPMIPROV_DAEMON_SOCKET", "/run/x.sock"}}), *file);
    ASSERT_TRUE(settings.ok()) << settings.error().message;
    EXPECT_EQ(settings->source, IPMIPROV_SOURCE_DAEMON);
    EXPECT_EQ(settings->daemon_socket, "/run/x.sock");
    EXPECT_EQ(settings->device, "/dev/ipmi1");
    EXPECT_EQ(settings->timeout_ms, 2500U);
    EXPECT_EQ(settings->cache_dir, std::optional<std::string>(""));
}

TEST(CmpiSettings, BadValuesAreNamed) {
    auto source = read_settings(from({{"IPMIPROV_SOURCE", "lan"}}), kNothing);
    ASSERT_FALSE(source.ok());
    EXPECT_EQ(source.error().message, "IPMIPROV_SOURCE=lan is not one of default, device, daemon, sim");
    for (const char* timeout : {"0", "fast", "12x", "600001", "-5"}) {
        auto parsed = read_settings(from({{"IPMIPROV_TIMEOUT_MS", timeout}}), kNothing);
        ASSERT_FALSE(parsed.ok()) << timeout;
        EXPECT_NE(parsed.error().message.find(std::string("IPMIPROV_TIMEOUT_MS=") + timeout), std::string::npos);
    }
}

TEST(CmpiSettings, ConfigLinesThatAreNotSettingsAreErrorsWithTheirLine) {
    auto garbage = parse_config("IPMIPROV_SOURCE=sim\nsource sim\n", "/etc/ipmiprov/cmpi.conf");
    ASSERT_FALSE(garbage.ok());
    EXPECT_EQ(garbage.error().message, "/etc/ipmiprov/cmpi.conf:2: expected NAME=value, got \"source sim\"");
    auto unknown = parse_config("\n# x\nIPMIPROV_PASSWORD=secret\n", "cmpi.conf");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().message, "cmpi.conf:3: unknown setting IPMIPROV_PASSWORD");
}

}  // namespace
}  // namespace ipmiprov::cmpi

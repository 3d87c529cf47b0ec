// `ipmiprov sel` against the built-in simulated BMC (its SEL: an Inlet Temp
// threshold event, a DIMM C memory event, a pre-init PS1 presence event).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "cli_runner.hpp"
#include "exit_codes.hpp"

namespace ipmiprov::cli {
namespace {

Ran run(std::vector<std::string> args) {
    return run_ipmiprov(std::move(args));
}

TEST(SelCli, ListAsJsonHasEveryFieldOfEveryEntry) {
    auto result = run({"--sim", "builtin", "sel", "list", "--json", "--no-cache"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    const auto entries = nlohmann::json::parse(result.out);
    ASSERT_EQ(entries.size(), 3U);
    const auto& inlet = entries[0];
    EXPECT_EQ(inlet["record_id"], 1);
    EXPECT_EQ(inlet["record_type"], 2);
    EXPECT_EQ(inlet["timestamp"], "2023-11-14T22:15:00Z");
    EXPECT_EQ(inlet["timestamp_raw"], 1700000100);
    EXPECT_EQ(inlet["pre_init"], false);
    EXPECT_EQ(inlet["generator_id"], 0x20);
    EXPECT_EQ(inlet["sensor_number"], 7);
    EXPECT_EQ(inlet["sensor_lun"], 0);
    EXPECT_EQ(inlet["sensor_name"], "Inlet Temp");
    EXPECT_EQ(inlet["sensor_type"], "Temperature");
    EXPECT_EQ(inlet["event_reading_type"], 1);
    EXPECT_EQ(inlet["direction"], "assertion");
    EXPECT_EQ(inlet["event"], "Upper Non-critical going high, reading 42 degrees C, threshold 40 degrees C");
    EXPECT_EQ(inlet["raw"], "01 00 02 64 f1 53 65 20 00 04 01 07 01 57 2a 28");
    EXPECT_EQ(entries[1]["sensor_name"], "DIMM C") << "a shared record's own instance";
    EXPECT_EQ(entries[1]["event"], "Correctable ECC / other correctable memory error, memory module 2");
    EXPECT_TRUE(entries[2]["timestamp"].is_null());
    EXPECT_EQ(entries[2]["pre_init"], true);
}

TEST(SelCli, LastAndSince) {
    auto last = run({"--sim", "builtin", "sel", "list", "--json", "--no-cache", "--last", "1"});
    ASSERT_EQ(last.code, kExitOk) << last.err;
    EXPECT_EQ(nlohmann::json::parse(last.out).at(0)["record_id"], 3);
    auto since = run({"--sim", "builtin", "sel", "list", "--json", "--no-cache", "--since", "2023-11-14T22:16:00Z"});
    ASSERT_EQ(since.code, kExitOk) << since.err;
    const auto entries = nlohmann::json::parse(since.out);
    ASSERT_EQ(entries.size(), 1U) << "pre-init entries cannot be placed in time";
    EXPECT_EQ(entries[0]["record_id"], 2);
}

TEST(SelCli, TableShowsPreInitTimes) {
    auto result = run({"--sim", "builtin", "sel", "list", "--no-cache"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    EXPECT_NE(result.out.find("pre-init +16 s"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("PS1 Status"), std::string::npos);
}

TEST(SelCli, InfoAndTime) {
    auto info = run({"--sim", "builtin", "sel", "info", "--json"});
    ASSERT_EQ(info.code, kExitOk) << info.err;
    const auto json = nlohmann::json::parse(info.out);
    EXPECT_EQ(json["entries"], 3);
    EXPECT_EQ(json["version"], "1.5");
    EXPECT_EQ(json["capacity_entries"], 512);
    auto time = run({"--sim", "builtin", "sel", "time", "--json", "--set", "@1800000000"});
    ASSERT_EQ(time.code, kExitOk) << time.err;
    EXPECT_EQ(nlohmann::json::parse(time.out)["sel_time"].get<std::string>().substr(0, 10), "2027-01-15");
}

TEST(SelCli, ClearNeedsConfirmationAndThenEmptiesTheSel) {
    auto refused = run({"--sim", "builtin", "sel", "clear"});
    EXPECT_EQ(refused.code, kExitUsage);
    EXPECT_NE(refused.err.find("--yes"), std::string::npos);
    auto cleared = run({"--sim", "builtin", "sel", "clear", "--yes"});
    EXPECT_EQ(cleared.code, kExitOk) << cleared.err;
    EXPECT_EQ(cleared.out, "SEL cleared\n");
}

TEST(SelCli, BadArguments) {
    auto alone = run({"--sim", "builtin", "sel"});  // ipmitool's habit: sel alone is sel info
    EXPECT_EQ(alone.code, kExitOk) << alone.err;
    EXPECT_NE(alone.out.find("Entries:"), std::string::npos) << alone.out;
    EXPECT_EQ(run({"--sim", "builtin", "sel", "bogus"}).code, kExitUsage);
    EXPECT_EQ(run({"--sim", "builtin", "sel", "list", "--yes"}).code, kExitUsage);
    auto since = run({"--sim", "builtin", "sel", "list", "--since", "yesterday"});
    EXPECT_EQ(since.code, kExitUsage);
    EXPECT_NE(since.err.find("is not a time"), std::string::npos) << since.err;
}

TEST(ParseTime, IsoDatesAndSeconds) {
    EXPECT_EQ(*parse_time("2020-09-13T12:26:40Z", "--since"), 1600000000U);
    EXPECT_EQ(*parse_time("2020-09-13 12:26:40", "--since"), 1600000000U);
    EXPECT_EQ(*parse_time("@1600000000", "--since"), 1600000000U);
    EXPECT_FALSE(parse_time("@", "--since").ok());
    EXPECT_FALSE(parse_time("2020-13-45", "--since").ok());
}

}  // namespace
}  // namespace ipmiprov::cli

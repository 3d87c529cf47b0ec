// `ipmiprov sel` against the built-in simulated BMC (its SEL: an Inlet Temp
// threshold event, a DIMM C memory event, a pre-init PS1 presence event).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.hpp"
#include "exit_codes.hpp"

namespace ipmiprov::cli {
namespace {

using ::testing::ElementsAre;

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
    auto since = run({"--sim", "builtin", "sel", "list", "--since", "last tuesday"});
    EXPECT_EQ(since.code, kExitUsage);
    EXPECT_NE(since.err.find("is not a time"), std::string::npos) << since.err;
    auto backwards = run({"--sim", "builtin", "sel", "list", "--since", "now", "--until", "-1d"});
    EXPECT_EQ(backwards.code, kExitUsage);
    EXPECT_NE(backwards.err.find("--until is before --since"), std::string::npos) << backwards.err;
    EXPECT_EQ(run({"--sim", "builtin", "sel", "info", "--localtime"}).code, kExitUsage);
    EXPECT_EQ(run({"--sim", "builtin", "sel", "clear", "--severity", "warning", "--yes"}).code, kExitUsage);
}

// Issue 20, item 7: the SEL's entries by time (relative too, and --until),
// sensor name and type, record ID and severity; times in the host's zone.
TEST(SelCli, ListFiltersAndLocalTime) {
    const auto ids = [](std::vector<std::string> args) {
        args.insert(args.begin(), {"--sim", "builtin", "sel", "list", "--no-cache", "--format", "csv", "--no-header"});
        const auto result = run(args);
        EXPECT_EQ(result.code, kExitOk) << result.err;
        std::vector<std::string> out;
        std::istringstream lines(result.out);
        for (std::string line; std::getline(lines, line);) out.push_back(line.substr(0, line.find(',')));
        return out;
    };
    // The built-in SEL: 0x0001 Inlet Temp 22:15 warning, 0x0002 DIMM C 22:16:40 warning, 0x0003 PS1 pre-init.
    EXPECT_THAT(ids({"--severity", "warning"}), ElementsAre("0x0001", "0x0002"));
    EXPECT_THAT(ids({"--severity", "nominal"}), ElementsAre("0x0003"));
    EXPECT_THAT(ids({"--type", "memory"}), ElementsAre("0x0002"));
    EXPECT_THAT(ids({"--name", "ps1"}), ElementsAre("0x0003"));
    EXPECT_THAT(ids({"--record-id", "0x0002"}), ElementsAre("0x0002"));
    EXPECT_THAT(ids({"--since", "2023-11-14T22:16:00Z"}), ElementsAre("0x0002"));
    EXPECT_THAT(ids({"--until", "2023-11-14T22:16:00Z"}), ElementsAre("0x0001")) << "pre-init times have no place";
    EXPECT_THAT(ids({"--since", "-1d"}), ElementsAre()) << "2023 is more than a day ago";
    EXPECT_THAT(ids({"--since", "2023-11-14", "--until", "yesterday"}), ElementsAre("0x0001", "0x0002"));

    ::setenv("TZ", "Europe/Berlin", 1);
    ::tzset();
    const auto local = run({"--sim", "builtin", "sel", "list", "--no-cache", "--localtime", "--record-id", "1"});
    ::unsetenv("TZ");
    ::tzset();
    EXPECT_NE(local.out.find("0x0001  2023-11-14 23:15:00 +0100  Inlet Temp"), std::string::npos) << local.out;
}

TEST(SelCli, TimeSaysWhenTheSelClockWasNeverSet) {
    // @16: 16 s after the BMC started, as a BMC whose clock nobody set reports it.
    const auto text = run({"--sim", "builtin", "sel", "time", "--set", "@16"});
    ASSERT_EQ(text.code, kExitOk) << text.err;
    EXPECT_NE(text.out.find("SEL time:             never set: 16 s since the BMC started"), std::string::npos)
        << text.out;
    EXPECT_EQ(text.out.find("Difference:"), std::string::npos) << "no difference to a clock never set";
    const auto json = nlohmann::json::parse(run({"--sim", "builtin", "sel", "time", "--set", "@16", "--json"}).out);
    EXPECT_EQ(json["sel_time_set"], false);
    EXPECT_TRUE(json["sel_time"].is_null());
    EXPECT_TRUE(json["difference_seconds"].is_null());
    const auto set = nlohmann::json::parse(run({"--sim", "builtin", "sel", "time", "--set", "now", "--json"}).out);
    EXPECT_EQ(set["sel_time_set"], true);
    EXPECT_LE(std::abs(set["difference_seconds"].get<std::int64_t>()), 5);
}

TEST(SelCli, InfoSaysTheCapacityInEntriesAndTheShareUsed) {
    const auto info = run({"--sim", "builtin", "sel", "info"});
    ASSERT_EQ(info.code, kExitOk) << info.err;
    EXPECT_NE(info.out.find("Entries:              3 of 512 (1% used, 509 free"), std::string::npos) << info.out;
    const auto json = nlohmann::json::parse(run({"--sim", "builtin", "sel", "info", "--json"}).out);
    EXPECT_EQ(json["capacity_entries"], 512);
    EXPECT_EQ(json["free_entries"], 509);
    EXPECT_EQ(json["percent_used"], 1);
}

TEST(ParseTime, IsoDatesAndSeconds) {
    EXPECT_EQ(*parse_time("2020-09-13T12:26:40Z", "--since"), 1600000000U);
    EXPECT_EQ(*parse_time("2020-09-13 12:26:40", "--since"), 1600000000U);
    EXPECT_EQ(*parse_time("@1600000000", "--since"), 1600000000U);
    EXPECT_FALSE(parse_time("@", "--since").ok());
    EXPECT_FALSE(parse_time("2020-13-45", "--since").ok());
}

TEST(ParseTime, RelativeAndNamedTimes) {
    const std::time_t now = 1600000000;  // 2020-09-13T12:26:40Z
    EXPECT_EQ(*parse_time("now", "--since", now), 1600000000U);
    EXPECT_EQ(*parse_time("-90s", "--since", now), 1600000000U - 90);
    EXPECT_EQ(*parse_time("-30m", "--since", now), 1600000000U - 1800);
    EXPECT_EQ(*parse_time("-2h", "--since", now), 1600000000U - 7200);
    EXPECT_EQ(*parse_time("-1d", "--since", now), 1600000000U - 86400);
    EXPECT_EQ(*parse_time("-1w", "--since", now), 1600000000U - 7 * 86400);
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    EXPECT_EQ(*parse_time("today", "--since", now), 1599955200U);  // 2020-09-13T00:00:00Z
    EXPECT_EQ(*parse_time("yesterday", "--since", now), 1599955200U - 86400);
    ::setenv("TZ", "Europe/Berlin", 1);  // +0200 in September
    ::tzset();
    EXPECT_EQ(*parse_time("today", "--since", now), 1599955200U - 7200);
    ::unsetenv("TZ");
    ::tzset();
    for (const char* bad : {"-1y", "-d", "-1.5h", "1d", "--1d", "-99999999999d", "tomorrow"})
        EXPECT_FALSE(parse_time(bad, "--since", now).ok()) << bad;
    EXPECT_THAT(parse_time("-1y", "--until", now).error().message,
                ::testing::HasSubstr("--until \"-1y\" is not a time (2026-11-25T03:00:00Z, @SECONDS, -1d"));
}

// sel get, delete and save on the built-in machine (issue 20, item 7).
TEST(SelCli, GetDeleteAndSave) {
    const auto got = run({"--sim", "builtin", "sel", "get", "0x0001"});
    ASSERT_EQ(got.code, kExitOk) << got.err;
    EXPECT_NE(got.out.find("Record ID:          0x0001\n"), std::string::npos) << got.out;
    EXPECT_NE(got.out.find("Sensor:             Inlet Temp\n"), std::string::npos) << got.out;
    EXPECT_NE(got.out.find("Raw:                01 00 02"), std::string::npos) << got.out;
    EXPECT_EQ(nlohmann::json::parse(run({"--sim", "builtin", "sel", "get", "1", "--json"}).out)["sensor_name"],
              "Inlet Temp");
    const auto missing = run({"--sim", "builtin", "sel", "get", "0x0009"});
    EXPECT_EQ(missing.code, kExitCommandFailed);
    EXPECT_EQ(missing.err, "ipmiprov: the SEL has no entry 0009h\n");
    EXPECT_EQ(run({"--sim", "builtin", "sel", "get", "0001"}).code, kExitUsage) << "ambiguous";
    EXPECT_EQ(run({"--sim", "builtin", "sel", "get"}).code, kExitUsage);
    EXPECT_EQ(run({"--sim", "builtin", "sel", "delete", "0x0002"}).out, "SEL entry 0x0002 deleted\n");
    EXPECT_EQ(run({"--sim", "builtin", "sel", "delete", "0x0009"}).code, kExitCommandFailed);

    const auto file = std::filesystem::temp_directory_path() / ("ipmiprov-sel-save-" + std::to_string(::getpid()));
    const auto saved = run({"--sim", "builtin", "sel", "save", file.string()});
    ASSERT_EQ(saved.code, kExitOk) << saved.err;
    EXPECT_EQ(saved.err, "ipmiprov: wrote 3 entries (48 bytes) to " + file.string() + "\n");
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    ASSERT_EQ(bytes.size(), 48U);
    EXPECT_EQ(bytes.substr(0, 3), std::string("\x01\x00\x02", 3)) << "entry 0001h, a system event";
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".part"));
    std::filesystem::remove(file);
    EXPECT_EQ(run({"--sim", "builtin", "sel", "save", "/nonexistent/dir/sel.raw"}).code, kExitCommandFailed);
}

// sel restore (issue 20, item 7): a saved file's entries added back under
// new IDs; what is no SEL saved raw, a SEL without room and a missing --yes
// add nothing; a BMC refusing halfway is said entry by entry.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& name, const std::string& bytes = {})
        : path(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
        if (!bytes.empty()) std::ofstream(path, std::ios::binary) << bytes;
    }
    ~TempFile() { std::filesystem::remove(path); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] std::string name() const { return path.string(); }
    [[nodiscard]] std::string bytes() const {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
};

TEST(SelCli, RestoreAddsASavedFilesEntriesUnderNewIds) {
    const TempFile saved("ipmiprov-sel-restore");
    ASSERT_EQ(run({"--sim", "builtin", "sel", "save", saved.name()}).code, kExitOk);
    const auto restored = run({"--sim", "builtin", "sel", "restore", saved.name(), "--yes"});
    EXPECT_EQ(restored.code, kExitOk) << restored.err;
    EXPECT_EQ(restored.out, "added 3 entries from " + saved.name() +
                                " as 0x0004 to 0x0006 (new record IDs; the BMC may have stamped them with its own "
                                "clock)\n");
    const auto unconfirmed = run({"--sim", "builtin", "sel", "restore", saved.name()});
    EXPECT_EQ(unconfirmed.code, kExitUsage) << "not a terminal, no --yes";
    EXPECT_EQ(unconfirmed.err,
              "ipmiprov: sel restore adds entries no one can take back one by one: confirm with --yes\n");
    EXPECT_EQ(run({"--sim", "builtin", "sel", "restore", "--yes"}).code, kExitUsage) << "no FILE";
    EXPECT_EQ(run({"--sim", "builtin", "sel", "list", "--yes"}).err,
              "ipmiprov: --yes applies to sel clear and restore, and chassis power only\n");

    // The built-in SEL holds 3 of 512 entries: 510 more do not fit.
    const auto first_entry = saved.bytes().substr(0, 16);
    std::string many;
    for (int i = 0; i < 510; ++i) many += first_entry;
    const TempFile too_many("ipmiprov-sel-restore-many", many);
    const auto full = run({"--sim", "builtin", "sel", "restore", too_many.name(), "--yes"});
    EXPECT_EQ(full.code, kExitCommandFailed);
    EXPECT_EQ(full.err,
              "ipmiprov: the SEL has room for 509 more entries, the file holds 510: nothing added (sel clear makes "
              "room)\n");
}

TEST(SelCli, RestoreRefusesWhatIsNoSelSavedRaw) {
    const TempFile torn("ipmiprov-sel-torn", std::string(17, '\x02'));
    const auto odd = run({"--sim", "builtin", "sel", "restore", torn.name(), "--yes"});
    EXPECT_EQ(odd.code, kExitUsage);
    EXPECT_EQ(odd.err, "ipmiprov: " + torn.name() +
                           ": 17 bytes are not whole entries of 16 bytes (1 left over): not a SEL saved raw\n");
    const TempFile text("ipmiprov-sel-text", "# not a SEL, some words of text\n");  // 32 bytes
    const auto words = run({"--sim", "builtin", "sel", "restore", text.name(), "--yes"});
    EXPECT_EQ(words.code, kExitUsage);
    EXPECT_EQ(words.err, "ipmiprov: " + text.name() +
                             ": 2 malformed entries, the first entry 1 (byte 0): record type 6Eh is none the spec "
                             "defines (02h, C0h-FFh); nothing added\n");
    const auto missing = run({"--sim", "builtin", "sel", "restore", "/nonexistent/sel.raw", "--yes"});
    EXPECT_EQ(missing.code, kExitUsage);
    EXPECT_NE(missing.err.find("/nonexistent/sel.raw"), std::string::npos) << missing.err;
}

TEST(SelCli, RestoreSaysWhichEntryTheBmcRefusedAndWhatWasAddedBeforeIt) {
    const TempFile saved("ipmiprov-sel-refused");
    ASSERT_EQ(run({"--sim", "builtin", "sel", "save", saved.name()}).code, kExitOk);
    // An empty SEL that takes the first entry and refuses the second (80h, §31.6).
    const TempFile bmc("ipmiprov-sel-refusing.json",
                       R"({"faults": {"rules": [{"netfn": 10, "cmd": 68, "completion_code": 128, "skip": 1}]}})");
    const auto refused = run({"--sim", bmc.name(), "sel", "restore", saved.name(), "--yes"});
    EXPECT_EQ(refused.code, kExitCommandFailed);
    EXPECT_EQ(refused.out, "");
    EXPECT_THAT(refused.err, ::testing::StartsWith("ipmiprov: entry 2 of 3 (byte 16 of " + saved.name() + "): "));
    EXPECT_THAT(refused.err,
                ::testing::HasSubstr("completion code 0x80 (operation not supported for this record type)"));
    EXPECT_THAT(refused.err, ::testing::EndsWith("; 1 added before it (0x0001 to 0x0001), none after\n"));
}

}  // namespace
}  // namespace ipmiprov::cli

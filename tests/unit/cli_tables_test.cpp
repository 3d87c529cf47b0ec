// The CLI's tables (issue 20, item 6): columns as wide as their content,
// CSV by RFC 4180, a header to leave out; the sensors filters (unit, entity,
// severity, number, excludes) on the built-in simulated machine; sel list's
// header and its empty SEL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.hpp"
#include "exit_codes.hpp"
#include "table.hpp"

namespace ipmiprov::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Ran run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--sim", "builtin"});
    args.emplace_back("--no-cache");
    return run_ipmiprov(std::move(args));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The names a sensors table shows (column 3), read from its CSV.
std::vector<std::string> names(const std::vector<std::string>& extra) {
    auto args = std::vector<std::string>{"sensors", "--format", "csv", "--no-header"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = run(args);
    EXPECT_EQ(result.code, kExitOk) << result.err;
    std::vector<std::string> out;
    for (const auto& line : lines_of(result.out)) {
        const auto first = line.find(',', line.find(',') + 1) + 1;
        out.push_back(line.substr(first, line.find(',', first) - first));
    }
    return out;
}

TEST(Table, ColumnsAreAsWideAsTheirWidestCellWithNoTrailingBlanks) {
    Table table({{"ID"}, {"Name"}, {"Reading", Align::Right}, {"States"}});
    table.add_row({"0x0002", "CPU Temp", "45.0", ""});
    table.add_row({"0x0006", "A very long sensor name", "-5.0", "nc"});
    std::ostringstream out;
    table.write(out, TableFormat::Text, true);
    EXPECT_EQ(out.str(),
              "ID      Name                     Reading  States\n"
              "0x0002  CPU Temp                    45.0\n"
              "0x0006  A very long sensor name     -5.0  nc\n");
    std::ostringstream bare;
    table.write(bare, TableFormat::Text, false);
    EXPECT_EQ(lines_of(bare.str()).front(), "0x0002  CPU Temp                 45.0") << "widths of the rows alone";
}

TEST(Table, CsvQuotesWhatRfc4180Needs) {
    EXPECT_EQ(csv_line({"plain", "a,b", "say \"hi\"", "two\nlines", " edge", ""}),
              "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" edge\",");
    Table table({{"A"}, {"B"}});
    table.add_row({"1"});
    std::ostringstream out;
    table.write(out, TableFormat::Csv, true);
    EXPECT_EQ(out.str(), "A,B\n1,\n");
}

TEST(Table, AUtf8NameCountsItsCharactersNotItsBytes) {
    EXPECT_EQ(display_width("Temp \xC2\xB0"
                            "C"),
              7U);
    Table table({{"Name"}, {"X"}});
    table.add_row(
        {"\xC3\x9C"
         "ber",
         "1"});
    table.add_row({"Over", "2"});
    std::ostringstream out;
    table.write(out, TableFormat::Text, false);
    EXPECT_EQ(out.str(),
              "\xC3\x9C"
              "ber  1\nOver  2\n");
}

TEST(SensorsTable, ShowsTheSensorNumberAndTheEntityByName) {
    const auto result = run({"sensors"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    const auto lines = lines_of(result.out);
    EXPECT_EQ(lines.front().rfind("ID      Number       Name        Type        ", 0), 0U) << lines.front();
    EXPECT_THAT(result.out, HasSubstr("0x0002  0x01         CPU Temp    Temperature               Processor 1"));
    EXPECT_THAT(result.out, HasSubstr("0x000e  0x01.0.0x2c  ME Temp")) << "another controller: number.lun.owner";
    // One number format per unit: every degrees C reading with one decimal (Temp Delta needs it).
    for (const auto& line : lines) {
        if (line.find("degrees C") == std::string::npos || line.find("  na  ") != std::string::npos) continue;
        EXPECT_THAT(line, ::testing::ContainsRegex("[0-9]\\.[0-9]  degrees C")) << line;
    }
    const auto json = nlohmann::json::parse(run({"sensors", "--json"}).out);
    EXPECT_EQ(json[0]["entity_name"], "Processor 1");
}

TEST(SensorsTable, FiltersByUnitEntitySeverityNumberAndExcludes) {
    EXPECT_THAT(names({"--unit", "volts"}), ElementsAre("12V"));
    EXPECT_THAT(names({"--entity", "processor"}), ElementsAre("CPU Temp"));
    EXPECT_THAT(names({"--entity", "32.3"}), ElementsAre("DIMM C"));
    EXPECT_THAT(names({"--severity", "warning"}), ElementsAre("Inlet Temp", "DIMM C"));
    EXPECT_THAT(names({"--severity", "unknown", "--exclude-type", "watchdog"}), ElementsAre("Fan 2", "Riser Temp"));
    EXPECT_THAT(names({"--type", "memory", "--exclude-name", "dimm a", "--exclude-name", "DIMM D"}),
                ElementsAre("DIMM B", "DIMM C"));
    EXPECT_THAT(names({"--number", "0x12"}), ElementsAre("DIMM C")) << "one instance of the shared record";
    EXPECT_THAT(names({"--number", "1"}), ElementsAre("CPU Temp", "ME Temp", "Riser Temp"));
    EXPECT_THAT(names({"--number", "0x01.0.0x2c"}), ElementsAre("ME Temp"));
    for (const auto& [args, says] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--number", "0x1ff"}, "is not NUMBER[.LUN[.OWNER]]"},
             {{"--number", "1.4"}, "is not NUMBER[.LUN[.OWNER]]"},
             {{"--severity", "bad"}, "is not one of nominal, warning, critical, unknown"},
             {{"--severity", "warning", "--problems"}, "not both"},
             {{"--exclude-type", "bogus"}, "names no sensor type"},
             {{"--format", "xml"}, "--format must be table, csv, json, prometheus or openmetrics"}}) {
        auto full = std::vector<std::string>{"sensors"};
        full.insert(full.end(), args.begin(), args.end());
        const auto result = run(full);
        EXPECT_EQ(result.code, kExitUsage) << args.front();
        EXPECT_THAT(result.err, HasSubstr(says));
    }
}

TEST(SensorsTable, CsvHasTheTablesRowsAndAHeaderUnlessAskedNot) {
    const auto csv = lines_of(run({"sensors", "--format", "csv"}).out);
    const auto json = nlohmann::json::parse(run({"sensors", "--json"}).out);
    ASSERT_EQ(csv.size(), json.size() + 1);
    EXPECT_EQ(csv.front(), "ID,Number,Name,Type,Entity,Reading,Unit,Status,Severity,States");
    EXPECT_EQ(lines_of(run({"sensors", "--format", "csv", "--no-header"}).out).size(), json.size());
    EXPECT_EQ(run({"sensors", "--format", "json"}).out, run({"sensors", "--json"}).out);
}

TEST(SelTable, HasAHeaderAndSaysWhenTheSelIsEmpty) {
    const auto list = lines_of(run({"sel", "list"}).out);
    ASSERT_EQ(list.size(), 4U);
    EXPECT_EQ(list.front(), "ID      Time                  Sensor      Event     Severity  Description");
    EXPECT_EQ(list[1].substr(0, 8), "0x0001  ") << "record IDs as the sensors table prints them";
    const auto csv = lines_of(run({"sel", "list", "--format", "csv", "--no-header"}).out);
    ASSERT_EQ(csv.size(), 3U);
    EXPECT_EQ(csv[0].substr(0, 28), "0x0001,2023-11-14T22:15:00Z,");
    EXPECT_THAT(csv[0], HasSubstr(",\"Upper Non-critical going high, reading 42 degrees C, threshold 40 degrees C\""));
    EXPECT_EQ(run({"sel", "list", "--since", "2030-01-01"}).out, "SEL has no entries that match\n");
    EXPECT_EQ(run({"sel", "list", "--since", "2030-01-01", "--format", "csv"}).out,
              "ID,Time,Sensor,Event,Severity,Description\n")
        << "CSV stays CSV for a script";
    const auto sdr = lines_of(run({"sdr", "list", "--format", "csv", "--no-header"}).out);
    EXPECT_EQ(sdr.front().substr(0, 7), "0x0001,");
}

}  // namespace
}  // namespace ipmiprov::cli

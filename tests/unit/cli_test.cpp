// The CLI in-process: argument parsing, and whole runs against the simulated BMC.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_options.hpp"
#include "cli_runner.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "option_tables.hpp"

namespace ipmiprov::cli {
namespace {

using ::testing::HasSubstr;

std::optional<std::string> no_env(const char*) {
    return std::nullopt;
}

bridge::Result<ParsedCommandLine> parse(std::vector<std::string> args, const EnvLookup& env = no_env) {
    args.insert(args.begin(), "ipmiprov");
    return parse_command_line(args, env);
}

Ran run(std::vector<std::string> args) {
    return run_ipmiprov(std::move(args));
}

TEST(ParseCommandLine, ReadsLanOptions) {
    auto parsed = parse({"--lan", "127.0.0.1:9623", "-U", "admin", "-P", "secret", "--privilege", "operator", "-C", "3",
                         "--timeout", "1.5", "--retries", "4", "info"});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const auto& options = parsed->options;
    ASSERT_TRUE(options.connect.lan.has_value());
    EXPECT_EQ(options.connect.lan->host, "127.0.0.1");
    EXPECT_EQ(options.connect.lan->port, 9623);
    EXPECT_EQ(options.connect.lan->user, "admin");
    EXPECT_EQ(options.connect.lan->password, "secret");
    EXPECT_EQ(options.connect.lan->privilege, bridge::Privilege::Operator);
    EXPECT_EQ(options.connect.lan->cipher_suite, 3);
    EXPECT_EQ(options.timeout, std::chrono::milliseconds(1500));
    EXPECT_EQ(options.retries, 4);
    EXPECT_EQ(options.command, "info");
}

// ipmitool's -H HOST; FreeIPMI's -h HOST is help here, and never a silent exit 0 (issue 20).
TEST(ParseCommandLine, TakesIpmitoolsHostOptionAndRefusesAHostAfterHelp) {
    auto parsed = parse({"-H", "bmc.example", "-U", "admin", "-P", "secret", "info"});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_TRUE(parsed->options.connect.lan);
    EXPECT_EQ(parsed->options.connect.lan->host, "bmc.example");
    auto host_after_help = parse({"-h", "bmc.example", "info"});
    ASSERT_FALSE(host_after_help.ok());
    EXPECT_EQ(host_after_help.error().message,
              "-h/--help takes no value, but \"bmc.example\" follows it: for a BMC over the network give -H HOST "
              "(--lan HOST)");
    auto help_with_command = parse({"sel", "--help"});
    ASSERT_TRUE(help_with_command.ok());
    EXPECT_EQ(help_with_command->action, ParsedCommandLine::Action::ShowHelp);
}

TEST(ParseCommandLine, IpmitoolsAliasesAreOurCommands) {
    const auto command = [](std::vector<std::string> args) {
        auto parsed = parse(std::move(args));
        EXPECT_TRUE(parsed.ok()) << parsed.error().message;
        std::string text = parsed->options.command;
        for (const auto& arg : parsed->options.args) text.append(" ").append(arg);
        return text;
    };
    EXPECT_EQ(command({"sensor"}), "sensors");
    EXPECT_EQ(command({"sdr"}), "sdr list");
    EXPECT_EQ(command({"sdr", "elist"}), "sdr list");
    EXPECT_EQ(command({"sel"}), "sel info");
    EXPECT_EQ(command({"sel", "elist", "--last", "3"}), "sel list");
    EXPECT_EQ(command({"sel", "list"}), "sel list");
    EXPECT_EQ(command({"sensor", "thresh", "CPU Temp", "unc", "80"}), "sensors thresh CPU Temp unc 80");
    auto thresh = parse({"sensor", "thresh"});
    ASSERT_FALSE(thresh.ok()) << "an error, not a silent list";
    EXPECT_THAT(thresh.error().message, HasSubstr("use sensors thresh NAME unc|ucr|unr|lnc|lcr|lnr VALUE"));
    auto other = parse({"sensor", "list"});
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().message, "sensors takes no arguments but thresh (filters are --name, --type, --record-id)");
}

// ipmitool's `sensor thresh NAME LEVEL VALUE`: its level names and FreeIPMI's
// words, a value in the sensor's unit (negative ones too), checked before
// anything is sent.
TEST(ParseCommandLine, SensorsThreshTakesALevelAndANumber) {
    const std::vector<std::pair<std::vector<std::string>, std::size_t>> levels{
        {{"lnr", "-40"}, 0}, {{"lcr", "-5.5"}, 1}, {{"LC", "1"}, 1}, {{"lnc", "2"}, 2},
        {{"unc", "80"}, 3},  {{"ucr", "1e2"}, 4},  {{"uc", "3"}, 4}, {{"upper-non-recoverable", "95"}, 5}};
    for (const auto& [words, index] : levels) {
        auto parsed = parse({"--sim", "builtin", "sensors", "thresh", "CPU Temp", words[0], words[1]});
        ASSERT_TRUE(parsed.ok()) << words[0] << ": " << parsed.error().message;
        ASSERT_TRUE(parsed->options.threshold_write);
        EXPECT_EQ(parsed->options.threshold_write->sensor, "CPU Temp");
        EXPECT_EQ(parsed->options.threshold_write->level, index) << words[0];
        EXPECT_EQ(parsed->options.threshold_write->value, std::stod(words[1]));
    }
    const auto refused = [](std::vector<std::string> args, const std::string& says) {
        args.insert(args.begin(), {"--sim", "builtin", "sensors", "thresh"});
        auto parsed = parse(args);
        ASSERT_FALSE(parsed.ok()) << says;
        EXPECT_THAT(parsed.error().message, HasSubstr(says));
    };
    refused({"CPU Temp", "upper", "80"}, "\"upper\" is not a threshold: give unc, ucr, unr, lnc, lcr or lnr");
    refused({"CPU Temp", "unc", "80C"}, "\"80C\" is not a number");
    refused({"CPU Temp", "unc", "nan"}, "\"nan\" is not a number");
    refused({"CPU Temp", "unc"}, "use sensors thresh NAME");
    refused({"CPU Temp", "unc", "80", "--name", "CPU"}, "no filters");
    EXPECT_FALSE(parse({"--sim", "builtin", "sensors"})->options.threshold_write);
}

TEST(ParseCommandLine, VerboseMayBeRepeated) {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"-v", "info"}, {"-v", "-v", "info"}, {"-vv", "info"}}) {
        auto parsed = parse(args);
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        EXPECT_TRUE(parsed->options.verbose);
    }
}

TEST(ParseCommandLine, ThePasswordFromWhereItIsGivenThenTheTerminalElseAnError) {
    const auto env = [](const char* name) -> std::optional<std::string> {
        if (std::string(name) == "IPMI_PASSWORD") return "from-ipmi-password";
        return std::nullopt;
    };
    auto from_e = parse_command_line({"ipmiprov", "-H", "h", "-E", "info"}, env);
    ASSERT_TRUE(from_e.ok()) << from_e.error().message;
    EXPECT_EQ(from_e->options.connect.lan->password, "from-ipmi-password");
    auto e_unset = parse({"-H", "h", "-E", "info"});
    ASSERT_FALSE(e_unset.ok());
    EXPECT_EQ(e_unset.error().message, "-E: IPMI_PASSWORD is not set");

    int asked = 0;
    const tools::PasswordPrompt typed = [&asked]() -> std::optional<std::string> {
        ++asked;
        return "typed";
    };
    auto prompted = parse_command_line({"ipmiprov", "-H", "h", "info"}, no_env, typed);
    ASSERT_TRUE(prompted.ok()) << prompted.error().message;
    EXPECT_EQ(prompted->options.connect.lan->password, "typed");
    auto given = parse_command_line({"ipmiprov", "-H", "h", "-P", "", "info"}, no_env, typed);
    ASSERT_TRUE(given.ok());
    EXPECT_EQ(given->options.connect.lan->password, "") << "an empty password given is a password";
    auto other_mistake = parse_command_line({"ipmiprov", "-H", "h", "-L", "root", "info"}, no_env, typed);
    ASSERT_FALSE(other_mistake.ok());
    EXPECT_EQ(asked, 1) << "asked once, and not before the other options are known to be right";

    auto nobody = parse({"-H", "h", "info"});
    ASSERT_FALSE(nobody.ok());
    EXPECT_EQ(nobody.error().message,
              "no password: give --password-file FILE (an empty file for an account without one), IPMIPROV_PASSWORD "
              "or IPMI_PASSWORD (-E)");
    auto both = parse({"-H", "h", "-U", "a", "-u", "b", "-P", "x", "info"});
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.error().message, "give -U or -u (--user or --username), not both");
    auto level = parse({"-H", "h", "-l", "operator", "-P", "x", "info"});
    ASSERT_TRUE(level.ok()) << level.error().message;
    EXPECT_EQ(level->options.connect.lan->privilege, bridge::Privilege::Operator);
}

TEST(ParseCommandLine, DefaultsToPort623AndTakesBracketedIpv6) {
    EXPECT_EQ(parse({"--lan", "bmc.example", "-P", "x", "info"})->options.connect.lan->port, 623);
    auto v6 = parse({"--lan", "[::1]:1623", "-P", "x", "info"});
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->options.connect.lan->host, "::1");
    EXPECT_EQ(v6->options.connect.lan->port, 1623);
}

// Arguments that once slipped through: each is an error that names it.
TEST(ParseCommandLine, RefusesWhatCanNeverWork) {
    const auto refused = [](std::vector<std::string> args, const std::string& says) {
        auto parsed = parse(std::move(args));
        ASSERT_FALSE(parsed.ok()) << says;
        EXPECT_NE(parsed.error().message.find(says), std::string::npos) << parsed.error().message;
    };
    refused({"--sim", "builtin", "sel", "list", "--last", "-1"}, "--last \"-1\"");  // was size_t's wrap: everything
    refused({"--sim", "builtin", "sel", "list", "--last", "0x10"}, "--last");
    refused({"--sim", "builtin", "sel", "follow", "--count", "0"}, "--count \"0\"");  // was: exits at once
    refused({"--sim", "builtin", "sensors", "--type", "0x1ff"}, "0..255");            // was: an empty table
    refused({"--sim", "builtin", "sensors", "--type", "bogus"}, "names no sensor type");
    refused({"--lan", "127.0.0.1:28623:5", "info"}, "neither HOST[:PORT] nor an IPv6 address");  // was: an IPv6 host
    refused({"--lan", "h", "-U", std::string(17, 'u'), "-P", "p", "info"}, "at most 16");
    refused({"--lan", "h", "-U", "u", "-P", std::string(21, 'p'), "info"}, "RMCP+ allows at most 20");
    refused({"--lan", "h", "-U", "u", "-P", std::string(17, 'p'), "--ipmi15", "info"}, "IPMI 1.5 allows at most 16");
}

TEST(ParseCommandLine, TakesWhatIsRight) {
    auto last = parse({"--sim", "builtin", "sel", "list", "--last", "5"});
    ASSERT_TRUE(last.ok()) << last.error().message;
    EXPECT_EQ(last->options.last, 5U);
    auto types = parse({"--sim", "builtin", "sensors", "--type", "TEMP", "--type", "0x04", "--type", "255"});
    ASSERT_TRUE(types.ok()) << types.error().message;
    EXPECT_EQ(types->options.type_filters.size(), 3U);
    auto v6 = parse({"--lan", "fe80::1", "-U", std::string(16, 'u'), "-P", std::string(20, 'p'), "info"});
    ASSERT_TRUE(v6.ok()) << v6.error().message;
    EXPECT_EQ(v6->options.connect.lan->host, "fe80::1");
    EXPECT_EQ(v6->options.connect.lan->port, 623);
}

TEST(ParseCommandLine, TakesThePasswordFromTheEnvironmentOrAFile) {
    const auto env = [](const char* name) -> std::optional<std::string> {
        if (std::string(name) == "IPMIPROV_PASSWORD") return "from-env";
        return std::nullopt;
    };
    EXPECT_EQ(parse({"--lan", "h", "info"}, env)->options.connect.lan->password, "from-env");
    EXPECT_EQ(parse({"--lan", "h", "-P", "cli", "info"}, env)->options.connect.lan->password, "cli");

    const auto path = std::filesystem::temp_directory_path() / ("ipmiprov-pw-" + std::to_string(::getpid()));
    std::ofstream(path) << "from-file\r\nsecond line\n";
    EXPECT_EQ(parse({"--lan", "h", "--password-file", path.string(), "info"}, env)->options.connect.lan->password,
              "from-file");
    std::filesystem::remove(path);
    EXPECT_FALSE(parse({"--lan", "h", "--password-file", path.string(), "info"}).ok());
}

TEST(ParseCommandLine, ParsesRawRequestsBeforeConnecting) {
    auto parsed = parse({"raw", "0x0a", "23", "00", "0x00", "ff", "--lun", "1", "-t", "0x2c", "-b", "6"});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const auto& request = parsed->options.raw_request;
    EXPECT_EQ(request.netfn, 0x0A);
    EXPECT_EQ(request.cmd, 0x23);
    EXPECT_EQ(request.data, (std::vector<std::uint8_t>{0x00, 0x00, 0xFF}));
    EXPECT_EQ(request.lun, 1);
    EXPECT_EQ(request.target, bridge::Target::ipmb(6, 0x2C));
}

struct BadArgs {
    std::vector<std::string> args;
    std::string message;
};

class ParseCommandLineErrors : public ::testing::TestWithParam<BadArgs> {};

TEST_P(ParseCommandLineErrors, SayWhatIsWrong) {
    auto parsed = parse(GetParam().args);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().kind, bridge::ErrorKind::InvalidArgument);
    EXPECT_EQ(parsed.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseCommandLineErrors,
    ::testing::Values(
        BadArgs{{}, "no command given (try --help)"},
        BadArgs{{"frobnicate"}, "unknown command \"frobnicate\" (try --help)"},
        BadArgs{{"info", "extra"}, "info takes no arguments"},
        BadArgs{{"raw", "6"}, "raw needs NETFN and CMD (e.g. raw 0x06 0x01)"},
        BadArgs{{"raw", "6", "1", "100"}, "data byte 1 \"100\" is not a byte in hex (00..ff, 0x optional)"},
        BadArgs{{"raw", "0x40", "1"}, "NETFN must be 00..3f"},
        BadArgs{{"raw", "6", "1", "--lun", "4"}, "--lun must be 0..3"},
        BadArgs{{"raw", "6", "1", "-b", "2"}, "--channel goes with --target"},
        BadArgs{{"info", "--lun", "1"}, "--lun and --target apply to raw only, --channel to raw, lan and users"},
        BadArgs{{"info", "-U", "x"},
                "--user, --password, --password-file, --privilege, --cipher-suite and --ipmi15 need --lan"},
        BadArgs{{"info", "--lan", "h", "--privilege", "root"},
                "--privilege must be callback, user, operator or admin, not \"root\""},
        BadArgs{{"info", "--lan", "h:99999"}, "--lan: \"99999\" is not a port number (1..65535)"},
        BadArgs{{"info", "--lan", "h", "--ipmi15", "-C", "3"}, "--cipher-suite applies to RMCP+, not --ipmi15"},
        BadArgs{{"info", "--lan", "h", "-P", "a", "--password-file", "f"},
                "give one of --password, --password-file and -E"},
        BadArgs{{"info", "--timeout", "0"}, "--timeout must be more than 0 and at most 600 seconds"},
        BadArgs{{"info", "--retries", "11"}, "--retries must be 0..10"},
        BadArgs{{"info", "--timeout", "soon"}, "the argument ('soon') for option '--timeout' is invalid"},
        BadArgs{{"info", "--bogus"}, "unrecognised option '--bogus'"},
        // Boost's own text for these never returned (tools/common/option_errors.hpp).
        BadArgs{{"info", "--x%canonical_option%"}, "the option \"--x%canonical_option%\" or its value is not valid"},
        BadArgs{{"info", "--timeout", "%value%"}, "the option \"--timeout\" or its value is not valid"}));

TEST(RunCli, InfoAgainstTheBuiltinSimulatedBmc) {
    auto result = run({"--sim", "builtin", "info"});
    EXPECT_EQ(result.code, kExitOk) << result.err;
    EXPECT_NE(result.out.find("IPMI version:         2.0"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Interface:            simulated BMC (built-in fixture)"), std::string::npos);
    EXPECT_TRUE(result.err.empty());
}

TEST(RunCli, InfoAsJson) {
    auto result = run({"--sim", "builtin", "info", "--json"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    auto json = nlohmann::json::parse(result.out);
    EXPECT_EQ(json["ipmi_version"], "2.0");
    EXPECT_TRUE(json["device_support"].is_array());
    EXPECT_EQ(json["interface"], "simulated BMC (built-in fixture)");
}

TEST(RunCli, RawPrintsTheReplyBytesLikeIpmitool) {
    auto result = run({"--sim", "builtin", "raw", "6", "1"});
    ASSERT_EQ(result.code, kExitOk) << result.err;
    EXPECT_EQ(result.out.substr(0, 6), "20 01 ");
    EXPECT_EQ(result.out.back(), '\n');
}

TEST(RunCli, RawReportsACompletionCodeInWordsWithExitCode1) {
    auto result = run({"--sim", "builtin", "raw", "6", "0x99"});
    EXPECT_EQ(result.code, kExitCommandFailed);
    EXPECT_EQ(result.err, "ipmiprov: netfn 0x06 cmd 0x99: completion code 0xc1 (invalid command)\n");
    EXPECT_TRUE(result.out.empty());
}

TEST(RunCli, VerboseTracesOnStderrOnly) {
    auto result = run({"--sim", "builtin", "-v", "raw", "6", "1"});
    ASSERT_EQ(result.code, kExitOk);
    EXPECT_NE(result.err.find("-> Get Device ID (netfn 0x06 cmd 0x01) lun 0"), std::string::npos) << result.err;
    EXPECT_EQ(result.out.find("->"), std::string::npos);
}

TEST(RunCli, AMissingDeviceGetsOneClearLineAndExitCode3) {
    auto result = run({"--device", "/nonexistent/ipmi0", "info"});
    EXPECT_EQ(result.code, kExitNoConnection);
    EXPECT_NE(result.err.find("cannot open /nonexistent/ipmi0"), std::string::npos);
    EXPECT_NE(result.err.find("ipmi_si (KCS, SMIC, BT) or ipmi_ssif (SSIF)"), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
}

TEST(RunCli, ABmcThatDoesNotAnswerIsExitCode4) {
    const auto path =
        std::filesystem::temp_directory_path() / ("ipmiprov-silent-" + std::to_string(::getpid()) + ".json");
    std::ofstream(path) << R"({"faults": {"rules": [{"drop_reply": true}]}})";
    auto result = run({"--sim", path.string(), "--retries", "1", "--timeout", "0.05", "info"});
    std::filesystem::remove(path);
    EXPECT_EQ(result.code, kExitTimeout);
    EXPECT_NE(result.err.find("no reply after 2 attempt(s)"), std::string::npos) << result.err;
}

// The table prints 0x0010, which --record-id takes; a bare "0010" is refused,
// not read as decimal ten (issue 20).
TEST(RunCli, TheTablesRecordIdsAreWhatRecordIdTakes) {
    auto table = run({"--sim", "builtin", "sensors", "--no-cache"});
    ASSERT_EQ(table.code, kExitOk) << table.err;
    std::istringstream lines(table.out);
    std::string header;
    std::string row;
    std::getline(lines, header);
    std::getline(lines, row);
    const auto id = row.substr(0, row.find(' '));
    ASSERT_EQ(id.size(), 6U) << row;
    EXPECT_EQ(id.substr(0, 2), "0x") << row;
    auto chosen = run({"--sim", "builtin", "sensors", "--no-cache", "--record-id", id});
    ASSERT_EQ(chosen.code, kExitOk) << chosen.err;
    const auto name_at = row.find_first_not_of(' ', row.find(' ', 8));  // after ID and number: the name
    const auto name = row.substr(name_at, row.find("  ", name_at) - name_at);
    EXPECT_NE(chosen.out.find(name), std::string::npos) << name << " in " << chosen.out;
    std::istringstream chosen_lines(chosen.out);
    std::getline(chosen_lines, header);
    for (std::string line; std::getline(chosen_lines, line);) EXPECT_EQ(line.substr(0, 7), id + " ") << chosen.out;
    auto bare = run({"--sim", "builtin", "sensors", "--no-cache", "--record-id", id.substr(2)});
    EXPECT_EQ(bare.code, kExitUsage);
    EXPECT_NE(bare.err.find("is ambiguous: write " + id), std::string::npos) << bare.err;
}

TEST(RunCli, UsageErrorsAreExitCode2) {
    EXPECT_EQ(run({"raw"}).code, kExitUsage);
    EXPECT_EQ(run({"-h", "10.0.0.1"}).code, kExitUsage);
    auto missing_fixture = run({"--sim", "/nonexistent/fixture.json", "info"});
    EXPECT_EQ(missing_fixture.code, kExitUsage);  // docs/cli.md: "bad command line or fixture"; was 3
    EXPECT_EQ(missing_fixture.err, "ipmiprov: --sim: cannot read fixture /nonexistent/fixture.json\n");
    EXPECT_EQ(run({"--sim", "builtin", "--device", "/dev/ipmi0", "info"}).code, kExitUsage);
}

TEST(RunCli, HelpAndVersion) {
    auto help = run({"--help"});
    EXPECT_EQ(help.code, kExitOk);
    EXPECT_NE(help.out.find("Usage: ipmiprov"), std::string::npos);
    EXPECT_NE(help.out.find("IPMIPROV_PASSWORD"), std::string::npos);
    EXPECT_EQ(run({"--version"}).out.rfind("ipmiprov ", 0), 0U);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Issue 20, item 5: `ipmiprov help COMMAND`, `ipmiprov COMMAND [SUB] --help`
// and ipmitool's names for it: the command's usage, its own options and
// examples; no line of any help over 80 columns.
TEST(RunCli, EveryCommandHasItsOwnHelpWithExamples) {
    for (const auto& topic : help_topics()) {
        SCOPED_TRACE(topic);
        const auto help = run({"help", topic});
        ASSERT_EQ(help.code, kExitOk) << help.err;
        EXPECT_EQ(help.out.rfind("Usage: ipmiprov ", 0), 0U) << help.out;
        EXPECT_NE(help.out.find(" " + topic), std::string::npos) << "the usage names the command";
        EXPECT_NE(help.out.find("\nExamples:\n  ipmiprov "), std::string::npos) << help.out;
        EXPECT_EQ(run({topic, "--help"}).out, help.out);
        EXPECT_EQ(run({"-h", topic}).out, help.out);
    }
    EXPECT_EQ(run({"sel", "list", "--help"}).out, run({"help", "sel"}).out);
    EXPECT_EQ(run({"help", "sensor"}).out, run({"help", "sensors"}).out) << "ipmitool's name";
    EXPECT_EQ(run({"help", "sdr", "elist"}).out, run({"help", "sdr"}).out);
    EXPECT_EQ(run({"help"}).out, run({"--help"}).out);
    EXPECT_NE(run({"help", "sel"}).out.find("--since TIME"), std::string::npos);
    EXPECT_EQ(run({"help", "sel"}).out.find("--assoc-class"), std::string::npos) << "cim's option, not sel's";
    EXPECT_NE(run({"help", "sensors"}).out.find("sensors thresh \"CPU Temp\" unc 80"), std::string::npos);

    const auto unknown = run({"help", "frobnicate"});
    EXPECT_EQ(unknown.code, kExitUsage);
    EXPECT_EQ(unknown.err,
              "ipmiprov: no help for \"frobnicate\": the commands are info, raw, sensors, sdr, sel, chassis, fru, lan, "
              "users, "
              "cim, daemon\n");
}

TEST(RunCli, NoHelpLineIsWiderThan80ColumnsAndEveryOptionIsInSomeHelp) {
    std::string all_helps = run({"--help"}).out;
    for (const auto& topic : help_topics()) all_helps += run({"help", topic}).out;
    for (const auto& line : lines_of(all_helps)) EXPECT_LE(line.size(), 80U) << line;
    const auto output = output_options();  // options() refers into the table: keep it alive
    const auto connection = connection_options();
    ASSERT_GT(output.options().size(), 20U);
    ASSERT_GT(connection.options().size(), 10U);
    for (const auto& option : output.options()) {
        const auto name = option->long_name();
        EXPECT_NE(all_helps.find("--" + name), std::string::npos) << "--" << name << " is in no help";
    }
    for (const auto& option : connection.options())
        EXPECT_NE(all_helps.find("--" + option->long_name()), std::string::npos) << option->long_name();
}

// FreeIPMI's --sdr-cache-directory, and ours (--cache-dir, as ipmiprovd's):
// the caches go where they say, not to the default.
TEST(RunCli, TheCacheDirectoryIsWhereTheOptionSays) {
    const auto dir = std::filesystem::temp_directory_path() / ("ipmiprov-cache-dir-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directory(dir);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
    for (const char* option : {"--sdr-cache-directory", "--cache-dir"}) {
        SCOPED_TRACE(option);
        for (const auto& entry : std::filesystem::directory_iterator(dir)) std::filesystem::remove(entry.path());
        ASSERT_EQ(run({"--sim", "builtin", "sensors", option, dir.string()}).code, kExitOk);
        const auto files = std::distance(std::filesystem::directory_iterator(dir), {});
        EXPECT_EQ(files, 1) << "the SDR cache, written there";
    }
    EXPECT_EQ(run({"--sim", "builtin", "info", "--cache-dir", dir.string()}).code, kExitUsage);
    EXPECT_EQ(run({"--sim", "builtin", "sensors", "--cache-dir", dir.string(), "--sdr-cache-directory", "/x"}).code,
              kExitUsage);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ipmiprov::cli

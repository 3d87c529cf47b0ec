// The manual pages' generator (tools/man): Boost's help layout read back
// into option entries and roff, and every option and config key of the
// programs on their pages.
#include <gtest/gtest.h>

#include <set>

#include "cli_options.hpp"
#include "config.hpp"
#include "option_tables.hpp"
#include "roff.hpp"

namespace ipmiprov::man {
namespace {

const char* const kHelp =
    "Usage: prog [OPTIONS]\n"
    "       prog help\n"
    "\n"
    "What it does, with `code --here`.\n"
    "\n"
    "Things (default: none):\n"
    "  -H [ --lan ] HOST                 the host\n"
    "  --a-very-long-option-name-indeed SECONDS\n"
    "                                    a description on the next line,\n"
    "                                    and its second line\n"
    "  --flag                            a switch\n"
    "  --socket PATH                     A socket (default /run/ipmiprov/ipmiprovd.s\n"
    "                                    ock); and a line that ends at the edge with\n"
    "                                    a word\n"
    "Exit codes: 0 ok.\n"
    "\n"
    "Examples:\n"
    "  prog --flag           one\n"
    "  .hidden \\back\n";

TEST(ManPage, OptionEntriesAreReadBackWithWrappedDescriptions) {
    const auto entries = option_entries(kHelp);
    ASSERT_EQ(entries.size(), 4U);
    EXPECT_EQ(entries[0].long_name, "lan");
    EXPECT_EQ(entries[0].argument, "HOST");
    EXPECT_EQ(entries[0].term, "-H [ --lan ] HOST");
    EXPECT_EQ(entries[1].long_name, "a-very-long-option-name-indeed");
    EXPECT_EQ(entries[1].argument, "SECONDS");
    EXPECT_EQ(entries[1].description, "a description on the next line, and its second line");
    EXPECT_EQ(entries[2].long_name, "flag");
    EXPECT_EQ(entries[2].argument, "");
    // Broken inside a word by Boost (the word is long), or at a space.
    EXPECT_EQ(entries[3].description,
              "A socket (default /run/ipmiprov/ipmiprovd.sock); and a line that ends at the edge with a word");
}

TEST(ManPage, HelpBecomesRoffWithEscapes) {
    const auto roff = help_to_roff(kHelp);
    EXPECT_NE(roff.find(".nf\nprog [OPTIONS]\nprog help\n.fi\n"), std::string::npos) << roff;
    EXPECT_NE(roff.find("with \\fBcode \\-\\-here\\fR."), std::string::npos) << roff;
    EXPECT_NE(roff.find(".B Things (default: none):\n.TP\n\\fB\\-H [ \\-\\-lan ] HOST\\fR\nthe host\n"),
              std::string::npos)
        << roff;
    EXPECT_NE(roff.find(".PP\nExit codes: 0 ok.\n"), std::string::npos) << roff;
    // Examples literal; a leading dot defused, a backslash escaped.
    EXPECT_NE(roff.find("prog \\-\\-flag           one\n\\&.hidden \\eback\n.fi\n"), std::string::npos) << roff;
    EXPECT_EQ(roff_text("90 \xc2\xb0"
                        "C"),
              "90 \\[u00B0]C");
}

TEST(ManPage, ConfigKeysAreTheOptionsButTheExcluded) {
    const auto keys = config_keys_roff(kHelp, {"flag"});
    EXPECT_NE(keys.find("\\fBlan = \\fIHOST\\fR\nthe host\n"), std::string::npos) << keys;
    EXPECT_EQ(keys.find("flag"), std::string::npos) << keys;
    EXPECT_NE(config_keys_roff(kHelp, {}).find("\\fBflag = \\fItrue\\fR"), std::string::npos);
}

TEST(ManPage, TemplatesMustPlaceEverySectionAndNameNoOther) {
    std::string error;
    EXPECT_EQ(fill_template(".SH A\n@ONE@\ntext\n", {{"ONE", ".PP\nx"}}, error), ".SH A\n.PP\nx\ntext\n");
    EXPECT_EQ(error, "");
    EXPECT_EQ(fill_template("@TWO@\n", {{"ONE", "x"}}, error), "");
    EXPECT_EQ(error, "the template names an unknown section @TWO@");
    error.clear();
    EXPECT_EQ(fill_template("text\n", {{"ONE", "x"}}, error), "");
    EXPECT_EQ(error, "the template does not place section @ONE@");
}

// What the pages are made of holds every option of both programs: those of
// the CLI's tables (its overview and each command), and the daemon's.
TEST(ManPage, EveryOptionOfBothProgramsIsOnItsPage) {
    std::string cli = cli::help_text().value_or("");
    for (const auto& topic : cli::help_topics()) cli += cli::help_text(topic).value_or("");
    std::set<std::string> documented;
    for (const auto& entry : option_entries(cli)) documented.insert(entry.long_name);
    for (const auto& table : {cli::connection_options(), cli::output_options()})
        for (const auto& option : table.options()) {
            const auto name = option->long_name();
            EXPECT_TRUE(documented.contains(name) || cli.find("--" + name) != std::string::npos) << name;
        }
    const auto keys = config_keys_roff(daemon::daemon_help_text(), {"config", "help", "version"});
    for (const char* key : {"socket", "lan", "user", "password-file", "read-group", "sel-log", "panic-op"})
        EXPECT_NE(keys.find(std::string("\\fB") + roff_text(key, true) + " = "), std::string::npos) << key;
    EXPECT_EQ(keys.find("\\fBconfig = "), std::string::npos);
}

}  // namespace
}  // namespace ipmiprov::man

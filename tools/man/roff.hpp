// Manual pages from the programs' own help (tools/man/README.md): the help
// texts of `ipmiprov` and `ipmiprovd`, which are built from the option tables
// the parsers use, are turned into roff and set into hand-written prose.
// What a program accepts and what its page says cannot drift apart.
#pragma once

#include <string>
#include <vector>

namespace ipmiprov::man {

// One entry of a Boost.Program_options option list, as its help prints it:
// "  -H [ --lan ] HOST   the BMC's address" (description lines joined).
struct OptionEntry {
    std::string long_name;  // "lan"; empty when the entry has none
    std::string term;       // "-H [ --lan ] HOST"
    std::string argument;   // "HOST"; empty for a switch
    std::string description;
};

// The option entries in a help text, in order (every block).
std::vector<OptionEntry> option_entries(const std::string& help);

// Text for roff: backslashes escaped, a leading '.' or '\'' defused, and
// `code` in bold; with `literal`, hyphens as \- (options, commands).
std::string roff_text(const std::string& text, bool literal = false);

// A whole help text as roff: "Usage:" lines as a synopsis, "Title:" blocks of
// indented entries as tagged paragraphs under a bold title (or a .SS heading
// with `titles_as_subsections`), "Examples:" as literal lines, other blocks
// as paragraphs.
std::string help_to_roff(const std::string& help, bool titles_as_subsections = false);

// The config file's keys: every option but `exclude`, as "name = ARG"
// (a switch as "name = true") with its description.
std::string config_keys_roff(const std::string& help, const std::vector<std::string>& exclude);

// The prose template with each line "@NAME@" replaced by its section;
// an unknown or unused name is an error (empty result, `error` set).
std::string fill_template(const std::string& prose, const std::vector<std::pair<std::string, std::string>>& sections,
                          std::string& error);

}  // namespace ipmiprov::man

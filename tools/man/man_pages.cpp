// ipmiprov_man_pages TEMPLATE_DIR OUT_DIR VERSION DATE: writes ipmiprov.1,
// ipmiprovd.8 and ipmiprovd.conf.5 from the prose templates in TEMPLATE_DIR
// and the programs' own help (tools/man/README.md). Run by the build.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_options.hpp"
#include "config.hpp"
#include "roff.hpp"

namespace {

using Sections = std::vector<std::pair<std::string, std::string>>;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// The "Usage:" block (up to the first blank line) and the rest.
std::pair<std::string, std::string> split_usage(const std::string& help) {
    const auto end = help.find("\n\n");
    if (end == std::string::npos) return {help, {}};
    return {help.substr(0, end + 1), help.substr(end + 2)};
}

bool write_page(const std::string& templates, const std::string& out_dir, const std::string& page,
                const std::string& version, const std::string& date, const Sections& sections) {
    std::ifstream in(templates + "/" + page + ".in");
    if (!in) {
        std::cerr << "ipmiprov_man_pages: cannot read " << templates << "/" << page << ".in\n";
        return false;
    }
    std::stringstream prose;
    prose << in.rdbuf();
    std::string error;
    const auto text = ipmiprov::man::fill_template(
        replace_all(replace_all(prose.str(), "@VERSION@", version), "@DATE@", date), sections, error);
    if (!error.empty()) {
        std::cerr << "ipmiprov_man_pages: " << page << ".in: " << error << '\n';
        return false;
    }
    std::ofstream out(out_dir + "/" + page);
    out << text;
    out.close();
    if (!out) {
        std::cerr << "ipmiprov_man_pages: cannot write " << out_dir << "/" << page << '\n';
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: ipmiprov_man_pages TEMPLATE_DIR OUT_DIR VERSION DATE\n";
        return 2;
    }
    const std::string templates = argv[1], out_dir = argv[2], version = argv[3], date = argv[4];
    using ipmiprov::man::help_to_roff;

    const auto [cli_usage, cli_rest] = split_usage(ipmiprov::cli::help_text().value_or(""));
    std::string commands;
    for (const auto& topic : ipmiprov::cli::help_topics())
        commands += ".SS " + ipmiprov::man::roff_text(topic, true) + "\n" +
                    help_to_roff(ipmiprov::cli::help_text(topic).value_or(""));
    const bool cli = write_page(
        templates, out_dir, "ipmiprov.1", version, date,
        {{"USAGE", help_to_roff(cli_usage)}, {"OPTIONS", help_to_roff(cli_rest, true)}, {"COMMANDS", commands}});

    const auto daemon_help = ipmiprov::daemon::daemon_help_text();
    const auto [daemon_usage, daemon_rest] = split_usage(daemon_help);
    const bool daemon = write_page(templates, out_dir, "ipmiprovd.8", version, date,
                                   {{"USAGE", help_to_roff(daemon_usage)}, {"HELP", help_to_roff(daemon_rest, true)}});
    // Every option is a key of the file but those that only make sense on
    // the command line.
    const bool config =
        write_page(templates, out_dir, "ipmiprovd.conf.5", version, date,
                   {{"KEYS", ipmiprov::man::config_keys_roff(daemon_help, {"config", "help", "version"})}});
    return cli && daemon && config ? 0 : 1;
}

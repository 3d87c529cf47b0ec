// The command line of `ipmiprov`: global connection options, a command, its
// arguments. Parsing is separate from running so that it can be unit-tested.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bridge/connect.hpp"
#include "bridge/engine.hpp"
#include "bridge/result.hpp"

namespace ipmiprov::cli {

struct CliOptions {
    bridge::ConnectOptions connect;
    std::chrono::milliseconds timeout{5000};
    int retries = 2;
    bool verbose = false;
    bool json = false;
    std::string command;
    std::vector<std::string> args;
    bridge::Request raw_request;  // raw: the request, validated at parse time
    // sensors / sdr
    bool thresholds = false;  // --thresholds: read them from the BMC and show them
    std::vector<std::string> name_filters;
    std::vector<std::string> type_filters;
    std::vector<std::uint16_t> record_ids;
    bool no_cache = false;
    bool flush_cache = false;
};

struct ParsedCommandLine {
    enum class Action { Run, ShowHelp, ShowVersion };
    Action action = Action::Run;
    CliOptions options;
};

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

bridge::Result<ParsedCommandLine> parse_command_line(const std::vector<std::string>& argv, const EnvLookup& env);
std::string help_text();
std::string version_text();

}  // namespace ipmiprov::cli

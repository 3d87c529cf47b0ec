#include "cli_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string_view>

#include <boost/program_options.hpp>

#include "bmc_commands.hpp"
#include "bridge/daemon_client.hpp"
#include "chassis_options.hpp"
#include "cim_options.hpp"
#include "fru_commands.hpp"
#include "hex_args.hpp"
#include "lan_options.hpp"
#include "option_errors.hpp"
#include "option_tables.hpp"
#include "sel_add.hpp"
#include "sensor_options.hpp"

namespace ipmiprov::cli {
namespace po = boost::program_options;
using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

// The option tables (option_tables.hpp): parsing and the help share them.
po::options_description connection_options() {
    po::options_description options("Connection (default: ipmiprovd when it runs, else the kernel device /dev/ipmi0)");
    options.add_options()("device", po::value<std::string>()->value_name("PATH"),
                          "Linux IPMI device (/dev/ipmiN, /dev/ipmi/N, /dev/ipmidev/N)")(
        "daemon", po::value<std::string>()->implicit_value(bridge::kDefaultDaemonSocket)->value_name("SOCKET"),
        "through ipmiprovd (default socket /run/ipmiprov/ipmiprovd.sock); used by default when it runs")(
        "no-daemon", "talk to the device even when ipmiprovd runs")(
        "fresh", "through ipmiprovd: have it read the BMC for this answer, not serve its snapshot (up to its max age)")(
        "sim", po::value<std::string>()->value_name("FIXTURE"),
        "the simulated BMC, from a JSON fixture or \"builtin\"")("timeout", po::value<double>()->value_name("SECONDS"),
                                                                 "per-request timeout (default 5)")(
        "retries", po::value<int>()->value_name("N"), "retries after a timeout or busy BMC (default 2)");
    tools::add_lan_options(options, tools::PasswordArgument::Allowed);  // shared with ipmiprovd
    return options;
}

po::options_description output_options() {
    po::options_description options("Output and commands");
    options.add_options()("json", "machine-readable JSON output")(
        "verbose,v", po::value<std::vector<int>>()->zero_tokens()->composing()->implicit_value(std::vector<int>{1}, ""),
        "trace every request and reply on stderr (may be repeated, as -vv)")(
        "lun", po::value<std::string>()->value_name("N"), "raw: LUN of the request (0..3)")(
        "target,t", po::value<std::string>()->value_name("ADDR"), "raw: bridge to this IPMB slave address (hex)")(
        "channel,b", po::value<std::string>()->value_name("N"),
        "raw: channel for --target (default 0); lan, users: this channel only")(
        "thresholds", "sensors: read and show the thresholds")(
        "problems", "sensors: only those whose severity is warning or critical")(
        "name", po::value<std::vector<std::string>>()->value_name("TEXT"),
        "sensors: names containing TEXT (repeatable)")(
        "type", po::value<std::vector<std::string>>()->value_name("TYPE"),
        "sensors: of this sensor type, a name (\"temperature\") or code (\"0x01\") (repeatable)")(
        "record-id", po::value<std::vector<std::string>>()->value_name("ID"),
        "sensors: this SDR record ID (repeatable)")(
        "number", po::value<std::vector<std::string>>()->value_name("N[.LUN[.OWNER]]"),
        "sensors: this sensor number, e.g. 0x30 or 0x30.0.0x20: one instance of a shared record (repeatable)")(
        "unit", po::value<std::vector<std::string>>()->value_name("TEXT"),
        "sensors: units containing TEXT (\"volts\", \"rpm\"; repeatable)")(
        "entity", po::value<std::vector<std::string>>()->value_name("ENTITY"),
        "sensors: entity names containing ENTITY (\"processor\", \"processor 2\") or ID.INSTANCE (\"3.2\")")(
        "severity", po::value<std::vector<std::string>>()->value_name("LEVEL"),
        "sensors: of this severity: nominal, warning, critical or unknown (repeatable)")(
        "exclude-name", po::value<std::vector<std::string>>()->value_name("TEXT"),
        "sensors: leave out names containing TEXT (repeatable)")(
        "exclude-type", po::value<std::vector<std::string>>()->value_name("TYPE"),
        "sensors: leave out this sensor type, as for --type (repeatable)")(
        "no-cache", "sensors, sdr, sel, cim: neither read nor write the caches")(
        "flush-cache", "sensors, sdr, sel, cim: read the BMC anew and rewrite the cache")(
        "cache-dir", po::value<std::string>()->value_name("DIR"),
        "sensors, sdr, sel, cim: the caches' directory (default: see docs/cli.md)")(
        "sdr-cache-directory", po::value<std::string>()->value_name("DIR"), "the same, as FreeIPMI's")(
        "last", po::value<std::string>()->value_name("N"), "sel list: the newest N entries")(
        "since", po::value<std::string>()->value_name("TIME"),
        "sel list: entries at or after TIME (2026-11-25T03:00:00Z, @SECONDS, -1d, -2h, today, yesterday)")(
        "until", po::value<std::string>()->value_name("TIME"), "sel list: entries at or before TIME (as --since)")(
        "localtime", "sel list, follow: times in the host's time zone (TZ), not UTC")(
        "os-event", po::value<std::string>()->value_name("KIND"),
        "sel add: boot-completed, graceful-shutdown, graceful-stop, critical-stop, critical-stop-during-load")(
        "raw", po::value<std::vector<std::string>>()->multitoken()->value_name("BYTES"),
        "sel add: a whole 16-byte SEL record, bytes in hex as raw takes them")(
        "yes", "sel clear, restore, chassis power: do not ask")(
        "set", po::value<std::string>()->value_name("TIME"),
        "sel time: set the SEL time (\"now\", or a TIME as for --since)")(
        "count", po::value<std::string>()->value_name("N"), "sel follow: stop after N new entries")(
        "interval", po::value<double>()->value_name("SECONDS"),
        "sel follow: polling interval without event delivery (default 2)")(
        "format", po::value<std::string>()->value_name("FORMAT"),
        "sensors, sdr list, sel list: table (default), csv or json; sensors also prometheus or openmetrics; "
        "cim: mof (default) or json")(
        "textfile", po::value<std::string>()->value_name("FILE.prom"),
        "sensors: write them as metrics to FILE.prom, atomically (node_exporter's textfile collector)")(
        "no-header", "sensors, sdr list, sel list: no header line (table, csv)")(
        "assoc-class", po::value<std::string>()->value_name("CLASS"),
        "cim associators/references: only through this association class")(
        "result-class", po::value<std::string>()->value_name("CLASS"), "cim associators: only instances of this class")(
        "property", po::value<std::vector<std::string>>()->value_name("NAME=VALUE"),
        "cim modify: the property to write (repeatable)")(
        "param", po::value<std::vector<std::string>>()->value_name("NAME=VALUE"),
        "cim invoke: a method parameter (repeatable; arrays a,b,c; references Class.Key=Value,...)")(
        "help,h", "show this help")("version", "show the version");
    options.add(chassis_options());
    options.add(fru_options());
    options.add(bmc_options());
    return options;
}

namespace {

constexpr std::array<const char*, 11> kCommands{"info", "raw", "sensors", "sdr", "sel",   "chassis",
                                                "fru",  "lan", "users",   "cim", "daemon"};
constexpr std::array<const char*, 7> kCimCommands{"classes",    "enumerate", "get",   "associators",
                                                  "references", "modify",    "invoke"};
constexpr std::array<const char*, 10> kSelCommands{"info", "list",   "follow", "clear",   "time",
                                                   "get",  "delete", "save",   "restore", "add"};

struct RawValues {
    std::optional<std::string> device, lan, sim, target, channel, lun, daemon;
    double timeout_seconds = 5.0;
    int retries = 2;
};

template <class T>
std::optional<T> optional_value(const po::variables_map& vm, const char* name) {
    if (vm.count(name) == 0) return std::nullopt;
    return vm[name].as<T>();
}

RawValues collect(const po::variables_map& vm) {
    RawValues raw;
    raw.device = optional_value<std::string>(vm, "device");
    raw.lan = optional_value<std::string>(vm, "lan");
    raw.sim = optional_value<std::string>(vm, "sim");
    raw.daemon = optional_value<std::string>(vm, "daemon");
    raw.target = optional_value<std::string>(vm, "target");
    raw.channel = optional_value<std::string>(vm, "channel");
    raw.lun = optional_value<std::string>(vm, "lun");
    raw.timeout_seconds = optional_value<double>(vm, "timeout").value_or(5.0);
    raw.retries = optional_value<int>(vm, "retries").value_or(2);
    return raw;
}

bridge::Status fill_raw_target(const RawValues& raw, bridge::Request& request) {
    if (raw.lun) {
        auto lun = parse_hex_byte(*raw.lun, "--lun");
        if (!lun.ok() || *lun > 3) return make_error(ErrorKind::InvalidArgument, "--lun must be 0..3");
        request.lun = *lun;
    }
    std::uint8_t channel = 0;
    if (raw.channel) {
        auto parsed = parse_hex_byte(*raw.channel, "--channel");
        if (!parsed.ok() || *parsed > 15) return make_error(ErrorKind::InvalidArgument, "--channel must be 0..15");
        if (!raw.target) return make_error(ErrorKind::InvalidArgument, "--channel goes with --target");
        channel = *parsed;
    }
    if (raw.target) {
        auto address = parse_hex_byte(*raw.target, "--target");
        if (!address.ok()) return address.error();
        request.target = bridge::Target::ipmb(channel, *address);
    }
    return bridge::success();
}

// raw NETFN CMD [BYTE...] into a request, so that bad bytes fail before connecting.
bridge::Status fill_raw_request(const RawValues& raw, CliOptions& options) {
    const bool channel_of_own = options.command == "lan" || options.command == "users";  // bmc_commands.cpp
    const bool has_target_options = raw.lun || raw.target || (raw.channel && !channel_of_own);
    if (options.command != "raw") {
        if (has_target_options)
            return make_error(ErrorKind::InvalidArgument,
                              "--lun and --target apply to raw only, --channel to raw, lan and users");
        return bridge::success();
    }
    auto& request = options.raw_request;
    auto netfn = parse_hex_byte(options.args[0], "NETFN");
    if (!netfn.ok()) return netfn.error();
    if (*netfn > 0x3F) return make_error(ErrorKind::InvalidArgument, "NETFN must be 00..3f");
    auto cmd = parse_hex_byte(options.args[1], "CMD");
    if (!cmd.ok()) return cmd.error();
    auto data = parse_hex_bytes({options.args.begin() + 2, options.args.end()});
    if (!data.ok()) return data.error();
    request.netfn = *netfn;
    request.cmd = *cmd;
    request.data = std::move(data.value());
    return fill_raw_target(raw, request);
}

// "-5" or "-1.5" is an argument (a threshold below zero: `sensors thresh
// "Temp" lnc -5`, as ipmitool takes it), not an option: we have no numeric ones.
std::vector<po::option> negative_number_as_argument(std::vector<std::string>& args) {
    if (args.empty()) return {};
    const auto& token = args.front();
    double value = 0;
    if (token.size() < 2 || token[0] != '-') return {};
    auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc{} || ptr != token.data() + token.size()) return {};
    po::option argument;  // no name: a positional argument
    argument.value.push_back(token);
    argument.original_tokens.push_back(token);
    args.erase(args.begin());
    return {argument};
}

// The sel options, each only with the subcommand it belongs to.
bridge::Status fill_sel_options(const po::variables_map& vm, CliOptions& options) {
    const std::string sub = options.command == "sel" && !options.args.empty() ? options.args[0] : "";
    if (sub == "get" || sub == "delete") {
        auto id = parse_record_id(options.args[1], "sel " + sub);
        if (!id.ok()) return id.error();
        options.sel_record_id = *id;
    }
    const auto only = [&](const char* option, const char* wanted) -> bridge::Status {
        if (vm.count(option) && sub != wanted) {
            return make_error(ErrorKind::InvalidArgument,
                              std::string("--") + option + " applies to sel " + wanted + " only");
        }
        return bridge::success();
    };
    for (auto [option, wanted] :
         {std::pair{"last", "list"}, std::pair{"since", "list"}, std::pair{"until", "list"}, std::pair{"set", "time"},
          std::pair{"count", "follow"}, std::pair{"interval", "follow"}}) {
        if (auto status = only(option, wanted); !status.ok()) return status;
    }
    if (vm.count("last")) {
        auto last = parse_count(vm["last"].as<std::string>(), "--last", 1, 65535);  // a SEL holds at most FFFFh
        if (!last.ok()) return last.error();
        options.last = *last;
    }
    for (auto [name, target] : {std::pair{"since", &options.since}, std::pair{"until", &options.until}}) {
        if (!vm.count(name)) continue;
        auto when = parse_time(vm[name].as<std::string>(), std::string("--") + name);
        if (!when.ok()) return when.error();
        *target = *when;
    }
    if (options.since && options.until && *options.until < *options.since)
        return make_error(ErrorKind::InvalidArgument, "--until is before --since: no entry could match");
    const bool chassis_power = options.command == "chassis" && !options.args.empty() && options.args[0] == "power";
    if (vm.count("yes") && sub != "clear" && sub != "restore" && !chassis_power)
        return make_error(ErrorKind::InvalidArgument, "--yes applies to sel clear and restore, and chassis power only");
    if (vm.count("localtime") && sub != "list" && sub != "follow")
        return make_error(ErrorKind::InvalidArgument, "--localtime applies to sel list and follow only");
    options.localtime = vm.count("localtime") > 0;
    options.yes = vm.count("yes") > 0;
    if (vm.count("set")) {
        const auto text = vm["set"].as<std::string>();
        auto when = text == "now" ? bridge::Result<std::uint32_t>(static_cast<std::uint32_t>(std::time(nullptr)))
                                  : parse_time(text, "--set");
        if (!when.ok()) return when.error();
        options.set_time = *when;
    }
    if (vm.count("count")) {
        auto count = parse_count(vm["count"].as<std::string>(), "--count", 1, 1'000'000'000);
        if (!count.ok()) return count.error();
        options.max_events = *count;
    }
    if (vm.count("interval")) {
        const double seconds = vm["interval"].as<double>();
        if (!(seconds >= 0.1) || seconds > 3600) {
            return make_error(ErrorKind::InvalidArgument, "--interval must be 0.1 to 3600 seconds");
        }
        options.poll_interval = std::chrono::milliseconds(std::lround(seconds * 1000));
    }
    return bridge::success();
}

// --textfile FILE.prom (sensors): node_exporter reads only *.prom files,
// and the metrics are Prometheus's text format unless --format says.
bridge::Status fill_textfile(const po::variables_map& vm, CliOptions& options) {
    if (!vm.count("textfile")) return bridge::success();
    if (options.command != "sensors") return make_error(ErrorKind::InvalidArgument, "--textfile applies to sensors");
    options.textfile = vm["textfile"].as<std::string>();
    if (options.textfile.extension() != ".prom")
        return make_error(ErrorKind::InvalidArgument,
                          "--textfile " + options.textfile.string() +
                              ": the name must end in .prom (node_exporter's textfile collector reads only those)");
    if (options.json) return make_error(ErrorKind::InvalidArgument, "--textfile writes metrics, not JSON");
    options.output = OutputFormat::Prometheus;
    return bridge::success();
}

// --format table|csv|json and --no-header: for the tables of sensors, sdr
// list and sel list/follow (cim has its own formats, mof|json).
bridge::Status fill_output_format(const po::variables_map& vm, CliOptions& options) {
    const bool tables = options.command == "sensors" || options.command == "sdr" ||
                        (options.command == "sel" && !options.args.empty() &&
                         (options.args[0] == "list" || options.args[0] == "follow"));
    if ((vm.count("format") || vm.count("no-header")) && !tables && options.command != "cim")
        return make_error(ErrorKind::InvalidArgument,
                          "--format and --no-header apply to sensors, sdr list, sel list and follow, and cim");
    if (vm.count("no-header") && options.command == "cim")
        return make_error(ErrorKind::InvalidArgument, "--no-header applies to tables, not to cim");
    options.header = vm.count("no-header") == 0;
    if (options.json) options.output = OutputFormat::Json;
    if (auto textfile = fill_textfile(vm, options); !textfile.ok()) return textfile;
    if (!vm.count("format") || !tables) return bridge::success();
    const auto format = vm["format"].as<std::string>();
    constexpr std::array<std::pair<const char*, OutputFormat>, 5> kFormats{
        {{"table", OutputFormat::Table},
         {"csv", OutputFormat::Csv},
         {"json", OutputFormat::Json},
         {"prometheus", OutputFormat::Prometheus},
         {"openmetrics", OutputFormat::OpenMetrics}}};
    const auto* found =
        std::find_if(kFormats.begin(), kFormats.end(), [&](const auto& f) { return format == f.first; });
    const bool metrics = found != kFormats.end() &&
                         (found->second == OutputFormat::Prometheus || found->second == OutputFormat::OpenMetrics);
    if (found == kFormats.end() || (metrics && options.command != "sensors"))
        return make_error(ErrorKind::InvalidArgument,
                          options.command == "sensors" ? "--format must be table, csv, json, prometheus or openmetrics"
                                                       : "--format must be table, csv or json");
    if (!options.textfile.empty() && found->second != OutputFormat::Prometheus)
        return make_error(ErrorKind::InvalidArgument,
                          "--textfile writes the Prometheus text format, the one node_exporter reads: --format "
                          "prometheus or none");
    if (options.json && found->second != OutputFormat::Json)
        return make_error(ErrorKind::InvalidArgument, "--json and --format " + format + " disagree");
    options.output = found->second;
    options.json = options.output == OutputFormat::Json;
    return bridge::success();
}

bridge::Status fill_engine_options(const RawValues& raw, CliOptions& options) {
    if (!(raw.timeout_seconds > 0.0) || raw.timeout_seconds > 600.0) {
        return make_error(ErrorKind::InvalidArgument, "--timeout must be more than 0 and at most 600 seconds");
    }
    if (raw.retries < 0 || raw.retries > 10) return make_error(ErrorKind::InvalidArgument, "--retries must be 0..10");
    options.timeout = std::chrono::milliseconds(static_cast<long>(std::lround(raw.timeout_seconds * 1000.0)));
    options.retries = raw.retries;
    return bridge::success();
}

// What ipmitool's users type, as ours: `sensor`, `sdr`/`sdr elist`, `sel`
// (ipmitool's sel alone is its info) and `sel elist`.
struct Alias {
    const char* command;
    const char* sub;  // "" for none, "*" for any
    const char* as_command;
    const char* as_sub;
};
constexpr std::array<Alias, 6> kAliases{{
    {"sensor", "*", "sensors", ""},
    {"sdr", "", "sdr", "list"},
    {"sdr", "elist", "sdr", "list"},
    {"sel", "", "sel", "info"},
    {"sel", "elist", "sel", "list"},
    {"user", "list", "users", ""},
}};

void apply_aliases(CliOptions& options) {
    const std::string sub = options.args.empty() ? "" : options.args[0];
    for (const auto& alias : kAliases) {
        if (options.command != alias.command || (sub != alias.sub && std::string_view(alias.sub) != "*")) continue;
        options.command = alias.as_command;
        if (*alias.as_sub == '\0') return;
        if (options.args.empty())
            options.args.emplace_back(alias.as_sub);
        else
            options.args[0] = alias.as_sub;
        return;
    }
}

bool is_command(const std::string& word) {
    return std::find(kCommands.begin(), kCommands.end(), word) != kCommands.end() ||
           std::any_of(kAliases.begin(), kAliases.end(), [&](const Alias& a) { return word == a.command; }) ||
           word == "help";
}

// `help COMMAND`, `COMMAND --help`: ipmitool's names are ours here too.
Result<ParsedCommandLine> help_for(const std::string& word) {
    CliOptions named;
    named.command = word;
    apply_aliases(named);
    if (named.command == "help") named.command.clear();
    if (!help_text(named.command)) {
        std::string topics;
        for (const auto& topic : help_topics()) topics += (topics.empty() ? "" : ", ") + topic;
        return make_error(ErrorKind::InvalidArgument, "no help for \"" + word + "\": the commands are " + topics);
    }
    ParsedCommandLine parsed{ParsedCommandLine::Action::ShowHelp, {}, named.command};
    return parsed;
}

bridge::Status check_command(const CliOptions& options) {
    if (options.command.empty()) return make_error(ErrorKind::InvalidArgument, "no command given (try --help)");
    if (std::find(kCommands.begin(), kCommands.end(), options.command) == kCommands.end()) {
        return make_error(ErrorKind::InvalidArgument, "unknown command \"" + options.command + "\" (try --help)");
    }
    if (options.command == "info" && !options.args.empty()) {
        return make_error(ErrorKind::InvalidArgument, "info takes no arguments");
    }
    if (options.command == "raw" && options.args.size() < 2) {
        return make_error(ErrorKind::InvalidArgument, "raw needs NETFN and CMD (e.g. raw 0x06 0x01)");
    }
    if (options.command == "sel") {
        const std::string sub = options.args.empty() ? "" : options.args[0];
        if (std::find(kSelCommands.begin(), kSelCommands.end(), sub) == kSelCommands.end())
            return make_error(ErrorKind::InvalidArgument,
                              "sel needs one of info, list, follow, clear, time, get, delete, save, restore, add");
        const bool takes_file = sub == "save" || sub == "restore";
        const bool takes_one = sub == "get" || sub == "delete" || takes_file;
        if (options.args.size() != (takes_one ? 2U : 1U))
            return make_error(ErrorKind::InvalidArgument,
                              takes_one ? "use sel " + sub + (takes_file ? " FILE" : " ID (e.g. 0x0001)")
                                        : "sel " + sub + " takes no arguments");
    }
    if (options.command == "sensors" && !options.args.empty() && options.args[0] != "thresh") {
        return make_error(ErrorKind::InvalidArgument,
                          "sensors takes no arguments but thresh (filters are --name, --type, --record-id)");
    }
    if (options.command == "cim") {
        const std::string sub = options.args.empty() ? "" : options.args[0];
        if (std::find(kCimCommands.begin(), kCimCommands.end(), sub) == kCimCommands.end())
            return make_error(ErrorKind::InvalidArgument,
                              "cim needs one of classes, enumerate, get, associators, references, modify, invoke");
        if (sub == "classes" && options.args.size() != 1)
            return make_error(ErrorKind::InvalidArgument, "cim classes takes no arguments");
        if (sub == "enumerate" && options.args.size() != 2)
            return make_error(ErrorKind::InvalidArgument, "use cim enumerate CLASS");
        if (sub != "classes" && options.args.size() < 2)
            return make_error(ErrorKind::InvalidArgument, "cim " + sub + " needs a CLASS");
        if (sub == "invoke" && options.args.size() < 3)
            return make_error(ErrorKind::InvalidArgument, "use cim invoke CLASS METHOD [KEY=VALUE...]");
    }
    if (options.command == "chassis") return check_chassis_command(options);
    if (options.command == "fru") return check_fru_command(options);
    if (options.command == "lan" || options.command == "users") return check_bmc_command(options);
    if (options.command == "daemon" && (options.args.size() != 1 || options.args[0] != "status"))
        return make_error(ErrorKind::InvalidArgument, "use daemon status");
    if (options.command == "sdr") {
        const bool list = options.args.size() == 1 && (options.args[0] == "list" || options.args[0] == "names");
        const bool dump = options.args.size() == 2 && options.args[0] == "dump";
        if (!list && !dump) return make_error(ErrorKind::InvalidArgument, "use sdr list, sdr names or sdr dump FILE");
    }
    return bridge::success();
}

}  // namespace

Result<ParsedCommandLine> parse_command_line(const std::vector<std::string>& argv, const EnvLookup& env,
                                             const tools::PasswordPrompt& prompt) {
    po::options_description all;
    all.add(connection_options()).add(output_options());
    all.add_options()("command", po::value<std::string>())("args", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("command", 1).add("args", -1);

    po::variables_map vm;
    try {
        const std::vector<std::string> arguments(argv.begin() + (argv.empty() ? 0 : 1), argv.end());
        po::store(po::command_line_parser(arguments)
                      .options(all)
                      .positional(positional)
                      .extra_style_parser(negative_number_as_argument)
                      .run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& error) {
        return make_error(ErrorKind::InvalidArgument, tools::option_error_text(error, argv));
    }

    const RawValues raw = collect(vm);
    ParsedCommandLine parsed;
    const std::string command = vm.count("command") ? vm["command"].as<std::string>() : "";
    const auto words = vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (vm.count("help")) {
        // FreeIPMI's -h is the host: `-h HOST` must not print the help and
        // exit 0, so that a wrapped script "succeeds" having read nothing.
        if (!command.empty() && !is_command(command))
            return make_error(ErrorKind::InvalidArgument,
                              "-h/--help takes no value, but \"" + command +
                                  "\" follows it: for a BMC over the network give -H HOST (--lan HOST)");
        return help_for(command);  // `ipmiprov sel list --help`: the help of sel
    }
    if (command == "help") return help_for(words.empty() ? "" : words.front());
    if (vm.count("version")) return ParsedCommandLine{ParsedCommandLine::Action::ShowVersion, {}, {}};

    auto& options = parsed.options;
    if (vm.count("command")) options.command = vm["command"].as<std::string>();
    if (vm.count("args")) options.args = vm["args"].as<std::vector<std::string>>();
    options.verbose = vm.count("verbose") > 0;
    options.fresh = vm.count("fresh") > 0;
    // -v: requests and the session set-up; -vv (or -v -v) also its packets.
    if (options.verbose) {
        const auto levels = vm["verbose"].as<std::vector<int>>().size();
        const auto vv = std::find_if(argv.begin(), argv.end(), [](const std::string& a) {
            return a.size() > 2 && a[0] == '-' && a[1] == 'v' && a.find_first_not_of('v', 1) == std::string::npos;
        });
        options.verbosity = static_cast<int>(std::max<std::size_t>(levels, vv != argv.end() ? vv->size() - 1 : 1));
    }
    options.json = vm.count("json") > 0;

    apply_aliases(options);
    if (auto status = check_command(options); !status.ok()) return status.error();
    for (const auto& status :
         {fill_raw_request(raw, options), fill_sensor_options(vm, options), fill_threshold_write(vm, options),
          fill_sel_options(vm, options), fill_sel_add_options(vm, options), fill_chassis_options(vm, options),
          fill_fru_options(vm, options), fill_bmc_options(vm, options), fill_output_format(vm, options),
          fill_cim_options(vm, options), fill_engine_options(raw, options)}) {
        if (!status.ok()) return status.error();
    }
    options.connect.device = raw.device;
    options.connect.sim = raw.sim;
    options.connect.daemon = raw.daemon;
    if (raw.daemon && vm.count("no-daemon"))
        return make_error(ErrorKind::InvalidArgument, "give --daemon or --no-daemon, not both");
    options.connect.daemon_when_running = vm.count("no-daemon") == 0;
    auto lan = tools::lan_options_from(vm, env, prompt);
    if (!lan.ok()) return lan.error();
    if (*lan) {
        (*lan)->connect_timeout = options.timeout;
        (*lan)->trace_packets = options.verbosity >= 2;
        options.connect.lan = std::move(*lan);
    }
    return parsed;
}

std::string version_text() {
    return std::string("ipmiprov ") + IPMIPROV_VERSION + "\n";
}

namespace {

// Midnight of the day `days_back` days before `now`, in the host's time zone.
std::time_t local_midnight(std::time_t now, int days_back) {
    std::tm tm{};
    localtime_r(&now, &tm);
    tm.tm_mday -= days_back;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;  // mktime finds whether daylight saving applied then
    return std::mktime(&tm);
}

// "-90s", "-30m", "-2h", "-1d", "-1w": that long before now (as journalctl's --since).
std::optional<std::int64_t> relative_seconds(const std::string& text) {
    constexpr std::array<std::pair<char, std::int64_t>, 5> kUnits{
        {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 7 * 86400}}};
    if (text.size() < 3 || text[0] != '-' || std::isdigit(static_cast<unsigned char>(text[1])) == 0)
        return std::nullopt;
    const auto* unit =
        std::find_if(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.first == text.back(); });
    if (unit == kUnits.end()) return std::nullopt;
    std::int64_t count = 0;
    auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + text.size() - 1, count);
    if (ec != std::errc{} || ptr != text.data() + text.size() - 1 || count > 100L * 366 * 86400) return std::nullopt;
    return count * unit->second;
}

}  // namespace

bridge::Result<std::uint32_t> parse_time(const std::string& text, const std::string& option, std::time_t now) {
    const auto bad = make_error(
        ErrorKind::InvalidArgument,
        option + " \"" + text + "\" is not a time (2026-11-25T03:00:00Z, @SECONDS, -1d, -2h, today, yesterday)");
    const auto in_range = [&](std::int64_t seconds) -> bridge::Result<std::uint32_t> {
        if (seconds < 0 || seconds > 0xFFFFFFFEL) return bad;
        return static_cast<std::uint32_t>(seconds);
    };
    if (text == "now") return in_range(now);
    if (text == "today") return in_range(local_midnight(now, 0));
    if (text == "yesterday") return in_range(local_midnight(now, 1));
    if (auto back = relative_seconds(text)) return in_range(now - *back);
    if (text.starts_with("@")) {
        std::uint32_t seconds = 0;
        auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), seconds);
        if (text.size() == 1 || ec != std::errc{} || ptr != text.data() + text.size()) return bad;
        return seconds;
    }
    std::tm tm{};
    for (const char* format : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"}) {
        tm = {};
        const char* end = strptime(text.c_str(), format, &tm);
        if (end != nullptr && *end == '\0') return in_range(timegm(&tm));
    }
    return bad;
}

}  // namespace ipmiprov::cli

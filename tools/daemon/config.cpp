#include "config.hpp"

#include <grp.h>

#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "bridge/panic_op.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/text.hpp"
#include "bridge/text_file.hpp"
#include "lan_options.hpp"
#include "option_errors.hpp"
#include "sel_log.hpp"

namespace ipmiprov::daemon {
namespace po = boost::program_options;
using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

namespace {

po::options_description options_description() {
    po::options_description options("ipmiprovd options (also as \"name = value\" lines in the config file)");
    options.add_options()("config", po::value<std::string>()->value_name("FILE"),
                          "config file (default /etc/ipmiprov/ipmiprovd.conf when it exists)")(
        "socket", po::value<std::string>()->value_name("PATH"), "Unix socket (default /run/ipmiprov/ipmiprovd.sock)")(
        "device", po::value<std::string>()->value_name("PATH"), "IPMI device (default: the first /dev/ipmiN)")(
        "sim", po::value<std::string>()->value_name("FIXTURE"), "the simulated BMC (tests, demos)")(
        "timeout", po::value<double>()->value_name("SECONDS"), "per-request timeout (default 5)")(
        "retries", po::value<int>()->value_name("N"), "retries per request (default 2)")(
        "interval", po::value<double>()->value_name("SECONDS"), "sensor refresh interval (default 30)")(
        "sel-interval", po::value<double>()->value_name("SECONDS"), "SEL poll interval (default 5)")(
        "max-age", po::value<double>()->value_name("SECONDS"),
        "a request for data older than this reads the BMC first (default 10)")(
        "inventory-interval", po::value<double>()->value_name("SECONDS"),
        "FRU data and users, once asked for, are read again this often (default 3600)")(
        "read-group", po::value<std::string>()->value_name("GROUP"), "besides root, who may read")(
        "write-group", po::value<std::string>()->value_name("GROUP"),
        "besides root, who may write (clear the SEL, set thresholds, raw commands)")(
        "cache-dir", po::value<std::string>()->value_name("DIR"), "SDR cache (default /var/cache/ipmiprov)")(
        "state-dir", po::value<std::string>()->value_name("DIR"),
        "the SEL store, kept across restarts (default /var/lib/ipmiprov; \"\": none)")(
        "system-name", po::value<std::string>()->value_name("NAME"), "CIM SystemName (default: the host name)")(
        "max-clients", po::value<std::size_t>()->value_name("N"),
        "clients served at once (default 64; the last slot is kept for root)")(
        "max-clients-per-user", po::value<std::size_t>()->value_name("N"),
        "clients of one user (not root) served at once (default 8)")(
        "idle-timeout", po::value<double>()->value_name("SECONDS"),
        "a connection with no request for this long is closed (default 300)")(
        "io-timeout", po::value<double>()->value_name("SECONDS"),
        "a request must arrive whole, and a reply be taken, within this time (default 10)")(
        "sel-log", po::value<std::string>()->value_name("WHERE"),
        "new SEL entries to: auto (the journal, else syslog), journal, syslog, none (default auto)")(
        "sel-log-backlog", "at the first start, log the entries already in the SEL too")(
        "sel-almost-full", po::value<unsigned>()->value_name("PERCENT"),
        "log a warning when the SEL is this full (default 90)")(
        "sel-archive-clear", "when the SEL is that full, save it to state-dir/sel-archive/ and clear it")(
        "subscriber-queue", po::value<std::size_t>()->value_name("N"),
        "SEL events a subscriber may fall behind before it loses some (default 4096)")(
        "panic-op", po::value<std::string>()->value_name("OP"),
        "set the kernel's ipmi_msghandler panic_op at start: none, event or string")(
        "metrics-listen", po::value<std::string>()->value_name("WHERE"),
        "serve /metrics (Prometheus, OpenMetrics) at PORT (on 127.0.0.1), ADDRESS:PORT, [IPv6]:PORT or "
        "unix:PATH (default: off)")("verbose,v", "log every refresh")("help,h", "show this help")("version",
                                                                                                  "show the version");
    tools::add_lan_options(options, tools::PasswordArgument::NotAllowed);  // the CLI's, shared
    return options;
}

// Where a setting came from, for its error: "FILE line N: ", or nothing for
// the command line.
using Origins = std::map<std::string, std::string>;

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

Result<std::chrono::milliseconds> seconds(const po::variables_map& vm, const char* name, double min, double max) {
    const double value = vm[name].as<double>();
    if (!(value >= min) || value > max)
        return make_error(ErrorKind::InvalidArgument, std::string("--") + name + " must be " + number_text(min) +
                                                          " to " + number_text(max) + " seconds");
    return std::chrono::milliseconds(std::lround(value * 1000));
}

bridge::Status fill_values(const po::variables_map& vm, const EnvLookup& env, DaemonConfig& c);

// The values, checked; an error names the file and line the value came from.
bridge::Status fill(const po::variables_map& vm, const EnvLookup& env, DaemonConfig& c, const Origins& origins) {
    auto filled = fill_values(vm, env, c);
    if (filled.ok()) return filled;
    auto error = filled.error();
    // The checks name the option as "--name"; the file writes it "name = …".
    for (const auto& [name, where] : origins) {
        if (error.message.find("--" + name + " ") == 0) {
            std::string rest = error.message.substr(name.size() + 2);
            error.message = where;
            error.message.append(": ").append(name).append(rest);
            break;
        }
    }
    return error;
}

bridge::Status fill_values(const po::variables_map& vm, const EnvLookup& env, DaemonConfig& c) {
    auto text = [&](const char* name, std::string& out) {
        if (vm.count(name)) out = vm[name].as<std::string>();
    };
    text("socket", c.socket);
    text("cache-dir", c.cache_dir);
    text("state-dir", c.state_dir);
    text("system-name", c.system_name);
    if (vm.count("read-group")) c.read_group = vm["read-group"].as<std::string>();
    if (vm.count("write-group")) c.write_group = vm["write-group"].as<std::string>();
    if (vm.count("device")) c.connect.device = vm["device"].as<std::string>();
    if (vm.count("sim")) c.connect.sim = vm["sim"].as<std::string>();
    if ((vm.count("device") > 0) + (vm.count("sim") > 0) + (vm.count("lan") > 0) > 1)
        return make_error(ErrorKind::InvalidArgument, "give one of --device, --lan and --sim");
    auto lan = tools::lan_options_from(vm, env);
    if (!lan.ok()) return lan.error();
    c.connect.lan = std::move(*lan);
    for (auto [name, target, min, max] :
         {std::tuple{"timeout", &c.timeout, 0.01, 600.0}, std::tuple{"interval", &c.interval, 1.0, 86400.0},
          std::tuple{"sel-interval", &c.sel_interval, 0.2, 86400.0}, std::tuple{"max-age", &c.max_age, 0.0, 86400.0},
          std::tuple{"inventory-interval", &c.inventory_interval, 1.0, 604800.0},
          std::tuple{"idle-timeout", &c.idle_timeout, 0.1, 86400.0},
          std::tuple{"io-timeout", &c.io_timeout, 0.05, 600.0}}) {
        if (!vm.count(name)) continue;
        auto value = seconds(vm, name, min, max);
        if (!value.ok()) return value.error();
        *target = *value;
    }
    if (c.connect.lan) c.connect.lan->connect_timeout = c.timeout;
    if (vm.count("retries")) {
        c.retries = vm["retries"].as<int>();
        if (c.retries < 0 || c.retries > 10) return make_error(ErrorKind::InvalidArgument, "--retries must be 0..10");
    }
    if (vm.count("max-clients")) {
        c.max_clients = vm["max-clients"].as<std::size_t>();
        if (c.max_clients == 0 || c.max_clients > 4096)
            return make_error(ErrorKind::InvalidArgument, "--max-clients must be 1..4096");
    }
    if (vm.count("max-clients-per-user")) {
        c.max_clients_per_user = vm["max-clients-per-user"].as<std::size_t>();
        if (c.max_clients_per_user == 0 || c.max_clients_per_user > 4096)
            return make_error(ErrorKind::InvalidArgument, "--max-clients-per-user must be 1..4096");
    }
    if (vm.count("sel-log")) {
        c.sel_log = vm["sel-log"].as<std::string>();
        if (!parse_sel_log_target(c.sel_log))
            return make_error(ErrorKind::InvalidArgument,
                              "--sel-log must be auto, journal, syslog or none, not \"" + c.sel_log + "\"");
    }
    c.sel_log_backlog = vm.count("sel-log-backlog") > 0;
    c.sel_archive_clear = vm.count("sel-archive-clear") > 0;
    if (vm.count("sel-almost-full")) {
        c.sel_almost_full = vm["sel-almost-full"].as<unsigned>();
        if (c.sel_almost_full < 1 || c.sel_almost_full > 100)
            return make_error(ErrorKind::InvalidArgument, "--sel-almost-full must be 1..100 (percent)");
    }
    if (vm.count("subscriber-queue")) {
        c.subscriber_queue = vm["subscriber-queue"].as<std::size_t>();
        if (c.subscriber_queue == 0 || c.subscriber_queue > 1000000)
            return make_error(ErrorKind::InvalidArgument, "--subscriber-queue must be 1..1000000");
    }
    if (vm.count("panic-op")) {
        c.panic_op = vm["panic-op"].as<std::string>();
        if (!bridge::is_panic_op(*c.panic_op))
            return make_error(ErrorKind::InvalidArgument,
                              "--panic-op must be none, event or string, not \"" + *c.panic_op + "\"");
    }
    if (vm.count("metrics-listen")) {
        const auto& where = vm["metrics-listen"].as<std::string>();
        c.metrics_listen.reset();
        if (!where.empty() && where != "off") {
            auto address = parse_listen_address(where);
            if (!address.ok()) return address.error();
            c.metrics_listen = *address;
        }
    }
    c.verbose = vm.count("verbose") > 0;
    return bridge::success();
}

// One line of the config file: `name = value`, with the quotes that docs and
// habit write taken off (`cache-dir = ""` is no cache, not a directory
// named ""); Boost reads everything after '=' literally.
std::string without_quotes(std::string line) {
    const auto equals = line.find('=');
    if (equals == std::string::npos) return line;
    const auto begin = line.find_first_not_of(" \t", equals + 1);
    const auto end = line.find_last_not_of(" \t\r");
    if (begin != std::string::npos && end > begin && (line[begin] == '"' || line[begin] == '\'') &&
        line[end] == line[begin])
        line = line.substr(0, equals + 1) + " " + line.substr(begin + 1, end - begin - 1);
    return line;
}

// "FILE line N: what".
std::string at(const std::string& where, const std::string& what) {
    std::string text = where;
    text.append(": ").append(what);
    return text;
}

std::string trimmed(const std::string& text) {
    return std::string(bridge::trimmed(text, " \t\r"));
}

// The config file, a line at a time, so that an error names its line
// ("/etc/ipmiprov/ipmiprovd.conf line 7: unrecognised option 'intervall'").
// Settings on the command line were stored first and win; `origins` gets
// "FILE line N" for each setting the file gave.
bridge::Status store_config_file(const std::string& file, const std::string& text,
                                 const po::options_description& description, po::variables_map& vm, Origins& origins) {
    std::istringstream in(text);
    std::map<std::string, std::size_t> seen;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const std::string where = file + " line " + std::to_string(number);
        const auto content = trimmed(line);
        if (content.empty() || content[0] == '#') continue;
        if (content[0] == '[')
            return make_error(ErrorKind::InvalidArgument,
                              at(where, "sections such as " + content + " are not used; write \"name = value\" lines"));
        const auto name = trimmed(content.substr(0, content.find('=')));
        if (const auto earlier = seen.find(name); earlier != seen.end() && content.find('=') != std::string::npos)
            return make_error(ErrorKind::InvalidArgument,
                              at(where, name + " is set already on line " + std::to_string(earlier->second)));
        seen.emplace(name, number);
        const bool from_command_line = vm.count(name) > 0;
        try {
            std::istringstream one(without_quotes(content) + "\n");
            po::store(po::parse_config_file(one, description), vm);
        } catch (const po::error& error) {
            return make_error(ErrorKind::InvalidArgument, at(where, tools::option_error_text(error, {content})));
        }
        if (!from_command_line) origins.emplace(name, where);
    }
    return bridge::success();
}

}  // namespace

Result<DaemonConfig> parse_daemon_config(const std::vector<std::string>& argv) {
    return parse_daemon_config(argv, tools::process_environment);
}

Result<DaemonConfig> parse_daemon_config(const std::vector<std::string>& argv, const EnvLookup& env) {
    DaemonConfig config;
    po::variables_map vm;
    Origins origins;
    const auto description = options_description();
    const std::vector<std::string>& words = argv;  // what the parser saw, for its error text
    try {
        const std::vector<std::string> arguments(argv.begin() + (argv.empty() ? 0 : 1), argv.end());
        po::store(po::command_line_parser(arguments).options(description).run(), vm);
        if (vm.count("help")) config.show_help = true;
        if (vm.count("version")) config.show_version = true;
        if (config.show_help || config.show_version) return config;
        std::string file;
        if (vm.count("config")) {
            file = vm["config"].as<std::string>();
        } else if (std::filesystem::exists(kDefaultConfigFile)) {
            file = kDefaultConfigFile;
        }
        if (!file.empty()) {
            constexpr std::size_t kLimit = std::size_t{1024} * 1024;
            // The file names who may write: only root (or the daemon's own
            // user) may have written it (issue 18).
            auto text = bridge::read_bounded_file(file, kLimit, "the config file", bridge::FileTrust::Private);
            if (!text.ok()) {
                if (text.error().kind == ErrorKind::InvalidArgument) return text.error();
                return make_error(ErrorKind::InvalidArgument, "refusing the config file: " + text.error().message);
            }
            if (auto stored = store_config_file(file, *text, description, vm, origins); !stored.ok())
                return stored.error();
            config.config_file = file;
        }
        po::notify(vm);
    } catch (const po::error& error) {
        return make_error(ErrorKind::InvalidArgument, tools::option_error_text(error, words));
    }
    if (auto status = fill(vm, env, config, origins); !status.ok()) return status.error();
    return config;
}

std::string daemon_help_text() {
    std::ostringstream out;
    out << "Usage: ipmiprovd [OPTIONS]\n\n"
           "The ipmiprov host daemon: owns the BMC connection, keeps the SDR, sensor\n"
           "readings and the SEL fresh, and serves ipmiprov, the provider library and\n"
           "CIM servers on a Unix socket.\n"
           "SIGTERM stops it; SIGHUP reloads the config file (access, intervals) and\n"
           "ends a wait after a refused BMC login: the BMC is tried again at once.\n\n"
        << options_description();
    return out.str();
}

Result<gid_t> resolve_group(const std::string& name) {
    gid_t number = 0;
    auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), number);
    group entry{};
    group* found = nullptr;
    std::vector<char> buffer(16384);
    if (ec == std::errc{} && ptr == name.data() + name.size()) {
        // A gid no group has is a typo: nobody could ever be in it.
        if (getgrgid_r(number, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr)
            return make_error(ErrorKind::InvalidArgument, "no group with gid " + name);
        return number;
    }
    if (getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr)
        return make_error(ErrorKind::InvalidArgument, "no group \"" + name + "\"");
    return entry.gr_gid;
}

bridge::Status check_startable(const DaemonConfig& config) {
    const auto& connect = config.connect;
    if (connect.sim && *connect.sim != bridge::kBuiltinFixtureName) {
        if (auto fixture = bridge::sim::load_fixture(*connect.sim); !fixture.ok())
            return make_error(ErrorKind::InvalidArgument, "--sim: " + fixture.error().message);
    }
    if (connect.lan && connect.lan->password.empty())
        return make_error(ErrorKind::InvalidArgument,
                          "--lan needs a password (--password-file, or IPMIPROV_PASSWORD in the environment): "
                          "sessions without one are refused");
    return bridge::success();
}

Result<AccessPolicy> access_policy(const DaemonConfig& config) {
    AccessPolicy policy;
    for (auto [name, target] :
         {std::pair{&config.read_group, &policy.read_group}, std::pair{&config.write_group, &policy.write_group}}) {
        if (!*name) continue;
        auto gid = resolve_group(**name);
        if (!gid.ok()) return gid.error();
        *target = *gid;
    }
    return policy;
}

}  // namespace ipmiprov::daemon

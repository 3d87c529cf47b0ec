// The command line of `ipmiprov`: global connection options, a command, its
// arguments. Parsing is separate from running so that it can be unit-tested.
#pragma once

#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bridge/connect.hpp"
#include "bridge/engine.hpp"
#include "bridge/result.hpp"
#include "lan_options.hpp"

namespace ipmiprov::cli {

// The tables' output (sensors, sdr list, sel list and follow); the sensors
// also as metrics (issue 25): the Prometheus text format or OpenMetrics.
enum class OutputFormat { Table, Csv, Json, Prometheus, OpenMetrics };

// --number: a sensor by its number, and where it lives.
struct SensorAddress {
    std::uint8_t number = 0;
    std::optional<std::uint8_t> lun;
    std::optional<std::uint8_t> owner;
};

struct CliOptions {
    bridge::ConnectOptions connect;
    std::chrono::milliseconds timeout{5000};
    int retries = 2;
    bool verbose = false;
    int verbosity = 0;  // how many -v: 1 requests and the session set-up, 2 also its packets
    bool json = false;
    bool fresh = false;  // --fresh: through ipmiprovd, data read for this answer, not its snapshot
    std::string command;
    std::vector<std::string> args;
    bridge::Request raw_request;  // raw: the request, validated at parse time
    // sensors / sdr
    bool thresholds = false;  // --thresholds: read them from the BMC and show them
    bool problems = false;    // --problems: only sensors whose severity is warning or critical
    std::vector<std::string> name_filters;
    std::vector<std::string> type_filters;
    std::vector<std::uint16_t> record_ids;
    std::vector<SensorAddress> numbers;
    std::vector<std::string> unit_filters;
    std::vector<std::string> entity_filters;
    std::vector<std::string> severity_filters;  // nominal, warning, critical, unknown
    std::vector<std::string> exclude_names;
    std::vector<std::string> exclude_types;
    OutputFormat output = OutputFormat::Table;  // --format; --json is Json
    bool header = true;                         // --no-header: false
    // --textfile FILE.prom: sensors as metrics written atomically there, for
    // node_exporter's textfile collector (Prometheus format unless --format says)
    std::filesystem::path textfile;
    bool no_cache = false;
    bool flush_cache = false;
    // --cache-dir / --sdr-cache-directory; empty: provider::sdr::default_cache_directory
    std::filesystem::path cache_dir;
    // sensors thresh NAME LEVEL VALUE (ipmitool's sensor thresh)
    struct ThresholdWrite {
        std::string sensor;
        std::size_t level = 0;  // provider::sdr::ThresholdIndex: lnr, lcr, lnc, unc, ucr, unr
        double value = 0;       // in the sensor's unit
    };
    std::optional<ThresholdWrite> threshold_write;
    // sel
    std::optional<std::size_t> last;                // list: the newest N entries
    std::optional<std::uint32_t> since;             // list: entries at or after this time (seconds since 1970, UTC)
    std::optional<std::uint32_t> until;             // list: entries at or before this time
    bool localtime = false;                         // list, follow: times in the host's time zone (TZ)
    bool yes = false;                               // clear: no confirmation
    std::optional<std::uint32_t> set_time;          // time: set the SEL time to this
    std::optional<std::uint16_t> sel_record_id;     // get, delete: the entry
    std::optional<std::size_t> max_events;          // follow: stop after N new entries
    std::optional<std::string> os_event;            // add: the OS event (--os-event KIND) ...
    std::vector<std::uint8_t> raw_record;           // ... or a whole 16-byte record (--raw BYTES)
    std::chrono::milliseconds poll_interval{2000};  // follow: how often to ask when there is no event delivery
    // follow: while the BMC does not answer, ask again after this, doubling up to the maximum (no option: tests)
    std::chrono::milliseconds outage_retry_first{1000};
    std::chrono::milliseconds outage_retry_max{30000};
    // chassis (chassis_options.cpp): power's action, bootdev's device, policy's policy
    std::string chassis_word;
    std::optional<std::uint8_t> identify_seconds;  // identify SECONDS
    bool identify_force = false;                   // identify --force
    bool identify_off = false;                     // identify --off
    std::optional<std::uint8_t> fru_id;            // fru --id N, fru print N
    std::optional<std::uint8_t> bmc_channel;       // lan, users --channel N
    bool all_users = false;                        // users --all
    bool boot_persistent = false;                  // bootdev --persistent
    bool boot_efi = false;                         // bootdev --efi
    // cim
    std::string cim_format = "mof";                                   // --format mof|json (--json: json)
    std::optional<std::string> association_class;                     // associators/references: --assoc-class
    std::optional<std::string> result_class;                          // associators: --result-class
    std::vector<std::pair<std::string, std::string>> cim_properties;  // modify: --property NAME=VALUE
    std::vector<std::pair<std::string, std::string>> cim_params;      // invoke: --param NAME=VALUE
};

// "2026-11-25T03:04:05Z", "2026-11-25 03:04:05" (UTC), "@SECONDS", "now",
// "today", "yesterday" (midnight in the host's time zone, TZ) or "-N" with
// s, m, h, d or w ("-1d": a day before `now`): seconds since 1970.
bridge::Result<std::uint32_t> parse_time(const std::string& text, const std::string& option,
                                         std::time_t now = std::time(nullptr));

struct ParsedCommandLine {
    enum class Action { Run, ShowHelp, ShowVersion };
    Action action = Action::Run;
    CliOptions options;
    std::string help_topic;  // ShowHelp: a command, or empty for the overview
};

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// `prompt` asks for a LAN password none of the options gave (main: the terminal).
bridge::Result<ParsedCommandLine> parse_command_line(const std::vector<std::string>& argv, const EnvLookup& env,
                                                     const tools::PasswordPrompt& prompt = {});
// The overview (empty `command`) or one command's help (help.cpp); nullopt
// for a command that has none.
std::optional<std::string> help_text(const std::string& command = {});
std::vector<std::string> help_topics();
std::string version_text();

}  // namespace ipmiprov::cli

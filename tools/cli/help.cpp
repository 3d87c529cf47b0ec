// `ipmiprov --help`, `ipmiprov help COMMAND`, `ipmiprov COMMAND --help`: the
// overview, and per command its usage, what it does, its options and
// examples. The texts are data; no line is wider than 80 columns (a test
// holds every text to that).
#include <boost/make_shared.hpp>
#include <boost/program_options.hpp>
#include <sstream>

#include "cli_options.hpp"
#include "option_tables.hpp"

namespace ipmiprov::cli {
namespace {

namespace po = boost::program_options;

struct CommandHelp {
    const char* command;
    const char* usage;                 // one or more "ipmiprov …" lines
    const char* about;                 // what it does, in a few lines
    std::vector<const char*> options;  // its options, by long name (output_options)
    const char* examples;
};

// The options every command takes besides its own.
const std::vector<const char*> kEveryCommand{"json", "verbose"};

const std::vector<CommandHelp>& command_helps() {
    static const std::vector<CommandHelp> helps{
        {"info",
         "ipmiprov [CONNECTION] info [--json]",
         "The BMC's identity (Get Device ID): firmware and IPMI version,\n"
         "manufacturer, product, what it supports, and the interface used.",
         {},
         "  ipmiprov info\n"
         "  ipmiprov -H 10.0.0.9 -U admin -E info --json\n"},
        {"raw",
         "ipmiprov [CONNECTION] raw NETFN CMD [BYTE...] [--lun N] [-t ADDR [-b N]]",
         "One IPMI request, bytes in hex (0x optional: 10 is 10h, as in\n"
         "FreeIPMI's ipmi-raw; ipmitool raw reads a bare 10 as decimal). Prints\n"
         "the reply's data in hex, 16 bytes to a line; a completion code other\n"
         "than 00h is named, with exit 1.",
         {"lun", "target", "channel"},
         "  ipmiprov raw 0x06 0x01              Get Device ID\n"
         "  ipmiprov raw 0x04 0x2d 0x30         Get Sensor Reading, sensor 30h\n"
         "  ipmiprov raw -t 0x2c 0x06 0x01      bridged to the controller at 2Ch\n"},
        {"sensors",
         "ipmiprov [CONNECTION] sensors [--thresholds] [--problems] [FILTERS]\n"
         "ipmiprov [CONNECTION] sensors thresh NAME LEVEL VALUE",
         "Every sensor: record ID, name, type, reading, unit, status, severity\n"
         "(nominal, warning, critical, unknown) and states in words. The SDRs\n"
         "are cached and checked with one request. `sensors thresh` sets one\n"
         "threshold (LEVEL unc, ucr, unr, lnc, lcr or lnr; VALUE in the\n"
         "sensor's unit), to the nearest value the sensor holds, read back.\n"
         "ipmitool's `sensor` works too.",
         {"thresholds", "problems", "severity", "name", "exclude-name", "type", "exclude-type", "record-id", "number",
          "unit", "entity", "format", "no-header", "textfile", "no-cache", "flush-cache", "cache-dir",
          "sdr-cache-directory"},
         "  ipmiprov sensors --problems                 what needs attention\n"
         "  ipmiprov sensors --format openmetrics       as metrics (or prometheus)\n"
         "  ipmiprov sensors --textfile /var/lib/prometheus/node-exporter/ipmi.prom\n"
         "  ipmiprov sensors --type temperature --thresholds\n"
         "  ipmiprov sensors --record-id 0x0010 --json\n"
         "  ipmiprov sensors --entity \"processor 2\" --unit degrees --format csv\n"
         "  ipmiprov sensors --number 0x12        one instance of a shared record\n"
         "  ipmiprov sensors thresh \"CPU Temp\" unc 80\n"
         "  ipmiprov sensors thresh \"Inlet Temp\" lnc -5\n"},
        {"sdr",
         "ipmiprov [CONNECTION] sdr list\nipmiprov [CONNECTION] sdr dump FILE\n"
         "ipmiprov sdr names [--cache-dir DIR]",
         "The SDR repository's records, decoded (`sdr list`; ipmitool's `sdr`\n"
         "and `sdr elist` too), or written raw to FILE in the format of\n"
         "ipmitool's `sdr dump`. `sdr names`: the sensor names in the SDR\n"
         "caches of the cache directory, one a line, without asking the BMC\n"
         "(for shell completion).",
         {"format", "no-header", "no-cache", "flush-cache", "cache-dir", "sdr-cache-directory"},
         "  ipmiprov sdr list\n"
         "  ipmiprov sdr dump /tmp/bmc.sdr\n"
         "  ipmiprov sdr names\n"},
        {"sel",
         "ipmiprov [CONNECTION] sel info|list|follow|clear|time\n"
         "ipmiprov [CONNECTION] sel get|delete ID\n"
         "ipmiprov [CONNECTION] sel save|restore FILE\n"
         "ipmiprov [CONNECTION] sel add --os-event KIND | --raw BYTES",
         "The System Event Log. `sel info` (also `sel` alone): entries, free\n"
         "space, timestamps. `sel list` (also `sel elist`): entries decoded,\n"
         "with severity; only new entries are read once a list is cached.\n"
         "`sel follow`: new entries as they come, until Ctrl-C. `sel clear`:\n"
         "erase it (asks; a no is exit 6). `sel time`: the SEL clock against\n"
         "the host's. `sel get ID`: one entry, every field. `sel delete ID`:\n"
         "delete one. `sel save FILE`: every entry raw, 16 bytes each (the\n"
         "format of ipmitool's sel writeraw). `sel restore FILE`: adds a saved\n"
         "file's entries (asks); they get new record IDs, and most BMCs stamp\n"
         "them with their own clock. `sel add --os-event KIND`: an event of\n"
         "the OS (OS Boot, OS Stop), as a Platform Event Message, else with\n"
         "Add SEL Entry; `sel add --raw BYTES`: one whole 16-byte record.",
         {"last", "since", "until", "localtime", "severity", "name", "type", "record-id", "count", "interval", "yes",
          "set", "os-event", "raw", "format", "no-header", "no-cache", "flush-cache", "cache-dir"},
         "  ipmiprov sel list --last 20\n"
         "  ipmiprov sel list --since 2026-11-25T03:00:00Z --json\n"
         "  ipmiprov sel list --since yesterday --severity critical --localtime\n"
         "  ipmiprov sel follow --count 1\n"
         "  ipmiprov sel get 0x0010\n"
         "  ipmiprov sel save /var/tmp/sel-$(date +%F).raw\n"
         "  ipmiprov sel restore /var/tmp/sel-2026-12-01.raw --yes\n"
         "  ipmiprov sel clear --yes\n"
         "  ipmiprov sel time --set now\n"
         "  ipmiprov sel add --os-event boot-completed\n"
         "  ipmiprov sel add --raw 00 00 02 00 00 00 00 41 00 04 20 00 6f 03 ff ff\n"},
        {"chassis",
         "ipmiprov [CONNECTION] chassis status\n"
         "ipmiprov [CONNECTION] chassis power status|on|off|cycle|reset|soft|diag\n"
         "ipmiprov [CONNECTION] chassis identify [SECONDS] [--force|--off]\n"
         "ipmiprov [CONNECTION] chassis bootdev DEVICE [--persistent] [--efi]\n"
         "ipmiprov [CONNECTION] chassis policy always-on|previous|always-off|list",
         "The chassis. `status`: power, faults, restore policy, intrusion,\n"
         "front panel, identify, restart cause, power-on hours, boot device.\n"
         "`power`: on, off (hard), cycle, reset (hard), soft (ACPI shutdown),\n"
         "diag (NMI); asks on a terminal, needs --yes otherwise (a no is exit\n"
         "6). `identify`: the identify light for SECONDS (default 15; 0 or\n"
         "--off: off; --force: until turned off). `bootdev`: the next boot's\n"
         "device (none, pxe, disk, safe, diag, cdrom, bios, floppy; remote-*).\n"
         "`policy`: what the chassis does when AC power returns. A control\n"
         "request is sent once: after a lost reply, check before repeating.",
         {"yes", "force", "off", "persistent", "efi"},
         "  ipmiprov chassis status\n"
         "  ipmiprov -H 10.0.0.9 -U admin -E chassis power cycle --yes\n"
         "  ipmiprov chassis identify 60\n"
         "  ipmiprov chassis bootdev pxe --efi\n"
         "  ipmiprov chassis policy previous\n"},
        {"fru",
         "ipmiprov [CONNECTION] fru [--id N] [--json]\n"
         "ipmiprov [CONNECTION] fru print [ID]",
         "The FRU inventory: FRU device 0 of the BMC and every device of the\n"
         "SDR's FRU locator records, each with its chassis, board and product\n"
         "areas (part and serial numbers, manufacturer, manufacturing date in\n"
         "UTC) and its multi-records (power supply, DC output and load, ...).\n"
         "A checksum that fails or data that ends early is named with its\n"
         "offset, and the rest is shown. Exit 1 when a device cannot be read.",
         {"id", "json"},
         "  ipmiprov fru\n"
         "  ipmiprov fru --id 1 --json\n"},
        {"lan",
         "ipmiprov [CONNECTION] lan [--channel N] [--json]\n"
         "ipmiprov [CONNECTION] lan print [N]",
         "The BMC's network configuration, read-only: IP address and its\n"
         "source, subnet mask, MAC, gateways, VLAN, and the RMCP+ cipher\n"
         "suites with the highest privilege each allows. Every LAN channel\n"
         "the BMC has (Get Channel Info, channels 1 to 11), or --channel's.",
         {"channel", "json"},
         "  ipmiprov lan\n"
         "  ipmiprov -H 10.0.0.9 -U admin -E lan --json\n"},
        {"users",
         "ipmiprov [CONNECTION] users [--channel N] [--all] [--json]\n"
         "ipmiprov [CONNECTION] user list [N]",
         "The BMC's users, read-only and never a password: each configured\n"
         "user ID (named, enabled, or with access on a channel; --all: every\n"
         "ID) with its name, whether it is enabled (\"-\" when the BMC does\n"
         "not say), and on each LAN channel (or --channel's) its privilege\n"
         "limit and whether it may use IPMI messaging and link auth.",
         {"channel", "all", "json"},
         "  ipmiprov users\n"
         "  ipmiprov users --channel 1 --json\n"},
        {"cim",
         "ipmiprov [CONNECTION] cim classes\n"
         "ipmiprov [CONNECTION] cim enumerate CLASS\n"
         "ipmiprov [CONNECTION] cim get|associators|references CLASS KEY=VALUE...\n"
         "ipmiprov [CONNECTION] cim modify CLASS KEY=VALUE... --property N=V\n"
         "ipmiprov [CONNECTION] cim invoke CLASS METHOD [KEY=V...] [--param N=V...]",
         "The CIM model a CIM server's provider serves (DSP1009 Sensors,\n"
         "DSP1010 Record Log, DSP1027 Power State Management), read here and\n"
         "now, without a CIM server. A DMTF parent class (CIM_Sensor) returns\n"
         "ours that derive from it. `invoke` takes a method's parameters,\n"
         "typed as its MOF declares them: arrays a,b,c; a reference as\n"
         "Class.Key=Value,... (docs/cli.md).",
         {"format", "assoc-class", "result-class", "property", "param", "no-cache", "flush-cache", "cache-dir"},
         "  ipmiprov cim classes\n"
         "  ipmiprov cim enumerate CIM_NumericSensor --format json\n"
         "  ipmiprov cim get IPMIProv_NumericSensor DeviceID=114.0.32\n"
         "  ipmiprov cim invoke IPMIProv_RecordLog ClearLog\n"
         "  ipmiprov cim invoke IPMIProv_PowerManagementService \\\n"
         "      RequestPowerStateChange --param PowerState=5\n"},
        {"daemon",
         "ipmiprov [--daemon SOCKET] daemon status [--json]",
         "What ipmiprovd is doing: its BMC, the connection and its last error\n"
         "(a refused login waits, doubling, before the next), the age of its\n"
         "snapshots, its counters. Asks the daemon, never the BMC. Exit 3\n"
         "while the daemon cannot reach its BMC or is not running.",
         {},
         "  ipmiprov daemon status\n"
         "  ipmiprov --daemon /tmp/ipmiprovd.sock daemon status --json\n"},
    };
    return helps;
}

const CommandHelp* find_help(const std::string& command) {
    for (const auto& help : command_helps())
        if (command == help.command) return &help;
    return nullptr;
}

std::string overview() {
    std::ostringstream out;
    out << "Usage: ipmiprov [OPTIONS] COMMAND [ARGS]\n"
           "       ipmiprov help COMMAND    (or COMMAND --help): options, examples\n\n"
           "Commands:\n"
           "  info                        the BMC's identity and the interface\n"
           "  raw NETFN CMD [BYTE...]     one request, bytes in hex (ipmi-raw)\n"
           "  sensors                     every sensor: reading, status, severity\n"
           "  sensors thresh NAME L V     set one threshold, read it back\n"
           "  sdr list | dump FILE        the SDR repository, decoded or raw\n"
           "  sdr names                   sensor names in the SDR cache (no BMC)\n"
           "  sel info|list|follow|clear|time   the System Event Log\n"
           "  sel get|delete ID            one entry\n"
           "  sel save|restore FILE       every entry, raw; back into a BMC\n"
           "  sel add --os-event KIND      an event of the OS (boot, shutdown)\n"
           "  chassis status|power|identify|bootdev|policy   the chassis: power,\n"
           "                              identify light, boot device (ipmitool's)\n"
           "  cim classes|enumerate|get|associators|references|modify|invoke\n"
           "                              the CIM model a CIM server serves\n"
           "  daemon status               what ipmiprovd does, and its BMC\n"
           "ipmitool's names work too: sensor, sdr elist, sel (sel info), sel elist.\n\n"
        << connection_options() << "\n";
    po::options_description common("Output");
    const auto all = output_options();
    for (const char* name : {"json", "verbose", "help", "version"})
        common.add(boost::make_shared<po::option_description>(all.find(name, false)));
    out << common << "\n"
        << "The LAN password: --password-file, IPMIPROV_PASSWORD, IPMI_PASSWORD\n"
           "(-E), or asked on a terminal.\n"
           "Exit codes: 0 ok, 1 the BMC refused the command, 2 bad arguments,\n"
           "3 no connection, 4 the BMC did not answer, 5 malformed reply,\n"
           "6 a question was answered no.\n";
    return out.str();
}

std::string command_text(const CommandHelp& help) {
    std::ostringstream out;
    std::istringstream usage(help.usage);
    bool first = true;
    for (std::string line; std::getline(usage, line); first = false)
        out << (first ? "Usage: " : "       ") << line << '\n';
    out << '\n' << help.about << "\n\n";
    po::options_description options("Options");
    const auto all = output_options();
    for (const char* name : help.options)
        options.add(boost::make_shared<po::option_description>(all.find(name, false)));
    for (const char* name : kEveryCommand)
        options.add(boost::make_shared<po::option_description>(all.find(name, false)));
    out << options << "\nExamples:\n"
        << help.examples << "\nCONNECTION: -H HOST -U USER (LAN), --device, --daemon, --sim: ipmiprov --help\n";
    return out.str();
}

}  // namespace

std::vector<std::string> help_topics() {
    std::vector<std::string> topics;
    for (const auto& help : command_helps()) topics.emplace_back(help.command);
    return topics;
}

std::optional<std::string> help_text(const std::string& command) {
    if (command.empty()) return overview();
    const auto* help = find_help(command);
    if (help == nullptr) return std::nullopt;
    return command_text(*help);
}

}  // namespace ipmiprov::cli

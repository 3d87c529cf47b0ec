// The options of `sensors`: its filters (checked here, so that a typo is an
// error and never an empty table, which a script reads as "all fine") and
// `sensors thresh`.
#include "sensor_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "hex_args.hpp"

namespace ipmiprov::cli {
namespace {

namespace po = boost::program_options;
using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

// The options only `sensors` takes.
constexpr std::array<const char*, 11> kSensorOnly{"thresholds", "problems",     "name",        "type",
                                                  "record-id",  "number",       "unit",        "entity",
                                                  "severity",   "exclude-name", "exclude-type"};

constexpr std::array<const char*, 4> kSeverities{"nominal", "warning", "critical", "unknown"};

std::vector<std::string> strings(const po::variables_map& vm, const char* name) {
    return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

// "0x30", "48", "0x30.1", "0x30.0.0x20": number[.lun[.owner]], each hex with 0x or decimal.
Result<SensorAddress> parse_address(const std::string& text) {
    const auto bad = make_error(ErrorKind::InvalidArgument,
                                "--number \"" + text + "\" is not NUMBER[.LUN[.OWNER]] (e.g. 0x30, 0x30.0.0x20)");
    std::vector<unsigned> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('.', start), text.size());
        const std::string part = text.substr(start, end - start);
        const bool hex = part.starts_with("0x") || part.starts_with("0X");
        const char* begin = part.data() + (hex ? 2 : 0);
        unsigned value = 0;
        auto [ptr, ec] = std::from_chars(begin, part.data() + part.size(), value, hex ? 16 : 10);
        if (begin == part.data() + part.size() || ec != std::errc{} || ptr != part.data() + part.size() || value > 0xFF)
            return bad;
        parts.push_back(value);
        start = end + 1;
    }
    if (parts.empty() || parts.size() > 3 || (parts.size() > 1 && parts[1] > 3)) return bad;
    SensorAddress address{static_cast<std::uint8_t>(parts[0]), std::nullopt, std::nullopt};
    if (parts.size() > 1) address.lun = static_cast<std::uint8_t>(parts[1]);
    if (parts.size() > 2) address.owner = static_cast<std::uint8_t>(parts[2]);
    return address;
}

bridge::Status fill_sensor_filters(const po::variables_map& vm, CliOptions& options) {
    for (const auto& text : strings(vm, "number")) {
        auto address = parse_address(text);
        if (!address.ok()) return address.error();
        options.numbers.push_back(*address);
    }
    for (const auto& level : strings(vm, "severity")) {
        if (std::find(kSeverities.begin(), kSeverities.end(), level) == kSeverities.end())
            return make_error(ErrorKind::InvalidArgument,
                              "--severity \"" + level + "\" is not one of nominal, warning, critical, unknown");
        options.severity_filters.push_back(level);
    }
    if (!options.severity_filters.empty() && options.problems)
        return make_error(ErrorKind::InvalidArgument, "give --problems or --severity, not both");
    options.unit_filters = strings(vm, "unit");
    options.entity_filters = strings(vm, "entity");
    options.exclude_names = strings(vm, "exclude-name");
    options.exclude_types = strings(vm, "exclude-type");
    for (const auto& filter : options.exclude_types)
        if (auto known = check_sensor_type_filter(filter); !known.ok()) return known.error();
    return bridge::success();
}

// ipmitool's threshold names (sensor thresh), FreeIPMI's words, and the
// short forms; in the order of provider::sdr::ThresholdIndex.
struct ThresholdLevel {
    const char* name;
    std::size_t index;
};
constexpr std::array<ThresholdLevel, 14> kThresholdLevels{{
    {"lnr", 0},
    {"lcr", 1},
    {"lc", 1},
    {"lnc", 2},
    {"unc", 3},
    {"ucr", 4},
    {"uc", 4},
    {"unr", 5},
    {"lower-non-recoverable", 0},
    {"lower-critical", 1},
    {"lower-non-critical", 2},
    {"upper-non-critical", 3},
    {"upper-critical", 4},
    {"upper-non-recoverable", 5},
}};

}  // namespace

bridge::Status fill_sensor_options(const po::variables_map& vm, CliOptions& options) {
    const bool sensors = options.command == "sensors";
    const bool sdr = options.command == "sdr";
    // The SEL's list takes the filters that mean the same for an entry:
    // its sensor's name and type, its record ID, its severity.
    const bool sel_list =
        options.command == "sel" && !options.args.empty() && (options.args[0] == "list" || options.args[0] == "follow");
    for (const char* name : kSensorOnly) {
        if (!vm.count(name) || sensors) continue;
        const std::string_view option(name);
        const bool for_sel = option == "name" || option == "type" || option == "record-id" || option == "severity";
        if (!(sel_list && for_sel))
            return make_error(ErrorKind::InvalidArgument, std::string("--") + name +
                                                              (for_sel ? " applies to sensors and sel list/follow only"
                                                                       : " applies to sensors only"));
    }
    const bool cached =
        sensors || sdr || options.command == "sel" || options.command == "cim" || options.command == "fru";
    if ((vm.count("no-cache") || vm.count("flush-cache")) && !cached) {
        return make_error(ErrorKind::InvalidArgument,
                          "--no-cache and --flush-cache apply to sensors, sdr, sel, fru and cim");
    }
    if (vm.count("no-cache") && vm.count("flush-cache")) {
        return make_error(ErrorKind::InvalidArgument, "give --no-cache or --flush-cache, not both");
    }
    if (vm.count("cache-dir") && vm.count("sdr-cache-directory"))
        return make_error(ErrorKind::InvalidArgument, "give --cache-dir or --sdr-cache-directory, not both");
    for (const char* name : {"cache-dir", "sdr-cache-directory"}) {
        if (!vm.count(name)) continue;
        if (!cached)
            return make_error(ErrorKind::InvalidArgument,
                              std::string("--") + name + " applies to sensors, sdr, sel, fru and cim");
        options.cache_dir = vm[name].as<std::string>();
        if (options.cache_dir.empty())
            return make_error(ErrorKind::InvalidArgument,
                              std::string("--") + name + " needs a directory (--no-cache: none)");
    }
    options.thresholds = vm.count("thresholds") > 0;
    options.problems = vm.count("problems") > 0;
    options.no_cache = vm.count("no-cache") > 0;
    options.flush_cache = vm.count("flush-cache") > 0;
    if (vm.count("name")) options.name_filters = vm["name"].as<std::vector<std::string>>();
    if (vm.count("type")) {
        options.type_filters = vm["type"].as<std::vector<std::string>>();
        for (const auto& filter : options.type_filters)
            if (auto known = check_sensor_type_filter(filter); !known.ok()) return known.error();
    }
    if (vm.count("record-id")) {
        for (const auto& text : vm["record-id"].as<std::vector<std::string>>()) {
            auto id = parse_record_id(text, "--record-id");
            if (!id.ok()) return id.error();
            options.record_ids.push_back(*id);
        }
    }
    return fill_sensor_filters(vm, options);
}

// sensors thresh NAME LEVEL VALUE: checked here, so that a typo never reaches the BMC.
bridge::Status fill_threshold_write(const po::variables_map& vm, CliOptions& options) {
    if (options.command != "sensors" || options.args.empty()) return bridge::success();
    if (options.args.size() != 4)
        return make_error(ErrorKind::InvalidArgument,
                          "use sensors thresh NAME unc|ucr|unr|lnc|lcr|lnr VALUE (e.g. sensors thresh \"CPU Temp\" "
                          "unc 80)");
    if (vm.count("name") || vm.count("type") || vm.count("record-id") || vm.count("problems") || vm.count("thresholds"))
        return make_error(ErrorKind::InvalidArgument, "sensors thresh names its sensor: no filters");
    const auto& level = options.args[2];
    const auto* found = std::find_if(kThresholdLevels.begin(), kThresholdLevels.end(),
                                     [&](const ThresholdLevel& l) { return lower(level) == l.name; });
    if (found == kThresholdLevels.end())
        return make_error(ErrorKind::InvalidArgument,
                          "\"" + level + "\" is not a threshold: give unc, ucr, unr, lnc, lcr or lnr");
    const auto& text = options.args[3];
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(value))
        return make_error(ErrorKind::InvalidArgument,
                          "\"" + text + "\" is not a number (a threshold in the sensor's unit, e.g. 80 or 11.4)");
    options.threshold_write = CliOptions::ThresholdWrite{options.args[1], found->index, value};
    return bridge::success();
}

}  // namespace ipmiprov::cli

#include "fru_commands.hpp"

#include <charconv>

#include "bridge/device_id.hpp"
#include "bridge/json_text.hpp"
#include "exit_codes.hpp"
#include "provider/fru/output.hpp"
#include "provider/sdr/cache.hpp"

namespace ipmiprov::cli {
namespace po = boost::program_options;
namespace fru = provider::fru;
namespace sdr = provider::sdr;
using bridge::ErrorKind;
using bridge::make_error;

po::options_description fru_options() {
    po::options_description options("Inventory");
    options.add_options()("id", po::value<std::string>()->value_name("N"), "fru: only FRU device N (0..254)");
    return options;
}

namespace {

std::optional<std::uint8_t> parse_id(const std::string& text) {
    unsigned value = 0;
    const int base = text.starts_with("0x") || text.starts_with("0X") ? 16 : 10;
    const char* begin = text.data() + (base == 16 ? 2 : 0);
    auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), value, base);
    if (begin == text.data() + text.size() || ec != std::errc{} || ptr != text.data() + text.size() || value > 254)
        return std::nullopt;
    return static_cast<std::uint8_t>(value);
}

// The devices to read: the listed ones, or only --id's. A --id no record
// names is still asked of the BMC (as ipmitool's `fru print ID` does).
std::vector<fru::Device> devices_to_read(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    std::uint8_t support = 0;
    if (auto id = bridge::get_device_id(engine); id.ok()) support = id->device_support;
    std::vector<sdr::Record> records;
    sdr::CacheOptions cache{!options.no_cache, options.flush_cache, cache_directory(options), std::chrono::minutes(5)};
    auto opened = sdr::open_repository(engine, sdr::CacheKey{engine.transport_description(), 0, 0, 0}, cache);
    if (opened.ok())
        records = std::move(opened->repository.records);
    else
        streams.err << "ipmiprov: note: FRU device locators not known (SDR repository: " << opened.error().message
                    << "): FRU device 0 only\n";
    auto devices = fru::list_devices(options.fru_id ? 0x08 : support, records);
    if (!options.fru_id) return devices;
    std::erase_if(devices, [&](const fru::Device& d) {
        return !d.logical || d.id != *options.fru_id || d.target != bridge::Target::bmc();
    });
    if (devices.empty()) {
        fru::Device asked;
        asked.id = *options.fru_id;
        devices.push_back(std::move(asked));
    }
    return devices;
}

}  // namespace

bridge::Status check_fru_command(const CliOptions& options) {
    const auto& args = options.args;
    if (args.empty() || (args[0] == "print" && args.size() <= 2)) return bridge::success();
    return make_error(ErrorKind::InvalidArgument, "use fru [--id N] (or ipmitool's fru print [ID])");
}

bridge::Status fill_fru_options(const po::variables_map& vm, CliOptions& options) {
    if (vm.count("id") && options.command != "fru")
        return make_error(ErrorKind::InvalidArgument, "--id applies to fru only");
    if (options.command != "fru") return bridge::success();
    std::optional<std::string> text;
    if (vm.count("id")) text = vm["id"].as<std::string>();
    if (options.args.size() == 2) {
        if (text) return make_error(ErrorKind::InvalidArgument, "fru: give the ID once (print ID or --id)");
        text = options.args[1];
    }
    if (!text) return bridge::success();
    options.fru_id = parse_id(*text);
    if (!options.fru_id)
        return make_error(ErrorKind::InvalidArgument, "fru: ID \"" + *text + "\" is not 0 to 254 (FFh is reserved)");
    return bridge::success();
}

namespace {

// Read here (directly, or through the daemon's pass-through).
bridge::Result<std::vector<fru::DeviceReport>> read_here(bridge::Engine& engine, const CliOptions& options,
                                                         Streams streams) {
    fru::Reader reader(engine);
    std::vector<fru::DeviceReport> reports;
    for (const auto& device : devices_to_read(engine, options, streams)) {
        auto read = reader.read(device);  // a physical device: an error that says so
        if (!read.ok() && bridge::bmc_stopped_answering(read.error())) return read.error();
        reports.push_back(fru::report(device, std::move(read)));
    }
    return reports;
}

// The daemon's inventory snapshot; --id's device alone, or read here when
// the snapshot does not list it (as direct mode asks the BMC for any ID).
bridge::Result<std::vector<fru::DeviceReport>> from_daemon(bridge::Engine& engine, const CliOptions& options,
                                                           Streams streams, Snapshots& snapshots) {
    auto held = snapshots.fru();
    if (!held.ok()) return held.error();
    std::vector<fru::DeviceReport> reports = **held;
    if (!options.fru_id) return reports;
    std::erase_if(reports, [&](const fru::DeviceReport& r) {
        return !r.device.logical || r.device.id != *options.fru_id || r.device.target != bridge::Target::bmc();
    });
    if (reports.empty()) return read_here(engine, options, streams);
    return reports;
}

}  // namespace

int run_fru(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    auto reports = snapshots ? from_daemon(engine, options, streams, *snapshots) : read_here(engine, options, streams);
    if (!reports.ok()) return report_error(streams, reports.error());
    auto json = nlohmann::ordered_json::array();
    int exit_code = kExitOk;
    for (const auto& report : *reports) {
        if (report.device.logical && report.error) exit_code = kExitCommandFailed;
        if (options.json)
            json.push_back(fru::device_json(report));
        else
            fru::print_device(streams.out, report);
    }
    if (options.json) streams.out << bridge::json_text(json, 2) << '\n';
    return exit_code;
}

}  // namespace ipmiprov::cli

#include "commands.hpp"

#include <unistd.h>

#include <cstdio>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "bmc_commands.hpp"
#include "bridge/device_id.hpp"
#include "bridge/json_text.hpp"
#include "bridge/panic_op.hpp"
#include "bridge/spec_tables.hpp"
#include "bridge/system_guid.hpp"
#include "chassis_options.hpp"
#include "exit_codes.hpp"
#include "fru_commands.hpp"
#include "provider/sdr/cache.hpp"
#include "provider/sel/os_event.hpp"

namespace ipmiprov::cli {
namespace {

using nlohmann::ordered_json;

std::string hex_u32(std::uint32_t value, int width) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%0*x", width, value);
    return buffer;
}

ordered_json device_id_json(const bridge::DeviceId& id, const std::string& interface) {
    ordered_json json{
        {"device_id", id.device_id},
        {"device_revision", id.device_revision},
        {"firmware_revision", id.firmware_text()},
        {"ipmi_version", id.ipmi_version_text()},
        {"manufacturer_id", id.manufacturer_id},
        {"manufacturer_name", nullptr},
        {"product_id", id.product_id},
        {"device_available", !id.in_firmware_update},
        {"provides_device_sdrs", id.provides_device_sdrs},
        {"device_support", id.device_support_names()},
        {"aux_firmware_revision", nullptr},
        {"interface", interface},
    };
    if (auto name = bridge::manufacturer_name(id.manufacturer_id)) json["manufacturer_name"] = *name;
    if (id.aux_firmware) json["aux_firmware_revision"] = bridge::hex(*id.aux_firmware);
    return json;
}

// On the kernel device, this host's ipmi_msghandler panic_op: whether a
// panic goes into the SEL (docs/cli.md). Over LAN it says nothing of the
// BMC's host, and is left out.
std::optional<bridge::PanicOpSetting> host_panic_op(const std::string& interface) {
    if (!provider::sel::is_system_interface(interface)) return std::nullopt;
    return bridge::read_panic_op();
}

void print_device_id(std::ostream& out, const bridge::DeviceId& id, const bridge::Result<std::string>& guid,
                     const std::string& interface, const std::optional<bridge::PanicOpSetting>& panic_op) {
    const auto row = [&out](const char* label, const std::string& value) {
        out << std::left << std::setw(22) << label << value << '\n';
    };
    row("Device ID:", std::to_string(id.device_id));
    row("Device revision:", std::to_string(id.device_revision));
    row("Firmware revision:", id.firmware_text());
    row("IPMI version:", id.ipmi_version_text());
    const auto name = bridge::manufacturer_name(id.manufacturer_id).value_or("unknown");
    row("Manufacturer:", name + " (" + std::to_string(id.manufacturer_id) + ")");
    row("Product ID:", std::to_string(id.product_id) + " (" + hex_u32(id.product_id, 4) + ")");
    row("Device available:", id.in_firmware_update ? "no (device firmware update in progress)" : "yes");
    row("Provides device SDRs:", id.provides_device_sdrs ? "yes" : "no");
    std::string support;
    for (const auto& item : id.device_support_names()) support += (support.empty() ? "" : ", ") + item;
    row("Device support:", support.empty() ? "none" : support);
    if (id.aux_firmware) row("Aux firmware rev:", bridge::hex(*id.aux_firmware));
    row("System GUID:", guid.ok() ? *guid : "not reported (" + guid.error().message + ")");
    row("Interface:", interface);
    if (panic_op) row("Kernel panic_op:", bridge::panic_op_text(*panic_op));
}

// Like ipmitool raw: data bytes in hex, 16 to a line.
void print_raw_bytes(std::ostream& out, const std::vector<std::uint8_t>& data) {
    for (std::size_t i = 0; i < data.size(); ++i) {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%02x", data[i]);
        out << (i % 16 == 0 ? "" : " ") << buffer;
        if (i % 16 == 15 || i + 1 == data.size()) out << '\n';
    }
}

bridge::EngineOptions engine_options(const CliOptions& options, std::ostream& err) {
    bridge::EngineOptions engine;
    engine.timeout = options.timeout;
    engine.retries = options.retries;
    if (options.verbose) engine.trace = [&err](const std::string& line) { err << line << '\n'; };
    return engine;
}

}  // namespace

int report_error(Streams streams, const bridge::Error& error) {
    streams.err << "ipmiprov: " << error.message << '\n';
    return exit_code_for(error);
}

std::filesystem::path cache_directory(const CliOptions& options) {
    return options.cache_dir.empty() ? provider::sdr::default_cache_directory(false) : options.cache_dir;
}

int run_info(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    auto id = [&]() -> bridge::Result<bridge::DeviceId> {
        if (!snapshots) return bridge::get_device_id(engine);
        auto data = snapshots->device_id();
        if (!data.ok()) return data.error();
        return bridge::decode_device_id(*data);
    }();
    if (!id.ok()) return report_error(streams, id.error());
    // Get System GUID (§22.14): optional; a BMC without it is "not reported".
    const auto guid = [&]() -> bridge::Result<std::string> {
        if (snapshots) {
            auto held = snapshots->system_guid();
            if (held.ok()) return bridge::guid_text(*held);
            if (held.error().kind != bridge::ErrorKind::NotFound) return held.error();
        }
        return bridge::get_system_guid(engine);
    }();
    if (!guid.ok() && bridge::bmc_stopped_answering(guid.error())) return report_error(streams, guid.error());
    const auto panic_op = host_panic_op(engine.transport_description());
    if (options.json) {
        auto json = device_id_json(*id, engine.transport_description());
        json["system_guid"] = guid.ok() ? ordered_json(*guid) : ordered_json(nullptr);
        // "none", "event", "string", "not loaded"; null off the kernel device or when unreadable
        json["panic_op"] = nullptr;
        if (panic_op && !panic_op->loaded) json["panic_op"] = "not loaded";
        if (panic_op && panic_op->value) json["panic_op"] = *panic_op->value;
        streams.out << bridge::json_text(json, 2) << '\n';
    } else {
        print_device_id(streams.out, *id, guid, engine.transport_description(), panic_op);
    }
    return kExitOk;
}

int run_raw(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const auto& request = options.raw_request;
    auto reply = engine.send(request);
    if (!reply.ok()) return report_error(streams, reply.error());
    if (options.json) {
        ordered_json json{
            {"completion_code", reply->completion_code},
            {"completion_code_text", bridge::completion_code_text(reply->completion_code, request.netfn, request.cmd)},
            {"data", bridge::hex(reply->data)}};
        streams.out << bridge::json_text(json, 2) << '\n';
        return reply->completion_code == 0 ? kExitOk : kExitCommandFailed;
    }
    if (reply->completion_code != 0) {
        char code[8];
        std::snprintf(code, sizeof code, "0x%02x", reply->completion_code);
        streams.err << "ipmiprov: " << bridge::describe(request) << ": completion code " << code << " ("
                    << bridge::completion_code_text(reply->completion_code, request.netfn, request.cmd) << ")\n";
        return kExitCommandFailed;
    }
    print_raw_bytes(streams.out, reply->data);
    return kExitOk;
}

int run_cli(const std::vector<std::string>& argv, const EnvLookup& env, Streams streams,
            const tools::PasswordPrompt& prompt) {
    auto parsed = parse_command_line(argv, env, prompt);
    if (!parsed.ok()) return report_error(streams, parsed.error());
    if (parsed->action == ParsedCommandLine::Action::ShowHelp) {
        streams.out << help_text(parsed->help_topic).value_or("");
        return kExitOk;
    }
    if (parsed->action == ParsedCommandLine::Action::ShowVersion) {
        streams.out << version_text();
        return kExitOk;
    }
    const auto& options = parsed->options;
    if (options.command == "daemon") return run_daemon_command(options, streams);
    // What needs no BMC is answered without connecting: shell completion
    // asks these, and must not wait for a BMC (tools/completion).
    if (options.command == "sdr" && options.args[0] == "names") return run_sdr_names(options, streams);
    if (options.command == "cim" && options.args[0] == "classes") return run_cim_classes(options, streams);
    auto connect = options.connect;
    if (connect.lan && options.verbose)
        connect.lan->trace = [&streams](const std::string& line) { streams.err << line << '\n'; };
    auto connection = bridge::connect(connect, engine_options(options, streams.err));
    if (!connection.ok()) {
        // The library's own words, for whoever asked for them (-v).
        if (options.verbose && !connection.error().detail.empty())
            streams.err << "ipmiprov: detail: " << connection.error().detail << '\n';
        // Whatever kept the session from opening, a script sees "no connection".
        const int code = report_error(streams, connection.error());
        return code == kExitUsage ? code : kExitNoConnection;
    }
    auto& engine = *connection->engine;
    std::optional<Snapshots> snapshots;
    if (connection->daemon) {
        provider::snapshot::RemoteSourceOptions source;
        source.timeout = options.timeout * 20 + std::chrono::seconds(60);  // the daemon may read the BMC first
        source.fresh = options.fresh || options.flush_cache;
        source.system = system_identity(options, engine);
        snapshots.emplace(*connection->daemon, source);
    }
    Snapshots* from_daemon = snapshots ? &*snapshots : nullptr;
    if (options.command == "info") return run_info(engine, options, streams, from_daemon);
    if (options.command == "sensors") return run_sensors(engine, options, streams, from_daemon);
    if (options.command == "sdr") return run_sdr(engine, options, streams, from_daemon);
    if (options.command == "sel") return run_sel(engine, options, streams, from_daemon);
    if (options.command == "cim") return run_cim(engine, options, streams, from_daemon);
    if (options.command == "chassis") return run_chassis(engine, options, streams);
    if (options.command == "fru") return run_fru(engine, options, streams, from_daemon);
    if (options.command == "lan") return run_lan(engine, options, streams);
    if (options.command == "users") return run_users(engine, options, streams, from_daemon);
    return run_raw(engine, options, streams);
}

std::optional<int> confirm(const CliOptions& options, Streams streams, const std::string& question,
                           const std::string& without_yes, const std::string& declined) {
    if (options.yes) return std::nullopt;
    if (::isatty(STDIN_FILENO) == 0) {
        streams.err << "ipmiprov: " << without_yes << ": confirm with --yes\n";
        return kExitUsage;
    }
    streams.err << question << " [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer == "y" || answer == "Y" || answer == "yes") return std::nullopt;
    streams.err << "ipmiprov: " << declined << '\n';
    return kExitDeclined;
}

}  // namespace ipmiprov::cli

// `ipmiprov daemon status`: what ipmiprovd is doing, from its `stats`
// answer (docs/daemon-protocol.md). It asks the daemon, never the BMC.
#include <iomanip>
#include <nlohmann/json.hpp>

#include "bridge/daemon_client.hpp"
#include "bridge/duration_text.hpp"
#include "bridge/json_text.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"

namespace ipmiprov::cli {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// A field of the daemon's answer, or `fallback` when an older daemon left it out.
template <class T>
T field(const json& object, const char* name, T fallback) {
    if (!object.is_object() || !object.contains(name)) return fallback;
    const auto& value = object[name];
    if constexpr (std::is_same_v<T, std::string>) {
        return value.is_string() ? value.get<std::string>() : fallback;
    } else if constexpr (std::is_same_v<T, bool>) {
        return value.is_boolean() ? value.get<bool>() : fallback;
    } else {
        return value.is_number_integer() ? value.get<T>() : fallback;
    }
}

// "1 SEL read", "2 SEL reads".
std::string count_text(std::uint64_t count, const std::string& thing) {
    return std::to_string(count) + " " + thing + (count == 1 ? "" : "s");
}

std::string ago(const json& part) {
    const auto age = field<std::int64_t>(part, "age_ms", -1);
    if (age < 0) return "not read yet";
    return "read " + bridge::duration_text(milliseconds(age)) + " ago";
}

std::string connection_text(const json& connection) {
    const auto failures = field<std::uint64_t>(connection, "failures", 0);
    const auto next = field<std::int64_t>(connection, "next_attempt_in_ms", -1);
    if (field<bool>(connection, "connected", false)) return "connected";
    if (failures == 0) return "not connected yet";
    std::string text = "failing (" + count_text(failures, "failed attempt") + " in a row)";
    if (next >= 0) text += "; the next attempt is in " + bridge::duration_text(milliseconds(next));
    return text;
}

std::string last_error_text(const json& connection) {
    const auto& error = connection.is_object() && connection.contains("last_error") ? connection["last_error"] : json();
    return error.is_object() ? field<std::string>(error, "message", "(no message)") : "none";
}

void print_status(std::ostream& out, const std::string& socket, const json& hello, const json& stats) {
    const auto row = [&out](const char* label, const std::string& value) {
        out << std::left << std::setw(17) << label << value << '\n';
    };
    const auto& connection = stats.contains("connection") ? stats["connection"] : json::object();
    const auto& sensors = stats.contains("sensors") ? stats["sensors"] : json::object();
    const auto& sel = stats.contains("sel") ? stats["sel"] : json::object();
    row("Daemon:", socket + " (protocol " + std::to_string(field<int>(hello, "protocol", 0)) + ", up " +
                       bridge::duration_text(milliseconds(field<std::int64_t>(stats, "uptime_ms", 0))) + ")");
    row("System:", field<std::string>(hello, "system", "?"));
    row("BMC:", field<std::string>(stats, "transport", field<std::string>(hello, "transport", "?")));
    row("Connection:", connection_text(connection));
    row("Last error:", last_error_text(connection));
    row("Sensors:", std::to_string(field<std::uint64_t>(sensors, "count", 0)) + ", " + ago(sensors));
    row("SEL:", std::to_string(field<std::uint64_t>(sel, "entries", 0)) + " entries, " + ago(sel));
    row("Max age:", bridge::duration_text(milliseconds(field<std::int64_t>(stats, "max_age_ms", 0))) +
                        " (older data is read again when asked for)");
    row("SEL events:", field<bool>(stats, "events", false) ? "announced by the driver, and polled" : "polled");
    row("BMC requests:", std::to_string(field<std::uint64_t>(stats, "bmc_requests", 0)) + " (" +
                             count_text(field<std::uint64_t>(stats, "sensor_loads", 0), "sensor round") + ", " +
                             count_text(field<std::uint64_t>(stats, "sel_loads", 0), "SEL read") + ", " +
                             count_text(field<std::uint64_t>(stats, "reconnects", 0), "reconnect") + ")");
    row("Client requests:", std::to_string(field<std::uint64_t>(stats, "client_requests", 0)));
    const auto& problems = stats.contains("problems") ? stats["problems"] : json::array();
    if (!problems.is_array() || problems.empty()) {
        row("Problems:", "none");
        return;
    }
    bool first = true;
    for (const auto& problem : problems) {
        row(first ? "Problems:" : "", problem.is_string() ? problem.get<std::string>() : problem.dump());
        first = false;
    }
}

// Exit 0 while the daemon reaches its BMC (or has not tried yet), 3 while
// it cannot: a monitoring check needs no parsing.
int status_exit_code(const json& stats) {
    const auto& connection = stats.contains("connection") ? stats["connection"] : json::object();
    return field<std::uint64_t>(connection, "failures", 0) > 0 ? kExitNoConnection : kExitOk;
}

}  // namespace

int run_daemon_command(const CliOptions& options, Streams streams) {
    const std::string socket = options.connect.daemon.value_or(bridge::kDefaultDaemonSocket);
    auto client = bridge::DaemonClient::connect(socket, options.timeout);
    if (!client.ok()) {
        streams.err << "ipmiprov: " << client.error().message << '\n';
        return exit_code_for(client.error()) == kExitUsage ? kExitUsage : kExitNoConnection;
    }
    auto stats = (*client)->call(json{{"op", "stats"}}, options.timeout);
    if (!stats.ok()) {
        streams.err << "ipmiprov: " << stats.error().message << '\n';
        return exit_code_for(stats.error());
    }
    if (options.json) {
        json out = *stats;
        out.erase("ok");
        out["socket"] = socket;
        out["protocol"] = (*client)->hello().value("protocol", 0);
        streams.out << bridge::json_text(out, 2) << '\n';
    } else {
        print_status(streams.out, socket, (*client)->hello(), *stats);
    }
    return status_exit_code(*stats);
}

}  // namespace ipmiprov::cli

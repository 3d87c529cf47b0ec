// ipmiprovd: the host daemon (docs/daemon.md). Thin over tools/daemon's
// library: configuration, signals, the refresh loop and the socket.
#include <malloc.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <csignal>
#include <iostream>
#include <string>
#include <thread>

#include "bridge/panic_op.hpp"
#include "config.hpp"
#include "handler.hpp"
#include "metrics_server.hpp"
#include "metrics_source.hpp"
#include "provider/severity/severity.hpp"
#include "sel_archive.hpp"
#include "sel_events.hpp"
#include "sel_log.hpp"
#include "server.hpp"
#include "state.hpp"

namespace {

using namespace ipmiprov;
using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};

extern "C" void on_signal(int signal) {
    if (signal == SIGHUP)
        g_reload = true;
    else
        g_stop = true;
}

void log(const std::string& line) {
    std::cerr << "ipmiprovd: " << line << std::endl;  // one line at a time, flushed: the journal reads stderr
}

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

// Logs a failure once, and the recovery once, not every round.
class Health {
public:
    void report(const char* what, const bridge::Status& status) {
        const bool failing = !status.ok();
        // A refused login is logged where it happens, each one, with the
        // back-off's wait (state.cpp): not again here.
        const bool logged = failing && daemon::is_refusal(status.error());
        if (failing && !failing_ && !logged) log(std::string(what) + ": " + status.error().message + " (will retry)");
        if (!failing && failing_) log(std::string(what) + ": the BMC answers again");
        failing_ = failing;
    }

private:
    bool failing_ = false;
};

// Logs each problem of a sensor round once, not every round, while it lasts:
// an SDR cache that cannot be written ("No space left on device") must be
// seen in the journal, though the daemon keeps serving from what it read.
class ProblemLog {
public:
    void report(const std::vector<std::string>& problems) {
        for (const auto& problem : problems) {
            if (std::find(logged_.begin(), logged_.end(), problem) == logged_.end()) log("sensors: " + problem);
        }
        logged_ = problems;
    }

private:
    std::vector<std::string> logged_;
};

void reload(daemon::DaemonConfig& config, const std::vector<std::string>& argv, daemon::DaemonState& state,
            daemon::Handler& handler, daemon::Server& server) {
    // An admin who fixed the BMC account reloads: no waiting out the back-off.
    if (state.connection_state().failures > 0) log("reload: connecting to the BMC again now");
    state.retry_now();
    auto fresh = daemon::parse_daemon_config(argv);
    if (!fresh.ok()) {
        log("reload: " + fresh.error().message + "; keeping the old settings");
        return;
    }
    auto policy = daemon::access_policy(*fresh);
    if (!policy.ok()) {
        log("reload: " + policy.error().message + "; keeping the old settings");
        return;
    }
    // The socket first: a policy the socket cannot follow is not half applied.
    if (auto socket = server.set_policy(*policy); !socket.ok()) {
        log("reload: " + socket.error().message + "; keeping the old settings");
        if (auto old = daemon::access_policy(config); old.ok()) (void)server.set_policy(*old);
        return;
    }
    handler.set_policy(*policy);
    config.read_group = fresh->read_group;
    config.write_group = fresh->write_group;
    state.set_max_age(fresh->max_age);
    state.set_inventory_interval(fresh->inventory_interval);
    if (fresh->socket != config.socket || fresh->connect.device != config.connect.device ||
        fresh->connect.sim != config.connect.sim || fresh->connect.lan.has_value() != config.connect.lan.has_value() ||
        fresh->max_clients != config.max_clients || fresh->max_clients_per_user != config.max_clients_per_user ||
        fresh->idle_timeout != config.idle_timeout || fresh->io_timeout != config.io_timeout ||
        fresh->metrics_listen != config.metrics_listen)
        log("reload: the socket path, its limits, the connection and metrics-listen change at the next restart");
    config.interval = fresh->interval;
    config.sel_interval = fresh->sel_interval;
    config.verbose = fresh->verbose;
    log("reloaded " + (fresh->config_file.empty() ? std::string("(no config file)") : fresh->config_file));
}

// The first snapshots, before the daemon says it is ready: the device, the
// SDRs with every reading, and what the SEL logged since the last run.
// Snapshots restored from the last run are served meanwhile at their true
// age (within a client's maximum age, at once); clients that need newer
// data wait for these same reads (single flight) rather than start their
// own. Ready is said when they are in, or when the BMC could not give them
// (then the daemon serves the error and keeps trying: a unit that never
// starts would hide why). Without systemd (no NOTIFY_SOCKET) sd_notify does
// nothing.
void warm_up(const daemon::DaemonConfig& config, daemon::DaemonState& state, Health& sensors_health, Health& sel_health,
             daemon::RoundHealth& rounds) {
    const auto started = Clock::now();
    // Whatever was read since the start (a client that came first) is fresh
    // enough; what was restored from the last run is not.
    const auto since_start = state.stats().uptime;
    auto device = state.device_id(config.max_age);
    (void)state.system_guid(config.max_age);  // `info`'s, with the device
    auto sensors = state.refresh_sensors(since_start);
    // The chassis (the system's power state in CIM); a BMC without Get
    // Chassis Status serves the rest all the same.
    (void)state.chassis(since_start);
    // The SEL and its allocation (`sel info`).
    const auto summary = state.sel_summary(since_start);
    const bridge::Status sel = summary.ok() ? bridge::success() : bridge::Status(summary.error());
    sensors_health.report("sensors", sensors);
    sel_health.report("SEL", sel);
    rounds.sensors = sensors.ok();
    rounds.sel = sel.ok();
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    const auto stats = state.stats();
    std::string status;
    if (!device.ok() || !sensors.ok() || !sel.ok()) {
        const auto& error = !device.ok() ? device.error() : !sensors.ok() ? sensors.error() : sel.error();
        status = "no first snapshot yet: " + error.message;
    } else {
        status = "serving " + std::to_string(stats.sensor_count) + " sensors and " + std::to_string(stats.sel_entries) +
                 " SEL entries (first read in " + std::to_string(took.count()) + " ms, " +
                 std::to_string(stats.bmc_requests) + " BMC requests)";
    }
    log(status);
    sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

// What the refresh loop hands on after each turn: the SEL as last read, to
// the subscribers and to the system log (sel_events.hpp, sel_log.hpp).
struct SelOutlets {
    daemon::SelEvents& events;
    daemon::SelLog& log;
    daemon::SelArchive& archive;
    // Subscribers and the journal first, then the archive policy, which may
    // clear what they have just had.
    void publish(daemon::DaemonState& state) const {
        const auto view = state.cached_sel_view();
        const auto definitions = state.cached_definitions();
        events.publish(view, definitions.get());
        // An entry the journal has not taken yet must not be cleared away.
        const bool logged = log.log_new(view, definitions.get());
        if (view && logged)
            (void)archive.run(*view,
                              [&](const provider::sel::SelInfo& info) { return state.clear_sel_if_unchanged(info); });
    }
};

void refresh_loop(daemon::DaemonConfig& config, const std::vector<std::string>& argv, daemon::DaemonState& state,
                  daemon::Handler& handler, daemon::Server& server, const SelOutlets& outlets,
                  daemon::RoundHealth& rounds) {
    Health sensors_health;
    Health sel_health;
    ProblemLog sensor_problems;
    // Each round's outcome, to the log once and to the metrics' ipmi_up.
    auto sensors_round = [&](const bridge::Status& status) {
        sensors_health.report("sensors", status);
        rounds.sensors = status.ok();
    };
    auto sel_round = [&](const bridge::Status& status) {
        sel_health.report("SEL", status);
        rounds.sel = status.ok();
    };
    warm_up(config, state, sensors_health, sel_health, rounds);
    outlets.publish(state);
    sensor_problems.report(state.problems());
    state.save_snapshots();
    auto next_sensors = Clock::now() + config.interval;
    auto next_sel = Clock::now() + config.sel_interval;
    while (!g_stop.load()) {
        if (g_reload.exchange(false)) reload(config, argv, state, handler, server);
        const auto now = Clock::now();
        if (now >= next_sensors) {
            sensors_round(state.refresh_sensors(config.interval / 2));
            (void)state.chassis(config.interval / 2);  // with each sensor round
            state.refresh_inventory();                 // what was asked for, when older than its interval
            sensor_problems.report(state.problems());
            next_sensors = Clock::now() + config.interval;
            if (config.verbose)
                log("sensors refreshed; " + std::to_string(state.stats().bmc_requests) + " requests so far");
        }
        if (now >= next_sel) {
            sel_round(state.follow_sel(config.sel_interval / 2));
            next_sel = Clock::now() + config.sel_interval;
            // What a round and the replies built from it freed goes back to
            // the system, not kept in the allocator's arenas (issue 21: RSS).
            malloc_trim(0);
        }
        // A driver event announces a new SEL entry: read it now. The short
        // wait holds the BMC lock briefly; the sleep leaves it to requests.
        if (auto event = state.wait_for_event(std::chrono::milliseconds(20)); event.ok() && *event)
            sel_round(state.follow_sel(std::chrono::milliseconds(0)));
        // New SEL entries, whoever's read found them, pushed and logged.
        outlets.publish(state);
        // Whatever a round or a client's request renewed, kept for a restart.
        state.save_snapshots();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

int run_daemon(const std::vector<std::string>& args) {
    // glibc gives every thread that allocates an arena of its own, and keeps
    // what is freed there: with 64 client threads the daemon's resident
    // memory grew to several times what it holds. Two arenas serve 2-core
    // hosts' contention as well (measured: docs/performance.md#daemon).
    mallopt(M_ARENA_MAX, 2);
    auto config = daemon::parse_daemon_config(args);
    if (!config.ok()) {
        log(config.error().message);
        return 2;
    }
    if (config->show_help) {
        std::cout << daemon::daemon_help_text();
        return 0;
    }
    if (config->show_version) {
        std::cout << "ipmiprovd " << IPMIPROV_VERSION << '\n';
        return 0;
    }
    auto policy = daemon::access_policy(*config);
    if (!policy.ok()) {
        log(policy.error().message);
        return 2;
    }
    if (auto startable = daemon::check_startable(*config); !startable.ok()) {
        log(startable.error().message);
        return 2;
    }
    // A kernel panic into the SEL (docs/daemon.md, panic-op): set as asked, then said as it is.
    if (config->panic_op) {
        if (auto set = bridge::write_panic_op(*config->panic_op); !set.ok()) log(set.error().message);
    }
    log("kernel panic_op: " + bridge::panic_op_text(bridge::read_panic_op()));
    // Read before the first client: the severities of the CIM instances served (docs/severity.md).
    if (const auto& problem = provider::severity::configured_problem()) log(*problem);
    daemon::StateOptions state_options;
    state_options.connect = config->connect;
    state_options.engine.timeout = config->timeout;
    state_options.engine.retries = config->retries;
    state_options.cache_dir = config->cache_dir;
    state_options.state_dir = config->state_dir;
    state_options.log = [](const std::string& line) { log(line); };
    state_options.max_age = config->max_age;
    state_options.system_name = !config->system_name.empty() ? config->system_name
                                : config->connect.lan        ? config->connect.lan->host
                                                             : host_name();
    daemon::DaemonState state(state_options);
    state.set_inventory_interval(config->inventory_interval);
    daemon::Handler handler(state, *policy);
    daemon::SelEvents events({config->subscriber_queue, config->sel_almost_full, state.system()});
    handler.set_events(&events);
    // Every change a client asks for, and every one refused, with who asked.
    daemon::AuditOptions audit_options;
    audit_options.fallback = state_options.log;
    audit_options.bmc = [&state, configured = daemon::connection_identity(config->connect)] {
        auto now = state.transport_description();  // empty until the first connection
        return now.empty() ? configured : now;
    };
    daemon::AuditLog audit(daemon::make_log_sink(daemon::SelLogTarget::Auto), audit_options);
    handler.set_audit(&audit);
    daemon::SelLog sel_log({config->state_dir, config->sel_log_backlog, config->sel_almost_full, "", state_options.log},
                           daemon::make_log_sink(*daemon::parse_sel_log_target(config->sel_log)));
    daemon::ServerOptions server_options;
    server_options.socket_path = config->socket;
    server_options.policy = *policy;
    server_options.max_clients = config->max_clients;
    server_options.max_clients_per_user = config->max_clients_per_user;
    server_options.idle_timeout = config->idle_timeout;
    server_options.io_timeout = config->io_timeout;
    daemon::Server server(server_options, handler);
    if (auto listening = server.listen(); !listening.ok()) {
        log(listening.error().message);
        return 1;
    }
    // The metrics endpoint, bound before the first round (a port in use
    // stops the start, as the socket does); served once the loop runs.
    std::optional<daemon::MetricsServer> metrics;
    daemon::RoundHealth rounds;
    if (config->metrics_listen) {
        // A Unix socket is the read group's, as the sensors are (access.hpp).
        metrics.emplace(daemon::MetricsServerOptions{
            *config->metrics_listen, policy->read_group,
            [&](provider::metrics::Format format) { return daemon::render_metrics(state, rounds, format); }});
        if (auto listening = metrics->listen(); !listening.ok()) {
            log(listening.error().message);
            return 1;
        }
        const auto where = metrics->bound();
        log(where.is_unix() ? std::string("metrics on ") + where.text() + " (GET /metrics)"
                            : std::string("metrics at ") + where.text() + "/metrics" +
                                  (where.loopback() ? "" : " (not loopback: anyone who reaches it reads the sensors)"));
    }
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaction(signal, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    log("listening on " + config->socket + " (system " + state_options.system_name + "); new SEL entries to " +
        sel_log.sink_name());
    daemon::SelArchive archive(
        {config->sel_archive_clear, config->state_dir, config->sel_almost_full, state_options.log});
    const SelOutlets outlets{events, sel_log, archive};
    std::thread refresher([&] { refresh_loop(*config, args, state, handler, server, outlets, rounds); });
    std::thread metrics_thread;
    if (metrics) metrics_thread = std::thread([&] { metrics->run(g_stop); });
    server.run(g_stop);
    refresher.join();
    if (metrics_thread.joinable()) metrics_thread.join();
    log("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run_daemon(std::vector<std::string>(argv, argv + argc));
    } catch (const std::exception& e) {
        log(std::string("stopped by an internal error: ") + e.what());
        return 1;
    }
}

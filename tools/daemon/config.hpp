// ipmiprovd's settings: a config file (key = value, the same names as the
// long options) and the command line, which wins. docs/daemon.md lists them.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "access.hpp"
#include "bridge/connect.hpp"
#include "bridge/result.hpp"
#include "metrics_server.hpp"

namespace ipmiprov::daemon {

inline constexpr const char* kDefaultConfigFile = "/etc/ipmiprov/ipmiprovd.conf";

struct DaemonConfig {
    std::string config_file;  // empty: none
    std::string socket = "/run/ipmiprov/ipmiprovd.sock";
    bridge::ConnectOptions connect;
    std::chrono::milliseconds timeout{5000};
    int retries = 2;
    std::chrono::milliseconds interval{30000};     // sensor refresh
    std::chrono::milliseconds sel_interval{5000};  // SEL poll (without driver events)
    std::chrono::milliseconds max_age{10000};      // on demand
    // The inventory (FRU, users): read when a client first asks, then again
    // when older than this (it changes rarely).
    std::chrono::milliseconds inventory_interval{3600000};
    std::optional<std::string> read_group;
    std::optional<std::string> write_group;
    std::string cache_dir = "/var/cache/ipmiprov";
    // The SEL store (new_records numbering across restarts); empty: none.
    std::string state_dir = "/var/lib/ipmiprov";
    std::string system_name;  // empty: the host name (LAN: the BMC host)
    std::size_t max_clients = 64;
    std::size_t max_clients_per_user = 8;
    std::chrono::milliseconds idle_timeout{300000};
    std::chrono::milliseconds io_timeout{10000};
    // The SEL in the system log (sel_log.hpp): where, whether the entries
    // already there at the first start are logged too, and when it is
    // "almost full".
    std::string sel_log = "auto";
    bool sel_log_backlog = false;
    unsigned sel_almost_full = 90;
    bool sel_archive_clear = false;       // sel_archive.hpp
    std::size_t subscriber_queue = 4096;  // messages a SEL subscriber may fall behind
    std::optional<std::string> panic_op;
    // The metrics endpoint (metrics_server.hpp); none: off.
    std::optional<ListenAddress> metrics_listen;  // ipmi_msghandler's panic_op, written at start (bridge/panic_op.hpp)
    bool verbose = false;
    bool show_help = false;
    bool show_version = false;
};

// The LAN options are the CLI's (tools/common/lan_options.hpp); the password
// may come from IPMIPROV_PASSWORD, looked up through `env`.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
bridge::Result<DaemonConfig> parse_daemon_config(const std::vector<std::string>& argv);
bridge::Result<DaemonConfig> parse_daemon_config(const std::vector<std::string>& argv, const EnvLookup& env);
std::string daemon_help_text();

// A group name or number to its gid; an error naming it when it is unknown.
bridge::Result<gid_t> resolve_group(const std::string& name);
bridge::Result<AccessPolicy> access_policy(const DaemonConfig& config);

// Settings that parse but can never work (a fixture that does not load, LAN
// without a password): the daemon stops at start (exit 2) rather than
// retrying for ever.
bridge::Status check_startable(const DaemonConfig& config);

}  // namespace ipmiprov::daemon

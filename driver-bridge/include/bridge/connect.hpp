// Chooses and opens a transport from connection options, and wraps it in an
// Engine: the one place the CLI and the daemon turn "--lan/--sim/--device"
// into a working connection.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "bridge/engine.hpp"
#include "bridge/lan_transport.hpp"
#include "bridge/sim_bmc.hpp"

namespace ipmiprov::bridge {

inline constexpr const char* kBuiltinFixtureName = "builtin";

struct ConnectOptions {
    std::optional<std::string> device;  // --device; default: the first kernel device found
    std::optional<LanOptions> lan;      // --lan
    std::optional<std::string> sim;     // --sim FIXTURE.json, or "builtin"
    std::optional<std::string> daemon;  // --daemon [SOCKET]: through ipmiprovd
    // With none of the above: use ipmiprovd when its default socket answers,
    // the kernel device otherwise (--no-daemon turns this off).
    bool daemon_when_running = false;
};

class DaemonClient;

struct Connection {
    std::unique_ptr<Engine> engine;
    std::shared_ptr<sim::SimBmc> sim;  // set for --sim, for tests and demos
    // Through ipmiprovd: its connection, for requests at the model level
    // (snapshots); the engine's transport is its raw pass-through.
    std::shared_ptr<DaemonClient> daemon;
};

Result<Connection> connect(const ConnectOptions& options, EngineOptions engine_options);

// `--lan` and `--password-file` as the CLI and the daemon take them:
// HOST, HOST:PORT, [V6ADDR] or [V6ADDR]:PORT (port 623 by default), and the
// first line of a file (a trailing CR dropped).
Result<std::pair<std::string, std::uint16_t>> parse_host_port(const std::string& text);
Result<std::string> read_password_file(const std::string& path);

}  // namespace ipmiprov::bridge

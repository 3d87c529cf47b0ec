// The CLI's commands: each runs over an Engine and writes text or JSON.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "bridge/engine.hpp"
#include "cli_options.hpp"
#include "provider/snapshot/remote_source.hpp"

namespace ipmiprov::cli {

struct Streams {
    std::ostream& out;
    std::ostream& err;
    bool err_is_terminal = false;  // progress lines only on a terminal
};

// Prints "ipmiprov: <message>" on stderr; the exit code for the error's kind.
int report_error(Streams streams, const bridge::Error& error);

// A change nothing undoes: asks `question` on a terminal, needs --yes
// otherwise. nullopt: go on; else the exit code (2 without --yes off a
// terminal, 6 for a no, which is not 1: nothing failed, issue 20).
std::optional<int> confirm(const CliOptions& options, Streams streams, const std::string& question,
                           const std::string& without_yes, const std::string& declined);

// Through ipmiprovd, `snapshots` is set: the read commands (info, sensors,
// sdr, sel info and list, cim's reads) are answered from the daemon's
// snapshots, with the same output; writes and `raw` go through `engine`,
// the daemon's pass-through.
using Snapshots = provider::snapshot::RemoteSource;
int run_info(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots = nullptr);
int run_raw(bridge::Engine& engine, const CliOptions& options, Streams streams);
int run_sensors(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots = nullptr);
int run_sdr(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots = nullptr);
int run_sel(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots = nullptr);
int run_cim(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots = nullptr);
// `cim classes`: the served classes, from the schema; no BMC needed.
int run_cim_classes(const CliOptions& options, Streams streams);
// The CIM SystemName and transport of the answers (`cim`).
provider::cim::SystemIdentity system_identity(const CliOptions& options, const bridge::Engine& engine);
// Where the SDR and SEL caches are: --cache-dir, else the default.
std::filesystem::path cache_directory(const CliOptions& options);
// `sdr names`: the sensor names of the cached SDRs, for shell completion;
// never connects (no Engine), so it cannot wait for a BMC.
int run_sdr_names(const CliOptions& options, Streams streams);
// `daemon status`: asks ipmiprovd, not the BMC (no Engine).
int run_daemon_command(const CliOptions& options, Streams streams);

// Parses argv, connects, runs the command: the whole CLI, minus main().
int run_cli(const std::vector<std::string>& argv, const EnvLookup& env, Streams streams,
            const tools::PasswordPrompt& prompt = {});

}  // namespace ipmiprov::cli

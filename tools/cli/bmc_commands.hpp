// `ipmiprov lan` and `ipmiprov users` (issue 24): the BMC's network
// configuration and its users, read-only (provider/bmc).
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include "commands.hpp"

namespace ipmiprov::cli {

boost::program_options::options_description bmc_options();
bridge::Status check_bmc_command(const CliOptions& options);
// --channel N (0..15, decimal or 0x) for lan and users, --all for users.
bridge::Status fill_bmc_options(const boost::program_options::variables_map& vm, CliOptions& options);

int run_lan(bridge::Engine& engine, const CliOptions& options, Streams streams);
// Through ipmiprovd (`snapshots`), from its users snapshot, unless --channel
// names a channel it does not hold.
int run_users(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots = nullptr);

}  // namespace ipmiprov::cli

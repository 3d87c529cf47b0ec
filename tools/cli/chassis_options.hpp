// `ipmiprov chassis` (issue 23): its options and arguments, all checked
// before anything is sent (chassis_options.cpp), and the command
// (chassis_commands.cpp).
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include "commands.hpp"

namespace ipmiprov::cli {

// status | power ACTION | identify [SECONDS] | bootdev DEVICE | policy POLICY|list
bridge::Status check_chassis_command(const CliOptions& options);
// --force, --off, --persistent, --efi with the subcommand they belong to,
// and the arguments as values: an unknown action, device or policy, or
// seconds out of 0..255, is an invalid argument.
bridge::Status fill_chassis_options(const boost::program_options::variables_map& vm, CliOptions& options);

int run_chassis(bridge::Engine& engine, const CliOptions& options, Streams streams);

}  // namespace ipmiprov::cli

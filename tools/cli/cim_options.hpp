// The options of `ipmiprov cim` (cim_options.cpp): each only with the
// subcommands it belongs to, NAME=VALUE where one is due.
#pragma once

#include <boost/program_options/variables_map.hpp>

#include "cli_options.hpp"

namespace ipmiprov::cli {

// --format, --assoc-class, --result-class, --property (modify), --param
// (invoke) and the KEY=VALUE arguments. A --param's value is typed later,
// from the method's declaration (cim_commands.cpp).
bridge::Status fill_cim_options(const boost::program_options::variables_map& vm, CliOptions& options);

}  // namespace ipmiprov::cli

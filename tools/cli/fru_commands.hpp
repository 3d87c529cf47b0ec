// `ipmiprov fru` (issue 24): the FRU inventory devices, read and decoded
// (provider/fru). Its options are checked before anything is sent.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include "commands.hpp"

namespace ipmiprov::cli {

boost::program_options::options_description fru_options();
// `fru`, `fru print`, `fru print ID` (ipmitool's words) and `fru --id N`.
bridge::Status check_fru_command(const CliOptions& options);
bridge::Status fill_fru_options(const boost::program_options::variables_map& vm, CliOptions& options);

// Through ipmiprovd (`snapshots`), from its inventory snapshot.
int run_fru(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots = nullptr);

}  // namespace ipmiprov::cli

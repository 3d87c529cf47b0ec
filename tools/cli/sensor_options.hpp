// The options of `sensors` (sensor_options.cpp), filled from the parsed command line.
#pragma once

#include <boost/program_options/variables_map.hpp>

#include "cli_options.hpp"

namespace ipmiprov::cli {

bridge::Status fill_sensor_options(const boost::program_options::variables_map& vm, CliOptions& options);
// sensors thresh NAME LEVEL VALUE
bridge::Status fill_threshold_write(const boost::program_options::variables_map& vm, CliOptions& options);

}  // namespace ipmiprov::cli

// The CLI's option tables, shared by the parser (cli_options.cpp) and the
// help (help.cpp): one definition of each option and its words.
#pragma once

#include <boost/program_options/options_description.hpp>

namespace ipmiprov::cli {

boost::program_options::options_description connection_options();
boost::program_options::options_description output_options();
boost::program_options::options_description chassis_options();  // chassis_options.cpp

}  // namespace ipmiprov::cli

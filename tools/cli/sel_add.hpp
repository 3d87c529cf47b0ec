// `ipmiprov sel add --os-event KIND | --raw BYTES` (sel_add.cpp): an event
// of the OS into the SEL as system software reports it, or a whole record.
#pragma once

#include <boost/program_options/variables_map.hpp>

#include "commands.hpp"

namespace ipmiprov::cli {

// --os-event and --raw, checked before anything is sent: a kind we know, a
// record of exactly 16 bytes of a type the spec defines; one of the two.
bridge::Status fill_sel_add_options(const boost::program_options::variables_map& vm, CliOptions& options);

int sel_add(bridge::Engine& engine, const CliOptions& options, Streams streams);

}  // namespace ipmiprov::cli

// Runs the whole CLI in-process, as `ipmiprov ARGS`, with no environment,
// capturing stdout, stderr and the exit code.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace ipmiprov::cli {

struct Ran {
    int code;
    std::string out;
    std::string err;
};

inline Ran run_ipmiprov(std::vector<std::string> args) {
    args.insert(args.begin(), "ipmiprov");
    std::ostringstream out;
    std::ostringstream err;
    const int code = run_cli(
        args, [](const char*) { return std::optional<std::string>{}; }, Streams{out, err});
    return {code, out.str(), err.str()};
}

}  // namespace ipmiprov::cli

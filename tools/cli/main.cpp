// ipmiprov: the diagnostic CLI. Everything but the process boundary lives in
// ipmiprov_cli so that it can be tested in-process.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv, argv + argc);
    const auto env = [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
    return ipmiprov::cli::run_cli(args, env, {std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1},
                                  ipmiprov::tools::terminal_password_prompt);
}

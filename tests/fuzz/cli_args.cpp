// Command lines as an admin (or a script gone wrong) types them: words
// separated by NUL bytes. The first byte picks what parses them: ipmiprov's
// whole command line (options, commands, `raw` requests validated at parse
// time), the `raw` data bytes alone, or ipmiprovd's options.
#include <cstdint>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "config.hpp"
#include "fuzz_input.hpp"
#include "hex_args.hpp"

namespace {

std::vector<std::string> with_program(const char* program, std::vector<std::string> words) {
    words.insert(words.begin(), program);
    return words;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ipmiprov;
    fuzz::FuzzInput input(data, size);
    const auto which = input.byte() % 3;
    auto words = fuzz::split(fuzz::as_text(input.rest()), '\0');
    if (which == 0) {
        const cli::EnvLookup no_environment = [](const char*) { return std::optional<std::string>{}; };
        (void)cli::parse_command_line(with_program("ipmiprov", std::move(words)), no_environment);
    } else if (which == 1) {
        (void)cli::parse_hex_bytes(words);
    } else {
        (void)daemon::parse_daemon_config(with_program("ipmiprovd", std::move(words)));
    }
    return 0;
}

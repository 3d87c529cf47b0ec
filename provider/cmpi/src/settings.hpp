// Where the CMPI provider gets its data: settings from the environment of
// the CIM server's provider process and from a small config file, because a
// CIM server passes a provider no arguments. docs/provider-abi.md lists them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/result.hpp"
#include "ipmiprov/provider.h"

namespace ipmiprov::cmpi {

struct Settings {
    ipmiprov_source source = IPMIPROV_SOURCE_DEFAULT;
    std::string device;
    std::string sim_fixture;
    std::string daemon_socket;
    std::optional<std::string> cache_dir;  // unset: the library's default
    std::uint32_t timeout_ms = 0;          // 0: the library's default
    std::string system_name;
};

// Looks a setting up by name (IPMIPROV_SOURCE, ...); nullopt when unset.
using Lookup = std::function<std::optional<std::string>(std::string_view name)>;

// The config file: IPMIPROV_NAME=value lines, '#' comments, blank lines.
// A line that is not that, or a name we do not know, is an error naming it.
bridge::Result<Lookup> parse_config(std::string_view text, std::string_view file_name);

// Settings from the environment first, then the config file.
bridge::Result<Settings> read_settings(const Lookup& environment, const Lookup& config);

// The process's environment, and the file it names in IPMIPROV_CMPI_CONFIG
// (default /etc/ipmiprov/cmpi.conf; a missing default file is no error).
bridge::Result<Settings> settings_from_process();

}  // namespace ipmiprov::cmpi

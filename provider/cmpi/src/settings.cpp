#include "settings.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "bridge/text.hpp"

namespace ipmiprov::cmpi {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

constexpr std::string_view kDefaultConfig = "/etc/ipmiprov/cmpi.conf";

constexpr std::array<std::string_view, 7> kNames = {
    "IPMIPROV_SOURCE",    "IPMIPROV_DEVICE",     "IPMIPROV_SIM_FIXTURE", "IPMIPROV_DAEMON_SOCKET",
    "IPMIPROV_CACHE_DIR", "IPMIPROV_TIMEOUT_MS", "IPMIPROV_SYSTEM_NAME",
};

constexpr std::array<std::pair<std::string_view, ipmiprov_source>, 4> kSources = {{
    {"default", IPMIPROV_SOURCE_DEFAULT},
    {"device", IPMIPROV_SOURCE_DEVICE},
    {"daemon", IPMIPROV_SOURCE_DAEMON},
    {"sim", IPMIPROV_SOURCE_SIM},
}};

std::string_view trimmed(std::string_view text) {
    return bridge::trimmed(text, " \t\r");
}

bool known(std::string_view name) {
    for (auto n : kNames)
        if (n == name) return true;
    return false;
}

Result<ipmiprov_source> source_named(const std::string& text) {
    for (const auto& [name, source] : kSources)
        if (name == text) return source;
    return make_error(ErrorKind::InvalidArgument,
                      "IPMIPROV_SOURCE=" + text + " is not one of default, device, daemon, sim");
}

Result<std::uint32_t> timeout_from(const std::string& text) {
    std::uint32_t value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value == 0 || value > 600000)
        return make_error(ErrorKind::InvalidArgument,
                          "IPMIPROV_TIMEOUT_MS=" + text + " is not a number of milliseconds from 1 to 600000");
    return value;
}

}  // namespace

Result<Lookup> parse_config(std::string_view text, std::string_view file_name) {
    std::map<std::string, std::string, std::less<>> values;
    std::istringstream lines{std::string(text)};
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        const auto content = trimmed(line);
        if (content.empty() || content.front() == '#') continue;
        auto where = std::string(file_name) + ":" + std::to_string(number) + ": ";
        const auto equals = content.find('=');
        if (equals == std::string_view::npos)
            return make_error(ErrorKind::InvalidArgument,
                              where + "expected NAME=value, got \"" + std::string(content) + "\"");
        const auto name = std::string(trimmed(content.substr(0, equals)));
        if (!known(name)) return make_error(ErrorKind::InvalidArgument, where.append("unknown setting ").append(name));
        values[name] = std::string(trimmed(content.substr(equals + 1)));
    }
    return Lookup{[values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    }};
}

Result<Settings> read_settings(const Lookup& environment, const Lookup& config) {
    const auto get = [&](std::string_view name) {
        auto value = environment(name);
        return value ? value : config(name);
    };
    Settings settings;
    if (auto source = get("IPMIPROV_SOURCE")) {
        auto parsed = source_named(*source);
        if (!parsed.ok()) return parsed.error();
        settings.source = *parsed;
    }
    if (auto timeout = get("IPMIPROV_TIMEOUT_MS")) {
        auto parsed = timeout_from(*timeout);
        if (!parsed.ok()) return parsed.error();
        settings.timeout_ms = *parsed;
    }
    settings.device = get("IPMIPROV_DEVICE").value_or("");
    settings.sim_fixture = get("IPMIPROV_SIM_FIXTURE").value_or("builtin");
    settings.daemon_socket = get("IPMIPROV_DAEMON_SOCKET").value_or("");
    settings.cache_dir = get("IPMIPROV_CACHE_DIR");
    settings.system_name = get("IPMIPROV_SYSTEM_NAME").value_or("");
    return settings;
}

Result<Settings> settings_from_process() {
    const Lookup environment = [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe): read-only use
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
    const auto named = environment("IPMIPROV_CMPI_CONFIG");
    const std::string path = named.value_or(std::string(kDefaultConfig));
    std::ifstream file(path);
    if (!file) {
        if (named) return make_error(ErrorKind::NotFound, "IPMIPROV_CMPI_CONFIG: cannot read " + path);
        return read_settings(environment, [](std::string_view) { return std::optional<std::string>{}; });
    }
    std::ostringstream text;
    text << file.rdbuf();
    auto config = parse_config(text.str(), path);
    if (!config.ok()) return config.error();
    return read_settings(environment, *config);
}

}  // namespace ipmiprov::cmpi

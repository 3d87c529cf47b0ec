// `ipmiprov sdr names`: the sensor names of the SDR caches in the cache
// directory, one a line, for shell completion (tools/completion). It never
// opens a connection: a dead BMC or a busy daemon cannot make it wait.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "bridge/json_number.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "provider/sdr/cache.hpp"
#include "provider/sensor/sensors.hpp"
#include "provider/store/atomic_file.hpp"

namespace ipmiprov::cli {
namespace {

namespace fs = std::filesystem;
namespace sdr = provider::sdr;

// A cache of a BMC with every SDR record is a few hundred KiB; past these
// bounds the directory is not a cache directory and is left alone.
constexpr std::uintmax_t kMaxCacheFileBytes = std::uintmax_t{32} * 1024 * 1024;
constexpr std::size_t kMaxCacheFiles = 256;

// The key a cache file says it belongs to (cache.cpp writes it).
std::optional<sdr::CacheKey> key_of(const std::string& text) {
    const auto document = nlohmann::json::parse(text, nullptr, false);
    if (!document.is_object() || !document.contains("key") || !document["key"].is_object()) return std::nullopt;
    const auto& key = document["key"];
    if (!key.contains("endpoint") || !key["endpoint"].is_string()) return std::nullopt;
    const auto manufacturer = bridge::json_integer<std::uint32_t>(key.value("manufacturer_id", nlohmann::json{}));
    const auto product = bridge::json_integer<std::uint16_t>(key.value("product_id", nlohmann::json{}));
    const auto device = bridge::json_integer<std::uint8_t>(key.value("device_id", nlohmann::json{}));
    if (!manufacturer || !product || !device) return std::nullopt;
    return sdr::CacheKey{key["endpoint"].get<std::string>(), *manufacturer, *product, *device};
}

// One name a line: a name the shell could not take as one word is left out.
bool printable(const std::string& name) {
    return !name.empty() && std::none_of(name.begin(), name.end(),
                                         [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

int run_sdr_names(const CliOptions& options, Streams streams) {
    const fs::path directory = cache_directory(options);
    std::set<std::string> names;
    std::error_code error;
    if (directory.empty() || !fs::is_directory(directory, error)) return kExitOk;  // no cache: no names
    std::vector<fs::path> files;
    for (fs::directory_iterator it(directory, error), end; !error && it != end && files.size() < kMaxCacheFiles;
         it.increment(error)) {
        const auto file = it->path();
        // SDR caches only: the SEL's caches (sel-*.json) share the directory.
        if (file.extension() != ".json" || file.filename().string().starts_with("sel-")) continue;
        std::error_code size_error;
        const auto size = fs::file_size(file, size_error);
        if (size_error || size > kMaxCacheFileBytes) continue;
        files.push_back(file);
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        // Owner and mode checked, no symbolic links, no FIFOs (atomic_file.hpp).
        auto text = provider::store::read_whole_file(file);
        if (!text.ok()) continue;
        const auto key = key_of(*text);
        if (!key) continue;
        auto repository = sdr::parse_cache(*text, *key, file.string());
        if (!repository.ok()) continue;
        for (const auto& sensor : provider::sensor::sensor_definitions(*repository))
            if (printable(sensor.common.name)) names.insert(sensor.common.name);
    }
    for (const auto& name : names) streams.out << name << '\n';
    return kExitOk;
}

}  // namespace ipmiprov::cli

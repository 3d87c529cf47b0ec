#include "provider/sdr/cache.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "bridge/json_number.hpp"
#include "bridge/json_text.hpp"
#include "bridge/message.hpp"
#include "bridge/spec_tables.hpp"
#include "provider/store/atomic_file.hpp"

namespace ipmiprov::provider::sdr {
namespace {

namespace fs = std::filesystem;
using bridge::ErrorKind;
using bridge::make_error;
using nlohmann::json;

constexpr int kFormat = 1;

std::optional<std::string> env(const char* name) {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read-only use
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

// The home directory the password database gives `uid`, if it is a real one.
std::optional<fs::path> home_of(uid_t uid) {
    passwd entry{};
    passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) return std::nullopt;
    const fs::path home = entry.pw_dir != nullptr ? entry.pw_dir : "";
    std::error_code error;
    if (home.empty() || home == "/" || !fs::is_directory(home, error)) return std::nullopt;
    return home;
}

json key_json(const CacheKey& key) {
    return {{"endpoint", key.endpoint},
            {"manufacturer_id", key.manufacturer_id},
            {"product_id", key.product_id},
            {"device_id", key.device_id}};
}

json info_json(const RepositoryInfo& info) {
    return {{"version", info.version},
            {"record_count", info.record_count},
            {"addition_timestamp", info.addition_timestamp},
            {"erase_timestamp", info.erase_timestamp}};
}

std::string describe_difference(const RepositoryInfo& cached, const RepositoryInfo& live) {
    if (cached.version != live.version) return "SDR version changed";
    if (cached.addition_timestamp != live.addition_timestamp) return "addition timestamp changed";
    if (cached.erase_timestamp != live.erase_timestamp) return "erase timestamp changed";
    return "record count changed";
}

}  // namespace

fs::path default_cache_directory(bool system) {
    if (auto dir = env("IPMIPROV_CACHE_DIR")) return *dir;
    if (system) return "/var/cache/ipmiprov/sdr";
    if (auto xdg = env("XDG_CACHE_HOME")) return fs::path(*xdg) / "ipmiprov" / "sdr";
    if (auto home = env("HOME")) return fs::path(*home) / ".cache" / "ipmiprov" / "sdr";
    // No shared temporary directory: another user could plant files there.
    // Root (a system unit without User=) has the system cache; anyone else
    // their home from the password database, or no cache at all (empty).
    if (::geteuid() == 0) return "/var/cache/ipmiprov/sdr";
    if (auto home = home_of(::geteuid())) return *home / ".cache" / "ipmiprov" / "sdr";
    return {};
}

fs::path cache_file(const fs::path& directory, const CacheKey& key) {
    std::string name;
    for (char c : key.endpoint) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    char suffix[48];
    std::snprintf(suffix, sizeof suffix, "-%u-%u-%u.json", key.manufacturer_id, key.product_id, key.device_id);
    return directory / (name + suffix);
}

Result<Repository> parse_cache(std::string_view text, const CacheKey& key, const std::string& origin) {
    const auto malformed = make_error(ErrorKind::Protocol, "cache " + origin + " is malformed");
    const auto document = json::parse(text, nullptr, false);
    try {
        if (document.is_discarded() || document.at("format") != kFormat) return malformed;
        if (document.at("key") != key_json(key)) return make_error(ErrorKind::Protocol, "cache is of another BMC");
        Repository repository;
        const auto& info = document.at("info");
        const auto version = bridge::json_integer<std::uint8_t>(info.at("version"));
        const auto count = bridge::json_integer<std::uint16_t>(info.at("record_count"));
        const auto addition = bridge::json_integer<std::uint32_t>(info.at("addition_timestamp"));
        const auto erase = bridge::json_integer<std::uint32_t>(info.at("erase_timestamp"));
        if (!version || !count || !addition || !erase) return malformed;
        repository.info = RepositoryInfo{*version, *count, *addition, *erase};
        for (const auto& hex : document.at("records")) {
            const auto bytes = bridge::parse_hex(hex.get<std::string>());
            if (!bytes) return malformed;
            auto record = decode_record(*bytes);
            if (!record.ok()) return make_error(ErrorKind::Protocol, "cache " + origin + ": " + record.error().message);
            repository.records.push_back(std::move(record.value()));
        }
        return repository;
    } catch (const json::exception&) {
        return malformed;
    }
}

Result<Repository> load_cache(const fs::path& file, const CacheKey& key) {
    auto text = store::read_whole_file(file);
    if (!text.ok() && text.error().kind == ErrorKind::PermissionDenied) return text.error();  // say it: planted?
    if (!text.ok()) return make_error(ErrorKind::NotFound, "no cache at " + file.string());
    return parse_cache(*text, key, file.string());
}

std::string cache_text(const CacheKey& key, const Repository& repository) {
    json records = json::array();
    for (const auto& record : repository.records) records.push_back(bridge::hex(record.raw));
    const json document{
        {"format", kFormat}, {"key", key_json(key)}, {"info", info_json(repository.info)}, {"records", records}};
    return bridge::json_text(document, 1) + "\n";
}

bridge::Status save_cache(const fs::path& file, const CacheKey& key, const Repository& repository) {
    return store::write_atomically(file, cache_text(key, repository));
}

namespace {

// A controller without an SDR repository answers Get SDR Repository Info
// with "invalid command" (or "not present"); its sensors are then described
// by its device SDRs (§35.2-35.4).
bool has_no_repository(const bridge::Error& error) {
    const auto code = error.completion_code.value_or(bridge::cc::kOk);
    return code == bridge::cc::kInvalidCommand || code == bridge::cc::kNotPresent;
}

// Marks the cache as checked now: its modification time is the last check.
void mark_checked(const fs::path& file) {
    std::error_code ignored;
    fs::last_write_time(file, fs::file_time_type::clock::now(), ignored);
}

// A cache checked recently enough to be used without a request.
std::optional<Repository> recently_checked(const CacheKey& key, const CacheOptions& cache) {
    if (!cache.use || cache.flush || cache.trust_checked_within.count() <= 0) return std::nullopt;
    const auto file = cache_file(cache.directory, key);
    std::error_code error;
    const auto checked = fs::last_write_time(file, error);
    if (error || fs::file_time_type::clock::now() - checked > cache.trust_checked_within) return std::nullopt;
    auto cached = load_cache(file, key);
    if (!cached.ok()) return std::nullopt;
    return std::move(cached.value());
}

Result<OpenedRepository> open_with(SdrReader& reader, const RepositoryInfo& info, const CacheKey& key,
                                   const CacheOptions& cache) {
    OpenedRepository opened;
    const auto file = cache_file(cache.directory, key);
    if (cache.use && !cache.flush) {
        auto cached = load_cache(file, key);
        if (cached.ok() && cached->info == info) {
            mark_checked(file);
            opened.repository = std::move(cached.value());
            opened.from_cache = true;
            return opened;
        }
        if (cached.ok())
            opened.cache_note = "SDR cache out of date (" + describe_difference(cached->info, info) + ")";
        else if (cached.error().kind != ErrorKind::NotFound)
            opened.cache_note = cached.error().message + "; reading the BMC";
    }
    auto repository = reader.read_all(info);
    if (!repository.ok()) return repository.error();
    opened.repository = std::move(repository.value());
    // A repository read with problems is not cached: the next run reads it again.
    if (cache.use && opened.repository.problems.empty()) {
        if (auto saved = save_cache(file, key, opened.repository); !saved.ok())
            opened.cache_note = saved.error().message;
    }
    return opened;
}

}  // namespace

Result<OpenedRepository> open_repository(bridge::Engine& engine, const CacheKey& key, const CacheOptions& cache,
                                         ReaderOptions reader_options) {
    if (auto recent = recently_checked(key, cache)) return OpenedRepository{std::move(*recent), true, false, {}};
    SdrReader main(engine, RepositoryKind::Main, reader_options);
    auto info = main.info();
    if (info.ok()) return open_with(main, *info, key, cache);
    if (!has_no_repository(info.error())) return info.error();

    SdrReader device(engine, RepositoryKind::Device, std::move(reader_options));
    auto device_info = device.info();
    if (!device_info.ok()) {
        return bridge::Error{device_info.error().kind,
                             "no SDR repository, and no device SDRs either: " + device_info.error().message,
                             device_info.error().completion_code};
    }
    auto device_key = key;
    device_key.endpoint += " device SDRs";
    auto opened = open_with(device, *device_info, device_key, cache);
    if (opened.ok()) opened->device_sdrs = true;
    return opened;
}

}  // namespace ipmiprov::provider::sdr

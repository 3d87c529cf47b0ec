// The on-disk SDR cache: the repository's records, keyed by the BMC they came
// from, checked against one Get SDR Repository Info (version, addition and
// erase timestamps, record count) before use, and written atomically (a
// temporary file renamed over the old one).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "provider/sdr/repository.hpp"

namespace ipmiprov::provider::sdr {

struct CacheKey {
    std::string endpoint;  // "kernel /dev/ipmi0", "lan 10.0.0.5:623", ...
    std::uint32_t manufacturer_id = 0;
    std::uint16_t product_id = 0;
    std::uint8_t device_id = 0;
};

// $IPMIPROV_CACHE_DIR, else $XDG_CACHE_HOME/ipmiprov/sdr, else ~/.cache/ipmiprov/sdr
// ($HOME, else the password database's home); for the daemon (system = true)
// and for root without a home in its environment, /var/cache/ipmiprov/sdr.
// Empty when there is none: never a shared temporary directory. Files in it
// are read only when this user or root owns them and no other user can
// write them, never through a symbolic link (provider/store/atomic_file.hpp).
std::filesystem::path default_cache_directory(bool system);
std::filesystem::path cache_file(const std::filesystem::path& directory, const CacheKey& key);

// The cached repository, or an error saying why it cannot be used (missing,
// unreadable, another BMC, malformed).
Result<Repository> load_cache(const std::filesystem::path& file, const CacheKey& key);
// The same for a cache file's text; `origin` names it in errors.
Result<Repository> parse_cache(std::string_view text, const CacheKey& key, const std::string& origin);
// What save_cache writes.
std::string cache_text(const CacheKey& key, const Repository& repository);
bridge::Status save_cache(const std::filesystem::path& file, const CacheKey& key, const Repository& repository);

struct CacheOptions {
    bool use = true;     // --no-cache: neither read nor write
    bool flush = false;  // --flush-cache: ignore what is there, write anew
    std::filesystem::path directory;
    // Use a cache checked against the BMC less than this long ago without
    // asking again (0: always check). Every check renews the file's time.
    std::chrono::seconds trust_checked_within{0};
};

struct OpenedRepository {
    Repository repository;
    bool from_cache = false;
    bool device_sdrs = false;               // the controller has no SDR repository: these are its device SDRs
    std::optional<std::string> cache_note;  // e.g. "cache out of date: addition timestamp changed"
};

// Get SDR Repository Info, then the cache when it matches, else a full read
// (saved to the cache). A controller without an SDR repository is read
// through its device SDRs instead. `progress` sees cold reads.
Result<OpenedRepository> open_repository(bridge::Engine& engine, const CacheKey& key, const CacheOptions& cache,
                                         ReaderOptions reader_options = {});

}  // namespace ipmiprov::provider::sdr

// Reading an SDR repository (IPMI 2.0 §33) — the BMC's main repository or a
// controller's device SDRs (§35.2-§35.4) — robustly and with few requests:
// whole-record reads where the BMC allows them, partial reads of a size the
// BMC accepts otherwise (remembered), bounded re-reservation on C5h with a
// randomised back-off (another agent reading at the same time must not cancel
// us in lock-step), and a record-ID chain checked for loops, early ends and
// missing records. A walk that cannot reach the end is an error, never a
// shorter repository.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/sdr/record.hpp"

namespace ipmiprov::provider::sdr {

enum class RepositoryKind { Main, Device };

struct RepositoryInfo {
    std::uint8_t version = 0;
    std::uint16_t record_count = 0;
    std::uint32_t addition_timestamp = 0;
    std::uint32_t erase_timestamp = 0;
    bool operator==(const RepositoryInfo&) const = default;
};

Result<RepositoryInfo> decode_repository_info(std::span<const std::uint8_t> data);
// Get Device SDR Info (SDR count form): count, and the sensor population change indicator as the timestamp.
Result<RepositoryInfo> decode_device_sdr_info(std::span<const std::uint8_t> data);

struct Repository {
    RepositoryInfo info;
    std::vector<Record> records;
    std::vector<std::string> problems;  // what was wrong, in words; the good records are kept
};

// The wait before a new reservation once ours was cancelled (C5h, §33.11):
// drawn at random from 1 ms up to a ceiling that doubles with every
// cancellation of the same record, from `first` up to `longest`. Two agents
// that cancel each other then stop doing it in lock-step. `budget` bounds
// all the waits of one read_all.
struct ReservationBackoff {
    std::chrono::milliseconds first{5};
    std::chrono::milliseconds longest{200};
    std::chrono::milliseconds budget{5000};
};

struct ReaderOptions {
    int max_reservation_retries = 8;  // per record
    ReservationBackoff backoff;
    // How to wait (tests: record the delays instead); empty: sleep.
    std::function<void(std::chrono::milliseconds)> sleep;
    // Seed of the back-off's randomness; empty: std::random_device.
    std::optional<std::uint32_t> seed;
    std::function<void(std::size_t done, std::size_t total)> progress;
};

// The message of every error of a walk that stopped before the end of the
// repository (reservation lost for good, a broken or looping chain), so that
// callers can tell it from a BMC that does not answer.
inline constexpr const char* kUnfinishedWalk = "the SDR repository could not be read to the end";
[[nodiscard]] bool is_unfinished_walk(const bridge::Error& error);

class SdrReader {
public:
    SdrReader(bridge::Engine& engine, RepositoryKind kind, ReaderOptions options = {});

    Result<RepositoryInfo> info();
    // Walks the whole repository, then asks for its info again: a repository
    // that changed during the walk is walked again (at most 3 walks, then an
    // error), so the records are never a mix of two repositories. A walk
    // that stops before the chain's end (FFFFh) fails (kUnfinishedWalk);
    // records that were read but cannot be decoded are `problems`.
    Result<Repository> read_all(const RepositoryInfo& start);
    // Largest partial read the BMC accepted, or nullopt while whole reads work.
    [[nodiscard]] std::optional<std::size_t> read_limit() const { return read_limit_; }

private:
    struct Fetched {
        std::uint16_t next_id;
        std::vector<std::uint8_t> bytes;
    };
    Result<Repository> walk(const RepositoryInfo& info);
    Result<Fetched> fetch(std::uint16_t record_id);
    // fetch(), asked again (bounded) while the record names another ID.
    Result<Fetched> fetch_as_asked(std::uint16_t record_id);
    Result<Fetched> fetch_whole(std::uint16_t record_id, bool& fall_back);
    Result<Fetched> fetch_partial(std::uint16_t record_id, bool& reservation_lost);
    Result<bridge::Response> get(std::uint16_t record_id, std::uint8_t offset, std::uint8_t count);
    bridge::Status reserve();
    // Waits before re-reserving after the `cancellations`-th cancellation of
    // one record; false when the walk's back-off budget is spent.
    bool back_off(int cancellations);

    bridge::Engine& engine_;
    RepositoryKind kind_;
    ReaderOptions options_;
    std::optional<std::uint16_t> reservation_;
    std::optional<std::size_t> read_limit_;
    bool record_ids_apart_ = false;            // the BMC answered with another ID every time: don't ask again
    std::minstd_rand random_;                  // per reader: readers on other threads share nothing
    std::chrono::milliseconds backed_off_{0};  // waited in this read_all
};

}  // namespace ipmiprov::provider::sdr

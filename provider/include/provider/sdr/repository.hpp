// Reading an SDR repository (IPMI 2.0 §33) — the BMC's main repository or a
// controller's device SDRs (§35.2-§35.4) — robustly and with few requests:
// whole-record reads where the BMC allows them, partial reads of a size the
// BMC accepts otherwise (remembered), bounded re-reservation on C5h, and a
// record-ID chain checked for loops, early ends and missing records.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
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

struct ReaderOptions {
    int max_reservation_retries = 8;  // per record
    std::function<void(std::size_t done, std::size_t total)> progress;
};

class SdrReader {
public:
    SdrReader(bridge::Engine& engine, RepositoryKind kind, ReaderOptions options = {});

    Result<RepositoryInfo> info();
    // Walks the whole repository, then asks for its info again: a repository
    // that changed during the walk is walked again (at most 3 walks, then an
    // error), so the records are never a mix of two repositories. Fails
    // otherwise only when nothing could be read at all.
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

    bridge::Engine& engine_;
    RepositoryKind kind_;
    ReaderOptions options_;
    std::optional<std::uint16_t> reservation_;
    std::optional<std::size_t> read_limit_;
    bool record_ids_apart_ = false;  // the BMC answered with another ID every time: don't ask again
};

}  // namespace ipmiprov::provider::sdr

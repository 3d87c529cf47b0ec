// Reading the System Event Log (IPMI 2.0 §31): Get SEL Info, Get SEL
// Allocation Info and Get SEL Entry along the next-record chain, bounded,
// whole entries where the BMC allows it and parts (with a reservation) where
// it does not; incremental reads that fetch only what is new.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/sel/record.hpp"

namespace ipmiprov::provider::sel {

// Get SEL Info (§31.2).
struct SelInfo {
    std::uint8_t version = 0;
    std::uint16_t entries = 0;
    std::uint16_t free_bytes = 0;
    std::uint32_t addition_timestamp = 0;
    std::uint32_t erase_timestamp = 0;
    std::uint8_t operations = 0;  // bit 7 overflow, 3 delete, 2 partial add, 1 reserve, 0 allocation info
    [[nodiscard]] bool overflow() const { return (operations & 0x80) != 0; }
    [[nodiscard]] bool supports_delete() const { return (operations & 0x08) != 0; }
    [[nodiscard]] bool supports_reserve() const { return (operations & 0x02) != 0; }
    [[nodiscard]] bool supports_allocation_info() const { return (operations & 0x01) != 0; }
    bool operator==(const SelInfo&) const = default;
};
Result<SelInfo> decode_sel_info(std::span<const std::uint8_t> data);

// Get SEL Allocation Info (§31.3).
struct AllocationInfo {
    std::uint16_t units = 0;
    std::uint16_t unit_size = 0;
    std::uint16_t free_units = 0;
    std::uint16_t largest_free = 0;
    std::uint8_t max_record_units = 0;
};
Result<AllocationInfo> decode_allocation_info(std::span<const std::uint8_t> data);

// Where the last read ended: enough to fetch only newer entries next time and
// to notice a clear, an overwrite or a deletion in between.
struct Position {
    std::uint16_t last_record_id = 0xFFFF;  // FFFFh: the SEL was empty
    std::uint16_t entries = 0;
    std::uint32_t addition_timestamp = 0;
    std::uint32_t erase_timestamp = 0;
    // The last entry's bytes: the entry with that ID now is the same one
    // only if its bytes are (an overwriting BMC may reuse the ID). Unknown
    // in positions stored before it was kept: then the ID alone is trusted.
    std::optional<RawEntry> last_raw;
    bool operator==(const Position&) const = default;
};

struct ReadResult {
    SelInfo info;
    std::vector<Entry> entries;         // new entries only, for an incremental read
    std::vector<std::string> problems;  // what went wrong; the entries read are kept
    Position position;                  // pass to read_new() next time
    // The erase timestamp changed (§31.2): the SEL was cleared since `since`
    // and `entries` is all it holds now. An overwrite or a deletion is not a clear.
    bool cleared = false;
    // What the SEL still holds of the entries read before (see still_held()):
    // every entry it holds now, when the read had to walk the whole SEL ...
    std::optional<std::vector<RawEntry>> held;
    // ... or, after an overwrite, the ID of its oldest entry: the ones read
    // before it are gone.
    std::optional<std::uint16_t> oldest_record_id;
};

// Which of `known` (entries read before, oldest first, as the caller keeps
// them) the SEL still holds after `read`: one flag per entry.
std::vector<bool> still_held(std::span<const RawEntry> known, const ReadResult& read);

struct SelReaderOptions {
    int max_reservation_retries = 8;  // per entry
};

class SelReader {
public:
    explicit SelReader(bridge::Engine& engine, SelReaderOptions options = {}) : engine_(engine), options_(options) {}

    Result<SelInfo> info();
    Result<AllocationInfo> allocation_info();
    // Every entry.
    Result<ReadResult> read_all();
    // Only what came after `since`, each new entry once, whether the SEL
    // appended, overwrote its oldest entries or had some deleted; after a
    // clear, everything it holds (`cleared`). `known` (the entries the caller
    // keeps, oldest first) tells new from old when the last entry of `since`
    // is gone and the whole SEL must be compared; without it, an entry is new
    // when its ID is above that last one's.
    Result<ReadResult> read_new(const Position& since, std::span<const RawEntry> known = {});

    // Where the SEL ends now (Get SEL Info and the last entry): a start for
    // read_new() that skips what is already there.
    Result<Position> end_position();

    // One entry by its record ID (Get SEL Entry, §31.5), asked again while
    // the BMC answers with another one; NotFound when the SEL has no such entry.
    Result<Entry> entry(std::uint16_t record_id);
    // Delete SEL Entry (§31.8) under a fresh reservation (reserved again when
    // another agent cancels it); NotFound for an ID the SEL does not hold.
    bridge::Status delete_entry(std::uint16_t record_id);
    // Add SEL Entry (§31.6): the record ID the BMC gave the entry. The BMC
    // ignores the entry's own record ID and, for the timestamped types,
    // most BMCs stamp it with their clock.
    Result<std::uint16_t> add_entry(const RawEntry& entry);

    // Clear SEL (§31.9) under a fresh reservation, then polls the erasure
    // until it completes: at most `max_polls` polls `poll_interval` apart.
    bridge::Status clear(int max_polls = 50, std::chrono::milliseconds poll_interval = std::chrono::milliseconds(100));
    // Clears the SEL only while it is as `read` found it (entries, last
    // addition, last erase): reserves, asks Get SEL Info, clears under that
    // reservation. False, and nothing cleared, when an entry came since (the
    // info differs, or the BMC cancelled the reservation for it): read again.
    // What an archive-then-clear needs so that nothing is lost.
    Result<bool> clear_if_unchanged(const SelInfo& read, int max_polls = 50,
                                    std::chrono::milliseconds poll_interval = std::chrono::milliseconds(100));

    // Get / Set SEL Time (§31.10, §31.11) and Get SEL Time UTC Offset (§31.11a);
    // the offset is nullopt when the BMC has none or says "unspecified".
    Result<std::uint32_t> time();
    bridge::Status set_time(std::uint32_t seconds);
    Result<std::optional<std::int16_t>> utc_offset_minutes();

private:
    struct Fetched {
        std::uint16_t next_id = 0xFFFF;
        Entry entry;
    };
    Result<Fetched> fetch(std::uint16_t record_id);
    // fetch(), asked again (bounded) while the entry names another ID.
    Result<Fetched> fetch_as_asked(std::uint16_t record_id);
    Result<Fetched> fetch_in_parts(std::uint16_t record_id, bool& reservation_lost);
    Result<bridge::Response> get(std::uint16_t record_id, std::uint8_t offset, std::uint8_t count);
    bridge::Status reserve();
    // Polls a started erasure (`done` when it already completed) until it completes.
    bridge::Status wait_for_erasure(bool done, int max_polls, std::chrono::milliseconds poll_interval);
    // Follows the chain from `first`, at most `bound` entries; an error when
    // the BMC stopped answering, problems in `result` for a broken chain.
    bridge::Status walk(std::uint16_t first, std::size_t bound, ReadResult& result);
    Result<ReadResult> read_from_start(const SelInfo& start);
    // The whole SEL again, its entries compared with what is known by ID and bytes.
    Result<ReadResult> read_and_compare(const Position& since, std::span<const RawEntry> known);
    // The erase timestamp changed: the whole SEL, a clear only when nothing known is left.
    Result<ReadResult> read_after_erase(const Position& since, const SelInfo& current, std::span<const RawEntry> known);
    static ReadResult settle_erase(const Position& since, ReadResult all, std::span<const RawEntry> known);
    // Leaves in `all` only the entries not read before.
    static void keep_new_only(const Position& since, std::span<const RawEntry> known, ReadResult& all);
    // The last entry of `since` is still there: the entries after it, and
    // which old ones an overwrite dropped.
    Result<ReadResult> read_on_from(const Position& since, const SelInfo& current, const Fetched& last,
                                    std::span<const RawEntry> known);

    bridge::Engine& engine_;
    SelReaderOptions options_;
    std::optional<std::uint16_t> reservation_;
    bool whole_entries_refused_ = false;
    bool record_ids_apart_ = false;  // the BMC answered with another ID every time: don't ask again
};

}  // namespace ipmiprov::provider::sel

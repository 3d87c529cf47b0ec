// ipmiprovd's SEL store (its "journal"): every entry the SEL holds, each with
// the sequence number the daemon gave it, the Position of the last read, and
// an epoch naming the numbering. Kept on disk in the daemon's state directory
// so that a restarted daemon numbers on where it stopped and a follower's
// cursor stays good; the epoch changes only when the numbering starts over
// (the store was lost, corrupt or of another BMC).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "provider/sel/reader.hpp"

namespace ipmiprov::provider::sel {

// A SEL holds at most FFFEh entries (IDs 0000h and FFFFh are reserved, §31.5).
inline constexpr std::size_t kMaxJournalEntries = 65535;
// A store file larger than this is not one the daemon wrote (65535 entries take ~4 MB).
inline constexpr std::uintmax_t kMaxJournalFileBytes = std::uintmax_t{16} * 1024 * 1024;

struct JournalEntry {
    std::uint64_t sequence = 0;
    RawEntry raw{};
};

struct SelJournal {
    std::string epoch;     // 16 hex digits
    std::string endpoint;  // the BMC whose SEL it holds (transport description)
    Position position;
    std::uint64_t last_sequence = 0;    // the highest number ever given, also to entries gone since
    std::vector<JournalEntry> entries;  // oldest first, sequences increasing
};

// A new random epoch: 64 bits as 16 hex digits.
std::string new_journal_epoch();
// An empty journal with a new epoch.
SelJournal new_sel_journal(std::string endpoint);

std::filesystem::path sel_journal_file(const std::filesystem::path& state_dir);
// NotFound when there is none; Protocol when it is malformed, too large or inconsistent.
Result<SelJournal> load_sel_journal(const std::filesystem::path& file);
Result<SelJournal> parse_sel_journal(std::string_view text, const std::string& origin);
std::string serialise_sel_journal(const SelJournal& journal);
bridge::Status save_sel_journal(const std::filesystem::path& file, const SelJournal& journal);

// Takes in one read_new() (or read_all()) result: drops the entries the SEL no
// longer holds, numbers the new ones on, keeps at most kMaxJournalEntries.
// True when anything changed (the journal should be saved).
bool apply_read(SelJournal& journal, const ReadResult& read);

}  // namespace ipmiprov::provider::sel

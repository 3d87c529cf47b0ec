#include "provider/sel/journal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <system_error>

#include "bridge/json_number.hpp"
#include "bridge/json_text.hpp"
#include "bridge/message.hpp"
#include "provider/sel/store.hpp"
#include "provider/store/atomic_file.hpp"

namespace ipmiprov::provider::sel {
namespace {

namespace fs = std::filesystem;
using bridge::ErrorKind;
using bridge::make_error;
using nlohmann::json;

constexpr int kFormat = 1;
constexpr const char* kKind = "ipmiprovd SEL journal";
constexpr std::size_t kEpochDigits = 16;

bool is_epoch(const std::string& text) {
    return text.size() == kEpochDigits &&
           std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// Sequences strictly increasing, none above the last given.
bool consistent(const SelJournal& journal) {
    std::uint64_t previous = 0;
    for (const auto& entry : journal.entries) {
        if (entry.sequence <= previous || entry.sequence > journal.last_sequence) return false;
        previous = entry.sequence;
    }
    return true;
}

}  // namespace

std::string new_journal_epoch() {
    std::random_device device;
    const auto high = static_cast<std::uint64_t>(device());
    const auto low = static_cast<std::uint64_t>(device());
    const std::uint64_t value = (high << 32) ^ low;
    std::string text(kEpochDigits, '0');
    for (std::size_t i = 0; i < kEpochDigits; ++i)
        text[kEpochDigits - 1 - i] = "0123456789abcdef"[(value >> (4 * i)) & 0xF];
    return text;
}

SelJournal new_sel_journal(std::string endpoint) {
    SelJournal journal;
    journal.epoch = new_journal_epoch();
    journal.endpoint = std::move(endpoint);
    return journal;
}

fs::path sel_journal_file(const fs::path& state_dir) {
    return state_dir / "sel-journal.json";
}

Result<SelJournal> load_sel_journal(const fs::path& file) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    if (error) return make_error(ErrorKind::NotFound, "cannot read " + file.string());
    if (size > kMaxJournalFileBytes) {
        return make_error(ErrorKind::Protocol, "SEL journal " + file.string() + " is larger than a daemon writes (" +
                                                   std::to_string(size) + " bytes)");
    }
    auto text = store::read_whole_file(file);
    if (!text.ok()) return text.error();
    return parse_sel_journal(*text, file.string());
}

Result<SelJournal> parse_sel_journal(std::string_view text, const std::string& origin) {
    const auto malformed = make_error(ErrorKind::Protocol, "SEL journal " + origin + " is malformed");
    if (text.size() > kMaxJournalFileBytes) return malformed;
    const auto document = json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object()) return malformed;
    try {
        if (document.at("format") != kFormat || document.at("kind") != kKind) {
            return make_error(ErrorKind::Protocol, "SEL journal " + origin + " is not one this daemon writes");
        }
        SelJournal journal;
        journal.epoch = document.at("epoch").get<std::string>();
        journal.endpoint = document.at("endpoint").get<std::string>();
        const auto position = position_from(document.at("position"));
        const auto last = bridge::json_integer<std::uint64_t>(document.at("last_sequence"));
        const auto& entries = document.at("entries");
        if (!is_epoch(journal.epoch) || !position || !last || !entries.is_array() ||
            entries.size() > kMaxJournalEntries)
            return malformed;
        journal.position = *position;
        journal.last_sequence = *last;
        journal.entries.reserve(entries.size());
        for (const auto& item : entries) {
            const auto sequence = bridge::json_integer<std::uint64_t>(item.at("sequence"));
            const auto raw = parse_raw(item.at("raw").get<std::string>());
            if (!sequence || !raw) return malformed;
            journal.entries.push_back(JournalEntry{*sequence, *raw});
        }
        if (!consistent(journal)) return malformed;
        return journal;
    } catch (const json::exception&) {
        return malformed;
    }
}

std::string serialise_sel_journal(const SelJournal& journal) {
    json entries = json::array();
    for (const auto& entry : journal.entries)
        entries.push_back(json{{"sequence", entry.sequence}, {"raw", bridge::hex(entry.raw)}});
    const json document{{"format", kFormat},
                        {"kind", kKind},
                        {"epoch", journal.epoch},
                        {"endpoint", journal.endpoint},
                        {"position", position_json(journal.position)},
                        {"last_sequence", journal.last_sequence},
                        {"entries", entries}};
    return bridge::json_text(document) + "\n";
}

bridge::Status save_sel_journal(const fs::path& file, const SelJournal& journal) {
    return store::write_atomically(file, serialise_sel_journal(journal));
}

bool apply_read(SelJournal& journal, const ReadResult& read) {
    std::vector<RawEntry> known;
    known.reserve(journal.entries.size());
    for (const auto& entry : journal.entries) known.push_back(entry.raw);
    const auto held = still_held(known, read);
    std::vector<JournalEntry> kept;
    kept.reserve(journal.entries.size() + read.entries.size());
    for (std::size_t i = 0; i < journal.entries.size(); ++i)
        if (held[i]) kept.push_back(journal.entries[i]);
    bool changed = kept.size() != journal.entries.size() || !read.entries.empty() || journal.position != read.position;
    for (const auto& entry : read.entries) kept.push_back(JournalEntry{++journal.last_sequence, entry.raw});
    // What the SEL holds, at most: an overwrite the read could not place
    // (a BMC without the first entry's answer) still drops the oldest. A
    // whole read says exactly what is held, and its count (Get SEL Info,
    // asked before the walk) may miss an entry added during the walk: the
    // oldest would be dropped, and delivered again as new by the next read.
    const std::size_t bound =
        read.held ? kMaxJournalEntries : std::min<std::size_t>(kMaxJournalEntries, read.info.entries);
    if (kept.size() > bound) {
        kept.erase(kept.begin(), kept.end() - static_cast<std::ptrdiff_t>(bound));
        changed = true;
    }
    journal.entries = std::move(kept);
    journal.position = read.position;
    return changed;
}

}  // namespace ipmiprov::provider::sel

// The files ipmiprov keeps between runs and reads back: the SDR cache, the
// CLI's SEL store and ipmiprovd's SEL store (journal). Anything may be in
// them (a torn write by another tool, a disk error, a hand edit): the first
// byte picks which reader gets the text (bit 0: a SEL store, bit 1 with it:
// the daemon's; bit 2: the severity file an admin writes, docs/severity.md;
// bit 3: a SEL saved raw, as `sel restore` reads it; bit 4: ipmiprovd's
// snapshot store, which must save and load again to the same snapshots),
// and each must either return what a writer would have written or name the
// file as malformed. A cache or journal that loads is
// written back out and must load again to the same contents.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "provider/sdr/cache.hpp"
#include "provider/sel/journal.hpp"
#include "provider/sel/raw_file.hpp"
#include "provider/sel/store.hpp"
#include "provider/severity/severity.hpp"
#include "snapshot_store.hpp"

namespace {

using namespace ipmiprov::provider;

const sdr::CacheKey kKey{"sim fuzz", 0, 0, 0x20};

void round_trip(const sdr::Repository& repository) {
    const auto again = sdr::parse_cache(sdr::cache_text(kKey, repository), kKey, "again");
    bool same = again.ok() && again->records.size() == repository.records.size() && again->info == repository.info;
    for (std::size_t i = 0; same && i < repository.records.size(); ++i)
        same = again->records[i].raw == repository.records[i].raw;
    if (!same) {
        std::fprintf(stderr, "a loaded SDR cache does not load again to the same records\n");
        std::abort();
    }
}

void round_trip(const sel::SelJournal& journal) {
    const auto again = sel::parse_sel_journal(sel::serialise_sel_journal(journal), "again");
    bool same = again.ok() && again->epoch == journal.epoch && again->endpoint == journal.endpoint &&
                again->position == journal.position && again->last_sequence == journal.last_sequence &&
                again->entries.size() == journal.entries.size();
    for (std::size_t i = 0; same && i < journal.entries.size(); ++i)
        same = again->entries[i].sequence == journal.entries[i].sequence &&
               again->entries[i].raw == journal.entries[i].raw;
    if (!same) {
        std::fprintf(stderr, "a loaded SEL journal does not load again to the same contents\n");
        std::abort();
    }
}

// A severity file that loads gives one of the four severities for every state.
void check_every_state(const severity::Table& table) {
    for (int type = 0; type <= 0xFF; type += 0x11)
        for (std::uint8_t ert = 0; ert <= 0x7F; ++ert)
            for (std::uint8_t offset = 0; offset < 15; ++offset)
                for (const bool deasserted : {false, true}) {
                    const auto s = table.of_state(static_cast<std::uint8_t>(type), ert, offset, deasserted);
                    if (severity::parse_severity(severity::severity_text(s)) != s) {
                        std::fprintf(stderr, "a severity file gave a severity without a name\n");
                        std::abort();
                    }
                }
}

// A raw SEL file decodes to every one of its entries or to an error.
void check_raw_file(std::span<const std::uint8_t> bytes) {
    const auto file = sel::decode_raw_file(bytes);
    if (file.ok() && file->entries.size() * sel::kEntrySize != bytes.size()) {
        std::fprintf(stderr, "a raw SEL file decoded to fewer or more entries than it holds\n");
        std::abort();
    }
}

void round_trip(const ipmiprov::daemon::StoredSnapshots& snapshots) {
    const auto text = ipmiprov::daemon::serialise_snapshots(snapshots);
    const auto again = ipmiprov::daemon::parse_snapshots(text);
    if (!again.ok() || ipmiprov::daemon::serialise_snapshots(*again) != text) {
        std::fprintf(stderr, "a loaded snapshot store does not load again to the same snapshots\n");
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ipmiprov::fuzz::FuzzInput input(data, size);
    const auto selector = input.byte();
    const bool sel_store = (selector & 1) != 0;
    const bool daemon_journal = sel_store && (selector & 2) != 0;
    const auto rest = input.rest();
    const auto text = ipmiprov::fuzz::as_text(rest);
    if ((selector & 16) != 0) {
        if (auto snapshots = ipmiprov::daemon::parse_snapshots(std::string(text)); snapshots.ok())
            round_trip(snapshots.value());
    } else if ((selector & 8) != 0) {
        check_raw_file(rest);
    } else if ((selector & 4) != 0) {
        if (auto table = severity::Table::builtin().with_overrides(text, "fuzz"); table.ok())
            check_every_state(table.value());
    } else if (daemon_journal) {
        if (auto journal = sel::parse_sel_journal(text, "fuzz"); journal.ok()) round_trip(journal.value());
    } else if (sel_store) {
        (void)sel::parse_sel_store(text, "sim fuzz", "fuzz");
    } else if (auto repository = sdr::parse_cache(text, kKey, "fuzz"); repository.ok()) {
        round_trip(repository.value());
    }
    return 0;
}

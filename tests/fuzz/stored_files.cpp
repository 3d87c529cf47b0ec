// The files ipmiprov keeps between runs and reads back: the SDR cache and the
// SEL store. Anything may be in them (a torn write by another tool, a disk
// error, a hand edit): the first byte picks which reader gets the text, and
// each must either return what a writer would have written or name the file
// as malformed. A cache that loads is written back out and must load again
// to the same records.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "provider/sdr/cache.hpp"
#include "provider/sel/store.hpp"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ipmiprov::fuzz::FuzzInput input(data, size);
    const bool sel_store = (input.byte() & 1) != 0;
    const auto text = ipmiprov::fuzz::as_text(input.rest());
    if (sel_store) {
        (void)sel::parse_sel_store(text, "sim fuzz", "fuzz");
    } else if (auto repository = sdr::parse_cache(text, kKey, "fuzz"); repository.ok()) {
        round_trip(repository.value());
    }
    return 0;
}

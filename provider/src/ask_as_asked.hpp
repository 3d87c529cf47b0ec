// Shared by the SDR and SEL readers: a record that names another ID than the
// one asked for is, most often, an answer out of turn. QEMU 7.2's SSIF device
// hands the driver the previous reply when the BMC is slow (docs/testing.md),
// and a real BMC behind a flaky link can do the same; to the same command the
// stale reply passes every check below the reader. Asking again gets the
// record asked for. A BMC whose records always carry IDs apart from those it
// is asked by answers the same way every time: after one such record the
// reader stops asking again, so it costs a few requests once.
#pragma once

#include "bridge/result.hpp"

namespace ipmiprov::provider {

// How many times a reader asks for one record before it takes what it got.
inline constexpr int kAsksForARecord = 3;

// Calls `fetch` until `names_the_id_asked(reply)` holds, at most
// kAsksForARecord times; an error ends the asking. Sets `ids_apart` when the
// last reply still names another ID, and asks once only while it is set.
template <typename Fetch, typename NamesTheIdAsked>
auto fetch_as_asked(Fetch fetch, NamesTheIdAsked names_the_id_asked, bool& ids_apart) {
    auto fetched = fetch();
    for (int ask = 1; !ids_apart && ask < kAsksForARecord && fetched.ok() && !names_the_id_asked(*fetched); ++ask) {
        fetched = fetch();
    }
    if (fetched.ok() && !names_the_id_asked(*fetched)) ids_apart = true;
    return fetched;
}

}  // namespace ipmiprov::provider

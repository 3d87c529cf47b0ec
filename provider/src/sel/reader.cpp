#include "provider/sel/reader.hpp"

#include <algorithm>
#include <set>

#include "ask_as_asked.hpp"
#include "bridge/bytes.hpp"
#include "bridge/message.hpp"
#include "bridge/spec_tables.hpp"
#include "sel_request.hpp"

namespace ipmiprov::provider::sel {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

constexpr std::uint8_t kGetSelInfo = 0x40;
constexpr std::uint8_t kGetSelAllocationInfo = 0x41;
constexpr std::uint8_t kReserveSel = 0x42;
constexpr std::uint8_t kGetSelEntry = 0x43;
constexpr std::uint16_t kFirstEntry = 0x0000;
constexpr std::uint16_t kLastEntry = 0xFFFF;
constexpr std::uint8_t kWholeEntry = 0xFF;
constexpr std::size_t kReplyOverhead = 2;  // next record ID before the entry's bytes
// Part sizes tried when whole entries are refused: all 16 bytes at offset 0
// first (no reservation needed), then halves and smaller.
constexpr std::array<std::size_t, 5> kPartSizes{16, 8, 4, 2, 1};
// Whole reads of a SEL cleared under every one of them before a read gives up.
constexpr int kMaxWalks = 3;

// `last`: the last entry read, none when the SEL is empty.
Position position_after(const SelInfo& info, const Entry* last) {
    Position position{kLastEntry, info.entries, info.addition_timestamp, info.erase_timestamp, std::nullopt};
    if (last != nullptr) {
        position.last_record_id = last->record_id;
        position.last_raw = last->raw;
    }
    return position;
}

ReadResult result_for(const SelInfo& info, const Position& position = {}) {
    ReadResult result;
    result.info = info;
    result.position = position;
    return result;
}

const Entry* last_of(const std::vector<Entry>& entries) {
    return entries.empty() ? nullptr : &entries.back();
}

std::uint16_t record_id_of(const RawEntry& raw) {
    return static_cast<std::uint16_t>(raw[0] | (raw[1] << 8));
}

// The entry read now is the one `since` ended with: the same bytes, or the
// same ID where the bytes were not kept.
bool is_last_of(const Position& since, const Entry& entry) {
    return since.last_raw ? *since.last_raw == entry.raw : entry.record_id == since.last_record_id;
}

}  // namespace

Result<SelInfo> decode_sel_info(std::span<const std::uint8_t> data) {
    bridge::ByteReader in(data);
    auto version = in.u8();
    auto entries = in.u16le();
    auto free_bytes = in.u16le();
    auto addition = in.u32le();
    auto erase = in.u32le();
    auto operations = in.u8();
    if (!operations) {
        return make_error(ErrorKind::Protocol,
                          "Get SEL Info reply has " + std::to_string(data.size()) + " bytes; 14 expected");
    }
    return SelInfo{*version, *entries, *free_bytes, *addition, *erase, *operations};
}

Result<AllocationInfo> decode_allocation_info(std::span<const std::uint8_t> data) {
    bridge::ByteReader in(data);
    auto units = in.u16le();
    auto unit_size = in.u16le();
    auto free_units = in.u16le();
    auto largest_free = in.u16le();
    auto max_record = in.u8();
    if (!max_record) {
        return make_error(ErrorKind::Protocol,
                          "Get SEL Allocation Info reply has " + std::to_string(data.size()) + " bytes; 9 expected");
    }
    return AllocationInfo{*units, *unit_size, *free_units, *largest_free, *max_record};
}

Result<SelInfo> SelReader::info() {
    auto reply = engine_.call(sel_request(kGetSelInfo));
    if (!reply.ok()) return reply.error();
    return decode_sel_info(*reply);
}

Result<AllocationInfo> SelReader::allocation_info() {
    auto reply = engine_.call(sel_request(kGetSelAllocationInfo));
    if (!reply.ok()) return reply.error();
    return decode_allocation_info(*reply);
}

bridge::Status SelReader::reserve() {
    auto reply = engine_.call(sel_request(kReserveSel));
    if (!reply.ok()) return reply.error();
    bridge::ByteReader in(*reply);
    auto id = in.u16le();
    if (!id) return make_error(ErrorKind::Protocol, "Reserve SEL reply too short");
    reservation_ = *id;
    return bridge::success();
}

Result<bridge::Response> SelReader::get(std::uint16_t record_id, std::uint8_t offset, std::uint8_t count) {
    std::vector<std::uint8_t> data;
    bridge::put_u16le(data, offset == 0 ? 0 : reservation_.value_or(0));
    bridge::put_u16le(data, record_id);
    data.push_back(offset);
    data.push_back(count);
    return engine_.send(sel_request(kGetSelEntry, std::move(data)));
}

Result<SelReader::Fetched> SelReader::fetch_in_parts(std::uint16_t record_id, bool& reservation_lost) {
    std::vector<std::uint8_t> bytes;
    std::uint16_t next_id = kLastEntry;
    std::size_t size_index = 0;
    while (bytes.size() < kEntrySize) {
        if (!bytes.empty() && !reservation_) {
            if (auto reserved = reserve(); !reserved.ok()) return reserved.error();
        }
        const auto count = std::min(kPartSizes[size_index], kEntrySize - bytes.size());
        auto reply = get(record_id, static_cast<std::uint8_t>(bytes.size()), static_cast<std::uint8_t>(count));
        if (!reply.ok()) return reply.error();
        const auto code = reply->completion_code;
        if (code == bridge::cc::kReservationCancelled) {
            reservation_lost = true;
            return make_error(ErrorKind::CompletionCode, "reservation cancelled");
        }
        if (bridge::completion_code_means_read_too_long(code) && size_index + 1 < kPartSizes.size()) {
            ++size_index;
            continue;
        }
        if (code != bridge::cc::kOk) {
            return bridge::Error{ErrorKind::CompletionCode,
                                 "Get SEL Entry " + bridge::record_id_text(record_id) + ": completion code " +
                                     bridge::completion_code_text(code, bridge::netfn::kStorage, kGetSelEntry),
                                 code};
        }
        if (reply->data.size() <= kReplyOverhead) {
            return make_error(ErrorKind::Protocol,
                              "Get SEL Entry " + bridge::record_id_text(record_id) + ": reply without entry data");
        }
        next_id = static_cast<std::uint16_t>(reply->data[0] | (reply->data[1] << 8));
        bytes.insert(bytes.end(), reply->data.begin() + kReplyOverhead, reply->data.end());
    }
    auto entry = decode_entry(bytes);
    if (!entry.ok()) return entry.error();
    return Fetched{next_id, entry.value()};
}

Result<SelReader::Fetched> SelReader::fetch_as_asked(std::uint16_t record_id) {
    // 0000h and FFFFh ask for the first and the last entry, whichever they are.
    if (record_id == kFirstEntry || record_id == kLastEntry) return fetch(record_id);
    const auto names_the_id = [record_id](const Fetched& fetched) { return fetched.entry.record_id == record_id; };
    return provider::fetch_as_asked([&] { return fetch(record_id); }, names_the_id, record_ids_apart_);
}

Result<SelReader::Fetched> SelReader::fetch(std::uint16_t record_id) {
    if (!whole_entries_refused_) {
        auto reply = get(record_id, 0, kWholeEntry);
        if (!reply.ok()) return reply.error();
        const auto& data = reply->data;
        if (reply->completion_code == bridge::cc::kOk && data.size() >= kReplyOverhead + kEntrySize) {
            auto entry = decode_entry(std::span(data).subspan(kReplyOverhead));
            if (!entry.ok()) return entry.error();
            return Fetched{static_cast<std::uint16_t>(data[0] | (data[1] << 8)), entry.value()};
        }
        if (reply->completion_code != bridge::cc::kOk &&
            !bridge::completion_code_means_read_too_long(reply->completion_code)) {
            return bridge::Error{
                ErrorKind::CompletionCode,
                "Get SEL Entry " + bridge::record_id_text(record_id) + ": completion code " +
                    bridge::completion_code_text(reply->completion_code, bridge::netfn::kStorage, kGetSelEntry),
                reply->completion_code};
        }
        whole_entries_refused_ = true;  // short reply or "cannot return that many bytes": parts from now on
    }
    for (int attempt = 0; attempt <= options_.max_reservation_retries; ++attempt) {
        bool reservation_lost = false;
        auto fetched = fetch_in_parts(record_id, reservation_lost);
        if (!reservation_lost) return fetched;
        reservation_.reset();  // §31.4: re-reserve and read the entry again from its start
    }
    return make_error(ErrorKind::CompletionCode, "Get SEL Entry " + bridge::record_id_text(record_id) +
                                                     ": reservation cancelled " +
                                                     std::to_string(options_.max_reservation_retries + 1) + " times");
}

bridge::Status SelReader::walk(std::uint16_t first, std::size_t bound, ReadResult& result) {
    std::set<std::uint16_t> visited;
    std::uint16_t id = first;
    std::size_t step = 0;
    for (; step < bound && id != kLastEntry; ++step) {
        auto fetched = fetch_as_asked(id);
        // A BMC that stops answering fails the read: the entries so far are
        // not the log, and a follower must not move its position past them.
        if (!fetched.ok() && bridge::bmc_stopped_answering(fetched.error())) return fetched.error();
        if (!fetched.ok()) {
            result.problems.push_back("entry " + bridge::record_id_text(id) + ": " + fetched.error().message +
                                      "; the chain stops here");
            return bridge::success();
        }
        const auto got = fetched->entry.record_id;
        if (visited.contains(got)) {
            result.problems.push_back("entry " + bridge::record_id_text(id) + " came back as " +
                                      bridge::record_id_text(got) + ", read already; the chain stops here");
            return bridge::success();
        }
        if (id != kFirstEntry && got != id) {
            result.problems.push_back("entry " + bridge::record_id_text(id) + " came back as " +
                                      bridge::record_id_text(got));
        }
        visited.insert(got);
        result.entries.push_back(fetched->entry);
        if (fetched->next_id != kLastEntry && visited.contains(fetched->next_id)) {
            result.problems.push_back("entry chain loops back from " +
                                      bridge::record_id_text(result.entries.back().record_id) + " to " +
                                      bridge::record_id_text(fetched->next_id));
            return bridge::success();
        }
        id = fetched->next_id;
    }
    if (id != kLastEntry) {
        result.problems.push_back("entry chain longer than the " + std::to_string(bound) +
                                  " entries expected; stopped");
    }
    return bridge::success();
}

Result<ReadResult> SelReader::read_from_start(const SelInfo& start) {
    SelInfo walked = start;
    for (int walk_number = 1;; ++walk_number) {
        ReadResult result;
        result.info = walked;
        // The count may grow while we read: allow some slack, but bound the walk.
        if (walked.entries > 0) {
            if (auto walked_ok = walk(kFirstEntry, static_cast<std::size_t>(walked.entries) + 64, result);
                !walked_ok.ok())
                return walked_ok.error();
        }
        result.position = position_after(walked, last_of(result.entries));
        result.held.emplace();
        for (const auto& entry : result.entries) result.held->push_back(entry.raw);
        if (result.entries.empty() && result.problems.empty()) return result;  // nothing read, nothing mixed
        // A walk may have met a clear. Its entries would then mix the old log
        // and the new, and its position would keep the old erase timestamp,
        // so that the next read started over and reported the new entries a
        // second time. A walk that stumbled (an entry gone from under it) is
        // not the only sign: a BMC that numbers the new log from 1 again
        // answers the IDs the walk asks for next with new entries, and the
        // walk ends cleanly. Only the erase timestamp tells (§31.2), at the
        // cost of one Get SEL Info per whole read.
        auto after = info();
        if (!after.ok()) return after.error();
        if (after->erase_timestamp == walked.erase_timestamp) return result;
        if (walk_number >= kMaxWalks) {
            return make_error(ErrorKind::Protocol, "the SEL was cleared while it was read, " +
                                                       std::to_string(kMaxWalks) + " times in a row; try again");
        }
        walked = *after;
    }
}

Result<ReadResult> SelReader::read_all() {
    auto current = info();
    if (!current.ok()) return current.error();
    return read_from_start(*current);
}

Result<ReadResult> SelReader::read_new(const Position& since, std::span<const RawEntry> known) {
    auto current = info();
    if (!current.ok()) return current.error();
    // §31.2: the erase timestamp changes with every clear, and on some BMCs
    // with a deletion (§31.8) too. A smaller count alone is no clear.
    if (current->erase_timestamp != since.erase_timestamp) return read_after_erase(since, *current, known);
    if (current->addition_timestamp == since.addition_timestamp && current->entries == since.entries) {
        return result_for(*current, since);
    }
    if (since.last_record_id == kLastEntry) return read_from_start(*current);  // it was empty: all of it is new
    if (current->entries > since.entries) {
        // Most BMCs number entries one after another: try the next ID first
        // and accept it only if exactly as many entries as the count grew by
        // lead from it to the end. Had any old entry gone (an overwrite, a
        // deletion), more would have been added than the count grew by, and
        // the chain from there would be longer.
        const std::size_t added = current->entries - since.entries;
        auto guessed = result_for(*current);
        const auto guess = static_cast<std::uint16_t>(since.last_record_id + 1);
        if (auto walked = walk(guess, added, guessed); !walked.ok()) return walked.error();
        if (guessed.problems.empty() && guessed.entries.size() == added && guessed.entries.front().record_id == guess) {
            guessed.position = position_after(*current, last_of(guessed.entries));
            return guessed;
        }
    }
    // Otherwise ask for the last entry we know: still the same one, the new
    // entries follow it; gone (deleted, overwritten), compare the whole SEL.
    auto last = fetch_as_asked(since.last_record_id);
    if (!last.ok() && bridge::bmc_stopped_answering(last.error())) return last.error();
    if (last.ok() && is_last_of(since, last->entry)) return read_on_from(since, *current, *last, known);
    return read_and_compare(since, known);
}

Result<ReadResult> SelReader::read_on_from(const Position& since, const SelInfo& current, const Fetched& last,
                                           std::span<const RawEntry> known) {
    auto result = result_for(current);
    if (auto walked = walk(last.next_id, static_cast<std::size_t>(current.entries) + 64, result); !walked.ok())
        return walked.error();
    result.position = position_after(current, result.entries.empty() ? &last.entry : &result.entries.back());
    const std::size_t expected = since.entries + result.entries.size();
    if (current.entries == expected || !result.problems.empty()) return result;
    if (current.entries > expected) return read_and_compare(since, known);  // entries came before the last one
    // Fewer than known plus new: old entries went. An overwriting SEL drops
    // its oldest, so the first entry now tells which; a deletion elsewhere
    // does not fit that and needs the whole SEL compared.
    const std::size_t removed = expected - current.entries;
    auto first = fetch(kFirstEntry);
    if (!first.ok() && bridge::bmc_stopped_answering(first.error())) return first.error();
    if (!first.ok()) return read_and_compare(since, known);
    if (known.size() == since.entries) {
        const auto found = std::find(known.begin(), known.end(), first->entry.raw);
        if (static_cast<std::size_t>(found - known.begin()) != removed) return read_and_compare(since, known);
    }
    result.oldest_record_id = first->entry.record_id;
    return result;
}

Result<ReadResult> SelReader::read_and_compare(const Position& since, std::span<const RawEntry> known) {
    auto current = info();
    if (!current.ok()) return current.error();
    if (current->erase_timestamp != since.erase_timestamp) return read_after_erase(since, *current, known);
    auto all = read_from_start(*current);
    if (!all.ok()) return all;
    if (all->info.erase_timestamp != since.erase_timestamp) return settle_erase(since, std::move(*all), known);
    keep_new_only(since, known, *all);
    return all;
}

Result<ReadResult> SelReader::read_after_erase(const Position& since, const SelInfo& current,
                                               std::span<const RawEntry> known) {
    auto all = read_from_start(current);
    if (!all.ok()) return all;
    return settle_erase(since, std::move(*all), known);
}

// A whole read under a new erase timestamp: a clear when nothing read before
// is left (every entry is new), a deletion otherwise.
ReadResult SelReader::settle_erase(const Position& since, ReadResult all, std::span<const RawEntry> known) {
    std::set<RawEntry> old(known.begin(), known.end());
    if (since.last_raw) old.insert(*since.last_raw);
    const bool some_left = std::any_of(all.entries.begin(), all.entries.end(), [&](const Entry& entry) {
        return since.last_raw || !known.empty() ? old.contains(entry.raw) : entry.record_id == since.last_record_id;
    });
    if (!some_left || since.last_record_id == kLastEntry) {
        all.cleared = true;
        return all;
    }
    keep_new_only(since, known, all);
    return all;
}

void SelReader::keep_new_only(const Position& since, std::span<const RawEntry> known, ReadResult& all) {
    std::set<RawEntry> old(known.begin(), known.end());
    if (since.last_raw) old.insert(*since.last_raw);
    const auto is_new = [&](const Entry& entry) {
        // Without the entries read before, the IDs tell: most BMCs number on.
        return known.empty() ? entry.record_id > since.last_record_id : !old.contains(entry.raw);
    };
    std::vector<Entry> fresh;
    for (const auto& entry : all.entries)
        if (is_new(entry)) fresh.push_back(entry);
    all.entries = std::move(fresh);
}

std::vector<bool> still_held(std::span<const RawEntry> known, const ReadResult& read) {
    std::vector<bool> held(known.size(), !read.cleared);
    if (read.cleared) return held;
    if (read.held) {
        const std::set<RawEntry> now(read.held->begin(), read.held->end());
        for (std::size_t i = 0; i < known.size(); ++i) held[i] = now.contains(known[i]);
    } else if (read.oldest_record_id) {
        // The oldest entry now, among those known: the ones before it were overwritten.
        for (std::size_t i = known.size(); i-- > 0;) {
            if (record_id_of(known[i]) != *read.oldest_record_id) continue;
            std::fill(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(i), false);
            break;
        }
    }
    return held;
}

Result<Position> SelReader::end_position() {
    auto current = info();
    if (!current.ok()) return current.error();
    if (current->entries == 0) return position_after(*current, nullptr);
    auto last = fetch(kLastEntry);
    if (!last.ok()) return last.error();
    return position_after(*current, &last->entry);
}

}  // namespace ipmiprov::provider::sel

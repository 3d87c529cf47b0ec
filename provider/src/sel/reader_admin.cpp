// The SEL's housekeeping commands (IPMI 2.0 §31.6-§31.11a): one entry got,
// added or deleted, Clear SEL with its erasure polls, Get / Set SEL Time and the UTC
// offset. Kept apart from the reading of the whole log in reader.cpp.
#include <thread>

#include "bridge/bytes.hpp"
#include "bridge/message.hpp"
#include "bridge/spec_tables.hpp"
#include "provider/sel/reader.hpp"
#include "sel_request.hpp"

namespace ipmiprov::provider::sel {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

constexpr std::uint8_t kAddSelEntry = 0x44;
constexpr std::uint8_t kDeleteSelEntry = 0x46;
constexpr std::uint8_t kClearSel = 0x47;
constexpr std::uint8_t kGetSelTime = 0x48;
constexpr std::uint8_t kSetSelTime = 0x49;
constexpr std::uint8_t kGetSelUtcOffset = 0x5C;
constexpr std::uint8_t kInitiateErase = 0xAA;
constexpr std::uint8_t kGetErasureStatus = 0x00;
constexpr std::int16_t kUnspecifiedOffset = 0x07FF;

}  // namespace

// Get SEL Entry answers a record ID it does not hold with CBh ("requested
// data not present", §31.5); Delete SEL Entry likewise.
bool not_present(const bridge::Error& error) {
    return error.completion_code == bridge::cc::kNotPresent;
}

Result<Entry> SelReader::entry(std::uint16_t record_id) {
    if (record_id == 0x0000 || record_id == 0xFFFF)
        return make_error(ErrorKind::InvalidArgument, "0000h and FFFFh name the first and last entry, not one entry");
    auto fetched = fetch_as_asked(record_id);
    if (!fetched.ok()) {
        if (not_present(fetched.error()))
            return make_error(ErrorKind::NotFound, "the SEL has no entry " + bridge::record_id_text(record_id));
        return fetched.error();
    }
    return fetched->entry;
}

bridge::Status SelReader::delete_entry(std::uint16_t record_id) {
    if (record_id == 0x0000 || record_id == 0xFFFF)
        return make_error(ErrorKind::InvalidArgument, "0000h and FFFFh name the first and last entry, not one entry");
    bridge::Result<std::vector<std::uint8_t>> deleted = make_error(ErrorKind::CompletionCode, "not sent");
    for (int attempt = 0; attempt <= options_.max_reservation_retries; ++attempt) {
        if (auto reserved = reserve(); !reserved.ok()) return reserved.error();
        std::vector<std::uint8_t> data;
        bridge::put_u16le(data, reservation_.value_or(0));
        bridge::put_u16le(data, record_id);
        deleted = engine_.call(sel_request(kDeleteSelEntry, std::move(data)));
        if (deleted.ok() || deleted.error().completion_code != bridge::cc::kReservationCancelled) break;
    }
    if (!deleted.ok()) {
        if (not_present(deleted.error()))
            return make_error(ErrorKind::NotFound, "the SEL has no entry " + bridge::record_id_text(record_id));
        return deleted.error();
    }
    // §31.8: the reply names the entry deleted.
    bridge::ByteReader in(*deleted);
    const auto id = in.u16le();
    if (id && *id != record_id)
        return make_error(ErrorKind::Protocol, "Delete SEL Entry " + bridge::record_id_text(record_id) +
                                                   " deleted entry " + bridge::record_id_text(*id) + " instead");
    return bridge::success();
}

Result<std::uint16_t> SelReader::add_entry(const RawEntry& entry) {
    auto added = engine_.call(sel_request(kAddSelEntry, std::vector<std::uint8_t>(entry.begin(), entry.end())));
    if (!added.ok()) return added.error();
    bridge::ByteReader in(*added);
    const auto id = in.u16le();
    if (!id) return make_error(ErrorKind::Protocol, "Add SEL Entry reply has no record ID");
    return *id;
}

namespace {

std::vector<std::uint8_t> clear_data(std::uint16_t reservation, std::uint8_t action) {
    std::vector<std::uint8_t> data;
    bridge::put_u16le(data, reservation);
    data.insert(data.end(), {'C', 'L', 'R', action});
    return data;
}

// Erasure status (§31.9, response byte 2): 1 completed, 0 in progress.
bool erasure_completed(const std::vector<std::uint8_t>& reply) {
    return !reply.empty() && (reply[0] & 0x0F) == 0x01;
}

}  // namespace

bridge::Status SelReader::clear(int max_polls, std::chrono::milliseconds poll_interval) {
    // A reservation cancelled between Reserve and Clear (another agent added
    // an entry): reserve again, a bounded number of times.
    bridge::Result<std::vector<std::uint8_t>> started = make_error(ErrorKind::CompletionCode, "not started");
    for (int attempt = 0; attempt <= options_.max_reservation_retries; ++attempt) {
        if (auto reserved = reserve(); !reserved.ok()) return reserved.error();
        started = engine_.call(sel_request(kClearSel, clear_data(reservation_.value_or(0), kInitiateErase)));
        if (started.ok() || started.error().completion_code != bridge::cc::kReservationCancelled) break;
    }
    if (!started.ok()) return started.error();
    return wait_for_erasure(erasure_completed(*started), max_polls, poll_interval);
}

Result<bool> SelReader::clear_if_unchanged(const SelInfo& read, int max_polls,
                                           std::chrono::milliseconds poll_interval) {
    if (auto reserved = reserve(); !reserved.ok()) return reserved.error();
    auto now = info();
    if (!now.ok()) return now.error();
    if (now->entries != read.entries || now->addition_timestamp != read.addition_timestamp ||
        now->erase_timestamp != read.erase_timestamp)
        return false;
    // An entry added after the reservation cancels it (§31.4): then nothing is cleared.
    auto started = engine_.call(sel_request(kClearSel, clear_data(reservation_.value_or(0), kInitiateErase)));
    if (!started.ok() && started.error().completion_code == bridge::cc::kReservationCancelled) return false;
    if (!started.ok()) return started.error();
    auto erased = wait_for_erasure(erasure_completed(*started), max_polls, poll_interval);
    if (!erased.ok()) return erased.error();
    return true;
}

bridge::Status SelReader::wait_for_erasure(bool done, int max_polls, std::chrono::milliseconds poll_interval) {
    reservation_.reset();  // clearing cancels it (§31.9)
    for (int poll = 0; !done && poll < max_polls; ++poll) {
        std::this_thread::sleep_for(poll_interval);
        if (auto reserved = reserve(); !reserved.ok()) return reserved.error();
        auto status = engine_.call(sel_request(kClearSel, clear_data(reservation_.value_or(0), kGetErasureStatus)));
        if (!status.ok()) return status.error();
        done = erasure_completed(*status);
    }
    if (!done) {
        return make_error(ErrorKind::Timeout,
                          "the SEL erasure did not complete after " + std::to_string(max_polls) + " status polls");
    }
    whole_entries_refused_ = false;
    return bridge::success();
}

Result<std::uint32_t> SelReader::time() {
    auto reply = engine_.call(sel_request(kGetSelTime));
    if (!reply.ok()) return reply.error();
    bridge::ByteReader in(*reply);
    auto seconds = in.u32le();
    if (!seconds) return make_error(ErrorKind::Protocol, "Get SEL Time reply too short");
    return *seconds;
}

bridge::Status SelReader::set_time(std::uint32_t seconds) {
    std::vector<std::uint8_t> data;
    bridge::put_u32le(data, seconds);
    auto reply = engine_.call(sel_request(kSetSelTime, std::move(data)));
    if (!reply.ok()) return reply.error();
    return bridge::success();
}

Result<std::optional<std::int16_t>> SelReader::utc_offset_minutes() {
    auto reply = engine_.send(sel_request(kGetSelUtcOffset));
    if (!reply.ok()) return reply.error();
    if (reply->completion_code == bridge::cc::kInvalidCommand) return std::optional<std::int16_t>{};  // IPMI 1.5 BMCs
    if (reply->completion_code != bridge::cc::kOk) {
        return bridge::Error{
            ErrorKind::CompletionCode,
            "Get SEL Time UTC Offset: completion code " + bridge::completion_code_text(reply->completion_code),
            reply->completion_code};
    }
    bridge::ByteReader in(reply->data);
    auto raw = in.u16le();
    if (!raw) return make_error(ErrorKind::Protocol, "Get SEL Time UTC Offset reply too short");
    const auto minutes = static_cast<std::int16_t>(*raw);
    if (minutes == kUnspecifiedOffset) return std::optional<std::int16_t>{};
    return std::optional<std::int16_t>{minutes};
}

}  // namespace ipmiprov::provider::sel

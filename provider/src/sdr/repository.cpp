#include "provider/sdr/repository.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <thread>

#include "ask_as_asked.hpp"
#include "bridge/bytes.hpp"
#include "bridge/message.hpp"
#include "bridge/spec_tables.hpp"

namespace ipmiprov::provider::sdr {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Request;

constexpr std::uint16_t kFirstRecord = 0x0000;
constexpr std::uint16_t kLastRecord = 0xFFFF;
constexpr std::uint8_t kWholeRecord = 0xFF;
constexpr std::size_t kGetReplyOverhead = 2;  // next record ID
// Partial read sizes to try, largest first, once a whole-record read fails
// (many BMCs take 16 or more; some only a few bytes).
constexpr std::array<std::size_t, 9> kReadSizes{48, 32, 24, 16, 12, 8, 4, 2, 1};
// Walks of a repository that changes under every one of them before read_all gives up.
constexpr int kMaxWalks = 3;

struct Commands {
    std::uint8_t netfn, info, reserve, get;
};
constexpr Commands kMain{bridge::netfn::kStorage, 0x20, 0x22, 0x23};
constexpr Commands kDevice{bridge::netfn::kSensorEvent, 0x20, 0x22, 0x21};

const Commands& commands(RepositoryKind kind) {
    return kind == RepositoryKind::Main ? kMain : kDevice;
}

std::uint32_t seed_of(const ReaderOptions& options) {
    if (options.seed) return *options.seed;
    std::random_device device;
    return device();
}

bridge::Error unfinished(const bridge::Error& cause, const std::string& where, std::size_t read, std::uint16_t count) {
    return bridge::Error{cause.kind,
                         std::string(kUnfinishedWalk) + ": " + where + cause.message + " (" + std::to_string(read) +
                             " of " + std::to_string(count) + " records read)",
                         cause.completion_code};
}

}  // namespace

bool is_unfinished_walk(const bridge::Error& error) {
    return error.message.starts_with(kUnfinishedWalk);
}

Result<RepositoryInfo> decode_repository_info(std::span<const std::uint8_t> data) {
    bridge::ByteReader in(data);
    auto version = in.u8();
    auto count = in.u16le();
    auto free_space = in.u16le();
    auto addition = in.u32le();
    auto erase = in.u32le();
    if (!erase || !free_space) {
        return make_error(ErrorKind::Protocol, "Get SDR Repository Info reply has " + std::to_string(data.size()) +
                                                   " bytes; at least 13 expected");
    }
    return RepositoryInfo{*version, *count, *addition, *erase};
}

Result<RepositoryInfo> decode_device_sdr_info(std::span<const std::uint8_t> data) {
    bridge::ByteReader in(data);
    auto count = in.u8();
    auto flags = in.u8();
    if (!flags) return make_error(ErrorKind::Protocol, "Get Device SDR Info reply too short");
    // Dynamic population: bytes 3-6 change when sensors come and go.
    const auto change = ((*flags & 0x80) != 0) ? in.u32le().value_or(0) : 0U;
    return RepositoryInfo{0x51, *count, change, 0};
}

SdrReader::SdrReader(bridge::Engine& engine, RepositoryKind kind, ReaderOptions options)
    : engine_(engine), kind_(kind), options_(std::move(options)), random_(seed_of(options_)) {}

Result<RepositoryInfo> SdrReader::info() {
    const auto& c = commands(kind_);
    std::vector<std::uint8_t> data;
    if (kind_ == RepositoryKind::Device) data.push_back(0x01);  // count SDRs, not sensors
    auto reply = engine_.call(Request{c.netfn, c.info, 0, bridge::Target::bmc(), data});
    if (!reply.ok()) return reply.error();
    return kind_ == RepositoryKind::Main ? decode_repository_info(*reply) : decode_device_sdr_info(*reply);
}

bridge::Status SdrReader::reserve() {
    const auto& c = commands(kind_);
    auto reply = engine_.call(Request{c.netfn, c.reserve, 0, bridge::Target::bmc(), {}});
    if (!reply.ok()) return reply.error();
    bridge::ByteReader in(*reply);
    auto id = in.u16le();
    if (!id) return make_error(ErrorKind::Protocol, "reservation reply too short");
    reservation_ = *id;
    return bridge::success();
}

Result<bridge::Response> SdrReader::get(std::uint16_t record_id, std::uint8_t offset, std::uint8_t count) {
    const auto& c = commands(kind_);
    std::vector<std::uint8_t> data;
    bridge::put_u16le(data, reservation_.value_or(0));
    bridge::put_u16le(data, record_id);
    data.push_back(offset);
    data.push_back(count);
    return engine_.send(Request{c.netfn, c.get, 0, bridge::Target::bmc(), std::move(data)});
}

Result<SdrReader::Fetched> SdrReader::fetch_whole(std::uint16_t record_id, bool& fall_back) {
    auto reply = get(record_id, 0, kWholeRecord);
    if (!reply.ok()) return reply.error();
    const auto& data = reply->data;
    if (reply->completion_code == 0x00 && data.size() >= kGetReplyOverhead + kHeaderSize) {
        const std::size_t length = kHeaderSize + data[kGetReplyOverhead + 4];
        if (data.size() - kGetReplyOverhead >= length) {
            return Fetched{static_cast<std::uint16_t>(data[0] | (data[1] << 8)),
                           {data.begin() + kGetReplyOverhead,
                            data.begin() + static_cast<std::ptrdiff_t>(kGetReplyOverhead + length)}};
        }
    }
    if (reply->completion_code == 0x00 || bridge::completion_code_means_read_too_long(reply->completion_code)) {
        fall_back = true;  // short reply or "cannot return that many bytes": read in parts from now on
        return make_error(ErrorKind::Protocol, "whole-record read refused");
    }
    return bridge::Error{ErrorKind::CompletionCode,
                         "Get SDR " + bridge::record_id_text(record_id) + ": completion code " +
                             bridge::completion_code_text(reply->completion_code),
                         reply->completion_code};
}

Result<SdrReader::Fetched> SdrReader::fetch_partial(std::uint16_t record_id, bool& reservation_lost) {
    std::vector<std::uint8_t> bytes;
    std::size_t need = kHeaderSize;
    std::uint16_t next_id = kLastRecord;
    std::size_t size_index = 0;
    if (read_limit_) {
        while (size_index + 1 < kReadSizes.size() && kReadSizes[size_index] > *read_limit_) ++size_index;
    }
    while (bytes.size() < need) {
        if (!bytes.empty() && !reservation_) {
            if (auto reserved = reserve(); !reserved.ok()) return reserved.error();
        }
        // The first part starts at the header and takes a whole part: the
        // length is not known yet, and a read past the record's end returns
        // what there is (or pads), which costs nothing; later parts stop at the end.
        const auto count =
            bytes.empty() ? kReadSizes[size_index] : std::min(kReadSizes[size_index], need - bytes.size());
        auto reply = get(record_id, static_cast<std::uint8_t>(bytes.size()), static_cast<std::uint8_t>(count));
        if (!reply.ok()) return reply.error();
        const auto code = reply->completion_code;
        if (code == bridge::cc::kReservationCancelled) {
            reservation_lost = true;
            return make_error(ErrorKind::CompletionCode, "reservation cancelled");
        }
        if (bridge::completion_code_means_read_too_long(code)) {
            if (size_index + 1 >= kReadSizes.size()) {
                return make_error(ErrorKind::CompletionCode,
                                  "Get SDR " + bridge::record_id_text(record_id) + ": even 1-byte reads refused");
            }
            ++size_index;
            continue;
        }
        if (code != 0x00) {
            return bridge::Error{ErrorKind::CompletionCode,
                                 "Get SDR " + bridge::record_id_text(record_id) + ": completion code " +
                                     bridge::completion_code_text(code),
                                 code};
        }
        if (reply->data.size() <= kGetReplyOverhead) {
            return make_error(ErrorKind::Protocol,
                              "Get SDR " + bridge::record_id_text(record_id) + ": reply without record data");
        }
        next_id = static_cast<std::uint16_t>(reply->data[0] | (reply->data[1] << 8));
        bytes.insert(bytes.end(), reply->data.begin() + kGetReplyOverhead, reply->data.end());
        read_limit_ = std::max(read_limit_.value_or(0), std::min(count, reply->data.size() - kGetReplyOverhead));
        if (bytes.size() >= kHeaderSize) need = kHeaderSize + bytes[4];
    }
    bytes.resize(need);
    return Fetched{next_id, std::move(bytes)};
}

bool SdrReader::back_off(int cancellations) {
    const auto& backoff = options_.backoff;
    const auto doubled = backoff.first * (std::int64_t{1} << std::min(cancellations - 1, 20));
    const auto ceiling = std::max(std::min(doubled, backoff.longest), std::chrono::milliseconds(1));
    std::uniform_int_distribution<std::int64_t> pick(1, ceiling.count());
    const std::chrono::milliseconds delay(pick(random_));
    if (backed_off_ + delay > backoff.budget) return false;
    backed_off_ += delay;
    if (options_.sleep)
        options_.sleep(delay);
    else
        std::this_thread::sleep_for(delay);
    return true;
}

Result<SdrReader::Fetched> SdrReader::fetch(std::uint16_t record_id) {
    const auto gave_up = [&](int cancellations, const std::string& why) {
        return make_error(ErrorKind::CompletionCode, "Get SDR " + bridge::record_id_text(record_id) +
                                                         ": reservation cancelled " + std::to_string(cancellations) +
                                                         " times" + why + " (another agent reading the SDRs?)");
    };
    for (int cancellations = 1;; ++cancellations) {
        if (!read_limit_) {
            bool fall_back = false;
            auto whole = fetch_whole(record_id, fall_back);
            if (whole.ok() || !fall_back) return whole;
        }
        bool reservation_lost = false;
        auto partial = fetch_partial(record_id, reservation_lost);
        if (!reservation_lost) return partial;
        // §33.11: another agent reserved the repository (or changed it):
        // reserve again and read this record from the start. Not at once:
        // an agent that does the same would cancel us again, in lock-step.
        reservation_.reset();
        if (cancellations > options_.max_reservation_retries) return gave_up(cancellations, "");
        if (!back_off(cancellations)) {
            return gave_up(cancellations,
                           "; gave up after waiting " + std::to_string(backed_off_.count()) + " ms in all");
        }
        if (auto reserved = reserve(); !reserved.ok()) return reserved.error();
    }
}

Result<SdrReader::Fetched> SdrReader::fetch_as_asked(std::uint16_t record_id) {
    if (record_id == kFirstRecord) return fetch(record_id);  // 0000h asks for whichever record is first
    // Every record begins with its ID, little-endian (the SDR header, §43).
    const auto names_the_id = [record_id](const Fetched& fetched) {
        return fetched.bytes.size() < 2 || (fetched.bytes[0] | (fetched.bytes[1] << 8)) == record_id;
    };
    return provider::fetch_as_asked([&] { return fetch(record_id); }, names_the_id, record_ids_apart_);
}

Result<Repository> SdrReader::read_all(const RepositoryInfo& start) {
    // Whole-record reads need no reservation, so nothing in the walk itself
    // says that another agent rewrote the repository meanwhile, and the
    // records read would be a mix of the old and the new repository. The
    // repository info asked again afterwards does: walk again (bounded) until
    // one walk begins and ends on the same repository.
    RepositoryInfo walked = start;
    backed_off_ = std::chrono::milliseconds(0);
    for (int walk_number = 0; walk_number < kMaxWalks; ++walk_number) {
        auto repository = walk(walked);
        if (!repository.ok() && bridge::bmc_stopped_answering(repository.error())) return repository.error();
        auto after = this->info();
        if (!after.ok()) return after.error();
        if (*after == walked) return repository;
        walked = *after;
    }
    return make_error(ErrorKind::Protocol, "the SDR repository changed while it was read, " +
                                               std::to_string(kMaxWalks) + " times in a row; try again later");
}

// Reads the chain from 0000h to FFFFh. Records that cannot be decoded are
// named in `problems` and the walk goes on; a walk that cannot go on (a
// record that cannot be read, a loop, a chain that does not end) fails:
// the records so far are not the repository and must not pass for it.
Result<Repository> SdrReader::walk(const RepositoryInfo& info) {
    reservation_.reset();  // a reservation from an earlier walk may be cancelled
    Repository repository{info, {}, {}};
    std::set<std::uint16_t> visited;
    std::uint16_t id = kFirstRecord;
    const auto stopped = [&](const bridge::Error& cause, const std::string& where) {
        return unfinished(cause, where, repository.records.size(), info.record_count);
    };
    // A chain longer than the repository claims, by a margin, is broken: bound the walk.
    const std::size_t bound = static_cast<std::size_t>(info.record_count) * 2 + 16;
    for (std::size_t step = 0; step < bound && id != kLastRecord; ++step) {
        auto fetched = fetch_as_asked(id);
        if (!fetched.ok() && bridge::bmc_stopped_answering(fetched.error())) return fetched.error();
        if (!fetched.ok() && id == kFirstRecord && info.record_count == 0 &&
            fetched.error().completion_code == bridge::cc::kNotPresent) {
            return repository;  // an empty repository has no first record
        }
        if (!fetched.ok()) return stopped(fetched.error(), "record " + bridge::record_id_text(id) + ": ");
        auto record = decode_record(fetched->bytes);
        if (record.ok()) {
            if (id != kFirstRecord && record->header.record_id != id) {
                repository.problems.push_back("record " + bridge::record_id_text(id) + " came back as " +
                                              bridge::record_id_text(record->header.record_id));
            }
            repository.records.push_back(std::move(record.value()));
        } else {
            repository.problems.push_back(record.error().message + "; skipped");
        }
        if (options_.progress) options_.progress(repository.records.size(), info.record_count);
        visited.insert(id);
        if (fetched->next_id != kLastRecord && visited.contains(fetched->next_id)) {
            return stopped(
                make_error(ErrorKind::Protocol, "record chain loops back from " + bridge::record_id_text(id) + " to " +
                                                    bridge::record_id_text(fetched->next_id)),
                "");
        }
        id = fetched->next_id;
    }
    if (id != kLastRecord) {
        return stopped(make_error(ErrorKind::Protocol, "record chain longer than the repository's " +
                                                           std::to_string(info.record_count) + " records"),
                       "");
    }
    // The chain ended where the BMC said it does: fewer records than the
    // count is the BMC's inconsistency (or undecodable records), not ours.
    if (repository.records.size() < info.record_count) {
        repository.problems.push_back("the repository holds " + std::to_string(info.record_count) + " records; read " +
                                      std::to_string(repository.records.size()));
    }
    if (repository.records.empty() && !repository.problems.empty() && info.record_count > 0) {
        return make_error(ErrorKind::Protocol, "no SDR record could be read: " + repository.problems.front());
    }
    return repository;
}

}  // namespace ipmiprov::provider::sdr

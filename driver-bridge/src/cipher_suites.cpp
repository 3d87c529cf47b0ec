#include "bridge/cipher_suites.hpp"

#include <algorithm>
#include <array>

#include "bridge/message.hpp"
#include "bridge/sessionless.hpp"
#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge {
namespace {

// Record tags and algorithm-byte kinds of the list (§22.15, Table 22-18):
// the top two bits say what a byte is.
constexpr std::uint8_t kStandardRecord = 0xC0;
constexpr std::uint8_t kOemRecord = 0xC1;
constexpr std::uint8_t kKindMask = 0xC0;
constexpr std::uint8_t kAuthenticationKind = 0x00;
constexpr std::uint8_t kIntegrityKind = 0x40;
constexpr std::uint8_t kAlgorithmMask = 0x3F;

std::string at_byte(std::size_t offset) {
    return "byte " + std::to_string(offset) + ": ";
}

// The algorithms each standard suite uses (Table 22-20), for the suites
// ipmiprov speaks, in order of preference: integrity first, then the
// strongest hash, then encryption.
struct KnownSuite {
    std::uint8_t id;
    std::uint8_t authentication;
    std::uint8_t integrity;
    std::uint8_t confidentiality;
};
constexpr std::array<KnownSuite, 8> kPreference{{
    {17, 0x03, 0x04, 0x01},
    {3, 0x01, 0x01, 0x01},
    {16, 0x03, 0x04, 0x00},
    {2, 0x01, 0x01, 0x00},
    {8, 0x02, 0x02, 0x01},
    {7, 0x02, 0x02, 0x00},
    {12, 0x02, 0x03, 0x01},
    {11, 0x02, 0x03, 0x00},
}};

bool matches(const OfferedSuite& offered, const KnownSuite& known) {
    const auto agrees = [](const std::optional<std::uint8_t>& named, std::uint8_t expected) {
        return !named || *named == expected;
    };
    return !offered.oem_iana && offered.id == known.id && agrees(offered.authentication, known.authentication) &&
           agrees(offered.integrity, known.integrity) && agrees(offered.confidentiality, known.confidentiality);
}

// Get Channel Cipher Suites (§22.15): channel Eh (this one), payload type
// IPMI, and "list algorithms by cipher suite" with the page's index.
constexpr std::uint8_t kGetChannelCipherSuites = 0x54;
constexpr std::uint8_t kThisChannel = 0x0E;
constexpr std::uint8_t kPayloadIpmi = 0x00;
constexpr std::uint8_t kListBySuite = 0x80;
constexpr std::size_t kPageSize = 16;
constexpr std::size_t kMostPages = 64;

}  // namespace

CipherSuiteList decode_cipher_suite_records(std::span<const std::uint8_t> records) {
    CipherSuiteList list;
    std::size_t at = 0;
    while (at < records.size()) {
        const auto tag = records[at];
        if (tag != kStandardRecord && tag != kOemRecord) {
            list.problems.push_back(at_byte(at) + byte_text(tag) + " where a record starts (C0h or C1h)");
            // Resynchronise at the next record's tag.
            while (++at < records.size() && records[at] != kStandardRecord && records[at] != kOemRecord) {
            }
            continue;
        }
        const std::size_t header = tag == kOemRecord ? 5 : 2;  // tag, ID, and an OEM record's IANA number
        if (at + header > records.size()) {
            list.problems.push_back(at_byte(at) + "record cut short");
            break;
        }
        OfferedSuite suite;
        suite.id = records[at + 1];
        if (tag == kOemRecord) {
            suite.oem_iana = static_cast<std::uint32_t>(records[at + 2]) |
                             static_cast<std::uint32_t>(records[at + 3]) << 8 |
                             static_cast<std::uint32_t>(records[at + 4]) << 16;
        }
        const auto start = at;
        at += header;
        bool well_formed = true;
        for (; at < records.size() && (records[at] & kKindMask) != kKindMask; ++at) {
            const auto algorithm = static_cast<std::uint8_t>(records[at] & kAlgorithmMask);
            const auto kind = static_cast<std::uint8_t>(records[at] & kKindMask);
            auto& slot = kind == kAuthenticationKind ? suite.authentication
                         : kind == kIntegrityKind    ? suite.integrity
                                                     : suite.confidentiality;  // 80h
            // One of each per suite in this form of the list; a second is not ours to guess.
            if (slot && *slot != algorithm) well_formed = false;
            slot = algorithm;
        }
        if (!suite.authentication) {
            list.problems.push_back(at_byte(start) + "suite " + std::to_string(suite.id) +
                                    " names no authentication algorithm");
        } else if (!well_formed) {
            list.problems.push_back(at_byte(start) + "suite " + std::to_string(suite.id) +
                                    " names two algorithms of one kind");
        } else {
            list.suites.push_back(suite);
        }
    }
    return list;
}

std::optional<int> preferred_cipher_suite(std::span<const OfferedSuite> offered) {
    for (const auto& known : kPreference) {
        if (std::any_of(offered.begin(), offered.end(), [&](const auto& suite) { return matches(suite, known); }))
            return known.id;
    }
    return std::nullopt;
}

Result<CipherSuiteList> query_cipher_suites(const SessionlessTarget& target, std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    std::vector<std::uint8_t> records;
    for (std::size_t page = 0; page < kMostPages; ++page) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return make_error(ErrorKind::Timeout, "Get Channel Cipher Suites: no full list within " +
                                                      std::to_string(timeout.count()) + " ms");
        const Request request{netfn::kApp,
                              kGetChannelCipherSuites,
                              0,
                              Target::bmc(),
                              {kThisChannel, kPayloadIpmi, static_cast<std::uint8_t>(kListBySuite | page)}};
        auto reply = sessionless_exchange(target.host, target.port, request, left);
        if (!reply.ok()) return reply.error();
        if (reply->completion_code != cc::kOk) {
            Error error = make_error(ErrorKind::CompletionCode,
                                     "Get Channel Cipher Suites: completion code " + byte_text(reply->completion_code));
            error.completion_code = reply->completion_code;
            return error;
        }
        if (reply->data.empty()) return make_error(ErrorKind::Protocol, "Get Channel Cipher Suites: no channel");
        const auto page_data = std::span(reply->data).subspan(1);  // after the channel number
        records.insert(records.end(), page_data.begin(), page_data.end());
        if (page_data.size() < kPageSize) break;  // the last page is the short one
    }
    return decode_cipher_suite_records(records);
}

}  // namespace ipmiprov::bridge

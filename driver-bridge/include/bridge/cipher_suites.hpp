// What cipher suites a BMC offers, from Get Channel Cipher Suites (IPMI 2.0
// §22.15), asked outside a session before one is opened, as ipmitool does;
// and the one a session should use when the user names none.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bridge/result.hpp"

namespace ipmiprov::bridge {

// One record of the list (§22.15, Table 22-18): a standard suite (C0h) or an
// OEM one (C1h, with its IANA number), and the algorithms it names.
struct OfferedSuite {
    std::uint8_t id = 0;
    std::optional<std::uint32_t> oem_iana;
    std::optional<std::uint8_t> authentication;   // Table 13-17
    std::optional<std::uint8_t> integrity;        // Table 13-18
    std::optional<std::uint8_t> confidentiality;  // Table 13-19
    bool operator==(const OfferedSuite&) const = default;
};

struct CipherSuiteList {
    std::vector<OfferedSuite> suites;
    std::vector<std::string> problems;  // what was wrong with the rest, by byte offset
};

// Decodes the record data of all the replies' pages, concatenated: a record
// that is cut short or malformed is named in `problems`, the others kept.
CipherSuiteList decode_cipher_suite_records(std::span<const std::uint8_t> records);

// The suite to use of those offered: the strongest that ipmiprov speaks and
// that checks integrity (17, 3, 16, 2, then the MD5 ones), matched by ID and,
// where the BMC names them, by algorithms; nullopt when none is offered.
std::optional<int> preferred_cipher_suite(std::span<const OfferedSuite> offered);

struct SessionlessTarget {
    std::string host;
    std::uint16_t port = 623;
};

// Asks the BMC for its list, page by page (at most 64, §22.15), each request
// outside a session (sessionless.hpp), within `timeout` for the whole.
Result<CipherSuiteList> query_cipher_suites(const SessionlessTarget& target, std::chrono::milliseconds timeout);

}  // namespace ipmiprov::bridge

// What the FRU decoder's files share (not part of the provider's interface).
#pragma once

#include <limits>

#include "provider/fru/inventory.hpp"

namespace ipmiprov::provider::fru {

using Bytes = std::span<const std::uint8_t>;

// The common header's area offsets in bytes (0: absent).
struct Header {
    std::size_t internal_use = 0;
    std::size_t chassis = 0;
    std::size_t board = 0;
    std::size_t product = 0;
    std::size_t multi_record = 0;
};
std::optional<Header> decode_header(Bytes data, std::vector<Problem>& problems);

struct AreaView {
    const char* name;
    std::size_t start;  // in the device
    Bytes bytes;        // the whole area, checksum last
    bool checksum_ok;
};

std::uint8_t checksum_sum(Bytes bytes);  // 00h when a zero checksum holds

std::vector<MultiRecord> decode_multi_records(Bytes data, std::size_t start, std::vector<Problem>& problems);
// The end of the multi-record area as far as `data` shows it (at least the
// next header that is not there yet).
std::size_t multi_record_extent(Bytes data, std::size_t start);
RecordPayload decode_payload(std::uint8_t type, Bytes data);

}  // namespace ipmiprov::provider::fru

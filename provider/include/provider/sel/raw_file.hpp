// A SEL saved raw (`ipmiprov sel save`, ipmitool's `sel writeraw`): the 16
// bytes of each entry as Get SEL Entry returned them, one after the other,
// nothing else. Read back for `sel restore`, which gives them to Add SEL Entry.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "provider/sel/record.hpp"

namespace ipmiprov::provider::sel {

// Record IDs 0001h-FFFEh (0000h and FFFFh are not IDs, §31.5): no SEL holds more.
inline constexpr std::size_t kMaxRawFileEntries = 0xFFFE;

struct RawFile {
    std::vector<RawEntry> entries;      // every entry, in the file's order
    std::vector<std::string> problems;  // "entry 3 (byte 32): ..."; the entries are kept
};

// InvalidArgument when the bytes are no SEL at all (empty, not a whole number
// of entries, more entries than a SEL holds); an entry whose record type the
// spec does not define (§32: 02h, C0h-DFh, E0h-FFh) is kept and named in
// `problems`: a file of text or zeros says so on its first entry.
Result<RawFile> decode_raw_file(std::span<const std::uint8_t> bytes);

}  // namespace ipmiprov::provider::sel

#include "provider/sel/raw_file.hpp"

#include <algorithm>

#include "bridge/message.hpp"

namespace ipmiprov::provider::sel {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

constexpr std::size_t kRecordTypeByte = 2;  // Table 32-1, byte 3 (1-based)

// §32: system event records, OEM timestamped and OEM non-timestamped.
bool defined_record_type(std::uint8_t type) {
    return type == 0x02 || type >= 0xC0;
}

}  // namespace

Result<RawFile> decode_raw_file(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return make_error(ErrorKind::InvalidArgument, "the file holds no entries");
    if (bytes.size() % kEntrySize != 0) {
        return make_error(ErrorKind::InvalidArgument,
                          std::to_string(bytes.size()) + " bytes are not whole entries of 16 bytes (" +
                              std::to_string(bytes.size() % kEntrySize) + " left over): not a SEL saved raw");
    }
    const std::size_t count = bytes.size() / kEntrySize;
    if (count > kMaxRawFileEntries) {
        return make_error(ErrorKind::InvalidArgument, std::to_string(count) + " entries: more than a SEL holds (" +
                                                          std::to_string(kMaxRawFileEntries) + ")");
    }
    RawFile file;
    file.entries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto at = i * kEntrySize;
        RawEntry entry{};
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), kEntrySize, entry.begin());
        if (!defined_record_type(entry[kRecordTypeByte])) {
            file.problems.push_back("entry " + std::to_string(i + 1) + " (byte " + std::to_string(at) +
                                    "): record type " + bridge::byte_text(entry[kRecordTypeByte]) +
                                    " is none the spec defines (02h, C0h-FFh)");
        }
        file.entries.push_back(entry);
    }
    return file;
}

}  // namespace ipmiprov::provider::sel

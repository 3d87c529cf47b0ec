// Linux's panic string records (panic.hpp).
#include "provider/sel/panic.hpp"

#include <array>
#include <cstdio>

namespace ipmiprov::provider::sel {
namespace {

constexpr std::size_t kTypeByte = 2;
constexpr std::size_t kAddressByte = 3;
constexpr std::size_t kSequenceByte = 4;
constexpr std::size_t kTextByte = 5;

void append_char(std::string& text, std::uint8_t byte) {
    if (byte >= 0x20 && byte < 0x7F) {
        text.push_back(static_cast<char>(byte));
        return;
    }
    std::array<char, 8> escaped{};
    std::snprintf(escaped.data(), escaped.size(), "\\x%02x", byte);
    text.append(escaped.data());
}

}  // namespace

std::optional<PanicChunk> decode_panic_chunk(const RawEntry& raw) {
    if (raw[kTypeByte] != kPanicStringRecordType) return std::nullopt;
    // F0h is in the OEM range: another vendor's record is not taken for the
    // kernel's, whose byte 3 is an IPMB slave address (even, never 00h).
    if (raw[kAddressByte] == 0 || (raw[kAddressByte] & 0x01) != 0) return std::nullopt;
    PanicChunk chunk;
    chunk.address = raw[kAddressByte];
    chunk.sequence = raw[kSequenceByte];
    for (std::size_t i = kTextByte; i < raw.size(); ++i) {
        if (raw[i] == 0) {
            chunk.last = true;
        } else if (chunk.last) {
            return std::nullopt;  // strncpy pads with zeros to the end: not the kernel's record
        } else {
            append_char(chunk.text, raw[i]);
        }
    }
    return chunk;
}

std::vector<PanicText> join_panic_chunks(std::span<const RawEntry> entries) {
    std::vector<PanicText> runs;
    std::optional<PanicText> open;
    std::uint8_t address = 0;
    std::uint8_t next = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto chunk = decode_panic_chunk(entries[i]);
        if (!chunk) continue;  // another record in between: the run goes on
        if (open && (chunk->address != address || chunk->sequence != next)) {
            runs.push_back(std::move(*open));  // out of turn: the run ends here
            open.reset();
        }
        if (!open) {
            if (chunk->sequence != 0) continue;  // its start is not in the SEL
            open = PanicText{i, {}, {}, false};
            address = chunk->address;
        }
        open->records.push_back(i);
        open->text.append(chunk->text);
        next = static_cast<std::uint8_t>(chunk->sequence + 1);  // a byte in the kernel's record: it wraps
        if (chunk->last) {
            open->ends_in_a_padded_record = true;
            runs.push_back(std::move(*open));
            open.reset();
        }
    }
    if (open) runs.push_back(std::move(*open));
    return runs;
}

void describe_panic_texts(std::vector<StoredEntry>& entries) {
    std::vector<RawEntry> raw;
    raw.reserve(entries.size());
    for (const auto& entry : entries) raw.push_back(entry.raw);
    for (const auto& run : join_panic_chunks(raw)) {
        auto& first = entries[run.first];
        first.event = "Kernel panic: " + run.text;
        first.panic_text = run.text;
    }
}

std::string panic_chunk_text(const PanicChunk& chunk) {
    std::string text = "Kernel panic text, part ";
    text.append(std::to_string(chunk.sequence + 1)).append(": \"").append(chunk.text).append("\"");
    return text;
}

}  // namespace ipmiprov::provider::sel

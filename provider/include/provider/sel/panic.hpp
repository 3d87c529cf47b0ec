// Linux's panic string in the SEL. With ipmi_msghandler's parameter
// panic_op=string, a panicking kernel sends its panic event (a Platform
// Event Message: sensor type 20h OS Critical Stop, offset 01h run-time
// critical stop, generator 41h) and then the panic text in OEM
// non-timestamped records of type F0h, added with Add SEL Entry
// (drivers/char/ipmi/ipmi_msghandler.c, send_panic_events), each:
//   bytes 0-1   record ID (0000h: the BMC gives one)
//   byte  2     record type F0h
//   byte  3     the kernel interface's IPMB address (20h)
//   byte  4     a sequence number, 0 for the first record, one up each
//   bytes 5-15  11 characters of the text, zero-padded in the last record
//               (strncpy: a full record has no zero, and a text of a
//               multiple of 11 characters ends without a padded record).
// These decoders take any 16 bytes: they never fail, read out of bounds or
// loop; what is not such a record is said so.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "provider/sel/record.hpp"
#include "provider/sel/store.hpp"

namespace ipmiprov::provider::sel {

inline constexpr std::uint8_t kPanicStringRecordType = 0xF0;
inline constexpr std::size_t kPanicCharsPerRecord = 11;

struct PanicChunk {
    std::uint8_t address = 0;   // byte 3
    std::uint8_t sequence = 0;  // byte 4
    std::string text;           // printable ASCII as it is, any other byte as \xNN
    bool last = false;          // zero-padded: the text ends in this record
};

// The chunk a record carries; nullopt for another record type, or for bytes
// the kernel's strncpy could not have written (a character after a zero).
std::optional<PanicChunk> decode_panic_chunk(const RawEntry& raw);

// A panic text joined from its records.
struct PanicText {
    std::size_t first = 0;             // index of the record with sequence 0
    std::vector<std::size_t> records;  // every record of the run, in order
    std::string text;
    bool ends_in_a_padded_record = false;  // the kernel's last record was seen
};

// The runs in `entries` (SEL order): a chunk with sequence 0 starts one;
// the next chunks from the same address numbered one up each (other records
// in between are skipped) continue it, until a padded chunk ends it. A
// number out of turn ends the run (a new 0 starts another); chunks without
// their start (overwritten) belong to no run.
std::vector<PanicText> join_panic_chunks(std::span<const RawEntry> entries);

// In `entries`, the first record of each run says "Kernel panic: TEXT" and
// carries the text in `panic_text` (sel list, text and JSON).
void describe_panic_texts(std::vector<StoredEntry>& entries);

// A chunk in words, as `sel list` shows a record of its own:
// Kernel panic text, part 2: "ash".
std::string panic_chunk_text(const PanicChunk& chunk);

}  // namespace ipmiprov::provider::sel

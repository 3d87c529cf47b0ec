#include "provider/sel/record.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "bridge/bytes.hpp"

namespace ipmiprov::provider::sel {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

constexpr std::uint8_t kFirstOemTimestamped = 0xC0;
constexpr std::uint8_t kFirstOemNonTimestamped = 0xE0;

std::uint16_t u16_at(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
std::uint32_t u32_at(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
           (static_cast<std::uint32_t>(b[at + 2]) << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}

// Table 32-1: bytes 3-6 timestamp, 7-8 generator, 9 EvM rev, 10 sensor type,
// 11 sensor number, 12 event dir / type, 13-15 event data (1-based: +1).
SystemEvent decode_system_event(std::span<const std::uint8_t> b) {
    SystemEvent e;
    e.timestamp = Timestamp{u32_at(b, 3)};
    e.generator = Generator{u16_at(b, 7)};
    e.event_message_revision = b[9];
    e.sensor_type = b[10];
    e.sensor_number = b[11];
    e.deassertion = (b[12] & 0x80) != 0;
    e.event_reading_type = b[12] & 0x7F;
    std::copy_n(b.begin() + 13, 3, e.event_data.begin());
    return e;
}

// Table 32-2: bytes 3-6 timestamp, 7-9 manufacturer ID, 10-15 OEM data.
OemTimestamped decode_oem_timestamped(std::span<const std::uint8_t> b) {
    OemTimestamped e;
    e.timestamp = Timestamp{u32_at(b, 3)};
    e.manufacturer_id = static_cast<std::uint32_t>(b[7] | (b[8] << 8) | (b[9] << 16));
    std::copy_n(b.begin() + 10, 6, e.data.begin());
    return e;
}

// Table 32-3: bytes 3-15 OEM data.
OemNonTimestamped decode_oem_non_timestamped(std::span<const std::uint8_t> b) {
    OemNonTimestamped e;
    std::copy_n(b.begin() + 3, 13, e.data.begin());
    return e;
}

}  // namespace

Result<Entry> decode_entry(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < kEntrySize) {
        return make_error(ErrorKind::Protocol, "SEL entry of " + std::to_string(bytes.size()) + " bytes; 16 expected");
    }
    const auto b = bytes.first(kEntrySize);
    Entry entry;
    entry.record_id = u16_at(b, 0);
    entry.record_type = b[2];
    std::copy(b.begin(), b.end(), entry.raw.begin());
    if (entry.record_type >= kFirstOemNonTimestamped) {
        entry.body = decode_oem_non_timestamped(b);
    } else if (entry.record_type >= kFirstOemTimestamped) {
        entry.body = decode_oem_timestamped(b);
    } else {
        entry.body = decode_system_event(b);
    }
    return entry;
}

std::string record_kind_text(std::uint8_t record_type) {
    if (record_type >= kFirstOemNonTimestamped) return "OEM non-timestamped";
    if (record_type >= kFirstOemTimestamped) return "OEM timestamped";
    return "system event";
}

namespace {

std::time_t utc_seconds(Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes) {
    return static_cast<std::time_t>(timestamp.raw) - 60 * static_cast<std::time_t>(utc_offset_minutes.value_or(0));
}

}  // namespace

std::optional<std::string> iso8601_utc(Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes) {
    if (timestamp.unspecified() || timestamp.pre_init()) return std::nullopt;
    const std::time_t seconds = utc_seconds(timestamp, utc_offset_minutes);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text);
}

std::optional<std::string> host_local_time(Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes) {
    if (timestamp.unspecified() || timestamp.pre_init()) return std::nullopt;
    const std::time_t seconds = utc_seconds(timestamp, utc_offset_minutes);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %z", &local);
    return std::string(text);
}

std::string timestamp_text(Timestamp timestamp, std::optional<std::int16_t> utc_offset_minutes) {
    if (timestamp.unspecified()) return "unspecified";
    if (timestamp.pre_init()) return "pre-init +" + std::to_string(timestamp.raw) + " s";
    return *iso8601_utc(timestamp, utc_offset_minutes);
}

}  // namespace ipmiprov::provider::sel

// The multi-record area (FRU spec §16) and the records of §18 that have a
// layout: each record is a 5-byte header (type, end-of-list bit and format
// version, data length, data checksum, header checksum) and its data.
// Multi-byte values are LS byte first.
#include <cstdio>

#include "bridge/bytes.hpp"
#include "bridge/message.hpp"
#include "fru_internal.hpp"

namespace ipmiprov::provider::fru {
namespace {

constexpr std::size_t kRecordHeader = 5;
constexpr std::uint8_t kEndOfList = 0x80;
constexpr std::uint8_t kRecordFormat = 0x02;  // §16.1: record format version 2

// A header whose checksum holds but whose format is not 02h is not a record:
// zeros (unused space sums to zero) most often. The area ends there.
bool is_record_header(Bytes header) {
    return checksum_sum(header) == 0 && (header[1] & 0x0F) == kRecordFormat;
}

std::string at(std::size_t offset) {
    char text[48];
    std::snprintf(text, sizeof text, "multi-record area: record at %04zXh: ", offset);
    return text;
}

std::int32_t signed_10mv(std::uint16_t raw) {
    return static_cast<std::int32_t>(static_cast<std::int16_t>(raw)) * 10;
}

std::uint16_t word(Bytes d, std::size_t i) {
    return static_cast<std::uint16_t>(d[i] | (d[i + 1] << 8));
}

// §18.1, 24 bytes.
std::optional<PowerSupply> power_supply(Bytes d) {
    if (d.size() < 24) return std::nullopt;
    PowerSupply p;
    p.overall_capacity_w = word(d, 0) & 0x0FFF;
    if (word(d, 2) != 0xFFFF) p.peak_va = word(d, 2);
    if (d[4] != 0xFF) p.inrush_current_a = d[4];
    p.inrush_interval_ms = d[5];
    p.low_input_voltage_1_mv = signed_10mv(word(d, 6));
    p.high_input_voltage_1_mv = signed_10mv(word(d, 8));
    p.low_input_voltage_2_mv = signed_10mv(word(d, 10));
    p.high_input_voltage_2_mv = signed_10mv(word(d, 12));
    p.low_input_frequency_hz = d[14];
    p.high_input_frequency_hz = d[15];
    p.ac_dropout_tolerance_ms = d[16];
    p.predictive_fail = (d[17] & 0x01) != 0;
    p.power_factor_correction = (d[17] & 0x02) != 0;
    p.autoswitch = (d[17] & 0x04) != 0;
    p.hot_swap = (d[17] & 0x08) != 0;
    p.predictive_fail_tach_output = (d[17] & 0x10) != 0;
    if ((word(d, 18) & 0x0FFF) != 0x0FFF) p.peak_capacity_w = word(d, 18) & 0x0FFF;
    p.hold_up_time_s = static_cast<std::uint8_t>(d[19] >> 4);
    p.combined_voltage_1 = static_cast<std::uint8_t>(d[20] >> 4);
    p.combined_voltage_2 = static_cast<std::uint8_t>(d[20] & 0x0F);
    p.total_combined_wattage_w = word(d, 21);
    p.tach_lower_threshold_rps = d[23];
    return p;
}

// §18.2, 13 bytes.
std::optional<DcOutput> dc_output(Bytes d) {
    if (d.size() < 13) return std::nullopt;
    return DcOutput{static_cast<std::uint8_t>(d[0] & 0x0F),
                    (d[0] & 0x80) != 0,
                    signed_10mv(word(d, 1)),
                    signed_10mv(word(d, 3)),
                    signed_10mv(word(d, 5)),
                    word(d, 7),
                    word(d, 9),
                    word(d, 11)};
}

// §18.3, 13 bytes.
std::optional<DcLoad> dc_load(Bytes d) {
    if (d.size() < 13) return std::nullopt;
    return DcLoad{static_cast<std::uint8_t>(d[0] & 0x0F),
                  signed_10mv(word(d, 1)),
                  signed_10mv(word(d, 3)),
                  signed_10mv(word(d, 5)),
                  word(d, 7),
                  word(d, 9),
                  word(d, 11)};
}

// §18.4: a sub-record type, then text (the unique ID, 07h, is 16 bytes).
std::optional<ManagementAccess> management_access(Bytes d) {
    if (d.empty()) return std::nullopt;
    ManagementAccess access{d[0], {}};
    const auto value = d.subspan(1);
    if (access.subtype == 0x07) {
        access.value = bridge::hex(value);
    } else {
        for (auto byte : value) {
            if (byte == 0) break;
            access.value += (byte >= 0x20 && byte < 0x7F) ? static_cast<char>(byte) : '?';
        }
    }
    return access;
}

// §18.5/§18.6: manufacturer (3), entity ID, base, code start (bits 6:0), range mask.
std::optional<Compatibility> compatibility(Bytes d, bool extended) {
    if (d.size() < 6) return std::nullopt;
    Compatibility c;
    c.extended = extended;
    c.manufacturer_id = static_cast<std::uint32_t>(d[0] | (d[1] << 8) | (d[2] << 16));
    c.entity_id = d[3];
    c.compatibility_base = d[4];
    c.code_start = static_cast<std::uint8_t>(d[5] & 0x7F);
    c.code_range_mask.assign(d.begin() + 6, d.end());
    return c;
}

template <class T>
RecordPayload or_raw(std::optional<T> value) {
    if (value) return std::move(*value);
    return std::monostate{};
}

}  // namespace

RecordPayload decode_payload(std::uint8_t type, Bytes data) {
    switch (type) {
        case 0x00:
            return or_raw(power_supply(data));
        case 0x01:
            return or_raw(dc_output(data));
        case 0x02:
            return or_raw(dc_load(data));
        case 0x03:
            return or_raw(management_access(data));
        case 0x04:
        case 0x05:
            return or_raw(compatibility(data, type == 0x05));
        default:
            if (type >= 0xC0 && data.size() >= 3)
                return OemRecord{static_cast<std::uint32_t>(data[0] | (data[1] << 8) | (data[2] << 16))};
            return std::monostate{};
    }
}

std::vector<MultiRecord> decode_multi_records(Bytes data, std::size_t start, std::vector<Problem>& problems) {
    std::vector<MultiRecord> records;
    std::size_t offset = start;
    // Each record takes at least its header: the walk ends within the data.
    while (true) {
        if (offset + kRecordHeader > data.size()) {
            problems.push_back({offset, at(offset) + "the header runs past the end of the data (" +
                                            std::to_string(data.size()) +
                                            " bytes); the area ends without its last "
                                            "record (end-of-list bit)"});
            return records;
        }
        const auto header = data.subspan(offset, kRecordHeader);
        if (checksum_sum(header) != 0) {
            problems.push_back({offset, at(offset) + "header checksum " + bridge::byte_text(header[4]) +
                                            " is wrong; the records from here on cannot be found"});
            return records;
        }
        if (!is_record_header(header)) {
            problems.push_back({offset, at(offset) + "format version " + bridge::byte_text(header[1] & 0x0F) +
                                            ", not 02h: not a record; the area ends here without its last "
                                            "record (end-of-list bit)"});
            return records;
        }
        MultiRecord record;
        record.offset = offset;
        record.type = header[0];
        record.format_version = static_cast<std::uint8_t>(header[1] & 0x0F);
        const std::size_t length = header[2];
        if (offset + kRecordHeader + length > data.size()) {
            problems.push_back(
                {offset, at(offset) + "its " + std::to_string(length) + " data bytes run past the end of the data"});
            return records;
        }
        const auto body = data.subspan(offset + kRecordHeader, length);
        record.data.assign(body.begin(), body.end());
        record.checksum_ok = static_cast<std::uint8_t>(checksum_sum(body) + header[3]) == 0;
        if (!record.checksum_ok)
            problems.push_back({offset, at(offset) + "data checksum " + bridge::byte_text(header[3]) +
                                            " is wrong; the record is shown but may be wrong"});
        record.payload = decode_payload(record.type, body);
        if (std::holds_alternative<std::monostate>(record.payload) && record.type <= 0x05)
            problems.push_back({offset, at(offset) + std::string(record_type_name(record.type)) + " needs more than " +
                                            std::to_string(length) + " bytes; shown raw"});
        records.push_back(std::move(record));
        offset += kRecordHeader + length;
        if ((header[1] & kEndOfList) != 0) return records;
    }
}

std::size_t multi_record_extent(Bytes data, std::size_t start) {
    std::size_t offset = start;
    while (offset + kRecordHeader <= data.size()) {
        const auto header = data.subspan(offset, kRecordHeader);
        if (!is_record_header(header)) return offset + kRecordHeader;
        const std::size_t next = offset + kRecordHeader + header[2];
        if ((header[1] & kEndOfList) != 0) return next;
        offset = next;
    }
    return offset + kRecordHeader;
}

}  // namespace ipmiprov::provider::fru

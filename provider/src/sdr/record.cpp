// SDR record decoders. Byte numbers in comments are the spec's (1-based,
// header included) from IPMI 2.0 §43.1-§43.12; the code indexes from 0.
#include "provider/sdr/record.hpp"

#include <array>
#include <cstdio>

#include "bridge/bytes.hpp"
#include "provider/spec/packed_text.hpp"

namespace ipmiprov::provider::sdr {
namespace {

using bridge::ByteReader;
using bridge::Error;
using bridge::ErrorKind;
using bridge::make_error;
using Bytes = std::span<const std::uint8_t>;
using spec::decode_bcd_plus;
using spec::decode_latin1;
using spec::decode_six_bit;

// Minimum record lengths (header included) up to the last fixed field we read.
constexpr std::size_t kFullMinimum = 48;  // through the ID string type/length byte
constexpr std::size_t kCompactMinimum = 32;
constexpr std::size_t kEventOnlyMinimum = 17;
constexpr std::size_t kAssociationMinimum = 16;
constexpr std::size_t kDeviceAssociationMinimum = 26;
constexpr std::size_t kFruLocatorMinimum = 16;
constexpr std::size_t kMcLocatorMinimum = 16;
constexpr std::size_t kOemMinimum = 8;

struct TypeName {
    std::uint8_t type;
    const char* name;
};
constexpr std::array kTypeNames{
    TypeName{0x01, "full sensor"},
    TypeName{0x02, "compact sensor"},
    TypeName{0x03, "event-only sensor"},
    TypeName{0x08, "entity association"},
    TypeName{0x09, "device-relative entity association"},
    TypeName{0x10, "generic device locator"},
    TypeName{0x11, "FRU device locator"},
    TypeName{0x12, "management controller device locator"},
    TypeName{0x13, "management controller confirmation"},
    TypeName{0x14, "BMC message channel info"},
    TypeName{0xC0, "OEM"},
};

std::int16_t sign_extend(unsigned value, unsigned bits) {
    const unsigned sign = 1U << (bits - 1);
    return static_cast<std::int16_t>(static_cast<int>(value ^ sign) - static_cast<int>(sign));
}

Entity decode_entity(std::uint8_t id, std::uint8_t instance) {
    return Entity{id, static_cast<std::uint8_t>(instance & 0x7F), (instance & 0x80) != 0};
}

// Bytes 6-14 of full/compact records, 6-12 of event-only ones.
SensorCommon decode_sensor_key_and_entity(Bytes r) {
    SensorCommon common;
    common.key.owner_id = r[5];
    common.key.channel = static_cast<std::uint8_t>(r[6] >> 4);
    common.key.lun = static_cast<std::uint8_t>(r[6] & 0x03);
    common.key.number = r[7];
    common.entity = decode_entity(r[8], r[9]);
    return common;
}

Units decode_units(std::uint8_t units1, std::uint8_t base, std::uint8_t modifier) {
    Units units;
    units.format = static_cast<AnalogFormat>(units1 >> 6);
    units.rate = static_cast<std::uint8_t>((units1 >> 3) & 0x07);
    units.modifier = static_cast<std::uint8_t>((units1 >> 1) & 0x03);
    units.percentage = (units1 & 0x01) != 0;
    units.base = base;
    units.modifier_unit = modifier;
    return units;
}

// Compact byte 24-25 / event-only byte 13-14 (§43.2).
Sharing decode_sharing(std::uint8_t first, std::uint8_t second) {
    Sharing sharing;
    const auto count = static_cast<std::uint8_t>(first & 0x0F);
    sharing.count = count == 0 ? 1 : count;
    sharing.alpha_modifier = ((first >> 4) & 0x03) == 0x01;
    sharing.entity_instance_increments = (second & 0x80) != 0;
    sharing.modifier_offset = static_cast<std::uint8_t>(second & 0x7F);
    return sharing;
}

std::uint16_t u16_at(Bytes r, std::size_t index) {
    return static_cast<std::uint16_t>(r[index] | (r[index + 1] << 8));
}

Result<std::string> decode_name(Bytes r, std::size_t type_length_index) {
    const auto type_length = r[type_length_index];
    const auto available = r.size() - (type_length_index + 1);
    const std::size_t length = std::min<std::size_t>(type_length & 0x1F, available);
    return decode_id_string(type_length, r.subspan(type_length_index + 1, length));
}

Error too_short(const Header& header, std::size_t have, std::size_t need) {
    char text[160];
    std::snprintf(text, sizeof text, "SDR record %04xh (%s): %zu bytes, at least %zu expected", header.record_id,
                  record_type_name(header.type).c_str(), have, need);
    return Error{ErrorKind::Protocol, text};
}

Result<FullSensor> decode_full(const Header& header, Bytes r) {
    if (r.size() < kFullMinimum) return too_short(header, r.size(), kFullMinimum);
    FullSensor s;
    s.common = decode_sensor_key_and_entity(r);
    s.capabilities = r[11];
    s.common.sensor_type = r[12];
    s.common.event_reading_type = r[13];
    s.assertion_mask = u16_at(r, 14);
    s.deassertion_mask = u16_at(r, 16);
    s.reading_mask = u16_at(r, 18);
    s.units = decode_units(r[20], r[21], r[22]);
    s.linearization = static_cast<std::uint8_t>(r[23] & 0x7F);
    s.factors = decode_factors(std::span<const std::uint8_t, 6>(r.subspan(24, 6)));
    const auto flags = r[30];  // byte 31: analog characteristic flags
    if (flags & 0x01) s.nominal = r[31];
    if (flags & 0x02) s.normal_max = r[32];
    if (flags & 0x04) s.normal_min = r[33];
    s.sensor_max = r[34];
    s.sensor_min = r[35];
    // Bytes 37-42: UNR, UCR, UNC, LNR, LCR, LNC; present when the readable mask says so.
    if (s.is_threshold()) {
        constexpr std::array<std::pair<ThresholdIndex, std::size_t>, kThresholdCount> kBytes{
            {{kUnr, 36}, {kUcr, 37}, {kUnc, 38}, {kLnr, 39}, {kLcr, 40}, {kLnc, 41}}};
        for (const auto& [index, at] : kBytes) {
            if (s.readable_thresholds() & kThresholdMaskBit[index]) s.thresholds[index] = r[at];
        }
    }
    s.positive_hysteresis = r[42];
    s.negative_hysteresis = r[43];
    auto name = decode_name(r, 47);
    if (!name.ok()) return name.error();
    s.common.name = std::move(name.value());
    return s;
}

Result<CompactSensor> decode_compact(const Header& header, Bytes r) {
    if (r.size() < kCompactMinimum) return too_short(header, r.size(), kCompactMinimum);
    CompactSensor s;
    s.common = decode_sensor_key_and_entity(r);
    s.capabilities = r[11];
    s.common.sensor_type = r[12];
    s.common.event_reading_type = r[13];
    s.assertion_mask = u16_at(r, 14);
    s.deassertion_mask = u16_at(r, 16);
    s.reading_mask = u16_at(r, 18);
    s.units = decode_units(r[20], r[21], r[22]);
    s.sharing = decode_sharing(r[23], r[24]);
    s.positive_hysteresis = r[25];
    s.negative_hysteresis = r[26];
    auto name = decode_name(r, 31);
    if (!name.ok()) return name.error();
    s.common.name = std::move(name.value());
    return s;
}

Result<EventOnlySensor> decode_event_only(const Header& header, Bytes r) {
    if (r.size() < kEventOnlyMinimum) return too_short(header, r.size(), kEventOnlyMinimum);
    EventOnlySensor s;
    s.common = decode_sensor_key_and_entity(r);
    s.common.sensor_type = r[10];
    s.common.event_reading_type = r[11];
    s.sharing = decode_sharing(r[12], r[13]);
    auto name = decode_name(r, 16);
    if (!name.ok()) return name.error();
    s.common.name = std::move(name.value());
    return s;
}

// §43.4 (08h) and §43.5 (09h).
Result<EntityAssociation> decode_association(const Header& header, Bytes r) {
    const bool device_relative = header.type == 0x09;
    const auto minimum = device_relative ? kDeviceAssociationMinimum : kAssociationMinimum;
    if (r.size() < minimum) return too_short(header, r.size(), minimum);
    EntityAssociation a;
    a.container = decode_entity(r[5], r[6]);
    std::size_t at = 7;
    if (device_relative) {
        a.container_address = r[7];
        a.container_channel = static_cast<std::uint8_t>(r[8] >> 4);
        at = 9;
    }
    const auto flags = r[at++];
    a.range = (flags & 0x80) != 0;
    a.linked = (flags & 0x40) != 0;
    a.presence_sensor_always = (flags & 0x20) != 0;
    const std::size_t width = device_relative ? 4 : 2;
    for (; at + width <= minimum; at += width) {
        EntityAssociation::Member member;
        if (device_relative) {
            member.address = r[at];
            member.channel = static_cast<std::uint8_t>(r[at + 1] >> 4);
        }
        member.entity = decode_entity(r[at + width - 2], r[at + width - 1]);
        if (member.entity.id != 0) a.members.push_back(member);
    }
    return a;
}

Result<FruLocator> decode_fru_locator(const Header& header, Bytes r) {
    if (r.size() < kFruLocatorMinimum) return too_short(header, r.size(), kFruLocatorMinimum);
    FruLocator f;
    f.access_address = r[5];
    f.fru_device_id = r[6];
    f.logical = (r[7] & 0x80) != 0;
    f.access_lun = static_cast<std::uint8_t>((r[7] >> 3) & 0x03);
    f.private_bus = static_cast<std::uint8_t>(r[7] & 0x07);
    f.channel = static_cast<std::uint8_t>(r[8] >> 4);
    f.device_type = r[10];
    f.device_type_modifier = r[11];
    f.entity = decode_entity(r[12], r[13]);
    auto name = decode_name(r, 15);
    if (!name.ok()) return name.error();
    f.name = std::move(name.value());
    return f;
}

Result<McLocator> decode_mc_locator(const Header& header, Bytes r) {
    if (r.size() < kMcLocatorMinimum) return too_short(header, r.size(), kMcLocatorMinimum);
    McLocator m;
    m.slave_address = r[5];
    m.channel = static_cast<std::uint8_t>(r[6] & 0x0F);
    m.power_state = r[7];
    m.capabilities = r[8];
    m.entity = decode_entity(r[12], r[13]);
    auto name = decode_name(r, 15);
    if (!name.ok()) return name.error();
    m.name = std::move(name.value());
    return m;
}

Result<OemRecord> decode_oem(const Header& header, Bytes r) {
    if (r.size() < kOemMinimum) return too_short(header, r.size(), kOemMinimum);
    OemRecord o;
    o.manufacturer_id = static_cast<std::uint32_t>(r[5] | (r[6] << 8) | (r[7] << 16));
    o.data.assign(r.begin() + 8, r.end());
    return o;
}

template <class T>
Result<Body> as_body(Result<T> decoded) {
    if (!decoded.ok()) return decoded.error();
    return Body{std::move(decoded.value())};
}

Result<Body> decode_body(const Header& header, Bytes r) {
    switch (header.type) {
        case 0x01:
            return as_body(decode_full(header, r));
        case 0x02:
            return as_body(decode_compact(header, r));
        case 0x03:
            return as_body(decode_event_only(header, r));
        case 0x08:
        case 0x09:
            return as_body(decode_association(header, r));
        case 0x11:
            return as_body(decode_fru_locator(header, r));
        case 0x12:
            return as_body(decode_mc_locator(header, r));
        case 0xC0:
            return as_body(decode_oem(header, r));
        default:
            return Body{UnknownRecord{}};
    }
}

}  // namespace

Result<Header> decode_header(std::span<const std::uint8_t> bytes) {
    ByteReader in(bytes);
    auto id = in.u16le();
    auto version = in.u8();
    auto type = in.u8();
    auto length = in.u8();
    if (!length)
        return make_error(ErrorKind::Protocol, "SDR record header: " + std::to_string(bytes.size()) + " of 5 bytes");
    return Header{*id, *version, *type, *length};
}

Result<Record> decode_record(std::span<const std::uint8_t> bytes) {
    auto header = decode_header(bytes);
    if (!header.ok()) return header.error();
    if (bytes.size() < kHeaderSize + header->length) {
        char text[128];
        std::snprintf(text, sizeof text, "SDR record %04xh: truncated, %zu of %zu bytes", header->record_id,
                      bytes.size(), kHeaderSize + header->length);
        return make_error(ErrorKind::Protocol, text);
    }
    const auto record = bytes.first(kHeaderSize + header->length);
    auto body = decode_body(*header, record);
    if (!body.ok()) return body.error();
    return Record{*header, std::move(body.value()), {record.begin(), record.end()}};
}

Result<std::string> decode_id_string(std::uint8_t type_length, std::span<const std::uint8_t> bytes) {
    switch (type_length >> 6) {
        case 0x00: {
            // Unicode in the SDR is unspecified beyond "2 bytes per character"; keep the ASCII ones.
            std::string text;
            for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
                if (bytes[i] == 0 && bytes[i + 1] == 0) break;
                text += (bytes[i + 1] == 0 && bytes[i] < 0x80) ? static_cast<char>(bytes[i]) : '?';
            }
            return text;
        }
        case 0x01:
            return decode_bcd_plus(bytes);
        case 0x02:
            return decode_six_bit(bytes);
        default:
            return decode_latin1(bytes);
    }
}

Factors decode_factors(std::span<const std::uint8_t, 6> b) {
    Factors f;
    f.m = sign_extend(static_cast<unsigned>(b[0] | ((b[1] & 0xC0) << 2)), 10);
    f.tolerance = static_cast<std::uint8_t>(b[1] & 0x3F);
    f.b = sign_extend(static_cast<unsigned>(b[2] | ((b[3] & 0xC0) << 2)), 10);
    f.accuracy = static_cast<std::uint16_t>((b[3] & 0x3F) | ((b[4] & 0xF0) << 2));
    f.accuracy_exponent = static_cast<std::uint8_t>((b[4] >> 2) & 0x03);
    f.r_exponent = static_cast<std::int8_t>(sign_extend(b[5] >> 4, 4));
    f.b_exponent = static_cast<std::int8_t>(sign_extend(b[5] & 0x0F, 4));
    return f;
}

std::string record_type_name(std::uint8_t type) {
    char text[64];
    for (const auto& entry : kTypeNames) {
        if (entry.type == type) {
            std::snprintf(text, sizeof text, "record type %02Xh (%s)", type, entry.name);
            return text;
        }
    }
    std::snprintf(text, sizeof text, "record type %02Xh (%s)", type, type >= 0xC0 ? "OEM" : "unknown");
    return text;
}

}  // namespace ipmiprov::provider::sdr

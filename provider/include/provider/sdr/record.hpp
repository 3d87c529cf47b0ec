// SDR records (IPMI 2.0 §43): typed values decoded from the repository's
// bytes. One decoder per record type, each a small function over ByteReader.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "bridge/result.hpp"

namespace ipmiprov::provider::sdr {

using bridge::Result;

inline constexpr std::size_t kHeaderSize = 5;

struct Header {
    std::uint16_t record_id = 0;
    std::uint8_t version = 0;
    std::uint8_t type = 0;
    std::uint8_t length = 0;  // bytes after the header
};

// Who owns a sensor and where it answers (§43.1 bytes 6-7).
struct SensorKey {
    std::uint8_t owner_id = 0x20;  // 7-bit address << 1, or software ID << 1 | 1
    std::uint8_t channel = 0;
    std::uint8_t lun = 0;
    std::uint8_t number = 0;
    [[nodiscard]] bool owner_is_software() const { return (owner_id & 0x01) != 0; }
    bool operator==(const SensorKey&) const = default;
};

struct Entity {
    std::uint8_t id = 0;
    std::uint8_t instance = 0;  // 0..127
    bool logical = false;
};

// Thresholds in raw counts, indexed by ThresholdIndex.
enum ThresholdIndex : std::size_t { kLnr = 0, kLcr, kLnc, kUnc, kUcr, kUnr, kThresholdCount };
// Their short names, as ipmitool's `sensor thresh` takes them.
inline constexpr std::array<const char*, kThresholdCount> kThresholdNames{"lnr", "lcr", "lnc", "unc", "ucr", "unr"};
using RawThresholds = std::array<std::optional<std::uint8_t>, kThresholdCount>;
// Readable/settable bit of each threshold in the SDR and Get Sensor Thresholds masks.
inline constexpr std::array<std::uint8_t, kThresholdCount> kThresholdMaskBit{0x04, 0x02, 0x01, 0x08, 0x10, 0x20};

// The conversion factors of §36.3 (also returned by Get Sensor Reading Factors).
struct Factors {
    std::int16_t m = 1;          // 10-bit signed
    std::int16_t b = 0;          // 10-bit signed
    std::int8_t b_exponent = 0;  // K1, 4-bit signed
    std::int8_t r_exponent = 0;  // K2, 4-bit signed
    std::uint8_t tolerance = 0;  // in +/- half raw counts
    std::uint16_t accuracy = 0;  // in 1/100 percent, scaled by 10^accuracy_exponent
    std::uint8_t accuracy_exponent = 0;
};

enum class AnalogFormat : std::uint8_t { Unsigned = 0, OnesComplement = 1, TwosComplement = 2, None = 3 };

struct Units {
    AnalogFormat format = AnalogFormat::Unsigned;
    std::uint8_t rate = 0;      // 0 none, 1 per µs ... 6 per day (§43.1 byte 21 bits 5:3)
    std::uint8_t modifier = 0;  // 0 none, 1 base/modifier, 2 base*modifier
    bool percentage = false;
    std::uint8_t base = 0;  // Table 43-15
    std::uint8_t modifier_unit = 0;
};

// Fields common to full, compact and event-only records.
struct SensorCommon {
    SensorKey key;
    Entity entity;
    std::uint8_t sensor_type = 0;
    std::uint8_t event_reading_type = 0;
    std::string name;
};

struct Sharing {
    std::uint8_t count = 1;       // sensors described by this record
    bool alpha_modifier = false;  // ID string suffix A, B, ... instead of 0, 1, ...
    std::uint8_t modifier_offset = 0;
    bool entity_instance_increments = false;
};

struct FullSensor {
    SensorCommon common;
    std::uint8_t capabilities = 0;
    std::uint16_t assertion_mask = 0;
    std::uint16_t deassertion_mask = 0;
    std::uint16_t reading_mask = 0;  // discrete reading mask, or threshold readable|settable<<8
    Units units;
    std::uint8_t linearization = 0;  // 0 linear ... 0x0B cube root, 0x70-0x7F non-linear
    Factors factors;
    std::optional<std::uint8_t> nominal, normal_max, normal_min;
    std::uint8_t sensor_max = 0xFF;
    std::uint8_t sensor_min = 0x00;
    RawThresholds thresholds;  // only those the readable mask names
    std::uint8_t positive_hysteresis = 0;
    std::uint8_t negative_hysteresis = 0;

    [[nodiscard]] bool is_threshold() const { return common.event_reading_type == 0x01; }
    [[nodiscard]] bool non_linear() const { return linearization >= 0x70 && linearization <= 0x7F; }
    [[nodiscard]] std::uint8_t readable_thresholds() const { return static_cast<std::uint8_t>(reading_mask & 0x3F); }
    [[nodiscard]] std::uint8_t settable_thresholds() const {
        return static_cast<std::uint8_t>((reading_mask >> 8) & 0x3F);
    }
};

struct CompactSensor {
    SensorCommon common;
    std::uint8_t capabilities = 0;
    std::uint16_t assertion_mask = 0;
    std::uint16_t deassertion_mask = 0;
    std::uint16_t reading_mask = 0;
    Units units;
    Sharing sharing;
    std::uint8_t positive_hysteresis = 0;
    std::uint8_t negative_hysteresis = 0;
};

struct EventOnlySensor {
    SensorCommon common;
    Sharing sharing;
};

struct EntityAssociation {
    Entity container;
    bool range = false;  // contained entities given as ranges (pairs) rather than a list
    bool linked = false;
    bool presence_sensor_always = false;
    std::optional<std::uint8_t> container_address;  // 09h only
    std::optional<std::uint8_t> container_channel;  // 09h only
    struct Member {
        std::optional<std::uint8_t> address;  // 09h only
        std::optional<std::uint8_t> channel;  // 09h only
        Entity entity;
    };
    std::vector<Member> members;  // absent (zero) entries left out
};

struct FruLocator {
    std::uint8_t access_address = 0;  // 7-bit << 1
    std::uint8_t fru_device_id = 0;   // or slave address for non-logical devices
    bool logical = false;
    std::uint8_t access_lun = 0;
    std::uint8_t private_bus = 0;
    std::uint8_t channel = 0;
    std::uint8_t device_type = 0;
    std::uint8_t device_type_modifier = 0;
    Entity entity;
    std::string name;
};

struct McLocator {
    std::uint8_t slave_address = 0;  // 7-bit << 1
    std::uint8_t channel = 0;
    std::uint8_t power_state = 0;
    std::uint8_t capabilities = 0;
    Entity entity;
    std::string name;
};

struct OemRecord {
    std::uint32_t manufacturer_id = 0;
    std::vector<std::uint8_t> data;
};

struct UnknownRecord {};

using Body = std::variant<FullSensor, CompactSensor, EventOnlySensor, EntityAssociation, FruLocator, McLocator,
                          OemRecord, UnknownRecord>;

struct Record {
    Header header;
    Body body;
    std::vector<std::uint8_t> raw;  // the whole record as read, header included
};

Result<Header> decode_header(std::span<const std::uint8_t> bytes);

// Decodes one whole record (header included). A record too short for its
// type is an error naming the type, the record ID and the lengths; an unknown
// type decodes to UnknownRecord, kept with its raw bytes.
Result<Record> decode_record(std::span<const std::uint8_t> bytes);

// ID string (§43.15): type/length byte then the bytes; 8-bit ASCII+Latin-1,
// 6-bit packed ASCII, BCD plus and (rarely) Unicode.
Result<std::string> decode_id_string(std::uint8_t type_length, std::span<const std::uint8_t> bytes);

// Factors from bytes 25-30 of a full record (and bytes 3-8 of Get Sensor
// Reading Factors, which share the layout).
Factors decode_factors(std::span<const std::uint8_t, 6> bytes);

// "Record type 01h (full sensor)".
std::string record_type_name(std::uint8_t type);

}  // namespace ipmiprov::provider::sdr

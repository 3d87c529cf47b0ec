// FRU inventory data (Platform Management FRU Information Storage Definition
// v1.0 rev 1.3, "the FRU spec"): the common header (§8), the internal use
// area (§9), the chassis (§10), board (§11) and product (§12) info areas with
// their type/length fields (§13), and the multi-record area (§16-§18).
//
// decode_inventory never fails: whatever is wrong (a checksum, a length that
// points past the end, a field without its end marker) is a Problem naming the
// area and the offset, and everything that could be read is kept. An area
// whose checksum fails is still decoded and marked, so that an admin sees the
// serial number with a warning rather than nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace ipmiprov::provider::fru {

// §13 type/length byte, bits 7:6 (11b is Unicode unless the language is English).
enum class Encoding { Binary, BcdPlus, SixBitAscii, Latin1, Unicode };
std::string_view encoding_name(Encoding encoding);  // "binary", "bcd-plus", "6-bit-ascii", "8-bit-ascii", "unicode"

struct Field {
    Encoding encoding = Encoding::Latin1;
    std::string text;  // UTF-8; binary fields as hex ("01 02 ff")
    std::vector<std::uint8_t> raw;
    bool operator==(const Field&) const = default;
};

struct Problem {
    std::size_t offset = 0;  // in the FRU device
    std::string message;     // "board area: checksum is 5Ah, the bytes sum to 3Ch"
    bool operator==(const Problem&) const = default;
};

struct ChassisInfo {
    std::uint8_t type = 0;  // SMBIOS chassis type (§10, rev 1.3)
    std::optional<Field> part_number;
    std::optional<Field> serial_number;
    std::vector<Field> custom;
    bool checksum_ok = true;
};

struct BoardInfo {
    std::uint8_t language = 0;
    // Seconds since 1970-01-01 00:00 UTC; nullopt when the area says "unspecified" (0).
    std::optional<std::int64_t> manufactured;
    std::optional<Field> manufacturer;
    std::optional<Field> product_name;
    std::optional<Field> serial_number;
    std::optional<Field> part_number;
    std::optional<Field> fru_file_id;
    std::vector<Field> custom;
    bool checksum_ok = true;
};

struct ProductInfo {
    std::uint8_t language = 0;
    std::optional<Field> manufacturer;
    std::optional<Field> product_name;
    std::optional<Field> part_number;  // "part/model number"
    std::optional<Field> version;
    std::optional<Field> serial_number;
    std::optional<Field> asset_tag;
    std::optional<Field> fru_file_id;
    std::vector<Field> custom;
    bool checksum_ok = true;
};

struct InternalUse {
    std::uint8_t format_version = 0;
    std::vector<std::uint8_t> data;
};

// §18.1 Power Supply Information (record 00h). Voltages in mV (the record's
// 10 mV units), currents in A, times in ms unless named otherwise.
struct PowerSupply {
    std::uint16_t overall_capacity_w = 0;
    std::optional<std::uint16_t> peak_va;  // FFFFh: unspecified
    std::optional<std::uint8_t> inrush_current_a;
    std::uint8_t inrush_interval_ms = 0;
    std::int32_t low_input_voltage_1_mv = 0;
    std::int32_t high_input_voltage_1_mv = 0;
    std::int32_t low_input_voltage_2_mv = 0;
    std::int32_t high_input_voltage_2_mv = 0;
    std::uint8_t low_input_frequency_hz = 0;
    std::uint8_t high_input_frequency_hz = 0;
    std::uint8_t ac_dropout_tolerance_ms = 0;
    bool predictive_fail = false;
    bool power_factor_correction = false;
    bool autoswitch = false;
    bool hot_swap = false;
    bool predictive_fail_tach_output = false;      // bit 4: tachometer pulses (1) or pass/fail pin (0)
    std::optional<std::uint16_t> peak_capacity_w;  // FFFh: unspecified
    std::uint8_t hold_up_time_s = 0;
    std::uint8_t combined_voltage_1 = 0;  // 0 12 V, 1 -12 V, 2 5 V, 3 3.3 V
    std::uint8_t combined_voltage_2 = 0;
    std::uint16_t total_combined_wattage_w = 0;
    std::uint8_t tach_lower_threshold_rps = 0;
};

// §18.2 DC Output (01h) and §18.3 DC Load (02h).
struct DcOutput {
    std::uint8_t output_number = 0;
    bool standby = false;
    std::int32_t nominal_mv = 0;
    std::int32_t max_negative_deviation_mv = 0;
    std::int32_t max_positive_deviation_mv = 0;
    std::uint16_t ripple_mv = 0;
    std::uint16_t min_current_ma = 0;
    std::uint16_t max_current_ma = 0;
};
struct DcLoad {
    std::uint8_t output_number = 0;
    std::int32_t nominal_mv = 0;
    std::int32_t min_mv = 0;
    std::int32_t max_mv = 0;
    std::uint16_t ripple_mv = 0;
    std::uint16_t min_current_ma = 0;
    std::uint16_t max_current_ma = 0;
};

// §18.4 Management Access (03h): a URL, name, ping address or unique ID.
struct ManagementAccess {
    std::uint8_t subtype = 0;
    std::string value;  // text; the system unique ID (07h) as hex
};

// §18.5/§18.6 Base (04h) and Extended (05h) Compatibility.
struct Compatibility {
    bool extended = false;
    std::uint32_t manufacturer_id = 0;
    std::uint8_t entity_id = 0;
    std::uint8_t compatibility_base = 0;
    std::uint8_t code_start = 0;
    std::vector<std::uint8_t> code_range_mask;
};

// C0h-FFh: the manufacturer's IANA number (first 3 bytes), the rest shown raw.
struct OemRecord {
    std::uint32_t manufacturer_id = 0;
};

// Records shown raw only (ASF, extended DC, reserved) have no payload.
using RecordPayload =
    std::variant<std::monostate, PowerSupply, DcOutput, DcLoad, ManagementAccess, Compatibility, OemRecord>;

struct MultiRecord {
    std::size_t offset = 0;  // of its header in the device
    std::uint8_t type = 0;
    std::uint8_t format_version = 0;
    std::vector<std::uint8_t> data;  // without the 5-byte header
    RecordPayload payload;
    bool checksum_ok = true;
};

struct Inventory {
    std::optional<InternalUse> internal_use;
    std::optional<ChassisInfo> chassis;
    std::optional<BoardInfo> board;
    std::optional<ProductInfo> product;
    std::vector<MultiRecord> records;
    std::vector<Problem> problems;
};

Inventory decode_inventory(std::span<const std::uint8_t> data);

// How many bytes from the start of the device decode_inventory needs, as far
// as `data` (the first bytes read so far) tells: the header, then each area's
// length, then each multi-record header. A reader reads until this stops
// growing past what it has, so a device is read only as far as it is used.
std::size_t bytes_needed(std::span<const std::uint8_t> data);

// Names from the spec's tables (data in tables.cpp); nullopt when reserved.
std::optional<std::string_view> chassis_type_name(std::uint8_t type);  // "Rack Mount Chassis"
std::string_view record_type_name(std::uint8_t type);                  // "Power Supply Information", "OEM", "reserved"
std::optional<std::string_view> management_access_name(std::uint8_t subtype);  // "System Name"
std::string language_name(std::uint8_t code);                                  // "English", "code 02h"
// Minutes since 1996-01-01 00:00 UTC (§11, board area bytes 3-5) as seconds since 1970.
std::int64_t board_date_seconds(std::uint32_t minutes);

}  // namespace ipmiprov::provider::fru

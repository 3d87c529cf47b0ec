// The common header (FRU spec §8), the internal use area (§9) and the three
// info areas (§10-§12) with their type/length fields (§13). Offsets and
// lengths in the header and the areas count 8-byte units.
#include <algorithm>
#include <array>
#include <cstdio>

#include "bridge/message.hpp"
#include "fru_internal.hpp"
#include "provider/spec/packed_text.hpp"

namespace ipmiprov::provider::fru {
namespace {

constexpr std::uint8_t kEndOfFields = 0xC1;
constexpr std::uint8_t kFormatVersion = 0x01;

std::string byte_hex(std::uint8_t value) {
    return bridge::byte_text(value);
}

std::string offset_text(std::size_t offset) {
    char text[16];
    std::snprintf(text, sizeof text, "%04zXh", offset);
    return text;
}

bool english(std::uint8_t language) {
    return language == 0 || language == 25;  // §15: 0 is the legacy English, 25 English
}

Field decode_field(std::uint8_t type_length, Bytes bytes, std::uint8_t language) {
    Field field;
    field.raw.assign(bytes.begin(), bytes.end());
    switch (type_length >> 6) {
        case 0:
            field.encoding = Encoding::Binary;
            field.text = bridge::hex(bytes);
            break;
        case 1:
            field.encoding = Encoding::BcdPlus;
            field.text = spec::decode_bcd_plus(bytes);
            break;
        case 2:
            field.encoding = Encoding::SixBitAscii;
            field.text = spec::decode_six_bit(bytes);
            break;
        default:
            field.encoding = english(language) ? Encoding::Latin1 : Encoding::Unicode;
            field.text = english(language) ? spec::decode_latin1(bytes) : spec::decode_ucs2(bytes);
            break;
    }
    return field;
}

// The fields from `offset` of the area up to C1h; a field that runs past the
// area, or a missing C1h, is a problem and ends the list.
std::vector<Field> decode_fields(const AreaView& area, std::size_t offset, std::uint8_t language, std::size_t named,
                                 std::vector<Problem>& problems) {
    std::vector<Field> fields;
    const std::size_t end = area.bytes.size() - 1;  // the checksum is the last byte
    while (offset < end) {
        const std::uint8_t type_length = area.bytes[offset];
        if (type_length == kEndOfFields) {
            // §10-§12: the named fields are mandatory (empty ones are C0h); an end before them is wrong.
            if (fields.size() < named)
                problems.push_back({area.start + offset, std::string(area.name) + " area: end of fields (C1h) after " +
                                                             std::to_string(fields.size()) + " of its " +
                                                             std::to_string(named) + " fields"});
            return fields;
        }
        const std::size_t length = type_length & 0x3F;
        if (offset + 1 + length > end) {
            problems.push_back(
                {area.start + offset, std::string(area.name) + " area: field " + std::to_string(fields.size() + 1) +
                                          " (type/length " + byte_hex(type_length) + ") runs " +
                                          std::to_string(offset + 1 + length - end) + " bytes past the area"});
            return fields;
        }
        fields.push_back(decode_field(type_length, area.bytes.subspan(offset + 1, length), language));
        offset += 1 + length;
    }
    problems.push_back(
        {area.start + offset, std::string(area.name) + " area: no end-of-fields marker (C1h) before the checksum"});
    return fields;
}

// The named fields of each area in the spec's order (§10-§12): the fields
// in turn fill these; what follows them is custom.
template <class Area>
using Named = std::optional<Field> Area::*;
constexpr std::array<Named<ChassisInfo>, 2> kChassisFields{&ChassisInfo::part_number, &ChassisInfo::serial_number};
constexpr std::array<Named<BoardInfo>, 5> kBoardFields{&BoardInfo::manufacturer, &BoardInfo::product_name,
                                                       &BoardInfo::serial_number, &BoardInfo::part_number,
                                                       &BoardInfo::fru_file_id};
constexpr std::array<Named<ProductInfo>, 7> kProductFields{
    &ProductInfo::manufacturer,  &ProductInfo::product_name, &ProductInfo::part_number, &ProductInfo::version,
    &ProductInfo::serial_number, &ProductInfo::asset_tag,    &ProductInfo::fru_file_id};

template <class Area, std::size_t N>
void assign_fields(Area& area, std::vector<Field> fields, const std::array<Named<Area>, N>& named) {
    std::size_t next = 0;
    for (const auto member : named) {
        if (next < fields.size()) area.*member = std::move(fields[next++]);
    }
    if (next < fields.size())
        area.custom.assign(std::make_move_iterator(fields.begin() + static_cast<std::ptrdiff_t>(next)),
                           std::make_move_iterator(fields.end()));
}

std::uint8_t sum(Bytes bytes) {
    unsigned total = 0;
    for (auto byte : bytes) total += byte;
    return static_cast<std::uint8_t>(total);
}

// An info area's bounds and checks: version, length, checksum.
std::optional<AreaView> open_area(Bytes data, std::size_t start, const char* name, std::size_t fixed,
                                  std::vector<Problem>& problems) {
    const auto where = [&](const std::string& what) {
        problems.push_back({start, std::string(name) + " area: " + what});
    };
    if (start + 2 > data.size()) {
        where("starts at " + offset_text(start) + ", past the end of the data (" + std::to_string(data.size()) +
              " bytes)");
        return std::nullopt;
    }
    if ((data[start] & 0x0F) != kFormatVersion)
        where("format version " + byte_hex(data[start]) + ", not 01h; decoded as 01h");
    std::size_t length = std::size_t{data[start + 1]} * 8;
    if (length < fixed + 2) {
        where("length " + std::to_string(length) + " bytes is too short for the area");
        return std::nullopt;
    }
    AreaView area{name, start, {}, true};
    if (start + length > data.size()) {
        where("length " + std::to_string(length) + " bytes runs past the end of the data (" +
              std::to_string(data.size()) + " bytes); the checksum cannot be checked");
        length = data.size() - start;
        area.checksum_ok = false;
        if (length < fixed + 2) {
            where("only " + std::to_string(length) + " of its bytes are there: too few for its fixed fields");
            return std::nullopt;
        }
    }
    area.bytes = data.subspan(start, length);
    if (area.checksum_ok && sum(area.bytes) != 0) {
        area.checksum_ok = false;
        where("checksum " + byte_hex(area.bytes.back()) + " is wrong (the area sums to " + byte_hex(sum(area.bytes)) +
              ", not 00h); its fields are shown but may be wrong");
    }
    return area;
}

}  // namespace

std::optional<Header> decode_header(Bytes data, std::vector<Problem>& problems) {
    if (data.size() < 8) {
        problems.push_back({0, "common header: " + std::to_string(data.size()) + " of 8 bytes"});
        return std::nullopt;
    }
    const auto header = data.first(8);
    if (sum(header) != 0) {
        problems.push_back({0, "common header: checksum " + byte_hex(header[7]) + " is wrong (the header sums to " +
                                   byte_hex(sum(header)) + "); nothing else can be trusted"});
        return std::nullopt;
    }
    if ((header[0] & 0x0F) != kFormatVersion) {
        problems.push_back({0, "common header: format version " + byte_hex(header[0]) + ", not 01h"});
        return std::nullopt;
    }
    return Header{std::size_t{header[1]} * 8, std::size_t{header[2]} * 8, std::size_t{header[3]} * 8,
                  std::size_t{header[4]} * 8, std::size_t{header[5]} * 8};
}

std::size_t internal_use_end(const Header& header, std::size_t size) {
    std::size_t end = size;
    for (auto offset : {header.chassis, header.board, header.product, header.multi_record})
        if (offset > header.internal_use) end = std::min(end, offset);
    return end;
}

std::optional<InternalUse> decode_internal_use(Bytes data, const Header& header, std::vector<Problem>& problems) {
    const std::size_t start = header.internal_use;
    const std::size_t end = internal_use_end(header, data.size());
    if (start >= end || start >= data.size()) {
        problems.push_back({start, "internal use area: starts at " + offset_text(start) + ", past the data"});
        return std::nullopt;
    }
    InternalUse area{static_cast<std::uint8_t>(data[start] & 0x0F), {}};
    area.data.assign(data.begin() + static_cast<std::ptrdiff_t>(start) + 1,
                     data.begin() + static_cast<std::ptrdiff_t>(end));
    return area;
}

std::optional<ChassisInfo> decode_chassis(Bytes data, std::size_t start, std::vector<Problem>& problems) {
    auto area = open_area(data, start, "chassis", 1, problems);
    if (!area) return std::nullopt;
    ChassisInfo chassis;
    chassis.type = area->bytes[2];
    chassis.checksum_ok = area->checksum_ok;
    // §10 has no language byte: its text is English.
    assign_fields(chassis, decode_fields(*area, 3, 0, kChassisFields.size(), problems), kChassisFields);
    return chassis;
}

std::optional<BoardInfo> decode_board(Bytes data, std::size_t start, std::vector<Problem>& problems) {
    auto area = open_area(data, start, "board", 4, problems);
    if (!area) return std::nullopt;
    BoardInfo board;
    board.language = area->bytes[2];
    board.checksum_ok = area->checksum_ok;
    const std::uint32_t minutes =
        area->bytes[3] | (std::uint32_t{area->bytes[4]} << 8) | (std::uint32_t{area->bytes[5]} << 16);
    if (minutes != 0) board.manufactured = board_date_seconds(minutes);
    assign_fields(board, decode_fields(*area, 6, board.language, kBoardFields.size(), problems), kBoardFields);
    return board;
}

std::optional<ProductInfo> decode_product(Bytes data, std::size_t start, std::vector<Problem>& problems) {
    auto area = open_area(data, start, "product", 1, problems);
    if (!area) return std::nullopt;
    ProductInfo product;
    product.language = area->bytes[2];
    product.checksum_ok = area->checksum_ok;
    assign_fields(product, decode_fields(*area, 3, product.language, kProductFields.size(), problems), kProductFields);
    return product;
}

std::uint8_t checksum_sum(Bytes bytes) {
    return sum(bytes);
}

Inventory decode_inventory(Bytes data) {
    Inventory inventory;
    const auto header = decode_header(data, inventory.problems);
    if (!header) return inventory;
    auto& problems = inventory.problems;
    if (header->internal_use != 0) inventory.internal_use = decode_internal_use(data, *header, problems);
    if (header->chassis != 0) inventory.chassis = decode_chassis(data, header->chassis, problems);
    if (header->board != 0) inventory.board = decode_board(data, header->board, problems);
    if (header->product != 0) inventory.product = decode_product(data, header->product, problems);
    if (header->multi_record != 0) inventory.records = decode_multi_records(data, header->multi_record, problems);
    return inventory;
}

std::size_t bytes_needed(Bytes data) {
    std::vector<Problem> ignored;
    if (data.size() < 8) return 8;
    const auto header = decode_header(data, ignored);
    if (!header) return 8;
    std::size_t need = 8;
    for (auto start : {header->chassis, header->board, header->product}) {
        if (start == 0) continue;
        need = std::max(need, start + 2);
        if (data.size() >= start + 2) need = std::max(need, start + std::size_t{data[start + 1]} * 8);
    }
    if (header->internal_use != 0)
        need = std::max(need, internal_use_end(*header, std::numeric_limits<std::size_t>::max()));
    if (header->multi_record != 0) need = std::max(need, multi_record_extent(data, header->multi_record));
    return need;
}

}  // namespace ipmiprov::provider::fru

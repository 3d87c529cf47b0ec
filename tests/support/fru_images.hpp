// FRU images for tests, built the way the FRU spec lays them out (§8-§18):
// areas padded to 8-byte units with their zero checksums, so that a test
// states only what it is about.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ipmiprov::testing::fru {

using Bytes = std::vector<std::uint8_t>;

inline std::uint8_t zero_checksum(const Bytes& bytes) {
    unsigned sum = 0;
    for (auto b : bytes) sum += b;
    return static_cast<std::uint8_t>(0x100 - (sum & 0xFF));
}

// An 8-bit ASCII field: type/length C0h | length, then the text.
inline Bytes text(const std::string& value) {
    Bytes field{static_cast<std::uint8_t>(0xC0 | value.size())};
    field.insert(field.end(), value.begin(), value.end());
    return field;
}

// An info area: version 01h, length, `fixed` bytes, the fields, C1h, padding, checksum.
inline Bytes info_area(const Bytes& fixed, const std::vector<Bytes>& fields) {
    Bytes area{0x01, 0x00};
    area.insert(area.end(), fixed.begin(), fixed.end());
    for (const auto& field : fields) area.insert(area.end(), field.begin(), field.end());
    area.push_back(0xC1);
    while ((area.size() + 1) % 8 != 0) area.push_back(0x00);
    area[1] = static_cast<std::uint8_t>((area.size() + 1) / 8);
    area.push_back(zero_checksum(area));
    return area;
}

// A multi-record: type, end-of-list flag, the data, with both checksums.
inline Bytes multi_record(std::uint8_t type, const Bytes& data, bool last) {
    Bytes record{type, static_cast<std::uint8_t>(0x02 | (last ? 0x80 : 0x00)), static_cast<std::uint8_t>(data.size()),
                 zero_checksum(data), 0x00};
    record[4] = zero_checksum(Bytes(record.begin(), record.begin() + 4));
    record.insert(record.end(), data.begin(), data.end());
    return record;
}

// A device: the common header, then the areas in the order given (each
// starting on an 8-byte boundary); empty areas are absent.
struct Areas {
    Bytes internal_use, chassis, board, product, multi_record;
};
inline Bytes image(const Areas& areas) {
    Bytes out(8, 0x00);
    out[0] = 0x01;
    const Bytes* order[] = {&areas.internal_use, &areas.chassis, &areas.board, &areas.product, &areas.multi_record};
    for (std::size_t i = 0; i < 5; ++i) {
        if (order[i]->empty()) continue;
        out[1 + i] = static_cast<std::uint8_t>(out.size() / 8);
        out.insert(out.end(), order[i]->begin(), order[i]->end());
        while (out.size() % 8 != 0) out.push_back(0x00);
    }
    out[7] = zero_checksum(Bytes(out.begin(), out.begin() + 7));
    return out;
}

}  // namespace ipmiprov::testing::fru

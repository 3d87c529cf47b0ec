#include "provider/cim/value_parse.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

struct IntegerRange {
    Type type;
    bool is_signed;
    std::int64_t min;
    std::uint64_t max;
};
constexpr std::array<IntegerRange, 8> kIntegers{{
    {Type::Uint8, false, 0, 0xFF},
    {Type::Uint16, false, 0, 0xFFFF},
    {Type::Uint32, false, 0, 0xFFFFFFFF},
    {Type::Uint64, false, 0, std::numeric_limits<std::uint64_t>::max()},
    {Type::Sint8, true, -128, 127},
    {Type::Sint16, true, -32768, 32767},
    {Type::Sint32, true, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()},
    {Type::Sint64, true, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()},
}};

Result<Item> bad(Type type, std::string_view text) {
    // Appended piece by piece: "lit" + std::string&& is a GCC 12 -Wrestrict false positive at -O3.
    std::string message = "\"";
    message.append(text).append("\" is not a ").append(type_name(type));
    return make_error(ErrorKind::InvalidArgument, message);
}

Result<Item> integer_item(const IntegerRange& range, std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    std::string_view digits = negative ? text.substr(1) : text;
    int base = 10;
    if (digits.starts_with("0x") || digits.starts_with("0X")) {
        digits.remove_prefix(2);
        base = 16;
    }
    std::uint64_t magnitude = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size()) return bad(range.type, text);
    if (!range.is_signed) {
        if (negative || magnitude > range.max) return bad(range.type, text);
        return Item{magnitude};
    }
    const auto limit = negative ? static_cast<std::uint64_t>(-(range.min + 1)) + 1 : range.max;
    if (magnitude > limit) return bad(range.type, text);
    const auto value = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return Item{value};
}

Result<Item> item_from_text(Type type, std::string_view text) {
    for (const auto& range : kIntegers)
        if (range.type == type) return integer_item(range, text);
    switch (type) {
        case Type::Boolean:
            if (text == "true" || text == "TRUE" || text == "1") return Item{true};
            if (text == "false" || text == "FALSE" || text == "0") return Item{false};
            return bad(type, text);
        case Type::Real32:
        case Type::Real64: {
            double value = 0;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(value))
                return bad(type, text);
            return Item{value};
        }
        case Type::String:
        case Type::Datetime:
            return Item{std::string(text)};
        default:
            return make_error(ErrorKind::InvalidArgument, "a reference is given as Class.Key=Value,...");
    }
}

}  // namespace

Result<Value> value_from_text(Type type, bool is_array, std::string_view text) {
    Value value{type, is_array, {}};
    if (!is_array) {
        auto item = item_from_text(type, text);
        if (!item.ok()) return item.error();
        value.items.push_back(std::move(*item));
        return value;
    }
    while (!text.empty()) {
        const auto comma = text.find(',');
        auto item = item_from_text(type, text.substr(0, comma));
        if (!item.ok()) return item.error();
        value.items.push_back(std::move(*item));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
        if (text.empty()) return make_error(ErrorKind::InvalidArgument, "an array ends with a comma");
    }
    return value;
}

}  // namespace ipmiprov::provider::cim

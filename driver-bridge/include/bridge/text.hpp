// Small text helpers the layers above share: trimming a value read from a
// file, a header or a help line, and comparing names without regard to case
// (ASCII: protocol tokens, CIM names, option words).
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace ipmiprov::bridge {

// `text` without the leading and trailing characters in `blanks`.
inline std::string_view trimmed(std::string_view text, std::string_view blanks = " \t") {
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

}  // namespace ipmiprov::bridge

// Words for a Boost.Program_options error that never hang. Boost 1.74 fills
// its messages by replacing placeholders such as %canonical_option% with the
// user's own words, and loops forever when a word contains the placeholder it
// replaces: `ipmiprov --x%canonical_option%` never returned (found by the
// cli_args fuzz target). Its text is used only when no word holds one.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options/errors.hpp>

namespace ipmiprov::tools {

inline bool holds_placeholder(std::string_view word) {
    constexpr std::array<std::string_view, 5> kPlaceholders{"%canonical_option%", "%option%", "%value%", "%prefix%",
                                                            "%original_token%"};
    for (const auto placeholder : kPlaceholders)
        if (word.find(placeholder) != std::string_view::npos) return true;
    return false;
}

// `words`: everything the parser was given (arguments, or a config file's text).
inline std::string option_error_text(const boost::program_options::error& error,
                                     const std::vector<std::string>& words) {
    const auto* named = dynamic_cast<const boost::program_options::error_with_option_name*>(&error);
    if (named == nullptr) return error.what();
    for (const auto& word : words) {
        // get_option_name() substitutes nothing, so it is safe where what() is not.
        if (holds_placeholder(word)) return "the option \"" + named->get_option_name() + "\" or its value is not valid";
    }
    return error.what();
}

}  // namespace ipmiprov::tools

// A duration as a person reads it in a log line or a status: "0 s", "45 s",
// "4 min", "1 min 30 s", "2 h 5 min", "3 d 4 h". Seconds are rounded up, so
// that a wait that has not quite run out never reads "0 s".
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>

namespace ipmiprov::bridge {

inline std::string duration_text(std::chrono::milliseconds duration) {
    const std::int64_t seconds = std::max<std::int64_t>(0, (duration.count() + 999) / 1000);
    struct DurationUnit {
        std::int64_t seconds;
        const char* name;
    };
    constexpr DurationUnit kUnits[] = {{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
    // Appended piece by piece: GCC 12 at -O2 warns (-Wrestrict, a false
    // positive) about "literal" + std::string temporaries here.
    std::string text;
    for (std::size_t i = 0; i + 1 < std::size(kUnits); ++i) {
        if (seconds < kUnits[i].seconds) continue;
        // Two units at most: the larger, and the next one when not zero.
        const auto large = seconds / kUnits[i].seconds;
        const auto small = (seconds % kUnits[i].seconds) / kUnits[i + 1].seconds;
        text.append(std::to_string(large)).append(" ").append(kUnits[i].name);
        if (small != 0) text.append(" ").append(std::to_string(small)).append(" ").append(kUnits[i + 1].name);
        return text;
    }
    text.append(std::to_string(seconds)).append(" s");
    return text;
}

}  // namespace ipmiprov::bridge

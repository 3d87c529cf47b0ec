// Integers read from JSON that others wrote (the caches on disk, the
// daemon's socket): nlohmann's get<T>() converts any number, and a float
// such as 1e21 read as an unsigned int is undefined behaviour (found by the
// stored_files fuzz target); a value that does not fit is cut silently.
// This takes only integers, and only those that fit.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace ipmiprov::bridge {

template <std::integral T>
std::optional<T> json_integer(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (!std::in_range<T>(number)) return std::nullopt;
        return static_cast<T>(number);
    }
    if (value.is_number_integer()) {
        const auto number = value.get<std::int64_t>();
        if (!std::in_range<T>(number)) return std::nullopt;
        return static_cast<T>(number);
    }
    return std::nullopt;
}

}  // namespace ipmiprov::bridge

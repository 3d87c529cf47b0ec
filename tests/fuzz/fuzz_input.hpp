// Splits one fuzzer input into the pieces a target needs: a selector byte,
// lengths, chunks. Past the end every read yields zero or an empty span, so a
// target never has to check the input's size itself.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ipmiprov::fuzz {

class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size) : bytes_(data, size) {}

    std::uint8_t byte() {
        if (bytes_.empty()) return 0;
        const auto value = bytes_.front();
        bytes_ = bytes_.subspan(1);
        return value;
    }
    std::span<const std::uint8_t> take(std::size_t count) {
        const auto taken = bytes_.first(std::min(count, bytes_.size()));
        bytes_ = bytes_.subspan(taken.size());
        return taken;
    }
    // A chunk whose length is the next byte (0..255).
    std::span<const std::uint8_t> chunk() { return take(byte()); }
    std::span<const std::uint8_t> rest() { return take(bytes_.size()); }
    [[nodiscard]] bool empty() const { return bytes_.empty(); }

private:
    std::span<const std::uint8_t> bytes_;
};

inline std::string_view as_text(std::span<const std::uint8_t> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};  // NOLINT: bytes viewed as text
}

// Pieces of `text` between `separator`s (a command line from NUL-separated words).
inline std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> pieces;
    while (!text.empty()) {
        const auto end = text.find(separator);
        pieces.emplace_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return pieces;
}

}  // namespace ipmiprov::fuzz

// Messages on ipmiprovd's Unix socket (docs/daemon-protocol.md): a 4-byte
// big-endian length, then that many bytes of JSON text. Every frame is
// size-checked before its bytes are buffered, and every wait is bounded.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/result.hpp"

namespace ipmiprov::bridge {

inline constexpr std::size_t kFrameHeaderSize = 4;
inline constexpr std::size_t kMaxRequestPayload = std::size_t{64} * 1024;        // what a client may send
inline constexpr std::size_t kMaxReplyPayload = std::size_t{256} * 1024 * 1024;  // what the daemon may answer

std::vector<std::uint8_t> encode_frame(std::string_view payload);

// Incremental decoding of a byte stream into payloads.
class FrameReader {
public:
    explicit FrameReader(std::size_t max_payload) : max_payload_(max_payload) {}
    // Appends bytes; complete payloads are returned in order. A frame longer
    // than the limit is an error, and the reader stays failed.
    Result<std::vector<std::string>> feed(std::span<const std::uint8_t> bytes);
    [[nodiscard]] std::size_t buffered() const { return buffer_.size(); }

private:
    std::size_t max_payload_;
    std::vector<std::uint8_t> buffer_;
    bool failed_ = false;
};

// Blocking I/O on a connected socket with a deadline for the whole message.
Status write_frame(int fd, std::string_view payload, std::chrono::milliseconds timeout);
Result<std::string> read_frame(int fd, std::size_t max_payload, std::chrono::milliseconds timeout);

}  // namespace ipmiprov::bridge

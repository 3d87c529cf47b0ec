#include "bridge/frame.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace ipmiprov::bridge {
namespace {

using Clock = std::chrono::steady_clock;

std::uint32_t length_of(std::span<const std::uint8_t> header) {
    return (std::uint32_t{header[0]} << 24) | (std::uint32_t{header[1]} << 16) | (std::uint32_t{header[2]} << 8) |
           std::uint32_t{header[3]};
}

std::string too_long(std::size_t length, std::size_t max) {
    return "message of " + std::to_string(length) + " bytes is longer than the limit of " + std::to_string(max);
}

// Waits until `fd` is ready for `events` or the deadline passes.
Status wait_ready(int fd, short events, Clock::time_point deadline) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return make_error(ErrorKind::Timeout, "the ipmiprovd socket did not answer in time");
        pollfd p{fd, events, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready > 0) return success();
        if (ready < 0 && errno != EINTR)
            return make_error(ErrorKind::Transport,
                              std::string("poll on the ipmiprovd socket: ") + std::strerror(errno));
    }
}

// A daemon that stopped or restarted between two requests shows as EPIPE or
// ECONNRESET on the old connection: said so for an operator (a CIM client
// sees this text), not as a bare errno.
Status connection_failed(const char* doing) {
    if (errno == EPIPE || errno == ECONNRESET)
        return make_error(ErrorKind::Transport,
                          "ipmiprovd closed the connection (it stopped or restarted): the next request connects again");
    return make_error(ErrorKind::Transport, std::string(doing) + " ipmiprovd: " + std::strerror(errno));
}

Status read_exactly(int fd, std::uint8_t* out, std::size_t size, Clock::time_point deadline) {
    std::size_t done = 0;
    while (done < size) {
        if (auto ready = wait_ready(fd, POLLIN, deadline); !ready.ok()) return ready;
        const ssize_t n = ::recv(fd, out + done, size - done, 0);
        if (n == 0) return make_error(ErrorKind::Transport, "ipmiprovd closed the connection");
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return connection_failed("reading from");
        }
        done += static_cast<std::size_t>(n);
    }
    return success();
}

}  // namespace

std::vector<std::uint8_t> encode_frame(std::string_view payload) {
    const auto length = static_cast<std::uint32_t>(payload.size());
    std::vector<std::uint8_t> out(kFrameHeaderSize + payload.size());
    out[0] = static_cast<std::uint8_t>(length >> 24);
    out[1] = static_cast<std::uint8_t>(length >> 16);
    out[2] = static_cast<std::uint8_t>(length >> 8);
    out[3] = static_cast<std::uint8_t>(length);
    std::copy(payload.begin(), payload.end(), out.begin() + kFrameHeaderSize);
    return out;
}

Result<std::vector<std::string>> FrameReader::feed(std::span<const std::uint8_t> bytes) {
    if (failed_) return make_error(ErrorKind::Protocol, "the stream already had a bad frame");
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    std::vector<std::string> payloads;
    std::size_t at = 0;
    while (buffer_.size() - at >= kFrameHeaderSize) {
        const std::size_t length = length_of(std::span(buffer_).subspan(at, kFrameHeaderSize));
        if (length > max_payload_) {
            failed_ = true;
            buffer_.clear();
            return make_error(ErrorKind::Protocol, too_long(length, max_payload_));
        }
        if (buffer_.size() - at - kFrameHeaderSize < length) break;
        const auto* begin = buffer_.data() + at + kFrameHeaderSize;
        payloads.emplace_back(reinterpret_cast<const char*>(begin), length);
        at += kFrameHeaderSize + length;
    }
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(at));
    return payloads;
}

namespace {

Status send_all(int fd, std::span<const std::uint8_t> bytes, Clock::time_point deadline, int flags) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        if (auto ready = wait_ready(fd, POLLOUT, deadline); !ready.ok()) return ready;
        const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL | flags);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return connection_failed("writing to");
        }
        done += static_cast<std::size_t>(n);
    }
    return success();
}

}  // namespace

// The header, then the payload where it is: a large reply shared by many
// clients is never copied per client.
Status write_frame(int fd, std::string_view payload, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const auto length = static_cast<std::uint32_t>(payload.size());
    const std::array<std::uint8_t, kFrameHeaderSize> header{
        static_cast<std::uint8_t>(length >> 24), static_cast<std::uint8_t>(length >> 16),
        static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
    if (auto sent = send_all(fd, header, deadline, payload.empty() ? 0 : MSG_MORE); !sent.ok()) return sent;
    return send_all(fd, std::span(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()), deadline, 0);
}

Result<std::string> read_frame(int fd, std::size_t max_payload, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::uint8_t header[kFrameHeaderSize];
    if (auto read = read_exactly(fd, header, sizeof header, deadline); !read.ok()) return read.error();
    const std::size_t length = length_of(header);
    if (length > max_payload) return make_error(ErrorKind::Protocol, too_long(length, max_payload));
    std::string payload(length, '\0');
    if (auto read = read_exactly(fd, reinterpret_cast<std::uint8_t*>(payload.data()), length, deadline); !read.ok())
        return read.error();
    return payload;
}

}  // namespace ipmiprov::bridge

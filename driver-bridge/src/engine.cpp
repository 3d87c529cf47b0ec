#include "bridge/engine.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge {
namespace {

std::string format_request_trace(const Request& request) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, " lun %u", request.lun);
    std::string line = "-> " + describe(request) + buffer;
    if (!request.data.empty()) line += ": " + hex(request.data);
    return line;
}

std::string format_reply_trace(const Response& response, std::chrono::microseconds elapsed) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "<- cc 0x%02x (%.3f ms)", response.completion_code,
                  static_cast<double>(elapsed.count()) / 1000.0);
    std::string line = buffer;
    if (!response.data.empty()) line += ": " + hex(response.data);
    return line;
}

}  // namespace

Engine::Engine(std::unique_ptr<Transport> transport, EngineOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {
    options_.retries = std::max(0, options_.retries);
}

bool Transport::reply_is_transient(const Response& reply) const {
    return completion_code_is_transient(reply.completion_code);
}

Result<Response> Engine::attempt(const Request& request) {
    trace(format_request_trace(request));
    const auto start = std::chrono::steady_clock::now();
    ++requests_sent_;
    auto reply = transport_->exchange(request, options_.timeout);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    if (reply.ok()) {
        trace(format_reply_trace(*reply, elapsed));
    } else {
        trace("<- error: " + reply.error().message);
    }
    return reply;
}

std::string completion_code_hex(std::uint8_t code) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02X", code);
    return buffer;
}

Error completion_code_error(const Request& request, std::uint8_t code) {
    return Error{ErrorKind::CompletionCode,
                 describe(request) + ": completion code " + completion_code_hex(code) + " (" +
                     completion_code_text(code, request.netfn, request.cmd) + ")",
                 code};
}

Result<Response> Engine::send(const Request& request, Resend resend) {
    std::lock_guard lock(mutex_);
    auto delay = options_.backoff;
    const bool once = resend == Resend::NotAfterTimeout;
    constexpr const char* kNotAgain = " (not sent again: the BMC may have done it; check before repeating)";
    for (int attempt_number = 0;; ++attempt_number) {
        auto reply = attempt(request);
        const bool last = attempt_number >= options_.retries || transport_->retries_itself();
        if (reply.ok() && !transport_->reply_is_transient(*reply)) return reply;
        if (!reply.ok() && reply.error().kind != ErrorKind::Timeout) return reply;
        if (once && !reply.ok()) return Error{ErrorKind::Timeout, describe(request) + ": no reply" + kNotAgain};
        // Busy (C0h) and initialising (D2h) did nothing; other transient
        // codes (C3h timeout, CEh, the driver's FFh "no reply") may follow a deed done.
        if (once && reply->completion_code != 0xC0 && reply->completion_code != 0xD2) {
            const auto code = reply->completion_code;
            auto error = completion_code_error(request, code);
            error.kind = ErrorKind::Timeout;
            error.message += kNotAgain;
            return error;
        }
        if (last) {
            const std::string tries = " after " + std::to_string(attempt_number + 1) + " attempt(s)";
            if (!reply.ok()) return Error{ErrorKind::Timeout, describe(request) + ": no reply" + tries};
            return reply;  // a transient code, still: the caller sees it
        }
        pause(delay);
        delay = std::min(delay * 2, options_.max_backoff);
    }
}

Result<std::vector<std::uint8_t>> Engine::call(const Request& request, Resend resend) {
    auto reply = send(request, resend);
    if (!reply.ok()) return reply.error();
    const auto code = reply->completion_code;
    if (code != 0x00) return completion_code_error(request, code);
    return std::move(reply->data);
}

void Engine::trace(const std::string& line) const {
    if (options_.trace) options_.trace(line);
}

void Engine::pause(std::chrono::milliseconds delay) const {
    if (options_.sleep) {
        options_.sleep(delay);
    } else {
        std::this_thread::sleep_for(delay);
    }
}

Status Engine::enable_events() {
    const std::lock_guard lock(mutex_);
    return transport_->enable_events();
}

Result<std::optional<std::vector<std::uint8_t>>> Engine::next_event(std::chrono::milliseconds timeout) {
    const std::lock_guard lock(mutex_);
    return transport_->next_event(timeout);
}

}  // namespace ipmiprov::bridge

#include "backoff.hpp"

#include <algorithm>

#include "bridge/duration_text.hpp"

namespace ipmiprov::daemon {
namespace {

using std::chrono::milliseconds;

// first × 2^(n−1), at most `most`; the shift is bounded so that it cannot overflow.
milliseconds doubled(milliseconds first, milliseconds most, std::uint32_t attempt) {
    const auto shift = std::min<std::uint32_t>(attempt - 1, 20);
    return std::min(most, milliseconds(first.count() << shift));
}

std::string attempts_text(std::uint32_t failures, bool refused) {
    const std::string what = refused ? (failures == 1 ? "refused login" : "refused logins")
                                     : (failures == 1 ? "failed attempt" : "failed attempts");
    return std::to_string(failures) + " " + what + " in a row";
}

}  // namespace

bool is_refusal(const bridge::Error& error) {
    return error.login_refused;
}

std::string wait_text(milliseconds wait) {
    return bridge::duration_text(wait);
}

milliseconds ConnectBackoff::failed(const bridge::Error& error, Clock::time_point now) {
    ++failures_;
    last_error_ = error;
    const auto wait = is_refusal(error) ? doubled(policy_.first_refusal, policy_.max_refusal, failures_)
                                        : doubled(policy_.first_failure, policy_.max_failure, failures_);
    next_attempt_ = now + wait;
    return wait;
}

void ConnectBackoff::succeeded() {
    failures_ = 0;
    last_error_.reset();
    next_attempt_ = Clock::time_point{};
}

bridge::Error ConnectBackoff::waiting_error(Clock::time_point now) const {
    auto error = last_error_.value_or(bridge::Error{bridge::ErrorKind::Transport, "not connected to the BMC"});
    const auto wait = std::chrono::duration_cast<milliseconds>(next_attempt_ - now);
    error.message += "; the next attempt is in " + wait_text(wait) + " (" +
                     attempts_text(failures_, last_error_ && is_refusal(*last_error_)) +
                     "; `systemctl reload ipmiprovd` tries at once)";
    return error;
}

ConnectionState ConnectBackoff::state(Clock::time_point now) const {
    ConnectionState state;
    state.failures = failures_;
    state.last_error = last_error_;
    if (failures_ > 0 && now < next_attempt_)
        state.next_attempt_in = std::chrono::duration_cast<milliseconds>(next_attempt_ - now);
    return state;
}

}  // namespace ipmiprov::daemon

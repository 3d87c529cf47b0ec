// When ipmiprovd tries the BMC again after a connection failed. A refused
// login (wrong password, unknown user, a privilege the account lacks) counts
// against the account on most BMCs, which lock it after a few in a row; the
// daemon used to try again at every refresh, about a thousand times an hour
// (issue 20, item 8). So refusals wait long and longer, doubling up to half
// an hour; a BMC that does not answer is asked again sooner (doubling up to
// two minutes), since that costs it nothing. Clients meet the same wait:
// their requests are answered with the last error, not with another login.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "bridge/result.hpp"

namespace ipmiprov::daemon {

struct BackoffPolicy {
    std::chrono::milliseconds first_refusal{std::chrono::seconds(30)};
    std::chrono::milliseconds max_refusal{std::chrono::minutes(30)};
    std::chrono::milliseconds first_failure{std::chrono::seconds(5)};
    std::chrono::milliseconds max_failure{std::chrono::minutes(2)};
};

// What `stats` reports of the connection.
struct ConnectionState {
    std::uint32_t failures = 0;  // failed attempts in a row
    std::optional<bridge::Error> last_error;
    std::optional<std::chrono::milliseconds> next_attempt_in;  // set while waiting
};

class ConnectBackoff {
public:
    using Clock = std::chrono::steady_clock;

    explicit ConnectBackoff(BackoffPolicy policy = {}) : policy_(policy) {}

    [[nodiscard]] bool may_try(Clock::time_point now) const { return failures_ == 0 || now >= next_attempt_; }
    // Records a failed attempt at `now`; returns the wait before the next one.
    std::chrono::milliseconds failed(const bridge::Error& error, Clock::time_point now);
    void succeeded();
    // The next attempt may be now (SIGHUP: the admin fixed the account).
    void retry_now() { next_attempt_ = Clock::time_point{}; }

    // The last error, said with the wait: what a client is answered meanwhile.
    [[nodiscard]] bridge::Error waiting_error(Clock::time_point now) const;
    [[nodiscard]] ConnectionState state(Clock::time_point now) const;
    [[nodiscard]] std::uint32_t failures() const { return failures_; }

private:
    BackoffPolicy policy_;
    std::uint32_t failures_ = 0;
    std::optional<bridge::Error> last_error_;
    Clock::time_point next_attempt_{};
};

// A refused login, as the LAN transport marks it (bridge::Error::login_refused).
[[nodiscard]] bool is_refusal(const bridge::Error& error);

// "30 s", "4 min", "1 min 30 s": a wait as a person reads it.
[[nodiscard]] std::string wait_text(std::chrono::milliseconds wait);

}  // namespace ipmiprov::daemon

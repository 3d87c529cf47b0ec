// A value loaded from the BMC and shared: callers that need it no older than
// some age get the cached one, or wait for the one load in progress, or
// start it. However many clients ask at once, the BMC sees one round.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "bridge/result.hpp"

namespace ipmiprov::daemon {

template <class T>
class SingleFlight {
public:
    using Clock = std::chrono::steady_clock;
    using Loader = std::function<bridge::Result<std::shared_ptr<const T>>()>;
    // Whether two loads hold the same data: a load equal to the last one
    // serves as fresh but keeps the version, so that what was built from
    // the last one (replies, clients' decoded copies) stays good.
    using Same = std::function<bool(const T&, const T&)>;

    SingleFlight() = default;
    explicit SingleFlight(Same same) : same_(std::move(same)) {}

    // The value if it is at most `max_age` old; else the result of a load
    // (this caller's, or the one already running: waiting at most `wait`).
    bridge::Result<std::shared_ptr<const T>> get(std::chrono::milliseconds max_age, const Loader& load,
                                                 std::chrono::milliseconds wait = std::chrono::minutes(2)) {
        std::unique_lock lock(mutex_);
        if (fresh_locked(max_age)) return value_;
        if (running_) {
            const auto generation = generation_;
            if (!changed_.wait_for(lock, wait, [&] { return generation_ != generation; }))
                return bridge::make_error(bridge::ErrorKind::Timeout,
                                          "the BMC read in progress did not finish in time");
            if (last_error_) return *last_error_;
            return value_;
        }
        running_ = true;
        const auto invalidations = invalidations_;
        lock.unlock();
        auto result = load_guarded(load);
        lock.lock();
        running_ = false;
        ++generation_;
        if (result.ok()) {
            const bool same = value_ && *result && same_ && same_(*value_, **result);
            value_ = *result;
            // Invalidated while it loaded (a write went by): this load may
            // have read what was before it, so it is old at once.
            loaded_at_ = Clock::now();
            stale_ = invalidations != invalidations_;
            if (!same) ++version_;
            last_error_.reset();
        } else {
            last_error_ = result.error();
        }
        ++loads_;
        changed_.notify_all();
        return result;
    }

    // Replaces the value (after a write the cache must not hide).
    void set(std::shared_ptr<const T> value) {
        std::lock_guard lock(mutex_);
        value_ = std::move(value);
        loaded_at_ = Clock::now();
        stale_ = false;
        ++version_;
    }
    // A value from before a restart, as old as it is: served while within
    // the age a caller accepts, then read again.
    void restore(std::shared_ptr<const T> value, std::chrono::milliseconds age) {
        std::lock_guard lock(mutex_);
        value_ = std::move(value);
        loaded_at_ = Clock::now() - age;
        stale_ = false;
        ++version_;
    }
    // Forgets the value (restored from another BMC's store).
    void clear() {
        std::lock_guard lock(mutex_);
        value_.reset();
        ++version_;
    }
    // The value is old: the next get() loads again, and a load running now
    // does not count as fresh.
    void invalidate() {
        std::lock_guard lock(mutex_);
        stale_ = true;
        ++invalidations_;
    }
    [[nodiscard]] std::shared_ptr<const T> current() const {
        std::lock_guard lock(mutex_);
        return value_;
    }
    // Whether get(max_age) would serve the value without a load.
    [[nodiscard]] bool fresh_within(std::chrono::milliseconds max_age) const {
        std::lock_guard lock(mutex_);
        return fresh_locked(max_age);
    }
    // How long ago the value was read (invalidated or not).
    [[nodiscard]] std::optional<std::chrono::milliseconds> age() const {
        std::lock_guard lock(mutex_);
        if (!value_) return std::nullopt;
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - loaded_at_);
    }
    [[nodiscard]] std::uint64_t loads() const {
        std::lock_guard lock(mutex_);
        return loads_;
    }
    // Changes whenever the value does: what answers computed from it are keyed by.
    [[nodiscard]] std::uint64_t version() const {
        std::lock_guard lock(mutex_);
        return version_;
    }

private:
    // A flag, not a zero time stamp: steady_clock counts from the boot, and
    // within max_age of it "loaded at zero" would pass for fresh.
    [[nodiscard]] bool fresh_locked(std::chrono::milliseconds max_age) const {
        return value_ && !stale_ && Clock::now() - loaded_at_ <= max_age;
    }
    static bridge::Result<std::shared_ptr<const T>> load_guarded(const Loader& load) {
        try {
            return load();
        } catch (const std::exception& e) {
            return bridge::make_error(bridge::ErrorKind::Transport, std::string("reading the BMC failed: ") + e.what());
        }
    }

    Same same_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::shared_ptr<const T> value_;
    Clock::time_point loaded_at_{};
    bool stale_ = false;  // invalidated: the next get() loads, whatever the age
    bool running_ = false;
    std::uint64_t generation_ = 0;
    std::uint64_t loads_ = 0;
    std::uint64_t version_ = 0;
    std::uint64_t invalidations_ = 0;
    std::optional<bridge::Error> last_error_;
};

}  // namespace ipmiprov::daemon

// A subscription to the SEL that a host waits on with poll/epoll: new
// entries as IPMIProv_LogRecord instances, and what happens to the SEL
// (cleared, almost full, full). Through ipmiprovd the daemon pushes them
// (docs/daemon-protocol.md, "Subscriptions"), and a daemon that restarts is
// subscribed to again from the last entry delivered; a session that reads
// the BMC itself reads the SEL on a timer. Either way the host sees one
// file descriptor for the subscription's whole life (docs/provider-abi.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "bridge/engine.hpp"
#include "bridge/result.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/model.hpp"

namespace ipmiprov::provider::cim {

enum class SelEventKind {
    Entry = 1,       // a new entry: `record`, `details`
    Cleared = 2,     // the SEL was cleared
    AlmostFull = 3,  // `percent`
    Full = 4,        // `percent`
    Resync = 5,      // the numbering started over: every entry held follows again
    Missed = 6,      // `count` entries left the SEL (or were dropped) before they could be delivered
};

// NOLINTNEXTLINE(bugprone-exception-escape): its implicit moves only move strings, vectors and a json
struct SelEvent {
    SelEventKind kind = SelEventKind::Entry;
    std::uint64_t sequence = 0;  // Entry: its number within `epoch` (resume after it)
    std::string epoch;
    std::optional<Instance> record;  // Entry: its IPMIProv_LogRecord
    nlohmann::json details;          // Entry: the object `sel list --json` prints; else the message
    std::uint64_t count = 0;         // Missed
    unsigned percent = 0;            // AlmostFull, Full
    // Entry: the CIM indications it raises (provider/cim/indications.hpp).
    std::vector<Instance> indications;
};

// Where to resume: after entry `after` of the numbering `epoch`.
struct SelResume {
    std::uint64_t after = 0;
    std::string epoch;
};

// One message ipmiprovd pushes on a subscription (docs/daemon-protocol.md,
// "Subscriptions"): the event it carries, or where to resume after "lost",
// or neither (a kind of a newer daemon, an entry whose record does not
// decode). An error for what is no message (not a JSON object) or an error
// reply, after which the daemon closes the connection.
struct PushedMessage {
    std::optional<SelEvent> event;
    std::optional<SelResume> lost;
};
bridge::Result<PushedMessage> decode_pushed(std::string_view payload);

// A Linux file descriptor owned by its holder.
class OwnedFd {
public:
    OwnedFd() = default;
    explicit OwnedFd(int fd) : fd_(fd) {}
    OwnedFd(OwnedFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    OwnedFd& operator=(OwnedFd&& other) noexcept;
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
    ~OwnedFd();
    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_ = -1;
};

class SelSubscription {
public:
    virtual ~SelSubscription() = default;
    SelSubscription(const SelSubscription&) = delete;
    SelSubscription& operator=(const SelSubscription&) = delete;
    SelSubscription(SelSubscription&&) = delete;
    SelSubscription& operator=(SelSubscription&&) = delete;

    // Readable (level-triggered) while an event waits or may have come.
    [[nodiscard]] int fd() const { return epoll_.get(); }
    // The next event, without blocking; nullopt when none waits. An error
    // only for what cannot go on (the daemon refused this caller); a daemon
    // that went away is connected again, with back-off, on later calls.
    bridge::Result<std::optional<SelEvent>> next();

protected:
    SelSubscription();
    // Takes what has come in into the queue (push()), without blocking.
    virtual bridge::Status pump() = 0;
    void push(SelEvent event);
    // Watches (or stops watching) `fd` for input through the subscription's descriptor.
    void watch(int fd);
    void unwatch(int fd);

private:
    OwnedFd epoll_;
    OwnedFd pending_;  // an eventfd, set while the queue holds events
    std::deque<SelEvent> queue_;
};

// Through ipmiprovd's socket; with `resume`, from after that entry.
bridge::Result<std::unique_ptr<SelSubscription>> subscribe_daemon(const std::string& socket_path,
                                                                  std::chrono::milliseconds timeout,
                                                                  std::optional<SelResume> resume);

// Reading the SEL through `engine` every `interval` (a session without the
// daemon); `context` names the sensors of the records, `system` the system
// the indications name. The engine and the
// sensor list must outlive the subscription and not be used by another
// thread while next() runs.
bridge::Result<std::unique_ptr<SelSubscription>> subscribe_polling(bridge::Engine& engine,
                                                                   std::chrono::milliseconds interval,
                                                                   LogRecordContext context, SystemIdentity system);

}  // namespace ipmiprov::provider::cim

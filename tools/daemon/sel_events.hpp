// SEL subscriptions (issue 22): the daemon pushes each new SEL entry, and
// what happened to the SEL (cleared, almost full, full), to every subscriber
// as soon as it sees it. The refresh loop hands each new SEL view to
// publish(); subscribers never cause a BMC request, however many there are.
//
// Each subscriber has a bounded queue: one that does not read loses what
// does not fit, and is then told how much (an event "lost", with the
// sequence number to resume after: the daemon's store still holds what was
// lost, unless the SEL dropped it since). Nobody waits for a slow subscriber.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "provider/cim/mapping.hpp"
#include "provider/sensor/sensors.hpp"
#include "sel_store.hpp"

namespace ipmiprov::daemon {

// How full the SEL is (Get SEL Info, §31.2): the share of its space the
// entries take (16 bytes each), and whether it overflowed or has no room
// for another entry.
enum class SelFill { Normal, AlmostFull, Full };
std::optional<unsigned> sel_fill_percent(const provider::sel::SelInfo& info);
SelFill sel_fill(const provider::sel::SelInfo& info, unsigned almost_full_percent);
std::string_view sel_fill_text(SelFill fill);  // "normal", "almost full", "full"

// The SEL was cleared between two views of it: its erase timestamp changed.
bool sel_cleared_between(const SelView& before, const SelView& after);

// One entry as pushed: its sequence number, the fields of `sel list --json`,
// its IPMIProv_LogRecord instance and the CIM indications it raises
// (docs/daemon-protocol.md), on the system `system`.
nlohmann::ordered_json entry_event(const SelView& view, std::size_t index,
                                   const std::vector<provider::sensor::SensorDefinition>* sensors,
                                   const provider::cim::SystemIdentity& system);

class Subscriber {
public:
    explicit Subscriber(std::size_t capacity);
    ~Subscriber();
    Subscriber(const Subscriber&) = delete;
    Subscriber& operator=(const Subscriber&) = delete;

    // Readable (poll) while messages wait: the connection's thread sleeps on it.
    [[nodiscard]] int wake_fd() const { return wake_fd_; }
    // The messages queued since the last call, oldest first, then an event
    // "lost" when some did not fit (count, and the sequence to resume after).
    std::vector<std::shared_ptr<const std::string>> take();
    [[nodiscard]] std::uint64_t lost_total() const;

private:
    friend class SelEvents;
    // Never blocks: a full queue counts the message as lost.
    void push(std::shared_ptr<const std::string> message, std::optional<std::uint64_t> sequence);

    const std::size_t capacity_;
    int wake_fd_ = -1;
    mutable std::mutex mutex_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::uint64_t lost_ = 0;             // since the last take()
    std::uint64_t lost_total_ = 0;       // since the start
    std::uint64_t delivered_after_ = 0;  // the last sequence queued before the first lost message
    std::string epoch_for_lost_;
    // Under SelEvents' mutex: how far the subscriber has been served.
    std::optional<std::uint64_t> cursor_;
    std::string epoch_;
};

struct SelEventsOptions {
    std::size_t queue_capacity = 4096;  // messages per subscriber
    unsigned almost_full_percent = 90;
    provider::cim::SystemIdentity system;  // what the indications name
};

class SelEvents {
public:
    explicit SelEvents(SelEventsOptions options = {});

    // A new view of the SEL (the same one again is nothing): pushes the
    // entries each subscriber has not had, after an event "cleared" when the
    // SEL was cleared, and an event when it became almost full or full.
    void publish(const std::shared_ptr<const SelView>& view,
                 const std::vector<provider::sensor::SensorDefinition>* sensors);

    struct Subscription {
        std::shared_ptr<Subscriber> subscriber;
        nlohmann::json reply;  // "epoch", "last", "resync"?, "missed"?
    };
    // `after` (with `epoch`): first the entries numbered above it that the
    // daemon holds; a wrong epoch, or a number above the daemon's, resends
    // every entry ("resync"), as new_records does. Without `after`: only
    // what comes from now on.
    Subscription subscribe(std::optional<std::uint64_t> after, const std::optional<std::string>& epoch,
                           const std::vector<provider::sensor::SensorDefinition>* sensors);
    void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);
    [[nodiscard]] std::size_t subscribers() const;
    [[nodiscard]] std::uint64_t published_entries() const;

private:
    void queue_entries(Subscriber& subscriber, const SelView& view,
                       const std::vector<provider::sensor::SensorDefinition>* sensors,
                       std::vector<std::shared_ptr<const std::string>>& built);

    SelEventsOptions options_;
    mutable std::mutex mutex_;
    std::shared_ptr<const SelView> published_;
    SelFill fill_ = SelFill::Normal;
    std::uint64_t published_entries_ = 0;
    std::vector<std::shared_ptr<Subscriber>> subscribers_;
};

}  // namespace ipmiprov::daemon

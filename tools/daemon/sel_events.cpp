#include "sel_events.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>

#include "bridge/json_text.hpp"
#include "provider/cim/indications.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/wire.hpp"
#include "provider/sel/entry_output.hpp"

namespace ipmiprov::daemon {
namespace {

namespace sel = provider::sel;
namespace cim = provider::cim;
using nlohmann::ordered_json;

constexpr unsigned kEntryBytes = 16;  // a SEL entry's size (§31.5)

std::shared_ptr<const std::string> message(const ordered_json& json) {
    return std::make_shared<const std::string>(bridge::json_text(json));
}

ordered_json fill_event(SelFill fill, const SelView& view) {
    const auto& info = view.snapshot.state.info;
    const auto percent = sel_fill_percent(info);
    return ordered_json{{"event", fill == SelFill::Full ? "sel_full" : "sel_almost_full"},
                        {"epoch", view.epoch},
                        {"entries", info.entries},
                        {"free_bytes", info.free_bytes},
                        {"percent", percent ? ordered_json(*percent) : ordered_json(nullptr)},
                        {"overflow", info.overflow()}};
}

}  // namespace

std::optional<unsigned> sel_fill_percent(const sel::SelInfo& info) {
    const unsigned used = unsigned{info.entries} * kEntryBytes;
    const unsigned total = used + info.free_bytes;
    if (total == 0) return std::nullopt;
    return (used * 100 + total - 1) / total;  // rounded up: 89.5 % is not yet "below 90"
}

SelFill sel_fill(const sel::SelInfo& info, unsigned almost_full_percent) {
    if (info.overflow() || (info.entries > 0 && info.free_bytes < kEntryBytes)) return SelFill::Full;
    const auto percent = sel_fill_percent(info);
    return percent && *percent >= almost_full_percent ? SelFill::AlmostFull : SelFill::Normal;
}

std::string_view sel_fill_text(SelFill fill) {
    switch (fill) {
        case SelFill::Normal:
            return "normal";
        case SelFill::AlmostFull:
            return "almost full";
        case SelFill::Full:
            return "full";
    }
    return "normal";
}

bool sel_cleared_between(const SelView& before, const SelView& after) {
    return before.epoch == after.epoch &&
           before.snapshot.state.info.erase_timestamp != after.snapshot.state.info.erase_timestamp;
}

ordered_json entry_event(const SelView& view, std::size_t index,
                         const std::vector<provider::sensor::SensorDefinition>* sensors,
                         const cim::SystemIdentity& system) {
    static const std::vector<provider::sensor::SensorDefinition> kNone;
    const auto& entry = view.snapshot.entries.at(index);
    const auto offset = view.snapshot.state.utc_offset_minutes;
    const auto stored = sel::describe(entry, sensors != nullptr ? *sensors : kNone);
    const cim::LogRecordContext context{offset, sensors};
    const auto record = cim::log_record_instance(entry, context);
    const auto indications =
        cim::sel_entry_indications(entry, record, cim::IndicationContext{context, system, cim::cim_datetime_now()});
    return ordered_json{{"event", "entry"},
                        {"epoch", view.epoch},
                        {"sequence", view.sequence.at(index)},
                        {"entry", sel::entry_json(entry, stored, offset, sensors)},
                        {"record", cim::instance_to_wire(record)},
                        {"indications", cim::instances_to_wire(indications)}};
}

Subscriber::Subscriber(std::size_t capacity)
    : capacity_(std::max<std::size_t>(capacity, 1)), wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

Subscriber::~Subscriber() {
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

void Subscriber::push(std::shared_ptr<const std::string> message, std::optional<std::uint64_t> sequence) {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= capacity_) {
        if (lost_ == 0) epoch_for_lost_ = epoch_;
        ++lost_;
        ++lost_total_;
        return;
    }
    // What is queued after a loss would skip what was lost: it waits with it.
    if (lost_ > 0) {
        ++lost_;
        ++lost_total_;
        return;
    }
    queue_.push_back(std::move(message));
    if (sequence) delivered_after_ = *sequence;
    const std::uint64_t one = 1;
    if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof one);
}

std::vector<std::shared_ptr<const std::string>> Subscriber::take() {
    std::lock_guard lock(mutex_);
    std::uint64_t counter = 0;
    if (wake_fd_ >= 0) (void)!::read(wake_fd_, &counter, sizeof counter);
    std::vector<std::shared_ptr<const std::string>> taken(std::make_move_iterator(queue_.begin()),
                                                          std::make_move_iterator(queue_.end()));
    queue_.clear();
    if (lost_ > 0) {
        // Everything after `after` is to be asked for again (subscribe with
        // "after"): the daemon's store holds it unless the SEL dropped it.
        taken.push_back(message(ordered_json{
            {"event", "lost"}, {"count", lost_}, {"after", delivered_after_}, {"epoch", epoch_for_lost_}}));
        lost_ = 0;
    }
    return taken;
}

std::uint64_t Subscriber::lost_total() const {
    std::lock_guard lock(mutex_);
    return lost_total_;
}

SelEvents::SelEvents(SelEventsOptions options) : options_(std::move(options)) {}

// Entries above the subscriber's cursor, oldest first; `built` shares each
// message between subscribers.
void SelEvents::queue_entries(Subscriber& subscriber, const SelView& view,
                              const std::vector<provider::sensor::SensorDefinition>* sensors,
                              std::vector<std::shared_ptr<const std::string>>& built) {
    built.resize(view.sequence.size());
    const auto after = subscriber.cursor_.value_or(view.last_sequence);
    const auto first = std::upper_bound(view.sequence.begin(), view.sequence.end(), after);
    for (auto at = first; at != view.sequence.end(); ++at) {
        const auto index = static_cast<std::size_t>(at - view.sequence.begin());
        if (!built[index]) built[index] = message(entry_event(view, index, sensors, options_.system));
        subscriber.push(built[index], *at);
    }
    subscriber.cursor_ = view.last_sequence;
    subscriber.epoch_ = view.epoch;
}

void SelEvents::publish(const std::shared_ptr<const SelView>& view,
                        const std::vector<provider::sensor::SensorDefinition>* sensors) {
    std::lock_guard lock(mutex_);
    if (!view || view == published_) return;
    std::vector<std::shared_ptr<const std::string>> built;
    std::shared_ptr<const std::string> cleared;
    if (published_ && sel_cleared_between(*published_, *view)) {
        cleared = message(ordered_json{{"event", "cleared"},
                                       {"epoch", view->epoch},
                                       {"erase_timestamp", view->snapshot.state.info.erase_timestamp}});
    }
    const auto fill = sel_fill(view->snapshot.state.info, options_.almost_full_percent);
    std::shared_ptr<const std::string> filling;
    if (fill > fill_) filling = message(fill_event(fill, *view));
    fill_ = fill;
    const auto before = published_ ? published_->last_sequence : 0;
    for (const auto& subscriber : subscribers_) {
        if (!subscriber->epoch_.empty() && subscriber->epoch_ != view->epoch) {
            // The numbering started over (docs/daemon-protocol.md): every entry again.
            subscriber->push(message(ordered_json{{"event", "resync"}, {"epoch", view->epoch}}), std::nullopt);
            subscriber->cursor_ = 0;
        }
        if (cleared) subscriber->push(cleared, std::nullopt);
        queue_entries(*subscriber, *view, sensors, built);
        if (filling) subscriber->push(filling, std::nullopt);
    }
    if (view->last_sequence > before && published_ && published_->epoch == view->epoch)
        published_entries_ += view->last_sequence - before;
    published_ = view;
}

SelEvents::Subscription SelEvents::subscribe(std::optional<std::uint64_t> after,
                                             const std::optional<std::string>& epoch,
                                             const std::vector<provider::sensor::SensorDefinition>* sensors) {
    std::lock_guard lock(mutex_);
    Subscription subscription{std::make_shared<Subscriber>(options_.queue_capacity), nlohmann::json::object()};
    auto& subscriber = *subscription.subscriber;
    if (published_) {
        const auto& view = *published_;
        subscription.reply["epoch"] = view.epoch;
        subscription.reply["last"] = view.last_sequence;
        if (const auto offset = view.snapshot.state.utc_offset_minutes)
            subscription.reply["utc_offset_minutes"] = *offset;
        if (after && ((epoch && *epoch != view.epoch) || *after > view.last_sequence)) {
            subscription.reply["resync"] = true;
            after = 0;
        }
        if (after) {
            // Numbered entries the SEL dropped before they could be sent (an overwriting SEL).
            const auto held = static_cast<std::uint64_t>(
                view.sequence.end() - std::upper_bound(view.sequence.begin(), view.sequence.end(), *after));
            subscription.reply["missed"] = view.last_sequence - *after - held;
            subscriber.cursor_ = *after;
            subscriber.delivered_after_ = *after;
            std::vector<std::shared_ptr<const std::string>> built;
            queue_entries(subscriber, view, sensors, built);
        } else {
            subscriber.cursor_ = view.last_sequence;
            subscriber.delivered_after_ = view.last_sequence;
            subscriber.epoch_ = view.epoch;
        }
    } else {
        // No SEL read yet: served from the first view on.
        subscriber.cursor_ = after;
        subscriber.delivered_after_ = after.value_or(0);
        subscriber.epoch_ = epoch.value_or("");
        subscription.reply["epoch"] = nullptr;
        subscription.reply["last"] = nullptr;
    }
    subscribers_.push_back(subscription.subscriber);
    return subscription;
}

void SelEvents::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
    std::lock_guard lock(mutex_);
    std::erase(subscribers_, subscriber);
}

std::size_t SelEvents::subscribers() const {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
}

std::uint64_t SelEvents::published_entries() const {
    std::lock_guard lock(mutex_);
    return published_entries_;
}

}  // namespace ipmiprov::daemon

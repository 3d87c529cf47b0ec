#include "provider/cim/sel_subscription.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bridge/daemon_client.hpp"
#include "provider/cim/indications.hpp"
#include "provider/cim/wire.hpp"
#include "provider/sel/entry_output.hpp"
#include "provider/sel/reader.hpp"

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;
using bridge::Status;
using nlohmann::json;

// What one next() takes in at most, so that a flood cannot hold the caller.
constexpr int kMaxMessagesPerPump = 256;
// A daemon that went away is asked again after 1 s, then up to every 30 s.
constexpr std::chrono::milliseconds kFirstRetry{1000};
constexpr std::chrono::milliseconds kMaxRetry{30000};

OwnedFd checked(int fd, const char* what) {
    if (fd < 0) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
    return OwnedFd(fd);
}

OwnedFd make_timer() {
    return checked(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), "timerfd_create");
}

// Arms `timer` to fire after `first`, then every `period` (zero: once).
void arm(const OwnedFd& timer, std::chrono::milliseconds first, std::chrono::milliseconds period) {
    auto spec_of = [](std::chrono::milliseconds d) {
        timespec t{};
        t.tv_sec = static_cast<time_t>(d.count() / 1000);
        t.tv_nsec = static_cast<long>((d.count() % 1000) * 1000000);
        return t;
    };
    itimerspec spec{spec_of(period), spec_of(std::max(first, std::chrono::milliseconds(1)))};
    ::timerfd_settime(timer.get(), 0, &spec, nullptr);
}

// Whether `timer` fired since the last call (and resets it).
bool fired(const OwnedFd& timer) {
    std::uint64_t expirations = 0;
    return ::read(timer.get(), &expirations, sizeof expirations) == static_cast<ssize_t>(sizeof expirations);
}

SelEvent event_of(SelEventKind kind, std::string epoch, json details) {
    SelEvent event;
    event.kind = kind;
    event.epoch = std::move(epoch);
    event.details = std::move(details);
    return event;
}

std::uint64_t unsigned_field(const json& message, const char* name) {
    const auto found = message.find(name);
    return found != message.end() && found->is_number_unsigned() ? found->get<std::uint64_t>() : 0;
}

std::string string_field(const json& message, const char* name) {
    const auto found = message.find(name);
    return found != message.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

Result<PushedMessage> decode_pushed(std::string_view payload) {
    const auto message = json::parse(payload, nullptr, false);
    if (!message.is_object()) return make_error(ErrorKind::Protocol, "ipmiprovd: a pushed message that is no object");
    if (const auto ok = message.find("ok"); ok != message.end() && !(ok->is_boolean() && ok->get<bool>()))
        return make_error(ErrorKind::Protocol, "ipmiprovd: an error on the subscription");
    PushedMessage out;
    const auto kind = string_field(message, "event");
    auto event = event_of(SelEventKind::Entry, string_field(message, "epoch"), message);
    if (kind == "entry") {
        const auto found = message.find("record");
        if (found == message.end()) return out;
        auto record = instance_from_wire(*found);
        if (!record.ok()) return out;  // not this protocol's entry: nothing to deliver
        event.sequence = unsigned_field(message, "sequence");
        event.record = std::move(*record);
        if (const auto fields = message.find("entry"); fields != message.end()) event.details = *fields;
        if (const auto found_indications = message.find("indications"); found_indications != message.end()) {
            auto indications = instances_from_wire(*found_indications);
            if (indications.ok()) event.indications = std::move(*indications);
        }
    } else if (kind == "cleared") {
        event.kind = SelEventKind::Cleared;
    } else if (kind == "sel_almost_full" || kind == "sel_full") {
        event.kind = kind == "sel_full" ? SelEventKind::Full : SelEventKind::AlmostFull;
        event.percent = static_cast<unsigned>(std::min<std::uint64_t>(unsigned_field(message, "percent"), 100));
    } else if (kind == "resync") {
        event.kind = SelEventKind::Resync;
    } else if (kind == "lost") {
        out.lost = SelResume{unsigned_field(message, "after"), string_field(message, "epoch")};
        return out;
    } else {
        return out;  // a kind of a newer daemon: skipped
    }
    out.event = std::move(event);
    return out;
}

namespace {

// ---- through ipmiprovd

class DaemonSubscription final : public SelSubscription {
public:
    DaemonSubscription(std::string socket_path, std::chrono::milliseconds timeout, std::optional<SelResume> resume)
        : socket_path_(std::move(socket_path)), timeout_(timeout), retry_timer_(make_timer()) {
        if (resume) {
            after_ = resume->after;
            epoch_ = resume->epoch;
        }
        watch(retry_timer_.get());
    }

    // Subscribes; a daemon that does not answer now is asked again later,
    // one that refuses this caller is an error.
    Status open() {
        auto client = bridge::DaemonClient::connect(socket_path_, timeout_);
        if (!client.ok()) return client.error();
        json request{{"op", "subscribe"}};
        if (after_) request["after"] = *after_;
        if (!epoch_.empty()) request["epoch"] = epoch_;
        auto reply = (*client)->call(request, timeout_);
        if (!reply.ok()) return reply.error();
        const auto resync = reply->find("resync");
        if (resync != reply->end() && resync->is_boolean() && resync->get<bool>()) {
            // The daemon does not know where we were (another epoch, a lost
            // store): every entry it holds follows, numbered anew from 1.
            epoch_ = string_field(*reply, "epoch");
            after_ = 0;
            push(event_of(SelEventKind::Resync, epoch_, *reply));
        } else if (!after_ || epoch_.empty()) {
            epoch_ = string_field(*reply, "epoch");
            after_ = unsigned_field(*reply, "last");
        }
        if (const auto missed = unsigned_field(*reply, "missed"); missed > 0) {
            auto event = event_of(SelEventKind::Missed, epoch_, *reply);
            event.count = missed;
            push(std::move(event));
        }
        client_ = std::move(*client);
        watch(client_->fd());
        retry_ = kFirstRetry;
        return bridge::success();
    }

protected:
    Status pump() override {
        if (!client_) {
            if (!fired(retry_timer_)) return bridge::success();
            return reopen();
        }
        for (int i = 0; i < kMaxMessagesPerPump; ++i) {
            auto message = client_->receive(std::chrono::milliseconds(0));
            if (!message.ok()) return went_away();
            if (!*message) break;
            auto decoded = decode_pushed(**message);
            if (!decoded.ok()) return went_away();  // an error (the daemon closes after it) or no message at all
            if (!take(std::move(*decoded))) return reopen();  // "lost": again from the store, after the last delivered
        }
        return bridge::success();
    }

private:
    // One pushed message into the queue; false on "lost" (the cursor set to resume there).
    bool take(PushedMessage message) {
        if (message.lost) {
            after_ = message.lost->after;
            epoch_ = message.lost->epoch;
            return false;
        }
        if (!message.event) return true;
        if (message.event->kind == SelEventKind::Entry) {
            after_ = message.event->sequence;
            epoch_ = message.event->epoch;
        } else if (message.event->kind == SelEventKind::Resync) {
            epoch_ = message.event->epoch;  // numbered anew: whatever comes next is after nothing
            after_ = 0;
        }
        push(std::move(*message.event));
        return true;
    }

    Status went_away() {
        drop_client();
        arm(retry_timer_, retry_, std::chrono::milliseconds(0));
        return bridge::success();
    }

    Status reopen() {
        drop_client();
        auto opened = open();
        if (opened.ok()) return opened;
        if (opened.error().kind == ErrorKind::PermissionDenied) return opened;
        arm(retry_timer_, retry_, std::chrono::milliseconds(0));
        retry_ = std::min(retry_ * 2, kMaxRetry);
        return bridge::success();
    }

    void drop_client() {
        if (!client_) return;
        unwatch(client_->fd());
        client_.reset();
    }

    std::string socket_path_;
    std::chrono::milliseconds timeout_;
    std::optional<std::uint64_t> after_;
    std::string epoch_;
    std::unique_ptr<bridge::DaemonClient> client_;
    OwnedFd retry_timer_;
    std::chrono::milliseconds retry_ = kFirstRetry;
};

// ---- reading the BMC on a timer

class PollingSubscription final : public SelSubscription {
public:
    PollingSubscription(bridge::Engine& engine, std::chrono::milliseconds interval, LogRecordContext context,
                        SystemIdentity system, const sel::Position& position)
        : reader_(engine), context_(context), system_(std::move(system)), position_(position), timer_(make_timer()) {
        arm(timer_, interval, interval);
        watch(timer_.get());
    }

protected:
    Status pump() override {
        if (!fired(timer_)) return bridge::success();
        auto read = reader_.read_new(position_);
        // A BMC that does not answer now is read again at the next tick, from where it last answered.
        if (!read.ok()) return bridge::success();
        if (read->cleared) push(event_of(SelEventKind::Cleared, "", json::object()));
        static const std::vector<sensor::SensorDefinition> kNone;
        const auto& sensors = context_.sensors != nullptr ? *context_.sensors : kNone;
        for (const auto& entry : read->entries) {
            auto event = event_of(SelEventKind::Entry, "", json::object());
            event.sequence = ++sequence_;
            event.record = log_record_instance(entry, context_);
            event.indications =
                sel_entry_indications(entry, *event.record, IndicationContext{context_, system_, cim_datetime_now()});
            event.details =
                sel::entry_json(entry, sel::describe(entry, sensors), context_.utc_offset_minutes, context_.sensors);
            push(std::move(event));
        }
        position_ = read->position;
        return bridge::success();
    }

private:
    sel::SelReader reader_;
    LogRecordContext context_;
    SystemIdentity system_;
    sel::Position position_;
    OwnedFd timer_;
    std::uint64_t sequence_ = 0;
};

}  // namespace

OwnedFd& OwnedFd::operator=(OwnedFd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

OwnedFd::~OwnedFd() {
    if (fd_ >= 0) ::close(fd_);
}

SelSubscription::SelSubscription()
    : epoll_(checked(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
      pending_(checked(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "eventfd")) {
    watch(pending_.get());
}

void SelSubscription::watch(int fd) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event);
}

void SelSubscription::unwatch(int fd) {
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void SelSubscription::push(SelEvent event) {
    queue_.push_back(std::move(event));
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto set = ::write(pending_.get(), &one, sizeof one);
}

Result<std::optional<SelEvent>> SelSubscription::next() {
    auto pumped = pump();
    // The eventfd keeps the descriptor readable while events wait, so that a
    // host may take one per wake-up.
    std::uint64_t value = 0;
    [[maybe_unused]] const auto drained = ::read(pending_.get(), &value, sizeof value);
    if (!pumped.ok() && queue_.empty()) return pumped.error();
    if (queue_.empty()) return std::optional<SelEvent>();
    auto event = std::move(queue_.front());
    queue_.pop_front();
    if (!queue_.empty()) {
        value = 1;
        [[maybe_unused]] const auto set = ::write(pending_.get(), &value, sizeof value);
    }
    return std::optional<SelEvent>(std::move(event));
}

Result<std::unique_ptr<SelSubscription>> subscribe_daemon(const std::string& socket_path,
                                                          std::chrono::milliseconds timeout,
                                                          std::optional<SelResume> resume) {
    auto subscription = std::make_unique<DaemonSubscription>(socket_path, timeout, std::move(resume));
    auto opened = subscription->open();
    if (!opened.ok()) return opened.error();
    return std::unique_ptr<SelSubscription>(std::move(subscription));
}

Result<std::unique_ptr<SelSubscription>> subscribe_polling(bridge::Engine& engine, std::chrono::milliseconds interval,
                                                           LogRecordContext context, SystemIdentity system) {
    sel::SelReader reader(engine);
    auto end = reader.end_position();
    if (!end.ok()) return end.error();
    return std::unique_ptr<SelSubscription>(std::make_unique<PollingSubscription>(
        engine, std::max(interval, std::chrono::milliseconds(100)), context, std::move(system), *end));
}

}  // namespace ipmiprov::provider::cim

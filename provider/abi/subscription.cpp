// The ABI's SEL subscriptions (include/ipmiprov/provider.h, ABI 1.1): a C
// view of provider/cim/sel_subscription. Every entry point catches everything.
#include <chrono>
#include <memory>
#include <string>

#include "bridge/daemon_client.hpp"
#include "handles.hpp"
#include "ipmiprov/provider.h"
#include "provider/cim/sel_subscription.hpp"
#include "status.hpp"

using namespace ipmiprov::abi;  // the ABI's own internals (handles.hpp, status.hpp)

struct ipmiprov_subscription {
    std::unique_ptr<cim::SelSubscription> subscription;
    // Kept alive for the records a polling subscription builds.
    std::shared_ptr<const std::vector<ipmiprov::provider::sensor::SensorDefinition>> sensors;
    // What the last event's pointers point into.
    std::string epoch;
    std::string details;
    std::unique_ptr<ipmiprov_instance> record;
    std::unique_ptr<ipmiprov_list> indications;
};

namespace {

constexpr std::uint32_t kDefaultPollIntervalMs = 2000;

ipmiprov_sel_event_kind to_c(cim::SelEventKind kind) {
    return static_cast<ipmiprov_sel_event_kind>(static_cast<int>(kind));
}

bridge::Result<std::unique_ptr<cim::SelSubscription>> open(ipmiprov_session& session,
                                                           const ipmiprov_subscribe_options& o,
                                                           ipmiprov_subscription& handle) {
    if (session.remote) {
        std::optional<cim::SelResume> resume;
        if (o.resume != 0) resume = cim::SelResume{o.after, o.epoch != nullptr ? o.epoch : ""};
        auto& client = session.remote->client();
        return cim::subscribe_daemon(client.socket_path(), session.remote->reply_timeout(), std::move(resume));
    }
    auto definitions = session.source->definitions();
    if (definitions.ok()) handle.sensors = *definitions;
    const cim::LogRecordContext context{session.source->utc_offset(), handle.sensors.get()};
    const auto interval = o.poll_interval_ms != 0 ? o.poll_interval_ms : kDefaultPollIntervalMs;
    return cim::subscribe_polling(*session.connection.engine, std::chrono::milliseconds(interval), context,
                                  session.source_options.system);
}

}  // namespace

extern "C" {

void ipmiprov_subscribe_options_init(ipmiprov_subscribe_options* options) {
    if (options == nullptr) return;
    ipmiprov_subscribe_options defaults{};
    defaults.poll_interval_ms = kDefaultPollIntervalMs;
    copy_out(options, defaults);
}

ipmiprov_status ipmiprov_subscribe(ipmiprov_session* session, const ipmiprov_subscribe_options* options,
                                   ipmiprov_subscription** subscription, ipmiprov_error* error) {
    return guarded(error, [&] {
        if (session == nullptr || subscription == nullptr) return missing(error, "session or subscription");
        *subscription = nullptr;
        ipmiprov_subscribe_options o{};
        o.struct_size = sizeof o;
        ipmiprov_subscribe_options_init(&o);
        if (options != nullptr)
            std::memcpy(static_cast<void*>(&o), options, std::min<std::size_t>(options->struct_size, sizeof o));
        auto handle = std::make_unique<ipmiprov_subscription>();
        auto opened = open(*session, o, *handle);
        if (!opened.ok()) return fail(error, opened.error());
        handle->subscription = std::move(*opened);
        *subscription = handle.release();  // owned by the caller until ipmiprov_subscription_free
        return succeed(error);
    });
}

int ipmiprov_subscription_fd(const ipmiprov_subscription* subscription) {
    return subscription != nullptr && subscription->subscription ? subscription->subscription->fd() : -1;
}

ipmiprov_status ipmiprov_subscription_next(ipmiprov_subscription* subscription, ipmiprov_sel_event* event,
                                           ipmiprov_error* error) {
    return guarded(error, [&] {
        if (subscription == nullptr || event == nullptr) return missing(error, "subscription or event");
        ipmiprov_sel_event out{};
        out.epoch = "";
        out.details_json = "";
        auto next = subscription->subscription->next();
        if (!next.ok()) {
            copy_out(event, out);
            return fail(error, next.error());
        }
        if (*next) {
            auto& e = **next;
            subscription->epoch = e.epoch;
            subscription->details = e.details.dump();
            subscription->record = e.record ? make_instance(std::move(*e.record)) : nullptr;
            subscription->indications.reset(make_list(std::move(e.indications)));
            out.kind = to_c(e.kind);
            out.sequence = e.sequence;
            out.epoch = subscription->epoch.c_str();
            out.details_json = subscription->details.c_str();
            out.record = subscription->record.get();
            out.count = e.count;
            out.percent = e.percent;
            out.indications = subscription->indications.get();
        }
        copy_out(event, out);
        return succeed(error);
    });
}

void ipmiprov_subscription_free(ipmiprov_subscription* subscription) {
    delete subscription;  // NOLINT(cppcoreguidelines-owning-memory): made by ipmiprov_subscribe
}

}  // extern "C"

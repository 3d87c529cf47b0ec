// The CMPI Indication MI behind IPMIProv_InstCreation and
// IPMIProv_AlertIndication (CMPI 2.0 section 6.6, DSP1054): while a filter
// is active, one thread waits on the provider ABI's SEL subscription (a file
// descriptor, never a polling loop of its own) and delivers each new SEL
// entry's indications to the broker, which matches them against its
// filters. The first activation starts it, the last deactivation stops it.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "convert.hpp"

namespace ipmiprov::cmpi {

struct SubscriptionFree {
    void operator()(ipmiprov_subscription* s) const { ipmiprov_subscription_free(s); }
};
using Subscription = std::unique_ptr<ipmiprov_subscription, SubscriptionFree>;

class IndicationService {
public:
    explicit IndicationService(const CMPIBroker* broker);
    ~IndicationService();
    IndicationService(const IndicationService&) = delete;
    IndicationService& operator=(const IndicationService&) = delete;
    IndicationService(IndicationService&&) = delete;
    IndicationService& operator=(IndicationService&&) = delete;

    // A filter on one of our classes became active: subscribes (first one).
    void activate(const CMPIContext* context);
    // One went away: the last one stops the delivery and closes the subscription.
    void deactivate();
    // The broker's switch for all filters (enableIndications / disableIndications).
    void enable(bool on) { enabled_ = on; }

    [[nodiscard]] CMPIStatus status(CMPIrc rc, const std::string& message) const;

private:
    void start(const CMPIContext* context);
    void stop();
    void run(const CMPIContext* thread_context);
    void deliver_until_stopped(const CMPIContext* thread_context);
    void log(int severity, const std::string& text) const;
    void deliver(const ipmiprov_sel_event& event, const CMPIContext* thread_context);

    const CMPIBroker* broker_;
    ToCmpi to_;
    std::mutex mutex_;
    std::size_t active_filters_ = 0;
    std::atomic<bool> enabled_{true};
    std::atomic<bool> running_{false};  // the delivery thread has not ended
    Session session_;
    Subscription subscription_;
    int stop_fd_ = -1;  // an eventfd: the thread's signal to end
    std::thread thread_;
};

}  // namespace ipmiprov::cmpi

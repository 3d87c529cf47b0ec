#include "indications.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "provider.hpp"

namespace ipmiprov::cmpi {
namespace {

// How long the delivery thread sleeps at most before it looks at its stop
// signal again (it is woken at once by it; this only bounds the wait).
constexpr int kWaitMs = 1000;

bool is_inst_creation(const ipmiprov_instance* indication) {
    return same_name(ipmiprov_instance_class(indication), "IPMIProv_InstCreation");
}

}  // namespace

IndicationService::IndicationService(const CMPIBroker* broker)
    : broker_(broker), to_(broker), stop_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

IndicationService::~IndicationService() {
    const std::lock_guard lock(mutex_);
    stop();
    if (stop_fd_ >= 0) ::close(stop_fd_);
}

CMPIStatus IndicationService::status(CMPIrc rc, const std::string& message) const {
    CMPIStatus out{rc, nullptr};
    if (rc != CMPI_RC_OK) out.msg = broker_->eft->newString(broker_, message.c_str(), nullptr);
    return out;
}

void IndicationService::activate(const CMPIContext* context) {
    const std::lock_guard lock(mutex_);
    // The first filter, or one after the delivery ended on an error: (re)start.
    if (active_filters_ == 0 || !running_) {
        stop();
        start(context);
    }
    ++active_filters_;
}

void IndicationService::deactivate() {
    const std::lock_guard lock(mutex_);
    if (active_filters_ == 0) return;
    if (--active_filters_ == 0) stop();
}

void IndicationService::start(const CMPIContext* context) {
    if (stop_fd_ < 0) throw Failure(CMPI_RC_ERR_FAILED, "ipmiprov: no eventfd for the delivery thread");
    session_ = open_session();
    ipmiprov_subscription* opened = nullptr;
    auto error = new_error();
    check(ipmiprov_subscribe(session_.get(), nullptr, &opened, &error), error);
    subscription_.reset(opened);
    // The broker's context for a thread of the provider's own (CMPI 2.0 section 8.4).
    const CMPIContext* thread_context = context;
    if (broker_->bft->prepareAttachThread != nullptr)
        thread_context = broker_->bft->prepareAttachThread(broker_, context);
    std::uint64_t drained = 0;
    [[maybe_unused]] const auto was = ::read(stop_fd_, &drained, sizeof drained);
    running_ = true;
    thread_ = std::thread([this, thread_context] { run(thread_context); });
}

void IndicationService::stop() {
    if (thread_.joinable()) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
        thread_.join();
    }
    subscription_.reset();
    session_.reset();
}

void IndicationService::run(const CMPIContext* thread_context) {
    if (broker_->bft->attachThread != nullptr) broker_->bft->attachThread(broker_, thread_context);
    try {
        deliver_until_stopped(thread_context);
    } catch (const std::exception& e) {  // nothing may leave a thread of the CIM server's process
        log(CMPI_SEV_ERROR, std::string("ipmiprov: indication delivery stopped: ") + e.what());
    } catch (...) {
        log(CMPI_SEV_ERROR, "ipmiprov: indication delivery stopped");
    }
    running_ = false;
    if (broker_->bft->detachThread != nullptr) broker_->bft->detachThread(broker_, thread_context);
}

void IndicationService::log(int severity, const std::string& text) const {
    if (broker_->eft->logMessage != nullptr)
        broker_->eft->logMessage(broker_, static_cast<CMPISeverity>(severity), "ipmiprov", text.c_str(), nullptr);
}

void IndicationService::deliver_until_stopped(const CMPIContext* thread_context) {
    for (;;) {
        std::array<pollfd, 2> waiting{
            {{ipmiprov_subscription_fd(subscription_.get()), POLLIN, 0}, {stop_fd_, POLLIN, 0}}};
        const int ready = ::poll(waiting.data(), waiting.size(), kWaitMs);
        if (ready < 0 && errno != EINTR) break;
        if ((waiting[1].revents & POLLIN) != 0) break;
        if (ready <= 0 || (waiting[0].revents & POLLIN) == 0) continue;
        ipmiprov_sel_event event{};
        event.struct_size = sizeof event;
        auto error = new_error();
        if (ipmiprov_subscription_next(subscription_.get(), &event, &error) != IPMIPROV_OK) {
            // What cannot go on (the daemon refused this provider): said in the broker's log; the next
            // ActivateFilter starts again.
            log(CMPI_SEV_ERROR, std::string("ipmiprov: indication delivery stopped: ") + error.message);
            return;
        }
        if (event.kind == IPMIPROV_SEL_ENTRY && enabled_) deliver(event, thread_context);
    }
}

void IndicationService::deliver(const ipmiprov_sel_event& event, const CMPIContext* thread_context) {
    const PropertyFilter all(nullptr);
    for (std::size_t i = 0; event.indications != nullptr && i < ipmiprov_list_size(event.indications); ++i) {
        const auto* indication = ipmiprov_list_at(event.indications, i);
        try {
            CMPIInstance* out = to_.instance(indication, "", all);
            CMPIInstance* source = nullptr;
            if (is_inst_creation(indication) && event.record != nullptr) {
                // DSP1054: the new record itself, embedded.
                source = to_.instance(event.record, "", all);
                CMPIValue value{};
                value.inst = source;
                const auto set = out->ft->setProperty(out, "SourceInstance", &value, CMPI_instance);
                if (set.rc != CMPI_RC_OK)
                    log(CMPI_SEV_WARNING,
                        "ipmiprov: the CIM server refused SourceInstance (rc " + std::to_string(set.rc) + ")");
            }
            const auto delivered =
                broker_->bft->deliverIndication(broker_, thread_context, ipmiprov_instance_namespace(indication), out);
            if (delivered.rc != CMPI_RC_OK)
                log(CMPI_SEV_WARNING, std::string("ipmiprov: the CIM server refused an indication of ") +
                                          ipmiprov_instance_class(indication) + " (rc " + std::to_string(delivered.rc) +
                                          ")");
            // The broker keeps its own copy; ours would otherwise live until the thread detaches
            // (released in this order, whether the instance copied its SourceInstance or not).
            out->ft->release(out);
            if (source != nullptr) source->ft->release(source);
        } catch (const Failure& failure) {
            log(CMPI_SEV_WARNING, failure.what());
        }
    }
}

}  // namespace ipmiprov::cmpi

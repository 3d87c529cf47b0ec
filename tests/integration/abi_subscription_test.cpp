// The ABI's SEL subscriptions (ABI 1.1) from a host that loads
// libipmiprov.so.1 with dlopen and looks the new functions up with their
// version (dlvsym), as a CIM server's indication provider would: entries
// added to ipmi_sim wake poll() on the subscription's descriptor, through
// ipmiprovd (pushed, resumable, surviving a daemon killed and restarted
// with the same descriptor) and from a session that reads the BMC itself.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"
#include "ipmiprov/provider.h"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct SubscriptionAbi {
    void* handle = nullptr;
// NOLINTNEXTLINE(bugprone-macro-parentheses): `name` is a declarator here
#define IPMIPROV_ENTRY(name) decltype(&::name) name = nullptr;
    IPMIPROV_ENTRY(ipmiprov_open_options_init)
    IPMIPROV_ENTRY(ipmiprov_open)
    IPMIPROV_ENTRY(ipmiprov_close)
    IPMIPROV_ENTRY(ipmiprov_instance_class)
    IPMIPROV_ENTRY(ipmiprov_instance_find)
    IPMIPROV_ENTRY(ipmiprov_subscribe_options_init)
    IPMIPROV_ENTRY(ipmiprov_subscribe)
    IPMIPROV_ENTRY(ipmiprov_subscription_fd)
    IPMIPROV_ENTRY(ipmiprov_subscription_next)
    IPMIPROV_ENTRY(ipmiprov_subscription_free)
#undef IPMIPROV_ENTRY

    SubscriptionAbi() {
        handle = dlopen(IPMIPROV_ABI_LIBRARY, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
#define IPMIPROV_RESOLVE(name, version)                                      \
    name = reinterpret_cast<decltype(name)>(dlvsym(handle, #name, version)); \
    if ((name) == nullptr) throw std::runtime_error("dlvsym: " #name "@" version " is not exported");
        IPMIPROV_RESOLVE(ipmiprov_open_options_init, "IPMIPROV_1.0")
        IPMIPROV_RESOLVE(ipmiprov_open, "IPMIPROV_1.0")
        IPMIPROV_RESOLVE(ipmiprov_close, "IPMIPROV_1.0")
        IPMIPROV_RESOLVE(ipmiprov_instance_class, "IPMIPROV_1.0")
        IPMIPROV_RESOLVE(ipmiprov_instance_find, "IPMIPROV_1.0")
        IPMIPROV_RESOLVE(ipmiprov_subscribe_options_init, "IPMIPROV_1.1")
        IPMIPROV_RESOLVE(ipmiprov_subscribe, "IPMIPROV_1.1")
        IPMIPROV_RESOLVE(ipmiprov_subscription_fd, "IPMIPROV_1.1")
        IPMIPROV_RESOLVE(ipmiprov_subscription_next, "IPMIPROV_1.1")
        IPMIPROV_RESOLVE(ipmiprov_subscription_free, "IPMIPROV_1.1")
#undef IPMIPROV_RESOLVE
    }
    ~SubscriptionAbi() {
        if (handle != nullptr) dlclose(handle);
    }
    SubscriptionAbi(const SubscriptionAbi&) = delete;
    SubscriptionAbi& operator=(const SubscriptionAbi&) = delete;
};

SubscriptionAbi& abi() {
    static SubscriptionAbi loaded;
    return loaded;
}

ipmiprov_error new_error() {
    ipmiprov_error error{};
    error.struct_size = sizeof error;
    return error;
}

// What one delivered event says, copied out of the library's storage.
struct Event {
    ipmiprov_sel_event_kind kind = IPMIPROV_SEL_NONE;
    std::uint64_t sequence = 0;
    std::string epoch;
    std::string record_class;
    std::string sensor;  // the record's SensorElementName
    json details;
};

// Waits on the descriptor (at most `limit`) and takes what comes, until `wanted` entries have come.
std::vector<Event> wait_for_entries(ipmiprov_subscription* subscription, std::size_t wanted,
                                    std::chrono::milliseconds limit) {
    std::vector<Event> events;
    std::size_t entries = 0;
    const auto until = std::chrono::steady_clock::now() + limit;
    while (entries < wanted && std::chrono::steady_clock::now() < until) {
        pollfd waiting{abi().ipmiprov_subscription_fd(subscription), POLLIN, 0};
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (::poll(&waiting, 1, static_cast<int>(std::max(left.count(), 0L))) <= 0) continue;
        ipmiprov_sel_event event{};
        event.struct_size = sizeof event;
        auto error = new_error();
        EXPECT_EQ(abi().ipmiprov_subscription_next(subscription, &event, &error), IPMIPROV_OK) << error.message;
        if (event.kind == IPMIPROV_SEL_NONE) continue;
        Event copy{event.kind, event.sequence, event.epoch, {}, {}, json::parse(event.details_json, nullptr, false)};
        if (event.record != nullptr) {
            copy.record_class = abi().ipmiprov_instance_class(event.record);
            ipmiprov_property name{};
            name.struct_size = sizeof name;
            if (abi().ipmiprov_instance_find(event.record, "SensorElementName", &name) == IPMIPROV_OK)
                copy.sensor = name.elements[0].text;
        }
        if (event.kind == IPMIPROV_SEL_ENTRY) ++entries;
        events.push_back(std::move(copy));
    }
    return events;
}

std::vector<Event> entries_of(const std::vector<Event>& events) {
    std::vector<Event> out;
    for (const auto& e : events)
        if (e.kind == IPMIPROV_SEL_ENTRY) out.push_back(e);
    return out;
}

// A PS1 Status event (the fixture's sensor 4 on the BMC), as a system software would add it.
void add_entry(const IpmiSim& sim, const char* offset = "0") {
    auto added = run(concat(sim.ipmitool(), {"raw", "0x0a", "0x44", "0", "0", "2", "0", "0", "0", "0", "0x20", "0", "4",
                                             "8", "4", "0x6f", offset, "0xff", "0xff"}));
    ASSERT_EQ(added.exit_code, 0) << added.err;
}

ipmiprov_session* open_daemon(const std::string& socket) {
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    abi().ipmiprov_open_options_init(&options);
    options.source = IPMIPROV_SOURCE_DAEMON;
    options.daemon_socket = socket.c_str();
    ipmiprov_session* session = nullptr;
    auto error = new_error();
    if (abi().ipmiprov_open(&options, &session, &error) != IPMIPROV_OK) throw std::runtime_error(error.message);
    return session;
}

ipmiprov_subscription* subscribe(ipmiprov_session* session, const ipmiprov_subscribe_options* options = nullptr) {
    ipmiprov_subscription* subscription = nullptr;
    auto error = new_error();
    if (abi().ipmiprov_subscribe(session, options, &subscription, &error) != IPMIPROV_OK)
        throw std::runtime_error(error.message);
    return subscription;
}

bool readable(ipmiprov_subscription* subscription) {
    pollfd waiting{abi().ipmiprov_subscription_fd(subscription), POLLIN, 0};
    return ::poll(&waiting, 1, 0) == 1;
}

TEST(AbiSubscription, ThroughTheDaemonEntriesWakeTheDescriptorAndSurviveADaemonRestart) {
    IpmiSim sim(IPMIPROV_IPMISIM_FIXTURE);
    TempDir dir("ipmiprov-abi-subscription-");
    const std::vector<std::string> extra{"--sel-interval", "1", "--max-age", "0"};
    auto daemon = std::make_unique<Daemon>(lan_daemon_args(sim, dir.path()), dir.path(), extra);
    auto* session = open_daemon(daemon->socket());
    auto* subscription = subscribe(session);
    const int fd = abi().ipmiprov_subscription_fd(subscription);
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(wait_for_entries(subscription, 1, 1500ms).empty()) << "nothing new yet";

    add_entry(sim);
    add_entry(sim, "1");
    auto first = entries_of(wait_for_entries(subscription, 2, 10s));
    ASSERT_EQ(first.size(), 2U) << daemon->log();
    EXPECT_EQ(first[0].record_class, "IPMIProv_LogRecord");
    EXPECT_EQ(first[0].sensor, "PS1 Status");
    EXPECT_EQ(first[0].details.value("sensor_name", ""), "PS1 Status") << first[0].details.dump();
    EXPECT_EQ(first[1].sequence, first[0].sequence + 1);
    EXPECT_FALSE(first[0].epoch.empty());
    EXPECT_FALSE(readable(subscription)) << "drained: the descriptor is quiet";

    // Killed: the library subscribes again by itself, from the last entry delivered, on the same descriptor.
    ASSERT_EQ(::kill(daemon->pid(), SIGKILL), 0);
    daemon.reset();
    add_entry(sim, "2");
    daemon = std::make_unique<Daemon>(lan_daemon_args(sim, dir.path()), dir.path(), extra);
    // Reconnections back off 1 s doubling to 30 s: a slow (sanitizer) restart may take a few.
    auto after_restart = entries_of(wait_for_entries(subscription, 1, 75s));
    ASSERT_EQ(after_restart.size(), 1U) << daemon->log();
    EXPECT_EQ(after_restart[0].sequence, first[1].sequence + 1) << "the one added while it was down, once";
    EXPECT_EQ(abi().ipmiprov_subscription_fd(subscription), fd);
    EXPECT_TRUE(entries_of(wait_for_entries(subscription, 1, 2500ms)).empty()) << "nothing twice";
    abi().ipmiprov_subscription_free(subscription);

    // A host that kept where it was resumes there: the entries after it first.
    ipmiprov_subscribe_options resume{};
    resume.struct_size = sizeof resume;
    abi().ipmiprov_subscribe_options_init(&resume);
    resume.resume = 1;
    resume.after = first[0].sequence;
    resume.epoch = first[0].epoch.c_str();
    subscription = subscribe(session, &resume);
    auto resumed = entries_of(wait_for_entries(subscription, 2, 10s));
    ASSERT_EQ(resumed.size(), 2U);
    EXPECT_EQ(resumed[0].sequence, first[1].sequence);
    EXPECT_EQ(resumed[1].sequence, after_restart[0].sequence);
    abi().ipmiprov_subscription_free(subscription);

    // A resume point the daemon does not know (another epoch): told, then every entry it holds, once.
    resume.epoch = "0000000000000bad";
    subscription = subscribe(session, &resume);
    auto replayed = wait_for_entries(subscription, 3, 10s);
    ASSERT_FALSE(replayed.empty());
    EXPECT_EQ(replayed[0].kind, IPMIPROV_SEL_RESYNC);
    EXPECT_EQ(replayed[0].epoch, first[0].epoch);
    const auto all = entries_of(replayed);
    ASSERT_GE(all.size(), 3U) << "the daemon holds the fixture's entries and ours";
    EXPECT_EQ(all[0].sequence, 1U);
    abi().ipmiprov_subscription_free(subscription);
    abi().ipmiprov_close(session);
}

TEST(AbiSubscription, ASessionThatReadsTheBmcItselfReadsTheSelOnATimer) {
    IpmiSim sim(IPMIPROV_IPMISIM_FIXTURE);
    TempDir cache("ipmiprov-abi-subscription-cache-");
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    abi().ipmiprov_open_options_init(&options);
    options.source = IPMIPROV_SOURCE_LAN;
    options.lan_host = "127.0.0.1";
    options.lan_port = static_cast<std::uint16_t>(sim.port());
    options.lan_user = IpmiSim::kUser;
    options.lan_password = IpmiSim::kPassword;
    const auto cache_dir = cache.path().string();
    options.cache_dir = cache_dir.c_str();
    ipmiprov_session* session = nullptr;
    auto error = new_error();
    ASSERT_EQ(abi().ipmiprov_open(&options, &session, &error), IPMIPROV_OK) << error.message;
    ipmiprov_subscribe_options subscribe_options{};
    subscribe_options.struct_size = sizeof subscribe_options;
    abi().ipmiprov_subscribe_options_init(&subscribe_options);
    EXPECT_EQ(subscribe_options.poll_interval_ms, 2000U);
    subscribe_options.poll_interval_ms = 300;
    auto* subscription = subscribe(session, &subscribe_options);
    add_entry(sim);
    const auto events = entries_of(wait_for_entries(subscription, 1, 10s));
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].sensor, "PS1 Status");
    EXPECT_EQ(events[0].details.value("sensor_name", ""), "PS1 Status");
    EXPECT_TRUE(entries_of(wait_for_entries(subscription, 1, 1s)).empty()) << "nothing twice";
    abi().ipmiprov_subscription_free(subscription);
    abi().ipmiprov_close(session);
}

TEST(AbiSubscription, BadArgumentsAreErrorsNotCrashes) {
    ipmiprov_subscription* subscription = nullptr;
    auto error = new_error();
    EXPECT_EQ(abi().ipmiprov_subscribe(nullptr, nullptr, &subscription, &error), IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(error.message).find("NULL"), std::string::npos);
    EXPECT_EQ(abi().ipmiprov_subscription_fd(nullptr), -1);
    ipmiprov_sel_event event{};
    event.struct_size = sizeof event;
    EXPECT_EQ(abi().ipmiprov_subscription_next(nullptr, &event, &error), IPMIPROV_E_INVALID_ARGUMENT);
    abi().ipmiprov_subscription_free(nullptr);
}

}  // namespace
}  // namespace ipmiprov::testing

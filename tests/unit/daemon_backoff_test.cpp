// ipmiprovd after a failed connection (issue 20, item 8): a refused login is
// tried again after 30 s, then 1, 2, 4 … minutes up to half an hour, not at
// every refresh; clients meanwhile get the last error and the wait; SIGHUP
// tries at once; `stats` shows it all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "backoff.hpp"
#include "bridge/duration_text.hpp"
#include "bridge/sim_bmc.hpp"
#include "handler.hpp"

namespace ipmiprov::daemon {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using Clock = ConnectBackoff::Clock;

const bridge::Error kRefused{bridge::ErrorKind::Transport,
                             "cannot open an RMCP+ session with 10.0.0.9:623: authentication failed: wrong password",
                             std::nullopt, "", true};
const bridge::Error kSilent{bridge::ErrorKind::Timeout, "cannot open an RMCP+ session with 10.0.0.9:623: no answer"};

TEST(DurationText, SaysAWaitAsAPersonReadsIt) {
    EXPECT_EQ(bridge::duration_text(0ms), "0 s");
    EXPECT_EQ(bridge::duration_text(1ms), "1 s") << "a wait not quite over is not 0 s";
    EXPECT_EQ(bridge::duration_text(59s), "59 s");
    EXPECT_EQ(bridge::duration_text(90s), "1 min 30 s");
    EXPECT_EQ(bridge::duration_text(4min), "4 min");
    EXPECT_EQ(bridge::duration_text(2h + 5min + 10s), "2 h 5 min");
    EXPECT_EQ(bridge::duration_text(24h + 4h), "1 d 4 h");
    EXPECT_EQ(bridge::duration_text(-5s), "0 s");
}

TEST(ConnectBackoff, RefusedLoginsWaitThirtySecondsThenDoubleUpToHalfAnHour) {
    ConnectBackoff backoff;
    const auto t0 = Clock::time_point{} + 1h;
    EXPECT_TRUE(backoff.may_try(t0));
    std::vector<std::chrono::milliseconds> waits;
    waits.reserve(9);
    for (int i = 0; i < 9; ++i) waits.push_back(backoff.failed(kRefused, t0));
    const std::vector<std::chrono::milliseconds> expected{30s, 60s, 2min, 4min, 8min, 16min, 30min, 30min, 30min};
    EXPECT_EQ(waits, expected);
    for (int i = 0; i < 100; ++i) (void)backoff.failed(kRefused, t0);
    EXPECT_EQ(backoff.failed(kRefused, t0), 30min) << "no overflow after many";
}

TEST(ConnectBackoff, ABmcThatDoesNotAnswerIsAskedAgainSooner) {
    ConnectBackoff backoff;
    const auto t0 = Clock::time_point{} + 1h;
    EXPECT_EQ(backoff.failed(kSilent, t0), 5s);
    EXPECT_EQ(backoff.failed(kSilent, t0), 10s);
    for (int i = 0; i < 10; ++i) (void)backoff.failed(kSilent, t0);
    EXPECT_EQ(backoff.failed(kSilent, t0), 2min);
    EXPECT_EQ(backoff.failed(kRefused, t0), 30min) << "a refusal after many failures waits the longest";
}

TEST(ConnectBackoff, WaitsUntilTheNextAttemptAndSaysHowLong) {
    ConnectBackoff backoff;
    const auto t0 = Clock::time_point{} + 1h;
    (void)backoff.failed(kRefused, t0);
    (void)backoff.failed(kRefused, t0);  // 60 s
    EXPECT_FALSE(backoff.may_try(t0 + 59s));
    EXPECT_TRUE(backoff.may_try(t0 + 60s));
    const auto waiting = backoff.waiting_error(t0 + 15s);
    EXPECT_EQ(waiting.kind, bridge::ErrorKind::Transport) << "a client's exit code stays that of the refusal";
    EXPECT_THAT(waiting.message, HasSubstr("authentication failed: wrong password"));
    EXPECT_THAT(waiting.message, HasSubstr("the next attempt is in 45 s (2 refused logins in a row"));
    const auto state = backoff.state(t0 + 15s);
    EXPECT_EQ(state.failures, 2U);
    ASSERT_TRUE(state.next_attempt_in);
    EXPECT_EQ(*state.next_attempt_in, 45s);
    ASSERT_TRUE(state.last_error);
    EXPECT_EQ(state.last_error->message, kRefused.message);
}

TEST(ConnectBackoff, SuccessForgetsTheFailuresAndRetryNowEndsTheWait) {
    ConnectBackoff backoff;
    const auto t0 = Clock::time_point{} + 1h;
    (void)backoff.failed(kRefused, t0);
    EXPECT_FALSE(backoff.may_try(t0 + 1s));
    backoff.retry_now();
    EXPECT_TRUE(backoff.may_try(t0 + 1s));
    EXPECT_EQ(backoff.failed(kRefused, t0 + 1s), 60s) << "the count goes on: the account's lock-out does too";
    backoff.succeeded();
    EXPECT_EQ(backoff.failures(), 0U);
    EXPECT_FALSE(backoff.state(t0).last_error);
    EXPECT_EQ(backoff.failed(kRefused, t0), 30s) << "and starts again after a success";
}

// The daemon's state over a BMC that refuses the login until `accept` is
// set: how often it is asked, what clients and the log are told.
struct StateOverARefusingBmc : ::testing::Test {
    std::shared_ptr<bridge::sim::SimBmc> bmc =
        std::make_shared<bridge::sim::SimBmc>(bridge::sim::builtin_fixture().value());
    int logins = 0;
    bool accept = false;
    bridge::Error refusal = kRefused;
    std::vector<std::string> log;
    DaemonState state{options()};
    Handler handler{state, AccessPolicy{std::nullopt, std::nullopt}};

    StateOptions options() {
        StateOptions options;
        options.system_name = "host1";
        options.max_age = 0ms;  // every request would start a round
        options.log = [this](const std::string& line) { log.push_back(line); };
        options.connector = [this]() -> bridge::Result<bridge::Connection> {
            ++logins;
            if (!accept) return refusal;
            return bridge::Connection{
                std::make_unique<bridge::Engine>(bridge::sim::make_sim_transport(bmc, "sim"), bridge::EngineOptions{}),
                bmc, nullptr};
        };
        return options;
    }
    json call(const json& request) { return json::parse(*handler.handle(request.dump(), Peer{1, 0, 0})); }
};

TEST_F(StateOverARefusingBmc, ARefusedLoginIsNotTriedAgainByTheRefreshesNorByClients) {
    auto first = state.refresh_sensors(0ms);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().message, kRefused.message);
    for (int i = 0; i < 5; ++i) {
        auto again = state.refresh_sensors(0ms);
        ASSERT_FALSE(again.ok());
        EXPECT_THAT(again.error().message, HasSubstr("the next attempt is in"));
        EXPECT_FALSE(state.follow_sel(0ms).ok());
        const auto reply = call({{"op", "enumerate"}, {"class", "CIM_Sensor"}});
        ASSERT_EQ(reply["ok"], false);
        EXPECT_THAT(reply["error"]["message"].get<std::string>(), HasSubstr("wrong password"));
        EXPECT_EQ(reply["error"]["kind"], "transport") << "the BMC refused the daemon, not this client";
    }
    EXPECT_EQ(logins, 1) << "one failed login, not one per refresh and client";
    ASSERT_EQ(log.size(), 1U);
    EXPECT_THAT(log[0], HasSubstr("wrong password; the next attempt is in 30 s (1 in a row)"));

    const auto stats = call({{"op", "stats"}});
    ASSERT_EQ(stats["ok"], true) << stats.dump();
    EXPECT_EQ(stats["connection"]["connected"], false);
    EXPECT_EQ(stats["connection"]["failures"], 1);
    EXPECT_EQ(stats["connection"]["last_error"]["message"], kRefused.message);
    EXPECT_GT(stats["connection"]["next_attempt_in_ms"].get<std::int64_t>(), 20000);
    EXPECT_LE(stats["connection"]["next_attempt_in_ms"].get<std::int64_t>(), 30000);
    EXPECT_TRUE(stats["sensors"]["age_ms"].is_null()) << "nothing read yet";
}

TEST_F(StateOverARefusingBmc, AReloadTriesAtOnceAndASuccessIsLoggedAndForgetsTheFailures) {
    ASSERT_FALSE(state.refresh_sensors(0ms).ok());
    state.retry_now();
    ASSERT_FALSE(state.refresh_sensors(0ms).ok());
    EXPECT_EQ(logins, 2);
    ASSERT_EQ(log.size(), 2U);
    EXPECT_THAT(log[1], HasSubstr("the next attempt is in 1 min (2 in a row)"));

    accept = true;
    ASSERT_FALSE(state.refresh_sensors(0ms).ok()) << "still waiting: the account was not fixed as far as we know";
    EXPECT_EQ(logins, 2);
    state.retry_now();
    auto fixed = state.refresh_sensors(0ms);
    ASSERT_TRUE(fixed.ok()) << fixed.error().message;
    EXPECT_EQ(logins, 3);
    EXPECT_THAT(log.back(), HasSubstr("connected after 2 failed attempts"));
    const auto stats = call({{"op", "stats"}});
    EXPECT_EQ(stats["connection"]["connected"], true);
    EXPECT_EQ(stats["connection"]["failures"], 0);
    EXPECT_TRUE(stats["connection"]["last_error"].is_null());
    EXPECT_TRUE(stats["connection"]["next_attempt_in_ms"].is_null());
    EXPECT_GT(stats["sensors"]["count"].get<std::size_t>(), 5U);
    EXPECT_GE(stats["sensors"]["age_ms"].get<std::int64_t>(), 0);
    EXPECT_GT(stats["bmc_requests"].get<std::uint64_t>(), 0U);
    EXPECT_EQ(stats["client_requests"].get<std::uint64_t>(), 1U) << "this one: the refreshes are not clients";
}

TEST_F(StateOverARefusingBmc, ABmcThatDoesNotAnswerIsNotLoggedAtEveryAttempt) {
    refusal = kSilent;
    ASSERT_FALSE(state.refresh_sensors(0ms).ok());
    state.retry_now();
    ASSERT_FALSE(state.refresh_sensors(0ms).ok());
    EXPECT_EQ(logins, 2);
    EXPECT_TRUE(log.empty()) << "the refresh loop logs the outage once; logins are not at stake";
    const auto stats = call({{"op", "stats"}});
    EXPECT_EQ(stats["connection"]["failures"], 2);
    EXPECT_LE(stats["connection"]["next_attempt_in_ms"].get<std::int64_t>(), 10000);
}

}  // namespace
}  // namespace ipmiprov::daemon

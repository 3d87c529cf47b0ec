#include "bridge/engine.hpp"
#include "bridge/lan_transport.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ipmiprov::bridge {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Return;

class MockTransport : public Transport {
public:
    MOCK_METHOD(Result<Response>, exchange, (const Request&, std::chrono::milliseconds), (override));
    MOCK_METHOD(std::string, description, (), (const, override));
};

struct EngineFixture : ::testing::Test {
    MockTransport* transport = nullptr;
    std::vector<std::chrono::milliseconds> sleeps;
    std::vector<std::string> trace;

    Engine make(int retries = 2) {
        auto owned = std::make_unique<MockTransport>();
        transport = owned.get();
        EngineOptions options;
        options.timeout = std::chrono::milliseconds(1234);
        options.retries = retries;
        options.backoff = std::chrono::milliseconds(10);
        options.max_backoff = std::chrono::milliseconds(25);
        options.sleep = [this](std::chrono::milliseconds delay) { sleeps.push_back(delay); };
        options.trace = [this](const std::string& line) { trace.push_back(line); };
        return Engine(std::move(owned), options);
    }
};

const Request kGetDeviceId{0x06, 0x01, 0, Target::bmc(), {}};
const Request kGetSdr{0x0A, 0x23, 0, Target::bmc(), {0x01, 0x00, 0x00, 0x00, 0x00, 0xFF}};

Result<Response> timeout() {
    return make_error(ErrorKind::Timeout, "no reply");
}

TEST_F(EngineFixture, PassesTheTimeoutAndReturnsTheReply) {
    auto engine = make();
    EXPECT_CALL(*transport, exchange(_, std::chrono::milliseconds(1234)))
        .WillOnce(Return(Response{0x00, {0x20, 0x01}}));
    auto reply = engine.call(kGetDeviceId);
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(*reply, (std::vector<std::uint8_t>{0x20, 0x01}));
    EXPECT_EQ(engine.requests_sent(), 1U);
    EXPECT_TRUE(sleeps.empty());
}

TEST_F(EngineFixture, RetriesTimeoutsWithGrowingBoundedBackoff) {
    auto engine = make(3);
    EXPECT_CALL(*transport, exchange(_, _))
        .WillOnce(Return(timeout()))
        .WillOnce(Return(timeout()))
        .WillOnce(Return(timeout()))
        .WillOnce(Return(Response{0x00, {0x42}}));
    auto reply = engine.call(kGetDeviceId);
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(engine.requests_sent(), 4U);
    EXPECT_EQ(sleeps,
              (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(10), std::chrono::milliseconds(20),
                                                      std::chrono::milliseconds(25)}));
}

TEST_F(EngineFixture, GivesUpAfterTheRetryBoundAndSaysHowOften) {
    auto engine = make(2);
    EXPECT_CALL(*transport, exchange(_, _)).Times(3).WillRepeatedly(Return(timeout()));
    auto reply = engine.send(kGetDeviceId);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Timeout);
    EXPECT_THAT(reply.error().message, HasSubstr("Get Device ID"));
    EXPECT_THAT(reply.error().message, HasSubstr("3 attempt(s)"));
}

TEST_F(EngineFixture, RetriesTransientCompletionCodes) {
    auto engine = make(2);
    EXPECT_CALL(*transport, exchange(_, _))
        .WillOnce(Return(Response{0xC0, {}}))  // node busy
        .WillOnce(Return(Response{0xD2, {}}))  // BMC initialisation in progress
        .WillOnce(Return(Response{0x00, {0x01}}));
    EXPECT_TRUE(engine.call(kGetDeviceId).ok());
    EXPECT_EQ(engine.requests_sent(), 3U);
}

TEST_F(EngineFixture, ATransientCodeThatPersistsIsReportedInWords) {
    auto engine = make(1);
    EXPECT_CALL(*transport, exchange(_, _)).Times(2).WillRepeatedly(Return(Response{0xC3, {}}));
    auto reply = engine.call(kGetDeviceId);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::CompletionCode);
    EXPECT_EQ(reply.error().completion_code, 0xC3);
    EXPECT_THAT(reply.error().message, HasSubstr("timeout while processing command"));
}

TEST_F(EngineFixture, DoesNotRetryDefiniteCompletionCodes) {
    auto engine = make(5);
    EXPECT_CALL(*transport, exchange(_, _)).WillOnce(Return(Response{0xC5, {}}));
    auto reply = engine.call(kGetSdr);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().message,
              "Get SDR (netfn 0x0a cmd 0x23): completion code 0xC5 (reservation cancelled or invalid reservation ID)");
    EXPECT_TRUE(sleeps.empty());
}

TEST_F(EngineFixture, SendReturnsNonZeroCodesToTheCaller) {
    auto engine = make();
    EXPECT_CALL(*transport, exchange(_, _)).WillOnce(Return(Response{0xCB, {}}));
    auto reply = engine.send(kGetSdr);
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(reply->completion_code, 0xCB);
}

TEST_F(EngineFixture, DoesNotRetryTransportFailures) {
    auto engine = make(5);
    EXPECT_CALL(*transport, exchange(_, _)).WillOnce(Return(make_error(ErrorKind::Transport, "session closed")));
    auto reply = engine.send(kGetDeviceId);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Transport);
}

TEST_F(EngineFixture, TracesRequestsAndReplies) {
    auto engine = make();
    EXPECT_CALL(*transport, exchange(_, _)).WillOnce(Return(Response{0x00, {0x20, 0x81}}));
    ASSERT_TRUE(engine.call(kGetSdr).ok());
    ASSERT_EQ(trace.size(), 2U);
    EXPECT_EQ(trace[0], "-> Get SDR (netfn 0x0a cmd 0x23) lun 0: 01 00 00 00 00 ff");
    EXPECT_THAT(trace[1], HasSubstr("<- cc 0x00"));
    EXPECT_THAT(trace[1], HasSubstr(": 20 81"));
}

TEST_F(EngineFixture, NegativeRetriesMeanOneAttempt) {
    auto engine = make(-4);
    EXPECT_CALL(*transport, exchange(_, _)).Times(1).WillOnce(Return(timeout()));
    EXPECT_FALSE(engine.send(kGetDeviceId).ok());
}

TEST_F(EngineFixture, IsSafeToCallFromSeveralThreads) {
    auto engine = make(0);
    std::atomic<int> inside{0};
    std::atomic<int> overlap{0};
    EXPECT_CALL(*transport, exchange(_, _)).Times(200).WillRepeatedly([&](const Request&, std::chrono::milliseconds) {
        if (inside.fetch_add(1) != 0) overlap.fetch_add(1);
        std::this_thread::yield();
        inside.fetch_sub(1);
        return Result<Response>(Response{0x00, {}});
    });
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) ASSERT_TRUE(engine.call(kGetDeviceId).ok());
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(overlap.load(), 0);
    EXPECT_EQ(engine.requests_sent(), 200U);
}

// A BMC that opens the session below the privilege asked for (Get Session
// Info, byte 5 of its reply): an error that names both levels, at once.
TEST(GrantedPrivilege, LessThanAskedIsAnErrorNamingBoth) {
    MockTransport transport;
    LanOptions options;
    options.host = "bmc";
    options.user = "alice";
    options.privilege = Privilege::Admin;
    const auto get_session_info = ::testing::Truly([](const Request& r) {
        return r.netfn == 0x06 && r.cmd == 0x3D && r.data == std::vector<std::uint8_t>{0x00};  // this session
    });
    EXPECT_CALL(transport, exchange(get_session_info, _))
        .WillOnce(Return(Response{0x00, {0x01, 0x3F, 0x01, 0x03, 0x02, 0x11}}))  // user level
        .WillOnce(Return(Response{0x00, {0x01, 0x3F, 0x01, 0x03, 0x04, 0x11}}))  // administrator
        .WillOnce(Return(Response{0xC1, {}}));                                   // not supported: trusted
    auto less = check_granted_privilege(transport, options);
    ASSERT_FALSE(less.ok());
    EXPECT_EQ(less.error().kind, ErrorKind::PermissionDenied);
    EXPECT_THAT(less.error().message, HasSubstr("granted user privilege, not the administrator requested"));
    EXPECT_THAT(less.error().message, HasSubstr("\"alice\""));
    EXPECT_TRUE(check_granted_privilege(transport, options).ok());
    EXPECT_TRUE(check_granted_privilege(transport, options).ok());
}

}  // namespace
}  // namespace ipmiprov::bridge

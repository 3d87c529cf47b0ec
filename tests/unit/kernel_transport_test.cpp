// The kernel transport against a fake of the Linux IPMI driver's ioctl
// interface: it records what we send and hands back what a driver would.
#include "bridge/kernel_transport.hpp"

#include <fcntl.h>
#include <linux/ipmi.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "bridge/engine.hpp"
#include "fake_kernel_driver.hpp"

namespace ipmiprov::bridge {
namespace {

using testing_support::FakeDriver;
using testing_support::QueuedMessage;
using testing_support::SentMessage;

const Request kGetDeviceId{0x06, 0x01, 0, Target::bmc(), {}};

struct KernelFixture : ::testing::Test {
    std::shared_ptr<FakeDriver> driver = std::make_shared<FakeDriver>();

    std::unique_ptr<Transport> open() {
        auto transport = open_kernel_transport(KernelDevice{"/dev/ipmi0", 0}, driver, "/nonexistent-sysfs");
        EXPECT_TRUE(transport.ok());
        return std::move(transport.value());
    }

    void reply_with(std::vector<std::uint8_t> data) {
        driver->respond = [data](const SentMessage& sent) {
            return std::vector<QueuedMessage>{{IPMI_RESPONSE_RECV_TYPE, sent.msgid, data}};
        };
    }
};

TEST_F(KernelFixture, SendsToTheSystemInterfaceAndSplitsTheCompletionCode) {
    reply_with({0x00, 0x20, 0x01});
    auto transport = open();
    Request request = kGetDeviceId;
    request.lun = 2;
    auto reply = transport->exchange(request, std::chrono::milliseconds(100));
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    EXPECT_EQ(reply->completion_code, 0x00);
    EXPECT_EQ(reply->data, (std::vector<std::uint8_t>{0x20, 0x01}));
    ASSERT_EQ(driver->sent.size(), 1U);
    EXPECT_EQ(driver->sent[0].addr_type, IPMI_SYSTEM_INTERFACE_ADDR_TYPE);
    EXPECT_EQ(driver->sent[0].channel, IPMI_BMC_CHANNEL);
    EXPECT_EQ(driver->sent[0].lun, 2);
    EXPECT_EQ(driver->sent[0].netfn, 0x06);
    EXPECT_EQ(driver->sent[0].cmd, 0x01);
}

// ipmi_msghandler's stand-in for a reply it could not match (FFh, no data) is
// asked again; a BMC's FFh with data is its answer.
TEST_F(KernelFixture, TheDriversStandInReplyIsRetriedByTheEngine) {
    int replies = 0;
    driver->respond = [&replies](const SentMessage& sent) {
        const std::vector<std::uint8_t> data =
            ++replies == 1 ? std::vector<std::uint8_t>{0xFF} : std::vector<std::uint8_t>{0x00, 0x20};
        return std::vector<QueuedMessage>{{IPMI_RESPONSE_RECV_TYPE, sent.msgid, data}};
    };
    EngineOptions options;
    options.sleep = [](std::chrono::milliseconds) {};
    Engine engine(open(), options);
    auto reply = engine.call(kGetDeviceId);
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    EXPECT_EQ(*reply, (std::vector<std::uint8_t>{0x20}));
    EXPECT_EQ(driver->sent.size(), 2U);

    reply_with({0xFF, 0x01});
    EXPECT_FALSE(open()->reply_is_transient(Response{0xFF, {0x01}}));
    EXPECT_TRUE(open()->reply_is_transient(Response{0xFF, {}}));
    EXPECT_TRUE(open()->reply_is_transient(Response{0xC3, {}}));
}

TEST_F(KernelFixture, BridgesWithAnIpmbAddress) {
    reply_with({0x00, 0x55});
    auto transport = open();
    Request request{0x04, 0x2D, 1, Target::ipmb(6, 0x2C), {0x31}};
    ASSERT_TRUE(transport->exchange(request, std::chrono::milliseconds(100)).ok());
    const auto& sent = driver->sent.at(0);
    EXPECT_EQ(sent.addr_type, IPMI_IPMB_ADDR_TYPE);
    EXPECT_EQ(sent.channel, 6);
    EXPECT_EQ(sent.slave_addr, 0x2C);
    EXPECT_EQ(sent.lun, 1);
    EXPECT_EQ(sent.data, (std::vector<std::uint8_t>{0x31}));
}

TEST_F(KernelFixture, SkipsEventsAndStaleRepliesUntilItsOwnMsgid) {
    driver->respond = [](const SentMessage& sent) {
        return std::vector<QueuedMessage>{
            {IPMI_ASYNC_EVENT_RECV_TYPE, 0, {0x55, 0x55}},
            {IPMI_RESPONSE_RECV_TYPE, sent.msgid - 1, {0x00, 0xAA}},  // late reply to an earlier request
            {IPMI_RESPONSE_RECV_TYPE, sent.msgid, {0x00, 0xBB}},
        };
    };
    auto transport = open();
    auto reply = transport->exchange(kGetDeviceId, std::chrono::milliseconds(100));
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(reply->data, (std::vector<std::uint8_t>{0xBB}));
}

TEST_F(KernelFixture, UsesANewMsgidForEveryRequest) {
    reply_with({0x00});
    auto transport = open();
    ASSERT_TRUE(transport->exchange(kGetDeviceId, std::chrono::milliseconds(100)).ok());
    ASSERT_TRUE(transport->exchange(kGetDeviceId, std::chrono::milliseconds(100)).ok());
    EXPECT_NE(driver->sent[0].msgid, driver->sent[1].msgid);
}

TEST_F(KernelFixture, TimesOutWhenNoReplyComes) {
    auto transport = open();
    auto reply = transport->exchange(kGetDeviceId, std::chrono::milliseconds(20));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Timeout);
    EXPECT_EQ(reply.error().message, "Get Device ID (netfn 0x06 cmd 0x01): no reply from the driver");
}

TEST_F(KernelFixture, KeepsWaitingAfterAnInterruptedPoll) {
    reply_with({0x00, 0x01});
    driver->eintr_polls = 2;
    auto transport = open();
    auto reply = transport->exchange(kGetDeviceId, std::chrono::milliseconds(100));
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(driver->polls, 3);
}

TEST_F(KernelFixture, ReportsATruncatedReply) {
    reply_with(std::vector<std::uint8_t>(IPMI_MAX_MSG_LENGTH + 10, 0x00));
    auto transport = open();
    auto reply = transport->exchange(kGetDeviceId, std::chrono::milliseconds(100));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Protocol);
    EXPECT_NE(reply.error().message.find("truncated"), std::string::npos);
}

TEST_F(KernelFixture, RejectsAReplyWithoutACompletionCode) {
    reply_with({});
    auto transport = open();
    auto reply = transport->exchange(kGetDeviceId, std::chrono::milliseconds(100));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Protocol);
}

TEST_F(KernelFixture, ReportsASendFailureWithTheSystemError) {
    driver->send_error = ENXIO;
    auto transport = open();
    auto reply = transport->exchange(kGetDeviceId, std::chrono::milliseconds(100));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Transport);
    EXPECT_NE(reply.error().message.find(std::strerror(ENXIO)), std::string::npos);
}

TEST_F(KernelFixture, BoundsHowManyForeignMessagesItDrains) {
    driver->respond = [](const SentMessage&) {
        return std::vector<QueuedMessage>(1000, QueuedMessage{IPMI_ASYNC_EVENT_RECV_TYPE, 0, {0x01}});
    };
    auto transport = open();
    auto reply = transport->exchange(kGetDeviceId, std::chrono::seconds(5));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Protocol);
}

const std::vector<std::uint8_t> kEvent{0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x04, 0x01,
                                       0x30, 0x01, 0x59, 0x5a, 0x5a, 0x00, 0x00, 0x00};

TEST_F(KernelFixture, HandsOutNoEventsUntilAskedToCollectThem) {
    auto transport = open();
    auto event = transport->next_event(std::chrono::milliseconds(0));
    ASSERT_FALSE(event.ok());
    EXPECT_EQ(driver->gets_events, -1);
    ASSERT_TRUE(transport->enable_events().ok());
    EXPECT_EQ(driver->gets_events, 1);
}

TEST_F(KernelFixture, KeepsEventsThatArriveDuringAnExchange) {
    driver->respond = [](const SentMessage& sent) {
        return std::vector<QueuedMessage>{{IPMI_ASYNC_EVENT_RECV_TYPE, 0, kEvent},
                                          {IPMI_RESPONSE_RECV_TYPE, sent.msgid, {0x00, 0x20}}};
    };
    auto transport = open();
    ASSERT_TRUE(transport->enable_events().ok());
    auto reply = transport->exchange(kGetDeviceId, std::chrono::milliseconds(100));
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    EXPECT_EQ(reply->data, std::vector<std::uint8_t>{0x20});
    auto event = transport->next_event(std::chrono::milliseconds(0));
    ASSERT_TRUE(event.ok()) << event.error().message;
    ASSERT_TRUE(event->has_value());
    EXPECT_EQ(**event, kEvent);
    EXPECT_FALSE(transport->next_event(std::chrono::milliseconds(0))->has_value());
}

TEST_F(KernelFixture, WaitsForTheNextEventAndIgnoresOtherMessages) {
    auto transport = open();
    ASSERT_TRUE(transport->enable_events().ok());
    driver->queue.push_back({IPMI_RESPONSE_RECV_TYPE, 99, {0x00}});  // a late reply: not an event
    driver->queue.push_back({IPMI_ASYNC_EVENT_RECV_TYPE, 0, kEvent});
    auto event = transport->next_event(std::chrono::milliseconds(100));
    ASSERT_TRUE(event.ok()) << event.error().message;
    ASSERT_TRUE(event->has_value());
    EXPECT_EQ(**event, kEvent);
    auto none = transport->next_event(std::chrono::milliseconds(10));
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value()) << "no event within the timeout is not an error";
}

TEST_F(KernelFixture, NamesTheDeviceWhenEventsCannotBeEnabled) {
    driver->events_error = EPERM;
    auto transport = open();
    auto enabled = transport->enable_events();
    ASSERT_FALSE(enabled.ok());
    EXPECT_NE(enabled.error().message.find("/dev/ipmi0"), std::string::npos) << enabled.error().message;
}

TEST_F(KernelFixture, ClosesTheDeviceWhenDestroyed) {
    open().reset();
    EXPECT_TRUE(driver->closed);
}

TEST_F(KernelFixture, NamesOpenFailures) {
    driver->open_error = EACCES;
    auto denied = open_kernel_transport(KernelDevice{"/dev/ipmi0", 0}, driver, "/nonexistent");
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().kind, ErrorKind::PermissionDenied);
    EXPECT_NE(denied.error().message.find("/dev/ipmi0"), std::string::npos);
    driver->open_error = ENOENT;
    EXPECT_EQ(open_kernel_transport(KernelDevice{"/dev/ipmi0", 0}, driver, "/x").error().kind, ErrorKind::NotFound);
}

struct SysfsFixture : ::testing::Test {
    std::filesystem::path root =
        std::filesystem::temp_directory_path() / ("ipmiprov-sysfs-" + std::to_string(::getpid()) + "-" +
                                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::path device = root / "class/ipmi/ipmi1/device";
    void SetUp() override { std::filesystem::create_directories(device); }
    void TearDown() override { std::filesystem::remove_all(root); }
};

TEST_F(SysfsFixture, ReadsTheInterfaceTypeAndPutsItInTheDescription) {
    std::ofstream(device / "type") << "ssif\n";
    EXPECT_EQ(kernel_interface_type(1, root), "ssif");
    auto transport = open_kernel_transport(KernelDevice{"/dev/ipmi1", 1}, std::make_shared<FakeDriver>(), root);
    ASSERT_TRUE(transport.ok());
    EXPECT_EQ(transport.value()->description(), "kernel /dev/ipmi1 (ssif)");
}

TEST_F(SysfsFixture, FallsBackToTheDriverName) {
    std::filesystem::create_directories(root / "bus/i2c/drivers/ipmi_ssif");
    std::filesystem::create_symlink(root / "bus/i2c/drivers/ipmi_ssif", device / "driver");
    EXPECT_EQ(kernel_interface_type(1, root), "ssif");
    EXPECT_EQ(kernel_interface_type(2, root), std::nullopt);
}

TEST(FindKernelDevice, UsesTheRequestedPathAndItsInterfaceNumber) {
    auto device = find_kernel_device(std::string("/dev/ipmi/3"));
    ASSERT_TRUE(device.has_value());
    EXPECT_EQ(device->path, "/dev/ipmi/3");
    EXPECT_EQ(device->interface_number, 3);
}

}  // namespace
}  // namespace ipmiprov::bridge

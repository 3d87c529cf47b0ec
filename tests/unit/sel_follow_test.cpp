// `sel follow` on the kernel device waits for the driver's event messages
// instead of polling: a fake driver in front of the simulated BMC delivers
// one as soon as events are enabled.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "fake_kernel_driver.hpp"

namespace ipmiprov::cli {
namespace {

using bridge::testing_support::FakeDriver;
using bridge::testing_support::QueuedMessage;
using bridge::testing_support::SentMessage;

// The simulated BMC answering what the fake driver is sent.
std::function<std::vector<QueuedMessage>(const SentMessage&)> answer_from(
    const std::shared_ptr<bridge::sim::SimBmc>& bmc) {
    return [bmc](const SentMessage& sent) {
        auto reply = bmc->handle(bridge::Request{sent.netfn, sent.cmd, sent.lun, bridge::Target::bmc(), sent.data});
        if (!reply) return std::vector<QueuedMessage>{};
        std::vector<std::uint8_t> data{reply->completion_code};
        data.insert(data.end(), reply->data.begin(), reply->data.end());
        return std::vector<QueuedMessage>{{IPMI_RESPONSE_RECV_TYPE, sent.msgid, data}};
    };
}

TEST(SelFollow, WaitsForTheDriversEventsOnTheKernelDevice) {
    auto bmc = std::make_shared<bridge::sim::SimBmc>(bridge::sim::builtin_fixture().value());
    auto driver = std::make_shared<FakeDriver>();
    driver->respond = answer_from(bmc);
    // PS1 Status (sensor 20h) failure: into the SEL, and as the driver's event message.
    const std::array<std::uint8_t, 16> entry{0, 0, 2, 0, 0, 0, 0, 0x20, 0, 4, 0x08, 0x20, 0x6F, 0x01, 0xFF, 0xFF};
    driver->on_events_enabled = [&] {
        bmc->add_sel_entry(entry);
        driver->queue.push_back({IPMI_ASYNC_EVENT_RECV_TYPE, 0, {entry.begin() + 3, entry.end()}});
    };
    auto transport = bridge::open_kernel_transport(bridge::KernelDevice{"/dev/ipmi0", 0}, driver, "/nonexistent");
    ASSERT_TRUE(transport.ok());
    bridge::Engine engine(std::move(transport.value()), bridge::EngineOptions{});

    CliOptions options;
    options.command = "sel";
    options.args = {"follow"};
    options.json = true;
    options.no_cache = true;
    options.max_events = 1;
    options.poll_interval = std::chrono::seconds(60);  // polling would make this test hang for a minute
    std::ostringstream out;
    std::ostringstream err;
    const auto start = std::chrono::steady_clock::now();
    const int code = run_sel(engine, options, Streams{out, err});
    ASSERT_EQ(code, kExitOk) << err.str();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
    EXPECT_NE(err.str().find("(driver events)"), std::string::npos) << err.str();
    EXPECT_EQ(driver->gets_events, 1);
    // JSON Lines: one object per new entry, one line each.
    const auto text = out.str();
    ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
    const auto printed = nlohmann::json::parse(text);
    ASSERT_TRUE(printed.is_object()) << text;
    EXPECT_EQ(printed["record_id"], 4);
    EXPECT_EQ(printed["sensor_name"], "PS1 Status");
    EXPECT_EQ(printed["event"], "Power Supply Failure detected");
}

}  // namespace
}  // namespace ipmiprov::cli

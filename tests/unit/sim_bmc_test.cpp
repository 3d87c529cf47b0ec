// Command semantics of the simulated BMC: what a real BMC answers, with the
// completion codes the spec gives, and the faults it can be told to inject.
#include "bridge/sim_bmc.hpp"

#include <gtest/gtest.h>

#include "bridge/bytes.hpp"
#include "bridge/engine.hpp"

namespace ipmiprov::bridge::sim {
namespace {

using Bytes = std::vector<std::uint8_t>;

SdrRecord record(std::uint16_t id, std::size_t body_length, std::uint8_t fill) {
    Bytes bytes{static_cast<std::uint8_t>(id & 0xFF), static_cast<std::uint8_t>(id >> 8), 0x51, 0x01,
                static_cast<std::uint8_t>(body_length)};
    bytes.resize(5 + body_length, fill);
    return SdrRecord{bytes, std::nullopt};
}

std::array<std::uint8_t, 16> sel_entry(std::uint8_t type, std::uint8_t marker) {
    std::array<std::uint8_t, 16> entry{};
    entry[2] = type;
    entry[15] = marker;
    return entry;
}

Fixture small_fixture() {
    Fixture fixture;
    fixture.bmc.identity.manufacturer_id = 343;
    fixture.bmc.sensors.push_back(SimSensor{0, 0x01, 0x50, true, true, false, 0x0000,
                                            std::array<std::uint8_t, 7>{0x3F, 1, 2, 3, 4, 5, 6}, std::nullopt, false});
    fixture.bmc.sensors.push_back(SimSensor{1, 0x01, 0x77, true, false, false, 0x0005, std::nullopt,
                                            std::array<std::uint8_t, 6>{1, 2, 3, 4, 5, 6}, false});
    fixture.bmc.sensors.push_back(SimSensor{0, 0x02, 0x00, true, true, true, 0, std::nullopt, std::nullopt, false});
    fixture.sdr = {record(0x0001, 43, 0xA1), record(0x0002, 27, 0xA2), record(0x0005, 11, 0xA5)};
    fixture.sdr_addition_timestamp = 0x11223344;
    fixture.sel.capacity = 3;
    fixture.sel.entries = {sel_entry(0x02, 0xE1), sel_entry(0x02, 0xE2)};
    SimController satellite;
    satellite.identity.device_id = 0x2C;
    satellite.sensors.push_back(SimSensor{0, 0x10, 0x42, true, true, false, 0, std::nullopt, std::nullopt, false});
    fixture.satellites[{0, 0x2C}] = satellite;
    fixture.inventory.fru[0] = Bytes(40);
    for (std::size_t i = 0; i < 40; ++i) fixture.inventory.fru[0][i] = static_cast<std::uint8_t>(i);
    fixture.inventory.lan_channel = 1;
    fixture.inventory.max_users = 3;
    fixture.inventory.users = {{2, "admin", true, 4, true}};
    return fixture;
}

struct SimFixture : ::testing::Test {
    std::shared_ptr<SimBmc> bmc = std::make_shared<SimBmc>(small_fixture());
    std::unique_ptr<Transport> transport = make_sim_transport(bmc, "test");

    Response ask(std::uint8_t netfn, std::uint8_t cmd, Bytes data = {}, std::uint8_t lun = 0) {
        auto reply =
            transport->exchange(Request{netfn, cmd, lun, Target::bmc(), std::move(data)}, std::chrono::seconds(1));
        EXPECT_TRUE(reply.ok()) << reply.error().message;
        return reply.ok() ? *reply : Response{0xFF, {}};
    }
    std::uint16_t reserve_sdr() {
        auto reply = ask(0x0A, 0x22);
        return static_cast<std::uint16_t>(reply.data.at(0) | (reply.data.at(1) << 8));
    }
    std::uint16_t reserve_sel() {
        auto reply = ask(0x0A, 0x42);
        return static_cast<std::uint16_t>(reply.data.at(0) | (reply.data.at(1) << 8));
    }
    static Bytes get_args(std::uint16_t reservation, std::uint16_t id, std::uint8_t offset, std::uint8_t count) {
        Bytes out;
        put_u16le(out, reservation);
        put_u16le(out, id);
        out.push_back(offset);
        out.push_back(count);
        return out;
    }
};

TEST_F(SimFixture, AnswersGetDeviceId) {
    auto reply = ask(0x06, 0x01);
    EXPECT_EQ(reply.completion_code, 0x00);
    ASSERT_GE(reply.data.size(), 11U);
    EXPECT_EQ(reply.data[6], 0x57);  // 343 = 0x000157, LS byte first
    EXPECT_EQ(reply.data[7], 0x01);
}

TEST_F(SimFixture, AnswersUnknownCommandsWithInvalidCommand) {
    EXPECT_EQ(ask(0x06, 0x99).completion_code, 0xC1);
    EXPECT_EQ(ask(0x2E, 0x01).completion_code, 0xC1);
}

TEST_F(SimFixture, ServesFruDevicesInPartsOfAtMost32Bytes) {
    EXPECT_EQ(ask(0x0A, 0x10, {0}).data, (Bytes{40, 0, 0x00})) << "40 bytes, byte access";
    EXPECT_EQ(ask(0x0A, 0x10, {1}).completion_code, 0xCB);
    const auto part = ask(0x0A, 0x11, {0, 30, 0, 20});
    EXPECT_EQ(part.data, (Bytes{10, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39})) << "what is left";
    EXPECT_EQ(ask(0x0A, 0x11, {0, 0, 0, 48}).data.size(), 33U) << "a count and 32 bytes";
    EXPECT_EQ(ask(0x0A, 0x11, {0, 40, 0, 1}).completion_code, 0xCC);
    EXPECT_EQ(ask(0x0A, 0x11, {0, 0}).completion_code, 0xC7);
}

TEST_F(SimFixture, AnswersItsLanChannelAndItsUsersOnIt) {
    const auto info = ask(0x06, 0x42, {1});
    ASSERT_EQ(info.completion_code, 0x00);
    EXPECT_EQ(info.data[1], 0x04) << "802.3 LAN";
    EXPECT_EQ(ask(0x06, 0x42, {2}).completion_code, 0xCC);
    EXPECT_EQ(ask(0x06, 0x44, {1, 2}).data, (Bytes{3, 0x41, 0, 0x14})) << "3 IDs, enabled (1 of them), admin";
    EXPECT_EQ(ask(0x06, 0x44, {1, 3}).data, (Bytes{3, 0x81, 0, 0x0F})) << "disabled, no access";
    EXPECT_EQ(ask(0x06, 0x44, {1, 4}).completion_code, 0xCC) << "beyond max_users";
    EXPECT_EQ(ask(0x06, 0x44, {2, 2}).completion_code, 0xCC) << "not the LAN channel";
    Bytes admin(16, 0);
    std::copy_n("admin", 5, admin.begin());
    EXPECT_EQ(ask(0x06, 0x46, {2}).data, admin);
    EXPECT_EQ(ask(0x06, 0x46, {3}).data, Bytes(16, 0));
}

TEST_F(SimFixture, ReportsTheSdrRepository) {
    auto reply = ask(0x0A, 0x20);
    ASSERT_EQ(reply.completion_code, 0x00);
    ASSERT_EQ(reply.data.size(), 14U);
    EXPECT_EQ(reply.data[0], 0x51);
    EXPECT_EQ(reply.data[1], 3);     // record count
    EXPECT_EQ(reply.data[5], 0x44);  // addition timestamp, LS first
    EXPECT_EQ(reply.data[8], 0x11);
}

TEST_F(SimFixture, WalksTheSdrChainWithWholeRecordReads) {
    std::vector<std::uint16_t> ids;
    std::uint16_t next = 0x0000;
    for (int guard = 0; guard < 10 && next != 0xFFFF; ++guard) {
        auto reply = ask(0x0A, 0x23, get_args(0, next, 0, 0xFF));
        ASSERT_EQ(reply.completion_code, 0x00);
        ids.push_back(static_cast<std::uint16_t>(reply.data[2] | (reply.data[3] << 8)));
        next = static_cast<std::uint16_t>(reply.data[0] | (reply.data[1] << 8));
    }
    EXPECT_EQ(ids, (std::vector<std::uint16_t>{1, 2, 5}));
    EXPECT_EQ(next, 0xFFFF);
}

TEST_F(SimFixture, PartialSdrReadsNeedAValidReservation) {
    EXPECT_EQ(ask(0x0A, 0x23, get_args(0x1234, 1, 5, 10)).completion_code, 0xC5);
    const auto reservation = reserve_sdr();
    auto reply = ask(0x0A, 0x23, get_args(reservation, 1, 5, 10));
    ASSERT_EQ(reply.completion_code, 0x00);
    EXPECT_EQ(reply.data.size(), 2U + 10U);
    EXPECT_EQ(reply.data[2], 0xA1);
    const auto newer = reserve_sdr();
    EXPECT_NE(newer, reservation);
    EXPECT_EQ(ask(0x0A, 0x23, get_args(reservation, 1, 5, 10)).completion_code, 0xC5)
        << "a new reservation cancels the old";
}

TEST_F(SimFixture, ReadsPastTheEndOfARecordReturnWhatIsLeft) {
    const auto reservation = reserve_sdr();
    auto reply = ask(0x0A, 0x23, get_args(reservation, 5, 10, 32));
    ASSERT_EQ(reply.completion_code, 0x00);
    EXPECT_EQ(reply.data.size(), 2U + 6U);  // 16-byte record, from offset 10
    EXPECT_EQ(ask(0x0A, 0x23, get_args(reservation, 5, 17, 1)).completion_code, 0xC9);
}

TEST_F(SimFixture, MissingRecordsAreNotPresent) {
    EXPECT_EQ(ask(0x0A, 0x23, get_args(0, 3, 0, 0xFF)).completion_code, 0xCB);
    EXPECT_EQ(ask(0x0A, 0x23, Bytes{0, 0, 1}).completion_code, 0xC7);
}

TEST_F(SimFixture, InjectsAMaximumReadLength) {
    bmc->faults().max_read = 16;
    EXPECT_EQ(ask(0x0A, 0x23, get_args(0, 1, 0, 0xFF)).completion_code, 0xCA);
    EXPECT_EQ(ask(0x0A, 0x23, get_args(0, 1, 0, 16)).completion_code, 0x00);
    EXPECT_EQ(ask(0x0A, 0x23, get_args(0, 5, 0, 0xFF)).completion_code, 0x00) << "a 16-byte record fits";
}

TEST_F(SimFixture, InjectsReservationCancellationMidRead) {
    bmc->faults().cancel_reservation_every = 2;
    const auto reservation = reserve_sdr();
    EXPECT_EQ(ask(0x0A, 0x23, get_args(reservation, 1, 5, 4)).completion_code, 0x00);
    EXPECT_EQ(ask(0x0A, 0x23, get_args(reservation, 1, 9, 4)).completion_code, 0xC5);
    const auto renewed = reserve_sdr();
    EXPECT_EQ(ask(0x0A, 0x23, get_args(renewed, 1, 9, 4)).completion_code, 0x00);
}

TEST_F(SimFixture, InjectsCompletionCodesAndDroppedReplies) {
    bmc->add_fault(FaultRule{0x06, 0x01, 0xC0, false, 2, 1});
    EXPECT_EQ(ask(0x06, 0x01).completion_code, 0x00) << "skip 1";
    EXPECT_EQ(ask(0x06, 0x01).completion_code, 0xC0);
    EXPECT_EQ(ask(0x06, 0x01).completion_code, 0xC0);
    EXPECT_EQ(ask(0x06, 0x01).completion_code, 0x00) << "times 2";
    bmc->add_fault(FaultRule{std::nullopt, std::nullopt, std::nullopt, true, 1, 0});
    auto dropped = transport->exchange(Request{0x0A, 0x20, 0, Target::bmc(), {}}, std::chrono::seconds(1));
    ASSERT_FALSE(dropped.ok());
    EXPECT_EQ(dropped.error().kind, ErrorKind::Timeout);
}

TEST_F(SimFixture, EngineRetriesThroughInjectedBusyReplies) {
    bmc->add_fault(FaultRule{0x06, 0x01, 0xC0, false, 2, 0});
    EngineOptions options;
    options.sleep = [](std::chrono::milliseconds) {};
    Engine engine(make_sim_transport(bmc, "test"), options);
    EXPECT_TRUE(engine.call(Request{0x06, 0x01, 0, Target::bmc(), {}}).ok());
    EXPECT_EQ(engine.requests_sent(), 3U);
}

TEST_F(SimFixture, ReadsSensorsPerLun) {
    auto lun0 = ask(0x04, 0x2D, {0x01}, 0);
    ASSERT_EQ(lun0.completion_code, 0x00);
    EXPECT_EQ(lun0.data[0], 0x50);
    EXPECT_EQ(lun0.data[1], 0xC0);  // events and scanning enabled
    auto lun1 = ask(0x04, 0x2D, {0x01}, 1);
    EXPECT_EQ(lun1.data[0], 0x77) << "the same number on LUN 1 is another sensor";
    EXPECT_EQ(lun1.data[1], 0x80) << "scanning disabled";
    EXPECT_EQ(lun1.data[2], 0x05);
    EXPECT_EQ(ask(0x04, 0x2D, {0x02}).data[1] & 0x20, 0x20) << "reading unavailable";
    EXPECT_EQ(ask(0x04, 0x2D, {0x09}).completion_code, 0xCB);
    EXPECT_EQ(ask(0x04, 0x2D, {}).completion_code, 0xC7);
}

TEST_F(SimFixture, AnswersThresholdsAndReadingFactors) {
    auto thresholds = ask(0x04, 0x27, {0x01});
    EXPECT_EQ(thresholds.data, (Bytes{0x3F, 1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(ask(0x04, 0x27, {0x01}, 1).completion_code, 0xC1) << "no thresholds on that sensor";
    auto factors = ask(0x04, 0x23, {0x01, 0x10}, 1);
    EXPECT_EQ(factors.data, (Bytes{0x11, 1, 2, 3, 4, 5, 6}));
}

TEST_F(SimFixture, BridgesToSatellitesThroughSendAndGetMessage) {
    auto reply = transport->exchange(Request{0x04, 0x2D, 0, Target::ipmb(0, 0x2C), {0x10}}, std::chrono::seconds(1));
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    EXPECT_EQ(reply->completion_code, 0x00);
    EXPECT_EQ(reply->data.at(0), 0x42);
    auto id = transport->exchange(Request{0x06, 0x01, 0, Target::ipmb(0, 0x2C), {}}, std::chrono::seconds(1));
    EXPECT_EQ(id->data.at(0), 0x2C);
    EXPECT_EQ(ask(0x06, 0x33).completion_code, 0x80) << "the queue is drained";
}

TEST_F(SimFixture, AnUnreachableSatelliteIsAnErrorNotAZero) {
    auto reply = transport->exchange(Request{0x04, 0x2D, 0, Target::ipmb(0, 0x40), {0x10}}, std::chrono::seconds(1));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::Transport);
    EXPECT_NE(reply.error().message.find("NAK on write"), std::string::npos);
}

TEST_F(SimFixture, SendMessageChecksChecksums) {
    // Channel 0 with tracking; header checksum wrong on purpose.
    EXPECT_EQ(ask(0x06, 0x34, {0x40, 0x2C, 0x18, 0x00, 0x20, 0x08, 0x01, 0xD7}).completion_code, 0xCC);
}

TEST_F(SimFixture, ReportsAndReadsTheSel) {
    auto info = ask(0x0A, 0x40);
    ASSERT_EQ(info.data.size(), 14U);
    EXPECT_EQ(info.data[1], 2);   // entries
    EXPECT_EQ(info.data[3], 16);  // free: one entry of 16 bytes
    auto first = ask(0x0A, 0x43, get_args(0, 0, 0, 0xFF));
    ASSERT_EQ(first.completion_code, 0x00);
    EXPECT_EQ(first.data.size(), 2U + 16U);
    EXPECT_EQ(first.data[2], 1) << "record IDs are assigned from 1";
    EXPECT_EQ(first.data.back(), 0xE1);
    EXPECT_EQ(first.data[0], 2) << "next record";
    auto last = ask(0x0A, 0x43, get_args(0, 0xFFFF, 0, 0xFF));
    EXPECT_EQ(last.data[0], 0xFF);
    EXPECT_EQ(last.data.back(), 0xE2);
}

TEST_F(SimFixture, AddsSelEntriesUntilFull) {
    Bytes entry(16, 0x00);
    entry[2] = 0x02;
    auto added = ask(0x0A, 0x44, entry);
    ASSERT_EQ(added.completion_code, 0x00);
    EXPECT_EQ(added.data, (Bytes{0x03, 0x00}));
    EXPECT_EQ(ask(0x0A, 0x44, entry).completion_code, 0xC4) << "capacity 3";
    EXPECT_EQ(ask(0x0A, 0x40).data[13] & 0x80, 0x80) << "overflow flag";
    auto stored = ask(0x0A, 0x43, get_args(0, 3, 0, 0xFF));
    EXPECT_NE(stored.data[5] | stored.data[6] | stored.data[7] | stored.data[8], 0) << "timestamped by the BMC";
}

TEST_F(SimFixture, ClearsTheSelWithAReservationAndReportsProgress) {
    bmc->faults().erase_polls = 1;
    EXPECT_EQ(ask(0x0A, 0x47, {0, 0, 'C', 'L', 'R', 0xAA}).completion_code, 0xC5);
    auto reservation = reserve_sel();
    Bytes clear{static_cast<std::uint8_t>(reservation & 0xFF),
                static_cast<std::uint8_t>(reservation >> 8),
                'C',
                'L',
                'R',
                0xAA};
    EXPECT_EQ(ask(0x0A, 0x47, clear).completion_code, 0x00);
    EXPECT_EQ(bmc->sel_size(), 0U);
    reservation = reserve_sel();
    Bytes status{static_cast<std::uint8_t>(reservation & 0xFF),
                 static_cast<std::uint8_t>(reservation >> 8),
                 'C',
                 'L',
                 'R',
                 0x00};
    EXPECT_EQ(ask(0x0A, 0x47, status).data, (Bytes{0x00})) << "in progress";
    EXPECT_EQ(ask(0x0A, 0x47, status).data, (Bytes{0x01})) << "completed";
    Bytes wrong = clear;
    wrong[0] = static_cast<std::uint8_t>(reservation & 0xFF);
    wrong[1] = static_cast<std::uint8_t>(reservation >> 8);
    wrong[3] = 'X';
    EXPECT_EQ(ask(0x0A, 0x47, wrong).completion_code, 0xCC);
}

TEST_F(SimFixture, KeepsAndSetsSelTime) {
    Bytes set;
    put_u32le(set, 0x60000000);
    EXPECT_EQ(ask(0x0A, 0x49, set).completion_code, 0x00);
    auto time = ask(0x0A, 0x48);
    ByteReader in(time.data);
    const auto now = in.u32le().value_or(0);
    EXPECT_GE(now, 0x60000000U);
    EXPECT_LE(now, 0x60000002U);
    EXPECT_EQ(ask(0x0A, 0x5C).data, (Bytes{0xFF, 0x07})) << "UTC offset unspecified";
}

}  // namespace
}  // namespace ipmiprov::bridge::sim

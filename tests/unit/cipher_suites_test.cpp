// Get Channel Cipher Suites (IPMI 2.0 §22.15) outside a session: the
// packet, its reply, the record list, and the suite a session picks.
#include <gtest/gtest.h>

#include "bridge/cipher_suites.hpp"
#include "bridge/sessionless.hpp"
#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge {
namespace {

std::vector<std::uint8_t> bytes(std::string_view text) {
    auto parsed = parse_hex(text);
    EXPECT_TRUE(parsed) << text;
    return parsed.value_or(std::vector<std::uint8_t>{});
}

std::vector<int> ids(const CipherSuiteList& list) {
    std::vector<int> out;
    for (const auto& suite : list.suites) out.push_back(suite.id);
    return out;
}

// What ipmi_sim 2.0.33 lists (suites 0-14), as the BMC sends it over pages.
constexpr std::string_view kIpmiSimRecords =
    "c0 00 00 40 80 c0 01 01 40 80 c0 02 01 41 80 c0 03 01 41 81 c0 04 01 41 82 c0 05 01 41 83 "
    "c0 06 02 40 80 c0 07 02 42 80 c0 08 02 42 81 c0 09 02 42 82 c0 0a 02 42 83 c0 0b 02 43 80 "
    "c0 0c 02 43 81 c0 0d 02 43 82 c0 0e 02 43 83";

TEST(CipherSuiteRecords, DecodesEveryStandardRecord) {
    const auto list = decode_cipher_suite_records(bytes(kIpmiSimRecords));
    EXPECT_TRUE(list.problems.empty());
    ASSERT_EQ(list.suites.size(), 15U);
    EXPECT_EQ(list.suites[3], (OfferedSuite{3, std::nullopt, 0x01, 0x01, 0x01}));
    EXPECT_EQ(list.suites[14], (OfferedSuite{14, std::nullopt, 0x02, 0x03, 0x03}));
}

TEST(CipherSuiteRecords, AnOemRecordCarriesItsIanaNumber) {
    const auto list = decode_cipher_suite_records(bytes("c1 80 a2 02 00 30 70 b0 c0 11 03 44 81"));
    EXPECT_TRUE(list.problems.empty());
    ASSERT_EQ(list.suites.size(), 2U);
    EXPECT_EQ(list.suites[0].oem_iana, 0x0002A2U);
    EXPECT_EQ(list.suites[0].authentication, 0x30);
    EXPECT_EQ(list.suites[1], (OfferedSuite{17, std::nullopt, 0x03, 0x04, 0x01}));
}

TEST(CipherSuiteRecords, NamesWhatIsWrongAndKeepsTheRest) {
    const auto list =
        decode_cipher_suite_records(bytes("17 c0 03 01 41 81 c0 05 41 81 c0 11 03 44 41 81 c0 10 03 44 "
                                          "80 c1 90 a2"));
    EXPECT_EQ(ids(list), (std::vector<int>{3, 16}));
    ASSERT_EQ(list.problems.size(), 4U);
    EXPECT_EQ(list.problems[0], "byte 0: 17h where a record starts (C0h or C1h)");
    EXPECT_EQ(list.problems[1], "byte 6: suite 5 names no authentication algorithm");
    EXPECT_EQ(list.problems[2], "byte 10: suite 17 names two algorithms of one kind");
    EXPECT_EQ(list.problems[3], "byte 21: record cut short");
}

TEST(CipherSuiteRecords, NothingIsAnEmptyList) {
    const auto list = decode_cipher_suite_records({});
    EXPECT_TRUE(list.suites.empty());
    EXPECT_TRUE(list.problems.empty());
}

TEST(PreferredCipherSuite, SeventeenThenThreeThenTheWeakerOnesWithIntegrity) {
    const auto sim = decode_cipher_suite_records(bytes(kIpmiSimRecords));
    EXPECT_EQ(preferred_cipher_suite(sim.suites), 3);
    auto with_17 = sim.suites;
    with_17.push_back({17, std::nullopt, 0x03, 0x04, 0x01});
    EXPECT_EQ(preferred_cipher_suite(with_17), 17);
    const std::vector<OfferedSuite> md5_only{{8, std::nullopt, 0x02, 0x02, 0x01}, {6, std::nullopt, 0x02, 0, 0}};
    EXPECT_EQ(preferred_cipher_suite(md5_only), 8);
    const std::vector<OfferedSuite> no_integrity{{0, std::nullopt, 0, 0, 0}, {1, std::nullopt, 1, 0, 0}};
    EXPECT_EQ(preferred_cipher_suite(no_integrity), std::nullopt);
}

TEST(PreferredCipherSuite, AnIdWithOtherAlgorithmsOrAnOemOneIsNotTaken) {
    const std::vector<OfferedSuite> odd{{17, std::nullopt, 0x01, 0x01, 0x01}, {3, 0x0002A2, 0x01, 0x01, 0x01}};
    EXPECT_EQ(preferred_cipher_suite(odd), std::nullopt);
}

const Request kGetCipherSuites{netfn::kApp, 0x54, 0, Target::bmc(), {0x0E, 0x00, 0x80}};

TEST(Sessionless, PacketHasAnIpmi15HeaderWithoutAuthenticationAndBothChecksums) {
    EXPECT_EQ(hex(sessionless_packet(kGetCipherSuites, 5)),
              "06 00 ff 07 00 00 00 00 00 00 00 00 00 0a 20 18 c8 81 14 54 0e 00 80 89");
}

TEST(Sessionless, DecodesTheReplyToItsRequest) {
    const auto reply = decode_sessionless_reply(
        bytes("06 00 ff 07 00 00 00 00 00 00 00 00 00 0e 81 1c 63 20 14 54 00 01 c0 11 03 44 81 de"), kGetCipherSuites,
        5);
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    EXPECT_EQ(reply->completion_code, 0);
    EXPECT_EQ(hex(reply->data), "01 c0 11 03 44 81");
}

TEST(Sessionless, RefusesWhatIsNotTheReplyToItsRequest) {
    const std::string good = "06 00 ff 07 00 00 00 00 00 00 00 00 00 0e 81 1c 63 20 14 54 00 01 c0 11 03 44 81 de";
    const auto problem = [&](std::string_view packet, std::uint8_t sequence = 5) {
        auto reply = decode_sessionless_reply(bytes(packet), kGetCipherSuites, sequence);
        return reply.ok() ? std::string("accepted") : reply.error().message;
    };
    EXPECT_EQ(problem(good, 6), "malformed reply outside a session: answers another request");
    EXPECT_EQ(problem("06 00 ff 06 00"), "malformed reply outside a session: not an RMCP packet of class IPMI");
    EXPECT_EQ(problem("06 00 ff 07 00 00 00 00 00 00 00 00 00 0e 81 1c 64 20 14 54 00 01 c0 11 03 44 81 de"),
              "malformed reply outside a session: header checksum");
    EXPECT_EQ(problem("06 00 ff 07 00 00 00 00 00 00 00 00 00 0e 81 1c 63 20 14 54 00 01 c0 11 03 44 81 df"),
              "malformed reply outside a session: data checksum");
    EXPECT_EQ(problem("06 00 ff 07 00 00 00 00 00 00 00 00 00 20 81 1c 63 20"),
              "malformed reply outside a session: message of 32 bytes, 4 present");
    EXPECT_EQ(problem("06 00 ff 07 00 00 00 00 00 01 00 00 00 0e 81 1c 63 20 14 54 00 01 c0 11 03 44 81 de"),
              "malformed reply outside a session: a session ID outside a session");
}

}  // namespace
}  // namespace ipmiprov::bridge

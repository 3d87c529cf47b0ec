// RAKP-HMAC-SHA256 and HMAC-SHA256-128 (IPMI 2.0 errata 4, cipher suites
// 15-17): known answers. HMAC-SHA256 itself against RFC 4231; the RAKP codes
// and keys against the spec's definitions (§13.31, §13.32) computed apart
// from this code, with Python's hmac module:
//   H = lambda k, d: hmac.new(k, d, hashlib.sha256).digest()
//   SIDm = pack('<I', 0x0A0B0C0D); SIDc = pack('<I', 0x11223344)
//   Rm = bytes(range(0, 16)); Rc = bytes(range(16, 32)); GUIDc = bytes(range(32, 48))
//   RU = bytes([0x14, 5]) + b'admin'; Kuid = b's3cret'
//   RAKP2 = H(Kuid, SIDm+SIDc+Rm+Rc+GUIDc+RU); RAKP3 = H(Kuid, Rc+SIDm+RU)
//   SIK = H(Kuid, Rm+Rc+RU); K1 = H(SIK, b'\x01'*20); K2 = H(SIK, b'\x02'*20)
//   RAKP4 = H(SIK, Rm+SIDc+GUIDc)[:16]; MAC = H(K1, packet)[:16]
// The interoperability test (tests/integration/sha256_test.cpp) checks the
// same against ipmitool, FreeIPMI and a pyghmi BMC.
#include <gtest/gtest.h>

#include <numeric>
#include <string>

#include "bridge/message.hpp"
#include "bridge/rakp_sha256.hpp"

namespace ipmiprov::bridge::rakp {
namespace {

std::string hex_of(Bytes bytes) {
    auto text = hex(bytes);
    std::erase(text, ' ');
    return text;
}

std::vector<std::uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

Nonce counting_from(std::uint8_t first) {
    Nonce nonce{};
    std::iota(nonce.begin(), nonce.end(), first);
    return nonce;
}

class KnownAnswers : public ::testing::Test {
protected:
    KnownAnswers() {
        exchange.console_session_id = 0x0A0B0C0D;
        exchange.bmc_session_id = 0x11223344;
        exchange.console_random = counting_from(0);
        exchange.bmc_random = counting_from(16);
        exchange.bmc_guid = counting_from(32);
        exchange.role = 0x14;  // administrator, name-only lookup
        exchange.user_name = user;
    }
    const std::vector<std::uint8_t> user = bytes_of("admin");
    const std::vector<std::uint8_t> password = bytes_of("s3cret");
    KeyExchange exchange;
};

TEST(HmacSha256, MatchesRfc4231TestCase2) {
    EXPECT_EQ(hex_of(hmac_sha256(bytes_of("Jefe"), bytes_of("what do ya want for nothing?"))),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(KnownAnswers, Rakp2CodeIsTheBmcsProofOfThePassword) {
    EXPECT_EQ(hex_of(rakp2_code(exchange, password)),
              "53e9691535fe6fa3e625c8f1f0abbc30948161562a2997b7616563b9cb2777bf");
}

TEST_F(KnownAnswers, Rakp3CodeIsTheConsolesProofOfThePassword) {
    EXPECT_EQ(hex_of(rakp3_code(exchange, password)),
              "d18259e46fccbcd9669a96447a8e9d9035e42daf74756af4dfb1b2c1eff0aff0");
}

TEST_F(KnownAnswers, SessionKeysFollowSection13_32) {
    const auto keys = session_keys(exchange, password);
    EXPECT_EQ(hex_of(keys.sik), "0b8847d272b45529feabd7d7fad1e3fa8674246d36c4c2fa070a6aaaad2a3e01");
    EXPECT_EQ(hex_of(keys.k1), "2652dd7f0a408e419f320f168622076d1ba1d3080080c417f3354084cf969676");
    EXPECT_EQ(hex_of(keys.k2), "f92020a589a06c573b38a0304736603971795cc1bdfac87f70e4614e48a4273c");
}

TEST_F(KnownAnswers, Rakp4CheckIsTheFirst128BitsOverTheSessionKey) {
    const auto keys = session_keys(exchange, password);
    EXPECT_EQ(hex_of(rakp4_check(exchange, keys.sik)), "60feb2ec84b8363f7e2b8702246fdc97");
}

TEST_F(KnownAnswers, PacketIntegrityIsHmacSha256With128BitsKept) {
    const auto keys = session_keys(exchange, password);
    const auto packet = parse_hex("06 c0 44 33 22 11 01 00 00 00 04 00 20 18 c8 81 04 01 7a ff 01 07");
    ASSERT_TRUE(packet);
    EXPECT_EQ(hex_of(hmac_sha256_128(keys.k1, *packet)), "21b4a9ae69d60c1b1ad6f186a416b496");
}

// IPMI keeps a password as 20 bytes padded with zeros; HMAC pads its key
// with zeros too, so either form gives the same code.
TEST_F(KnownAnswers, AZeroPaddedPasswordGivesTheSameCodes) {
    auto padded = password;
    padded.resize(20, 0);
    EXPECT_EQ(rakp3_code(exchange, padded), rakp3_code(exchange, password));
    EXPECT_EQ(session_keys(exchange, padded).sik, session_keys(exchange, password).sik);
}

TEST_F(KnownAnswers, EveryInputChangesTheCode) {
    const auto reference = rakp2_code(exchange, password);
    auto other = exchange;
    other.role = 0x04;
    EXPECT_NE(rakp2_code(other, password), reference);
    other = exchange;
    other.bmc_guid[15] ^= 1;
    EXPECT_NE(rakp2_code(other, password), reference);
    EXPECT_NE(rakp2_code(exchange, bytes_of("s3creT")), reference);
}

TEST(SameCode, ComparesLengthAndEveryByte) {
    const std::vector<std::uint8_t> a{1, 2, 3};
    const std::vector<std::uint8_t> b{1, 2, 4};
    const std::vector<std::uint8_t> shorter{1, 2};
    EXPECT_TRUE(same_code(a, a));
    EXPECT_FALSE(same_code(a, b));
    EXPECT_FALSE(same_code(a, shorter));
}

}  // namespace
}  // namespace ipmiprov::bridge::rakp

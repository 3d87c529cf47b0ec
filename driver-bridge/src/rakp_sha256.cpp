#include "bridge/rakp_sha256.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <vector>

namespace ipmiprov::bridge::rakp {
namespace {

// The HMAC inputs of §13.31: fields laid end to end as they travel.
class Message {
public:
    Message& add(Bytes bytes) {
        bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
        return *this;
    }
    Message& add_u32(std::uint32_t value) {
        for (int shift = 0; shift < 32; shift += 8) bytes_.push_back(static_cast<std::uint8_t>(value >> shift));
        return *this;
    }
    // Role, name length, name: the tail every RAKP code shares.
    Message& add_role_and_name(const KeyExchange& exchange) {
        bytes_.push_back(exchange.role);
        bytes_.push_back(static_cast<std::uint8_t>(exchange.user_name.size()));
        return add(exchange.user_name);
    }
    [[nodiscard]] Bytes bytes() const { return bytes_; }

private:
    std::vector<std::uint8_t> bytes_;
};

Mac128 first_128_bits(const Sha256& mac) {
    Mac128 out{};
    std::copy_n(mac.begin(), out.size(), out.begin());
    return out;
}

}  // namespace

Sha256 hmac_sha256(Bytes key, Bytes data) {
    Sha256 out{};
    unsigned int length = 0;
    // A key shorter than the hash's block is padded with zeros (RFC 2104), so
    // a password zero-padded to 20 bytes, as IPMI stores it, gives the same
    // code as the password alone.
    static constexpr std::uint8_t kNoKey = 0;
    HMAC(EVP_sha256(), key.empty() ? &kNoKey : key.data(), static_cast<int>(key.size()),
         data.empty() ? &kNoKey : data.data(), data.size(), out.data(), &length);
    return out;
}

Sha256 rakp2_code(const KeyExchange& exchange, Bytes kuid) {
    Message message;
    message.add_u32(exchange.console_session_id)
        .add_u32(exchange.bmc_session_id)
        .add(exchange.console_random)
        .add(exchange.bmc_random)
        .add(exchange.bmc_guid)
        .add_role_and_name(exchange);
    return hmac_sha256(kuid, message.bytes());
}

Sha256 rakp3_code(const KeyExchange& exchange, Bytes kuid) {
    Message message;
    message.add(exchange.bmc_random).add_u32(exchange.console_session_id).add_role_and_name(exchange);
    return hmac_sha256(kuid, message.bytes());
}

SessionKeys session_keys(const KeyExchange& exchange, Bytes kg) {
    Message message;
    message.add(exchange.console_random).add(exchange.bmc_random).add_role_and_name(exchange);
    SessionKeys keys;
    keys.sik = hmac_sha256(kg, message.bytes());
    // The constants are 20 bytes long whatever the hash (§13.32).
    std::array<std::uint8_t, 20> const1{};
    std::array<std::uint8_t, 20> const2{};
    const1.fill(0x01);
    const2.fill(0x02);
    keys.k1 = hmac_sha256(keys.sik, const1);
    keys.k2 = hmac_sha256(keys.sik, const2);
    return keys;
}

Mac128 rakp4_check(const KeyExchange& exchange, const Sha256& sik) {
    Message message;
    message.add(exchange.console_random).add_u32(exchange.bmc_session_id).add(exchange.bmc_guid);
    return first_128_bits(hmac_sha256(sik, message.bytes()));
}

Mac128 hmac_sha256_128(Bytes k1, Bytes packet) {
    return first_128_bits(hmac_sha256(k1, packet));
}

bool same_code(Bytes expected, Bytes received) {
    return expected.size() == received.size() && CRYPTO_memcmp(expected.data(), received.data(), expected.size()) == 0;
}

}  // namespace ipmiprov::bridge::rakp

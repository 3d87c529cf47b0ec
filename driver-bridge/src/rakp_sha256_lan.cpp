// RAKP-HMAC-SHA256 as a libOpenIPMI authentication algorithm: the console's
// half of the key exchange of IPMI 2.0 §13.20-13.23 (RAKP messages 1-4),
// sent and received through the library's LAN connection; and HMAC-SHA256-128
// as its integrity algorithm (§13.28.4). The keys come from rakp_sha256.cpp.
//
// The library's buffers for SIK, K1 and K2 hold 20 bytes (SHA-1's size); the
// 32-byte K1 goes to the integrity algorithm directly (see PendingK1), and
// the library keeps the first 20 bytes of each, of which AES-CBC-128 uses 16.
#include "rakp_sha256_lan.hpp"

#include <OpenIPMI/ipmi_addr.h>
#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_lan.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

#include "bridge/rakp_sha256.hpp"

namespace ipmiprov::bridge {
namespace {

using rakp::Bytes;

// RMCP+ payload types of the key exchange (Table 13-16).
constexpr unsigned kRakp1 = 0x12;
constexpr unsigned kRakp3 = 0x14;
// Byte offsets of RAKP messages 1-4 (§13.20-13.23).
constexpr std::size_t kSessionIdAt = 4;
constexpr std::size_t kRakp1RandomAt = 8;
constexpr std::size_t kRakp1RoleAt = 24;
constexpr std::size_t kRakp1NameLengthAt = 27;
constexpr std::size_t kRakp1NameAt = 28;
constexpr std::size_t kRakp2RandomAt = 8;
constexpr std::size_t kRakp2GuidAt = 24;
constexpr std::size_t kRakp2CodeAt = 40;
constexpr std::size_t kRakp3CodeAt = 8;
constexpr std::size_t kRakp4CheckAt = 8;
constexpr std::size_t kNonce = 16;
// A reply of the library's own making when the BMC did not answer in time:
// a completion code alone, where a RAKP message has a tag and a status.
constexpr std::size_t kShortestRakpReply = 2;
// RMCP+ status codes a console sends in RAKP 3 (Table 13-15).
constexpr std::uint8_t kInvalidSessionId = IPMI_RMCPP_INVALID_SESSION_ID;
constexpr std::uint8_t kInvalidIntegrityCheck = 0x0F;

std::uint32_t u32_at(Bytes bytes, std::size_t at) {
    return static_cast<std::uint32_t>(bytes[at]) | static_cast<std::uint32_t>(bytes[at + 1]) << 8 |
           static_cast<std::uint32_t>(bytes[at + 2]) << 16 | static_cast<std::uint32_t>(bytes[at + 3]) << 24;
}
void put_u32(std::span<std::uint8_t> bytes, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// One key exchange in flight: owned by the library's message item between
// the callbacks (data1), freed when it finishes.
struct Exchange {
    ipmi_rmcpp_auth_t* ainfo = nullptr;
    ipmi_rmcpp_set_info_cb set = nullptr;
    ipmi_rmcpp_finish_auth_cb done = nullptr;
    void* cb_data = nullptr;
    std::uint8_t tag = 0;
    rakp::SessionKeys keys{};
};

// The values of the exchange as the library holds them.
rakp::KeyExchange key_exchange(ipmi_rmcpp_auth_t* ainfo) {
    rakp::KeyExchange exchange;
    exchange.console_session_id = ipmi_rmcpp_auth_get_my_session_id(ainfo);
    exchange.bmc_session_id = ipmi_rmcpp_auth_get_mgsys_session_id(ainfo);
    unsigned int length = 0;
    std::copy_n(ipmi_rmcpp_auth_get_my_rand(ainfo, &length), kNonce, exchange.console_random.begin());
    std::copy_n(ipmi_rmcpp_auth_get_mgsys_rand(ainfo, &length), kNonce, exchange.bmc_random.begin());
    std::copy_n(ipmi_rmcpp_auth_get_mgsys_guid(ainfo, &length), kNonce, exchange.bmc_guid.begin());
    exchange.role = ipmi_rmcpp_auth_get_role(ainfo);
    const auto* name = ipmi_rmcpp_auth_get_username(ainfo, &length);
    exchange.user_name = Bytes(name, std::min(ipmi_rmcpp_auth_get_username_len(ainfo), length));
    return exchange;
}

Bytes password(ipmi_rmcpp_auth_t* ainfo) {
    unsigned int capacity = 0;
    const auto* bytes = ipmi_rmcpp_auth_get_password(ainfo, &capacity);
    return {bytes, std::min(ipmi_rmcpp_auth_get_password_len(ainfo), capacity)};
}
Bytes bmc_key(ipmi_rmcpp_auth_t* ainfo) {
    unsigned int capacity = 0;
    const auto* bytes = ipmi_rmcpp_auth_get_bmc_key(ainfo, &capacity);
    return {bytes, std::min(ipmi_rmcpp_auth_get_bmc_key_len(ainfo), capacity)};
}

// The library keeps as much of each key as its buffers hold.
void hand_over_keys(ipmi_rmcpp_auth_t* ainfo, const rakp::SessionKeys& keys) {
    unsigned int capacity = 0;
    auto* sik = ipmi_rmcpp_auth_get_sik(ainfo, &capacity);
    const auto sik_length = std::min<std::size_t>(capacity, keys.sik.size());
    std::copy_n(keys.sik.begin(), sik_length, sik);
    ipmi_rmcpp_auth_set_sik_len(ainfo, static_cast<unsigned>(sik_length));
    auto* k1 = ipmi_rmcpp_auth_get_k1(ainfo, &capacity);
    const auto k1_length = std::min<std::size_t>(capacity, keys.k1.size());
    std::copy_n(keys.k1.begin(), k1_length, k1);
    ipmi_rmcpp_auth_set_k1_len(ainfo, static_cast<unsigned>(k1_length));
    auto* k2 = ipmi_rmcpp_auth_get_k2(ainfo, &capacity);
    const auto k2_length = std::min<std::size_t>(capacity, keys.k2.size());
    std::copy_n(keys.k2.begin(), k2_length, k2);
    ipmi_rmcpp_auth_set_k2_len(ainfo, static_cast<unsigned>(k2_length));
}

// The whole K1 for the integrity algorithm that the library sets up, from
// inside the `set` call of handle_rakp2, on this thread.
thread_local const rakp::Sha256* pending_k1 = nullptr;

int send_rakp(ipmi_con_t* ipmi, int addr_num, unsigned payload_type, std::span<std::uint8_t> data,
              ipmi_ll_rsp_handler_t handler, ipmi_msgi_t* item) {
    ipmi_rmcpp_addr_t address{};
    address.addr_type = static_cast<int>(IPMI_RMCPP_ADDR_START + payload_type);
    ipmi_msg_t message{};
    message.netfn = IPMI_RMCPP_DUMMY_NETFN;
    message.data = data.data();
    message.data_len = static_cast<unsigned short>(data.size());
    return ipmi_lan_send_command_forceip(ipmi, addr_num, reinterpret_cast<ipmi_addr_t*>(&address), sizeof(address),
                                         &message, handler, item);
}

// Ends the exchange: tells the library, frees ours.
int finish(std::unique_ptr<Exchange> exchange, ipmi_con_t* ipmi, int addr_num, int error) {
    exchange->done(ipmi, error, addr_num, exchange->cb_data);
    return IPMI_MSG_ITEM_NOT_USED;
}

int send_rakp3(ipmi_con_t* ipmi, int addr_num, const Exchange& exchange, std::uint8_t status,
               ipmi_ll_rsp_handler_t handler, ipmi_msgi_t* item);

// RAKP message 4 (§13.23): the BMC proves it holds the same session key.
int handle_rakp4(ipmi_con_t* ipmi, ipmi_msgi_t* item) {
    std::unique_ptr<Exchange> exchange(static_cast<Exchange*>(item->data1));
    const int addr_num = static_cast<int>(reinterpret_cast<std::intptr_t>(item->data4));
    if (ipmi == nullptr) return finish(std::move(exchange), ipmi, addr_num, ECANCELED);
    const Bytes reply(item->msg.data, item->msg.data_len);
    if (reply.size() < kShortestRakpReply) return finish(std::move(exchange), ipmi, addr_num, ETIMEDOUT);
    if (reply[1] != 0)
        return finish(std::move(exchange), ipmi, addr_num, static_cast<int>(IPMI_RMCPP_ERR_VAL(reply[1])));
    const auto values = key_exchange(exchange->ainfo);
    if (reply.size() < kRakp4CheckAt + sizeof(rakp::Mac128) || u32_at(reply, kSessionIdAt) != values.console_session_id)
        return finish(std::move(exchange), ipmi, addr_num, EBADMSG);
    const auto expected = rakp::rakp4_check(values, exchange->keys.sik);
    if (!rakp::same_code(expected, reply.subspan(kRakp4CheckAt, expected.size())))
        return finish(std::move(exchange), ipmi, addr_num, EKEYREJECTED);
    return finish(std::move(exchange), ipmi, addr_num, 0);
}

int send_rakp3(ipmi_con_t* ipmi, int addr_num, const Exchange& exchange, std::uint8_t status,
               ipmi_ll_rsp_handler_t handler, ipmi_msgi_t* item) {
    std::array<std::uint8_t, kRakp3CodeAt + sizeof(rakp::Sha256)> message{};
    message[0] = exchange.tag;
    message[1] = status;
    const auto values = key_exchange(exchange.ainfo);
    put_u32(message, kSessionIdAt, values.bmc_session_id);
    std::size_t length = kRakp3CodeAt;
    if (status == 0) {
        const auto code = rakp::rakp3_code(values, password(exchange.ainfo));
        std::copy(code.begin(), code.end(), message.begin() + kRakp3CodeAt);
        length += code.size();
    }
    return send_rakp(ipmi, addr_num, kRakp3, std::span(message).first(length), handler, item);
}

int ignore_reply(ipmi_con_t*, ipmi_msgi_t*) {
    return IPMI_MSG_ITEM_NOT_USED;
}

// Tells the BMC why the exchange stops (RAKP 3 with a status, §13.22), then
// ends it. The notice needs no answer and has a message item of its own.
int refuse(std::unique_ptr<Exchange> exchange, ipmi_con_t* ipmi, int addr_num, std::uint8_t status, int error) {
    if (ipmi_msgi_t* notice = ipmi_alloc_msg_item(); notice != nullptr) {
        if (send_rakp3(ipmi, addr_num, *exchange, status, ignore_reply, notice) != 0) ipmi_free_msg_item(notice);
    }
    return finish(std::move(exchange), ipmi, addr_num, error);
}

// RAKP message 2 (§13.21): the BMC's random number and GUID, and its code
// that proves it knows the user's password.
int handle_rakp2(ipmi_con_t* ipmi, ipmi_msgi_t* item) {
    std::unique_ptr<Exchange> exchange(static_cast<Exchange*>(item->data1));
    const int addr_num = static_cast<int>(reinterpret_cast<std::intptr_t>(item->data4));
    if (ipmi == nullptr) return finish(std::move(exchange), ipmi, addr_num, ECANCELED);
    const Bytes reply(item->msg.data, item->msg.data_len);
    if (reply.size() < kShortestRakpReply) return finish(std::move(exchange), ipmi, addr_num, ETIMEDOUT);
    if (reply[1] != 0)
        return finish(std::move(exchange), ipmi, addr_num, static_cast<int>(IPMI_RMCPP_ERR_VAL(reply[1])));
    if (reply.size() < kRakp2CodeAt + sizeof(rakp::Sha256))
        return refuse(std::move(exchange), ipmi, addr_num, kInvalidIntegrityCheck, EBADMSG);
    if (u32_at(reply, kSessionIdAt) != ipmi_rmcpp_auth_get_my_session_id(exchange->ainfo))
        return refuse(std::move(exchange), ipmi, addr_num, kInvalidSessionId, EBADMSG);

    unsigned int capacity = 0;
    std::copy_n(reply.begin() + kRakp2RandomAt, kNonce, ipmi_rmcpp_auth_get_mgsys_rand(exchange->ainfo, &capacity));
    ipmi_rmcpp_auth_set_mgsys_rand_len(exchange->ainfo, kNonce);
    std::copy_n(reply.begin() + kRakp2GuidAt, kNonce, ipmi_rmcpp_auth_get_mgsys_guid(exchange->ainfo, &capacity));
    ipmi_rmcpp_auth_set_mgsys_guid_len(exchange->ainfo, kNonce);

    const auto values = key_exchange(exchange->ainfo);
    const auto expected = rakp::rakp2_code(values, password(exchange->ainfo));
    if (!rakp::same_code(expected, reply.subspan(kRakp2CodeAt, expected.size())))
        return refuse(std::move(exchange), ipmi, addr_num, kInvalidIntegrityCheck, EINVAL);

    exchange->keys = rakp::session_keys(values, bmc_key(exchange->ainfo));
    hand_over_keys(exchange->ainfo, exchange->keys);
    pending_k1 = &exchange->keys.k1;
    const int set_error = exchange->set(ipmi, addr_num, exchange->ainfo, exchange->cb_data);
    pending_k1 = nullptr;
    if (set_error != 0) return finish(std::move(exchange), ipmi, addr_num, set_error);

    item->data1 = exchange.get();
    if (const int error = send_rakp3(ipmi, addr_num, *exchange, 0, handle_rakp4, item); error != 0) {
        item->data1 = nullptr;
        return finish(std::move(exchange), ipmi, addr_num, error);
    }
    static_cast<void>(exchange.release());  // the item holds it until RAKP 4
    return IPMI_MSG_ITEM_USED;
}

// RAKP message 1 (§13.20): our random number, the role and the user name.
int start_rakp_hmac_sha256(ipmi_con_t* ipmi, int addr_num, unsigned char msg_tag, ipmi_rmcpp_auth_t* ainfo,
                           ipmi_rmcpp_set_info_cb set, ipmi_rmcpp_finish_auth_cb done, void* cb_data) {
    auto exchange = std::make_unique<Exchange>();
    exchange->ainfo = ainfo;
    exchange->set = set;
    exchange->done = done;
    exchange->cb_data = cb_data;
    exchange->tag = msg_tag;

    unsigned int capacity = 0;
    auto* random = ipmi_rmcpp_auth_get_my_rand(ainfo, &capacity);
    if (capacity < kNonce || RAND_bytes(random, static_cast<int>(kNonce)) != 1) return EIO;
    ipmi_rmcpp_auth_set_my_rand_len(ainfo, kNonce);

    const auto values = key_exchange(ainfo);
    if (values.user_name.size() > 16) return EINVAL;
    std::array<std::uint8_t, kRakp1NameAt + 16> message{};
    message[0] = msg_tag;
    put_u32(message, kSessionIdAt, values.bmc_session_id);
    std::copy(values.console_random.begin(), values.console_random.end(), message.begin() + kRakp1RandomAt);
    message[kRakp1RoleAt] = values.role;
    message[kRakp1NameLengthAt] = static_cast<std::uint8_t>(values.user_name.size());
    std::copy(values.user_name.begin(), values.user_name.end(), message.begin() + kRakp1NameAt);

    ipmi_msgi_t* item = ipmi_alloc_msg_item();
    if (item == nullptr) return ENOMEM;
    item->data1 = exchange.get();
    const auto length = kRakp1NameAt + values.user_name.size();
    if (const int error = send_rakp(ipmi, addr_num, kRakp1, std::span(message).first(length), handle_rakp2, item);
        error != 0) {
        ipmi_free_msg_item(item);
        return error;
    }
    static_cast<void>(exchange.release());  // the item holds it until RAKP 2
    return 0;
}

ipmi_rmcpp_authentication_t g_rakp_hmac_sha256{start_rakp_hmac_sha256};

// HMAC-SHA256-128 (§13.28.4): the integrity pad of §13.6 (Table 13-8) to a
// multiple of four bytes, the Next Header byte (07h), then the first 16 bytes
// of HMAC-SHA256 with K1 over the packet from the authentication type on.
constexpr std::size_t kRmcpHeader = 4;
constexpr std::uint8_t kNextHeader = 0x07;

struct IntegrityKey {
    std::array<std::uint8_t, 32> bytes{};
    std::size_t length = 0;
};

int integrity_init(ipmi_con_t*, ipmi_rmcpp_auth_t* ainfo, void** integ_data) {
    auto key = std::make_unique<IntegrityKey>();
    if (pending_k1 != nullptr) {
        key->bytes = *pending_k1;
        key->length = pending_k1->size();
    } else {  // K1 of another authentication algorithm, as the library holds it
        unsigned int capacity = 0;
        const auto* k1 = ipmi_rmcpp_auth_get_k1(ainfo, &capacity);
        key->length = std::min<std::size_t>({ipmi_rmcpp_auth_get_k1_len(ainfo), capacity, key->bytes.size()});
        std::copy_n(k1, key->length, key->bytes.begin());
    }
    if (key->length == 0) return EINVAL;
    *integ_data = key.release();
    return 0;
}

void integrity_free(ipmi_con_t*, void* integ_data) {
    const std::unique_ptr<IntegrityKey> key(static_cast<IntegrityKey*>(integ_data));
    if (key) OPENSSL_cleanse(key->bytes.data(), key->bytes.size());
}

int integrity_pad(ipmi_con_t*, void*, unsigned char* payload, unsigned int* payload_len, unsigned int max_len) {
    unsigned int length = *payload_len;
    std::uint8_t pad = 0;
    // With the pad length and Next Header bytes, a multiple of four.
    while ((length + 2) % 4 != 0) {
        if (length >= max_len) return E2BIG;
        payload[length++] = 0xFF;
        ++pad;
    }
    if (length >= max_len) return E2BIG;
    payload[length++] = pad;
    *payload_len = length;
    return 0;
}

int integrity_add(ipmi_con_t*, void* integ_data, unsigned char* payload, unsigned int* payload_len,
                  unsigned int max_len) {
    const auto& key = *static_cast<const IntegrityKey*>(integ_data);
    unsigned int length = *payload_len;
    if (length < kRmcpHeader || length + 1 + sizeof(rakp::Mac128) > max_len) return E2BIG;
    payload[length++] = kNextHeader;
    const auto mac =
        rakp::hmac_sha256_128(Bytes(key.bytes.data(), key.length), Bytes(payload + kRmcpHeader, length - kRmcpHeader));
    std::copy(mac.begin(), mac.end(), payload + length);
    *payload_len = length + static_cast<unsigned>(mac.size());
    return 0;
}

// payload_len runs through the pad length byte; the Next Header byte and the
// code follow it.
int integrity_check(ipmi_con_t*, void* integ_data, unsigned char* payload, unsigned int payload_len,
                    unsigned int total_len) {
    const auto& key = *static_cast<const IntegrityKey*>(integ_data);
    if (payload_len < kRmcpHeader || total_len < payload_len + 1 + sizeof(rakp::Mac128)) return EINVAL;
    const auto mac = rakp::hmac_sha256_128(Bytes(key.bytes.data(), key.length),
                                           Bytes(payload + kRmcpHeader, payload_len + 1 - kRmcpHeader));
    return rakp::same_code(mac, Bytes(payload + payload_len + 1, mac.size())) ? 0 : EINVAL;
}

ipmi_rmcpp_integrity_t g_hmac_sha256_128{integrity_init, integrity_free, integrity_pad, integrity_add, integrity_check};

}  // namespace

int register_sha256_algorithms() {
    // EAGAIN: the number is taken, by a libOpenIPMI that has the algorithm
    // itself or another copy of this code in the process; either serves.
    const auto registered = [](int error) { return error == 0 || error == EAGAIN; };
    if (const int error = ipmi_rmcpp_register_authentication(rakp::kRakpHmacSha256, &g_rakp_hmac_sha256);
        !registered(error))
        return error;
    const int error = ipmi_rmcpp_register_integrity(rakp::kHmacSha256_128, &g_hmac_sha256_128);
    return registered(error) ? 0 : error;
}

}  // namespace ipmiprov::bridge

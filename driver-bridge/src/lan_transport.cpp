// IPMI over LAN through libOpenIPMI's connection layer (ipmi_lan.h): the
// library does RMCP/RMCP+ session setup, authentication, integrity,
// confidentiality, sequence numbers and retransmission; we drive its selector
// loop synchronously, one request at a time, with our own deadline.
//
// libOpenIPMI keeps process-wide state (ipmi_init, one OS handler), so every
// call into it holds one process-wide mutex.
#include <OpenIPMI/ipmi_addr.h>
#include <OpenIPMI/ipmi_auth.h>
#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_debug.h>
#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_lan.h>
#include <OpenIPMI/ipmi_posix.h>
#include <OpenIPMI/ipmiif.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/lan_transport.hpp"

#include "bridge/cipher_suites.hpp"
#include "bridge/rakp_sha256.hpp"
#include "bridge/spec_tables.hpp"
#include "rakp_sha256_lan.hpp"

namespace ipmiprov::bridge {
namespace {

using Clock = std::chrono::steady_clock;

// How long one turn of the selector loop may block: short, so that deadlines
// are honoured closely.
constexpr auto kPollSlice = std::chrono::milliseconds(50);
// Closing a session sends Close Session; do not wait longer than this for it.
constexpr auto kCloseTimeout = std::chrono::milliseconds(1500);

// Recursive: a transport that fails while opening is destroyed (and closes
// its session) with the lock still held.
std::recursive_mutex& library_mutex() {
    static std::recursive_mutex mutex;
    return mutex;
}

// libOpenIPMI logs to stderr by default; our errors carry the information.
// While a session is set up with -vv, its packet log goes to that trace
// instead, a line at a time (the library sends a line in pieces: a
// DEBUG_START, DEBUG_CONTs, a DEBUG_END). Set and used under library_mutex().
std::function<void(const std::string&)>* g_packet_trace = nullptr;
std::string g_packet_line;

// The session set-up packet a dumped RMCP+ packet is: RMCP header 06 00 FF 07,
// authentication type 06 (RMCP+), then the payload type (§13.27.3, Table 13-16).
const char* session_step(const std::string& line) {
    constexpr std::string_view kRmcpPlus = "06 00 ff 07 06 ";
    const auto at = line.find(kRmcpPlus);
    if (at == std::string::npos || line.find_first_not_of(' ') != at) return nullptr;
    const auto hex = line.substr(at + kRmcpPlus.size(), 2);
    unsigned type = 0;
    if (std::sscanf(hex.c_str(), "%2x", &type) != 1) return nullptr;
    constexpr std::array<const char*, 6> kSteps{"RMCP+ Open Session Request, §13.17",
                                                "RMCP+ Open Session Response, §13.18",
                                                "RAKP Message 1, §13.20",
                                                "RAKP Message 2, §13.21",
                                                "RAKP Message 3, §13.22",
                                                "RAKP Message 4, §13.23"};
    type &= 0x3F;
    return type >= 0x10 && type <= 0x15 ? kSteps[type - 0x10] : nullptr;
}

void library_log(os_handler_t*, const char* format, enum ipmi_log_type_e type, va_list args) {
    if (g_packet_trace == nullptr) return;
    std::array<char, 1024> piece{};
    std::vsnprintf(piece.data(), piece.size(), format, args);
    g_packet_line += piece.data();
    if (type == IPMI_LOG_DEBUG_START || type == IPMI_LOG_DEBUG_CONT) return;
    std::istringstream lines(g_packet_line);
    for (std::string line; std::getline(lines, line);) {
        if (line.find_first_not_of(' ') == std::string::npos) continue;
        (*g_packet_trace)("   libOpenIPMI: " + line);
        if (const auto* step = session_step(line)) (*g_packet_trace)(std::string("   (") + step + ")");
    }
    g_packet_line.clear();
}

// The packet log of one session set-up (-vv), switched off again when it ends.
class PacketTrace {
public:
    explicit PacketTrace(const LanOptions& options) : trace_(options.trace) {
        if (!options.trace_packets || !trace_) return;
        g_packet_trace = &trace_;
        DEBUG_RAWMSG_ENABLE();
    }
    ~PacketTrace() {
        if (g_packet_trace != &trace_) return;
        DEBUG_RAWMSG_DISABLE();
        g_packet_trace = nullptr;
        g_packet_line.clear();
    }
    PacketTrace(const PacketTrace&) = delete;
    PacketTrace& operator=(const PacketTrace&) = delete;

private:
    std::function<void(const std::string&)> trace_;
};

// The one OS handler of the process, created on first use and never freed
// (ipmi_shutdown at exit would race with transports still alive).
Result<os_handler_t*> library_os_handler() {
    static os_handler_t* handler = nullptr;
    static int init_error = 0;
    static std::once_flag once;
    std::call_once(once, [] {
        handler = ipmi_posix_setup_os_handler();
        if (handler == nullptr) {
            init_error = -1;
            return;
        }
        handler->set_log_handler(handler, library_log);
        init_error = ipmi_init(handler);
        // RAKP-HMAC-SHA256 and HMAC-SHA256-128: cipher suites 15-17.
        if (init_error == 0) init_error = register_sha256_algorithms();
    });
    if (handler == nullptr || init_error != 0) {
        return make_error(ErrorKind::Transport, "cannot initialise libOpenIPMI");
    }
    return handler;
}

std::string library_error_text(int error) {
    std::array<char, 128> text{};
    ipmi_get_error_string(static_cast<unsigned>(error), text.data(), static_cast<unsigned>(text.size()));
    return text.data();
}

// Cipher suites 0-17 (IPMI 2.0 Table 22-20) as algorithm numbers:
// authentication, integrity, confidentiality. libOpenIPMI has the SHA-1 and
// MD5 ones; the SHA-256 ones of 15-17 are ours (rakp_sha256_lan.cpp). 18 and
// 19 use xRC4, which libOpenIPMI does not implement.
struct CipherSuite {
    int authentication;
    int integrity;
    int confidentiality;
    const char* names;
};
constexpr int kSha1 = IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_SHA1;
constexpr int kMd5 = IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_MD5;
constexpr int kSha256 = rakp::kRakpHmacSha256;
constexpr int kNoAuth = IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_NONE;
constexpr int kSha1_96 = IPMI_LANP_INTEGRITY_ALGORITHM_HMAC_SHA1_96;
constexpr int kMd5_128 = IPMI_LANP_INTEGRITY_ALGORITHM_HMAC_MD5_128;
constexpr int kPlainMd5 = IPMI_LANP_INTEGRITY_ALGORITHM_MD5_128;
constexpr int kSha256_128 = rakp::kHmacSha256_128;
constexpr int kNoIntegrity = IPMI_LANP_INTEGRITY_ALGORITHM_NONE;
constexpr int kAes = IPMI_LANP_CONFIDENTIALITY_ALGORITHM_AES_CBC_128;
constexpr int kRc4_128 = IPMI_LANP_CONFIDENTIALITY_ALGORITHM_xRC4_128;
constexpr int kRc4_40 = IPMI_LANP_CONFIDENTIALITY_ALGORITHM_xRC4_40;
constexpr int kClear = IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE;
constexpr std::array<CipherSuite, 18> kCipherSuites{{
    {kNoAuth, kNoIntegrity, kClear, "no authentication, no integrity, no confidentiality"},
    {kSha1, kNoIntegrity, kClear, "RAKP-HMAC-SHA1, no integrity, no confidentiality"},
    {kSha1, kSha1_96, kClear, "RAKP-HMAC-SHA1, HMAC-SHA1-96, no confidentiality"},
    {kSha1, kSha1_96, kAes, "RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128"},
    {kSha1, kSha1_96, kRc4_128, "RAKP-HMAC-SHA1, HMAC-SHA1-96, xRC4-128"},
    {kSha1, kSha1_96, kRc4_40, "RAKP-HMAC-SHA1, HMAC-SHA1-96, xRC4-40"},
    {kMd5, kNoIntegrity, kClear, "RAKP-HMAC-MD5, no integrity, no confidentiality"},
    {kMd5, kMd5_128, kClear, "RAKP-HMAC-MD5, HMAC-MD5-128, no confidentiality"},
    {kMd5, kMd5_128, kAes, "RAKP-HMAC-MD5, HMAC-MD5-128, AES-CBC-128"},
    {kMd5, kMd5_128, kRc4_128, "RAKP-HMAC-MD5, HMAC-MD5-128, xRC4-128"},
    {kMd5, kMd5_128, kRc4_40, "RAKP-HMAC-MD5, HMAC-MD5-128, xRC4-40"},
    {kMd5, kPlainMd5, kClear, "RAKP-HMAC-MD5, MD5-128, no confidentiality"},
    {kMd5, kPlainMd5, kAes, "RAKP-HMAC-MD5, MD5-128, AES-CBC-128"},
    {kMd5, kPlainMd5, kRc4_128, "RAKP-HMAC-MD5, MD5-128, xRC4-128"},
    {kMd5, kPlainMd5, kRc4_40, "RAKP-HMAC-MD5, MD5-128, xRC4-40"},
    {kSha256, kNoIntegrity, kClear, "RAKP-HMAC-SHA256, no integrity, no confidentiality"},
    {kSha256, kSha256_128, kClear, "RAKP-HMAC-SHA256, HMAC-SHA256-128, no confidentiality"},
    {kSha256, kSha256_128, kAes, "RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128"},
}};

Result<CipherSuite> cipher_suite_algorithms(int suite) {
    if (suite >= 0 && suite < static_cast<int>(kCipherSuites.size()))
        return kCipherSuites[static_cast<std::size_t>(suite)];
    if (suite == 18 || suite == 19) {
        return make_error(ErrorKind::Unsupported, "cipher suite " + std::to_string(suite) +
                                                      " (xRC4) is not supported by libOpenIPMI; use 0-17 (17 or 3 "
                                                      "are usual)");
    }
    return make_error(ErrorKind::InvalidArgument,
                      "cipher suite " + std::to_string(suite) + " does not exist; use 0-17");
}

std::string endpoint_text(const LanOptions& options) {
    const bool ipv6 = options.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.port);
}

std::string privilege_text(Privilege level) {
    static constexpr std::array<const char*, 5> kNames{"no", "callback", "user", "operator", "administrator"};
    const auto index = static_cast<std::size_t>(level);
    return index < kNames.size() ? kNames[index] : "level " + std::to_string(index);
}

// " (RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128)" for cipher suite 3, for the trace (IPMI 2.0 Table 22-20).
std::string suite_text(const LanOptions& options) {
    if (options.ipmi15) return "";
    if (!options.cipher_suite) return " (the library's choice of cipher suite)";
    const auto suite = static_cast<std::size_t>(*options.cipher_suite);
    return suite < kCipherSuites.size() ? " (" + std::string(kCipherSuites[suite].names) + ")" : "";
}

std::string session_text(const LanOptions& options) {
    if (options.ipmi15) return "IPMI 1.5";
    if (options.cipher_suite) return "RMCP+, cipher suite " + std::to_string(*options.cipher_suite);
    return "RMCP+";
}

// What the library's callbacks write to. It outlives the transport when a
// close does not finish in time (see ~LanTransport), so late callbacks never
// touch freed memory.
struct SessionState {
    bool connection_event = false;
    bool connected = false;
    int connection_error = 0;
    bool closed = false;
    std::uint64_t last_request_id = 0;
    std::map<std::uint64_t, std::optional<Result<Response>>> pending;  // absent: abandoned
};

void on_connection_change(ipmi_con_t*, int error, unsigned int, int any_port_up, void* data) {
    auto* state = static_cast<SessionState*>(data);
    state->connection_event = true;
    state->connected = error == 0 && any_port_up != 0;
    if (error != 0) state->connection_error = error;
}

void on_closed(ipmi_con_t*, void* data) {
    static_cast<SessionState*>(data)->closed = true;
}

Result<Response> response_from(const ipmi_msg_t& message) {
    if (message.data_len < 1 || message.data == nullptr) {
        return make_error(ErrorKind::Protocol, "reply without a completion code");
    }
    Response response;
    response.completion_code = message.data[0];
    response.data.assign(message.data + 1, message.data + message.data_len);
    return response;
}

int on_response(ipmi_con_t*, ipmi_msgi_t* item) {
    auto* state = static_cast<SessionState*>(item->data1);
    const auto id = reinterpret_cast<std::uintptr_t>(item->data2);
    if (auto slot = state->pending.find(id); slot != state->pending.end()) {
        slot->second = response_from(item->msg);
    }
    return IPMI_MSG_ITEM_NOT_USED;  // the library frees the item
}

struct LibraryAddress {
    ipmi_addr_t storage{};
    unsigned int length = 0;
};

LibraryAddress library_address(const Request& request) {
    LibraryAddress address;
    if (request.target.kind == Target::Kind::Bmc) {
        auto* si = reinterpret_cast<ipmi_system_interface_addr_t*>(&address.storage);
        si->addr_type = IPMI_SYSTEM_INTERFACE_ADDR_TYPE;
        si->channel = IPMI_BMC_CHANNEL;
        si->lun = request.lun;
        address.length = sizeof(*si);
    } else {
        auto* ipmb = reinterpret_cast<ipmi_ipmb_addr_t*>(&address.storage);
        ipmb->addr_type = IPMI_IPMB_ADDR_TYPE;
        ipmb->channel = request.target.channel;
        ipmb->slave_addr = request.target.slave_address;
        ipmb->lun = request.lun;
        address.length = sizeof(*ipmb);
    }
    return address;
}

class LanTransport final : public Transport {
public:
    LanTransport(os_handler_t* os, ipmi_con_t* connection, std::unique_ptr<SessionState> state, std::string description)
        : os_(os), connection_(connection), state_(std::move(state)), description_(std::move(description)) {}

    ~LanTransport() override {
        const std::lock_guard lock(library_mutex());
        close_session();
    }

    Result<Response> exchange(const Request& request, std::chrono::milliseconds timeout) override {
        const std::lock_guard lock(library_mutex());
        if (request.data.size() > IPMI_MAX_MSG_LENGTH) {
            return make_error(ErrorKind::InvalidArgument, describe(request) + ": request data too long");
        }
        const auto id = ++state_->last_request_id;
        if (auto sent = send(request, id); !sent.ok()) return sent.error();
        pump_until([&] { return state_->pending[id].has_value(); }, Clock::now() + timeout);
        auto reply = std::move(state_->pending[id]);
        state_->pending.erase(id);  // a late reply finds no slot and is dropped
        if (!reply) return make_error(ErrorKind::Timeout, describe(request) + ": no reply from " + description_);
        if (!reply->ok()) return Error{reply->error().kind, describe(request) + ": " + reply->error().message};
        return std::move(*reply);
    }

    [[nodiscard]] std::string description() const override { return description_; }

    // Runs the library's event loop until `done` or the deadline.
    template <class Done>
    void pump_until(Done done, Clock::time_point deadline) {
        while (!done()) {
            const auto now = Clock::now();
            if (now >= deadline) return;
            const auto slice = std::min(std::chrono::duration_cast<std::chrono::microseconds>(deadline - now),
                                        std::chrono::microseconds(kPollSlice));
            timeval wait{0, static_cast<suseconds_t>(slice.count())};
            os_->perform_one_op(os_, &wait);
        }
    }

private:
    Status send(const Request& request, std::uint64_t id) {
        auto address = library_address(request);
        auto payload = request.data;
        ipmi_msg_t message{};
        message.netfn = request.netfn;
        message.cmd = request.cmd;
        message.data_len = static_cast<unsigned short>(payload.size());
        message.data = payload.empty() ? nullptr : payload.data();
        ipmi_msgi_t* item = ipmi_alloc_msg_item();
        if (item == nullptr) return make_error(ErrorKind::Transport, "out of memory");
        item->data1 = state_.get();
        // The library hands this opaque slot back to on_response: it carries our request number.
        item->data2 = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));  // NOLINT(performance-no-int-to-ptr)
        state_->pending[id] = std::nullopt;
        const int error =
            connection_->send_command(connection_, &address.storage, address.length, &message, on_response, item);
        if (error != 0) {
            ipmi_free_msg_item(item);
            state_->pending.erase(id);
            return make_error(ErrorKind::Transport, describe(request) + ": " + library_error_text(error));
        }
        return success();
    }

    void close_session() {
        if (connection_->close_connection_done(connection_, on_closed, state_.get()) != 0) return;
        pump_until([&] { return state_->closed; }, Clock::now() + kCloseTimeout);
        // Callbacks may still come for a session that did not close in time;
        // keep their target alive rather than let them write to freed memory.
        if (!state_->closed) static_cast<void>(state_.release());
    }

    os_handler_t* os_;
    ipmi_con_t* connection_;
    std::unique_ptr<SessionState> state_;
    std::string description_;
};

// Library parameters for ipmi_lanp_setup_con. They point into this object
// and into LanOptions, so it is built in place and never moved.
class LanParameters {
public:
    explicit LanParameters(const LanOptions& options) : port_(std::to_string(options.port)) {
        addresses_[0] = const_cast<char*>(options.host.c_str());
        ports_[0] = port_.data();
        add(IPMI_LANP_PARMID_ADDRS, 0, addresses_.data(), 1);
        add(IPMI_LANP_PARMID_PORTS, 0, ports_.data(), 1);
        add(IPMI_LANP_PARMID_PRIVILEGE, static_cast<int>(options.privilege));
        // IPMI 1.5 sessions: libOpenIPMI takes MD5 when asked; RMCP+ otherwise.
        add(IPMI_LANP_PARMID_AUTHTYPE, options.ipmi15 ? IPMI_AUTHTYPE_MD5 : IPMI_AUTHTYPE_RMCP_PLUS);
        if (!options.user.empty()) add_text(IPMI_LANP_PARMID_USERNAME, options.user);
        if (!options.password.empty()) add_text(IPMI_LANP_PARMID_PASSWORD, options.password);
    }
    LanParameters(const LanParameters&) = delete;
    LanParameters& operator=(const LanParameters&) = delete;

    void add_cipher_suite(const CipherSuite& suite) {
        add(IPMI_LANP_AUTHENTICATION_ALGORITHM, suite.authentication);
        add(IPMI_LANP_INTEGRITY_ALGORITHM, suite.integrity);
        add(IPMI_LANP_CONFIDENTIALITY_ALGORITHM, suite.confidentiality);
    }
    ipmi_lanp_parm_t* data() { return list_.data(); }
    [[nodiscard]] unsigned size() const { return static_cast<unsigned>(list_.size()); }

private:
    void add(int id, int value, void* data = nullptr, unsigned length = 0) {
        list_.push_back({id, value, data, length});
    }
    void add_text(int id, const std::string& text) {
        add(id, 0, const_cast<char*>(text.data()), static_cast<unsigned>(text.size()));
    }

    std::string port_;
    std::array<char*, 1> addresses_{};
    std::array<char*, 1> ports_{};
    std::vector<ipmi_lanp_parm_t> list_;
};

// Why a BMC refuses a session, for the codes libOpenIPMI passes on as
// "Unknown": Activate Session (IPMI 2.0 §22.17) and Set Session Privilege
// Level (§22.18) completion codes.
struct RefusalCode {
    unsigned code;
    const char* meaning;
};
constexpr std::array<RefusalCode, 5> kRefusals{{
    {0x80, "the requested privilege level is not available to this user"},
    {0x81, "the requested privilege level exceeds the user's or the channel's limit"},
    {0x82, "the requested privilege level exceeds the channel's limit"},
    {0x83, "the session is not allowed to raise its privilege level"},
    {0x86, "the requested privilege level exceeds the user's or the channel's limit"},
}};

// RMCP+ status codes of the session set-up (IPMI 2.0 Table 13-15) that a
// person can act on; the others keep libOpenIPMI's words.
constexpr std::array<RefusalCode, 9> kRmcppRefusals{{
    {0x01, "the BMC has no free session (too many are open): try again later"},
    {0x04, "the BMC does not offer this cipher suite's authentication: try another --cipher-suite"},
    {0x05, "the BMC does not offer this cipher suite's integrity algorithm: try another --cipher-suite"},
    {0x09, "the BMC refused the requested privilege level: ask for a lower --privilege"},
    {0x0A, "the user may not have the requested privilege level: ask for a lower --privilege"},
    {0x0B, "the BMC has no free session at the requested privilege level: try again later"},
    {0x0F, "authentication failed: wrong password"},
    {0x10, "the BMC does not offer this cipher suite's encryption: try another --cipher-suite"},
    {0x11, "the BMC offers no such cipher suite: try another --cipher-suite (ipmitool -C, FreeIPMI -I)"},
}};

// What a person can do about a refused session, in words; libOpenIPMI's
// code goes into the error's detail (printed with -v).
std::string refusal_in_words(const LanOptions& options, int error) {
    if (IPMI_IS_IPMI_ERR(error)) {
        const auto code = IPMI_GET_IPMI_ERR(error);
        for (const auto& refusal : kRefusals)
            if (static_cast<int>(refusal.code) == code)
                return std::string(refusal.meaning) + " (" + privilege_text(options.privilege) + " requested)";
    }
    if (IPMI_IS_RMCPP_ERR(error)) {
        const auto code = IPMI_GET_RMCPP_ERR(error);
        if (code == 0x0D) return "authentication failed: the BMC has no user \"" + options.user + "\"";
        for (const auto& refusal : kRmcppRefusals)
            if (static_cast<int>(refusal.code) == code) return refusal.meaning;
    }
    // libOpenIPMI ends a key exchange whose authentication code does not
    // match (RAKP message 2: the password differs) with EINVAL, as does ours
    // (rakp_sha256_lan.hpp, which says the rest).
    if (error == EINVAL) return "authentication failed: wrong password or user name";
    if (error == EKEYREJECTED)
        return "authentication failed: the BMC's session key differs from ours (does the BMC have a key, Kg, of "
               "its own?)";
    if (error == EBADMSG) return "the BMC answered the key exchange with a malformed RAKP message";
    if (error == ETIMEDOUT) return "the BMC stopped answering during the key exchange";
    return "the BMC refused it; check user, password, privilege and cipher suite";
}

// The BMC answered the session set-up with a refusal (a completion code, an
// RMCP+ status, or a key exchange that did not match), as opposed to a
// network that failed: a failed login, which counts towards the account's
// lock-out on most BMCs.
bool is_refusal(int error) {
    return IPMI_IS_IPMI_ERR(error) || IPMI_IS_RMCPP_ERR(error) || error == EINVAL || error == EKEYREJECTED;
}

Error connection_failure(const LanOptions& options, int error, ErrorKind kind) {
    const std::string text =
        "cannot open an " + session_text(options) + " session with " + endpoint_text(options) + ": ";
    if (error == 0)
        return make_error(kind, text + "no answer within " + std::to_string(options.connect_timeout.count()) + " ms");
    Error out = make_error(kind, text + refusal_in_words(options, error));
    out.login_refused = is_refusal(error);
    out.detail = "libOpenIPMI: " + library_error_text(error);
    return out;
}

}  // namespace

// Get Session Info for the session itself (§22.20, session index 00h):
// byte 5 of the reply (after the completion code) is its privilege level.
constexpr std::uint8_t kGetSessionInfo = 0x3D;
constexpr std::size_t kSessionPrivilegeByte = 4;

// The BMC may open a session at a lower privilege than asked for; every
// later write would then fail with "insufficient privilege". Say so now.
Status check_granted_privilege(Transport& transport, const LanOptions& options) {
    const Request request{netfn::kApp, kGetSessionInfo, 0, Target::bmc(), {0x00}};
    auto reply = transport.exchange(request, options.connect_timeout);
    if (!reply.ok()) return reply.error();
    // A BMC that does not answer this for the session's own level says nothing: trust it.
    if (reply->completion_code != cc::kOk || reply->data.size() <= kSessionPrivilegeByte) return success();
    const int granted = reply->data[kSessionPrivilegeByte] & 0x0F;
    if (granted >= static_cast<int>(options.privilege)) return success();
    return make_error(ErrorKind::PermissionDenied,
                      "the BMC at " + endpoint_text(options) + " granted " +
                          privilege_text(static_cast<Privilege>(granted)) + " privilege, not the " +
                          privilege_text(options.privilege) + " requested" +
                          (options.user.empty() ? std::string() : " for user \"" + options.user + "\"") +
                          ": ask for that level (--privilege) or use an account that has it");
}

Status check_lan_options(const LanOptions& options) {
    if (options.host.empty()) return make_error(ErrorKind::InvalidArgument, "--lan needs a host name or address");
    if (options.user.size() > kMaxUserName)
        return make_error(ErrorKind::InvalidArgument, "the user name has " + std::to_string(options.user.size()) +
                                                          " bytes; IPMI allows at most " +
                                                          std::to_string(kMaxUserName));
    const auto max_password = options.ipmi15 ? kMaxPassword15 : kMaxPassword20;
    if (options.password.size() > max_password)
        return make_error(ErrorKind::InvalidArgument, "the password has " + std::to_string(options.password.size()) +
                                                          " bytes; " + session_text(options) + " allows at most " +
                                                          std::to_string(max_password));
    return success();
}

namespace {

Status resolve_host(const LanOptions& options) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    const int error = ::getaddrinfo(options.host.c_str(), nullptr, &hints, &found);
    if (found != nullptr) ::freeaddrinfo(found);
    if (error == 0) return success();
    return make_error(ErrorKind::NotFound,
                      "unknown host \"" + options.host + "\": " + ::gai_strerror(error) + " (check --lan / -H)");
}

}  // namespace

namespace {

// How long the list of cipher suites may take, of the session's time.
std::chrono::milliseconds cipher_suite_query_timeout(const LanOptions& options) {
    return std::min(options.connect_timeout / 2, std::chrono::milliseconds(2000));
}

// With no suite given, the best the BMC offers (Get Channel Cipher Suites,
// as ipmitool does); libOpenIPMI's choice when the BMC does not say.
LanOptions with_chosen_cipher_suite(const LanOptions& options) {
    if (options.cipher_suite || options.ipmi15) return options;
    const auto trace = [&](const std::string& line) {
        if (options.trace) options.trace(line);
    };
    auto offered = query_cipher_suites({options.host, options.port}, cipher_suite_query_timeout(options));
    if (!offered.ok()) {
        trace("== cipher suites: " + offered.error().message + "; libOpenIPMI chooses");
        return options;
    }
    std::string ids;
    // Appended piece by piece: GCC 12 -O2 misreads `"lit" + std::string&&` (-Wrestrict).
    for (const auto& suite : offered->suites) {
        ids.append(" ").append(std::to_string(suite.id));
        if (suite.oem_iana) ids.append(" (OEM)");
    }
    for (const auto& problem : offered->problems) trace("== cipher suites: " + problem);
    LanOptions chosen = options;
    chosen.cipher_suite = preferred_cipher_suite(offered->suites);
    std::string line = "== cipher suites the BMC offers:";
    line.append(ids.empty() ? std::string(" none") : ids).append("; ");
    if (chosen.cipher_suite)
        line.append("using ").append(std::to_string(*chosen.cipher_suite));
    else
        line.append("none ipmiprov speaks with integrity; libOpenIPMI chooses");
    trace(line);
    return chosen;
}

Result<std::unique_ptr<Transport>> open_lan_session(const LanOptions& options, std::string description);

}  // namespace

Result<std::unique_ptr<Transport>> open_lan_transport(const LanOptions& options) {
    if (auto valid = check_lan_options(options); !valid.ok()) return valid.error();
    // A name that does not resolve, said as such (libOpenIPMI says EINVAL).
    if (auto resolved = resolve_host(options); !resolved.ok()) return resolved.error();
    // Described as asked, not as chosen: the description keys the SDR cache
    // and the daemon's SEL store, and whether the BMC answered the sessionless
    // cipher-suite query must not change which ones are found after a restart.
    return open_lan_session(with_chosen_cipher_suite(options),
                            "lan " + endpoint_text(options) + " (" + session_text(options) + ")");
}

namespace {

Result<std::unique_ptr<Transport>> open_lan_session(const LanOptions& options, std::string description) {
    LanParameters parameters(options);
    if (options.cipher_suite && !options.ipmi15) {
        auto suite = cipher_suite_algorithms(*options.cipher_suite);
        if (!suite.ok()) return suite.error();
        parameters.add_cipher_suite(*suite);
    }

    const std::lock_guard lock(library_mutex());
    auto os = library_os_handler();
    if (!os.ok()) return os.error();

    ipmi_con_t* connection = nullptr;
    const int setup_error = ipmi_lanp_setup_con(parameters.data(), parameters.size(), *os, nullptr, &connection);
    if (setup_error != 0 || connection == nullptr) {
        return make_error(ErrorKind::Transport, "cannot set up a session to " + endpoint_text(options) + ": " +
                                                    library_error_text(setup_error));
    }
    const auto trace = [&](const std::string& line) {
        if (options.trace) options.trace(line);
    };
    trace("== session: " + session_text(options) + suite_text(options) + " with " + endpoint_text(options) +
          ", user \"" + options.user + "\", " + privilege_text(options.privilege) + " privilege");
    const PacketTrace packets(options);
    auto state = std::make_unique<SessionState>();
    auto* raw_state = state.get();
    auto transport = std::make_unique<LanTransport>(*os, connection, std::move(state), std::move(description));
    connection->add_con_change_handler(connection, on_connection_change, raw_state);
    if (const int error = connection->start_con(connection); error != 0)
        return connection_failure(options, error, ErrorKind::Transport);
    transport->pump_until([&] { return raw_state->connection_event; }, Clock::now() + options.connect_timeout);
    if (!raw_state->connected) {
        const auto kind = raw_state->connection_event ? ErrorKind::Transport : ErrorKind::Timeout;
        auto failure = connection_failure(options, raw_state->connection_error, kind);
        trace("== session refused: " + failure.message + (failure.detail.empty() ? "" : " [" + failure.detail + "]"));
        return failure;
    }
    trace("== session open");
    if (auto granted = check_granted_privilege(*transport, options); !granted.ok()) return granted.error();
    return std::unique_ptr<Transport>(std::move(transport));
}

}  // namespace

}  // namespace ipmiprov::bridge

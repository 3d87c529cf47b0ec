// The audit log (issue 23): every change a client asks of the BMC through
// ipmiprovd — a power cycle, identify, a boot device, a threshold, a SEL
// clear, a CIM method — and every such request refused, with who asked
// (SO_PEERCRED uid, gid, pid) and how it ended, as one record in the
// journal (syslog without one). docs/daemon.md, "The audit log".
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "access.hpp"
#include "bridge/message.hpp"
#include "bridge/result.hpp"
#include "log_sink.hpp"

namespace ipmiprov::daemon {

// `journalctl MESSAGE_ID=…` finds every audit record.
inline constexpr std::string_view kAuditMessageId = "ca5af409fc7c472b9104e41bb5684d27";

struct AuditEvent {
    Peer peer;
    std::string action;   // "Chassis Control: power cycle", "cim invoke {path} method ClearLog"
    std::string request;  // the IPMI request ("00 02 02": netfn, cmd, data), empty for a CIM op
    bool allowed = true;
    // How it ended: "done", "completion code 0xC1 (invalid command)", an
    // error's words, or for one not allowed "refused: permission denied".
    std::string outcome;
    std::optional<std::uint8_t> completion_code;
};

// The action of a forwarded IPMI request in words: the chassis commands as
// provider/chassis describes them, others by name ("Clear SEL (netfn 0x0a
// cmd 0x47)"), with the IPMB target when bridged; and the request as hex.
std::string request_action(const bridge::Request& request);
std::string request_hex(const bridge::Request& request);
// The outcome of a forwarded request.
void set_outcome(AuditEvent& event, const bridge::Request& request, const bridge::Result<bridge::Response>& reply);

// MESSAGE "uid 1000 (alice) pid 42: Chassis Control: power cycle: done";
// PRIORITY notice (5) for what was done, warning (4) for what failed or was
// refused; IPMI_CLIENT_UID/GID/PID, IPMI_ACTION, IPMI_REQUEST,
// IPMI_OUTCOME, IPMI_ALLOWED, IPMI_COMPLETION_CODE, IPMI_BMC.
LogRecord audit_record(const AuditEvent& event, const std::string& bmc);

struct AuditOptions {
    // The daemon's own log: where a record goes without a sink, or when the
    // sink refuses it (as its MESSAGE).
    std::function<void(const std::string&)> fallback = [](const std::string&) {};
    // IPMI_BMC, asked for each record: the connection may change.
    std::function<std::string()> bmc = [] { return std::string(); };
    // Refused requests: at most this many records per uid a minute, then one
    // that says how many more were refused, so that a user looping on a
    // refused request cannot push the others out of the journal's rate limit.
    int refused_per_minute = 10;
    std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
};

class AuditLog {
public:
    AuditLog(std::unique_ptr<LogSink> sink, AuditOptions options);
    // Says how many refusals were not recorded one by one, if any.
    ~AuditLog();
    AuditLog(const AuditLog&) = delete;
    AuditLog& operator=(const AuditLog&) = delete;
    void record(const AuditEvent& event);

private:
    struct Refusals {
        Peer peer;  // the last one refused
        std::chrono::steady_clock::time_point window_start;
        int recorded = 0;
        int dropped = 0;
    };
    // Ends the minutes that are over: a record for what each dropped.
    void close_windows(std::chrono::steady_clock::time_point now, bool all);
    void send_summary(const Refusals& refusals);
    void send(const LogRecord& record);

    std::mutex mutex_;
    std::unique_ptr<LogSink> sink_;
    AuditOptions options_;
    std::map<uid_t, Refusals> refusals_;
};

}  // namespace ipmiprov::daemon

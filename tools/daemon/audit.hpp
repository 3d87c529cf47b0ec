// The audit log (issue 23): every change a client asks of the BMC through
// ipmiprovd — a power cycle, identify, a boot device, a threshold, a SEL
// clear, a CIM method — and every such request refused, with who asked
// (SO_PEERCRED uid, gid, pid) and how it ended, as one record in the
// journal (syslog without one). docs/daemon.md, "The audit log".
#pragma once

#include <functional>
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
    std::string action;   // "Chassis Control: power cycle", "cim invoke IPMIProv_RecordLog.ClearLog"
    std::string request;  // the IPMI request ("00 02 02": netfn, cmd, data), empty for a CIM op
    bool allowed = true;
    // How it ended: "done", "completion code C1h (invalid command)", an
    // error's words, or for one not allowed "refused: permission denied".
    std::string outcome;
    std::optional<std::uint8_t> completion_code;
};

// The action of a forwarded IPMI request in words: the chassis commands as
// provider/chassis describes them, others by name ("netfn 0x0a cmd 0x47
// (Clear SEL)"); and the request as hex.
std::string request_action(const bridge::Request& request);
std::string request_hex(const bridge::Request& request);
// The outcome of a forwarded request.
void set_outcome(AuditEvent& event, const bridge::Result<bridge::Response>& reply);

// MESSAGE "uid 1000 (alice) pid 42: Chassis Control: power cycle: done";
// PRIORITY notice (5) for what was done, warning (4) for what failed or was
// refused; IPMI_CLIENT_UID/GID/PID, IPMI_ACTION, IPMI_REQUEST,
// IPMI_OUTCOME, IPMI_ALLOWED, IPMI_COMPLETION_CODE, IPMI_BMC.
LogRecord audit_record(const AuditEvent& event, const std::string& bmc);

class AuditLog {
public:
    // `sink` null: the records go to `fallback` (the daemon's own log) as
    // their MESSAGE; so they do when the sink refuses one.
    AuditLog(std::unique_ptr<LogSink> sink, std::function<void(const std::string&)> fallback, std::string bmc);
    void record(const AuditEvent& event);

private:
    std::mutex mutex_;
    std::unique_ptr<LogSink> sink_;
    std::function<void(const std::string&)> fallback_;
    std::string bmc_;
};

}  // namespace ipmiprov::daemon

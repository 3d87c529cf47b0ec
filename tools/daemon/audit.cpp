#include "audit.hpp"

#include <syslog.h>

#include <vector>

#include "bridge/engine.hpp"
#include "bridge/spec_tables.hpp"
#include "provider/chassis/chassis.hpp"

namespace ipmiprov::daemon {

std::string request_action(const bridge::Request& request) {
    auto action = provider::chassis::describe_control(request).value_or(bridge::describe(request));
    if (request.target.kind == bridge::Target::Kind::Ipmb) {
        action += " (bridged to channel " + std::to_string(request.target.channel) + ", address " +
                  bridge::byte_text(request.target.slave_address) + ")";
    }
    return action;
}

std::string request_hex(const bridge::Request& request) {
    std::vector<std::uint8_t> bytes{request.netfn, request.cmd};
    bytes.insert(bytes.end(), request.data.begin(), request.data.end());
    return bridge::hex(bytes);
}

void set_outcome(AuditEvent& event, const bridge::Request& request, const bridge::Result<bridge::Response>& reply) {
    const auto netfn = request.netfn;
    const auto cmd = request.cmd;
    if (!reply.ok()) {
        event.outcome = reply.error().message;
        return;
    }
    event.completion_code = reply->completion_code;
    if (reply->completion_code == 0) {
        event.outcome = "done";
        return;
    }
    event.outcome = "completion code " + bridge::completion_code_hex(reply->completion_code) + " (" +
                    bridge::completion_code_text(reply->completion_code, netfn, cmd) + ")";
}

LogRecord audit_record(const AuditEvent& event, const std::string& bmc) {
    const bool done = event.allowed && event.outcome == "done";
    std::string message =
        peer_text(event.peer) + " pid " + std::to_string(event.peer.pid) + ": " + event.action + ": " + event.outcome;
    LogRecord record{done ? LOG_NOTICE : LOG_WARNING,
                     {{"MESSAGE", std::move(message)},
                      {"MESSAGE_ID", std::string(kAuditMessageId)},
                      {"IPMI_CLIENT_UID", std::to_string(event.peer.uid)},
                      {"IPMI_CLIENT_GID", std::to_string(event.peer.gid)},
                      {"IPMI_CLIENT_PID", std::to_string(event.peer.pid)},
                      {"IPMI_ACTION", event.action},
                      {"IPMI_ALLOWED", event.allowed ? "yes" : "no"},
                      {"IPMI_OUTCOME", event.outcome},
                      {"IPMI_BMC", bmc}}};
    if (!event.request.empty()) record.fields.emplace_back("IPMI_REQUEST", event.request);
    if (event.completion_code)
        record.fields.emplace_back("IPMI_COMPLETION_CODE", bridge::completion_code_hex(*event.completion_code));
    return record;
}

AuditLog::AuditLog(std::unique_ptr<LogSink> sink, AuditOptions options)
    : sink_(std::move(sink)), options_(std::move(options)) {}

AuditLog::~AuditLog() {
    std::lock_guard lock(mutex_);
    close_windows(options_.now(), true);
}

void AuditLog::record(const AuditEvent& event) {
    std::lock_guard lock(mutex_);
    const auto now = options_.now();
    close_windows(now, false);
    if (event.allowed) {
        send(audit_record(event, options_.bmc()));
        return;
    }
    auto [entry, opened] = refusals_.try_emplace(event.peer.uid, Refusals{event.peer, now, 0, 0});
    auto& refusals = entry->second;
    refusals.peer = event.peer;
    if (refusals.recorded < options_.refused_per_minute) {
        ++refusals.recorded;
        send(audit_record(event, options_.bmc()));
    } else {
        ++refusals.dropped;
    }
}

void AuditLog::close_windows(std::chrono::steady_clock::time_point now, bool all) {
    for (auto it = refusals_.begin(); it != refusals_.end();) {
        if (!all && now - it->second.window_start < std::chrono::minutes(1)) {
            ++it;
            continue;
        }
        if (it->second.dropped > 0) send_summary(it->second);
        it = refusals_.erase(it);
    }
}

void AuditLog::send_summary(const Refusals& refusals) {
    AuditEvent summary{refusals.peer,
                       std::to_string(refusals.dropped) + " more requests to change the BMC",
                       "",
                       false,
                       "refused: permission denied (in the minute of the last ten recorded; not recorded one by one)",
                       std::nullopt};
    summary.peer.pid = 0;  // several processes, maybe
    send(audit_record(summary, options_.bmc()));
}

void AuditLog::send(const LogRecord& record) {
    if (sink_ && sink_->send(record).ok()) return;
    options_.fallback("audit: " + record.field("MESSAGE"));
}

}  // namespace ipmiprov::daemon

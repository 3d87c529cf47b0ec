#include "audit.hpp"

#include <syslog.h>

#include <cstdio>
#include <vector>

#include "bridge/spec_tables.hpp"
#include "provider/chassis/chassis.hpp"

namespace ipmiprov::daemon {
namespace {

// "0xC1", as the engine's errors write a completion code.
std::string code_text(std::uint8_t code) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", code);
    return text;
}

}  // namespace

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
    event.outcome = "completion code " + code_text(reply->completion_code) + " (" +
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
    if (event.completion_code) record.fields.emplace_back("IPMI_COMPLETION_CODE", code_text(*event.completion_code));
    return record;
}

AuditLog::AuditLog(std::unique_ptr<LogSink> sink, AuditOptions options)
    : sink_(std::move(sink)), options_(std::move(options)) {}

void AuditLog::record(const AuditEvent& event) {
    std::lock_guard lock(mutex_);
    if (!event.allowed && !refusal_recorded(event)) return;
    send(audit_record(event, options_.bmc()));
}

bool AuditLog::refusal_recorded(const AuditEvent& event) {
    auto& refusals = refusals_[event.peer.uid];
    const auto now = options_.now();
    if (now - refusals.window_start >= std::chrono::minutes(1)) {
        if (refusals.dropped > 0) {
            AuditEvent summary = event;
            summary.action = std::to_string(refusals.dropped) + " more requests to change the BMC";
            summary.request.clear();
            summary.completion_code.reset();
            summary.outcome = "refused: permission denied (not recorded one by one)";
            send(audit_record(summary, options_.bmc()));
        }
        refusals = Refusals{now, 0, 0};
    }
    if (refusals.recorded < options_.refused_per_minute) {
        ++refusals.recorded;
        return true;
    }
    ++refusals.dropped;
    return false;
}

void AuditLog::send(const LogRecord& record) {
    if (sink_ && sink_->send(record).ok()) return;
    options_.fallback("audit: " + record.field("MESSAGE"));
}

}  // namespace ipmiprov::daemon

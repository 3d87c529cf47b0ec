#include "log_sink.hpp"

#include <sys/uio.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include <cstring>

namespace ipmiprov::daemon {
namespace {

class JournalSink final : public LogSink {
public:
    bridge::Status send(const LogRecord& record) override {
        std::vector<std::string> lines;
        lines.reserve(record.fields.size() + 2);
        lines.push_back("PRIORITY=" + std::to_string(record.priority));
        lines.push_back("SYSLOG_IDENTIFIER=" + std::string(kSyslogIdentifier));
        for (const auto& [name, value] : record.fields) lines.push_back(std::string(name).append("=").append(value));
        std::vector<iovec> parts;
        parts.reserve(lines.size());
        for (auto& line : lines) parts.push_back(iovec{line.data(), line.size()});
        const int sent = sd_journal_sendv(parts.data(), static_cast<int>(parts.size()));
        if (sent < 0)
            return bridge::make_error(bridge::ErrorKind::Transport,
                                      std::string("the journal refused a record: ") + std::strerror(-sent));
        return bridge::success();
    }
    [[nodiscard]] std::string name() const override { return "the journal"; }
};

class SyslogSink final : public LogSink {
public:
    SyslogSink() { ::openlog(kSyslogIdentifier.data(), LOG_PID | LOG_NDELAY, LOG_DAEMON); }
    ~SyslogSink() override { ::closelog(); }
    SyslogSink(const SyslogSink&) = delete;
    SyslogSink& operator=(const SyslogSink&) = delete;
    bridge::Status send(const LogRecord& record) override {
        ::syslog(record.priority, "%s", record.field("MESSAGE").c_str());
        return bridge::success();
    }
    [[nodiscard]] std::string name() const override { return "syslog"; }
};

}  // namespace

std::string LogRecord::field(std::string_view name) const {
    for (const auto& [key, value] : fields)
        if (key == name) return value;
    return {};
}

std::optional<SelLogTarget> parse_sel_log_target(std::string_view text) {
    if (text == "auto") return SelLogTarget::Auto;
    if (text == "journal") return SelLogTarget::Journal;
    if (text == "syslog") return SelLogTarget::Syslog;
    if (text == "none") return SelLogTarget::None;
    return std::nullopt;
}

std::unique_ptr<LogSink> make_log_sink(SelLogTarget target, const std::filesystem::path& journal_socket) {
    std::error_code ignored;
    if (target == SelLogTarget::Auto)
        target = std::filesystem::exists(journal_socket, ignored) ? SelLogTarget::Journal : SelLogTarget::Syslog;
    switch (target) {
        case SelLogTarget::Journal:
            return std::make_unique<JournalSink>();
        case SelLogTarget::Syslog:
            return std::make_unique<SyslogSink>();
        default:
            return nullptr;
    }
}

}  // namespace ipmiprov::daemon

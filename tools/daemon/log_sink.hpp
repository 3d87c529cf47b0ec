// Where ipmiprovd's structured records go (the SEL's entries, sel_log.hpp;
// what clients change, audit.hpp): the systemd journal, with fields, or
// syslog where there is no journal.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bridge/result.hpp"

namespace ipmiprov::daemon {

inline constexpr std::string_view kSyslogIdentifier = "ipmiprovd";

// A record for the system log: its syslog priority (RFC 5424: 2 crit …
// 6 info) and its fields, MESSAGE among them.
struct LogRecord {
    int priority = 6;
    std::vector<std::pair<std::string, std::string>> fields;
    [[nodiscard]] std::string field(std::string_view name) const;
};

// Where records go.
class LogSink {
public:
    virtual ~LogSink() = default;
    LogSink() = default;
    LogSink(const LogSink&) = delete;
    LogSink& operator=(const LogSink&) = delete;
    // An error when the record could not be handed over (journald not
    // running): the SEL log sends it again later, the audit log falls back
    // to the daemon's own log.
    virtual bridge::Status send(const LogRecord& record) = 0;
    [[nodiscard]] virtual std::string name() const = 0;
};

enum class SelLogTarget { Auto, Journal, Syslog, None };
std::optional<SelLogTarget> parse_sel_log_target(std::string_view text);  // auto, journal, syslog, none
// auto: the journal when its socket is there (`journal_socket`), else syslog.
// nullptr for none.
std::unique_ptr<LogSink> make_log_sink(SelLogTarget target,
                                       const std::filesystem::path& journal_socket = "/run/systemd/journal/socket");

}  // namespace ipmiprov::daemon

// The SEL in the system log (issue 22): ipmiprovd writes each new SEL entry
// to the systemd journal, structured, exactly once — across its restarts
// and SEL clears, because the state directory keeps how far it has logged —
// and says when the SEL was cleared, is almost full or full. Without a
// journal it writes to syslog. docs/daemon.md, "The SEL in the journal".
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bridge/result.hpp"
#include "log_sink.hpp"
#include "provider/sensor/sensors.hpp"
#include "sel_events.hpp"
#include "sel_store.hpp"

namespace ipmiprov::daemon {

// One MESSAGE_ID per kind of record, fixed for ever: `journalctl
// MESSAGE_ID=…` finds every record of a kind.
inline constexpr std::string_view kSelEntryMessageId = "fc7fd61ff169421a819220b8e4e48d3b";
inline constexpr std::string_view kSelClearedMessageId = "56b7f5d7bac441d28377197f6109cd21";
inline constexpr std::string_view kSelAlmostFullMessageId = "bf29e0fed5de4c44b31da4d3662a2672";
inline constexpr std::string_view kSelFullMessageId = "2db73a4fbd5a4adb874a7cb2b21962b3";

// The priority of a SEL entry from its severity (docs/severity.md):
// non-recoverable crit (2), critical err (3), warning (4), an assertion of
// anything else notice (5), a deassertion info (6).
int entry_priority(const provider::sel::Entry& entry);
// The record of the view's entry at `index`: MESSAGE is the line `sel list`
// prints, and IPMI_RECORD_ID, IPMI_TIMESTAMP, IPMI_SENSOR, IPMI_SENSOR_TYPE,
// IPMI_EVENT, IPMI_DIRECTION, IPMI_SEVERITY, IPMI_RAW, IPMI_BMC, IPMI_SEQUENCE.
LogRecord entry_record(const SelView& view, std::size_t index,
                       const std::vector<provider::sensor::SensorDefinition>* sensors, const std::string& bmc);

struct SelLogOptions {
    std::filesystem::path state_dir;  // where sel-log.json keeps what was logged; empty: only in memory
    bool backlog = false;             // at the first start, log the entries already in the SEL too
    unsigned almost_full_percent = 90;
    std::string bmc;  // IPMI_BMC; empty: the BMC whose SEL the store holds (its transport)
    std::function<void(const std::string&)> log = [](const std::string&) {};  // the daemon's own log
};

class SelLog {
public:
    SelLog(SelLogOptions options, std::unique_ptr<LogSink> sink);
    // Logs what the view holds that was not logged yet, and a clear or a
    // fuller SEL; what cannot be sent now is sent at a later call. The
    // refresh loop calls it after every SEL read. True when the log has all
    // the view holds (or there is no log): what a clear may then drop.
    bool log_new(const std::shared_ptr<const SelView>& view,
                 const std::vector<provider::sensor::SensorDefinition>* sensors);
    [[nodiscard]] std::uint64_t logged() const { return cursor_.sequence; }
    [[nodiscard]] std::string sink_name() const { return sink_ ? sink_->name() : "none"; }

    // How far the log has gone, as kept in sel-log.json.
    struct Cursor {
        std::string epoch;
        std::uint64_t sequence = 0;
        std::uint32_t erase_timestamp = 0;
        SelFill fill = SelFill::Normal;
    };

private:
    bool send(const LogRecord& record);
    void start_from(const SelView& view);
    void save();

    SelLogOptions options_;
    std::unique_ptr<LogSink> sink_;
    std::filesystem::path file_;
    std::optional<Cursor> stored_;  // read at start, until the first view
    Cursor cursor_;
    bool started_ = false;
    bool failing_ = false;
    std::shared_ptr<const SelView> done_;  // the view fully logged
};

// sel-log.json's text and back (nullopt when malformed).
std::string cursor_text(const SelLog::Cursor& cursor);
std::optional<SelLog::Cursor> parse_cursor(std::string_view text);

}  // namespace ipmiprov::daemon

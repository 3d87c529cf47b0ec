#include "sel_log.hpp"

#include <sys/uio.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>

#include "bridge/json_text.hpp"
#include "provider/sel/entry_output.hpp"
#include "provider/severity/severity.hpp"
#include "provider/spec/tables.hpp"
#include "provider/store/atomic_file.hpp"

namespace ipmiprov::daemon {
namespace {

namespace sel = provider::sel;
namespace severity = provider::severity;
using nlohmann::json;

// Offsets that say "non-recoverable" (IPMI 2.0 Table 42-2): the threshold
// levels Lower/Upper Non-recoverable going low/high (type 01h), and the
// generic severity states "to Non-recoverable" and "Non-recoverable" (07h).
struct NonRecoverable {
    std::uint8_t event_reading_type;
    std::uint8_t offset;
};
constexpr auto kNonRecoverable = std::to_array<NonRecoverable>({
    {0x01, 0x04},
    {0x01, 0x05},
    {0x01, 0x0A},
    {0x01, 0x0B},
    {0x07, 0x03},
    {0x07, 0x06},
});

bool non_recoverable(const sel::SystemEvent& event) {
    return std::any_of(kNonRecoverable.begin(), kNonRecoverable.end(), [&](const NonRecoverable& row) {
        return row.event_reading_type == event.event_reading_type && row.offset == event.offset();
    });
}

std::string_view fill_name(SelFill fill) {
    return fill == SelFill::Full ? "full" : fill == SelFill::AlmostFull ? "almost_full" : "normal";
}

LogRecord state_record(std::string_view message_id, int priority, std::string message, const SelView& view,
                       const std::string& bmc) {
    const auto& info = view.snapshot.state.info;
    const auto percent = sel_fill_percent(info);
    return LogRecord{priority,
                     {{"MESSAGE", std::move(message)},
                      {"MESSAGE_ID", std::string(message_id)},
                      {"IPMI_BMC", bmc},
                      {"IPMI_SEL_ENTRIES", std::to_string(info.entries)},
                      {"IPMI_SEL_FREE_BYTES", std::to_string(info.free_bytes)},
                      {"IPMI_SEL_PERCENT", percent ? std::to_string(*percent) : ""}}};
}

}  // namespace

int entry_priority(const sel::Entry& entry) {
    const auto level = severity::configured().of_event(entry);
    const auto* event = std::get_if<sel::SystemEvent>(&entry.body);
    switch (level) {
        case severity::Severity::Critical:
            return event != nullptr && !event->deassertion && non_recoverable(*event) ? LOG_CRIT : LOG_ERR;
        case severity::Severity::Warning:
            return LOG_WARNING;
        default:
            return event != nullptr && event->deassertion ? LOG_INFO : LOG_NOTICE;
    }
}

LogRecord entry_record(const SelView& view, std::size_t index,
                       const std::vector<provider::sensor::SensorDefinition>* sensors, const std::string& bmc) {
    static const std::vector<provider::sensor::SensorDefinition> kNone;
    const auto& entry = view.snapshot.entries.at(index);
    const auto offset = view.snapshot.state.utc_offset_minutes;
    const auto stored = sel::describe(entry, sensors != nullptr ? *sensors : kNone);
    const auto cells = sel::entry_cells(entry, stored, offset, false);
    const auto timestamp = sel::timestamp_of(entry);
    const auto iso = timestamp ? sel::iso8601_utc(*timestamp, offset) : std::nullopt;
    LogRecord record{entry_priority(entry),
                     {{"MESSAGE", sel::entry_line(cells)},
                      {"MESSAGE_ID", std::string(kSelEntryMessageId)},
                      {"IPMI_RECORD_ID", std::to_string(entry.record_id)},
                      {"IPMI_RECORD_TYPE", std::to_string(entry.record_type)},
                      {"IPMI_TIMESTAMP", iso.value_or("")},
                      {"IPMI_SENSOR", cells.at(2)},
                      {"IPMI_EVENT", stored.event},
                      {"IPMI_SEVERITY", std::string(severity::severity_text(severity::configured().of_event(entry)))},
                      {"IPMI_RAW", bridge::hex({entry.raw.begin(), entry.raw.end()})},
                      {"IPMI_BMC", bmc},
                      {"IPMI_SEQUENCE", std::to_string(view.sequence.at(index))}}};
    if (const auto* event = std::get_if<sel::SystemEvent>(&entry.body)) {
        record.fields.emplace_back(
            "IPMI_SENSOR_TYPE", std::string(provider::spec::sensor_type_name(event->sensor_type).value_or("unknown")));
        record.fields.emplace_back("IPMI_SENSOR_NUMBER", std::to_string(event->sensor_number));
        record.fields.emplace_back("IPMI_DIRECTION", event->deassertion ? "deassertion" : "assertion");
    }
    return record;
}

std::string cursor_text(const SelLog::Cursor& cursor) {
    return bridge::json_text(json{{"format", "ipmiprovd-sel-log"},
                                  {"version", 1},
                                  {"epoch", cursor.epoch},
                                  {"logged", cursor.sequence},
                                  {"erase_timestamp", cursor.erase_timestamp},
                                  {"fill", fill_name(cursor.fill)}});
}

std::optional<SelLog::Cursor> parse_cursor(std::string_view text) {
    const auto parsed = json::parse(text, nullptr, false);
    if (!parsed.is_object() || parsed.value("format", "") != "ipmiprovd-sel-log" || parsed.value("version", 0) != 1)
        return std::nullopt;
    const auto epoch = parsed.find("epoch");
    const auto logged = parsed.find("logged");
    const auto erased = parsed.find("erase_timestamp");
    const auto fill = parsed.find("fill");
    if (epoch == parsed.end() || !epoch->is_string() || logged == parsed.end() || !logged->is_number_unsigned() ||
        erased == parsed.end() || !erased->is_number_unsigned() || *erased > 0xFFFFFFFFULL || fill == parsed.end() ||
        !fill->is_string())
        return std::nullopt;
    SelLog::Cursor cursor{epoch->get<std::string>(), logged->get<std::uint64_t>(), erased->get<std::uint32_t>(),
                          SelFill::Normal};
    const auto fill_text = fill->get<std::string>();
    if (fill_text == "almost_full")
        cursor.fill = SelFill::AlmostFull;
    else if (fill_text == "full")
        cursor.fill = SelFill::Full;
    else if (fill_text != "normal")
        return std::nullopt;
    return cursor;
}

SelLog::SelLog(SelLogOptions options, std::unique_ptr<LogSink> sink)
    : options_(std::move(options)),
      sink_(std::move(sink)),
      file_(options_.state_dir.empty() ? std::filesystem::path() : options_.state_dir / "sel-log.json") {
    if (file_.empty() || !sink_) return;
    auto text = provider::store::read_whole_file(file_);
    if (!text.ok()) {
        if (text.error().kind != bridge::ErrorKind::NotFound)
            options_.log("SEL log: cannot read " + file_.string() + ": " + text.error().message);
        return;
    }
    stored_ = parse_cursor(*text);
    if (!stored_) options_.log("SEL log: " + file_.string() + " is malformed; logging on from the SEL as it is now");
}

// Where logging starts: where it stopped, when the store numbers the SEL as
// it did then; otherwise (a first start, a store that started over) from
// the entries read now, or all of them when the backlog is asked for.
void SelLog::start_from(const SelView& view) {
    started_ = true;
    if (stored_ && stored_->epoch == view.epoch) {
        cursor_ = *stored_;
        return;
    }
    if (stored_)
        options_.log("SEL log: the SEL store numbers entries anew (epoch " + view.epoch +
                     "); logging on from the entries read now");
    const bool backlog = options_.backlog && !stored_;
    cursor_ =
        Cursor{view.epoch, backlog ? 0 : view.last_sequence, view.snapshot.state.info.erase_timestamp, SelFill::Normal};
    if (!backlog && !view.snapshot.entries.empty())
        options_.log("SEL log: " + std::to_string(view.snapshot.entries.size()) +
                     " entries already in the SEL are not logged (sel-log-backlog = true logs them)");
    save();
}

bool SelLog::send(const LogRecord& record) {
    auto sent = sink_->send(record);
    if (!sent.ok()) {
        if (!failing_) options_.log("SEL log: " + sent.error().message + "; will send again");
        failing_ = true;
        return false;
    }
    if (failing_) options_.log("SEL log: " + sink_name() + " takes records again");
    failing_ = false;
    return true;
}

bool SelLog::log_new(const std::shared_ptr<const SelView>& view,
                     const std::vector<provider::sensor::SensorDefinition>* sensors) {
    if (!sink_ || !view || view == done_) return true;
    if (!started_) start_from(*view);
    if (cursor_.epoch != view->epoch) {
        stored_ = cursor_;
        started_ = false;
        start_from(*view);
    }
    const Cursor before = cursor_;
    const std::string& bmc = options_.bmc.empty() ? view->journal.endpoint : options_.bmc;
    const auto& info = view->snapshot.state.info;
    bool complete = true;
    if (info.erase_timestamp != cursor_.erase_timestamp) {
        if (!send(state_record(kSelClearedMessageId, LOG_NOTICE, "SEL cleared", *view, bmc))) return false;
        cursor_.erase_timestamp = info.erase_timestamp;
        cursor_.fill = SelFill::Normal;
    }
    for (std::size_t i = 0; i < view->sequence.size(); ++i) {
        if (view->sequence[i] <= cursor_.sequence) continue;
        if (!send(entry_record(*view, i, sensors, bmc))) {
            complete = false;
            break;
        }
        cursor_.sequence = view->sequence[i];
    }
    // Entries numbered and gone before they could be logged are not waited for.
    if (complete) cursor_.sequence = std::max(cursor_.sequence, view->last_sequence);
    const auto fill = sel_fill(info, options_.almost_full_percent);
    if (complete && fill > cursor_.fill) {
        const auto percent = sel_fill_percent(info);
        const std::string how = percent ? std::to_string(*percent) + " % used, " : std::string();
        const auto message =
            fill == SelFill::Full
                ? "SEL full" + std::string(info.overflow() ? " (overflow: the BMC drops or overwrites events)" : "") +
                      ": " + how + std::to_string(info.entries) + " entries"
                : "SEL almost full: " + how + std::to_string(info.entries) + " entries, " +
                      std::to_string(info.free_bytes) + " bytes free";
        complete = send(state_record(fill == SelFill::Full ? kSelFullMessageId : kSelAlmostFullMessageId, LOG_WARNING,
                                     message, *view, bmc));
        if (complete) cursor_.fill = fill;
    } else if (complete && fill < cursor_.fill) {
        cursor_.fill = fill;  // room again: the next filling is told again
    }
    if (cursor_.sequence != before.sequence || cursor_.erase_timestamp != before.erase_timestamp ||
        cursor_.fill != before.fill)
        save();
    if (complete) done_ = view;
    return complete;
}

void SelLog::save() {
    if (file_.empty()) return;
    auto written = provider::store::write_atomically(file_, cursor_text(cursor_));
    if (!written.ok()) options_.log("SEL log: cannot keep " + file_.string() + ": " + written.error().message);
}

}  // namespace ipmiprov::daemon

// Issue 22: the daemon's SEL subscriptions (sel_events.hpp) and the SEL in
// the system log (sel_log.hpp), over SEL views built here: every entry
// pushed once to each subscriber, resumed from a sequence number, a clear
// and a full SEL announced, a subscriber that does not read told what it
// lost; the log exactly once across restarts and clears, resent after a
// failure, never flooded with the backlog unless asked.
#include <gtest/gtest.h>
#include <syslog.h>

#include <nlohmann/json.hpp>

#include "provider/cim/sel_subscription.hpp"
#include "provider/sel/journal.hpp"
#include "scratch_dir.hpp"
#include "sel_events.hpp"
#include "sel_log.hpp"

namespace ipmiprov::daemon {
namespace {

namespace sel = provider::sel;
using nlohmann::json;

// A system event: sensor type `type`, event/reading type 6Fh or 01h, offset, direction.
sel::RawEntry event(std::uint16_t id, std::uint8_t sensor_type, std::uint8_t reading_type, std::uint8_t offset,
                    bool deasserted = false) {
    return {static_cast<std::uint8_t>(id & 0xFF),
            static_cast<std::uint8_t>(id >> 8),
            0x02,
            0x10,
            0x20,
            0x30,
            0x40,
            0x20,
            0x00,
            0x04,
            sensor_type,
            0x07,
            static_cast<std::uint8_t>(reading_type | (deasserted ? 0x80 : 0)),
            offset,
            0xFF,
            0xFF};
}

// A SEL of entries numbered from `first`, with its Get SEL Info.
struct Sel {
    std::string epoch = "00000000000000aa";
    std::uint32_t erased = 100;
    std::uint16_t free_bytes = 16000;
    std::vector<std::pair<std::uint64_t, sel::RawEntry>> entries;
    std::uint64_t last = 0;

    void add(const sel::RawEntry& raw) { entries.emplace_back(++last, raw); }
    [[nodiscard]] std::shared_ptr<const SelView> view() const {
        sel::SelJournal journal{epoch, "sim", {}, last, {}};
        for (const auto& [sequence, raw] : entries) journal.entries.push_back({sequence, raw});
        sel::SelInfo info;
        info.entries = static_cast<std::uint16_t>(entries.size());
        info.free_bytes = free_bytes;
        info.erase_timestamp = erased;
        return make_sel_view(journal, provider::cim::SelState{info, std::nullopt});
    }
};

std::vector<json> messages(Subscriber& subscriber) {
    std::vector<json> out;
    for (const auto& text : subscriber.take()) out.push_back(json::parse(*text));
    return out;
}

std::vector<std::uint64_t> sequences(const std::vector<json>& pushed) {
    std::vector<std::uint64_t> out;
    for (const auto& message : pushed)
        if (message["event"] == "entry") out.push_back(message["sequence"]);
    return out;
}

TEST(SelEvents, EachNewEntryReachesEverySubscriberOnce) {
    SelEvents events;
    Sel sel;
    sel.add(event(1, 0x07, 0x6F, 0));
    events.publish(sel.view(), nullptr);
    auto first = events.subscribe(std::nullopt, std::nullopt, nullptr);
    auto second = events.subscribe(std::nullopt, std::nullopt, nullptr);
    EXPECT_EQ(first.reply["last"], 1);
    EXPECT_TRUE(messages(*first.subscriber).empty());  // no backlog without "after"
    sel.add(event(2, 0x07, 0x6F, 1));
    sel.add(event(3, 0x01, 0x01, 9));
    const auto view = sel.view();
    events.publish(view, nullptr);
    events.publish(view, nullptr);  // the same view again pushes nothing
    for (auto* subscriber : {first.subscriber.get(), second.subscriber.get()}) {
        const auto pushed = messages(*subscriber);
        ASSERT_EQ(sequences(pushed), (std::vector<std::uint64_t>{2, 3}));
        EXPECT_EQ(pushed[0]["epoch"], sel.epoch);
        EXPECT_EQ(pushed[0]["entry"]["record_id"], 2);
        EXPECT_EQ(pushed[0]["entry"]["sensor_type"], "Processor");
        EXPECT_EQ(pushed[1]["entry"]["severity"], "critical");  // upper critical going high
        EXPECT_EQ(pushed[0]["record"]["class"], "IPMIProv_LogRecord");
    }
    EXPECT_EQ(events.published_entries(), 2U);
}

// What the daemon pushes, read back as the ABI's and CMPI's subscription reads it.
TEST(SelEvents, PushedMessagesDecodeAsTheLibraryReadsThem) {
    Sel sel;
    sel.add(event(1, 0x01, 0x01, 9));  // upper critical going high: an alert too
    const provider::cim::SystemIdentity system{"host-a", "IP", "sim"};
    const auto pushed = entry_event(*sel.view(), 0, nullptr, system);
    auto decoded = provider::cim::decode_pushed(pushed.dump());
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    ASSERT_TRUE(decoded->event.has_value());
    const auto& entry = *decoded->event;
    EXPECT_EQ(entry.kind, provider::cim::SelEventKind::Entry);
    EXPECT_EQ(entry.sequence, 1U);
    EXPECT_EQ(entry.epoch, sel.epoch);
    ASSERT_TRUE(entry.record.has_value());
    EXPECT_EQ(entry.record->class_name, "IPMIProv_LogRecord");
    EXPECT_EQ(entry.details["record_id"], 1);
    ASSERT_EQ(entry.indications.size(), 2U);
    EXPECT_EQ(entry.indications[0].class_name, "IPMIProv_InstCreation");
    EXPECT_EQ(entry.indications[1].class_name, "IPMIProv_AlertIndication");
    EXPECT_EQ(*entry.indications[1].property("SystemName")->as_string(), "host-a");

    auto lost = provider::cim::decode_pushed(R"({"event":"lost","count":4,"after":9,"epoch":"e"})");
    ASSERT_TRUE(lost.ok() && lost->lost.has_value());
    EXPECT_EQ(lost->lost->after, 9U);
    EXPECT_FALSE(lost->event.has_value());
    auto full = provider::cim::decode_pushed(R"({"event":"sel_full","percent":"x"})");
    ASSERT_TRUE(full.ok() && full->event.has_value()) << "a wrongly typed field reads as absent";
    EXPECT_EQ(full->event->kind, provider::cim::SelEventKind::Full);
    auto newer = provider::cim::decode_pushed(R"({"event":"from_the_future"})");
    ASSERT_TRUE(newer.ok());
    EXPECT_FALSE(newer->event || newer->lost) << "skipped";
    EXPECT_FALSE(provider::cim::decode_pushed("[1,2]").ok());
    EXPECT_FALSE(provider::cim::decode_pushed("{").ok());
    EXPECT_FALSE(provider::cim::decode_pushed(R"({"ok":false,"error":{"message":"no"}})").ok());
    EXPECT_FALSE(provider::cim::decode_pushed(R"({"ok":"yes"})").ok());
}

TEST(SelEvents, ResumingAfterASequenceGetsWhatWasMissedFromTheStore) {
    SelEvents events;
    Sel sel;
    for (std::uint16_t id = 1; id <= 5; ++id) sel.add(event(id, 0x07, 0x6F, 0));
    events.publish(sel.view(), nullptr);
    auto resumed = events.subscribe(2, sel.epoch, nullptr);
    EXPECT_FALSE(resumed.reply.contains("resync"));
    EXPECT_EQ(resumed.reply["missed"], 0);
    EXPECT_EQ(sequences(messages(*resumed.subscriber)), (std::vector<std::uint64_t>{3, 4, 5}));
    // Another epoch, or a number above the daemon's: every entry, marked.
    auto other = events.subscribe(2, std::string("ffffffffffffffff"), nullptr);
    EXPECT_TRUE(other.reply["resync"].get<bool>());
    EXPECT_EQ(sequences(messages(*other.subscriber)).size(), 5U);
    // Entries the SEL dropped before the subscriber came back are counted.
    sel.entries.erase(sel.entries.begin(), sel.entries.begin() + 3);
    events.publish(sel.view(), nullptr);
    auto late = events.subscribe(1, sel.epoch, nullptr);
    EXPECT_EQ(late.reply["missed"], 2);
    EXPECT_EQ(sequences(messages(*late.subscriber)), (std::vector<std::uint64_t>{4, 5}));
}

TEST(SelEvents, AClearAndAFillingSelAreAnnouncedOnce) {
    SelEvents events({16, 90, {}});
    Sel sel;
    sel.add(event(1, 0x07, 0x6F, 0));
    events.publish(sel.view(), nullptr);
    auto subscription = events.subscribe(std::nullopt, std::nullopt, nullptr);
    sel.entries.clear();
    sel.erased = 200;
    sel.add(event(1, 0x07, 0x6F, 0));
    sel.free_bytes = 16;  // 1 entry, room for 1 more: 50 %
    events.publish(sel.view(), nullptr);
    auto pushed = messages(*subscription.subscriber);
    ASSERT_EQ(pushed.size(), 2U);
    EXPECT_EQ(pushed[0]["event"], "cleared");
    EXPECT_EQ(pushed[1]["sequence"], 2);  // numbered on after the clear
    sel.free_bytes = 0;
    events.publish(sel.view(), nullptr);
    sel.add(event(2, 0x07, 0x6F, 0));  // a new view, still full: not told again
    events.publish(sel.view(), nullptr);
    pushed = messages(*subscription.subscriber);
    ASSERT_EQ(pushed.size(), 2U);
    EXPECT_EQ(pushed[0]["event"], "sel_full");
    EXPECT_EQ(pushed[1]["event"], "entry");
}

TEST(SelEvents, ASubscriberThatDoesNotReadLosesWhatDoesNotFitAndIsTold) {
    SelEvents events({3, 90, {}});
    Sel sel;
    events.publish(sel.view(), nullptr);
    auto slow = events.subscribe(std::nullopt, std::nullopt, nullptr);
    auto quick = events.subscribe(std::nullopt, std::nullopt, nullptr);
    for (std::uint16_t id = 1; id <= 10; ++id) {
        sel.add(event(id, 0x07, 0x6F, 0));
        events.publish(sel.view(), nullptr);
        EXPECT_EQ(sequences(messages(*quick.subscriber)).size(), 1U);  // never held up
    }
    const auto pushed = messages(*slow.subscriber);
    ASSERT_EQ(pushed.size(), 4U);
    EXPECT_EQ(sequences(pushed), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(pushed[3]["event"], "lost");
    EXPECT_EQ(pushed[3]["count"], 7);
    EXPECT_EQ(pushed[3]["after"], 3);  // subscribe after 3 to have them again
    EXPECT_EQ(slow.subscriber->lost_total(), 7U);
    auto again = events.subscribe(pushed[3]["after"].get<std::uint64_t>(), sel.epoch, nullptr);
    EXPECT_EQ(sequences(messages(*again.subscriber)).size(), 3U);  // its queue holds 3: the next lost marker says so
}

TEST(SelEvents, UnsubscribedGetNothing) {
    SelEvents events;
    Sel sel;
    events.publish(sel.view(), nullptr);
    auto subscription = events.subscribe(std::nullopt, std::nullopt, nullptr);
    EXPECT_EQ(events.subscribers(), 1U);
    events.unsubscribe(subscription.subscriber);
    EXPECT_EQ(events.subscribers(), 0U);
    sel.add(event(1, 0x07, 0x6F, 0));
    events.publish(sel.view(), nullptr);
    EXPECT_TRUE(messages(*subscription.subscriber).empty());
}

TEST(SelFill, PercentAndLevels) {
    sel::SelInfo info;
    info.entries = 90;
    info.free_bytes = 160;  // 10 entries' room
    EXPECT_EQ(sel_fill_percent(info), 90U);
    EXPECT_EQ(sel_fill(info, 90), SelFill::AlmostFull);
    EXPECT_EQ(sel_fill(info, 95), SelFill::Normal);
    info.free_bytes = 0;
    EXPECT_EQ(sel_fill(info, 90), SelFill::Full);
    info.entries = 10;
    info.free_bytes = 16000;
    info.operations = 0x80;  // overflow
    EXPECT_EQ(sel_fill(info, 90), SelFill::Full);
    EXPECT_EQ(sel_fill_percent(sel::SelInfo{}), std::nullopt);
}

// A sink that keeps what it was given, and fails while told to.
class MemorySink final : public LogSink {
public:
    explicit MemorySink(std::vector<LogRecord>& records, bool& failing) : records_(records), failing_(failing) {}
    bridge::Status send(const LogRecord& record) override {
        if (failing_) return bridge::make_error(bridge::ErrorKind::Transport, "no journal");
        records_.push_back(record);
        return bridge::success();
    }
    [[nodiscard]] std::string name() const override { return "memory"; }

private:
    std::vector<LogRecord>& records_;
    bool& failing_;
};

struct LogFixture {
    testing::ScratchDir dir{"ipmiprov-sel-log"};
    std::vector<LogRecord> records;
    bool failing = false;
    std::unique_ptr<SelLog> start(bool backlog = false) {
        return std::make_unique<SelLog>(SelLogOptions{dir.path(), backlog, 90, "bmc1", [](const std::string&) {}},
                                        std::make_unique<MemorySink>(records, failing));
    }
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& record : records) out.push_back(record.field("IPMI_RECORD_ID"));
        return out;
    }
};

TEST(SelLog, EachEntryOnceAcrossRestartsWithoutTheBacklog) {
    LogFixture fixture;
    Sel sel;
    sel.add(event(1, 0x07, 0x6F, 0));
    sel.add(event(2, 0x07, 0x6F, 0));
    {
        auto log = fixture.start();
        log->log_new(sel.view(), nullptr);  // already there at the first start: not logged
        EXPECT_TRUE(fixture.records.empty());
        sel.add(event(3, 0x01, 0x01, 0x09));
        log->log_new(sel.view(), nullptr);
        log->log_new(sel.view(), nullptr);
    }
    EXPECT_EQ(fixture.ids(), (std::vector<std::string>{"3"}));
    sel.add(event(4, 0x07, 0x6F, 0));  // while the daemon was down
    auto restarted = fixture.start();
    restarted->log_new(sel.view(), nullptr);
    EXPECT_EQ(fixture.ids(), (std::vector<std::string>{"3", "4"}));
    const auto& record = fixture.records[0];
    EXPECT_EQ(record.priority, LOG_ERR);  // upper critical going high
    EXPECT_EQ(record.field("MESSAGE_ID"), kSelEntryMessageId);
    EXPECT_EQ(record.field("IPMI_SENSOR_TYPE"), "Temperature");
    EXPECT_EQ(record.field("IPMI_DIRECTION"), "assertion");
    EXPECT_EQ(record.field("IPMI_BMC"), "bmc1");
    EXPECT_EQ(record.field("IPMI_RAW").size(), 47U);  // as `sel list --json` shows "raw": 16 bytes, spaced
    EXPECT_NE(record.field("MESSAGE").find("0x0003"), std::string::npos);
}

TEST(SelLog, TheBacklogWhenAsked) {
    LogFixture fixture;
    Sel sel;
    sel.add(event(1, 0x07, 0x6F, 0));
    sel.add(event(2, 0x07, 0x6F, 0));
    fixture.start(true)->log_new(sel.view(), nullptr);
    EXPECT_EQ(fixture.ids(), (std::vector<std::string>{"1", "2"}));
    fixture.start(true)->log_new(sel.view(), nullptr);  // a restart: not again
    EXPECT_EQ(fixture.records.size(), 2U);
}

TEST(SelLog, WhatCouldNotBeSentIsSentLaterOnce) {
    LogFixture fixture;
    Sel sel;
    auto log = fixture.start();
    EXPECT_TRUE(log->log_new(sel.view(), nullptr));
    fixture.failing = true;
    sel.add(event(1, 0x07, 0x6F, 0));
    EXPECT_FALSE(log->log_new(sel.view(), nullptr)) << "not all logged: the archive policy must not clear";
    EXPECT_TRUE(fixture.records.empty());
    fixture.failing = false;
    EXPECT_TRUE(log->log_new(sel.view(), nullptr));  // the same view: tried again
    sel.add(event(2, 0x07, 0x6F, 0));
    log->log_new(sel.view(), nullptr);
    EXPECT_EQ(fixture.ids(), (std::vector<std::string>{"1", "2"}));
}

TEST(SelLog, ClearsAndAFullSelAreLoggedOnceEvenAcrossARestart) {
    LogFixture fixture;
    Sel sel;
    sel.add(event(1, 0x07, 0x6F, 0));
    fixture.start()->log_new(sel.view(), nullptr);
    sel.entries.clear();
    sel.erased = 300;  // cleared while the daemon was down
    sel.free_bytes = 0;
    sel.add(event(1, 0x07, 0x6F, 0));
    fixture.start()->log_new(sel.view(), nullptr);
    fixture.start()->log_new(sel.view(), nullptr);
    ASSERT_EQ(fixture.records.size(), 3U);
    EXPECT_EQ(fixture.records[0].field("MESSAGE_ID"), kSelClearedMessageId);
    EXPECT_EQ(fixture.records[1].field("IPMI_SEQUENCE"), "2");
    EXPECT_EQ(fixture.records[2].field("MESSAGE_ID"), kSelFullMessageId);
    EXPECT_EQ(fixture.records[2].priority, LOG_WARNING);
}

TEST(SelLog, PrioritiesFollowTheSeverity) {
    auto priority = [](const sel::RawEntry& raw) { return entry_priority(*sel::decode_entry(raw)); };
    EXPECT_EQ(priority(event(1, 0x01, 0x01, 0x0B)), LOG_CRIT);     // upper non-recoverable going high
    EXPECT_EQ(priority(event(1, 0x01, 0x01, 0x09)), LOG_ERR);      // upper critical going high
    EXPECT_EQ(priority(event(1, 0x01, 0x01, 0x07)), LOG_WARNING);  // upper non-critical going high
    EXPECT_EQ(priority(event(1, 0x07, 0x6F, 0x00)), LOG_ERR);      // processor IERR
    EXPECT_EQ(priority(event(1, 0x1F, 0x6F, 0x01)), LOG_NOTICE);   // OS boot completed
}

TEST(SelLog, CursorFileRoundTripsAndRejectsGarbage) {
    const SelLog::Cursor cursor{"00000000000000aa", 42, 7, SelFill::AlmostFull};
    const auto parsed = parse_cursor(cursor_text(cursor));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->sequence, 42U);
    EXPECT_EQ(parsed->fill, SelFill::AlmostFull);
    EXPECT_FALSE(parse_cursor("{}"));
    EXPECT_FALSE(parse_cursor("not json"));
    EXPECT_FALSE(parse_cursor(R"({"format":"ipmiprovd-sel-log","version":1,"epoch":"a","logged":-1,)"
                              R"("erase_timestamp":0,"fill":"normal"})"));
}

}  // namespace
}  // namespace ipmiprov::daemon

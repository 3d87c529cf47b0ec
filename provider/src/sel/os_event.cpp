// The OS's events into the SEL (os_event.hpp).
#include "provider/sel/os_event.hpp"

#include <algorithm>
#include <array>

#include "bridge/message.hpp"
#include "bridge/spec_tables.hpp"
#include "provider/sel/event_text.hpp"
#include "provider/sel/reader.hpp"
#include "provider/spec/tables.hpp"

namespace ipmiprov::provider::sel {
namespace {

constexpr std::uint8_t kPlatformEvent = 0x02;    // netfn Sensor/Event, §29.3
constexpr std::uint8_t kEventMessageRev = 0x04;  // IPMI 2.0 event messages (Table 29-5)
constexpr std::uint8_t kSensorSpecific = 0x6F;   // event/reading type: sensor-specific offsets (Table 42-1)
constexpr std::uint8_t kUnspecified = 0xFF;      // event data 2 and 3 unused: Event Data 1 bits 7:4 are 0000b
constexpr std::uint8_t kSystemEventRecord = 0x02;

// Table 42-3, sensor types 1Fh (Base OS Boot / Installation Status) and 20h
// (OS Stop / Shutdown): the states an OS reports of itself. ipmitool's `sel
// elist` prints them as "OS Boot | C: boot completed" and "OS Critical Stop
// | OS graceful shutdown".
const std::vector<OsEventKind> kKinds{
    {"boot-completed", 0x1F, 0x01},             // C: boot completed
    {"graceful-shutdown", 0x20, 0x03},          // OS Graceful Shutdown
    {"graceful-stop", 0x20, 0x02},              // OS Graceful Stop
    {"critical-stop", 0x20, 0x01},              // Run-time Critical Stop
    {"critical-stop-during-load", 0x20, 0x00},  // Critical stop during OS load / initialization
};

}  // namespace

const std::vector<OsEventKind>& os_event_kinds() {
    return kKinds;
}

std::optional<OsEventKind> find_os_event(std::string_view name) {
    const auto found = std::find_if(kKinds.begin(), kKinds.end(), [&](const auto& kind) { return kind.name == name; });
    if (found == kKinds.end()) return std::nullopt;
    return *found;
}

std::string os_event_names() {
    std::string names;
    for (const auto& kind : kKinds) {
        if (!names.empty()) names.append(", ");
        names.append(kind.name);
    }
    return names;
}

std::string os_event_text(const OsEventKind& kind) {
    auto entry = decode_entry(os_event_record(kind, 0));
    std::string text(spec::sensor_type_name(kind.sensor_type).value_or("sensor"));
    text.append(": ").append(entry.ok() ? event_text(std::get<SystemEvent>(entry->body), nullptr) : "");
    return text;
}

std::vector<std::uint8_t> platform_event_data(const OsEventKind& kind, bool system_interface) {
    // Built whole, then cut: growing a vector byte by byte here trips GCC 12's
    // -Wstringop-overread at -O3 (a false positive).
    const std::array<std::uint8_t, 8> full{kSystemSoftwareId, kEventMessageRev, kind.sensor_type, kOsEventSensorNumber,
                                           kSensorSpecific,   kind.offset,      kUnspecified,     kUnspecified};
    const auto first = full.begin() + (system_interface ? 0 : 1);
    return {first, full.end()};
}

RawEntry os_event_record(const OsEventKind& kind, std::uint32_t timestamp) {
    // Table 32-1: record ID (2), record type, timestamp (4, LS byte first),
    // generator ID (2: the software ID, then channel 0 and LUN 0), EvM rev,
    // sensor type, sensor number, event dir | type, event data 1-3.
    return RawEntry{0x00,
                    0x00,
                    kSystemEventRecord,
                    static_cast<std::uint8_t>(timestamp & 0xFF),
                    static_cast<std::uint8_t>((timestamp >> 8) & 0xFF),
                    static_cast<std::uint8_t>((timestamp >> 16) & 0xFF),
                    static_cast<std::uint8_t>(timestamp >> 24),
                    kSystemSoftwareId,
                    0x00,
                    kEventMessageRev,
                    kind.sensor_type,
                    kOsEventSensorNumber,
                    kSensorSpecific,
                    kind.offset,
                    kUnspecified,
                    kUnspecified};
}

bool refuses_platform_events(std::uint8_t completion_code) {
    // C1h invalid command (no event receiver), C7h/CCh the request's length
    // or data not as this BMC takes it (a generator ID it did or did not
    // expect on this interface), C9h out of range, D5h not in this state.
    constexpr std::array<std::uint8_t, 5> kRefusals{0xC1, 0xC7, 0xCC, 0xC9, 0xD5};
    return std::find(kRefusals.begin(), kRefusals.end(), completion_code) != kRefusals.end();
}

bool is_system_interface(std::string_view transport_description) {
    return transport_description.starts_with("kernel ");
}

Result<AddedEvent> add_os_event(bridge::Engine& engine, const OsEventKind& kind, std::uint32_t timestamp) {
    const bridge::Request request{bridge::netfn::kSensorEvent, kPlatformEvent, 0, bridge::Target::bmc(),
                                  platform_event_data(kind, is_system_interface(engine.transport_description()))};
    auto reply = engine.send(request);
    if (!reply.ok()) return reply.error();  // no answer: the BMC would not take a record either
    AddedEvent added;
    if (reply->completion_code == bridge::cc::kOk) {
        added.platform_event = true;
        return added;
    }
    // Only a BMC that does not take the message as sent falls back; a busy or
    // timed-out one may have logged it already: an error, not a second entry.
    if (!refuses_platform_events(reply->completion_code)) {
        std::string message = "the BMC did not take the Platform Event Message (completion code ";
        message.append(bridge::byte_text(reply->completion_code))
            .append(", ")
            .append(bridge::completion_code_text(reply->completion_code))
            .append("); no SEL entry was added in its place, since it may have been logged");
        auto error = bridge::make_error(bridge::ErrorKind::CompletionCode, std::move(message));
        error.completion_code = reply->completion_code;
        return error;
    }
    added.refused_with = reply->completion_code;
    SelReader reader(engine);
    auto id = reader.add_entry(os_event_record(kind, timestamp));
    if (!id.ok()) {
        auto error = id.error();
        std::string message = "the BMC refused the Platform Event Message (completion code ";
        message.append(bridge::byte_text(reply->completion_code))
            .append(", ")
            .append(bridge::completion_code_text(reply->completion_code))
            .append(") and Add SEL Entry: ")
            .append(error.message);
        error.message = std::move(message);
        return error;
    }
    added.record_id = *id;
    return added;
}

}  // namespace ipmiprov::provider::sel

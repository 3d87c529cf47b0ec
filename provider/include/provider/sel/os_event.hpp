// The operating system's own events in the SEL (issue 22, part 3): "boot
// completed", "graceful shutdown" and the OS stops of IPMI 2.0 Table 42-3
// (sensor types 1Fh OS Boot and 20h OS Critical Stop), reported as system
// software reports them: a Platform Event Message (§29.3, so that PEF sees
// it and its alerts fire), or, where the BMC refuses that, a whole system
// event record given to Add SEL Entry (§31.6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/sel/record.hpp"

namespace ipmiprov::provider::sel {

// One kind of OS event: a sensor type and the offset of its state.
struct OsEventKind {
    std::string_view name;  // as `sel add --os-event` takes it
    std::uint8_t sensor_type = 0;
    std::uint8_t offset = 0;
};

// The generator of our events: software ID 20h, the first of "System
// Management Software" (20h-2Fh, §5.5 Table 5-4), as the 8-bit value with
// bit 0 set that marks a software ID: 41h. Linux's ipmi_msghandler reports
// its panic event with the same ID.
inline constexpr std::uint8_t kSystemSoftwareId = 0x41;
// The events are about the OS, not a sensor of the SDRs: sensor number 00h.
inline constexpr std::uint8_t kOsEventSensorNumber = 0x00;

const std::vector<OsEventKind>& os_event_kinds();
std::optional<OsEventKind> find_os_event(std::string_view name);
// "boot-completed, graceful-shutdown, …": for errors and help.
std::string os_event_names();
// "Base OS Boot / Installation Status: C: boot completed": the sensor type
// and the state in Table 42-3's words, as `sel list` shows the entry.
std::string os_event_text(const OsEventKind& kind);

// The Platform Event Message's data (§29.3 Table 29-5): over the system
// interface (the kernel device) it begins with the generator ID; over LAN
// and IPMB the BMC takes the generator from the message's requester.
std::vector<std::uint8_t> platform_event_data(const OsEventKind& kind, bool system_interface);
// The same event as a whole system event record (type 02h, Table 32-1) for
// Add SEL Entry: record ID 0000h (the BMC assigns one), `timestamp` (most
// BMCs stamp the entry with their own clock), generator 0041h.
RawEntry os_event_record(const OsEventKind& kind, std::uint32_t timestamp);

// The completion codes that say a BMC does not take a Platform Event Message
// as sent (no event receiver, another layout): the ones that fall back.
bool refuses_platform_events(std::uint8_t completion_code);

// Whether a connection reaches the BMC through its system interface: the
// kernel device, directly or through ipmiprovd (its description names it).
bool is_system_interface(std::string_view transport_description);

// How an event got into the SEL.
struct AddedEvent {
    bool platform_event = false;               // accepted as a Platform Event Message
    std::optional<std::uint8_t> refused_with;  // else: the code the BMC refused it with ...
    std::optional<std::uint16_t> record_id;    // ... and the ID Add SEL Entry gave the record
};

// Sends `kind` as a Platform Event Message; when the BMC refuses it as such
// (refuses_platform_events: C1h, as ipmi_sim does, C7h, C9h, CCh, D5h),
// adds the record with Add SEL Entry instead. An error names both refusals
// when both fail. A BMC that does not answer, or answers with another code
// (busy, timed out: it may have logged the event), is an error with no
// Add SEL Entry, so that nothing is logged twice.
Result<AddedEvent> add_os_event(bridge::Engine& engine, const OsEventKind& kind, std::uint32_t timestamp);

}  // namespace ipmiprov::provider::sel

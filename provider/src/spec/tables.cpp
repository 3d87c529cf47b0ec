// IPMI 2.0 rev 1.1 interpretation tables as data. Each table is one array;
// lookups are index checks, never chains of conditions.
//
// Severity of a state (used for health): a state is Critical when it reports
// a failure, a fault, an uncorrectable error, a critical or non-recoverable
// condition or lost redundancy/power; Warning when it reports a non-critical
// or predictive condition, degradation or a configuration problem; Ok
// otherwise (presence, progress, informational transitions).
#include "provider/spec/tables.hpp"

#include <array>
#include <span>

namespace ipmiprov::provider::spec {
namespace {

constexpr auto W = Severity::Warning;
constexpr auto C = Severity::Critical;

struct State {
    std::string_view name;
    Severity severity = Severity::Ok;
};

// Up to 15 offsets per event/reading type; an empty name is a reserved offset.
using StateTable = std::array<State, 15>;

// Table 42-3, sensor type codes 01h..2Ch.
constexpr std::array<std::string_view, 0x2D> kSensorTypes{
    "",
    "Temperature",
    "Voltage",
    "Current",
    "Fan",
    "Physical Security",
    "Platform Security",
    "Processor",
    "Power Supply",
    "Power Unit",
    "Cooling Device",
    "Other Units-based Sensor",
    "Memory",
    "Drive Slot (Bay)",
    "POST Memory Resize",
    "System Firmware Progress",
    "Event Logging Disabled",
    "Watchdog 1",
    "System Event",
    "Critical Interrupt",
    "Button / Switch",
    "Module / Board",
    "Microcontroller / Coprocessor",
    "Add-in Card",
    "Chassis",
    "Chip Set",
    "Other FRU",
    "Cable / Interconnect",
    "Terminator",
    "System Boot / Restart Initiated",
    "Boot Error",
    "Base OS Boot / Installation Status",
    "OS Stop / Shutdown",
    "Slot / Connector",
    "System ACPI Power State",
    "Watchdog 2",
    "Platform Alert",
    "Entity Presence",
    "Monitor ASIC / IC",
    "LAN",
    "Management Subsystem Health",
    "Battery",
    "Session Audit",
    "Version Change",
    "FRU State",
};

// Table 42-2, generic event/reading types 01h..0Ch.
constexpr std::array<StateTable, 0x0D> kGenericStates{{
    {},
    {{{"Lower Non-critical going low", W},
      {"Lower Non-critical going high", W},
      {"Lower Critical going low", C},
      {"Lower Critical going high", C},
      {"Lower Non-recoverable going low", C},
      {"Lower Non-recoverable going high", C},
      {"Upper Non-critical going low", W},
      {"Upper Non-critical going high", W},
      {"Upper Critical going low", C},
      {"Upper Critical going high", C},
      {"Upper Non-recoverable going low", C},
      {"Upper Non-recoverable going high", C}}},
    {{{"Transition to Idle"}, {"Transition to Active"}, {"Transition to Busy"}}},
    {{{"State Deasserted"}, {"State Asserted"}}},
    {{{"Predictive Failure deasserted"}, {"Predictive Failure asserted", W}}},
    {{{"Limit Not Exceeded"}, {"Limit Exceeded", W}}},
    {{{"Performance Met"}, {"Performance Lags", W}}},
    {{{"Transition to OK"},
      {"Transition to Non-Critical from OK", W},
      {"Transition to Critical from less severe", C},
      {"Transition to Non-recoverable from less severe", C},
      {"Transition to Non-Critical from more severe", W},
      {"Transition to Critical from Non-recoverable", C},
      {"Transition to Non-recoverable", C},
      {"Monitor"},
      {"Informational"}}},
    {{{"Device Removed / Device Absent"}, {"Device Inserted / Device Present"}}},
    {{{"Device Disabled"}, {"Device Enabled"}}},
    {{{"Transition to Running"},
      {"Transition to In Test"},
      {"Transition to Power Off", W},
      {"Transition to On Line"},
      {"Transition to Off Line", W},
      {"Transition to Off Duty", W},
      {"Transition to Degraded", W},
      {"Transition to Power Save"},
      {"Install Error", C}}},
    {{{"Fully Redundant"},
      {"Redundancy Lost", C},
      {"Redundancy Degraded", W},
      {"Non-redundant: Sufficient Resources from Redundant", W},
      {"Non-redundant: Sufficient Resources from Insufficient Resources", W},
      {"Non-redundant: Insufficient Resources", C},
      {"Redundancy Degraded from Fully Redundant", W},
      {"Redundancy Degraded from Non-redundant", W}}},
    {{{"D0 Power State"}, {"D1 Power State"}, {"D2 Power State"}, {"D3 Power State"}}},
}};

struct SensorSpecific {
    std::uint8_t sensor_type;
    StateTable states;
};

// Table 42-3, sensor-specific offsets (event/reading type 6Fh).
constexpr std::array kSensorSpecificStates{
    SensorSpecific{0x05,
                   {{{"General Chassis Intrusion", W},
                     {"Drive Bay intrusion", W},
                     {"I/O Card area intrusion", W},
                     {"Processor area intrusion", W},
                     {"LAN Leash Lost (system is unplugged from LAN)", W},
                     {"Unauthorized dock", W},
                     {"FAN area intrusion", W}}}},
    SensorSpecific{0x06,
                   {{{"Secure Mode (Front Panel Lockout) Violation attempt", W},
                     {"Pre-boot Password Violation - user password", W},
                     {"Pre-boot Password Violation attempt - setup password", W},
                     {"Pre-boot Password Violation - network boot password", W},
                     {"Other pre-boot Password Violation", W},
                     {"Out-of-band Access Password Violation", W}}}},
    SensorSpecific{0x07,
                   {{{"IERR", C},
                     {"Thermal Trip", C},
                     {"FRB1/BIST failure", C},
                     {"FRB2/Hang in POST failure", C},
                     {"FRB3/Processor Startup/Initialization failure", C},
                     {"Configuration Error", W},
                     {"SM BIOS 'Uncorrectable CPU-complex Error'", C},
                     {"Processor Presence detected"},
                     {"Processor disabled", W},
                     {"Terminator Presence Detected"},
                     {"Processor Automatically Throttled", W},
                     {"Machine Check Exception (Uncorrectable)", C},
                     {"Correctable Machine Check Error", W}}}},
    SensorSpecific{0x08,
                   {{{"Presence detected"},
                     {"Power Supply Failure detected", C},
                     {"Predictive Failure", W},
                     {"Power Supply input lost (AC/DC)", C},
                     {"Power Supply input lost or out-of-range", C},
                     {"Power Supply input out-of-range, but present", W},
                     {"Configuration error", W},
                     {"Power Supply Inactive (in standby state)"}}}},
    SensorSpecific{0x09,
                   {{{"Power Off / Power Down"},
                     {"Power Cycle"},
                     {"240VA Power Down", W},
                     {"Interlock Power Down", W},
                     {"AC lost / Power input lost", C},
                     {"Soft Power Control Failure", C},
                     {"Power Unit Failure detected", C},
                     {"Predictive Failure", W}}}},
    SensorSpecific{0x0C,
                   {{{"Correctable ECC / other correctable memory error", W},
                     {"Uncorrectable ECC / other uncorrectable memory error", C},
                     {"Parity", C},
                     {"Memory Scrub Failed (stuck bit)", C},
                     {"Memory Device Disabled", W},
                     {"Correctable ECC / other correctable memory error logging limit reached", W},
                     {"Presence detected"},
                     {"Configuration error", W},
                     {"Spare"},
                     {"Memory Automatically Throttled", W},
                     {"Critical Overtemperature", C}}}},
    SensorSpecific{0x0D,
                   {{{"Drive Presence"},
                     {"Drive Fault", C},
                     {"Predictive Failure", W},
                     {"Hot Spare"},
                     {"Consistency Check / Parity Check in progress"},
                     {"In Critical Array", C},
                     {"In Failed Array", C},
                     {"Rebuild/Remap in progress", W},
                     {"Rebuild/Remap Aborted", C}}}},
    SensorSpecific{
        0x0F, {{{"System Firmware Error (POST Error)", C}, {"System Firmware Hang", C}, {"System Firmware Progress"}}}},
    SensorSpecific{0x10,
                   {{{"Correctable Memory Error Logging Disabled", W},
                     {"Event 'Type' Logging Disabled", W},
                     {"Log Area Reset/Cleared"},
                     {"All Event Logging Disabled", W},
                     {"SEL Full", W},
                     {"SEL Almost Full", W},
                     {"Correctable Machine Check Error Logging Disabled", W}}}},
    SensorSpecific{0x11,
                   {{{"BIOS Watchdog Reset", C},  // the watchdog acted: the host had stopped answering
                     {"OS Watchdog Reset", C},
                     {"OS Watchdog Shut Down", C},
                     {"OS Watchdog Power Down", C},
                     {"OS Watchdog Power Cycle", C},
                     {"OS Watchdog NMI / Diagnostic Interrupt", W},
                     {"OS Watchdog Expired, status only", W},
                     {"OS Watchdog pre-timeout Interrupt, non-NMI", W}}}},
    SensorSpecific{0x12,
                   {{{"System Reconfigured"},
                     {"OEM System Boot Event"},
                     {"Undetermined system hardware failure", C},
                     {"Entry added to Auxiliary Log"},
                     {"PEF Action"},
                     {"Timestamp Clock Synch"}}}},
    SensorSpecific{0x13,
                   {{{"Front Panel NMI / Diagnostic Interrupt", W},
                     {"Bus Timeout", C},
                     {"I/O channel check NMI", C},
                     {"Software NMI", W},
                     {"PCI PERR", C},
                     {"PCI SERR", C},
                     {"EISA Fail Safe Timeout", C},
                     {"Bus Correctable Error", W},
                     {"Bus Uncorrectable Error", C},
                     {"Fatal NMI", C},
                     {"Bus Fatal Error", C},
                     {"Bus Degraded", W}}}},
    SensorSpecific{0x14,
                   {{{"Power Button pressed"},
                     {"Sleep Button pressed"},
                     {"Reset Button pressed"},
                     {"FRU latch open"},
                     {"FRU service request button"}}}},
    SensorSpecific{0x19, {{{"Soft Power Control Failure", C}, {"Thermal Trip", C}}}},
    SensorSpecific{0x1B,
                   {{{"Cable/Interconnect is connected"},
                     {"Configuration Error - Incorrect cable connected / Incorrect interconnection", W}}}},
    SensorSpecific{0x1D,
                   {{{"Initiated by power up"},
                     {"Initiated by hard reset"},
                     {"Initiated by warm reset"},
                     {"User requested PXE boot"},
                     {"Automatic boot to diagnostic"},
                     {"OS / run-time software initiated hard reset"},
                     {"OS / run-time software initiated warm reset"},
                     {"System Restart"}}}},
    SensorSpecific{0x1E,
                   {{{"No bootable media", C},
                     {"Non-bootable diskette left in drive", W},
                     {"PXE Server not found", C},
                     {"Invalid boot sector", C},
                     {"Timeout waiting for user selection of boot source", W}}}},
    SensorSpecific{0x1F,
                   {{{"A: boot completed"},
                     {"C: boot completed"},
                     {"PXE boot completed"},
                     {"Diagnostic boot completed"},
                     {"CD-ROM boot completed"},
                     {"ROM boot completed"},
                     {"boot completed - boot device not specified"},
                     {"Base OS/Hypervisor Installation started"},
                     {"Base OS/Hypervisor Installation completed"},
                     {"Base OS/Hypervisor Installation aborted", W},
                     {"Base OS/Hypervisor Installation failed", C}}}},
    SensorSpecific{0x20,
                   {{{"Critical stop during OS load / initialization", C},
                     {"Run-time Critical Stop", C},
                     {"OS Graceful Stop"},
                     {"OS Graceful Shutdown"},
                     {"Soft Shutdown initiated by PEF"},
                     {"Agent Not Responding", W}}}},
    SensorSpecific{0x21,
                   {{{"Fault Status asserted", C},
                     {"Identify Status asserted"},
                     {"Slot / Connector Device installed/attached"},
                     {"Slot / Connector Ready for Device Installation"},
                     {"Slot / Connector Ready for Device Removal"},
                     {"Slot Power is Off"},
                     {"Slot / Connector Device Removal Request"},
                     {"Interlock asserted"},
                     {"Slot is Disabled", W},
                     {"Slot holds spare device"}}}},
    SensorSpecific{0x22,
                   {{{"S0/G0 \"working\""},
                     {"S1 \"sleeping with system h/w & processor context maintained\""},
                     {"S2 \"sleeping, processor context lost\""},
                     {"S3 \"sleeping, processor & h/w context lost, memory retained\""},
                     {"S4 \"non-volatile sleep/suspend-to-disk\""},
                     {"S5/G2 \"soft-off\""},
                     {"S4/S5 soft-off, particular S4/S5 state cannot be determined"},
                     {"G3/Mechanical Off"},
                     {"Sleeping in an S1, S2, or S3 states"},
                     {"G1 sleeping"},
                     {"S5 entered by override"},
                     {"Legacy ON state"},
                     {"Legacy OFF state"},
                     {""},
                     {"Unknown"}}}},
    SensorSpecific{0x23,
                   {{{"Timer expired, status only", W},
                     {"Hard Reset", C},  // the watchdog acted: the host had stopped answering
                     {"Power Down", C},
                     {"Power Cycle", C},
                     {""},
                     {""},
                     {""},
                     {""},
                     {"Timer interrupt", W}}}},
    SensorSpecific{0x24,
                   {{{"Platform generated page"},
                     {"Platform generated LAN alert"},
                     {"Platform Event Trap generated"},
                     {"Platform generated SNMP trap"}}}},
    SensorSpecific{0x25, {{{"Entity Present"}, {"Entity Absent", W}, {"Entity Disabled", W}}}},
    SensorSpecific{0x27, {{{"LAN Heartbeat Lost", W}, {"LAN Heartbeat"}}}},
    SensorSpecific{0x28,
                   {{{"Sensor access degraded or unavailable", W},
                     {"Controller access degraded or unavailable", W},
                     {"Management controller off-line", C},
                     {"Management controller unavailable", C},
                     {"Sensor failure", C},
                     {"FRU failure", C}}}},
    SensorSpecific{0x29,
                   {{{"Battery low (predictive failure)", W}, {"Battery failed", C}, {"Battery presence detected"}}}},
    SensorSpecific{0x2A,
                   {{{"Session Activated"},
                     {"Session Deactivated"},
                     {"Invalid Username or Password", W},
                     {"Invalid password disable", W}}}},
    SensorSpecific{0x2B,
                   {{{"Hardware change detected with associated Entity"},
                     {"Firmware or software change detected with associated Entity"},
                     {"Hardware incompatibility detected with associated Entity", W},
                     {"Firmware or software incompatibility detected with associated Entity", W},
                     {"Entity is of an invalid or unsupported hardware version", W},
                     {"Entity contains an invalid or unsupported firmware or software version", W},
                     {"Hardware Change detected with associated Entity was successful"},
                     {"Software or F/W Change detected with associated Entity was successful"}}}},
    SensorSpecific{0x2C,
                   {{{"FRU Not Installed"},
                     {"FRU Inactive"},
                     {"FRU Activation Requested"},
                     {"FRU Activation In Progress"},
                     {"FRU Active"},
                     {"FRU Deactivation Requested"},
                     {"FRU Deactivation In Progress"},
                     {"FRU Communication Lost", C}}}},
};

// Table 42-3, sensor type 0Fh, event data 2: POST errors (offset 00h).
constexpr std::array<std::string_view, 0x0E> kPostErrors{
    "Unspecified",
    "No system memory is physically installed in the system",
    "No usable system memory, all installed memory has experienced an unrecoverable failure",
    "Unrecoverable hard-disk/ATAPI/IDE device failure",
    "Unrecoverable system-board failure",
    "Unrecoverable diskette subsystem failure",
    "Unrecoverable hard-disk controller failure",
    "Unrecoverable PS/2 or USB keyboard failure",
    "Removable boot media not found",
    "Unrecoverable video controller failure",
    "No video device detected",
    "Firmware (BIOS) ROM corruption detected",
    "CPU voltage mismatch",
    "CPU speed matching failure",
};

// ... and the firmware steps of hang (01h) and progress (02h) events.
constexpr std::array<std::string_view, 0x1A> kFirmwareSteps{
    "Unspecified",
    "Memory initialization",
    "Hard-disk initialization",
    "Secondary processor(s) initialization",
    "User authentication",
    "User-initiated system setup",
    "USB resource configuration",
    "PCI resource configuration",
    "Option ROM initialization",
    "Video initialization",
    "Cache initialization",
    "SM Bus initialization",
    "Keyboard controller initialization",
    "Embedded controller/management controller initialization",
    "Docking station attachment",
    "Enabling docking station",
    "Docking station ejection",
    "Disabling docking station",
    "Calling operating system wake-up vector",
    "Starting operating system boot process",
    "Baseboard or motherboard initialization",
    "",
    "Floppy initialization",
    "Keyboard test",
    "Pointing device test",
    "Primary processor initialization",
};

// Table 43-15, sensor unit type codes 0..92 (59 is unassigned).
constexpr std::array<UnitName, 93> kUnits{{
    {"unspecified", ""},
    {"degrees C", "C"},
    {"degrees F", "F"},
    {"degrees K", "K"},
    {"Volts", "V"},
    {"Amps", "A"},
    {"Watts", "W"},
    {"Joules", "J"},
    {"Coulombs", "C"},
    {"VA", "VA"},
    {"Nits", "nit"},
    {"lumen", "lm"},
    {"lux", "lx"},
    {"Candela", "cd"},
    {"kPa", "kPa"},
    {"PSI", "PSI"},
    {"Newton", "N"},
    {"CFM", "CFM"},
    {"RPM", "RPM"},
    {"Hz", "Hz"},
    {"microsecond", "us"},
    {"millisecond", "ms"},
    {"second", "s"},
    {"minute", "min"},
    {"hour", "h"},
    {"day", "d"},
    {"week", "wk"},
    {"mil", "mil"},
    {"inches", "in"},
    {"feet", "ft"},
    {"cu in", "cu in"},
    {"cu feet", "cu ft"},
    {"mm", "mm"},
    {"cm", "cm"},
    {"m", "m"},
    {"cu cm", "cu cm"},
    {"cu m", "cu m"},
    {"liters", "l"},
    {"fluid ounce", "fl oz"},
    {"radians", "rad"},
    {"steradians", "sr"},
    {"revolutions", "rev"},
    {"cycles", "cycles"},
    {"gravities", "g"},
    {"ounce", "oz"},
    {"pound", "lb"},
    {"ft-lb", "ft-lb"},
    {"oz-in", "oz-in"},
    {"gauss", "Gs"},
    {"gilberts", "Gb"},
    {"henry", "H"},
    {"millihenry", "mH"},
    {"farad", "F"},
    {"microfarad", "uF"},
    {"ohms", "ohm"},
    {"siemens", "S"},
    {"mole", "mol"},
    {"becquerel", "Bq"},
    {"PPM", "ppm"},
    {"", ""},
    {"Decibels", "dB"},
    {"DbA", "dBA"},
    {"DbC", "dBC"},
    {"gray", "Gy"},
    {"sievert", "Sv"},
    {"color temp deg K", "K"},
    {"bit", "bit"},
    {"kilobit", "kbit"},
    {"megabit", "Mbit"},
    {"gigabit", "Gbit"},
    {"byte", "B"},
    {"kilobyte", "KB"},
    {"megabyte", "MB"},
    {"gigabyte", "GB"},
    {"word", "word"},
    {"dword", "dword"},
    {"qword", "qword"},
    {"line", "line"},
    {"hit", "hit"},
    {"miss", "miss"},
    {"retry", "retry"},
    {"reset", "reset"},
    {"overrun / overflow", "overrun"},
    {"underrun", "underrun"},
    {"collision", "collision"},
    {"packets", "packets"},
    {"messages", "messages"},
    {"characters", "characters"},
    {"error", "error"},
    {"correctable error", "correctable error"},
    {"uncorrectable error", "uncorrectable error"},
    {"fatal error", "fatal error"},
    {"grams", "g"},
}};

// Table 43-13, entity ID codes 00h..42h (36h, 38h-3Fh unassigned).
constexpr std::array<std::string_view, 0x43> kEntities{
    "unspecified",
    "other",
    "unknown",
    "processor",
    "disk or disk bay",
    "peripheral bay",
    "system management module",
    "system board",
    "memory module",
    "processor module",
    "power supply",
    "add-in card",
    "front panel board",
    "back panel board",
    "power system board",
    "drive backplane",
    "system internal expansion board",
    "other system board",
    "processor board",
    "power unit / power domain",
    "power module / DC-to-DC converter",
    "power management / power distribution board",
    "chassis back panel board",
    "system chassis",
    "sub-chassis",
    "other chassis board",
    "disk drive bay",
    "peripheral bay",
    "device bay",
    "fan / cooling device",
    "cooling unit / cooling domain",
    "cable / interconnect",
    "memory device",
    "system management software",
    "system firmware (e.g. BIOS / EFI)",
    "operating system",
    "system bus",
    "group",
    "remote (out of band) management communication device",
    "external environment",
    "battery",
    "processing blade",
    "connectivity switch",
    "processor/memory module",
    "I/O module",
    "processor/IO module",
    "management controller firmware",
    "IPMI channel",
    "PCI bus",
    "PCI Express bus",
    "SCSI bus (parallel)",
    "SATA / SAS bus",
    "processor / front-side bus",
    "real time clock (RTC)",
    "",
    "air inlet",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "air inlet",
    "processor",
    "baseboard",
};

constexpr std::uint8_t kThresholdType = 0x01;
constexpr std::uint8_t kSensorSpecificType = 0x6F;

const State* generic_state(std::uint8_t event_reading_type, std::uint8_t offset) {
    if (event_reading_type >= kGenericStates.size() || offset >= 15) return nullptr;
    const auto& state = kGenericStates[event_reading_type][offset];
    return state.name.empty() ? nullptr : &state;
}

const State* sensor_specific_state(std::uint8_t sensor_type, std::uint8_t offset) {
    if (offset >= 15) return nullptr;
    for (const auto& entry : kSensorSpecificStates) {
        if (entry.sensor_type != sensor_type) continue;
        const auto& state = entry.states[offset];
        return state.name.empty() ? nullptr : &state;
    }
    return nullptr;
}

std::optional<std::string_view> name_of(const State* state) {
    if (state == nullptr) return std::nullopt;
    return state->name;
}

Severity severity_of(const State* state) {
    return state == nullptr ? Severity::Ok : state->severity;
}

}  // namespace

std::optional<std::string_view> sensor_type_name(std::uint8_t sensor_type) {
    if (sensor_type >= 0xC0) return "OEM";
    if (sensor_type == 0 || sensor_type >= kSensorTypes.size()) return std::nullopt;
    return kSensorTypes[sensor_type];
}

EventReadingClass event_reading_class(std::uint8_t event_reading_type) {
    if (event_reading_type == 0x00) return EventReadingClass::Unspecified;
    if (event_reading_type == kThresholdType) return EventReadingClass::Threshold;
    if (event_reading_type < kGenericStates.size()) return EventReadingClass::Generic;
    if (event_reading_type == kSensorSpecificType) return EventReadingClass::SensorSpecific;
    if (event_reading_type >= 0x70 && event_reading_type <= 0x7F) return EventReadingClass::Oem;
    return EventReadingClass::Reserved;
}

std::optional<std::string_view> generic_state_name(std::uint8_t event_reading_type, std::uint8_t offset) {
    return name_of(generic_state(event_reading_type, offset));
}

std::optional<std::string_view> sensor_specific_state_name(std::uint8_t sensor_type, std::uint8_t offset) {
    return name_of(sensor_specific_state(sensor_type, offset));
}

Severity generic_state_severity(std::uint8_t event_reading_type, std::uint8_t offset) {
    return severity_of(generic_state(event_reading_type, offset));
}

Severity sensor_specific_state_severity(std::uint8_t sensor_type, std::uint8_t offset) {
    return severity_of(sensor_specific_state(sensor_type, offset));
}

std::optional<std::string_view> firmware_progress_code_name(std::uint8_t offset, std::uint8_t code) {
    const auto pick = [code](const auto& table) -> std::optional<std::string_view> {
        if (code >= table.size() || table[code].empty()) return std::nullopt;
        return table[code];
    };
    if (offset == 0x00) return pick(kPostErrors);
    if (offset == 0x01 || offset == 0x02) return pick(kFirmwareSteps);
    return std::nullopt;
}

std::optional<UnitName> unit_name(std::uint8_t unit_code) {
    if (unit_code >= kUnits.size() || kUnits[unit_code].name.empty()) return std::nullopt;
    return kUnits[unit_code];
}

std::optional<std::string_view> entity_id_name(std::uint8_t entity_id) {
    if (entity_id >= 0xD0) return "OEM";
    if (entity_id >= 0xB0) return "board-set specific";
    if (entity_id >= 0x90 && entity_id <= 0xAF) return "chassis-specific";
    if (entity_id >= kEntities.size() || kEntities[entity_id].empty()) return std::nullopt;
    return kEntities[entity_id];
}

}  // namespace ipmiprov::provider::spec

// The simulated BMC: an in-process model of a BMC (and satellite controllers
// on IPMB) loaded from a JSON fixture. It answers the real IPMI commands the
// project uses with real completion codes, and injects faults on request. It
// is the embedded default of the CLI when there is no /dev/ipmi0 and the
// mocked driver behind the unit tests. docs/simulated-bmc.md has the format.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bridge/message.hpp"
#include "bridge/result.hpp"
#include "bridge/sim_inventory.hpp"
#include "bridge/transport.hpp"

namespace ipmiprov::bridge::sim {

struct DeviceIdentity {
    std::uint8_t device_id = 0x20;
    std::uint8_t device_revision = 1;
    bool provides_device_sdrs = false;
    bool in_firmware_update = false;
    std::uint8_t firmware_major = 1;   // binary, 0..127
    std::uint8_t firmware_minor = 0;   // BCD as sent on the wire
    std::uint8_t ipmi_version = 0x02;  // BCD, low nibble major: 0x02 = 2.0, 0x51 = 1.5
    std::uint8_t device_support = 0x9F;
    std::uint32_t manufacturer_id = 0;
    std::uint16_t product_id = 0;
    std::vector<std::uint8_t> aux_firmware;  // 0 or 4 bytes
};

struct SimSensor {
    std::uint8_t lun = 0;
    std::uint8_t number = 0;
    std::uint8_t reading = 0;
    bool events_enabled = true;
    bool scanning_enabled = true;
    bool unavailable = false;
    std::uint16_t state_bits = 0;                                // threshold comparison bits or discrete states 0..14
    std::optional<std::array<std::uint8_t, 7>> thresholds;       // mask, lnc, lcr, lnr, unc, ucr, unr
    std::optional<std::array<std::uint8_t, 6>> reading_factors;  // Get Sensor Reading Factors bytes 3..8
    bool absent = false;                                         // answers 0xCB (sensor not present)
    std::uint8_t settable_thresholds = 0x00;                     // Set Sensor Thresholds accepts these mask bits
    bool ignore_threshold_writes = false;                        // says "ok" to a write but keeps the old values
};

struct SimController {
    DeviceIdentity identity;
    std::vector<SimSensor> sensors;
};

struct SdrRecord {
    std::vector<std::uint8_t> bytes;             // the whole record, header included
    std::optional<std::uint16_t> next_override;  // fixture-made chains (loops, early 0xFFFF)
    [[nodiscard]] std::uint16_t record_id() const;
};

struct FaultRule {
    std::optional<std::uint8_t> netfn;  // nullopt = any
    std::optional<std::uint8_t> cmd;
    std::optional<std::uint8_t> completion_code;  // answer with this code instead
    bool drop_reply = false;                      // or answer nothing (a timeout)
    int times = -1;                               // how many matches to affect; -1 = always
    int skip = 0;                                 // let this many matches through first
    bool repeat_last_reply = false;  // or answer with the last reply to this command (QEMU 7.2's SSIF, a slow BMC)
};

// A repository that changes under a reader: once `after_gets` Get SDR
// requests have been answered, the next one finds `records` instead, a new
// addition timestamp, and the SDR reservation cancelled (§33.11), as when
// another agent rewrites the repository in the middle of a walk. Once.
struct SdrChange {
    int after_gets = 0;
    std::vector<SdrRecord> records;
    std::uint32_t addition_timestamp = 0;
};

struct Faults {
    std::optional<std::size_t> max_read;       // Get SDR / Get SEL Entry longer than this: 0xCA
    std::optional<std::size_t> short_replies;  // ... or answer with at most this many bytes and cc 00h
    int cancel_reservation_every = 0;          // cancel the SDR reservation on every Nth Get SDR (0 = never)
    int cancel_sel_reservation_every = 0;      // cancel the SEL reservation on every Nth Get SEL Entry (0 = never)
    std::optional<SdrChange> sdr_change;       // not in JSON fixtures: unit tests set it
    int erase_polls = 0;                       // Clear SEL status polls that still say "in progress"
    std::vector<FaultRule> rules;
};

struct SelConfig {
    std::size_t capacity = 64;
    bool overwrite_when_full = false;
    bool restart_ids_after_clear = false;      // many BMCs number the new log from 1 again; ipmiprov must not mix logs
    bool erase_timestamp_on_delete = false;    // §31.2 read as "last time entries were deleted": a deletion moves it
    std::uint32_t time = 0x5F000000;           // SEL time at start; advances with wall time
    std::int16_t utc_offset_minutes = 0x07FF;  // 0x07FF = unspecified (§31.11)
    std::vector<std::array<std::uint8_t, 16>> entries;
    std::map<std::uint16_t, std::uint16_t> next_override;  // record ID -> next ID: fixture-made broken chains
};

struct Fixture {
    SimController bmc;
    std::uint8_t sdr_version = 0x51;
    std::uint32_t sdr_addition_timestamp = 0;
    std::uint32_t sdr_erase_timestamp = 0;
    std::vector<SdrRecord> sdr;
    std::vector<SdrRecord> device_sdr;  // the BMC's own device SDRs (Get Device SDR)
    SelConfig sel;
    std::map<std::pair<std::uint8_t, std::uint8_t>, SimController> satellites;  // (channel, slave address)
    SimInventory inventory;                                                     // FRU devices, LAN users
    Faults faults;
};

// Parses a fixture; errors name the JSON path that is wrong.
Result<Fixture> parse_fixture(std::string_view json_text);
Result<Fixture> load_fixture(const std::filesystem::path& path);
// The fixture compiled into the binary: the README's default machine.
Result<Fixture> builtin_fixture();

class SimBmc;
struct SimChassisState;

// A Transport over a SimBmc: IPMB targets are bridged with Send Message and
// Get Message as a system-interface driver does.
std::unique_ptr<Transport> make_sim_transport(std::shared_ptr<SimBmc> bmc, std::string description);

class SimBmc {
public:
    explicit SimBmc(Fixture fixture);
    ~SimBmc();
    SimBmc(const SimBmc&) = delete;
    SimBmc& operator=(const SimBmc&) = delete;

    // Handles one request addressed to the BMC. nullopt = the reply is dropped.
    std::optional<Response> handle(const Request& request);

    void add_fault(FaultRule rule);
    Faults& faults();
    // Model access for tests and for `sel follow` simulations.
    void set_sensor_reading(std::uint8_t lun, std::uint8_t number, std::uint8_t reading, std::uint16_t state_bits);
    std::uint16_t add_sel_entry(std::array<std::uint8_t, 16> entry);
    // As Delete SEL Entry (§31.8) would, without a reservation; false when there is no such entry.
    bool delete_sel_entry(std::uint16_t record_id);
    [[nodiscard]] std::size_t sel_size() const;
    [[nodiscard]] std::uint64_t requests_handled() const;
    // The chassis as the commands left it (sim_chassis.hpp).
    [[nodiscard]] const SimChassisState& chassis() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ipmiprov::bridge::sim

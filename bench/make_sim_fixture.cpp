// Writes an ipmi_sim command file (.emu) for a machine with about N sensors,
// for benchmarks: threshold sensors in full records (temperatures, voltages,
// fans), discrete sensors in compact records, shared compact records (four
// DIMMs each) and event-only records, spread over LUNs 0, 1 and 3.
//
//   ipmiprov_bench_fixture N [SEL_ENTRIES] > bmc.emu
//
// With SEL_ENTRIES, the SEL holds that many entries: threshold events of the
// temperature sensors, memory events of shared DIMM sensors, power-supply
// events, and every tenth an OEM record.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

// SDR header (§43): record ID, version 51h, type, length of what follows.
Bytes record(std::uint16_t id, std::uint8_t type, const Bytes& body) {
    Bytes out;
    out.reserve(5 + body.size());
    out.push_back(static_cast<std::uint8_t>(id & 0xFF));
    out.push_back(static_cast<std::uint8_t>(id >> 8));
    out.push_back(0x51);
    out.push_back(type);
    out.push_back(static_cast<std::uint8_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

void append_name(Bytes& body, const std::string& name) {
    body.push_back(static_cast<std::uint8_t>(0xC0 | name.size()));  // 8-bit ASCII
    body.insert(body.end(), name.begin(), name.end());
}

struct Key {
    std::uint8_t lun;
    std::uint8_t number;
};

struct Analog {
    std::uint8_t sensor_type;
    std::uint8_t entity;
    std::uint8_t unit;
    std::uint8_t m;
    std::uint8_t r_exponent;  // 4-bit two's complement
    std::uint8_t reading;
    std::uint8_t unc, ucr, unr;
    const char* prefix;
};

// Full sensor record (§43.1) with upper thresholds UNC/UCR/UNR readable.
Bytes full_record(std::uint16_t id, Key key, const Analog& a, const std::string& name) {
    Bytes body{0x20,  key.lun,       key.number, a.entity, 1,    0x7F,
               0x68,  a.sensor_type, 0x01,       0x00,     0x00, 0x00,
               0x00,  0x38,          0x38,              // masks: UNC, UCR, UNR readable and settable
               0x00,  a.unit,        0x00,       0x00,  // unsigned, unit, no modifier, linear
               a.m,   0x00,          0x00,       0x00,     0x00, static_cast<std::uint8_t>(a.r_exponent << 4),
               0x00,  a.reading,     0xFF,       0x00,     0xFF, 0x00,  // nominal, normal max/min, sensor max/min
               a.unr, a.ucr,         a.unc,      0x00,     0x00, 0x00,
               0x02,  0x02,          0x00,       0x00,     0x00};
    append_name(body, name);
    return record(id, 0x01, body);
}

// Compact sensor record (§43.2): a discrete sensor, or `share` sensors with a numeric suffix.
Bytes compact_record(std::uint16_t id, Key key, std::uint8_t sensor_type, std::uint8_t entity, std::uint8_t share,
                     const std::string& name) {
    Bytes body{0x20,       key.lun,
               key.number, entity,
               1,          0x67,
               0x40,       sensor_type,
               0x6F,       0xFF,
               0x00,       0xFF,
               0x00,       0xFF,
               0x7F,  // assertion, deassertion, reading masks
               0xC0,       0x00,
               0x00,  // no analog reading
               share,      static_cast<std::uint8_t>(share > 1 ? 0x81 : 0x00),
               0x00,       0x00,
               0x00,       0x00,
               0x00,       0x00};
    append_name(body, name);
    return record(id, 0x02, body);
}

// Event-only record (§43.3).
Bytes event_only_record(std::uint16_t id, Key key, std::uint8_t sensor_type, const std::string& name) {
    Bytes body{0x20, key.lun, key.number, 0x07, 1, sensor_type, 0x6F, 0x01, 0x00, 0x00, 0x00};
    append_name(body, name);
    return record(id, 0x03, body);
}

void print_sdr(const Bytes& bytes) {
    std::printf("main_sdr_add 0x20");
    for (auto byte : bytes) std::printf(" 0x%02x", byte);
    std::printf("\n");
}

void print_sensor(Key key, std::uint8_t sensor_type, std::uint8_t event_reading_type) {
    std::printf("sensor_add 0x20 %u %u 0x%02x 0x%02x\n", key.lun, key.number, sensor_type, event_reading_type);
    std::printf("sensor_set_event_support 0x20 %u %u enable scanning per-state %s %s %s %s\n", key.lun, key.number,
                "000000000000000", "000000000000000", "000000000000000", "000000000000000");
}

constexpr Analog kAnalogKinds[] = {
    {0x01, 0x03, 1, 1, 0, 45, 80, 90, 95, "Temp"},
    {0x02, 0x07, 4, 6, 0x0E, 200, 215, 220, 225, "Volt"},  // x 10^-2
    {0x04, 0x1D, 18, 50, 0, 100, 180, 200, 220, "Fan"},
};

class Machine {
public:
    void add_analog(const Analog& kind) {
        const auto key = next_key(1);
        print_sdr(full_record(next_id(), key, kind, kind.prefix + std::to_string(++serial_)));
        print_sensor(key, kind.sensor_type, 0x01);
        std::printf("sensor_set_threshold 0x20 %u %u settable 111000 %u %u %u 0 0 0\n", key.lun, key.number, kind.unr,
                    kind.ucr, kind.unc);
        std::printf("sensor_set_value 0x20 %u %u %u 0\n", key.lun, key.number, kind.reading);
        ++sensors_;
    }
    void add_discrete() {
        const auto key = next_key(1);
        print_sdr(compact_record(next_id(), key, 0x08, 0x0A, 1, "PSU" + std::to_string(++serial_)));
        print_sensor(key, 0x08, 0x6F);
        std::printf("sensor_set_bit 0x20 %u %u 0 1 0\n", key.lun, key.number);
        ++sensors_;
    }
    void add_shared_dimms() {
        constexpr std::uint8_t kShare = 4;
        const auto key = next_key(kShare);
        print_sdr(compact_record(next_id(), key, 0x0C, 0x20, kShare, "DIMM" + std::to_string(++serial_) + "-"));
        for (std::uint8_t i = 0; i < kShare; ++i) {
            const Key each{key.lun, static_cast<std::uint8_t>(key.number + i)};
            print_sensor(each, 0x0C, 0x6F);
            std::printf("sensor_set_bit 0x20 %u %u 6 1 0\n", each.lun, each.number);
        }
        sensors_ += kShare;
    }
    void add_event_only() {
        const auto key = next_key(1);
        print_sdr(event_only_record(next_id(), key, 0x23, "Watchdog" + std::to_string(++serial_)));
        ++sensors_;
    }
    [[nodiscard]] int sensors() const { return sensors_; }

private:
    // Sensor numbers 1..250 on LUN 0, then LUN 1, then LUN 3 (LUN 2 is left alone).
    Key next_key(int count) {
        if (number_ + count > 250) {
            lun_ = lun_ == 0 ? 1 : 3;
            number_ = 0;
        }
        const Key key{lun_, static_cast<std::uint8_t>(number_ + 1)};
        number_ += count;
        return key;
    }
    std::uint16_t next_id() { return ++record_id_; }

    std::uint8_t lun_ = 0;
    int number_ = 0;
    std::uint16_t record_id_ = 0;
    int serial_ = 0;
    int sensors_ = 0;
};

}  // namespace

// sel_add takes the record type and bytes 3-15; ipmi_sim stamps the time itself.
void print_sel_entries(int count) {
    for (int i = 0; i < count; ++i) {
        switch (i % 10) {
            case 9:  // OEM timestamped, manufacturer 0x1291
                std::printf("sel_add 0x20 0xc1 0 0 0 0 0x91 0x12 0x00 1 2 3 4 5 %u\n", i & 0xFF);
                break;
            case 3:
            case 6:  // a DIMM of the first shared record: correctable ECC on module i
                std::printf("sel_add 0x20 0x02 0 0 0 0 0x20 0x00 0x04 0x0c 0x12 0x6f 0x30 0xff %u\n", i & 0x7);
                break;
            case 5:  // the first power supply: failure
                std::printf("sel_add 0x20 0x02 0 0 0 0 0x20 0x00 0x04 0x08 0x0d 0x6f 0x01 0xff 0xff\n");
                break;
            default:  // the first temperature sensor: upper critical going high, reading and threshold
                std::printf("sel_add 0x20 0x02 0 0 0 0 0x20 0x00 0x04 0x01 0x01 0x01 0x59 0x5b 0x5a\n");
        }
    }
}

int main(int argc, char** argv) {
    const int wanted = argc >= 2 ? std::atoi(argv[1]) : 0;
    const int sel_entries = argc >= 3 ? std::atoi(argv[2]) : 0;
    if (argc > 3 || wanted < 20 || wanted > 740 || sel_entries < 0 || sel_entries > 4000) {
        std::fprintf(stderr, "usage: %s N [SEL_ENTRIES]   (20 <= N <= 740 sensors, at most 4000 entries)\n", argv[0]);
        return 2;
    }
    std::printf("# generated by ipmiprov_bench_fixture %d %d\n", wanted, sel_entries);
    std::printf("mc_setbmc 0x20\n");
    std::printf("mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\n");
    std::printf("sel_enable 0x20 %d 0x0a\n", std::max(sel_entries + 100, 1000));  // room for new entries
    Machine machine;
    // Per 20 sensors: 12 threshold sensors, 4 discrete, one shared record of 4 DIMMs... and an event-only
    // record in place of one discrete sensor every other round.
    for (int round = 0; machine.sensors() + 20 <= wanted; ++round) {
        for (int i = 0; i < 12; ++i) machine.add_analog(kAnalogKinds[i % 3]);
        for (int i = 0; i < 3; ++i) machine.add_discrete();
        if (round % 2 == 0) {
            machine.add_event_only();
        } else {
            machine.add_discrete();
        }
        machine.add_shared_dimms();
    }
    while (machine.sensors() < wanted) machine.add_analog(kAnalogKinds[machine.sensors() % 3]);
    print_sel_entries(sel_entries);
    std::printf("mc_enable 0x20\n");
    std::fprintf(stderr, "%d sensors\n", machine.sensors());
    return 0;
}

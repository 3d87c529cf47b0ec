// SEL entries (IPMI 2.0 §32) of every record type, with a UTC offset of the
// input's choosing (§31.11a), through everything that turns one into words
// or CIM: timestamps, the event in words (by sensor type alone, and with the
// generating sensor of the built-in fixture when it matches), Windows'
// RecordFormat/RecordData, and the LogRecord instance, which must conform to
// our MOF. The same bytes as consecutive entries go through the joining of
// Linux's panic string records (panic.hpp), whose runs must stay in bounds.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <variant>
#include <vector>

#include "bridge/sim_bmc.hpp"
#include "fuzz_input.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/schema.hpp"
#include "provider/sel/event_text.hpp"
#include "provider/sel/panic.hpp"
#include "provider/sel/record.hpp"
#include "provider/sensor/sensors.hpp"

namespace {

using namespace ipmiprov;

const std::vector<provider::sensor::SensorDefinition>& fixture_sensors() {
    static const auto sensors = [] {
        provider::sdr::Repository repository;
        const auto fixture = bridge::sim::builtin_fixture().value();
        for (const auto& record : fixture.sdr)
            if (auto decoded = provider::sdr::decode_record(record.bytes); decoded.ok())
                repository.records.push_back(std::move(decoded.value()));
        return provider::sensor::sensor_definitions(repository);
    }();
    return sensors;
}

std::optional<std::int16_t> utc_offset(fuzz::FuzzInput& input) {
    const auto low = input.byte();
    const auto high = input.byte();
    if ((high & 0x80) != 0 && low == 0) return std::nullopt;
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(low | (high << 8)));
}

// The input as 16-byte entries, joined: every run's records in bounds, in
// order, starting with its first, its text no longer than its records hold
// (a byte escaped as \xNN is 4 characters).
void join_panic_records(std::span<const std::uint8_t> bytes) {
    namespace sel = provider::sel;
    std::vector<sel::StoredEntry> entries;
    std::vector<sel::RawEntry> raw;
    for (std::size_t at = 0; at + sel::kEntrySize <= bytes.size(); at += sel::kEntrySize) {
        sel::RawEntry entry{};
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), sel::kEntrySize, entry.begin());
        raw.push_back(entry);
        entries.push_back(sel::StoredEntry{entry, std::nullopt, "", std::nullopt});
    }
    for (const auto& run : sel::join_panic_chunks(raw)) {
        bool sane = !run.records.empty() && run.records.front() == run.first &&
                    run.text.size() <= run.records.size() * sel::kPanicCharsPerRecord * 4;
        for (std::size_t i = 0; i < run.records.size(); ++i)
            sane = sane && run.records[i] < raw.size() && (i == 0 || run.records[i] > run.records[i - 1]);
        if (!sane) {
            std::fprintf(stderr, "a panic run out of bounds or order\n");
            std::abort();
        }
    }
    sel::describe_panic_texts(entries);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput input(data, size);
    const auto offset = utc_offset(input);
    const auto bytes = input.rest();
    join_panic_records(bytes);
    auto entry = provider::sel::decode_entry(bytes);
    if (!entry.ok()) return 0;
    (void)provider::sel::record_kind_text(entry->record_type);
    if (const auto* event = std::get_if<provider::sel::SystemEvent>(&entry->body)) {
        (void)provider::sel::timestamp_text(event->timestamp, offset);
        (void)provider::sel::host_local_time(event->timestamp, offset);
        (void)provider::cim::sel_datetime(event->timestamp, offset);
        (void)provider::sel::event_text(*event, nullptr);
        (void)provider::sel::event_text(*event, provider::sel::find_event_sensor(*event, fixture_sensors()));
    }
    (void)provider::cim::record_format(*entry);
    (void)provider::cim::record_data(*entry);
    const auto instance = provider::cim::log_record_instance(*entry, {offset, &fixture_sensors()});
    const auto problems = provider::cim::schema_problems(provider::cim::ipmiprov_schema(), instance);
    if (!problems.empty()) {
        std::fprintf(stderr, "LogRecord does not conform: %s\n", problems.front().c_str());
        std::abort();
    }
    return 0;
}

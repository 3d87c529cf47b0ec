// `ipmiprov sel info | list | follow | clear | time`: thin over provider/sel.

#include <atomic>
#include <csignal>
#include <ctime>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <thread>

#include "bridge/json_text.hpp"
#include "bridge/message.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "hex_args.hpp"
#include "provider/sdr/cache.hpp"
#include "provider/sel/entry_output.hpp"
#include "provider/sel/event_text.hpp"
#include "provider/sel/panic.hpp"
#include "provider/sel/reader.hpp"
#include "provider/sel/store.hpp"
#include "provider/severity/severity.hpp"
#include "provider/spec/tables.hpp"
#include "sel_add.hpp"
#include "sel_shared.hpp"
#include "table.hpp"

namespace ipmiprov::cli {
namespace {

using nlohmann::ordered_json;
namespace sel = provider::sel;
namespace sdr = provider::sdr;
namespace sensor = provider::sensor;
namespace severity = provider::severity;

}  // namespace

// The sensors of the SDR repository, to name events; none (and a note) when
// it cannot be read. A BMC that stopped answering is an error instead: the
// SEL read would fail too, and events without their names are not the answer.
bridge::Result<std::vector<sensor::SensorDefinition>> event_sensors(bridge::Engine& engine, const CliOptions& options,
                                                                    Streams streams) {
    // Names are labels, not data: an SDR cache checked in the last five minutes
    // (by `sensors` or an earlier `sel list`) is used without asking again.
    sdr::CacheOptions cache{!options.no_cache, options.flush_cache, cache_directory(options), std::chrono::minutes(5)};
    auto opened = sdr::open_repository(engine, sdr::CacheKey{engine.transport_description(), 0, 0, 0}, cache);
    if (!opened.ok() && bridge::bmc_stopped_answering(opened.error())) return opened.error();
    if (!opened.ok()) {
        streams.err << "ipmiprov: note: events are decoded without sensor names: " << opened.error().message << '\n';
        return std::vector<sensor::SensorDefinition>{};
    }
    return sensor::sensor_definitions(opened->repository);
}

namespace {

using sel::entry_cells;

std::vector<Column> entry_columns() {
    return {{"ID"}, {"Time"}, {"Sensor"}, {"Event"}, {"Severity"}, {"Description"}};
}

// `sel follow` prints as entries come, so its text columns have fixed widths.
void print_streamed_row(std::ostream& out, const std::vector<std::string>& cells) {
    out << sel::entry_line(cells) << '\n';
}

}  // namespace

// Prints entries (already filtered): a table (text or CSV, with a header
// unless --no-header) or a JSON array for `sel list`; for `sel follow`, a
// line per entry as they arrive: fixed-width text, CSV, or one compact JSON
// object per line (JSON Lines), so that a pipeline can read it line by line.
void print_entries(Streams streams, const std::vector<sel::StoredEntry>& entries, const CliOptions& options,
                   UtcOffset offset, bool streaming, const std::vector<sensor::SensorDefinition>* sensors) {
    ordered_json array = ordered_json::array();
    Table table(entry_columns());
    const bool json = options.json || options.output == OutputFormat::Json;
    for (const auto& stored : entries) {
        auto entry = sel::decode_entry(stored.raw);
        if (!entry.ok()) continue;  // stored entries are 16 bytes: cannot happen
        if (json) {
            if (streaming)
                streams.out << bridge::json_text(entry_json(*entry, stored, offset, sensors)) << '\n';
            else
                array.push_back(entry_json(*entry, stored, offset, sensors));
        } else if (!streaming) {
            table.add_row(entry_cells(*entry, stored, offset, options.localtime));
        } else if (options.output == OutputFormat::Csv) {
            streams.out << csv_line(entry_cells(*entry, stored, offset, options.localtime)) << '\n';
        } else {
            print_streamed_row(streams.out, entry_cells(*entry, stored, offset, options.localtime));
        }
    }
    if (streaming) return;
    if (json) {
        streams.out << bridge::json_text(array, 2) << '\n';
    } else if (options.output == OutputFormat::Table && table.rows() == 0) {
        const bool filtering = options.last || options.since || options.until || !options.record_ids.empty() ||
                               !options.name_filters.empty() || !options.type_filters.empty() ||
                               !options.severity_filters.empty();
        streams.out << "SEL has no entries" << (filtering ? " that match" : "") << '\n';
    } else {
        table.write(streams.out, options.output == OutputFormat::Csv ? TableFormat::Csv : TableFormat::Text,
                    options.header);
    }
}

namespace {

// The entry's time in calendar seconds (UTC), when it has one.
std::optional<std::int64_t> calendar_seconds(const sel::Entry& entry, UtcOffset offset) {
    const auto timestamp = timestamp_of(entry);
    // Unspecified and pre-init times cannot be placed in calendar time: --since and --until leave them out.
    if (!timestamp || timestamp->unspecified() || timestamp->pre_init()) return std::nullopt;
    return timestamp->raw - 60 * static_cast<std::int64_t>(offset.value_or(0));
}

bool wanted(const sel::Entry& entry, const sel::StoredEntry& stored, const CliOptions& options, UtcOffset offset) {
    if (options.since || options.until) {
        const auto seconds = calendar_seconds(entry, offset);
        if (!seconds || (options.since && *seconds < *options.since) || (options.until && *seconds > *options.until))
            return false;
    }
    if (!options.record_ids.empty() &&
        std::find(options.record_ids.begin(), options.record_ids.end(), entry.record_id) == options.record_ids.end())
        return false;
    if (!options.name_filters.empty() && !contains_any(stored.sensor_name.value_or(""), options.name_filters))
        return false;
    if (!options.type_filters.empty()) {
        const auto* event = std::get_if<sel::SystemEvent>(&entry.body);
        if (!event || !sensor_type_matches(event->sensor_type, options.type_filters)) return false;
    }
    if (!options.severity_filters.empty()) {
        const std::string level(severity::severity_text(severity::configured().of_event(entry)));
        if (std::find(options.severity_filters.begin(), options.severity_filters.end(), level) ==
            options.severity_filters.end())
            return false;
    }
    return true;
}

}  // namespace

std::vector<sel::StoredEntry> filtered(const std::vector<sel::StoredEntry>& entries, const CliOptions& options,
                                       UtcOffset offset) {
    std::vector<sel::StoredEntry> out;
    for (const auto& stored : entries) {
        auto entry = sel::decode_entry(stored.raw);
        if (entry.ok() && wanted(*entry, stored, options, offset)) out.push_back(stored);
    }
    if (options.last && out.size() > *options.last)
        out.erase(out.begin(), out.end() - static_cast<long>(*options.last));
    return out;
}

namespace {

int sel_list(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const auto endpoint = engine.transport_description();
    const auto file = sel::sel_store_file(cache_directory(options), endpoint);
    sel::StoredSel stored;
    bool incremental = false;
    if (!options.no_cache && !options.flush_cache) {
        auto loaded = sel::load_sel_store(file, endpoint);
        if (loaded.ok()) {
            stored = std::move(loaded.value());
            incremental = true;
        } else if (loaded.error().kind != bridge::ErrorKind::NotFound) {
            streams.err << "ipmiprov: note: " << loaded.error().message << "; reading the whole SEL\n";
        }
    }
    sel::SelReader reader(engine);
    std::vector<sel::RawEntry> known;
    known.reserve(stored.entries.size());
    for (const auto& entry : stored.entries) known.push_back(entry.raw);
    auto read = incremental ? reader.read_new(stored.position, known) : reader.read_all();
    if (!read.ok()) return report_error(streams, read.error());
    for (const auto& problem : read->problems) streams.err << "ipmiprov: SEL: " << problem << '\n';
    if (read->cleared) streams.err << "ipmiprov: note: the SEL was cleared since the last read\n";
    // Keep what the BMC holds: drop the entries overwritten, deleted or cleared since.
    const auto held = sel::still_held(known, *read);
    std::vector<sel::StoredEntry> kept;
    for (std::size_t i = 0; i < stored.entries.size(); ++i)
        if (held[i]) kept.push_back(std::move(stored.entries[i]));
    stored.entries = std::move(kept);
    // The UTC offset is a setting, not an event: asked on full reads only, kept in the store.
    if (!incremental || read->cleared) {
        auto offset = reader.utc_offset_minutes();
        if (!offset.ok() && bridge::bmc_stopped_answering(offset.error())) return report_error(streams, offset.error());
        if (offset.ok()) stored.utc_offset_minutes = *offset;
    }
    std::optional<std::vector<sensor::SensorDefinition>> sensors;
    // JSON gives threshold events' numbers, which need the SDRs (cached: no request within five minutes).
    if (!read->entries.empty() || options.json) {
        auto loaded = event_sensors(engine, options, streams);
        if (!loaded.ok()) return report_error(streams, loaded.error());
        sensors = std::move(*loaded);
        for (const auto& entry : read->entries) stored.entries.push_back(describe(entry, *sensors));
    }
    stored.position = read->position;
    // Never more than the BMC holds: an overwrite the read could not place
    // drops the oldest. A whole read's held entries are exact (its count,
    // asked before the walk, can miss an entry added meanwhile).
    if (!read->held && stored.entries.size() > read->info.entries) {
        stored.entries.erase(stored.entries.begin(), stored.entries.end() - static_cast<long>(read->info.entries));
    }
    if (!options.no_cache && read->problems.empty()) {
        if (auto saved = sel::save_sel_store(file, endpoint, stored); !saved.ok()) {
            streams.err << "ipmiprov: note: " << saved.error().message << '\n';
        }
    }
    // A kernel panic's text, joined across its records before any filter cuts them apart.
    sel::describe_panic_texts(stored.entries);
    print_entries(streams, filtered(stored.entries, options, stored.utc_offset_minutes), options,
                  stored.utc_offset_minutes, false, sensors ? &*sensors : nullptr);
    return kExitOk;
}

// The daemon's SEL (every entry it holds) with its SDR's names: what a read
// of our own would show, without a request to the BMC.
int sel_list_from(Snapshots& snapshots, const CliOptions& options, Streams streams) {
    const std::array parts{provider::snapshot::Part::Sdr, provider::snapshot::Part::Sel};
    if (auto loaded = snapshots.load(parts); !loaded.ok()) return report_error(streams, loaded.error());
    auto held = snapshots.sel();
    if (!held.ok()) return report_error(streams, held.error());
    auto sensors = snapshots.definitions();
    if (!sensors.ok()) return report_error(streams, sensors.error());
    const auto offset = (*held)->state.utc_offset_minutes;
    std::vector<sel::StoredEntry> entries;
    entries.reserve((*held)->entries.size());
    for (const auto& entry : (*held)->entries) entries.push_back(describe(entry, **sensors));
    sel::describe_panic_texts(entries);
    const bool named = !entries.empty() || options.json;  // as a read of our own: the SDRs only when needed
    print_entries(streams, filtered(entries, options, offset), options, offset, false,
                  named ? sensors->get() : nullptr);
    return kExitOk;
}

std::string version_text(std::uint8_t bcd) {
    return std::to_string(bcd & 0x0F) + "." + std::to_string(bcd >> 4);  // §31.2: LS digit first
}

// The SEL's size in entries (16 bytes each, §31): from Get SEL Allocation
// Info where the BMC has it (units × unit size), else entries + free space.
struct Capacity {
    std::uint32_t total = 0;
    std::uint32_t free = 0;
    std::uint32_t entries = 0;
    [[nodiscard]] unsigned percent_used() const {
        return total == 0 ? 0U : static_cast<unsigned>((std::uint64_t{entries} * 100 + total / 2) / total);
    }
};

Capacity capacity_of(const sel::SelInfo& info, const std::optional<sel::AllocationInfo>& allocation) {
    constexpr std::uint32_t kEntryBytes = 16;
    Capacity capacity;
    capacity.entries = info.entries;
    if (allocation && allocation->unit_size > 0) {
        capacity.total = std::uint32_t{allocation->units} * allocation->unit_size / kEntryBytes;
        capacity.free = std::uint32_t{allocation->free_units} * allocation->unit_size / kEntryBytes;
    } else {
        capacity.free = info.free_bytes / kEntryBytes;
        capacity.total = info.entries + capacity.free;
    }
    return capacity;
}

int sel_info(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    sel::SelReader reader(engine);
    bridge::Result<sel::SelInfo> info = sel::SelInfo{};
    std::optional<sel::AllocationInfo> allocation;
    if (snapshots) {
        auto summary = snapshots->sel_summary();
        if (!summary.ok()) return report_error(streams, summary.error());
        info = (*summary)->state.info;
        allocation = (*summary)->allocation;
    } else {
        info = reader.info();
        if (!info.ok()) return report_error(streams, info.error());
        if (info->supports_allocation_info()) {
            if (auto got = reader.allocation_info(); got.ok()) allocation = *got;
        }
    }
    const auto capacity = capacity_of(*info, allocation);
    ordered_json json{
        {"version", version_text(info->version)},
        {"entries", info->entries},
        {"free_bytes", info->free_bytes},
        {"addition_timestamp", sel::iso8601_utc(sel::Timestamp{info->addition_timestamp})
                                   .value_or(sel::timestamp_text(sel::Timestamp{info->addition_timestamp}))},
        {"erase_timestamp", sel::iso8601_utc(sel::Timestamp{info->erase_timestamp})
                                .value_or(sel::timestamp_text(sel::Timestamp{info->erase_timestamp}))},
        {"overflow", info->overflow()},
        {"supports_delete", info->supports_delete()},
        {"supports_reserve", info->supports_reserve()},
        {"capacity_entries", capacity.total},
        {"free_entries", capacity.free},
        {"percent_used", capacity.percent_used()}};
    if (options.json) {
        streams.out << bridge::json_text(json, 2) << '\n';
        return kExitOk;
    }
    const auto row = [&](const char* label, const std::string& value) {
        streams.out << std::left << std::setw(22) << label << value << '\n';
    };
    row("Version:", json["version"]);
    row("Entries:", std::to_string(info->entries) + " of " + std::to_string(capacity.total) + " (" +
                        std::to_string(capacity.percent_used()) + "% used, " + std::to_string(capacity.free) + " free" +
                        (allocation ? ")" : ", from the free space)"));
    row("Free space:", std::to_string(info->free_bytes) + " bytes");
    row("Last addition:", json["addition_timestamp"]);
    row("Last erase:", json["erase_timestamp"]);
    row("Overflow:", info->overflow() ? "yes (events were lost)" : "no");
    return kExitOk;
}

int sel_clear(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    if (auto declined = confirm(options, streams, "Erase every SEL entry of " + engine.transport_description() + "?",
                                "sel clear erases every entry", "not cleared"))
        return *declined;
    sel::SelReader reader(engine);
    if (auto cleared = reader.clear(); !cleared.ok()) return report_error(streams, cleared.error());
    streams.out << "SEL cleared\n";
    return kExitOk;
}

std::string utc_text(std::uint32_t seconds) {
    return sel::iso8601_utc(sel::Timestamp{seconds}).value_or(sel::timestamp_text(sel::Timestamp{seconds}));
}

int sel_time(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    sel::SelReader reader(engine);
    if (options.set_time) {
        if (auto set = reader.set_time(*options.set_time); !set.ok()) return report_error(streams, set.error());
    }
    auto bmc = reader.time();
    if (!bmc.ok()) return report_error(streams, bmc.error());
    auto offset = reader.utc_offset_minutes();
    const auto host = static_cast<std::int64_t>(std::time(nullptr));
    const auto difference = static_cast<std::int64_t>(*bmc) - host;
    // §37.1: 00000000h-20000000h count from the BMC's initialisation: the clock was never set.
    const bool never_set = sel::Timestamp{*bmc}.pre_init();
    const auto sel_time_text =
        never_set ? "never set: " + std::to_string(*bmc) + " s since the BMC started (ipmiprov sel time --set now)"
                  : utc_text(*bmc);
    if (options.json) {
        ordered_json json{
            {"sel_time", never_set ? ordered_json(nullptr) : ordered_json(utc_text(*bmc))},
            {"sel_time_set", !never_set},
            {"sel_time_raw", *bmc},
            {"host_time", utc_text(static_cast<std::uint32_t>(host))},
            {"difference_seconds", never_set ? ordered_json(nullptr) : ordered_json(difference)},
            {"utc_offset_minutes", offset.ok() && *offset ? ordered_json(**offset) : ordered_json(nullptr)}};
        streams.out << bridge::json_text(json, 2) << '\n';
        return kExitOk;
    }
    streams.out << std::left << std::setw(22) << "SEL time:" << sel_time_text << '\n'
                << std::setw(22) << "Host time:" << utc_text(static_cast<std::uint32_t>(host)) << '\n';
    if (!never_set)
        streams.out << std::setw(22) << "Difference:" << (difference >= 0 ? "+" : "") << difference << " s\n";
    streams.out << std::left << std::setw(22) << "UTC offset:"
                << (offset.ok() && *offset ? std::to_string(**offset) + " minutes" : std::string("unspecified"))
                << '\n';
    return kExitOk;
}

}  // namespace

int run_sel(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    const auto& sub = options.args.at(0);
    if (sub == "info") return sel_info(engine, options, streams, snapshots);
    if ((sub == "list" || sub == "follow") && severity::configured_problem())
        streams.err << "ipmiprov: " << *severity::configured_problem() << '\n';
    if (sub == "list" && snapshots) return sel_list_from(*snapshots, options, streams);
    if (sub == "list") return sel_list(engine, options, streams);
    if (sub == "follow" && snapshots) return sel_follow_daemon(snapshots->client(), options, streams);
    if (sub == "follow") return sel_follow(engine, options, streams);
    if (sub == "get") return sel_get(engine, options, streams);
    if (sub == "delete") return sel_delete(engine, options, streams);
    if (sub == "save") return sel_save(engine, options, streams);
    if (sub == "restore") return sel_restore(engine, options, streams);
    if (sub == "add") return sel_add(engine, options, streams);
    if (sub == "clear") return sel_clear(engine, options, streams);
    return sel_time(engine, options, streams);
}

}  // namespace ipmiprov::cli

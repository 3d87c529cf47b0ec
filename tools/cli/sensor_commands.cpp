// `ipmiprov sensors` and `ipmiprov sdr`: thin rendering over provider/.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iomanip>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bridge/json_text.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "hex_args.hpp"
#include "provider/metrics/ipmi_metrics.hpp"
#include "provider/sdr/cache.hpp"
#include "provider/sensor/conversion.hpp"
#include "provider/sensor/sensors.hpp"
#include "provider/severity/severity.hpp"
#include "provider/spec/tables.hpp"
#include "provider/store/atomic_file.hpp"
#include "table.hpp"

namespace ipmiprov::cli {
namespace {

using nlohmann::ordered_json;
using provider::sensor::SensorValue;
namespace sdr = provider::sdr;
namespace sensor = provider::sensor;
namespace severity = provider::severity;
namespace metrics = provider::metrics;
namespace store = provider::store;

std::string hex_byte(std::uint8_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", value);
    return text;
}

std::string sensor_type_text(std::uint8_t code) {
    if (auto name = provider::spec::sensor_type_name(code)) return std::string(*name);
    return "type " + hex_byte(code);
}

// Shows progress on a terminal when a cold read takes more than about a second.
class Progress {
public:
    explicit Progress(Streams streams) : streams_(streams), start_(std::chrono::steady_clock::now()) {}
    ~Progress() {
        if (shown_) streams_.err << "\r\033[K" << std::flush;
    }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void operator()(std::size_t done, std::size_t total) {
        if (!streams_.err_is_terminal) return;
        if (std::chrono::steady_clock::now() - start_ < std::chrono::seconds(1)) return;
        shown_ = true;
        streams_.err << "\rreading the SDR repository: " << done << "/" << total << " records" << std::flush;
    }

private:
    Streams streams_;
    std::chrono::steady_clock::time_point start_;
    bool shown_ = false;
};

bridge::Result<sdr::OpenedRepository> load_repository(bridge::Engine& engine, const CliOptions& options,
                                                      Streams streams) {
    sdr::CacheOptions cache{!options.no_cache, options.flush_cache, cache_directory(options)};
    const sdr::CacheKey key{engine.transport_description(), 0, 0, 0};
    Progress progress(streams);
    sdr::ReaderOptions reader;
    reader.progress = [&progress](std::size_t done, std::size_t total) { progress(done, total); };
    auto opened = sdr::open_repository(engine, key, cache, reader);
    if (!opened.ok()) return opened;
    if (opened->cache_note) streams.err << "ipmiprov: note: " << *opened->cache_note << '\n';
    for (const auto& problem : opened->repository.problems) streams.err << "ipmiprov: SDR: " << problem << '\n';
    return opened;
}

bool matches_type(const sensor::SensorDefinition& d, const std::vector<std::string>& filters) {
    return sensor_type_matches(d.common.sensor_type, filters);
}

// "Processor 2" for entity 3.2 (IPMI 2.0 Table 43-13); a device-relative
// instance (60h and above, §39.1) says so.
std::string entity_text(const sdr::Entity& entity) {
    const auto name = provider::spec::entity_id_name(entity.id);
    std::string text = name ? std::string(*name) : "entity " + std::to_string(entity.id);
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));  // "Processor 2"
    if (entity.instance >= 0x60) return text + " " + std::to_string(entity.instance - 0x60) + " (device-relative)";
    return text + " " + std::to_string(entity.instance);
}

bool matches_entity(const sdr::Entity& entity, const std::vector<std::string>& filters) {
    const auto id = std::to_string(entity.id) + "." + std::to_string(entity.instance);
    return std::any_of(filters.begin(), filters.end(), [&](const std::string& f) {
        return f == id || f == std::to_string(entity.id) || contains_any(entity_text(entity), {f});
    });
}

bool matches_number(const sdr::SensorKey& key, const std::vector<SensorAddress>& numbers) {
    return std::any_of(numbers.begin(), numbers.end(), [&](const SensorAddress& a) {
        return a.number == key.number && (!a.lun || *a.lun == key.lun) && (!a.owner || *a.owner == key.owner_id);
    });
}

// The filters that need only the definition (the SDR), before any reading.
bool selected(const sensor::SensorDefinition& d, const CliOptions& options) {
    if (!options.record_ids.empty() &&
        std::find(options.record_ids.begin(), options.record_ids.end(), d.record_id) == options.record_ids.end()) {
        return false;
    }
    if (!options.numbers.empty() && !matches_number(d.common.key, options.numbers)) return false;
    if (!options.name_filters.empty() && !contains_any(d.common.name, options.name_filters)) return false;
    if (!options.exclude_names.empty() && contains_any(d.common.name, options.exclude_names)) return false;
    if (!options.entity_filters.empty() && !matches_entity(d.common.entity, options.entity_filters)) return false;
    if (!options.exclude_types.empty() && matches_type(d, options.exclude_types)) return false;
    return matches_type(d, options.type_filters);
}

ordered_json number_or_null(const std::optional<double>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

// A sensor as shown: its reading and its severity (the table in force).
struct ShownSensor {
    SensorValue value;
    severity::Severity severity = severity::Severity::Unknown;
};

ordered_json sensor_json(const ShownSensor& shown) {
    const auto& v = shown.value;
    const auto& d = *v.definition;
    ordered_json thresholds = ordered_json::object();
    for (std::size_t i = 0; i < sdr::kThresholdCount; ++i)
        thresholds[sdr::kThresholdNames[i]] = number_or_null(v.thresholds[i]);
    return ordered_json{
        {"record_id", d.record_id},
        {"owner", d.common.key.owner_id},
        {"channel", d.common.key.channel},
        {"lun", d.common.key.lun},
        {"number", d.common.key.number},
        {"name", d.common.name},
        {"entity", std::to_string(d.common.entity.id) + "." + std::to_string(d.common.entity.instance)},
        {"entity_name", entity_text(d.common.entity)},
        {"sensor_type", sensor_type_text(d.common.sensor_type)},
        {"sensor_type_code", d.common.sensor_type},
        {"event_reading_type", d.common.event_reading_type},
        {"reading", number_or_null(v.reading)},
        {"unit", v.unit.empty() ? ordered_json(nullptr) : ordered_json(v.unit)},
        {"status", sensor::status_text(v.status)},
        {"severity", std::string(severity::severity_text(shown.severity))},
        {"thresholds", thresholds},
        {"states", v.states},
        {"note", v.note ? ordered_json(*v.note) : ordered_json(nullptr)},
    };
}

std::string format_number(const std::optional<double>& value, int decimals) {
    if (!value) return "na";
    std::ostringstream out;
    out << std::fixed << std::setprecision(decimals) << *value;
    return out.str();
}

std::string join(const std::vector<std::string>& parts) {
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

// One number format per unit: the most decimals any shown sensor of that
// unit needs, so that a column of degrees reads 45.0 above -5.0.
std::map<std::string, int> decimals_by_unit(const std::vector<ShownSensor>& sensors) {
    std::map<std::string, int> decimals;
    for (const auto& shown : sensors) {
        auto& most = decimals[shown.value.unit];
        most = std::max(most, shown.value.decimals);
    }
    return decimals;
}

void print_sensor_table(std::ostream& out, const std::vector<ShownSensor>& sensors, const CliOptions& options) {
    std::vector<Column> columns{{"ID"},   {"Number"}, {"Name"},    {"Type"}, {"Entity"}, {"Reading", Align::Right},
                                {"Unit"}, {"Status"}, {"Severity"}};
    if (options.thresholds)
        for (const auto* name : sdr::kThresholdNames) columns.push_back({name, Align::Right});
    columns.push_back({"States"});
    Table table(std::move(columns));
    const auto decimals = decimals_by_unit(sensors);
    for (const auto& shown : sensors) {
        const auto& v = shown.value;
        const auto& d = *v.definition;
        const int places = decimals.at(v.unit);
        std::string number = hex_byte(d.common.key.number);
        // Appended, not "." + …: GCC 12's -Wrestrict false positive at -O2.
        if (d.common.key.lun != 0 || d.common.key.owner_id != bridge::kBmcSlaveAddress)
            number.append(".")
                .append(std::to_string(d.common.key.lun))
                .append(".")
                .append(hex_byte(d.common.key.owner_id));
        std::vector<std::string> row{hex_id(d.record_id),
                                     number,
                                     d.common.name,
                                     sensor_type_text(d.common.sensor_type),
                                     entity_text(d.common.entity),
                                     format_number(v.reading, places),
                                     v.unit,
                                     sensor::status_text(v.status),
                                     std::string(severity::severity_text(shown.severity))};
        if (options.thresholds)
            for (const auto& t : v.thresholds) row.push_back(t ? format_number(t, places) : "-");
        auto states = v.states;
        if (v.note) states.push_back(*v.note);
        row.push_back(join(states));
        table.add_row(std::move(row));
    }
    table.write(out, options.output == OutputFormat::Csv ? TableFormat::Csv : TableFormat::Text, options.header);
}

std::string record_summary(const sdr::Record& record) {
    return std::visit(
        [](const auto& body) -> std::string {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, sdr::FullSensor> || std::is_same_v<T, sdr::CompactSensor> ||
                          std::is_same_v<T, sdr::EventOnlySensor>) {
                return body.common.name + " (sensor " + hex_byte(body.common.key.number) + " owner " +
                       hex_byte(body.common.key.owner_id) + " lun " + std::to_string(body.common.key.lun) + ", " +
                       sensor_type_text(body.common.sensor_type) + ")";
            } else if constexpr (std::is_same_v<T, sdr::FruLocator>) {
                return body.name + " (FRU " + std::to_string(body.fru_device_id) + ")";
            } else if constexpr (std::is_same_v<T, sdr::McLocator>) {
                return body.name + " (controller " + hex_byte(body.slave_address) + ")";
            } else if constexpr (std::is_same_v<T, sdr::EntityAssociation>) {
                return "entity " + std::to_string(body.container.id) + "." + std::to_string(body.container.instance) +
                       " contains " + std::to_string(body.members.size()) + (body.range ? " range(s)" : " entities");
            } else if constexpr (std::is_same_v<T, sdr::OemRecord>) {
                return "manufacturer " + std::to_string(body.manufacturer_id) + ", " +
                       std::to_string(body.data.size()) + " data bytes";
            } else {
                return "raw";
            }
        },
        record.body);
}

int write_dump(const std::string& path, const sdr::Repository& repository, Streams streams) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    for (const auto& record : repository.records) {
        file.write(reinterpret_cast<const char*>(record.raw.data()), static_cast<std::streamsize>(record.raw.size()));
    }
    if (!file.good()) {
        streams.err << "ipmiprov: cannot write " << path << '\n';
        return kExitCommandFailed;
    }
    streams.err << "ipmiprov: wrote " << repository.records.size() << " records to " << path << '\n';
    return kExitOk;
}

// The threshold sensor NAME names: exactly, else ignoring case; one, or an error.
bridge::Result<const sensor::SensorDefinition*> threshold_sensor(const std::vector<sensor::SensorDefinition>& all,
                                                                 const std::string& name) {
    std::vector<const sensor::SensorDefinition*> found;
    for (const auto& d : all)
        if (d.common.name == name) found.push_back(&d);
    if (found.empty())
        for (const auto& d : all)
            if (lower(d.common.name) == lower(name)) found.push_back(&d);
    if (found.empty())
        return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                  "no sensor named \"" + name + "\" (ipmiprov sensors lists them)");
    if (found.size() > 1) {
        std::string ids;
        for (const auto* d : found) ids += (ids.empty() ? "" : ", ") + hex_id(d->record_id);
        return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                  "\"" + name + "\" names " + std::to_string(found.size()) + " sensors (records " +
                                      ids + "): the BMC's SDRs repeat the name");
    }
    const auto* d = found.front();
    if (d->kind != sensor::SensorKind::Threshold || !d->factors || d->linearization >= 0x70)
        return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                  "\"" + name + "\" has no thresholds to set: it is not a linear threshold sensor");
    return d;
}

std::string settable_names(std::uint8_t mask) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < sdr::kThresholdCount; ++i)
        if ((mask & sdr::kThresholdMaskBit[i]) != 0) names.emplace_back(sdr::kThresholdNames[i]);
    return names.empty() ? "none" : join(names);
}

// sensors thresh NAME LEVEL VALUE: the nearest raw count, Set Sensor
// Thresholds for that one level, read back (SensorReader::write_threshold).
int run_sensor_threshold(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const auto& wanted = *options.threshold_write;
    auto opened = load_repository(engine, options, streams);
    if (!opened.ok()) return report_error(streams, opened.error());
    const auto definitions = sensor::sensor_definitions(opened->repository);
    auto found = threshold_sensor(definitions, wanted.sensor);
    if (!found.ok()) return report_error(streams, found.error());
    const auto& d = **found;
    const auto index = static_cast<sdr::ThresholdIndex>(wanted.level);
    const auto level = sdr::kThresholdNames[index];
    const auto settable = static_cast<std::uint8_t>((d.reading_mask >> 8) & 0x3F);
    if ((settable & sdr::kThresholdMaskBit[index]) == 0) {
        streams.err << "ipmiprov: the SDR of \"" << d.common.name << "\" does not let " << level
                    << " be set (settable: " << settable_names(settable) << ")\n";
        return kExitCommandFailed;
    }
    const auto raw = sensor::nearest_raw(wanted.value, d.units.format, d.linearization, *d.factors);
    const auto value_of = [&](std::uint8_t count) {
        return sensor::convert(count, d.units.format, d.linearization, *d.factors);
    };
    const int decimals = sensor::display_decimals(d.linearization, *d.factors);
    const auto unit = sensor::unit_text(d.units);
    if (!raw) {
        std::optional<double> lowest, highest;
        for (int count = 0; count <= 0xFF; ++count) {
            const auto value = value_of(static_cast<std::uint8_t>(count));
            if (!value) continue;
            lowest = std::min(lowest.value_or(*value), *value);
            highest = std::max(highest.value_or(*value), *value);
        }
        streams.err << "ipmiprov: " << d.common.name << " cannot hold " << wanted.value << " " << unit
                    << ": its values go from " << format_number(lowest, decimals) << " to "
                    << format_number(highest, decimals) << '\n';
        return kExitUsage;
    }
    if (auto written = sensor::SensorReader(engine, sensor::SensorReadOptions{true, bridge::kBmcSlaveAddress})
                           .write_threshold(d, index, *raw);
        !written.ok())
        return report_error(streams, written.error());
    const auto set = value_of(*raw);
    if (options.json) {
        streams.out << bridge::json_text(ordered_json{{"name", d.common.name},
                                                      {"record_id", d.record_id},
                                                      {"threshold", level},
                                                      {"requested", wanted.value},
                                                      {"value", number_or_null(set)},
                                                      {"raw", *raw},
                                                      {"unit", unit}},
                                         2)
                    << '\n';
        return kExitOk;
    }
    streams.out << d.common.name << ": " << level << " set to " << format_number(set, decimals) << " " << unit
                << " (raw " << hex_byte(*raw) << "), read back from the BMC";
    if (set && std::fabs(*set - wanted.value) > 1e-9)
        streams.out << "; " << wanted.value << " is between two of the sensor's steps: the nearest was set";
    streams.out << '\n';
    return kExitOk;
}

// The sensors as metrics (issue 25): on stdout, or written atomically to
// --textfile; none (the sensors could not be read) is ipmi_up 0, so that a
// textfile never goes on showing the last good values.
int write_metrics(std::optional<std::vector<metrics::ShownSensor>> sensors, const CliOptions& options,
                  Streams streams) {
    metrics::Inputs inputs;
    inputs.up = {{"ipmi", sensors.has_value()}};
    inputs.sensors = std::move(sensors);
    const auto format =
        options.output == OutputFormat::OpenMetrics ? metrics::Format::OpenMetrics : metrics::Format::Prometheus;
    const auto text = metrics::render(metrics::ipmi_families(inputs), format);
    if (options.textfile.empty()) {
        streams.out << text;
        return kExitOk;
    }
    if (auto written = store::write_atomically(options.textfile, text); !written.ok())
        return report_error(streams, written.error());
    return kExitOk;
}

// An error, and in textfile mode the file saying the sensors are not read.
int sensors_failed(const bridge::Error& error, const CliOptions& options, Streams streams) {
    if (!options.textfile.empty()) (void)write_metrics(std::nullopt, options, streams);
    return report_error(streams, error);
}

// The sensors the filters select, each valued by `value_of(index)` (a read
// of our own, or the daemon's sample converted), as a table or JSON.
int show_sensors(const std::vector<sensor::SensorDefinition>& definitions, const CliOptions& options, Streams streams,
                 const std::function<SensorValue(std::size_t)>& value_of) {
    if (const auto& problem = severity::configured_problem()) streams.err << "ipmiprov: " << *problem << '\n';
    const auto& severities = severity::configured();
    std::vector<ShownSensor> shown;
    for (std::size_t i = 0; i < definitions.size(); ++i) {
        if (!selected(definitions[i], options)) continue;
        ShownSensor item{value_of(i)};
        item.severity = severities.of_sensor(item.value);
        if (options.problems &&
            severity::severity_rank(item.severity) < severity::severity_rank(severity::Severity::Warning))
            continue;
        if (!options.severity_filters.empty() &&
            std::find(options.severity_filters.begin(), options.severity_filters.end(),
                      severity::severity_text(item.severity)) == options.severity_filters.end())
            continue;
        if (!options.unit_filters.empty() && !contains_any(item.value.unit, options.unit_filters)) continue;
        shown.push_back(std::move(item));
    }
    if (options.output == OutputFormat::Prometheus || options.output == OutputFormat::OpenMetrics) {
        std::vector<metrics::ShownSensor> as_metrics;
        as_metrics.reserve(shown.size());
        for (const auto& sensor : shown) as_metrics.push_back({sensor.value, sensor.severity});
        return write_metrics(std::move(as_metrics), options, streams);
    }
    if (options.json) {
        ordered_json array = ordered_json::array();
        for (const auto& sensor : shown) array.push_back(sensor_json(sensor));
        streams.out << bridge::json_text(array, 2) << '\n';
    } else {
        print_sensor_table(streams.out, shown, options);
    }
    return kExitOk;
}

// What the daemon found wrong with the SDR, and a snapshot served stale, as
// a read of our own would report them.
void report_source_problems(const Snapshots& snapshots, Streams streams) {
    for (const auto& problem : snapshots.problems()) streams.err << "ipmiprov: " << problem << '\n';
}

// The daemon's sensors; when the filters pick a few (--name, --record-id,
// --number, …), a stale snapshot has the daemon read just those.
bridge::Result<std::shared_ptr<const provider::cim::SensorSnapshot>> picked_sensors(Snapshots& snapshots,
                                                                                    const CliOptions& options) {
    const bool picking = !options.name_filters.empty() || !options.record_ids.empty() || !options.numbers.empty() ||
                         !options.entity_filters.empty();
    if (!picking) return snapshots.sensors();
    auto definitions = snapshots.definitions();
    if (!definitions.ok()) return definitions.error();
    std::vector<std::size_t> picked;
    for (std::size_t i = 0; i < (*definitions)->size(); ++i)
        if (selected((**definitions)[i], options)) picked.push_back(i);
    return snapshots.sensors_of(std::move(picked));
}

}  // namespace

int run_sensors(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    if (options.threshold_write) return run_sensor_threshold(engine, options, streams);
    if (snapshots) {
        // The daemon's samples, converted here as a read of our own would be,
        // with the SDR's thresholds or (--thresholds) the BMC's.
        auto snapshot = picked_sensors(*snapshots, options);
        if (!snapshot.ok()) return sensors_failed(snapshot.error(), options, streams);
        report_source_problems(*snapshots, streams);
        const auto& sampled = **snapshot;
        return show_sensors(*sampled.definitions, options, streams, [&](std::size_t i) {
            return sensor::evaluate((*sampled.definitions)[i], sampled.samples[i], options.thresholds);
        });
    }
    auto opened = load_repository(engine, options, streams);
    if (!opened.ok()) return sensors_failed(opened.error(), options, streams);
    const auto definitions = sensor::sensor_definitions(opened->repository);
    sensor::SensorReader reader(engine, sensor::SensorReadOptions{options.thresholds, bridge::kBmcSlaveAddress});
    return show_sensors(definitions, options, streams, [&](std::size_t i) { return reader.read(definitions[i]); });
}

int run_sdr(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    std::shared_ptr<const sdr::Repository> held;
    if (snapshots) {
        auto got = snapshots->repository();
        if (!got.ok()) return report_error(streams, got.error());
        held = *got;
        report_source_problems(*snapshots, streams);
    } else {
        auto opened = load_repository(engine, options, streams);
        if (!opened.ok()) return report_error(streams, opened.error());
        held = std::make_shared<const sdr::Repository>(std::move(opened->repository));
    }
    const auto& repository = *held;
    if (options.args[0] == "dump") return write_dump(options.args[1], repository, streams);
    if (options.json) {
        ordered_json array = ordered_json::array();
        for (const auto& record : repository.records) {
            array.push_back(ordered_json{{"record_id", record.header.record_id},
                                         {"record_type", record.header.type},
                                         {"type_name", sdr::record_type_name(record.header.type)},
                                         {"summary", record_summary(record)},
                                         {"raw", bridge::hex(record.raw)}});
        }
        streams.out << bridge::json_text(array, 2) << '\n';
        return kExitOk;
    }
    Table table({{"ID"}, {"Record type"}, {"Summary"}});
    for (const auto& record : repository.records)
        table.add_row({hex_id(record.header.record_id), std::string(sdr::record_type_name(record.header.type)),
                       record_summary(record)});
    table.write(streams.out, options.output == OutputFormat::Csv ? TableFormat::Csv : TableFormat::Text,
                options.header);
    return kExitOk;
}

}  // namespace ipmiprov::cli

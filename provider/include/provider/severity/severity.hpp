// A severity for every sensor and every SEL event: nominal, warning,
// critical, or unknown where nothing says (issue 20). One table, kept as
// data, keyed by sensor type × event/reading type × offset:
//   - threshold levels are the threshold event offsets (Table 42-2, type
//     01h): a reading at or below the lower non-critical threshold has the
//     severity of "Lower Non-critical going low" asserted;
//   - generic states (Table 42-2, the severity type 07h among them) and
//     sensor-specific states (Table 42-3) by the spec's wording
//     (provider/spec/tables.hpp);
//   - an event that is deasserted has its own severity (a critical
//     threshold crossed back is still a warning), nominal unless the table
//     says otherwise.
// A file overrides any row (docs/severity.md): the same table then drives
// the CLI's status and JSON, the daemon and the CIM properties.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "bridge/result.hpp"
#include "provider/sel/record.hpp"
#include "provider/sensor/sensors.hpp"

namespace ipmiprov::provider::severity {

enum class Severity { Nominal, Warning, Critical, Unknown };

std::string_view severity_text(Severity severity);  // "nominal", "warning", "critical", "unknown"
std::optional<Severity> parse_severity(std::string_view text);
// Warning and critical rank above nominal; unknown ranks lowest (nothing says).
int severity_rank(Severity severity);

// One row. No sensor type: every type (the generic tables).
struct Rule {
    std::optional<std::uint8_t> sensor_type;
    std::uint8_t event_reading_type = 0;
    std::uint8_t offset = 0;
    Severity asserted = Severity::Nominal;
    Severity deasserted = Severity::Nominal;
};

class Table {
public:
    // The built-in table: the spec's wording and the threshold levels.
    static Table builtin();

    // Rows from a file, over this table. A line that is not a row is an
    // error naming the file and the line; nothing of such a file is used.
    [[nodiscard]] bridge::Result<Table> with_overrides(std::string_view text, const std::string& source) const;

    // The severity of one state, asserted or deasserted. A row for the
    // sensor type wins over a row for every type; no row: unknown for OEM
    // and reserved types, nominal for a state the spec names as harmless.
    [[nodiscard]] Severity of_state(std::uint8_t sensor_type, std::uint8_t event_reading_type, std::uint8_t offset,
                                    bool deasserted = false) const;

    // The most severe of the asserted states in `bits` (offsets 0..14);
    // nominal when none is asserted.
    [[nodiscard]] Severity of_states(std::uint8_t sensor_type, std::uint8_t event_reading_type,
                                     std::uint16_t bits) const;

    // A sensor as read: threshold comparisons, discrete states; unknown
    // when there is no reading (event-only, unavailable, unanswered).
    [[nodiscard]] Severity of_sensor(const sensor::SensorValue& value) const;

    // A SEL entry: a system event by its sensor type, type, offset and
    // direction; an OEM record is unknown.
    [[nodiscard]] Severity of_event(const sel::Entry& entry) const;

    [[nodiscard]] std::size_t override_count() const { return overrides_.size(); }

private:
    using Key = std::tuple<int, std::uint8_t, std::uint8_t>;  // sensor type (-1: any), type, offset
    std::map<Key, Rule> overrides_;
};

// The table in force in this process: the built-in one, with the rows of
// IPMIPROV_SEVERITY_FILE or /etc/ipmiprov/severity.conf when it exists.
// Read once; a bad file leaves the built-in table and a problem to report.
const Table& configured();
const std::optional<std::string>& configured_problem();

// The default file's path, and the environment variable that names another.
inline constexpr const char* kDefaultSeverityFile = "/etc/ipmiprov/severity.conf";
inline constexpr const char* kSeverityFileVariable = "IPMIPROV_SEVERITY_FILE";

}  // namespace ipmiprov::provider::severity

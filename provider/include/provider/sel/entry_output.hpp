// One SEL entry as `ipmiprov sel list` shows it: described in words (the
// sensor's name, the event), as a JSON object, and as a table row or line.
// Shared by the CLI, the daemon's subscriptions and its journal, so that an
// entry reads the same wherever it is shown.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "provider/sel/record.hpp"
#include "provider/sel/store.hpp"
#include "provider/sensor/sensors.hpp"

namespace ipmiprov::provider::sel {

using UtcOffset = std::optional<std::int16_t>;

// The entry with its sensor's name (from `sensors`, the SDR's) and the event in words.
StoredEntry describe(const Entry& entry, const std::vector<sensor::SensorDefinition>& sensors);
std::optional<Timestamp> timestamp_of(const Entry& entry);
// `sel list --json`'s object. `sensors`: the SDR's, for a threshold event's
// numbers; nullptr: none given.
nlohmann::ordered_json entry_json(const Entry& entry, const StoredEntry& stored, UtcOffset offset,
                                  const std::vector<sensor::SensorDefinition>* sensors);
// The cells of a `sel list` row: ID, time, sensor, asserted or not, severity, description.
std::vector<std::string> entry_cells(const Entry& entry, const StoredEntry& stored, UtcOffset offset, bool localtime);
// A row as one line with fixed-width columns, as `sel follow` prints it as
// entries come (and the journal's MESSAGE), without a newline.
std::string entry_line(const std::vector<std::string>& cells);

}  // namespace ipmiprov::provider::sel

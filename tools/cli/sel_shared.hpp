// What the SEL commands share (sel_commands.cpp): the SDR's sensors that
// name events, an entry described in words, and an entry as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "commands.hpp"
#include "provider/sel/record.hpp"
#include "provider/sel/store.hpp"
#include "provider/sensor/sensors.hpp"

namespace ipmiprov::cli {

using UtcOffset = std::optional<std::int16_t>;

bridge::Result<std::vector<provider::sensor::SensorDefinition>> event_sensors(bridge::Engine& engine,
                                                                              const CliOptions& options,
                                                                              Streams streams);
provider::sel::StoredEntry describe(const provider::sel::Entry& entry,
                                    const std::vector<provider::sensor::SensorDefinition>& sensors);
std::optional<provider::sel::Timestamp> timestamp_of(const provider::sel::Entry& entry);
// `sensors`: the SDR's, for a threshold event's numbers; nullptr: none given.
nlohmann::ordered_json entry_json(const provider::sel::Entry& entry, const provider::sel::StoredEntry& stored,
                                  UtcOffset offset, const std::vector<provider::sensor::SensorDefinition>* sensors);

// sel get ID, sel delete ID, sel save FILE, sel restore FILE
// (sel_entry_commands.cpp).
int sel_get(bridge::Engine& engine, const CliOptions& options, Streams streams);
int sel_delete(bridge::Engine& engine, const CliOptions& options, Streams streams);
int sel_save(bridge::Engine& engine, const CliOptions& options, Streams streams);
int sel_restore(bridge::Engine& engine, const CliOptions& options, Streams streams);

}  // namespace ipmiprov::cli

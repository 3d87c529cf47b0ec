// What the SEL commands share (sel_commands.cpp): the SDR's sensors that
// name events, an entry described in words, and an entry as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "bridge/daemon_client.hpp"
#include "commands.hpp"
#include "provider/sel/entry_output.hpp"
#include "provider/sel/record.hpp"
#include "provider/sel/store.hpp"
#include "provider/sensor/sensors.hpp"

namespace ipmiprov::cli {

using UtcOffset = provider::sel::UtcOffset;
// An entry in words, as JSON and as a row: provider/sel/entry_output.hpp.
using provider::sel::describe;
using provider::sel::entry_json;
using provider::sel::timestamp_of;

bridge::Result<std::vector<provider::sensor::SensorDefinition>> event_sensors(bridge::Engine& engine,
                                                                              const CliOptions& options,
                                                                              Streams streams);

// Prints entries (already filtered): a table or a JSON array for `sel
// list`; with `streaming`, a line per entry as `sel follow` prints them.
void print_entries(Streams streams, const std::vector<provider::sel::StoredEntry>& entries, const CliOptions& options,
                   UtcOffset offset, bool streaming, const std::vector<provider::sensor::SensorDefinition>* sensors);
// The entries `sel list`'s filters keep (--name, --type, --record-id, --severity, --since, --until, --last).
std::vector<provider::sel::StoredEntry> filtered(const std::vector<provider::sel::StoredEntry>& entries,
                                                 const CliOptions& options, UtcOffset offset);
// sel follow (sel_follow.cpp): from the BMC, or pushed by ipmiprovd.
int sel_follow(bridge::Engine& engine, const CliOptions& options, Streams streams);
int sel_follow_daemon(bridge::DaemonClient& daemon, const CliOptions& options, Streams streams);

// sel get ID, sel delete ID, sel save FILE, sel restore FILE
// (sel_entry_commands.cpp).
int sel_get(bridge::Engine& engine, const CliOptions& options, Streams streams);
int sel_delete(bridge::Engine& engine, const CliOptions& options, Streams streams);
int sel_save(bridge::Engine& engine, const CliOptions& options, Streams streams);
int sel_restore(bridge::Engine& engine, const CliOptions& options, Streams streams);

}  // namespace ipmiprov::cli

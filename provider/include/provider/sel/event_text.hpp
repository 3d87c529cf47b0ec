// A system event in words (IPMI 2.0 §29.7, Tables 29-6, 42-1..42-3): the
// state from the generic or sensor-specific table, a threshold event's
// trigger reading and threshold in the sensor's units when its SDR is known,
// and the event-data-2/3 bytes the offset defines.
#pragma once

#include <optional>
#include <string>

#include "provider/sel/record.hpp"
#include "provider/sensor/sensors.hpp"

namespace ipmiprov::provider::sel {

// `sensor` is the SDR-defined sensor that generated the event, or nullptr
// when none matches (the event is then decoded by its sensor type alone).
std::string event_text(const SystemEvent& event, const sensor::SensorDefinition* sensor);

// A threshold event's trigger reading and threshold (§29.7, event data 2
// and 3 when event data 1 says so), in the sensor's unit: for JSON, as
// numbers. nullopt for other events, or when the SDR of the sensor is not
// known or its conversion is not linear.
struct ThresholdValues {
    std::optional<double> reading;
    std::optional<double> threshold;
    std::string unit;
};
std::optional<ThresholdValues> threshold_values(const SystemEvent& event, const sensor::SensorDefinition* sensor);

// The sensor that generated `event`: same owner, LUN and number, and for
// shared records the right instance. nullptr when the SDRs have none.
const sensor::SensorDefinition* find_event_sensor(const SystemEvent& event,
                                                  const std::vector<sensor::SensorDefinition>& sensors);

}  // namespace ipmiprov::provider::sel

// Instances as text: JSON for scripts (CIM types kept: integers as numbers,
// datetimes as CIM datetime strings, references as object path strings,
// arrays as arrays) and MOF for people used to CIM tools.
#pragma once

#include <string>
#include <vector>

#include "provider/cim/schema.hpp"
#include "provider/cim/value.hpp"

namespace ipmiprov::provider::cim {

// [{"class": ..., "namespace": ..., "path": {key: value...}, "properties": {name: value...}}, ...]
std::string instances_json(const std::vector<Instance>& instances, const Schema& schema = ipmiprov_schema());
// instance of IPMIProv_NumericSensor { DeviceID = "114.0.32"; ... };
std::string instance_mof(const Instance& instance);
// One line per class: name, parent, namespace.
std::string classes_text(const Schema& schema = ipmiprov_schema());
std::string classes_json(const Schema& schema = ipmiprov_schema());

}  // namespace ipmiprov::provider::cim

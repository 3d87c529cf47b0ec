// CIM values, paths and instances as JSON on ipmiprovd's socket, with their
// CIM types kept exactly (docs/daemon-protocol.md). Decoding validates
// everything: a malformed message is an error naming what was wrong.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "bridge/result.hpp"
#include "provider/cim/value.hpp"

namespace ipmiprov::provider::cim {

nlohmann::json value_to_wire(const Value& value);
nlohmann::json path_to_wire(const ObjectPath& path);
nlohmann::json instance_to_wire(const Instance& instance);
nlohmann::json instances_to_wire(const std::vector<Instance>& instances);

bridge::Result<Value> value_from_wire(const nlohmann::json& json);
bridge::Result<ObjectPath> path_from_wire(const nlohmann::json& json);
bridge::Result<Instance> instance_from_wire(const nlohmann::json& json);
bridge::Result<std::vector<Instance>> instances_from_wire(const nlohmann::json& json);
bridge::Result<PropertyList> properties_from_wire(const nlohmann::json& json);
nlohmann::json properties_to_wire(const PropertyList& properties);

}  // namespace ipmiprov::provider::cim

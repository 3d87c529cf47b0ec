// CIM values from the text a user types (`cim invoke --param NAME=VALUE`),
// typed as the MOF declares the parameter.
#pragma once

#include <string_view>

#include "bridge/result.hpp"
#include "provider/cim/value.hpp"

namespace ipmiprov::provider::cim {

// true/false; integers in decimal or 0x hex, within the type's range;
// reals; strings and datetimes as they are. An array's elements are split
// at commas ("0x06,0x01"; empty text: no elements). Not references: a
// path is found in the model (the CLI resolves Class.Key=Value,...).
bridge::Result<Value> value_from_text(Type type, bool is_array, std::string_view text);

}  // namespace ipmiprov::provider::cim

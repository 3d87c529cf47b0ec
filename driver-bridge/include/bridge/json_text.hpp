// JSON documents to text without throwing on bytes that are not UTF-8.
// Strings in ipmiprov's JSON come from outside: SDR sensor names and FRU
// text from the BMC (often Latin-1), user and host names, a configured
// system name. nlohmann's dump() throws type_error 316 on such a string by
// default; an exception escaping a reply killed ipmiprovd (issue 18). Every
// document that leaves a process goes through here: invalid bytes become
// U+FFFD, which is still valid JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ipmiprov::bridge {

// `indent` as dump(): -1 for one line, N for N spaces per level.
template <class Json>
std::string json_text(const Json& document, int indent = -1) {
    return document.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ipmiprov::bridge

// Files that readers must never see half-written (the SDR cache, the SEL
// store): written to a temporary file in the same directory, synced, then
// renamed over the old one.
#pragma once

#include <filesystem>
#include <string>

#include "bridge/result.hpp"

namespace ipmiprov::provider::store {

bridge::Status write_atomically(const std::filesystem::path& file, const std::string& content);
// The whole file, or NotFound.
bridge::Result<std::string> read_whole_file(const std::filesystem::path& file);

}  // namespace ipmiprov::provider::store

// Files named on a command line or in a config file are read with a bound:
// a path such as /dev/zero or a runaway log must end in an error naming the
// file, not in a read that never ends or fills memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "bridge/result.hpp"

namespace ipmiprov::bridge {

struct FilePrefix {
    std::string text;       // at most the limit's bytes
    bool complete = false;  // the file ended within the limit
};

// Who may have written a file before it is believed. A file that grants
// rights (ipmiprovd's config file names the write group) or holds a secret
// (a LAN password) must be Private: owned by root or by this process's
// effective user, and writable by neither group nor others, as sshd's
// StrictModes asks. Character devices (/dev/null) hold nothing and pass.
enum class FileTrust { Any, Private };

// The first `limit` bytes of a file (a regular file, a pipe or a device).
// NotFound when it cannot be opened, Transport when reading fails,
// PermissionDenied naming the file and its owner or mode when it is not
// `trust`worthy.
Result<FilePrefix> read_file_prefix(const std::filesystem::path& file, std::size_t limit,
                                    FileTrust trust = FileTrust::Any);

// The whole file when it has at most `limit` bytes; InvalidArgument naming
// `what`, the file and the limit otherwise.
Result<std::string> read_bounded_file(const std::filesystem::path& file, std::size_t limit, const std::string& what,
                                      FileTrust trust = FileTrust::Any);

}  // namespace ipmiprov::bridge

// Exit codes of `ipmiprov` (docs/cli.md). Scripts rely on these: keep them stable.
#pragma once

#include "bridge/result.hpp"

namespace ipmiprov::cli {

enum ExitCode : int {
    kExitOk = 0,
    kExitCommandFailed = 1,  // the BMC answered with an error completion code
    kExitUsage = 2,          // bad command line
    kExitNoConnection = 3,   // device missing or not accessible, LAN session could not be opened
    kExitTimeout = 4,        // the BMC did not answer
    kExitProtocol = 5,       // the BMC answered with something malformed
    kExitDeclined = 6,       // a question was answered "no": nothing was done, and nothing failed
};

inline int exit_code_for(const bridge::Error& error) {
    switch (error.kind) {
        case bridge::ErrorKind::InvalidArgument:
            return kExitUsage;
        case bridge::ErrorKind::NotFound:
        case bridge::ErrorKind::PermissionDenied:
        case bridge::ErrorKind::Transport:
            return kExitNoConnection;
        case bridge::ErrorKind::Timeout:
            return kExitTimeout;
        case bridge::ErrorKind::Protocol:
            return kExitProtocol;
        case bridge::ErrorKind::CompletionCode:
        case bridge::ErrorKind::Unsupported:
            return kExitCommandFailed;
    }
    return kExitCommandFailed;
}

}  // namespace ipmiprov::cli

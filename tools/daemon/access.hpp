// Who may do what on ipmiprovd's socket, from the peer's credentials
// (SO_PEERCRED): reads for root and the configured read group, writes (SEL
// clear, threshold writes, IPMI commands that change the BMC) for root and,
// only if configured, a write group.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "bridge/message.hpp"

namespace ipmiprov::daemon {

struct Peer {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
};

enum class Access { Read, Write };

struct AccessPolicy {
    std::optional<gid_t> read_group;   // besides root
    std::optional<gid_t> write_group;  // besides root; none by default
};

// Whether `peer` (with its supplementary groups) may do `access`.
bool allowed(const AccessPolicy& policy, const Peer& peer, Access access);

// An IPMI request forwarded for a client: reads are the Get/Reserve commands
// a listing needs (IPMI 2.0 Appendix G), inside Send Message too; anything
// else may change the BMC and is a write.
Access classify(const bridge::Request& request);

// "uid 1000 (alice)", for error messages and the log.
std::string peer_text(const Peer& peer);

}  // namespace ipmiprov::daemon

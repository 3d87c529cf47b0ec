// One interface to a BMC, whatever carries the bytes: the Linux IPMI driver,
// an RMCP/RMCP+ LAN session, or the in-process simulated BMC.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bridge/message.hpp"
#include "bridge/result.hpp"

namespace ipmiprov::bridge {

class Transport {
public:
    virtual ~Transport() = default;
    Transport() = default;
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // Sends one request and waits at most `timeout` for its reply. A reply
    // with a non-zero completion code is a successful exchange: the Response
    // carries the code and the engine decides what it means. Errors are for
    // exchanges that produced no usable reply. Implementations need not be
    // thread-safe; the Engine serialises calls.
    virtual Result<Response> exchange(const Request& request, std::chrono::milliseconds timeout) = 0;

    // Asynchronous event messages (IPMI 2.0 §29.7: the 16 bytes of a SEL
    // record less its record ID), where the interface delivers them. Until
    // enable_events() they are not collected. Transports without event
    // delivery answer Unsupported; callers then poll Get SEL Info.
    virtual Status enable_events() { return make_error(ErrorKind::Unsupported, description() + ": no event delivery"); }
    // The next event, waiting at most `timeout`; nullopt when none came.
    virtual Result<std::optional<std::vector<std::uint8_t>>> next_event(std::chrono::milliseconds /*timeout*/) {
        return make_error(ErrorKind::Unsupported, description() + ": no event delivery");
    }

    // Whether a reply is worth asking again for (the engine retries it,
    // bounded): by default the transient completion codes of IPMI 2.0 §5.2.
    [[nodiscard]] virtual bool reply_is_transient(const Response& reply) const;

    // Whether the other end retries by itself (ipmiprovd, whose engine
    // retried timeouts and busy answers already, and sends a change once):
    // the engine then sends each request once.
    [[nodiscard]] virtual bool retries_itself() const { return false; }

    // A short human description: "kernel /dev/ipmi0 (kcs)", "lan 127.0.0.1:623 (RMCP+)", "sim fixture.json".
    [[nodiscard]] virtual std::string description() const = 0;

    // The name of the managed system when the transport knows it better than
    // the local host does (ipmiprovd's, for a client of the daemon).
    [[nodiscard]] virtual std::optional<std::string> system_name() const { return std::nullopt; }
};

}  // namespace ipmiprov::bridge

// One interface to a BMC, whatever carries the bytes: the Linux IPMI driver,
// an RMCP/RMCP+ LAN session, or the in-process simulated BMC.
#pragma once

#include <chrono>
#include <string>

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

    // A short human description: "kernel /dev/ipmi0 (kcs)", "lan 127.0.0.1:623 (RMCP+)", "sim fixture.json".
    [[nodiscard]] virtual std::string description() const = 0;
};

}  // namespace ipmiprov::bridge

// One IPMI request outside a session, over UDP: the RMCP header, an IPMI 1.5
// session header with authentication type "none" and session ID 0 (IPMI 2.0
// §13.6, Table 13-4), then the LAN message (§13.8). The BMC answers the few
// commands allowed before a session this way (Get Channel Authentication
// Capabilities, Get Channel Cipher Suites).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bridge/message.hpp"
#include "bridge/result.hpp"

namespace ipmiprov::bridge {

// The packet of a request to the BMC (responder address 20h) from a remote
// console (requester 81h), with the given sequence number (0-63).
std::vector<std::uint8_t> sessionless_packet(const Request& request, std::uint8_t sequence);

// The reply to `request` in a received packet, checked: RMCP header and
// class, session header, length, both checksums, netfn, command and sequence.
Result<Response> decode_sessionless_reply(std::span<const std::uint8_t> packet, const Request& request,
                                          std::uint8_t sequence);

// Sends `request` to host:port and waits for its reply, sending again after
// half the timeout if none came. Host names and IPv6 addresses resolve.
Result<Response> sessionless_exchange(const std::string& host, std::uint16_t port, const Request& request,
                                      std::chrono::milliseconds timeout);

}  // namespace ipmiprov::bridge

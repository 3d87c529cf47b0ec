// The request engine: every request to the BMC goes through here. It adds a
// timeout per request, bounded retries with back-off for timeouts and
// transient completion codes, error texts that name the command and the
// completion code, a trace hook, request counting, and thread safety.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bridge/transport.hpp"

namespace ipmiprov::bridge {

struct EngineOptions {
    std::chrono::milliseconds timeout{2000};
    int retries = 2;                        // extra attempts after the first
    std::chrono::milliseconds backoff{50};  // doubled after every retry
    std::chrono::milliseconds max_backoff{1000};
    std::function<void(const std::string&)> trace;         // -v output; empty = off
    std::function<void(std::chrono::milliseconds)> sleep;  // empty = std::this_thread::sleep_for
};

// Whether a request may be sent again when its reply does not come. A
// request that changes something (a power cycle, a SEL entry) is sent once:
// its lost reply may follow a deed already done. Only the answers that say
// it was not done (C0h node busy, D2h initialisation in progress) are tried
// again.
enum class Resend { Allowed, NotAfterTimeout };

// A non-zero completion code as an Error naming the command and the code
// in words ("Get SEL Info (netfn 0x0a cmd 0x40): completion code 0xC1
// (invalid command)"): what Engine::call returns for one.
Error completion_code_error(const Request& request, std::uint8_t code);
// "0xC1": a completion code as those errors write it.
std::string completion_code_hex(std::uint8_t code);

// One exchange with the BMC, whoever carries it: an Engine, the daemon's
// pass-through (provider/cim's DataSource::exchange).
using Exchange = std::function<Result<Response>(const Request&, Resend)>;

class Engine {
public:
    Engine(std::unique_ptr<Transport> transport, EngineOptions options);

    // One exchange with retries: returns the reply whatever its completion
    // code, unless the code stayed transient through every retry.
    Result<Response> send(const Request& request, Resend resend = Resend::Allowed);

    // As send(), but a non-zero completion code is an Error naming the
    // command and the code in words; returns the reply data.
    Result<std::vector<std::uint8_t>> call(const Request& request, Resend resend = Resend::Allowed);

    // Event delivery of the transport (see Transport), serialised with requests.
    Status enable_events();
    Result<std::optional<std::vector<std::uint8_t>>> next_event(std::chrono::milliseconds timeout);

    // Requests that reached the transport, retries included (for benchmarks).
    [[nodiscard]] std::uint64_t requests_sent() const { return requests_sent_.load(); }
    [[nodiscard]] std::string transport_description() const { return transport_->description(); }
    [[nodiscard]] std::optional<std::string> system_name() const { return transport_->system_name(); }

private:
    Result<Response> attempt(const Request& request);
    void trace(const std::string& line) const;
    void pause(std::chrono::milliseconds delay) const;

    std::unique_ptr<Transport> transport_;
    EngineOptions options_;
    std::mutex mutex_;
    std::atomic<std::uint64_t> requests_sent_{0};
};

}  // namespace ipmiprov::bridge

// The reply script of the bmc_replies target: every request gets the next
// reply of the input, whatever was asked. Each reply is a kind byte (mod 4:
// 0 no reply, 1 completion code byte then data, 2-3 data with code 00h), then
// a length byte and that many data bytes. RecordingBmc writes the same format
// from a real conversation, to seed the fuzzer with a whole session.
#pragma once

#include <memory>
#include <vector>

#include "bridge/engine.hpp"
#include "bridge/transport.hpp"
#include "fuzz_input.hpp"

namespace ipmiprov::fuzz {

class ScriptedBmc final : public bridge::Transport {
public:
    explicit ScriptedBmc(FuzzInput& input) : input_(input) {}

    bridge::Result<bridge::Response> exchange(const bridge::Request& /*request*/,
                                              std::chrono::milliseconds /*timeout*/) override {
        if (input_.empty()) return bridge::make_error(bridge::ErrorKind::Timeout, "the script has ended");
        const auto kind = input_.byte() % 4;
        if (kind == 0) return bridge::make_error(bridge::ErrorKind::Timeout, "no reply");
        bridge::Response response;
        if (kind == 1) response.completion_code = input_.byte();
        const auto data = input_.chunk();
        response.data.assign(data.begin(), data.end());
        return response;
    }
    [[nodiscard]] std::string description() const override { return "scripted"; }

private:
    FuzzInput& input_;
};

class RecordingBmc final : public bridge::Transport {
public:
    RecordingBmc(std::unique_ptr<bridge::Transport> real, std::vector<std::uint8_t>& script)
        : real_(std::move(real)), script_(script) {}

    bridge::Result<bridge::Response> exchange(const bridge::Request& request,
                                              std::chrono::milliseconds timeout) override {
        auto reply = real_->exchange(request, timeout);
        if (!reply.ok()) {
            script_.push_back(0);
            return reply;
        }
        if (reply->completion_code != 0) {
            script_.insert(script_.end(), {1, reply->completion_code});
        } else {
            script_.push_back(2);
        }
        script_.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(reply->data.size(), 255)));
        script_.insert(
            script_.end(), reply->data.begin(),
            reply->data.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(reply->data.size(), 255)));
        return reply;
    }
    [[nodiscard]] std::string description() const override { return real_->description(); }

private:
    std::unique_ptr<bridge::Transport> real_;
    std::vector<std::uint8_t>& script_;
};

// An engine that never waits: retries and back-off cost no time.
inline bridge::EngineOptions instant_engine_options() {
    bridge::EngineOptions options;
    options.timeout = std::chrono::milliseconds(1);
    options.retries = 1;
    options.sleep = [](std::chrono::milliseconds) {};
    return options;
}

// What the target does with the engine: the CIM model over it, then the SEL read again incrementally.
void read_everything(bridge::Engine& engine);

}  // namespace ipmiprov::fuzz

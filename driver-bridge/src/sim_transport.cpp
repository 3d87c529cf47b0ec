// The Transport over the simulated BMC. Bridged requests go the way a
// system-interface driver sends them (IPMI 2.0 §6.12.1, §22.7): Send Message
// with tracking, then Get Message for the reply the BMC queued.
#include <atomic>

#include "bridge/bytes.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge::sim {
namespace {

constexpr std::uint8_t kSmsLun = 0x02;  // the system software's LUN on the BMC
constexpr std::uint8_t kTrackRequest = 0x40;

class SimTransport final : public Transport {
public:
    SimTransport(std::shared_ptr<SimBmc> bmc, std::string description)
        : bmc_(std::move(bmc)), description_(std::move(description)) {}

    Result<Response> exchange(const Request& request, std::chrono::milliseconds /*timeout*/) override {
        if (request.lun > 3) return make_error(ErrorKind::InvalidArgument, "LUN must be 0..3");
        if (request.target.kind == Target::Kind::Bmc) return direct(request);
        return bridged(request);
    }

    [[nodiscard]] std::string description() const override { return description_; }

private:
    Result<Response> direct(const Request& request) {
        auto answer = bmc_->handle(request);
        if (!answer) return make_error(ErrorKind::Timeout, describe(request) + ": the simulated BMC dropped the reply");
        return *answer;
    }

    Result<Response> bridged(const Request& request) {
        const auto seq = static_cast<std::uint8_t>((sequence_++ & 0x3F) << 2);
        std::vector<std::uint8_t> header{request.target.slave_address,
                                         static_cast<std::uint8_t>((request.netfn << 2) | request.lun)};
        std::vector<std::uint8_t> body{kBmcSlaveAddress, static_cast<std::uint8_t>(seq | kSmsLun), request.cmd};
        body.insert(body.end(), request.data.begin(), request.data.end());
        std::vector<std::uint8_t> send{static_cast<std::uint8_t>(kTrackRequest | (request.target.channel & 0x0F))};
        send.insert(send.end(), header.begin(), header.end());
        send.push_back(ipmb_checksum(header));
        send.insert(send.end(), body.begin(), body.end());
        send.push_back(ipmb_checksum(body));

        auto sent = direct(Request{netfn::kApp, 0x34, 0, Target::bmc(), std::move(send)});
        if (!sent.ok()) return sent;
        if (sent->completion_code != 0x00) {
            return Error{ErrorKind::Transport,
                         describe(request) + ": controller did not answer (Send Message completion code " +
                             completion_code_text(sent->completion_code, netfn::kApp, 0x34) + ")",
                         sent->completion_code};
        }
        auto got = direct(Request{netfn::kApp, 0x33, 0, Target::bmc(), {}});
        if (!got.ok()) return got;
        if (got->completion_code != 0x00) {
            return make_error(ErrorKind::Timeout, describe(request) + ": no bridged reply queued");
        }
        return unwrap(request, got->data);
    }

    // channel, netFn/rqLUN, chk1, rsSA, rqSeq/rsLUN, cmd, cc, data..., chk2
    static Result<Response> unwrap(const Request& request, const std::vector<std::uint8_t>& message) {
        if (message.size() < 8) return make_error(ErrorKind::Protocol, describe(request) + ": bridged reply too short");
        std::span<const std::uint8_t> body(message.begin() + 3, message.end() - 1);
        if (ipmb_checksum(body) != message.back()) {
            return make_error(ErrorKind::Protocol, describe(request) + ": bridged reply checksum mismatch");
        }
        return Response{message[6], std::vector<std::uint8_t>(message.begin() + 7, message.end() - 1)};
    }

    std::shared_ptr<SimBmc> bmc_;
    std::string description_;
    std::uint8_t sequence_ = 0;
};

}  // namespace

std::unique_ptr<Transport> make_sim_transport(std::shared_ptr<SimBmc> bmc, std::string description) {
    return std::make_unique<SimTransport>(std::move(bmc), std::move(description));
}

}  // namespace ipmiprov::bridge::sim

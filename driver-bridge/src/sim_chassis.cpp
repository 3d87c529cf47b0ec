// The simulated chassis: §28.2 status, §28.3 control, §28.5 identify, §28.8
// restore policy, §28.11 restart cause, §28.12/§28.13 boot options (the
// boot flags, parameter 5, and the boot info acknowledge, 4), §28.14 POH.
#include "bridge/sim_chassis.hpp"

#include <vector>

#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge::sim {
namespace {

// §28.13: Get System Boot Options' own code for a parameter it lacks.
constexpr std::uint8_t kParameterNotSupported = 0x80;
constexpr std::uint8_t kBootInfoAcknowledge = 4;
constexpr std::uint8_t kBootFlags = 5;

Response reply(std::uint8_t code, std::vector<std::uint8_t> data = {}) {
    return Response{code, std::move(data)};
}

}  // namespace

std::optional<Response> SimChassis::handle(const Request& request) {
    if (request.netfn != 0x00) return std::nullopt;
    switch (request.cmd) {
        case 0x01:
            return status();
        case 0x02:
            return control(request);
        case 0x04:
            return identify(request);
        case 0x06:
            return restore_policy(request);
        case 0x07:
            return reply(0x00, {state_.restart_cause, 0x00});
        case 0x08:
            return set_boot_options(request);
        case 0x09:
            return get_boot_options(request);
        case 0x0F: {
            const auto hours = state_.power_on_hours;
            return reply(0x00, {60, static_cast<std::uint8_t>(hours), static_cast<std::uint8_t>(hours >> 8U),
                                static_cast<std::uint8_t>(hours >> 16U), static_cast<std::uint8_t>(hours >> 24U)});
        }
        default:
            return reply(cc::kInvalidCommand);
    }
}

Response SimChassis::status() const {
    const auto power = static_cast<std::uint8_t>((state_.power_on ? 0x01 : 0x00) | (state_.restore_policy << 5U));
    const auto misc = static_cast<std::uint8_t>(0x40U | (state_.identify << 4U));  // bit 6: identify reported
    return reply(0x00, {power, state_.last_power_event, misc, 0xF0});  // every button may be disabled; none is
}

Response SimChassis::control(const Request& request) {
    if (request.data.size() != 1) return reply(cc::kLengthInvalid);
    const auto action = static_cast<std::uint8_t>(request.data[0] & 0x0FU);
    constexpr std::uint8_t kOnByCommand = 0x10;
    switch (action) {
        case 0x00:  // power down
        case 0x05:  // soft shutdown: the OS went down
            state_.power_on = false;
            break;
        case 0x01:  // power up
            state_.power_on = true;
            state_.last_power_event = kOnByCommand;
            state_.restart_cause = 0x01;
            break;
        case 0x02:  // power cycle: off, then on again
        case 0x03:  // hard reset
            state_.power_on = true;
            state_.restart_cause = 0x01;
            break;
        case 0x04:  // NMI: no power change
            break;
        default:
            return reply(cc::kInvalidField);
    }
    ++state_.control_requests;
    state_.last_control = action;
    return reply(0x00);
}

Response SimChassis::identify(const Request& request) {
    if (request.data.size() > 2) return reply(cc::kLengthInvalid);
    const bool force = request.data.size() == 2 && (request.data[1] & 0x01U) != 0;
    const std::uint8_t seconds = request.data.empty() ? 15 : request.data[0];
    state_.identify_seconds = seconds;
    state_.identify = force ? 2 : seconds == 0 ? 0 : 1;
    return reply(0x00);
}

Response SimChassis::restore_policy(const Request& request) {
    if (request.data.size() != 1) return reply(cc::kLengthInvalid);
    const auto policy = static_cast<std::uint8_t>(request.data[0] & 0x07U);
    if (policy > 3) return reply(cc::kInvalidField);
    if (policy < 3) state_.restore_policy = policy;
    return reply(0x00, {0x07});  // all three supported
}

Response SimChassis::set_boot_options(const Request& request) {
    if (request.data.empty()) return reply(cc::kLengthInvalid);
    const auto parameter = static_cast<std::uint8_t>(request.data[0] & 0x7FU);
    if (parameter == kBootInfoAcknowledge) return reply(request.data.size() == 3 ? 0x00 : cc::kLengthInvalid);
    if (parameter != kBootFlags) return reply(kParameterNotSupported);
    if (request.data.size() != 6) return reply(cc::kLengthInvalid);
    for (std::size_t i = 0; i < state_.boot_flags.size(); ++i) state_.boot_flags.at(i) = request.data[i + 1];
    return reply(0x00);
}

Response SimChassis::get_boot_options(const Request& request) const {
    if (request.data.size() != 3) return reply(cc::kLengthInvalid);
    const auto parameter = static_cast<std::uint8_t>(request.data[0] & 0x7FU);
    if (parameter == kBootInfoAcknowledge) return reply(0x00, {0x01, kBootInfoAcknowledge, 0x00, 0x00});
    if (parameter != kBootFlags) return reply(kParameterNotSupported);
    std::vector<std::uint8_t> data{0x01, kBootFlags};
    data.insert(data.end(), state_.boot_flags.begin(), state_.boot_flags.end());
    return reply(0x00, std::move(data));
}

}  // namespace ipmiprov::bridge::sim

// The simulated BMC's chassis (IPMI 2.0 §28), in memory: power, the last
// power event, identify, the power restore policy, the restart cause, the
// power-on hours and the boot flags, changed by the commands that change
// them on a real chassis, so that `ipmiprov --sim` and the unit tests see
// a control action take effect.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "bridge/message.hpp"

namespace ipmiprov::bridge::sim {

struct SimChassisState {
    bool power_on = true;
    std::uint8_t restore_policy = 0x02;  // always-on (§28.2 byte 1 bits 6:5)
    std::uint8_t last_power_event = 0x00;
    std::uint8_t identify = 0;            // 0 off, 1 temporary, 2 indefinite
    std::uint8_t identify_seconds = 0;    // the last interval asked
    std::uint8_t restart_cause = 0x03;    // power-up via the power pushbutton
    std::uint32_t power_on_hours = 1234;  // one count an hour
    std::array<std::uint8_t, 5> boot_flags{};
    int control_requests = 0;          // Chassis Control requests that did something
    std::uint8_t last_control = 0xFF;  // the last action (Table 28-4), FFh none yet
};

class SimChassis {
public:
    // The reply to a chassis command (NetFn 00h); nullopt for others.
    std::optional<Response> handle(const Request& request);
    [[nodiscard]] const SimChassisState& state() const { return state_; }

private:
    Response status() const;
    Response control(const Request& request);
    Response identify(const Request& request);
    Response restore_policy(const Request& request);
    Response set_boot_options(const Request& request);
    Response get_boot_options(const Request& request) const;

    SimChassisState state_;
};

}  // namespace ipmiprov::bridge::sim

// The chassis replies (issue 23): Get Chassis Status (§28.2), Get System
// Restart Cause (§28.11), Get POH Counter (§28.14), Get System Boot Options
// boot flags (§28.13) and Set Power Restore Policy's supported policies
// (§28.8); and the audit log's words for any chassis request the daemon
// forwards. The first byte picks the decoder.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "provider/chassis/chassis.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ipmiprov::provider::chassis;
    ipmiprov::fuzz::FuzzInput input(data, size);
    const auto which = input.byte() % 6;
    const auto reply = input.rest();
    switch (which) {
        case 0:
            if (auto status = decode_chassis_status(reply); status.ok()) (void)last_power_event_names(*status);
            break;
        case 1:
            if (auto cause = decode_restart_cause(reply); cause.ok()) (void)cause->text();
            break;
        case 2:
            if (auto poh = decode_poh_counter(reply); poh.ok()) (void)poh->minutes();
            break;
        case 3:
            // Flags decoded, requested and described again: the same device.
            if (auto flags = decode_boot_flags(reply); flags.ok()) {
                const auto described = describe_control(boot_flags_request(*flags));
                if (!described || described->find(flags->device_name()) == std::string::npos) std::abort();
            }
            break;
        case 4:
            (void)decode_supported_policies(reply);
            break;
        default: {
            // A chassis request as a client may forward it: the command, then its data.
            if (reply.empty()) break;
            const ipmiprov::bridge::Request request{
                0x00, reply[0], 0, ipmiprov::bridge::Target::bmc(), {reply.begin() + 1, reply.end()}};
            // Every chassis command the audit log names has words, whatever its data.
            const auto words = describe_control(request);
            const bool named = request.cmd == kChassisControl || request.cmd == kChassisIdentify ||
                               request.cmd == kSetPowerRestorePolicy || request.cmd == kSetSystemBootOptions;
            if (named && (!words || words->empty())) std::abort();
            break;
        }
    }
    return 0;
}

// The "info" replies a walk starts from: Get SDR Repository Info (§33.9),
// Get Device SDR Info (§35.2), Get SEL Info (§31.2), Get SEL Allocation Info
// (§31.3) and Get Device ID (§20.1); and what comes before a session: the
// record list of Get Channel Cipher Suites (§22.15) and a whole reply packet
// outside a session (§13.6). The first byte picks the decoder.
#include <cstdint>

#include "bridge/cipher_suites.hpp"
#include "bridge/device_id.hpp"
#include "bridge/sessionless.hpp"
#include "fuzz_input.hpp"
#include "provider/sdr/repository.hpp"
#include "provider/sel/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ipmiprov;
    fuzz::FuzzInput input(data, size);
    const auto which = input.byte() % 7;
    const auto reply = input.rest();
    switch (which) {
        case 0:
            (void)provider::sdr::decode_repository_info(reply);
            break;
        case 1:
            (void)provider::sdr::decode_device_sdr_info(reply);
            break;
        case 2:
            (void)provider::sel::decode_sel_info(reply);
            break;
        case 3:
            (void)provider::sel::decode_allocation_info(reply);
            break;
        case 5: {
            const auto list = bridge::decode_cipher_suite_records(reply);
            (void)bridge::preferred_cipher_suite(list.suites);
            break;
        }
        case 6: {
            const bridge::Request request{0x06, 0x54, 0, bridge::Target::bmc(), {0x0E, 0x00, 0x80}};
            (void)bridge::decode_sessionless_reply(reply, request, 5);
            break;
        }
        default:
            (void)bridge::decode_device_id(reply);
            break;
    }
    return 0;
}

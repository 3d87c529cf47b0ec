// FRU data (issue 24): the first byte picks the path. 0-1: the bytes as a
// device's data, decoded, shown as text and as JSON (which must be valid
// UTF-8: nlohmann throws otherwise), and the decoder's own reading extent
// checked against the data. 2-3: the rest scripts a controller's replies to
// the FRU reader (Get FRU Inventory Area Info, Read FRU Data), whose image
// is then decoded the same way.
#include <cstdint>
#include <cstdlib>
#include <sstream>

#include "bridge/engine.hpp"
#include "fuzz_input.hpp"
#include "provider/fru/inventory.hpp"
#include "provider/fru/output.hpp"
#include "provider/fru/reader.hpp"
#include "scripted_bmc.hpp"

namespace {

using namespace ipmiprov::provider::fru;

void show(const DeviceReport& report) {
    std::ostringstream text;
    print_device(text, report);
    (void)device_json(report).dump();  // throws (abort) on anything but UTF-8
}

void decode(std::span<const std::uint8_t> data) {
    Image image;
    image.size = data.size();
    image.data.assign(data.begin(), data.end());
    const auto report_of = report(Device{}, image);
    show(report_of);
    // A multi-record lies within the data.
    for (const auto& record : report_of.inventory.records)
        if (record.offset + 5 + record.data.size() > data.size()) std::abort();
    if (bytes_needed(data) < 8) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ipmiprov::fuzz::FuzzInput input(data, size);
    const auto which = input.byte() % 4;
    if (which < 2) {
        decode(input.rest());
        return 0;
    }
    ipmiprov::bridge::Engine engine(std::make_unique<ipmiprov::fuzz::ScriptedBmc>(input),
                                    ipmiprov::fuzz::instant_engine_options());
    ReaderOptions options;
    options.sleep = [](std::chrono::milliseconds) {};
    options.whole_device = which == 3;
    Reader reader(engine, options);
    Device device;
    auto read = reader.read(device);
    if (read.ok() && read->data.size() > read->size) std::abort();
    show(report(device, std::move(read)));
    return 0;
}

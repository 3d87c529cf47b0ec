// The simulated BMC's fixture JSON (docs/simulated-bmc.md), which a user
// writes by hand: parsed, and when it parses, served as a BMC and read whole
// through the CIM model, as `ipmiprov --sim FILE cim enumerate` would. A
// fixture can make any chain (loops, early ends) and any fault, so this also
// drives the SDR walk and the SEL reader over a BMC that answers correctly
// but strangely.
#include <cstdint>
#include <memory>

#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "fuzz_input.hpp"
#include "provider/cim/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ipmiprov;
    auto fixture = bridge::sim::parse_fixture(fuzz::as_text({data, size}));
    if (!fixture.ok()) return 0;
    bridge::EngineOptions options;
    options.retries = 1;
    options.sleep = [](std::chrono::milliseconds) {};
    bridge::Engine engine(
        bridge::sim::make_sim_transport(std::make_shared<bridge::sim::SimBmc>(std::move(fixture.value())), "fuzz"),
        options);
    provider::cim::EngineSourceOptions source_options;
    source_options.cache.use = false;
    provider::cim::EngineDataSource source(engine, source_options);
    provider::cim::CimModel model(source);
    for (const char* class_name : {"CIM_Sensor", "IPMIProv_LogRecord"}) (void)model.enumerate(class_name);
    return 0;
}

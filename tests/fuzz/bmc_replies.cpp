// A BMC that answers whatever the input says (scripted_bmc.hpp): replies to
// requests never sent, lengths that lie, record-ID chains that loop or jump,
// reservations lost at random, timeouts. The whole path from the engine
// through the SDR walk, sensor readings, the SEL reader and the CIM mapping
// must end (every loop is bounded), and every instance it produces must still
// conform to our MOF.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "provider/cim/model.hpp"
#include "provider/cim/render.hpp"
#include "provider/cim/schema.hpp"
#include "provider/sel/reader.hpp"
#include "scripted_bmc.hpp"

namespace ipmiprov::fuzz {
namespace {

// Everything we serve must stay what the MOF declares, whatever the BMC said.
void require_conforming(const bridge::Result<std::vector<provider::cim::Instance>>& instances) {
    if (!instances.ok()) return;
    for (const auto& instance : instances.value()) {
        const auto problems = provider::cim::schema_problems(provider::cim::ipmiprov_schema(), instance);
        if (!problems.empty()) {
            std::fprintf(stderr, "instance does not conform: %s\n", problems.front().c_str());
            std::abort();
        }
    }
    (void)provider::cim::instances_json(instances.value());
}

}  // namespace

void read_everything(bridge::Engine& engine) {
    provider::cim::EngineSourceOptions source_options;
    source_options.system = {"fuzz", "Other", "fuzz"};
    source_options.cache.use = false;
    provider::cim::EngineDataSource source(engine, source_options);
    provider::cim::CimModel model(source);
    for (const char* class_name : {"CIM_Sensor", "IPMIProv_RecordLog", "IPMIProv_LogRecord"})
        require_conforming(model.enumerate(class_name));

    provider::sel::SelReader reader(engine);
    if (auto all = reader.read_all(); all.ok()) (void)reader.read_new(all->position);
}

}  // namespace ipmiprov::fuzz

#ifndef IPMIPROV_RECORD_SEED
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ipmiprov;
    fuzz::FuzzInput input(data, size);
    bridge::Engine engine(std::make_unique<fuzz::ScriptedBmc>(input), fuzz::instant_engine_options());
    fuzz::read_everything(engine);
    return 0;
}
#endif

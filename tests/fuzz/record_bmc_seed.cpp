// Writes a seed for the bmc_replies target: the replies of the built-in
// simulated BMC (or a fixture named on the command line) to everything the
// target asks, in the script format of scripted_bmc.hpp, to standard output.
#include <cstdio>
#include <memory>

#include "bridge/sim_bmc.hpp"
#include "scripted_bmc.hpp"

int main(int argc, char** argv) {
    using namespace ipmiprov;
    auto fixture = argc > 1
                       ? bridge::sim::load_fixture(argv[1])  // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic)
                       : bridge::sim::builtin_fixture();
    if (!fixture.ok()) {
        std::fprintf(stderr, "%s\n", fixture.error().message.c_str());
        return 1;
    }
    std::vector<std::uint8_t> script;
    auto sim =
        bridge::sim::make_sim_transport(std::make_shared<bridge::sim::SimBmc>(std::move(fixture.value())), "sim");
    bridge::Engine engine(std::make_unique<fuzz::RecordingBmc>(std::move(sim), script), fuzz::instant_engine_options());
    fuzz::read_everything(engine);
    std::fwrite(script.data(), 1, script.size(), stdout);
    return 0;
}

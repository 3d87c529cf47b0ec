// The CIM model over the built-in simulated BMC, as the chassis and power
// tests use it: the BMC (to look at its chassis and count its requests),
// an Engine, a source that reads it without an SDR cache, the model.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "bridge/engine.hpp"
#include "bridge/sim_bmc.hpp"
#include "provider/cim/model.hpp"

namespace ipmiprov::provider::cim {

struct SimCimModel : ::testing::Test {
    std::shared_ptr<bridge::sim::SimBmc> bmc = std::make_shared<bridge::sim::SimBmc>(*bridge::sim::builtin_fixture());
    bridge::Engine engine{bridge::sim::make_sim_transport(bmc, "sim"), {}};
    const SystemIdentity system{"host1", "IP", "sim"};
    EngineDataSource source{engine, [this] {
                                EngineSourceOptions options;
                                options.system = system;
                                options.cache.use = false;
                                return options;
                            }()};
    CimModel model{source};
};

}  // namespace ipmiprov::provider::cim

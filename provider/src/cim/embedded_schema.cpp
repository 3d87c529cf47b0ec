#include <cstdio>
#include <cstdlib>

#include "embedded_mof.hpp"
#include "provider/cim/schema.hpp"

namespace ipmiprov::provider::cim {
namespace {

Schema load_embedded() {
    Schema schema;
    for (const auto& status : {schema.add_mof(embedded::kDeviceMof, kDeviceNamespace, "ipmiprov.mof"),
                               schema.add_mof(embedded::kInventoryMof, kDeviceNamespace, "ipmiprov-inventory.mof"),
                               schema.add_mof(embedded::kInteropMof, kInteropNamespace, "ipmiprov-interop.mof")}) {
        if (!status.ok()) {
            // The MOFs are part of the build; a unit test parses them, so this
            // only fires for a build from an edited, untested tree.
            std::fprintf(stderr, "ipmiprov: the embedded CIM schema does not parse: %s\n",
                         status.error().message.c_str());
            std::abort();
        }
    }
    return schema;
}

}  // namespace

const Schema& ipmiprov_schema() {
    static const Schema schema = load_embedded();
    return schema;
}

}  // namespace ipmiprov::provider::cim

// The CMPI Indication MI of libipmiprov_cmpi.so driven as a CIM server
// drives it (activate, enable/disable, deactivate), through ipmiprovd in
// front of ipmi_sim: each entry added to the simulator's SEL is delivered
// as an IPMIProv_InstCreation embedding its IPMIProv_LogRecord, and a
// critical one also as an IPMIProv_AlertIndication on its sensor; nothing
// is delivered while indications are disabled or after the last filter.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cmpi_test_broker.hpp"
#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using CreateIndicationMI = CMPIIndicationMI* (*)(const CMPIBroker*, const CMPIContext*, CMPIStatus*);

CreateIndicationMI indication_factory() {
    static void* handle = dlopen(IPMIPROV_CMPI_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    auto* symbol = dlsym(handle, "IPMIProv_Provider_Create_IndicationMI");
    if (symbol == nullptr) throw std::runtime_error("IPMIProv_Provider_Create_IndicationMI is not exported");
    return reinterpret_cast<CreateIndicationMI>(symbol);
}

void set_env(const char* name, const std::string& value) {
    ::setenv(name, value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): set before the provider reads it
}

// Add SEL Entry through ipmitool: a system event record with these bytes 7..16
// (generator 20h, revision 04h, then sensor type, number, event type, data 1-3).
void add_entry(const IpmiSim& sim, const std::vector<std::string>& event) {
    auto args = concat(sim.ipmitool(), {"raw", "0x0a", "0x44", "0", "0", "2", "0", "0", "0", "0", "0x20", "0", "4"});
    args = concat(args, event);
    auto added = run(args);
    ASSERT_EQ(added.exit_code, 0) << added.err;
}

const std::vector<std::string> kPresence{"8", "4", "0x6f", "0", "0xff", "0xff"};     // PS1 Status: presence detected
const std::vector<std::string> kCpuCritical{"1", "1", "1", "0x09", "0x5b", "0x5a"};  // CPU Temp: UCR going high

TEST(CmpiIndications, AnActiveFilterDeliversEachNewEntryAndAnAlertForACriticalOne) {
    IpmiSim sim(IPMIPROV_IPMISIM_FIXTURE);
    TempDir dir("ipmiprov-cmpi-indications-");
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(), {"--sel-interval", "1"});
    set_env("IPMIPROV_CMPI_CONFIG", "/dev/null");
    set_env("IPMIPROV_SOURCE", "daemon");
    set_env("IPMIPROV_DAEMON_SOCKET", daemon.socket());
    TestBroker broker;
    CMPIStatus rc{};
    CMPIIndicationMI* mi = indication_factory()(broker.broker(), broker.context(), &rc);
    ASSERT_NE(mi, nullptr);
    auto* class_path = broker.path("root/cimv2", "IPMIProv_InstCreation");
    rc = mi->ft->activateFilter(mi, broker.context(), nullptr, "IPMIProv_InstCreation", class_path, 1);
    ASSERT_EQ(rc.rc, CMPI_RC_OK) << TestBroker::text(rc.msg);
    EXPECT_EQ(mi->ft->enableIndications(mi, broker.context()).rc, CMPI_RC_OK);
    EXPECT_EQ(mi->ft->mustPoll(mi, broker.context(), nullptr, "IPMIProv_InstCreation", class_path).rc,
              CMPI_RC_ERR_NOT_SUPPORTED)
        << "pushed, never polled";

    add_entry(sim, kPresence);
    add_entry(sim, kCpuCritical);
    const auto delivered = broker.wait_for_indications(3, 15s);
    ASSERT_EQ(delivered.size(), 3U) << daemon.log();
    for (const auto& d : delivered) EXPECT_EQ(d.name_space, "root/cimv2");
    const auto& presence = delivered[0].indication;
    EXPECT_EQ(presence["class"], "IPMIProv_InstCreation");
    EXPECT_EQ(presence["properties"]["SourceInstance"]["class"], "IPMIProv_LogRecord") << presence.dump();
    EXPECT_EQ(presence["properties"]["SourceInstance"]["properties"]["SensorElementName"], "PS1 Status");
    EXPECT_NE(presence["properties"]["SourceInstanceModelPath"].get<std::string>().find("IPMIProv_LogRecord"),
              std::string::npos);
    EXPECT_EQ(delivered[1].indication["class"], "IPMIProv_InstCreation");
    const auto& alert = delivered[2].indication;
    ASSERT_EQ(alert["class"], "IPMIProv_AlertIndication") << alert.dump();
    EXPECT_EQ(alert["properties"]["PerceivedSeverity"], 6);
    EXPECT_EQ(alert["properties"]["AlertType"], 6);
    EXPECT_EQ(alert["properties"]["ProbableCause"], 51);
    EXPECT_EQ(alert["properties"]["AlertingElementFormat"], 2);
    const auto element = alert["properties"]["AlertingManagedElement"].get<std::string>();
    EXPECT_NE(element.find("IPMIProv_NumericSensor"), std::string::npos) << element;
    EXPECT_NE(element.find("DeviceID=\"1.0.32\""), std::string::npos) << element;
    EXPECT_NE(alert["properties"]["Message"].get<std::string>().find("CPU Temp"), std::string::npos);

    // Disabled: nothing reaches the broker.
    EXPECT_EQ(mi->ft->disableIndications(mi, broker.context()).rc, CMPI_RC_OK);
    add_entry(sim, kPresence);
    EXPECT_EQ(broker.wait_for_indications(4, 3500ms).size(), 3U);
    EXPECT_EQ(mi->ft->enableIndications(mi, broker.context()).rc, CMPI_RC_OK);
    add_entry(sim, kPresence);
    const auto after_enable = broker.wait_for_indications(4, 10s);
    ASSERT_EQ(after_enable.size(), 4U);
    // The one added after enabling, not the one added while disabled.
    const auto record_id = [](const json& creation) {
        return std::stoi(creation["properties"]["SourceInstance"]["properties"]["RecordID"].get<std::string>());
    };
    EXPECT_EQ(record_id(after_enable[3].indication), record_id(delivered[1].indication) + 2);

    // The last filter gone: the delivery thread detaches and nothing more comes.
    rc = mi->ft->deActivateFilter(mi, broker.context(), nullptr, "IPMIProv_InstCreation", class_path, 1);
    EXPECT_EQ(rc.rc, CMPI_RC_OK);
    EXPECT_EQ(broker.threads(), std::make_pair(1, 1));
    add_entry(sim, kPresence);
    EXPECT_EQ(broker.wait_for_indications(5, 3s).size(), 4U);
    EXPECT_EQ(mi->ft->cleanup(mi, broker.context(), 1).rc, CMPI_RC_OK);
}

TEST(CmpiIndications, AFilterWithNoDaemonToSubscribeToIsAnErrorNotACrash) {
    set_env("IPMIPROV_CMPI_CONFIG", "/dev/null");
    set_env("IPMIPROV_SOURCE", "daemon");
    set_env("IPMIPROV_DAEMON_SOCKET", "/nonexistent/ipmiprovd.sock");
    TestBroker broker;
    CMPIStatus rc{};
    CMPIIndicationMI* mi = indication_factory()(broker.broker(), broker.context(), &rc);
    ASSERT_NE(mi, nullptr);
    auto* class_path = broker.path("root/cimv2", "IPMIProv_AlertIndication");
    rc = mi->ft->activateFilter(mi, broker.context(), nullptr, "IPMIProv_AlertIndication", class_path, 1);
    EXPECT_EQ(rc.rc, CMPI_RC_ERR_FAILED);
    EXPECT_NE(TestBroker::text(rc.msg).find("/nonexistent/ipmiprovd.sock"), std::string::npos)
        << TestBroker::text(rc.msg);
    EXPECT_EQ(broker.threads(), std::make_pair(0, 0));
    EXPECT_EQ(mi->ft->cleanup(mi, broker.context(), 1).rc, CMPI_RC_OK);
}

}  // namespace
}  // namespace ipmiprov::testing

// libipmiprov_cmpi.so loaded the way a CIM server loads a CMPI provider:
// dlopen, the <provider>_Create_<kind>MI factories, and a broker (written
// for the test) that receives the results. Every class through CMPI is what
// `ipmiprov cim enumerate` prints; keys as a broker passes them, writes,
// methods, association roles, errors as statuses; and, in front of ipmi_sim,
// through ipmiprovd, including a daemon that goes away and comes back.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "cmpi_test_args.hpp"
#include "cmpi_test_broker.hpp"
#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

using CreateInstanceMI = CMPIInstanceMI* (*)(const CMPIBroker*, const CMPIContext*, CMPIStatus*);
using CreateAssociationMI = CMPIAssociationMI* (*)(const CMPIBroker*, const CMPIContext*, CMPIStatus*);
using CreateMethodMI = CMPIMethodMI* (*)(const CMPIBroker*, const CMPIContext*, CMPIStatus*);

// The library and its factories, looked up by the registered provider name.
struct Library {
    void* handle = dlopen(IPMIPROV_CMPI_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    template <class F>
    F factory(const char* kind) {
        const std::string name = std::string("IPMIProv_Provider_Create_") + kind + "MI";
        auto* symbol = handle != nullptr ? dlsym(handle, name.c_str()) : nullptr;
        if (symbol == nullptr) throw std::runtime_error(name + " is not exported");
        return reinterpret_cast<F>(symbol);
    }
};

Library& library() {
    static Library loaded;
    if (loaded.handle == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    return loaded;
}

std::string message(const CMPIStatus& status) {
    return TestBroker::text(status.msg);
}

// The three MIs of one provider load, torn down with cleanup() as a broker does.
struct Provider {
    TestBroker broker;
    CMPIInstanceMI* instances = nullptr;
    CMPIAssociationMI* associations = nullptr;
    CMPIMethodMI* methods = nullptr;

    Provider() {
        CMPIStatus rc{};
        instances = library().factory<CreateInstanceMI>("Instance")(broker.broker(), broker.context(), &rc);
        associations = library().factory<CreateAssociationMI>("Association")(broker.broker(), broker.context(), &rc);
        methods = library().factory<CreateMethodMI>("Method")(broker.broker(), broker.context(), &rc);
        if (instances == nullptr || associations == nullptr || methods == nullptr)
            throw std::runtime_error("a factory returned no MI");
    }
    ~Provider() {
        EXPECT_EQ(instances->ft->cleanup(instances, broker.context(), 1).rc, CMPI_RC_OK);
        EXPECT_EQ(associations->ft->cleanup(associations, broker.context(), 1).rc, CMPI_RC_OK);
        EXPECT_EQ(methods->ft->cleanup(methods, broker.context(), 1).rc, CMPI_RC_OK);
    }
    Provider(const Provider&) = delete;
    Provider& operator=(const Provider&) = delete;

    json enumerate(const std::string& ns, const std::string& cls, CMPIStatus* status = nullptr) {
        auto& result = broker.new_result();
        const auto rc =
            instances->ft->enumerateInstances(instances, broker.context(), &result.c, broker.path(ns, cls), nullptr);
        if (status != nullptr) *status = rc;
        EXPECT_TRUE(status != nullptr || rc.rc == CMPI_RC_OK) << message(rc);
        json out = json::array();
        for (const auto* instance : result.instances) out.push_back(TestBroker::instance_json(instance));
        if (rc.rc == CMPI_RC_OK) {
            EXPECT_EQ(result.done_calls, 1);
        }
        return out;
    }
    std::vector<const CMPIObjectPath*> names(const std::string& ns, const std::string& cls) {
        auto& result = broker.new_result();
        const auto rc =
            instances->ft->enumerateInstanceNames(instances, broker.context(), &result.c, broker.path(ns, cls));
        EXPECT_EQ(rc.rc, CMPI_RC_OK) << message(rc);
        return result.paths;
    }
    const CMPIInstance* get(const CMPIObjectPath* op, CMPIStatus& status, const char** properties = nullptr) {
        auto& result = broker.new_result();
        status = instances->ft->getInstance(instances, broker.context(), &result.c, op, properties);
        return result.instances.size() == 1 ? result.instances[0] : nullptr;
    }
    std::size_t associator_names(const CMPIObjectPath* op, const char* assoc, const char* role,
                                 const char* result_role) {
        auto& result = broker.new_result();
        const auto rc = associations->ft->associatorNames(associations, broker.context(), &result.c, op, assoc, nullptr,
                                                          role, result_role);
        EXPECT_EQ(rc.rc, CMPI_RC_OK) << message(rc);
        EXPECT_EQ(result.done_calls, 1);
        return result.paths.size();
    }
    CMPIStatus invoke(const CMPIObjectPath* op, const char* method, std::vector<CMPIData>& returned,
                      const CMPIArgs* in = nullptr, CMPIArgs* out = nullptr) {
        auto& result = broker.new_result();
        const auto rc = methods->ft->invokeMethod(methods, broker.context(), &result.c, op, method, in, out);
        returned = result.data;
        return rc;
    }
};

void set_env(const char* name, const std::string& value) {
    ::setenv(name, value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): tests set it before the provider reads it
}

json cli_json(const std::vector<std::string>& args) {
    auto result = run(concat({IPMIPROV_BIN}, args), 60s);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out);
}

// The provider reads the simulated BMC of the built-in fixture.
struct CmpiOverSim : ::testing::Test {
    CmpiOverSim() {
        set_env("IPMIPROV_CMPI_CONFIG", "/dev/null");
        set_env("IPMIPROV_SOURCE", "sim");
        set_env("IPMIPROV_SIM_FIXTURE", "builtin");
        set_env("IPMIPROV_CACHE_DIR", "");
        ::unsetenv("IPMIPROV_DAEMON_SOCKET");  // NOLINT(concurrency-mt-unsafe)
    }
    Provider provider;
    std::vector<std::string> sim_cli{"--sim", "builtin", "--no-cache", "--no-daemon"};

    const CMPIObjectPath* volts_path(const std::string& device_id = "2.0.32") {
        auto* op = provider.broker.path("root/cimv2", "IPMIProv_NumericSensor");
        const auto system =
            cli_json(concat(sim_cli, {"cim", "enumerate", "IPMIProv_ComputerSystem", "--format", "json"}));
        provider.broker.add_string_key(op, "SystemCreationClassName", "IPMIProv_ComputerSystem");
        provider.broker.add_string_key(op, "SystemName", system[0]["properties"]["Name"]);
        provider.broker.add_string_key(op, "CreationClassName", "IPMIProv_NumericSensor");
        provider.broker.add_string_key(op, "DeviceID", device_id);
        return op;
    }
};

TEST_F(CmpiOverSim, EveryClassIsWhatTheCliPrints) {
    const auto classes = cli_json(concat(sim_cli, {"cim", "classes", "--format", "json"}));
    ASSERT_EQ(classes.size(), 32U) << "30 with instances, 2 indications (none enumerated)";
    std::size_t instances = 0;
    for (const auto& entry : classes) {
        const std::string cls = entry["class"];
        SCOPED_TRACE(cls);
        const auto through_cmpi = provider.enumerate(entry["namespace"], cls);
        const auto cli = cli_json(concat(sim_cli, {"cim", "enumerate", cls, "--format", "json"}));
        EXPECT_EQ(through_cmpi, cli);
        const auto paths = provider.names(entry["namespace"], cls);
        ASSERT_EQ(paths.size(), cli.size());
        for (std::size_t i = 0; i < paths.size(); ++i) EXPECT_EQ(TestBroker::path_json(paths[i]), cli[i]["path"]);
        instances += through_cmpi.size();
    }
    EXPECT_GT(instances, 40U);
}

TEST_F(CmpiOverSim, GetFindsTheInstanceFromKeysAsABrokerPassesThem) {
    CMPIStatus status{};
    const auto* volts = provider.get(volts_path(), status);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    ASSERT_NE(volts, nullptr);
    EXPECT_EQ(TestBroker::instance_json(volts)["properties"]["CurrentReading"], 11970);

    // A property list keeps those properties and the keys.
    const char* wanted[] = {"CurrentReading", nullptr};
    const auto* narrow = provider.get(volts_path(), status, wanted);
    ASSERT_NE(narrow, nullptr);
    const auto properties = TestBroker::instance_json(narrow)["properties"];
    EXPECT_TRUE(properties.contains("CurrentReading"));
    EXPECT_TRUE(properties.contains("DeviceID"));
    EXPECT_FALSE(properties.contains("UpperThresholdCritical"));

    // A log record, with its datetime key, from the paths the provider gave.
    const auto records = provider.names("root/cimv2", "IPMIProv_LogRecord");
    ASSERT_FALSE(records.empty());
    const auto* record = provider.get(records.back(), status);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    EXPECT_EQ(TestBroker::path_json(records.back()), TestBroker::instance_json(record)["path"]);

    EXPECT_EQ(provider.get(volts_path("9.9.9"), status), nullptr);
    EXPECT_EQ(status.rc, CMPI_RC_ERR_NOT_FOUND);
    EXPECT_NE(message(status).find("no IPMIProv_NumericSensor with"), std::string::npos) << message(status);
}

TEST_F(CmpiOverSim, ModifyWritesWhatChangedInTheWholeInstance) {
    CMPIStatus status{};
    const auto* volts = provider.get(volts_path(), status);
    ASSERT_NE(volts, nullptr);
    // What a WS-Man Put sends: the instance as read, one threshold changed.
    CMPIValue lower{};
    lower.sint32 = 11277;
    ASSERT_EQ(volts->ft->setProperty(volts, "LowerThresholdNonCritical", &lower, CMPI_sint32).rc, CMPI_RC_OK);
    auto& none = provider.broker.new_result();
    status = provider.instances->ft->modifyInstance(provider.instances, provider.broker.context(), &none.c,
                                                    volts_path(), volts, nullptr);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    const auto* after = provider.get(volts_path(), status);
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(TestBroker::instance_json(after)["properties"]["LowerThresholdNonCritical"], 11277);

    // A read-only property the client really changed is refused with its name.
    CMPIValue type{};
    type.uint16 = 99;
    ASSERT_EQ(after->ft->setProperty(after, "SensorType", &type, CMPI_uint16).rc, CMPI_RC_OK);
    status = provider.instances->ft->modifyInstance(provider.instances, provider.broker.context(), &none.c,
                                                    volts_path(), after, nullptr);
    EXPECT_EQ(status.rc, CMPI_RC_ERR_INVALID_PARAMETER);
    EXPECT_NE(message(status).find("SensorType is read-only"), std::string::npos) << message(status);
}

// A BMC that does not report the identify state gives the LED no
// ActivationState; a Put that sets one is still a write (the class writes
// it), not a server's default to skip. Here the first Get Chassis Status is
// refused, and the session keeps that answer (the enumeration, the Get, the
// Put's own look) until the identify write; the write is then read back.
TEST_F(CmpiOverSim, AnLedWithoutAReportedStateIsStillWritten) {
    TempDir dir("ipmiprov-cmpi-led-");
    const auto fixture = dir.path() / "no-chassis-status.json";
    std::ofstream(fixture) << R"({"faults": {"rules": [{"netfn": 0, "cmd": 1, "completion_code": 193, "times": 1}]}})";
    set_env("IPMIPROV_SIM_FIXTURE", fixture.string());
    Provider own;
    const auto leds = own.names("root/cimv2", "IPMIProv_IndicatorLED");
    ASSERT_EQ(leds.size(), 1U);
    CMPIStatus status{};
    const auto* led = own.get(leds[0], status);
    ASSERT_NE(led, nullptr) << message(status);
    EXPECT_FALSE(TestBroker::instance_json(led)["properties"].contains("ActivationState"));
    CMPIValue blinking{};
    blinking.uint16 = 3;
    ASSERT_EQ(led->ft->setProperty(led, "ActivationState", &blinking, CMPI_uint16).rc, CMPI_RC_OK);
    auto& none = own.broker.new_result();
    status = own.instances->ft->modifyInstance(own.instances, own.broker.context(), &none.c, leds[0], led, nullptr);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    const auto* after = own.get(leds[0], status);
    ASSERT_NE(after, nullptr) << message(status);
    EXPECT_EQ(TestBroker::instance_json(after)["properties"]["ActivationState"], 3) << "the identify is on";
}

// What a WS-Man Put through a CIM server sends: the instance as Get returned
// it, with the MOF's defaults the server adds (TransitioningToState), and,
// on real hardware, a reading that moved since the Get. Neither is a change.
TEST_F(CmpiOverSim, APutOfWhatGetReturnedIsNoChangeEvenWhenTheReadingMoved) {
    CMPIStatus status{};
    const auto* volts = provider.get(volts_path(), status);
    ASSERT_NE(volts, nullptr) << message(status);
    CMPIValue transitioning{};
    transitioning.uint16 = 12;  // CIM_EnabledLogicalElement's default: Not Applicable
    ASSERT_EQ(volts->ft->setProperty(volts, "TransitioningToState", &transitioning, CMPI_uint16).rc, CMPI_RC_OK);
    auto& none = provider.broker.new_result();
    status = provider.instances->ft->modifyInstance(provider.instances, provider.broker.context(), &none.c,
                                                    volts_path(), volts, nullptr);
    EXPECT_EQ(status.rc, CMPI_RC_OK) << message(status);

    const auto before = TestBroker::instance_json(volts)["properties"];
    CMPIValue moved{};
    moved.sint32 = before["CurrentReading"].get<std::int32_t>() + 1000;
    ASSERT_EQ(volts->ft->setProperty(volts, "CurrentReading", &moved, CMPI_sint32).rc, CMPI_RC_OK);
    ASSERT_EQ(volts->ft->setProperty(volts, "HealthState", &transitioning, CMPI_uint16).rc, CMPI_RC_OK);
    CMPIValue lower{};
    lower.sint32 = before["LowerThresholdNonCritical"].get<std::int32_t>() - 63;  // one raw step
    ASSERT_EQ(volts->ft->setProperty(volts, "LowerThresholdNonCritical", &lower, CMPI_sint32).rc, CMPI_RC_OK);
    status = provider.instances->ft->modifyInstance(provider.instances, provider.broker.context(), &none.c,
                                                    volts_path(), volts, nullptr);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    const auto* after = provider.get(volts_path(), status);
    ASSERT_NE(after, nullptr) << message(status);
    EXPECT_EQ(TestBroker::instance_json(after)["properties"]["LowerThresholdNonCritical"], lower.sint32);
}

// The changes of one Put are collected before they are written, in a vector
// that grows: each must still name its own property and value after it moved
// (under ASan, a pointer left into a moved property is a use-after-free).
TEST_F(CmpiOverSim, ModifyWithTwoAndThreeChangedPropertiesWritesOrRefusesEachByName) {
    CMPIStatus status{};
    const auto* volts = provider.get(volts_path(), status);
    ASSERT_NE(volts, nullptr) << message(status);
    const auto before = TestBroker::instance_json(volts)["properties"];
    // Three raw steps of the built-in fixture's 12 V sensor (63 mV a step): values it can hold exactly.
    constexpr std::int32_t kSteps = 3 * 63;
    const auto lower = before["LowerThresholdNonCritical"].get<std::int32_t>() - kSteps;
    const auto upper = before["UpperThresholdNonCritical"].get<std::int32_t>() + kSteps;
    CMPIValue value{};
    value.sint32 = lower;
    ASSERT_EQ(volts->ft->setProperty(volts, "LowerThresholdNonCritical", &value, CMPI_sint32).rc, CMPI_RC_OK);
    value.sint32 = upper;
    ASSERT_EQ(volts->ft->setProperty(volts, "UpperThresholdNonCritical", &value, CMPI_sint32).rc, CMPI_RC_OK);
    auto& none = provider.broker.new_result();
    status = provider.instances->ft->modifyInstance(provider.instances, provider.broker.context(), &none.c,
                                                    volts_path(), volts, nullptr);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    const auto* after = provider.get(volts_path(), status);
    ASSERT_NE(after, nullptr) << message(status);
    const auto written = TestBroker::instance_json(after)["properties"];
    EXPECT_EQ(written["LowerThresholdNonCritical"], lower);
    EXPECT_EQ(written["UpperThresholdNonCritical"], upper);

    // Three changes, the first a read-only property with a short name (kept
    // inside its std::string): refused with exactly that name, nothing written.
    const auto* again = provider.get(volts_path(), status);
    ASSERT_NE(again, nullptr) << message(status);
    ASSERT_EQ(again->ft->setProperty(again, "ElementName", reinterpret_cast<const CMPIValue*>("x"), CMPI_chars).rc,
              CMPI_RC_OK);
    value.sint32 = lower - kSteps;
    ASSERT_EQ(again->ft->setProperty(again, "LowerThresholdNonCritical", &value, CMPI_sint32).rc, CMPI_RC_OK);
    value.sint32 = upper + kSteps;
    ASSERT_EQ(again->ft->setProperty(again, "UpperThresholdNonCritical", &value, CMPI_sint32).rc, CMPI_RC_OK);
    const char* three[] = {"ElementName", "LowerThresholdNonCritical", "UpperThresholdNonCritical", nullptr};
    status = provider.instances->ft->modifyInstance(provider.instances, provider.broker.context(), &none.c,
                                                    volts_path(), again, three);
    EXPECT_EQ(status.rc, CMPI_RC_ERR_INVALID_PARAMETER);
    EXPECT_NE(message(status).find("IPMIProv_NumericSensor.ElementName is read-only"), std::string::npos)
        << message(status);
    const auto* unchanged = provider.get(volts_path(), status);
    ASSERT_NE(unchanged, nullptr) << message(status);
    EXPECT_EQ(TestBroker::instance_json(unchanged)["properties"]["LowerThresholdNonCritical"],
              written["LowerThresholdNonCritical"]);
}

TEST_F(CmpiOverSim, AssociationsHonourRoles) {
    const auto systems = provider.names("root/cimv2", "IPMIProv_ComputerSystem");
    ASSERT_EQ(systems.size(), 1U);
    // The devices, the identify LED and the BMC.
    const auto devices = provider.names("root/cimv2", "IPMIProv_NumericSensor").size() +
                         provider.names("root/cimv2", "IPMIProv_Sensor").size() + 2;
    const auto* system = systems[0];
    EXPECT_EQ(provider.associator_names(system, "IPMIProv_SystemDevice", nullptr, nullptr), devices);
    EXPECT_EQ(provider.associator_names(system, "IPMIProv_SystemDevice", "GroupComponent", "PartComponent"), devices);
    EXPECT_EQ(provider.associator_names(system, "IPMIProv_SystemDevice", "PartComponent", nullptr), 0U);

    auto& refs = provider.broker.new_result();
    auto status = provider.associations->ft->referenceNames(provider.associations, provider.broker.context(), &refs.c,
                                                            system, "IPMIProv_SystemDevice", "GroupComponent");
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    EXPECT_EQ(refs.paths.size(), devices);

    // Instances, compared with the CLI.
    auto& related = provider.broker.new_result();
    status = provider.associations->ft->associators(provider.associations, provider.broker.context(), &related.c,
                                                    system, "IPMIProv_UseOfLog", nullptr, nullptr, nullptr, nullptr);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    ASSERT_EQ(related.instances.size(), 1U);
    const auto cli = cli_json(concat(sim_cli, {"cim", "associators", "IPMIProv_ComputerSystem", "--assoc-class",
                                               "IPMIProv_UseOfLog", "--format", "json"}));
    EXPECT_EQ(json::array({TestBroker::instance_json(related.instances[0])}), cli);

    // A source another provider serves has no associations here, and no error.
    auto* foreign = provider.broker.path("root/cimv2", "PG_ComputerSystem");
    provider.broker.add_string_key(foreign, "Name", "elsewhere");
    EXPECT_EQ(provider.associator_names(foreign, nullptr, nullptr, nullptr), 0U);
}

TEST_F(CmpiOverSim, ClearLogReturnsItsValue) {
    const auto logs = provider.names("root/cimv2", "IPMIProv_RecordLog");
    ASSERT_EQ(logs.size(), 1U);
    std::vector<CMPIData> returned;
    const auto status = provider.invoke(logs[0], "ClearLog", returned);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    ASSERT_EQ(returned.size(), 1U);
    EXPECT_EQ(returned[0].type, CMPI_uint32);
    EXPECT_EQ(returned[0].value.uint32, 0U);

    const auto wrong = provider.invoke(logs[0], "Explode", returned);
    EXPECT_NE(wrong.rc, CMPI_RC_OK);
    EXPECT_NE(message(wrong).find("Explode"), std::string::npos) << message(wrong);
}

// Issue 23: a method's IN arguments as a broker passes them (a reference
// among them) reach the model, typed; what it refuses is a status.
TEST_F(CmpiOverSim, RequestPowerStateChangeTakesItsArgumentsFromTheBroker) {
    const auto services = provider.names("root/cimv2", "IPMIProv_PowerManagementService");
    const auto systems = provider.names("root/cimv2", "IPMIProv_ComputerSystem");
    ASSERT_EQ(services.size(), 1U);
    ASSERT_EQ(systems.size(), 1U);
    TestArgs in(provider.broker.broker());
    CMPIValue state{};
    state.uint16 = 6;  // Off - Hard
    in.add("PowerState", state, CMPI_uint16);
    CMPIValue element{};
    element.ref = const_cast<CMPIObjectPath*>(systems[0]);  // NOLINT: CMPIValue holds a non-const path
    in.add("ManagedElement", element, CMPI_ref);
    TestArgs out(provider.broker.broker());
    std::vector<CMPIData> returned;
    const auto status = provider.invoke(services[0], "RequestPowerStateChange", returned, in.args(), out.args());
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    ASSERT_EQ(returned.size(), 1U);
    EXPECT_EQ(returned[0].value.uint32, 0U);
    EXPECT_TRUE(out.items().empty()) << "no Job: done when the BMC took it";
    // (Each MI has a session of its own, here each its own simulated BMC: the
    // chassis this turned off is seen through one session in the ABI test.)

    // The reference arrives as a path: one that is not the system is named.
    TestArgs elsewhere(provider.broker.broker());
    elsewhere.add("PowerState", state, CMPI_uint16);
    CMPIValue service{};
    service.ref = const_cast<CMPIObjectPath*>(services[0]);  // NOLINT: CMPIValue holds a non-const path
    elsewhere.add("ManagedElement", service, CMPI_ref);
    const auto wrong = provider.invoke(services[0], "RequestPowerStateChange", returned, elsewhere.args(), out.args());
    EXPECT_EQ(wrong.rc, CMPI_RC_ERR_INVALID_PARAMETER);
    EXPECT_NE(message(wrong).find("ManagedElement must be the system"), std::string::npos) << message(wrong);

    TestArgs sleep(provider.broker.broker());
    CMPIValue three{};
    three.uint16 = 3;  // Sleep - Light: no IPMI action
    sleep.add("PowerState", three, CMPI_uint16);
    const auto refused = provider.invoke(services[0], "RequestPowerStateChange", returned, sleep.args(), out.args());
    EXPECT_EQ(refused.rc, CMPI_RC_ERR_INVALID_PARAMETER);
    EXPECT_NE(message(refused).find("PowerState 3 is not one ipmiprov can request"), std::string::npos)
        << message(refused);
}

// The raw request method through CMPI: IN bytes as a CMPI uint8 array, OUT
// arguments as the CLI prints them for the same request.
TEST_F(CmpiOverSim, RequestResponseTakesAndGivesBytes) {
    const auto bmcs = provider.names("root/cimv2", "IPMIProv_BMC");
    ASSERT_EQ(bmcs.size(), 1U);
    const auto* broker = provider.broker.broker();
    TestArgs in(broker);
    in.add_uint8("NetworkFunction", 6);
    in.add_uint8("Command", 1);
    TestArgs out(broker);
    std::vector<CMPIData> returned;
    auto status = provider.invoke(bmcs[0], "RequestResponse", returned, in.args(), out.args());
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    ASSERT_EQ(returned.size(), 1U);
    EXPECT_EQ(returned[0].value.uint32, 0U);
    std::map<std::string, CMPIData> got(out.items().begin(), out.items().end());
    ASSERT_EQ(got.count("CompletionCode"), 1U);
    EXPECT_EQ(got["CompletionCode"].type, CMPI_uint8);
    EXPECT_EQ(got["CompletionCode"].value.uint8, 0);
    ASSERT_EQ(got.count("ResponseData"), 1U);
    ASSERT_EQ(got["ResponseData"].type, (CMPI_uint8 | CMPI_ARRAY));
    const auto* bytes = got["ResponseData"].value.array;
    std::string text = "{";
    for (CMPICount i = 0; i < bytes->ft->getSize(bytes, nullptr); ++i)
        text += (i ? ", " : "") + std::to_string(bytes->ft->getElementAt(bytes, i, nullptr).value.uint8);
    EXPECT_EQ(got["ResponseDataSize"].value.uint32, bytes->ft->getSize(bytes, nullptr));
    const auto cli = cli_json(concat(sim_cli, {"cim", "invoke", "IPMIProv_BMC", "RequestResponse", "--param",
                                               "NetworkFunction=6", "--param", "Command=1", "--format", "json"}));
    EXPECT_EQ(cli["OutParameters"]["ResponseData"], text + "}");

    // Chassis Identify for 5 s: one data byte in a CMPI array, checked against RequestDataSize.
    auto* data = broker->eft->newArray(broker, 1, CMPI_uint8, nullptr);
    CMPIValue five{};
    five.uint8 = 5;
    data->ft->setElementAt(data, 0, &five, CMPI_uint8);
    TestArgs identify(broker);
    identify.add_uint8("NetworkFunction", 0);
    identify.add_uint8("Command", 4);
    CMPIValue array{};
    array.array = data;
    identify.add("RequestData", array, (CMPI_uint8 | CMPI_ARRAY));
    identify.add_uint32("RequestDataSize", 2);
    TestArgs none(broker);
    status = provider.invoke(bmcs[0], "RequestResponse", returned, identify.args(), none.args());
    EXPECT_EQ(status.rc, CMPI_RC_ERR_INVALID_PARAMETER);
    EXPECT_NE(message(status).find("RequestDataSize must be RequestData's length, 1"), std::string::npos)
        << message(status);
}

TEST_F(CmpiOverSim, ErrorsAreStatusesWithMessages) {
    CMPIStatus status{};
    EXPECT_TRUE(provider.enumerate("root/cimv2", "IPMIProv_Nothing", &status).empty());
    EXPECT_EQ(status.rc, CMPI_RC_ERR_INVALID_PARAMETER);
    EXPECT_NE(message(status).find("unknown class IPMIProv_Nothing"), std::string::npos) << message(status);

    auto& result = provider.broker.new_result();
    status = provider.instances->ft->createInstance(provider.instances, provider.broker.context(), &result.c,
                                                    volts_path(), nullptr);
    EXPECT_EQ(status.rc, CMPI_RC_ERR_NOT_SUPPORTED);
    EXPECT_NE(message(status).find("CreateInstance"), std::string::npos);
}

TEST(CmpiProviderSettings, ABadSettingIsReportedOnEveryRequest) {
    set_env("IPMIPROV_CMPI_CONFIG", "/dev/null");
    set_env("IPMIPROV_SOURCE", "bogus");
    Provider provider;
    CMPIStatus status{};
    for (int attempt = 0; attempt < 2; ++attempt) {
        EXPECT_TRUE(provider.enumerate("root/cimv2", "IPMIProv_NumericSensor", &status).empty());
        EXPECT_EQ(status.rc, CMPI_RC_ERR_FAILED);
        EXPECT_NE(message(status).find("IPMIPROV_SOURCE=bogus"), std::string::npos) << message(status);
    }
    set_env("IPMIPROV_SOURCE", "sim");
}

// The deployment: ipmiprovd owns the BMC (here ipmi_sim), the provider asks it.
struct CmpiThroughDaemon : ::testing::Test {
    IpmiSim sim{IPMIPROV_IPMISIM_FIXTURE};
    TempDir dir{"ipmiprov-cmpi-"};
    std::optional<Daemon> daemon;

    CmpiThroughDaemon() {
        daemon.emplace(lan_daemon_args(sim, dir.path()), dir.path());
        set_env("IPMIPROV_CMPI_CONFIG", "/dev/null");
        set_env("IPMIPROV_SOURCE", "daemon");
        set_env("IPMIPROV_DAEMON_SOCKET", daemon->socket());
    }
    json cli(const std::string& cls) {
        return cli_json({"--daemon", daemon->socket(), "cim", "enumerate", cls, "--format", "json"});
    }
};

TEST_F(CmpiThroughDaemon, SensorsAndRecordsAreWhatTheCliPrintsAndClearLogEmptiesTheLog) {
    Provider provider;
    for (const char* cls : {"IPMIProv_NumericSensor", "IPMIProv_Sensor", "IPMIProv_RecordLog", "IPMIProv_LogRecord"}) {
        SCOPED_TRACE(cls);
        const auto through_cmpi = provider.enumerate("root/cimv2", cls);
        EXPECT_FALSE(through_cmpi.empty());
        EXPECT_EQ(through_cmpi, cli(cls));
    }
    const auto logs = provider.names("root/cimv2", "IPMIProv_RecordLog");
    ASSERT_EQ(logs.size(), 1U);
    std::vector<CMPIData> returned;
    const auto status = provider.invoke(logs[0], "ClearLog", returned);
    ASSERT_EQ(status.rc, CMPI_RC_OK) << message(status);
    // The method MI and the instance MI have sessions of their own; the BMC is one.
    EXPECT_TRUE(provider.enumerate("root/cimv2", "IPMIProv_LogRecord").empty());
    EXPECT_TRUE(cli("IPMIProv_LogRecord").empty());
}

TEST_F(CmpiThroughDaemon, ADaemonThatGoesAwayIsAnErrorUntilItIsBack) {
    Provider provider;
    EXPECT_FALSE(provider.enumerate("root/cimv2", "IPMIProv_NumericSensor").empty());
    daemon.reset();
    // A server-side failure every time, never "not found" (which a WS-Man
    // client takes for its own mistake), with words for an operator.
    for (int attempt = 0; attempt < 3; ++attempt) {
        SCOPED_TRACE(attempt);
        CMPIStatus status{};
        EXPECT_TRUE(provider.enumerate("root/cimv2", "IPMIProv_NumericSensor", &status).empty());
        EXPECT_EQ(status.rc, CMPI_RC_ERR_FAILED);
        EXPECT_NE(message(status).find("ipmiprovd"), std::string::npos) << message(status);
        // The first finds the session it had closed under it; the next ones find no daemon.
        if (attempt > 0) {
            EXPECT_NE(message(status).find("ipmiprovd is not running"), std::string::npos) << message(status);
        }
        EXPECT_EQ(message(status).find("--lan"), std::string::npos) << "no CLI hint: " << message(status);
    }
    daemon.emplace(lan_daemon_args(sim, dir.path()), dir.path());
    EXPECT_EQ(provider.enumerate("root/cimv2", "IPMIProv_NumericSensor"), cli("IPMIProv_NumericSensor"));
}

}  // namespace
}  // namespace ipmiprov::testing

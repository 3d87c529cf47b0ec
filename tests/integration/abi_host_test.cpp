// A host that loads libipmiprov.so.1 with dlopen and dlsym, the way a CIM
// server loads a provider library, and checks the C ABI from the outside:
// every class through the ABI is what `ipmiprov cim enumerate` prints, paths
// built by the caller, writes and methods, error reporting, versioning, and
// new SEL records from ipmi_sim.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <array>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"
#include "ipmiprov/provider.h"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;

// The entry points, looked up by name as a server would.
struct Abi {
    void* handle = nullptr;
// NOLINTNEXTLINE(bugprone-macro-parentheses): `name` is a declarator here
#define IPMIPROV_ENTRY(name) decltype(&::name) name = nullptr;
    IPMIPROV_ENTRY(ipmiprov_abi_version)
    IPMIPROV_ENTRY(ipmiprov_status_text)
    IPMIPROV_ENTRY(ipmiprov_open_options_init)
    IPMIPROV_ENTRY(ipmiprov_open)
    IPMIPROV_ENTRY(ipmiprov_close)
    IPMIPROV_ENTRY(ipmiprov_classes)
    IPMIPROV_ENTRY(ipmiprov_enumerate)
    IPMIPROV_ENTRY(ipmiprov_get)
    IPMIPROV_ENTRY(ipmiprov_associators)
    IPMIPROV_ENTRY(ipmiprov_modify)
    IPMIPROV_ENTRY(ipmiprov_invoke)
    IPMIPROV_ENTRY(ipmiprov_invoke_method)
    IPMIPROV_ENTRY(ipmiprov_new_records)
    IPMIPROV_ENTRY(ipmiprov_list_size)
    IPMIPROV_ENTRY(ipmiprov_list_at)
    IPMIPROV_ENTRY(ipmiprov_list_free)
    IPMIPROV_ENTRY(ipmiprov_instance_class)
    IPMIPROV_ENTRY(ipmiprov_instance_namespace)
    IPMIPROV_ENTRY(ipmiprov_instance_path)
    IPMIPROV_ENTRY(ipmiprov_instance_property_count)
    IPMIPROV_ENTRY(ipmiprov_instance_property)
    IPMIPROV_ENTRY(ipmiprov_instance_find)
    IPMIPROV_ENTRY(ipmiprov_path_new)
    IPMIPROV_ENTRY(ipmiprov_path_free)
    IPMIPROV_ENTRY(ipmiprov_path_add_key)
    IPMIPROV_ENTRY(ipmiprov_path_key_count)
    IPMIPROV_ENTRY(ipmiprov_path_key)
    IPMIPROV_ENTRY(ipmiprov_path_text)
#undef IPMIPROV_ENTRY

    Abi() {
        handle = dlopen(IPMIPROV_ABI_LIBRARY, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
#define IPMIPROV_RESOLVE(name)                                     \
    name = reinterpret_cast<decltype(name)>(dlsym(handle, #name)); \
    if ((name) == nullptr) throw std::runtime_error("dlsym: " #name " is not exported");
        IPMIPROV_RESOLVE(ipmiprov_abi_version)
        IPMIPROV_RESOLVE(ipmiprov_status_text)
        IPMIPROV_RESOLVE(ipmiprov_open_options_init)
        IPMIPROV_RESOLVE(ipmiprov_open)
        IPMIPROV_RESOLVE(ipmiprov_close)
        IPMIPROV_RESOLVE(ipmiprov_classes)
        IPMIPROV_RESOLVE(ipmiprov_enumerate)
        IPMIPROV_RESOLVE(ipmiprov_get)
        IPMIPROV_RESOLVE(ipmiprov_associators)
        IPMIPROV_RESOLVE(ipmiprov_modify)
        IPMIPROV_RESOLVE(ipmiprov_invoke)
        IPMIPROV_RESOLVE(ipmiprov_invoke_method)
        IPMIPROV_RESOLVE(ipmiprov_new_records)
        IPMIPROV_RESOLVE(ipmiprov_list_size)
        IPMIPROV_RESOLVE(ipmiprov_list_at)
        IPMIPROV_RESOLVE(ipmiprov_list_free)
        IPMIPROV_RESOLVE(ipmiprov_instance_class)
        IPMIPROV_RESOLVE(ipmiprov_instance_namespace)
        IPMIPROV_RESOLVE(ipmiprov_instance_path)
        IPMIPROV_RESOLVE(ipmiprov_instance_property_count)
        IPMIPROV_RESOLVE(ipmiprov_instance_property)
        IPMIPROV_RESOLVE(ipmiprov_instance_find)
        IPMIPROV_RESOLVE(ipmiprov_path_new)
        IPMIPROV_RESOLVE(ipmiprov_path_free)
        IPMIPROV_RESOLVE(ipmiprov_path_add_key)
        IPMIPROV_RESOLVE(ipmiprov_path_key_count)
        IPMIPROV_RESOLVE(ipmiprov_path_key)
        IPMIPROV_RESOLVE(ipmiprov_path_text)
#undef IPMIPROV_RESOLVE
    }
    ~Abi() {
        if (handle != nullptr) dlclose(handle);
    }
    Abi(const Abi&) = delete;
    Abi& operator=(const Abi&) = delete;
};

Abi& abi() {
    static Abi loaded;
    return loaded;
}

ipmiprov_error new_error() {
    ipmiprov_error error{};
    error.struct_size = sizeof error;
    return error;
}

ipmiprov_session* open_sim() {
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    abi().ipmiprov_open_options_init(&options);
    options.source = IPMIPROV_SOURCE_SIM;
    options.sim_fixture = "builtin";
    options.cache_dir = "";
    ipmiprov_session* session = nullptr;
    auto error = new_error();
    if (abi().ipmiprov_open(&options, &session, &error) != IPMIPROV_OK) throw std::runtime_error(error.message);
    return session;
}

// An instance as `ipmiprov cim ... --format json` writes it.
json element_json(const ipmiprov_property& p, const ipmiprov_element& e) {
    switch (p.type) {
        case IPMIPROV_TYPE_BOOLEAN:
            return e.boolean != 0;
        case IPMIPROV_TYPE_UINT8:
        case IPMIPROV_TYPE_UINT16:
        case IPMIPROV_TYPE_UINT32:
        case IPMIPROV_TYPE_UINT64:
            return e.unsigned_value;
        case IPMIPROV_TYPE_SINT8:
        case IPMIPROV_TYPE_SINT16:
        case IPMIPROV_TYPE_SINT32:
        case IPMIPROV_TYPE_SINT64:
            return e.signed_value;
        case IPMIPROV_TYPE_REAL32:
        case IPMIPROV_TYPE_REAL64:
            return e.real_value;
        case IPMIPROV_TYPE_REFERENCE:
            return abi().ipmiprov_path_text(e.reference);
        default:
            return e.text;
    }
}

json property_value(const ipmiprov_property& p) {
    if (!p.is_array) return element_json(p, p.elements[0]);
    json array = json::array();
    for (std::uint32_t i = 0; i < p.count; ++i) array.push_back(element_json(p, p.elements[i]));
    return array;
}

json instance_json(const ipmiprov_instance* instance) {
    json properties = json::object();
    for (std::size_t i = 0; i < abi().ipmiprov_instance_property_count(instance); ++i) {
        ipmiprov_property p{};
        p.struct_size = sizeof p;
        EXPECT_EQ(abi().ipmiprov_instance_property(instance, i, &p), IPMIPROV_OK);
        properties[p.name] = property_value(p);
    }
    json path = json::object();
    const auto* instance_path = abi().ipmiprov_instance_path(instance);
    for (std::size_t i = 0; i < abi().ipmiprov_path_key_count(instance_path); ++i) {
        ipmiprov_property key{};
        key.struct_size = sizeof key;
        EXPECT_EQ(abi().ipmiprov_path_key(instance_path, i, &key), IPMIPROV_OK);
        EXPECT_EQ(key.is_key, 1);
        path[key.name] = property_value(key);
    }
    return json{{"class", abi().ipmiprov_instance_class(instance)},
                {"namespace", abi().ipmiprov_instance_namespace(instance)},
                {"path", path},
                {"properties", properties}};
}

json list_json(ipmiprov_list* list) {
    json out = json::array();
    for (std::size_t i = 0; i < abi().ipmiprov_list_size(list); ++i)
        out.push_back(instance_json(abi().ipmiprov_list_at(list, i)));
    abi().ipmiprov_list_free(list);
    return out;
}

struct AbiHost : ::testing::Test {
    ipmiprov_session* session = open_sim();
    ~AbiHost() override { abi().ipmiprov_close(session); }
    AbiHost() = default;
    AbiHost(const AbiHost&) = delete;
    AbiHost& operator=(const AbiHost&) = delete;

    json enumerate(const char* cls) {
        ipmiprov_list* list = nullptr;
        auto error = new_error();
        EXPECT_EQ(abi().ipmiprov_enumerate(session, cls, &list, &error), IPMIPROV_OK) << error.message;
        return list_json(list);
    }
};

TEST_F(AbiHost, EveryClassIsWhatTheCliPrints) {
    EXPECT_EQ(abi().ipmiprov_abi_version(), (1U << 16) | 2U);
    ipmiprov_list* classes = nullptr;
    auto error = new_error();
    ASSERT_EQ(abi().ipmiprov_classes(session, &classes, &error), IPMIPROV_OK) << error.message;
    const auto class_list = list_json(classes);
    ASSERT_EQ(class_list.size(), 32U) << "30 with instances, 2 indications";
    std::size_t instances = 0;
    for (const auto& entry : class_list) {
        const auto name = entry["properties"]["Name"].get<std::string>();
        SCOPED_TRACE(name);
        // What ipmiprov_modify writes, as the CMPI adapter asks it.
        const std::map<std::string, json> writable{
            {"IPMIProv_IndicatorLED", json::array({"ActivationState"})},
            {"IPMIProv_NumericSensor", json::array({"LowerThresholdNonCritical", "UpperThresholdNonCritical"})},
            {"IPMIProv_RecordLog", json::array()}};
        if (const auto found = writable.find(name); found != writable.end()) {
            EXPECT_EQ(entry["properties"]["Writable"], found->second);
        }
        const auto ours = enumerate(name.c_str());
        auto cli = run({IPMIPROV_BIN, "--sim", "builtin", "--no-cache", "cim", "enumerate", name, "--format", "json"});
        ASSERT_EQ(cli.exit_code, 0) << cli.err;
        EXPECT_EQ(ours, json::parse(cli.out));
        instances += ours.size();
    }
    EXPECT_GT(instances, 40U);
}

ipmiprov_property string_key(const char* name, ipmiprov_element& element, const char* text) {
    element = ipmiprov_element{};
    element.text = text;
    ipmiprov_property p{};
    p.struct_size = sizeof p;
    p.name = name;
    p.type = IPMIPROV_TYPE_STRING;
    p.count = 1;
    p.elements = &element;
    return p;
}

// The path of the 12 V sensor, built key by key as a CMPI adapter does.
ipmiprov_path* volts_path(const std::string& system) {
    auto* path = abi().ipmiprov_path_new("root/cimv2", "IPMIProv_NumericSensor");
    const std::vector<std::pair<const char*, std::string>> keys{{"SystemCreationClassName", "IPMIProv_ComputerSystem"},
                                                                {"SystemName", system},
                                                                {"CreationClassName", "IPMIProv_NumericSensor"},
                                                                {"DeviceID", "2.0.32"}};
    for (const auto& [name, text] : keys) {
        ipmiprov_element element{};
        auto key = string_key(name, element, text.c_str());
        auto error = new_error();
        EXPECT_EQ(abi().ipmiprov_path_add_key(path, &key, &error), IPMIPROV_OK) << error.message;
    }
    return path;
}

std::string system_name(AbiHost& host) {
    return host.enumerate("IPMIProv_ComputerSystem")[0]["properties"]["Name"];
}

TEST_F(AbiHost, GetModifyAndInvokeThroughBuiltPaths) {
    auto* path = volts_path(system_name(*this));
    ipmiprov_list* got = nullptr;
    auto error = new_error();
    ASSERT_EQ(abi().ipmiprov_get(session, path, &got, &error), IPMIPROV_OK) << error.message;
    EXPECT_EQ(list_json(got)[0]["properties"]["CurrentReading"], 11970);

    ipmiprov_element value{};
    value.signed_value = 11277;
    ipmiprov_property change{};
    change.struct_size = sizeof change;
    change.name = "LowerThresholdNonCritical";
    change.type = IPMIPROV_TYPE_SINT32;
    change.count = 1;
    change.elements = &value;
    ipmiprov_list* modified = nullptr;
    ASSERT_EQ(abi().ipmiprov_modify(session, path, &change, 1, &modified, &error), IPMIPROV_OK) << error.message;
    EXPECT_EQ(list_json(modified)[0]["properties"]["LowerThresholdNonCritical"], 11277);

    change.name = "UpperThresholdCritical";
    EXPECT_EQ(abi().ipmiprov_modify(session, path, &change, 1, &modified, &error), IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(error.message).find("read-only"), std::string::npos) << error.message;
    abi().ipmiprov_path_free(path);

    auto* log = abi().ipmiprov_path_new("root/cimv2", "IPMIProv_RecordLog");
    ipmiprov_element id{};
    auto key = string_key("InstanceID", id, "IPMIProv:SEL");
    ASSERT_EQ(abi().ipmiprov_path_add_key(log, &key, &error), IPMIPROV_OK);
    std::uint32_t result = 99;
    ASSERT_EQ(abi().ipmiprov_invoke(session, log, "ClearLog", &result, &error), IPMIPROV_OK) << error.message;
    EXPECT_EQ(result, 0U);
    EXPECT_EQ(abi().ipmiprov_invoke(session, log, "Explode", &result, &error), IPMIPROV_E_INVALID_ARGUMENT);
    abi().ipmiprov_path_free(log);
}

// ABI 1.2: a method with IN parameters, a reference among them, and its
// (empty) OUT parameters; a wrong type refused before anything is sent.
TEST_F(AbiHost, InvokeMethodTakesParameters) {
    const auto name = system_name(*this);
    auto* service = abi().ipmiprov_path_new("root/cimv2", "IPMIProv_PowerManagementService");
    auto* system = abi().ipmiprov_path_new("root/cimv2", "IPMIProv_ComputerSystem");
    auto error = new_error();
    const std::vector<std::pair<const char*, std::string>> service_keys{
        {"SystemCreationClassName", "IPMIProv_ComputerSystem"},
        {"SystemName", name},
        {"CreationClassName", "IPMIProv_PowerManagementService"},
        {"Name", "IPMIProv:PowerManagementService"}};
    for (const auto& [key_name, text] : service_keys) {
        ipmiprov_element element{};
        auto key = string_key(key_name, element, text.c_str());
        ASSERT_EQ(abi().ipmiprov_path_add_key(service, &key, &error), IPMIPROV_OK) << error.message;
    }
    for (const auto& [key_name, text] : std::vector<std::pair<const char*, std::string>>{
             {"CreationClassName", "IPMIProv_ComputerSystem"}, {"Name", name}}) {
        ipmiprov_element element{};
        auto key = string_key(key_name, element, text.c_str());
        ASSERT_EQ(abi().ipmiprov_path_add_key(system, &key, &error), IPMIPROV_OK) << error.message;
    }
    ipmiprov_element state{};
    state.unsigned_value = 6;  // Off - Hard
    ipmiprov_element element{};
    element.reference = system;
    std::array<ipmiprov_property, 2> in{};
    for (auto& p : in) p.struct_size = sizeof p;
    in[0].name = "PowerState";
    in[0].type = IPMIPROV_TYPE_UINT16;
    in[0].count = 1;
    in[0].elements = &state;
    in[1].name = "ManagedElement";
    in[1].type = IPMIPROV_TYPE_REFERENCE;
    in[1].count = 1;
    in[1].elements = &element;
    std::uint32_t result = 99;
    ipmiprov_list* out = nullptr;
    ASSERT_EQ(abi().ipmiprov_invoke_method(session, service, "RequestPowerStateChange", in.data(), in.size(), &result,
                                           &out, &error),
              IPMIPROV_OK)
        << error.message;
    EXPECT_EQ(result, 0U);
    const auto outputs = list_json(out);
    ASSERT_EQ(outputs.size(), 1U);
    EXPECT_EQ(outputs[0]["class"], "RequestPowerStateChange");
    EXPECT_TRUE(outputs[0]["properties"].empty()) << outputs.dump();
    EXPECT_EQ(enumerate("IPMIProv_AssociatedPowerManagementService")[0]["properties"]["PowerState"], 8);

    in[0].type = IPMIPROV_TYPE_BOOLEAN;  // the MOF says uint16
    EXPECT_EQ(abi().ipmiprov_invoke_method(session, service, "RequestPowerStateChange", in.data(), 1, &result, nullptr,
                                           &error),
              IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(error.message).find("PowerState is uint16"), std::string::npos) << error.message;
    abi().ipmiprov_path_free(system);
    abi().ipmiprov_path_free(service);
}

TEST_F(AbiHost, ErrorsAreStatusesWithMessages) {
    ipmiprov_list* list = nullptr;
    auto error = new_error();
    EXPECT_EQ(abi().ipmiprov_enumerate(session, "CIM_Processor", &list, &error), IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_EQ(error.status, IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(error.message).find("unknown class CIM_Processor"), std::string::npos);
    EXPECT_EQ(abi().ipmiprov_enumerate(nullptr, "CIM_Sensor", &list, &error), IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(error.message).find("is NULL"), std::string::npos);
    EXPECT_EQ(abi().ipmiprov_enumerate(session, "CIM_Sensor", &list, nullptr), IPMIPROV_OK) << "error is optional";
    abi().ipmiprov_list_free(list);
    EXPECT_STREQ(abi().ipmiprov_status_text(IPMIPROV_E_BMC_REFUSED), "refused by the BMC");
    EXPECT_STREQ(abi().ipmiprov_status_text(static_cast<ipmiprov_status>(11)), "unknown status");

    // A caller built with a smaller error struct gets only what it has room for.
    struct OldError {
        ipmiprov_error error;
        char guard[64];
    } old{};
    std::memset(old.guard, 0x5A, sizeof old.guard);
    old.error.struct_size = offsetof(ipmiprov_error, message) + 16;
    abi().ipmiprov_enumerate(session, "CIM_Processor", &list, &old.error);
    EXPECT_EQ(old.error.status, IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_EQ(old.error.struct_size, offsetof(ipmiprov_error, message) + 16);
    EXPECT_EQ(std::string(old.error.message), "unknown class C") << "cut, and terminated within its room";
    EXPECT_EQ(old.error.message[16], 0) << "nothing written past the caller's size";
    EXPECT_EQ(static_cast<unsigned char>(old.guard[0]), 0x5A);
}

TEST(AbiVersion, ANewerMajorIsRefusedAndAMissingOneIsABadArgument) {
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    abi().ipmiprov_open_options_init(&options);
    options.source = IPMIPROV_SOURCE_SIM;
    options.abi_major = 2;
    ipmiprov_session* session = nullptr;
    auto error = new_error();
    EXPECT_EQ(abi().ipmiprov_open(&options, &session, &error), IPMIPROV_E_VERSION);
    EXPECT_EQ(session, nullptr);
    EXPECT_NE(std::string(error.message).find("needs ABI 2.x"), std::string::npos) << error.message;
    options.abi_major = 0;
    EXPECT_EQ(abi().ipmiprov_open(&options, &session, &error), IPMIPROV_E_INVALID_ARGUMENT);
    options.abi_major = 1;
    options.source = IPMIPROV_SOURCE_LAN;
    EXPECT_EQ(abi().ipmiprov_open(&options, &session, &error), IPMIPROV_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(error.message).find("lan_host"), std::string::npos);
}

TEST(AbiNewRecords, ReportsWhatIpmiSimLogsAfterTheFirstCall) {
    IpmiSim sim(IPMIPROV_IPMISIM_FIXTURE);
    TempDir cache("ipmiprov-abi-cache-");
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    abi().ipmiprov_open_options_init(&options);
    options.source = IPMIPROV_SOURCE_LAN;
    options.lan_host = "127.0.0.1";
    options.lan_port = static_cast<std::uint16_t>(sim.port());
    options.lan_user = IpmiSim::kUser;
    options.lan_password = IpmiSim::kPassword;
    const auto cache_dir = cache.path().string();
    options.cache_dir = cache_dir.c_str();
    ipmiprov_session* session = nullptr;
    auto error = new_error();
    ASSERT_EQ(abi().ipmiprov_open(&options, &session, &error), IPMIPROV_OK) << error.message;
    ipmiprov_list* records = nullptr;
    ASSERT_EQ(abi().ipmiprov_new_records(session, &records, &error), IPMIPROV_OK) << error.message;
    EXPECT_TRUE(list_json(records).empty()) << "the first call only notes the end";
    auto added = run(concat(sim.ipmitool(), {"raw", "0x0a", "0x44", "0", "0", "2", "0", "0", "0", "0", "0x20", "0", "4",
                                             "8", "4", "0x6f", "0", "0xff", "0xff"}));
    ASSERT_EQ(added.exit_code, 0) << added.err;
    ASSERT_EQ(abi().ipmiprov_new_records(session, &records, &error), IPMIPROV_OK) << error.message;
    const auto fresh = list_json(records);
    ASSERT_EQ(fresh.size(), 1U);
    EXPECT_EQ(fresh[0]["class"], "IPMIProv_LogRecord");
    EXPECT_EQ(fresh[0]["properties"]["SensorElementName"], "PS1 Status");
    ASSERT_EQ(abi().ipmiprov_new_records(session, &records, &error), IPMIPROV_OK);
    EXPECT_TRUE(list_json(records).empty());
    abi().ipmiprov_close(session);
}

// Issue 18: a session reading through ipmiprovd keeps the daemon's sequence
// number and epoch; the daemon killed and started again (its SEL store kept),
// the session connects again and gets what ipmi_sim logged meanwhile, once.
TEST(AbiThroughTheDaemonSelStore, NewRecordsGoOnAcrossADaemonKilledAndRestarted) {
    IpmiSim sim(IPMIPROV_IPMISIM_FIXTURE);
    TempDir dir("ipmiprov-abi-daemon-store-");
    const auto add_entry = [&] {
        auto added = run(concat(sim.ipmitool(), {"raw", "0x0a", "0x44", "0", "0", "2", "0", "0", "0", "0", "0x20", "0",
                                                 "4", "8", "4", "0x6f", "0", "0xff", "0xff"}));
        ASSERT_EQ(added.exit_code, 0) << added.err;
    };
    auto daemon = std::make_unique<Daemon>(lan_daemon_args(sim, dir.path()), dir.path(),
                                           std::vector<std::string>{"--max-age", "0"});
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    abi().ipmiprov_open_options_init(&options);
    options.source = IPMIPROV_SOURCE_DAEMON;
    const auto socket = daemon->socket();
    options.daemon_socket = socket.c_str();
    ipmiprov_session* session = nullptr;
    auto error = new_error();
    ASSERT_EQ(abi().ipmiprov_open(&options, &session, &error), IPMIPROV_OK) << error.message;
    ipmiprov_list* records = nullptr;
    ASSERT_EQ(abi().ipmiprov_new_records(session, &records, &error), IPMIPROV_OK) << error.message;
    EXPECT_TRUE(list_json(records).empty());
    add_entry();
    ASSERT_EQ(abi().ipmiprov_new_records(session, &records, &error), IPMIPROV_OK) << error.message;
    EXPECT_EQ(list_json(records).size(), 1U);

    ASSERT_EQ(::kill(daemon->pid(), SIGKILL), 0);
    daemon.reset();
    add_entry();
    add_entry();
    daemon = std::make_unique<Daemon>(lan_daemon_args(sim, dir.path()), dir.path(),
                                      std::vector<std::string>{"--max-age", "0"});
    ASSERT_EQ(abi().ipmiprov_new_records(session, &records, &error), IPMIPROV_OK) << error.message << daemon->log();
    const auto resumed = list_json(records);
    ASSERT_EQ(resumed.size(), 2U) << resumed.dump();
    EXPECT_EQ(resumed[1]["properties"]["SensorElementName"], "PS1 Status");
    ASSERT_EQ(abi().ipmiprov_new_records(session, &records, &error), IPMIPROV_OK) << error.message;
    EXPECT_TRUE(list_json(records).empty());
    abi().ipmiprov_close(session);
}

TEST(AbiThroughTheDaemon, ServesWhatTheLibraryReadsItself) {
    TempDir dir("ipmiprov-abi-daemon-");
    Daemon daemon({"--sim", "builtin"}, dir.path());
    ipmiprov_open_options options{};
    options.struct_size = sizeof options;
    abi().ipmiprov_open_options_init(&options);
    options.source = IPMIPROV_SOURCE_DAEMON;
    options.daemon_socket = daemon.socket().c_str();
    ipmiprov_session* remote = nullptr;
    auto error = new_error();
    ASSERT_EQ(abi().ipmiprov_open(&options, &remote, &error), IPMIPROV_OK) << error.message;
    ipmiprov_session* local = open_sim();
    std::size_t compared = 0;
    for (const char* cls : {"IPMIProv_ComputerSystem", "CIM_Sensor", "CIM_RecordLog", "CIM_LogRecord",
                            "IPMIProv_SystemDevice", "IPMIProv_ElementConformsToProfile"}) {
        SCOPED_TRACE(cls);
        ipmiprov_list* a = nullptr;
        ipmiprov_list* b = nullptr;
        ASSERT_EQ(abi().ipmiprov_enumerate(remote, cls, &a, &error), IPMIPROV_OK) << error.message;
        ASSERT_EQ(abi().ipmiprov_enumerate(local, cls, &b, &error), IPMIPROV_OK) << error.message;
        const auto through_daemon = list_json(a);
        EXPECT_EQ(through_daemon, list_json(b));
        compared += through_daemon.size();
        // Again: the daemon says "unchanged" and the session hands out what it built.
        ipmiprov_list* again = nullptr;
        ASSERT_EQ(abi().ipmiprov_enumerate(remote, cls, &again, &error), IPMIPROV_OK) << error.message;
        EXPECT_EQ(list_json(again), through_daemon);  // (freed there)
    }
    EXPECT_GT(compared, 30U);

    ipmiprov_list* records = nullptr;
    ASSERT_EQ(abi().ipmiprov_new_records(remote, &records, &error), IPMIPROV_OK) << error.message;
    EXPECT_TRUE(list_json(records).empty()) << "the first call notes the end";
    abi().ipmiprov_close(local);
    abi().ipmiprov_close(remote);

    options.daemon_socket = "/nonexistent/ipmiprovd.sock";
    // No daemon is the service failing (a transport error), not an object that does not exist.
    EXPECT_EQ(abi().ipmiprov_open(&options, &remote, &error), IPMIPROV_E_TRANSPORT) << "DAEMON: no fallback";
    EXPECT_NE(std::string(error.message).find("/nonexistent/ipmiprovd.sock"), std::string::npos);
}

}  // namespace
}  // namespace ipmiprov::testing

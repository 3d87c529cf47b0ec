// A CMPI broker for tests: the services a CIM server gives a provider
// (strings, object paths, instances, arrays, datetimes, results), written
// from the CMPI 2.0 standard so that libipmiprov_cmpi.so can be loaded and
// driven the way sfcb or OpenPegasus drive it. Objects live until the
// broker goes; what a provider returns is kept in a TestResult.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ipmiprov_cmpi/cmpi.h"

namespace ipmiprov::testing {

class TestBroker;

// What a provider returned for one call.
struct TestResult {
    CMPIResult c{};
    TestBroker* broker = nullptr;
    std::vector<const CMPIInstance*> instances;
    std::vector<const CMPIObjectPath*> paths;
    std::vector<CMPIData> data;
    int done_calls = 0;
};

class TestBroker {
public:
    TestBroker();
    ~TestBroker();
    TestBroker(const TestBroker&) = delete;
    TestBroker& operator=(const TestBroker&) = delete;

    [[nodiscard]] const CMPIBroker* broker() const { return &broker_; }
    [[nodiscard]] const CMPIContext* context() const { return &context_; }
    TestResult& new_result();

    // Made the way a broker makes them for a request.
    CMPIObjectPath* path(const std::string& name_space, const std::string& class_name);
    void add_string_key(CMPIObjectPath* op, const std::string& name, const std::string& value);

    // As `ipmiprov cim ... --format json` prints: class, namespace, path
    // (keys) and properties; references as object-path text.
    static nlohmann::json instance_json(const CMPIInstance* ci);
    static nlohmann::json path_json(const CMPIObjectPath* op);
    static std::string path_text(const CMPIObjectPath* op);
    static std::string text(const CMPIString* string);

    // Indications the provider delivered (deliverIndication), in order.
    struct Delivered {
        std::string name_space;
        nlohmann::json indication;  // as instance_json()
    };
    // Waits until `count` have come (at most `limit`); all delivered so far.
    std::vector<Delivered> wait_for_indications(std::size_t count, std::chrono::milliseconds limit);
    // How often a provider's thread attached and detached.
    [[nodiscard]] std::pair<int, int> threads() const;

    struct Arena;  // the objects made so far

private:
    CMPIBroker broker_{};
    CMPIContext context_{};
    std::unique_ptr<Arena> arena_;
    std::vector<std::unique_ptr<TestResult>> results_;
};

}  // namespace ipmiprov::testing

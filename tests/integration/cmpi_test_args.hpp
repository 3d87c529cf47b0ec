// CMPIArgs for the CMPI tests (CMPI 2.0 section 5.8): a method's IN
// arguments as a broker hands them to invokeMethod, and the OUT ones the
// provider adds. Values are kept as given: what they point to (strings,
// paths) lives in the TestBroker.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ipmiprov_cmpi/cmpi.h"

namespace ipmiprov::testing {

class TestArgs {
public:
    explicit TestArgs(const CMPIBroker* broker) : broker_(broker) {
        c_.hdl = this;
        c_.ft = &table();
    }
    TestArgs(const TestArgs&) = delete;
    TestArgs& operator=(const TestArgs&) = delete;

    CMPIArgs* args() { return &c_; }
    void add(const std::string& name, CMPIValue value, CMPIType type) {
        CMPIData data{};
        data.type = type;
        data.state = CMPI_goodValue;
        data.value = value;
        items_.emplace_back(name, data);
    }
    void add_uint8(const std::string& name, std::uint8_t number) {
        CMPIValue value{};
        value.uint8 = number;
        add(name, value, CMPI_uint8);
    }
    void add_uint32(const std::string& name, std::uint32_t number) {
        CMPIValue value{};
        value.uint32 = number;
        add(name, value, CMPI_uint32);
    }
    [[nodiscard]] const std::vector<std::pair<std::string, CMPIData>>& items() const { return items_; }

private:
    static TestArgs& self(const CMPIArgs* as) { return *static_cast<TestArgs*>(as->hdl); }
    static CMPIStatus ok() { return CMPIStatus{CMPI_RC_OK, nullptr}; }
    static CMPIStatus release(CMPIArgs*) { return ok(); }
    static CMPIArgs* clone(const CMPIArgs*, CMPIStatus* rc) {
        if (rc != nullptr) *rc = CMPIStatus{CMPI_RC_ERR_NOT_SUPPORTED, nullptr};
        return nullptr;
    }
    static CMPIStatus add_arg(const CMPIArgs* as, const char* name, const CMPIValue* value, CMPIType type) {
        self(as).add(name, value != nullptr ? *value : CMPIValue{}, type);
        return ok();
    }
    static CMPIData get_arg(const CMPIArgs* as, const char* name, CMPIStatus* rc) {
        for (const auto& [key, data] : self(as).items_) {
            if (key == name) {
                if (rc != nullptr) *rc = ok();
                return data;
            }
        }
        if (rc != nullptr) *rc = CMPIStatus{CMPI_RC_ERR_NO_SUCH_PROPERTY, nullptr};
        CMPIData none{};
        none.state = CMPI_notFound;
        return none;
    }
    static CMPIData get_arg_at(const CMPIArgs* as, CMPICount index, CMPIString** name, CMPIStatus* rc) {
        auto& args = self(as);
        if (index >= args.items_.size()) {
            if (rc != nullptr) *rc = CMPIStatus{CMPI_RC_ERR_NO_SUCH_PROPERTY, nullptr};
            return CMPIData{};
        }
        if (name != nullptr)
            *name = args.broker_->eft->newString(args.broker_, args.items_[index].first.c_str(), nullptr);
        if (rc != nullptr) *rc = ok();
        return args.items_[index].second;
    }
    static CMPICount get_arg_count(const CMPIArgs* as, CMPIStatus* rc) {
        if (rc != nullptr) *rc = ok();
        return static_cast<CMPICount>(self(as).items_.size());
    }
    static CMPIArgsFT& table() {
        static CMPIArgsFT ft{CMPICurrentVersion, release, clone, add_arg, get_arg, get_arg_at, get_arg_count};
        return ft;
    }

    const CMPIBroker* broker_;
    CMPIArgs c_{};
    std::vector<std::pair<std::string, CMPIData>> items_;
};

}  // namespace ipmiprov::testing

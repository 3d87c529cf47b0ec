// The CIM model: the instances, associations and methods of the classes in
// cim-schemas/, over a DataSource that supplies IPMI data (the BMC through an
// Engine here; the daemon's cache later). What a CIM server adapter and
// `ipmiprov cim` both call.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bridge/device_id.hpp"
#include "bridge/engine.hpp"
#include "provider/bmc/users.hpp"
#include "provider/chassis/chassis.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/power.hpp"
#include "provider/cim/schema.hpp"
#include "provider/fru/reader.hpp"
#include "provider/sdr/cache.hpp"

namespace ipmiprov::provider::cim {

struct SensorSnapshot {
    std::shared_ptr<const sdr::Repository> repository;  // the records the definitions come from
    std::shared_ptr<const std::vector<sensor::SensorDefinition>> definitions;
    std::vector<sensor::SensorSample> samples;  // one per definition: what the BMC said
    std::vector<sensor::SensorValue> values;    // evaluated with the BMC's thresholds; point into *definitions
};

struct SelSnapshot {
    SelState state;
    std::vector<sel::Entry> entries;
};

class DataSource {
public:
    virtual ~DataSource() = default;
    DataSource() = default;
    DataSource(const DataSource&) = delete;
    DataSource& operator=(const DataSource&) = delete;

    virtual SystemIdentity system() = 0;
    virtual bridge::Result<std::shared_ptr<const std::vector<sensor::SensorDefinition>>> definitions() = 0;
    virtual bridge::Result<std::shared_ptr<const SensorSnapshot>> sensors() = 0;  // with readings and thresholds
    virtual bridge::Result<SelState> sel_state() = 0;
    virtual bridge::Result<std::shared_ptr<const SelSnapshot>> sel() = 0;
    virtual bridge::Status clear_sel() = 0;
    virtual bridge::Status write_threshold(const sensor::SensorDefinition& definition, sdr::ThresholdIndex index,
                                           std::uint8_t raw) = 0;
    // One request to the BMC, as it answers (the chassis, the raw request):
    // through an Engine, or the daemon's pass-through, which checks the
    // caller's right to it and records a change in its audit log.
    virtual bridge::Result<bridge::Response> exchange(const bridge::Request& request, bridge::Resend resend) = 0;
    // Get Chassis Status (§28.2), as fresh as the source's other data, and
    // read again after a request that changes the chassis went through
    // exchange() (chassis::changes_chassis).
    virtual bridge::Result<chassis::ChassisStatus> chassis_status() = 0;
    // What was last asked of the system's power through this source
    // (power.hpp; the daemon's: whoever asked).
    [[nodiscard]] virtual PowerRequest power_request() const = 0;
    // What went wrong on the way that did not stop an answer (a bad SDR, an
    // unreadable SEL entry): shown to the user, never silently dropped.
    [[nodiscard]] virtual std::vector<std::string> problems() const = 0;
    // The inventory (issue 24), which changes rarely: the FRU devices as
    // read (fru/reader.hpp), the users of the BMC's LAN channels, Get
    // Device ID (the firmware) and the system GUID as text.
    virtual bridge::Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> fru_devices() = 0;
    virtual bridge::Result<std::shared_ptr<const bmc::Users>> bmc_users() = 0;
    virtual bridge::Result<bridge::DeviceId> device_identity() = 0;
    virtual bridge::Result<std::string> platform_guid() = 0;
};

// What an extrinsic method returned: its CIM return value and its OUT
// parameters (absent ones are NULL).
struct MethodResult {
    std::uint32_t return_value = 0;
    PropertyList out;
};

// Key=value as typed on a command line: matched against the text of a key.
using KeyTexts = std::vector<std::pair<std::string, std::string>>;

// The CIM operations, whoever answers them: the model here, or ipmiprovd
// (RemoteModel in remote.hpp).
class CimOperations {
public:
    virtual ~CimOperations() = default;
    CimOperations() = default;
    CimOperations(const CimOperations&) = delete;
    CimOperations& operator=(const CimOperations&) = delete;

    virtual bridge::Result<std::vector<Instance>> enumerate(std::string_view class_name) = 0;
    virtual bridge::Result<Instance> get(const ObjectPath& path) = 0;
    virtual bridge::Result<std::vector<Instance>> associators(const ObjectPath& path,
                                                              std::string_view association_class,
                                                              std::string_view result_class) = 0;
    virtual bridge::Result<std::vector<Instance>> references(const ObjectPath& path,
                                                             std::string_view association_class) = 0;
    virtual bridge::Result<Instance> modify(const ObjectPath& path, const PropertyList& changes) = 0;
    // `in`: the IN parameters, typed as the MOF declares them (unknown ones
    // and OUT-only ones are an invalid argument).
    virtual bridge::Result<MethodResult> invoke(const ObjectPath& path, std::string_view method,
                                                const PropertyList& in) = 0;
};

class CimModel final : public CimOperations {
public:
    explicit CimModel(DataSource& source, const Schema& schema = ipmiprov_schema())
        : source_(source), schema_(schema) {}

    [[nodiscard]] const Schema& schema() const { return schema_; }
    // Every instance of the class and its subclasses (a CIM_ parent name
    // returns ours that derive from it).
    bridge::Result<std::vector<Instance>> enumerate(std::string_view class_name) override;
    bridge::Result<Instance> get(const ObjectPath& path) override;
    // The one instance of the class whose keys have these texts; a subset of
    // the keys is enough when it picks one instance.
    bridge::Result<Instance> find(std::string_view class_name, const KeyTexts& keys);
    bridge::Result<std::vector<Instance>> associators(const ObjectPath& path, std::string_view association_class = {},
                                                      std::string_view result_class = {}) override;
    bridge::Result<std::vector<Instance>> references(const ObjectPath& path,
                                                     std::string_view association_class = {}) override;
    // ModifyInstance: only properties the MOF marks Write: for sensors only
    // thresholds SettableThresholds lists, for the identify LED its
    // ActivationState; written, read back, and the instance returned as the
    // BMC now has it.
    bridge::Result<Instance> modify(const ObjectPath& path, const PropertyList& changes) override;
    // Extrinsic methods (methods.cpp): IPMIProv_RecordLog.ClearLog(),
    // IPMIProv_PowerManagementService.RequestPowerStateChange(),
    // IPMIProv_ComputerSystem.RequestStateChange(), IPMIProv_BMC.RequestResponse().
    bridge::Result<MethodResult> invoke(const ObjectPath& path, std::string_view method,
                                        const PropertyList& in) override;

private:
    bridge::Result<std::vector<Instance>> instances_of(const ClassDef& def);
    bridge::Result<std::vector<Instance>> sensor_instances(const char* class_name);
    bridge::Result<std::vector<Instance>> log_records();
    // The inventory's classes (model_inventory.cpp); nullopt for the others.
    std::optional<bridge::Result<std::vector<Instance>>> inventory_instances(std::string_view class_name);
    bridge::Result<std::vector<Instance>> physical_elements();
    bridge::Result<std::vector<Instance>> accounts();
    // The inventory's instances of an association class, added to `out`.
    bridge::Status add_inventory_links(std::string_view class_name, const ObjectPath* touching,
                                       std::vector<Instance>& out);
    // `touching`: only those that may refer to it are needed (references).
    bridge::Result<std::vector<Instance>> associations(std::string_view class_name,
                                                       const ObjectPath* touching = nullptr);
    bridge::Result<const sensor::SensorDefinition*> sensor_definition(const ObjectPath& path);
    // Get Chassis Status through the source; none when the BMC did not answer
    // (the instances that show it leave those properties out or Unknown).
    std::optional<chassis::ChassisStatus> chassis_status();
    bridge::Result<Instance> modify_sensor(const ObjectPath& path, const ClassDef& def, const PropertyList& changes);
    bridge::Result<Instance> modify_identify_led(const ObjectPath& path, const PropertyList& changes);
    bridge::Result<MethodResult> clear_log(const ObjectPath& path, const PropertyList& in);
    bridge::Result<MethodResult> request_power_state_change(const ObjectPath& path, const PropertyList& in);
    bridge::Result<MethodResult> request_state_change(const ObjectPath& path, const PropertyList& in);
    bridge::Result<MethodResult> request_response(const ObjectPath& path, const PropertyList& in);
    // After the checks of either power method: the timeout, then the action.
    bridge::Result<MethodResult> change_power(const PropertyList& in, const chassis::ControlAction& action);
    [[nodiscard]] bridge::Exchange exchange();

    DataSource& source_;
    const Schema& schema_;
};

// A DataSource that asks the BMC through an Engine: the SDR from the cache
// (validated against the repository), readings and thresholds read once per
// source, the SEL read whole.
struct EngineSourceOptions {
    SystemIdentity system;
    sdr::CacheOptions cache;
    sdr::ReaderOptions reader;  // the SDR walk's (tests: a back-off without waiting)
    std::uint8_t bmc_address = 0x20;
    PowerRequest power_request;  // what was asked before this source (ipmiprov_refresh carries it over)
};

class EngineDataSource final : public DataSource {
public:
    EngineDataSource(bridge::Engine& engine, EngineSourceOptions options);
    SystemIdentity system() override { return options_.system; }
    bridge::Result<std::shared_ptr<const std::vector<sensor::SensorDefinition>>> definitions() override;
    bridge::Result<std::shared_ptr<const SensorSnapshot>> sensors() override;
    bridge::Result<SelState> sel_state() override;
    bridge::Result<std::shared_ptr<const SelSnapshot>> sel() override;
    bridge::Status clear_sel() override;
    bridge::Status write_threshold(const sensor::SensorDefinition& definition, sdr::ThresholdIndex index,
                                   std::uint8_t raw) override;
    bridge::Result<bridge::Response> exchange(const bridge::Request& request, bridge::Resend resend) override;
    bridge::Result<chassis::ChassisStatus> chassis_status() override;
    [[nodiscard]] PowerRequest power_request() const override { return power_request_; }
    [[nodiscard]] std::vector<std::string> problems() const override { return problems_; }
    bridge::Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> fru_devices() override;
    bridge::Result<std::shared_ptr<const bmc::Users>> bmc_users() override;
    bridge::Result<bridge::DeviceId> device_identity() override;
    bridge::Result<std::string> platform_guid() override;
    // The BMC's SEL UTC offset, asked once (nullopt: none, the clock is UTC).
    std::optional<std::int16_t> utc_offset();

private:
    bridge::Engine& engine_;
    EngineSourceOptions options_;
    std::shared_ptr<const sdr::Repository> repository_;
    std::shared_ptr<const std::vector<sensor::SensorDefinition>> definitions_;
    std::shared_ptr<const SensorSnapshot> sensors_;
    std::shared_ptr<const SelSnapshot> sel_;
    std::optional<std::optional<std::int16_t>> utc_offset_;
    std::optional<bridge::Result<chassis::ChassisStatus>> chassis_;  // an answer or the error, once per source
    std::optional<bridge::Result<bridge::DeviceId>> device_;
    std::optional<bridge::Result<std::string>> guid_;
    std::shared_ptr<const std::vector<fru::DeviceReport>> fru_;
    std::shared_ptr<const bmc::Users> users_;
    PowerRequest power_request_;
    std::vector<std::string> problems_;
};

}  // namespace ipmiprov::provider::cim

// The CIM model: the instances, associations and methods of the classes in
// cim-schemas/, over a DataSource that supplies IPMI data (the BMC through an
// Engine here; the daemon's cache later). What a CIM server adapter and
// `ipmiprov cim` both call.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bridge/engine.hpp"
#include "provider/cim/mapping.hpp"
#include "provider/cim/schema.hpp"
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
    // What went wrong on the way that did not stop an answer (a bad SDR, an
    // unreadable SEL entry): shown to the user, never silently dropped.
    [[nodiscard]] virtual std::vector<std::string> problems() const = 0;
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
    virtual bridge::Result<std::uint32_t> invoke(const ObjectPath& path, std::string_view method) = 0;
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
    // ModifyInstance: only properties the MOF marks Write, and for sensors
    // only thresholds SettableThresholds lists; written, read back, and the
    // instance returned as the BMC now has it.
    bridge::Result<Instance> modify(const ObjectPath& path, const PropertyList& changes) override;
    // Extrinsic methods: IPMIProv_RecordLog.ClearLog(). The CIM return value.
    bridge::Result<std::uint32_t> invoke(const ObjectPath& path, std::string_view method) override;

private:
    bridge::Result<std::vector<Instance>> instances_of(const ClassDef& def);
    bridge::Result<std::vector<Instance>> sensor_instances(const char* class_name);
    bridge::Result<std::vector<Instance>> log_records();
    bridge::Result<std::vector<Instance>> associations(std::string_view class_name);
    bridge::Result<const sensor::SensorDefinition*> sensor_definition(const ObjectPath& path);

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
    [[nodiscard]] std::vector<std::string> problems() const override { return problems_; }
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
    std::vector<std::string> problems_;
};

}  // namespace ipmiprov::provider::cim

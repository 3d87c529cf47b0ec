#include "provider/cim/model.hpp"

#include <algorithm>

#include "provider/chassis/control.hpp"
#include "provider/cim/bmc.hpp"
#include "provider/cim/indicator.hpp"
#include "provider/cim/inventory.hpp"
#include "provider/cim/power.hpp"
#include "provider/sel/reader.hpp"

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

struct AssociationRoles {
    const char* class_name;
    const char* role_a;
    const char* role_b;
};
constexpr std::array<AssociationRoles, 13> kAssociations{{
    {kSystemDeviceClass, "GroupComponent", "PartComponent"},
    {kUseOfLogClass, "Antecedent", "Dependent"},
    {kLogManagesRecordClass, "Log", "Record"},
    {kConformsClass, "ConformantStandard", "ManagedElement"},
    {kAssociatedPowerClass, "ServiceProvided", "UserOfService"},
    {kElementCapabilitiesClass, "ManagedElement", "Capabilities"},
    {kHostedServiceClass, "Antecedent", "Dependent"},
    {kAssociatedIndicatorClass, "Antecedent", "Dependent"},
    {kSystemPackageClass, "Antecedent", "Dependent"},
    {kContainerClass, "GroupComponent", "PartComponent"},
    {kElementSoftwareClass, "Antecedent", "Dependent"},
    {kInstalledSoftwareClass, "System", "InstalledSoftware"},
    {kAccountOnSystemClass, "GroupComponent", "PartComponent"},
}};

const AssociationRoles* roles_of(std::string_view class_name) {
    for (const auto& roles : kAssociations)
        if (same_name(roles.class_name, class_name)) return &roles;
    return nullptr;
}

// A key's value as a user types it: strings unquoted, numbers in decimal.
std::string key_text(const Value& value) {
    if (const auto* text = value.as_string()) return *text;
    if (const auto* path = value.as_reference()) return path->to_string();
    return value_text(value);
}

std::string class_list(const Schema& schema) {
    std::string out;
    for (const auto& def : schema.classes()) out += (out.empty() ? "" : ", ") + def.name;
    return out;
}

Result<std::vector<Instance>> matching(Result<std::vector<Instance>> all, const ObjectPath& path) {
    if (!all.ok()) return all;
    std::vector<Instance> out;
    for (auto& instance : *all)
        if (path_of(instance) == path) out.push_back(std::move(instance));
    return out;
}

}  // namespace

Result<std::vector<Instance>> CimModel::enumerate(std::string_view class_name) {
    if (!schema_.knows(class_name))
        return make_error(ErrorKind::InvalidArgument, "unknown class " + std::string(class_name) +
                                                          "; ipmiprov serves " + class_list(schema_) +
                                                          " and the CIM_ classes they derive from");
    std::vector<Instance> out;
    for (const auto& def : schema_.classes()) {
        if (!schema_.is_a(def.name, class_name)) continue;
        auto instances = instances_of(def);
        if (!instances.ok()) return instances;
        std::move(instances->begin(), instances->end(), std::back_inserter(out));
    }
    return out;
}

Result<std::vector<Instance>> CimModel::instances_of(const ClassDef& def) {
    const auto& name = def.name;
    // Indications are delivered to subscribers (provider/cim/indications.hpp), never held.
    if (def.indication) return std::vector<Instance>{};
    if (same_name(name, kSystemClass)) {
        auto system = computer_system_instance(source_.system());
        const auto status = chassis_status();  // first: a source may bring the request with it
        set_system_power_state(system, status, source_.power_request());
        return std::vector<Instance>{std::move(system)};
    }
    if (same_name(name, kNumericSensorClass) || same_name(name, kSensorClass))
        return sensor_instances(def.name.c_str());
    if (same_name(name, kRecordLogClass)) {
        auto state = source_.sel_state();
        if (!state.ok()) return state.error();
        return std::vector<Instance>{record_log_instance(*state)};
    }
    if (same_name(name, kLogRecordClass)) return log_records();
    if (same_name(name, kRegisteredProfileClass)) return registered_profile_instances();
    if (same_name(name, kPowerServiceClass)) return std::vector<Instance>{power_service_instance(source_.system())};
    if (same_name(name, kPowerCapabilitiesClass)) return std::vector<Instance>{power_capabilities_instance()};
    if (same_name(name, kIndicatorLEDClass))
        return std::vector<Instance>{identify_led_instance(source_.system(), chassis_status())};
    if (same_name(name, kIndicatorCapabilitiesClass)) return std::vector<Instance>{indicator_capabilities_instance()};
    if (same_name(name, kBmcClass)) return std::vector<Instance>{bmc_instance(source_.system())};
    if (auto inventory = inventory_instances(name)) return std::move(*inventory);
    if (def.association) return associations(name);
    return make_error(ErrorKind::Unsupported, "no instances are served for " + name);
}

std::optional<chassis::ChassisStatus> CimModel::chassis_status() {
    auto status = source_.chassis_status();
    if (status.ok()) return *status;
    return std::nullopt;
}

Result<std::vector<Instance>> CimModel::sensor_instances(const char* class_name) {
    auto snapshot = source_.sensors();
    if (!snapshot.ok()) return snapshot.error();
    const auto system = source_.system();
    std::vector<Instance> out;
    for (const auto& value : (*snapshot)->values) {
        if (same_name(is_numeric_sensor(*value.definition) ? kNumericSensorClass : kSensorClass, class_name))
            out.push_back(sensor_instance(system, value));
    }
    return out;
}

Result<std::vector<Instance>> CimModel::log_records() {
    auto sel = source_.sel();
    if (!sel.ok()) return sel.error();
    auto definitions = source_.definitions();  // names only: the records stand without them
    LogRecordContext context{(*sel)->state.utc_offset_minutes, definitions.ok() ? definitions->get() : nullptr};
    std::vector<Instance> out;
    out.reserve((*sel)->entries.size());
    for (const auto& entry : (*sel)->entries) out.push_back(log_record_instance(entry, context));
    return out;
}

Result<std::vector<Instance>> CimModel::associations(std::string_view class_name, const ObjectPath* touching) {
    const auto* roles = roles_of(class_name);
    if (!roles) return make_error(ErrorKind::Unsupported, "no instances are served for " + std::string(class_name));
    const auto system = source_.system();
    if (same_name(class_name, kAssociatedPowerClass)) {
        // The power state is read from the BMC: only when asked about the system or its service.
        if (touching && !(*touching == system_path(system)) && !(*touching == power_service_path(system)))
            return std::vector<Instance>{};
        const auto status = chassis_status();  // first: a source may bring the request with it
        return std::vector<Instance>{associated_power_instance(system, status, source_.power_request())};
    }
    std::vector<Instance> out;
    auto add = [&](const ObjectPath& a, const ObjectPath& b) {
        out.push_back(association_instance(roles->class_name, roles->role_a, a, roles->role_b, b));
    };
    const bool sensors = same_name(class_name, kSystemDeviceClass) || same_name(class_name, kConformsClass);
    if (sensors) {
        auto definitions = source_.definitions();
        if (!definitions.ok()) return definitions.error();
        for (const auto& d : **definitions) {
            if (same_name(class_name, kSystemDeviceClass))
                add(system_path(system), sensor_path(system, d));
            else
                add(path_of(registered_profile_instances()[0]), sensor_path(system, d));
        }
    }
    if (same_name(class_name, kSystemDeviceClass)) {
        add(system_path(system), identify_led_path(system));
        add(system_path(system), bmc_path(system));
    }
    if (same_name(class_name, kConformsClass)) {
        const auto profiles = registered_profile_instances();
        add(path_of(profiles[1]), record_log_path());
        add(path_of(profiles[2]), power_service_path(system));
        add(path_of(profiles[3]), identify_led_path(system));
    }
    if (same_name(class_name, kElementCapabilitiesClass)) {
        add(power_service_path(system), power_capabilities_path());
        add(identify_led_path(system), indicator_capabilities_path());
    }
    if (same_name(class_name, kAssociatedIndicatorClass)) add(system_path(system), identify_led_path(system));
    if (same_name(class_name, kHostedServiceClass)) add(system_path(system), power_service_path(system));
    if (same_name(class_name, kUseOfLogClass)) add(record_log_path(), system_path(system));
    if (same_name(class_name, kLogManagesRecordClass)) {
        auto records = log_records();
        if (!records.ok()) return records;
        for (const auto& record : *records) add(record_log_path(), path_of(record));
    }
    if (auto inventory = add_inventory_links(class_name, touching, out); !inventory.ok()) return inventory.error();
    return out;
}

Result<Instance> CimModel::get(const ObjectPath& path) {
    if (!schema_.find(path.class_name))
        return make_error(ErrorKind::InvalidArgument, "unknown class " + path.class_name);
    auto found = matching(enumerate(path.class_name), path);
    if (!found.ok()) return found.error();
    if (found->empty()) return make_error(ErrorKind::NotFound, "no instance " + path.to_string());
    return std::move(found->front());
}

Result<Instance> CimModel::find(std::string_view class_name, const KeyTexts& keys) {
    const auto* def = schema_.find(class_name);
    if (!def)
        return make_error(ErrorKind::InvalidArgument,
                          "unknown class " + std::string(class_name) + "; ipmiprov serves " + class_list(schema_));
    for (const auto& [name, text] : keys) {
        const auto* property = def->property(name);
        if (!property || !property->key)
            return make_error(ErrorKind::InvalidArgument, name + " is not a key of " + def->name);
    }
    auto all = enumerate(def->name);
    if (!all.ok()) return all.error();
    std::vector<Instance> hits;
    for (auto& instance : *all) {
        if (!same_name(instance.class_name, def->name)) continue;
        const bool match = std::all_of(keys.begin(), keys.end(), [&](const auto& key) {
            const auto* value = instance.property(key.first);
            return value && key_text(*value) == key.second;
        });
        if (match) hits.push_back(std::move(instance));
    }
    if (hits.empty()) return make_error(ErrorKind::NotFound, "no " + def->name + " has those keys");
    if (hits.size() > 1)
        return make_error(ErrorKind::InvalidArgument, std::to_string(hits.size()) + " instances of " + def->name +
                                                          " match; give more keys (e.g. DeviceID=...)");
    return std::move(hits.front());
}

Result<std::vector<Instance>> CimModel::references(const ObjectPath& path, std::string_view association_class) {
    std::vector<Instance> out;
    for (const auto& roles : kAssociations) {
        if (!association_class.empty() && !schema_.is_a(roles.class_name, association_class)) continue;
        auto all = associations(roles.class_name, &path);
        if (!all.ok()) return all;
        for (auto& instance : *all) {
            const auto* a = instance.property(roles.role_a)->as_reference();
            const auto* b = instance.property(roles.role_b)->as_reference();
            if ((a && *a == path) || (b && *b == path)) out.push_back(std::move(instance));
        }
    }
    return out;
}

Result<std::vector<Instance>> CimModel::associators(const ObjectPath& path, std::string_view association_class,
                                                    std::string_view result_class) {
    auto links = references(path, association_class);
    if (!links.ok()) return links;
    std::vector<ObjectPath> targets;
    for (const auto& link : *links) {
        const auto* roles = roles_of(link.class_name);
        const auto* a = link.property(roles->role_a)->as_reference();
        const auto* b = link.property(roles->role_b)->as_reference();
        const auto* other = (*a == path) ? b : a;
        if (result_class.empty() || schema_.is_a(other->class_name, result_class)) targets.push_back(*other);
    }
    // One enumeration per target class, not one per target.
    std::vector<Instance> out;
    std::vector<std::string> classes;
    for (const auto& t : targets)
        if (std::none_of(classes.begin(), classes.end(), [&](const auto& c) { return same_name(c, t.class_name); }))
            classes.push_back(t.class_name);
    for (const auto& cls : classes) {
        auto all = enumerate(cls);
        if (!all.ok()) return all;
        for (auto& instance : *all) {
            const auto p = path_of(instance);
            if (std::any_of(targets.begin(), targets.end(), [&](const ObjectPath& t) { return t == p; }))
                out.push_back(std::move(instance));
        }
    }
    return out;
}

Result<const sensor::SensorDefinition*> CimModel::sensor_definition(const ObjectPath& path) {
    auto definitions = source_.definitions();
    if (!definitions.ok()) return definitions.error();
    const auto system = source_.system();
    for (const auto& d : **definitions)
        if (sensor_path(system, d) == path) return &d;
    return make_error(ErrorKind::NotFound, "no sensor " + path.to_string());
}

Result<Instance> CimModel::modify(const ObjectPath& path, const PropertyList& changes) {
    const auto* def = schema_.find(path.class_name);
    if (!def) return make_error(ErrorKind::InvalidArgument, "unknown class " + path.class_name);
    for (const auto& [name, value] : changes) {
        const auto* property = def->property(name);
        if (!property) return make_error(ErrorKind::InvalidArgument, def->name + " has no property " + name);
        if (!property->write) return make_error(ErrorKind::InvalidArgument, def->name + "." + name + " is read-only");
    }
    if (same_name(def->name, kIndicatorLEDClass)) return modify_identify_led(path, changes);
    return modify_sensor(path, *def, changes);
}

Result<Instance> CimModel::modify_identify_led(const ObjectPath& path, const PropertyList& changes) {
    if (!(path == identify_led_path(source_.system())))
        return make_error(ErrorKind::NotFound, "no instance " + path.to_string());
    const auto* state = find_value(changes, "ActivationState");
    if (state == nullptr) return get(path);
    const auto wanted = state->as_integer();
    if (!wanted) return make_error(ErrorKind::InvalidArgument, "ActivationState takes an integer: 3 or 4");
    auto request = identify_for_activation_state(*wanted);
    if (!request.ok()) return request.error();
    if (auto done = chassis::identify(exchange(), *request); !done.ok()) return done.error();
    return get(path);
}

Result<Instance> CimModel::modify_sensor(const ObjectPath& path, const ClassDef& def, const PropertyList& changes) {
    auto current = get(path);
    if (!current.ok()) return current.error();
    auto definition = sensor_definition(path);
    if (!definition.ok()) return definition.error();
    const auto unit_modifier = current->property("UnitModifier")->as_integer().value_or(0);
    const auto* settable = current->property("SettableThresholds");
    for (const auto& change : changes) {
        const auto& name = change.first;
        const auto& value = change.second;
        const auto& thresholds = threshold_properties();
        const auto t = std::find_if(thresholds.begin(), thresholds.end(),
                                    [&](const ThresholdProperty& p) { return same_name(p.name, name); });
        if (t == thresholds.end())
            return make_error(ErrorKind::Unsupported, def.name + "." + name + " cannot be written by ipmiprov");
        const bool allowed =
            settable && std::any_of(settable->items.begin(), settable->items.end(),
                                    [&](const Item& i) { return std::get<std::uint64_t>(i) == t->cim_value; });
        if (!allowed)
            return make_error(ErrorKind::Unsupported,
                              std::string(t->name) + " of " + (*definition)->common.name +
                                  " is not settable: the sensor's SDR does not allow it (see SettableThresholds)");
        const auto wanted = value.as_integer();
        if (!wanted) return make_error(ErrorKind::InvalidArgument, std::string(t->name) + " takes an integer");
        auto raw = raw_for_cim_value(**definition, *wanted, static_cast<int>(unit_modifier));
        if (!raw.ok()) return make_error(raw.error().kind, std::string(t->name) + ": " + raw.error().message);
        if (auto written = source_.write_threshold(**definition, t->index, *raw); !written.ok())
            return bridge::Error{written.error().kind, std::string(t->name) + ": " + written.error().message,
                                 written.error().completion_code};
    }
    return get(path);
}

// ---- EngineDataSource

EngineDataSource::EngineDataSource(bridge::Engine& engine, EngineSourceOptions options)
    : engine_(engine), options_(std::move(options)), power_request_(options_.power_request) {}

Result<std::shared_ptr<const std::vector<sensor::SensorDefinition>>> EngineDataSource::definitions() {
    if (definitions_) return definitions_;
    auto opened = sdr::open_repository(engine_, sdr::CacheKey{engine_.transport_description(), 0, 0, 0}, options_.cache,
                                       options_.reader);
    if (!opened.ok()) return opened.error();
    if (opened->cache_note) problems_.push_back("note: " + *opened->cache_note);
    for (const auto& problem : opened->repository.problems) problems_.push_back("SDR: " + problem);
    repository_ = std::make_shared<const sdr::Repository>(std::move(opened->repository));
    definitions_ =
        std::make_shared<const std::vector<sensor::SensorDefinition>>(sensor::sensor_definitions(*repository_));
    return definitions_;
}

Result<std::shared_ptr<const SensorSnapshot>> EngineDataSource::sensors() {
    if (sensors_) return sensors_;
    auto defs = definitions();
    if (!defs.ok()) return defs.error();
    auto snapshot = std::make_shared<SensorSnapshot>();
    snapshot->repository = repository_;
    snapshot->definitions = *defs;
    sensor::SensorReader reader(engine_, sensor::SensorReadOptions{true, options_.bmc_address});
    snapshot->samples.reserve(snapshot->definitions->size());
    snapshot->values.reserve(snapshot->definitions->size());
    for (const auto& d : *snapshot->definitions) {
        snapshot->samples.push_back(reader.sample(d));
        snapshot->values.push_back(sensor::evaluate(d, snapshot->samples.back(), true));
    }
    sensors_ = std::move(snapshot);
    return sensors_;
}

std::optional<std::int16_t> EngineDataSource::utc_offset() {
    if (!utc_offset_) {
        sel::SelReader reader(engine_);
        auto offset = reader.utc_offset_minutes();
        utc_offset_ = offset.ok() ? *offset : std::nullopt;  // no offset command: the clock is UTC
    }
    return *utc_offset_;
}

Result<SelState> EngineDataSource::sel_state() {
    if (sel_) return sel_->state;
    sel::SelReader reader(engine_);
    auto info = reader.info();
    if (!info.ok()) return info.error();
    return SelState{*info, utc_offset()};
}

Result<std::shared_ptr<const SelSnapshot>> EngineDataSource::sel() {
    if (sel_) return sel_;
    sel::SelReader reader(engine_);
    auto read = reader.read_all();
    if (!read.ok()) return read.error();
    for (const auto& problem : read->problems) problems_.push_back("SEL: " + problem);
    auto snapshot = std::make_shared<SelSnapshot>();
    snapshot->state = SelState{read->info, utc_offset()};
    snapshot->entries = std::move(read->entries);
    sel_ = std::move(snapshot);
    return sel_;
}

bridge::Status EngineDataSource::clear_sel() {
    sel_.reset();
    sel::SelReader reader(engine_);
    return reader.clear();
}

Result<bridge::Response> EngineDataSource::exchange(const bridge::Request& request, bridge::Resend resend) {
    auto response = engine_.send(request, resend);
    if (chassis::changes_chassis(request)) chassis_.reset();
    if (response.ok()) power_request_ = power_request_after(power_request_, request, *response);
    return response;
}

Result<chassis::ChassisStatus> EngineDataSource::chassis_status() {
    if (!chassis_) chassis_ = chassis::read_status(engine_);
    return *chassis_;
}

bridge::Status EngineDataSource::write_threshold(const sensor::SensorDefinition& definition, sdr::ThresholdIndex index,
                                                 std::uint8_t raw) {
    sensors_.reset();  // the next read shows what the BMC now has
    sensor::SensorReader reader(engine_, sensor::SensorReadOptions{true, options_.bmc_address});
    return reader.write_threshold(definition, index, raw);
}

}  // namespace ipmiprov::provider::cim

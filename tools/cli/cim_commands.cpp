// `ipmiprov cim`: the CIM model as a CIM server's provider serves it, for
// diagnosis without a server. Thin over provider/cim.
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "provider/cim/model.hpp"
#include "provider/cim/remote.hpp"
#include "provider/cim/render.hpp"
#include "provider/cim/value_parse.hpp"

namespace ipmiprov::cli {
namespace {

namespace cim = provider::cim;
using bridge::ErrorKind;
using bridge::make_error;

int fail_cim(Streams streams, const bridge::Error& error) {
    streams.err << "ipmiprov: " << error.message << '\n';
    // "No such instance" is an answer about the model, not a lost device.
    return error.kind == ErrorKind::NotFound ? kExitCommandFailed : exit_code_for(error);
}

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

cim::KeyTexts key_texts(const std::vector<std::string>& args, std::size_t first) {
    cim::KeyTexts keys;
    for (std::size_t i = first; i < args.size(); ++i) {
        const auto equals = args[i].find('=');  // checked when parsing the command line
        keys.emplace_back(args[i].substr(0, equals), args[i].substr(equals + 1));
    }
    return keys;
}

// A property value typed as the MOF declares it (the model says which it writes).
bridge::Result<cim::Value> typed_value(const cim::ClassDef& def, const std::string& name, const std::string& text) {
    const auto* property = def.property(name);
    if (!property) return make_error(ErrorKind::InvalidArgument, def.name + " has no property " + name);
    if (property->type == cim::Type::Reference)
        return make_error(ErrorKind::InvalidArgument, def.name + "." + name + " cannot be written by ipmiprov");
    auto value = cim::value_from_text(property->type, property->is_array, text);
    if (!value.ok()) return make_error(ErrorKind::InvalidArgument, name + ": " + value.error().message);
    return value;
}

void print(const std::vector<cim::Instance>& instances, const CliOptions& options, Streams streams) {
    if (options.cim_format == "json") {
        streams.out << cim::instances_json(instances);
        return;
    }
    for (std::size_t i = 0; i < instances.size(); ++i)
        streams.out << (i ? "\n" : "") << cim::instance_mof(instances[i]);
}

void report_problems(const cim::DataSource& source, Streams streams) {
    for (const auto& problem : source.problems()) streams.err << "ipmiprov: " << problem << '\n';
}

int run_modify(cim::CimModel& model, cim::CimOperations& writer, const cim::Instance& target, const CliOptions& options,
               Streams streams) {
    const auto* def = model.schema().find(target.class_name);
    cim::PropertyList changes;
    for (const auto& [name, text] : options.cim_properties) {
        auto value = typed_value(*def, name, text);
        if (!value.ok()) return fail_cim(streams, value.error());
        changes.emplace_back(name, *value);
    }
    auto modified = writer.modify(cim::path_of(target), changes);
    if (!modified.ok()) return fail_cim(streams, modified.error());
    print({*modified}, options, streams);
    return kExitOk;
}

// A --param's value, typed as the method declares it; a reference is
// Class.Key=Value,... and names the one instance that has those keys.
bridge::Result<cim::Value> parameter_value(cim::CimModel& model, const cim::PropertyDef& declared,
                                           const std::string& text) {
    if (declared.type != cim::Type::Reference) return cim::value_from_text(declared.type, declared.is_array, text);
    const auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0)
        return make_error(ErrorKind::InvalidArgument, "a reference is Class.Key=Value,..., not \"" + text + "\"");
    std::vector<std::string> words{text.substr(0, dot)};
    for (std::size_t start = dot + 1; start <= text.size();) {
        const auto comma = std::min(text.find(',', start), text.size());
        words.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    for (std::size_t i = 1; i < words.size(); ++i)
        if (words[i].find('=') == std::string::npos)
            return make_error(ErrorKind::InvalidArgument, "a reference's key is Key=Value, not \"" + words[i] + "\"");
    auto found = model.find(words[0], key_texts(words, 1));
    if (!found.ok()) return found.error();
    return cim::Value::reference(cim::path_of(*found));
}

bridge::Result<cim::PropertyList> parameters(cim::CimModel& model, const cim::ObjectPath& target,
                                             const std::string& method, const CliOptions& options) {
    const auto* def = model.schema().find(target.class_name);
    const auto* declared = def ? def->method(method) : nullptr;
    cim::PropertyList in;
    if (!declared) return in;  // the model names what is missing
    for (const auto& [name, text] : options.cim_params) {
        const auto* parameter = declared->parameter(name);
        if (!parameter) {
            in.emplace_back(name, cim::Value::string(text));  // the model names the parameters it takes
            continue;
        }
        auto value = parameter_value(model, parameter->value, text);
        if (!value.ok())
            return make_error(ErrorKind::InvalidArgument, "--param " + name + ": " + value.error().message);
        in.emplace_back(parameter->value.name, std::move(*value));
    }
    return in;
}

int run_invoke(cim::CimModel& model, cim::CimOperations& writer, const CliOptions& options, Streams streams) {
    auto target = model.find(options.args[1], key_texts(options.args, 3));
    if (!target.ok()) return fail_cim(streams, target.error());
    const auto path = cim::path_of(*target);
    auto in = parameters(model, path, options.args[2], options);
    if (!in.ok()) return fail_cim(streams, in.error());
    auto result = writer.invoke(path, options.args[2], *in);
    if (!result.ok()) return fail_cim(streams, result.error());
    if (options.cim_format == "json") {
        nlohmann::ordered_json json{{"ReturnValue", result->return_value}, {"OutParameters", nlohmann::json::object()}};
        for (const auto& [name, value] : result->out) json["OutParameters"][name] = cim::value_text(value);
        streams.out << json.dump(2) << '\n';
    } else {
        streams.out << "ReturnValue = " << result->return_value << ";\n";
        for (const auto& [name, value] : result->out) streams.out << name << " = " << cim::value_text(value) << ";\n";
    }
    return kExitOk;
}

int run_on_instance(cim::CimModel& model, cim::CimOperations& writer, const std::string& sub, const CliOptions& options,
                    Streams streams) {
    auto target = model.find(options.args[1], key_texts(options.args, 2));
    if (!target.ok()) return fail_cim(streams, target.error());
    if (sub == "get") {
        print({*target}, options, streams);
        return kExitOk;
    }
    if (sub == "modify") return run_modify(model, writer, *target, options, streams);
    const auto path = cim::path_of(*target);
    auto related = sub == "associators" ? model.associators(path, options.association_class.value_or(""),
                                                            options.result_class.value_or(""))
                                        : model.references(path, options.association_class.value_or(""));
    if (!related.ok()) return fail_cim(streams, related.error());
    print(*related, options, streams);
    return kExitOk;
}

// `cim get` of a sensor by its DeviceID through the daemon: a stale
// snapshot has the daemon read just that sensor, not a round.
void prefetch_one_sensor(Snapshots& snapshots, const CliOptions& options) {
    const auto& schema = cim::ipmiprov_schema();
    if (!schema.knows(options.args[1]) || !schema.is_a(options.args[1], "CIM_Sensor")) return;
    const auto keys = key_texts(options.args, 2);
    const auto id = std::find_if(keys.begin(), keys.end(), [](const auto& key) { return key.first == "DeviceID"; });
    if (id == keys.end()) return;
    auto definitions = snapshots.definitions();
    if (!definitions.ok()) return;  // the model asks again and says what is wrong
    std::vector<std::size_t> picked;
    for (std::size_t i = 0; i < (*definitions)->size(); ++i)
        if (cim::device_id((**definitions)[i].common.key) == id->second) picked.push_back(i);
    (void)snapshots.sensors_of(std::move(picked));
}

}  // namespace

cim::SystemIdentity system_identity(const CliOptions& options, const bridge::Engine& engine) {
    cim::SystemIdentity system;
    system.name = options.connect.lan ? options.connect.lan->host : engine.system_name().value_or(host_name());
    system.transport = engine.transport_description();
    return system;
}

int run_cim_classes(const CliOptions& options, Streams streams) {
    streams.out << (options.cim_format == "json" ? cim::classes_json() : cim::classes_text());
    return kExitOk;
}

int run_cim(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    const auto& sub = options.args[0];
    if (sub == "classes") return run_cim_classes(options, streams);
    cim::EngineSourceOptions source_options;
    source_options.system = system_identity(options, engine);
    // The SDR gives the conversion factors, so the cache is checked against
    // the repository first, as for `sensors`.
    source_options.cache =
        provider::sdr::CacheOptions{!options.no_cache, options.flush_cache, cache_directory(options)};
    cim::EngineDataSource engine_source(engine, source_options);
    // Through ipmiprovd, reads come from its snapshots, and a write (modify,
    // invoke) is the daemon's: one CIM write, for its write group only, in
    // its audit log as such (as a CIM server's through the provider).
    cim::DataSource& source =
        snapshots ? static_cast<cim::DataSource&>(*snapshots) : static_cast<cim::DataSource&>(engine_source);
    if (snapshots && sub == "get") prefetch_one_sensor(*snapshots, options);
    cim::CimModel model(source);
    std::unique_ptr<cim::RemoteModel> daemon_model;
    if (snapshots && (sub == "modify" || sub == "invoke")) {
        auto connected = cim::RemoteModel::connect(snapshots->client().socket_path(), options.timeout);
        if (!connected.ok()) return fail_cim(streams, connected.error());
        daemon_model = std::move(*connected);
    }
    cim::CimOperations& writer =
        daemon_model ? static_cast<cim::CimOperations&>(*daemon_model) : static_cast<cim::CimOperations&>(model);
    int code = kExitOk;
    if (sub == "enumerate") {
        auto instances = model.enumerate(options.args[1]);
        code = instances.ok() ? (print(*instances, options, streams), kExitOk) : fail_cim(streams, instances.error());
    } else if (sub == "invoke") {
        code = run_invoke(model, writer, options, streams);
    } else {
        code = run_on_instance(model, writer, sub, options, streams);
    }
    report_problems(source, streams);
    return code;
}

}  // namespace ipmiprov::cli

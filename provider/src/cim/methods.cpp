// The CIM model's extrinsic methods (issue 23): the IN parameters checked
// against the MOF's declaration, then one handler per class and method.
// Return values are the methods' ValueMaps (DSP1027, CIM_EnabledLogicalElement):
// 0 Completed with No Error, 4098 Use of Timeout Parameter Not Supported;
// what the BMC refuses is an error naming the command and its code.
#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "provider/chassis/control.hpp"
#include "provider/cim/bmc.hpp"
#include "provider/cim/model.hpp"
#include "provider/cim/power.hpp"
#include "provider/cim/value_parse.hpp"

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

constexpr std::uint32_t kCompleted = 0;
constexpr std::uint32_t kTimeoutNotSupported = 4098;

// A datetime parameter that says "now" / "no requirement": absent, or the
// zero interval (DSP0004: "00000000000000.000000:000"), as the methods'
// descriptions read 0.
bool given_and_not_zero(const PropertyList& in, std::string_view name) {
    const auto* value = find_value(in, name);
    if (value == nullptr) return false;
    const auto* text = value->as_string();
    if (text == nullptr || text->size() != 25 || !text->ends_with(":000")) return true;
    return text->substr(0, 21) != "00000000000000.000000";
}

// A uint16 parameter's value, when given and in range.
std::optional<std::uint16_t> u16_in(const PropertyList& in, std::string_view name) {
    const auto* value = find_value(in, name);
    const auto number = value ? value->as_integer() : std::nullopt;
    if (!number || *number < 0 || *number > 0xFFFF) return std::nullopt;
    return static_cast<std::uint16_t>(*number);
}

std::string parameter_names(const MethodDef& method) {
    std::string names;
    for (const auto& p : method.parameters)
        if (p.in) names.append(names.empty() ? "" : ", ").append(p.value.name);
    return names.empty() ? "none" : names;
}

std::string declared_type(const PropertyDef& def) {
    std::string text = def.type == Type::Reference ? def.reference_class + " REF" : std::string(type_name(def.type));
    return def.is_array ? text + "[]" : text;
}

// "where: what", built by appending (no temporaries).
bridge::Error invalid(const std::string& where, std::initializer_list<std::string_view> parts) {
    std::string message = where;
    for (const auto part : parts) message.append(part);
    return make_error(ErrorKind::InvalidArgument, message);
}

std::string integer_text(const Item& item) {
    if (const auto* u = std::get_if<std::uint64_t>(&item)) return std::to_string(*u);
    if (const auto* i = std::get_if<std::int64_t>(&item)) return std::to_string(*i);
    return {};
}

bool is_integer(Type type) {
    return type != Type::Boolean && type != Type::Real32 && type != Type::Real64 && type != Type::String &&
           type != Type::Datetime && type != Type::Reference;
}

// A parameter as the MOF declares it: as given, or an integer of another
// width (a broker or gateway's own type) within the declared range, or text
// (an untyped argument) read as the declared type.
bridge::Result<Value> as_declared(const Value& value, const PropertyDef& declared) {
    if (value.type == declared.type && value.is_array == declared.is_array &&
        (value.is_array || value.items.size() == 1))
        return value;
    if (value.is_array != declared.is_array || (!value.is_array && value.items.size() != 1))
        return make_error(ErrorKind::InvalidArgument, "is " + declared_type(declared));
    if (value.type == Type::String && declared.type != Type::Reference) {
        std::string text;
        for (std::size_t i = 0; i < value.items.size(); ++i) {
            const auto* item = std::get_if<std::string>(&value.items[i]);
            if (item == nullptr) return make_error(ErrorKind::InvalidArgument, "is " + declared_type(declared));
            text.append(i == 0 ? "" : ",").append(*item);
        }
        return value_from_text(declared.type, declared.is_array, text);
    }
    if (is_integer(value.type) && is_integer(declared.type)) {
        Value out{declared.type, declared.is_array, {}};
        for (const auto& item : value.items) {
            const auto text = integer_text(item);
            auto converted = value_from_text(declared.type, false, text);  // its range checks
            if (!converted.ok()) return converted.error();
            out.items.push_back(converted->items.front());
        }
        return out;
    }
    return make_error(ErrorKind::InvalidArgument, "is " + declared_type(declared));
}

// The IN parameters, each declared IN, once, and typed as declared.
bridge::Result<PropertyList> typed_parameters(const ClassDef& def, const MethodDef& method, const PropertyList& in) {
    std::string where = def.name;
    where.append(".").append(method.name);
    PropertyList out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto& [name, value] = in[i];
        const auto* parameter = method.parameter(name);
        if (!parameter) return invalid(where, {" has no parameter ", name, "; it takes ", parameter_names(method)});
        if (!parameter->in) return invalid(name, {" is an OUT parameter of ", where});
        for (std::size_t j = 0; j < i; ++j)
            if (same_name(in[j].first, name)) return invalid(where, {": ", name, " is given twice"});
        auto typed = as_declared(value, parameter->value);
        if (!typed.ok()) return invalid(where, {": ", name, " ", typed.error().message});
        out.emplace_back(parameter->value.name, std::move(*typed));
    }
    return out;
}

// The same instance whatever namespace a client wrote into the reference.
bool same_target(const ObjectPath& a, const ObjectPath& b) {
    ObjectPath left = a;
    left.name_space = b.name_space;
    return left == b;
}

std::string power_states_text() {
    std::string text;
    for (const auto& entry : power_state_actions())
        text.append(text.empty() ? "" : ", ")
            .append(std::to_string(entry.power_state))
            .append(" (")
            .append(entry.action)
            .append(")");
    return text;
}

}  // namespace

Result<MethodResult> CimModel::invoke(const ObjectPath& path, std::string_view method, const PropertyList& in) {
    const auto* def = schema_.find(path.class_name);
    const auto* declared = def ? def->method(method) : nullptr;
    if (!declared) {
        std::string methods;
        for (const auto& m : def ? def->methods : std::vector<MethodDef>{})
            methods.append(methods.empty() ? "" : ", ").append(m.name).append("()");
        return make_error(ErrorKind::InvalidArgument, path.class_name + " has no method " + std::string(method) +
                                                          (methods.empty() ? "" : "; it has " + methods));
    }
    auto parameters = typed_parameters(*def, *declared, in);
    if (!parameters.ok()) return parameters.error();
    using Handler = Result<MethodResult> (CimModel::*)(const ObjectPath&, const PropertyList&);
    struct Method {
        const char* class_name;
        const char* method;
        Handler handler;
    };
    static const std::array<Method, 4> kMethods{{
        {kRecordLogClass, "ClearLog", &CimModel::clear_log},
        {kPowerServiceClass, "RequestPowerStateChange", &CimModel::request_power_state_change},
        {kSystemClass, "RequestStateChange", &CimModel::request_state_change},
        {kBmcClass, "RequestResponse", &CimModel::request_response},
    }};
    for (const auto& entry : kMethods)
        if (same_name(entry.class_name, def->name) && same_name(entry.method, declared->name))
            return (this->*entry.handler)(path, *parameters);
    return make_error(ErrorKind::Unsupported, def->name + "." + declared->name + " is not implemented by ipmiprov");
}

Result<MethodResult> CimModel::clear_log(const ObjectPath& path, const PropertyList&) {
    if (!(path == record_log_path())) return make_error(ErrorKind::NotFound, "no instance " + path.to_string());
    if (auto cleared = source_.clear_sel(); !cleared.ok()) return cleared.error();
    return MethodResult{kCompleted, {}};
}

bridge::Exchange CimModel::exchange() {
    return [this](const bridge::Request& request, bridge::Resend resend) { return source_.exchange(request, resend); };
}

Result<MethodResult> CimModel::change_power(const PropertyList& in, const chassis::ControlAction& action) {
    if (given_and_not_zero(in, "TimeoutPeriod")) return MethodResult{kTimeoutNotSupported, {}};
    if (auto done = chassis::send_control(exchange(), action); !done.ok()) return done.error();
    return MethodResult{kCompleted, {}};
}

Result<MethodResult> CimModel::request_power_state_change(const ObjectPath& path, const PropertyList& in) {
    const auto system = source_.system();
    if (!same_target(path, power_service_path(system)))
        return make_error(ErrorKind::NotFound, "no instance " + path.to_string());
    const auto wanted = u16_in(in, "PowerState");
    if (!wanted)
        return make_error(ErrorKind::InvalidArgument,
                          "RequestPowerStateChange needs PowerState: " + power_states_text());
    const auto action = action_for_power_state(*wanted);
    if (!action)
        return make_error(ErrorKind::InvalidArgument, "PowerState " + std::to_string(*wanted) +
                                                          " is not one ipmiprov can request; it takes " +
                                                          power_states_text());
    if (const auto* element = find_value(in, "ManagedElement")) {
        const auto* target = element->as_reference();
        if (target == nullptr || !same_target(*target, system_path(system)))
            return make_error(ErrorKind::InvalidArgument,
                              "ManagedElement must be the system, " + system_path(system).to_string());
    }
    if (given_and_not_zero(in, "Time"))
        return make_error(ErrorKind::InvalidArgument,
                          "Time: a scheduled power change is not supported; leave Time out (or give the zero "
                          "interval) to change it now");
    return change_power(in, *action);
}

Result<MethodResult> CimModel::request_state_change(const ObjectPath& path, const PropertyList& in) {
    const auto system = source_.system();
    if (!same_target(path, system_path(system)))
        return make_error(ErrorKind::NotFound, "no instance " + path.to_string());
    const auto wanted = u16_in(in, "RequestedState");
    const auto action = wanted ? action_for_requested_state(*wanted) : std::nullopt;
    if (!action)
        return make_error(ErrorKind::InvalidArgument,
                          "RequestStateChange needs RequestedState 2 (Enabled: power on), 3 (Disabled: power off), "
                          "4 (Shut Down: soft), 10 (Reboot: power cycle) or 11 (Reset)");
    return change_power(in, *action);
}

// One request as given (bmc.hpp): 0 whenever the BMC answered, whatever its
// completion code (one the engine would not take as an answer, C3h after
// a deed, comes back as the code too); no answer is the error. Never sent
// again after a lost reply: the request may be a write.
Result<MethodResult> CimModel::request_response(const ObjectPath& path, const PropertyList& in) {
    if (!same_target(path, bmc_path(source_.system())))
        return make_error(ErrorKind::NotFound, "no instance " + path.to_string());
    auto request = raw_request_from(in);
    if (!request.ok()) return request.error();
    auto response = source_.exchange(*request, bridge::Resend::NotAfterTimeout);
    if (!response.ok() && response.error().completion_code)
        return MethodResult{kCompleted, raw_response_out(bridge::Response{*response.error().completion_code, {}})};
    if (!response.ok()) return response.error();
    return MethodResult{kCompleted, raw_response_out(*response)};
}

}  // namespace ipmiprov::provider::cim

// The CIM model's extrinsic methods (issue 23): the IN parameters checked
// against the MOF's declaration, then one handler per class and method.
// Return values are the methods' ValueMaps (DSP1027, CIM_EnabledLogicalElement):
// 0 Completed with No Error, 4098 Use of Timeout Parameter Not Supported;
// what the BMC refuses is an error naming the command and its code.
#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "provider/chassis/control.hpp"
#include "provider/cim/model.hpp"
#include "provider/cim/power.hpp"

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

constexpr std::uint32_t kCompleted = 0;
constexpr std::uint32_t kTimeoutNotSupported = 4098;

const Value* in_value(const PropertyList& in, std::string_view name) {
    const auto found = std::find_if(in.begin(), in.end(), [&](const auto& p) { return same_name(p.first, name); });
    return found == in.end() ? nullptr : &found->second;
}

// A uint16 parameter's value, when given and in range.
std::optional<std::uint16_t> u16_in(const PropertyList& in, std::string_view name) {
    const auto* value = in_value(in, name);
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

bridge::Status check_parameters(const ClassDef& def, const MethodDef& method, const PropertyList& in) {
    std::string where = def.name;
    where.append(".").append(method.name);
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto& [name, value] = in[i];
        const auto* parameter = method.parameter(name);
        if (!parameter) return invalid(where, {" has no parameter ", name, "; it takes ", parameter_names(method)});
        if (!parameter->in) return invalid(name, {" is an OUT parameter of ", where});
        const auto& declared = parameter->value;
        if (value.type != declared.type || value.is_array != declared.is_array ||
            (!value.is_array && value.items.size() != 1))
            return invalid(where, {": ", name, " is ", declared_type(declared)});
        for (std::size_t j = 0; j < i; ++j)
            if (same_name(in[j].first, name)) return invalid(where, {": ", name, " is given twice"});
    }
    return bridge::success();
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
    if (auto checked = check_parameters(*def, *declared, in); !checked.ok()) return checked.error();
    using Handler = Result<MethodResult> (CimModel::*)(const ObjectPath&, const PropertyList&);
    struct Method {
        const char* class_name;
        const char* method;
        Handler handler;
    };
    static const std::array<Method, 3> kMethods{{
        {kRecordLogClass, "ClearLog", &CimModel::clear_log},
        {kPowerServiceClass, "RequestPowerStateChange", &CimModel::request_power_state_change},
        {kSystemClass, "RequestStateChange", &CimModel::request_state_change},
    }};
    for (const auto& entry : kMethods)
        if (same_name(entry.class_name, def->name) && same_name(entry.method, declared->name))
            return (this->*entry.handler)(path, in);
    return make_error(ErrorKind::Unsupported, def->name + "." + declared->name + " is not implemented by ipmiprov");
}

Result<MethodResult> CimModel::clear_log(const ObjectPath& path, const PropertyList&) {
    if (!(path == record_log_path())) return make_error(ErrorKind::NotFound, "no instance " + path.to_string());
    if (auto cleared = source_.clear_sel(); !cleared.ok()) return cleared.error();
    return MethodResult{kCompleted, {}};
}

bridge::Status CimModel::control(const chassis::ControlAction& action) {
    return chassis::send_control(
        [this](const bridge::Request& request, bridge::Resend resend) { return source_.exchange(request, resend); },
        action);
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
    if (const auto* element = in_value(in, "ManagedElement")) {
        const auto* target = element->as_reference();
        if (target == nullptr || !same_target(*target, system_path(system)))
            return make_error(ErrorKind::InvalidArgument,
                              "ManagedElement must be the system, " + system_path(system).to_string());
    }
    if (in_value(in, "Time"))
        return make_error(ErrorKind::Unsupported,
                          "Time: a scheduled power change is not supported; leave Time out to change it now");
    if (in_value(in, "TimeoutPeriod")) return MethodResult{kTimeoutNotSupported, {}};
    if (auto done = control(*action); !done.ok()) return done.error();
    return MethodResult{kCompleted, {}};
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
    if (in_value(in, "TimeoutPeriod")) return MethodResult{kTimeoutNotSupported, {}};
    if (auto done = control(*action); !done.ok()) return done.error();
    return MethodResult{kCompleted, {}};
}

}  // namespace ipmiprov::provider::cim

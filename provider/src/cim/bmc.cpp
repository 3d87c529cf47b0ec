// IPMIProv_BMC and its raw request method (bmc.hpp).
#include "provider/cim/bmc.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

constexpr std::size_t kMaxRequestData = 255;

bridge::Error invalid(std::string_view name, std::string_view what) {
    std::string message = "RequestResponse: ";
    message.append(name).append(" ").append(what);
    return make_error(ErrorKind::InvalidArgument, message);
}

// An integer parameter within 0..max; `fallback` when absent (none: required).
bridge::Result<std::uint8_t> byte_parameter(const PropertyList& in, std::string_view name, std::uint8_t max,
                                            std::optional<std::uint8_t> fallback) {
    const auto* value = find_value(in, name);
    if (value == nullptr) {
        if (fallback) return *fallback;
        return invalid(name, "is required");
    }
    const auto number = value->as_integer();
    if (!number || *number < 0 || *number > max) return invalid(name, "must be 0.." + std::to_string(max));
    return static_cast<std::uint8_t>(*number);
}

bridge::Result<std::vector<std::uint8_t>> request_data(const PropertyList& in) {
    std::vector<std::uint8_t> data;
    if (const auto* value = find_value(in, "RequestData")) {
        for (const auto& item : value->items) {
            const auto* byte = std::get_if<std::uint64_t>(&item);
            if (byte == nullptr || *byte > 0xFF) return invalid("RequestData", "must be bytes (uint8[])");
            data.push_back(static_cast<std::uint8_t>(*byte));
        }
    }
    if (data.size() > kMaxRequestData)
        return invalid("RequestData", "has " + std::to_string(data.size()) + " bytes; at most 255 are sent");
    if (const auto* size = find_value(in, "RequestDataSize")) {
        const auto given = size->as_integer();
        if (!given || *given != static_cast<std::int64_t>(data.size()))
            return invalid("RequestDataSize", "must be RequestData's length, " + std::to_string(data.size()));
    }
    return data;
}

}  // namespace

ObjectPath bmc_path(const SystemIdentity& system) {
    return path_of(bmc_instance(system));
}

Instance bmc_instance(const SystemIdentity& system) {
    Instance instance{kBmcClass, kDeviceNamespace, {}};
    instance.set("SystemCreationClassName", Value::string(kSystemClass));
    instance.set("SystemName", Value::string(system.name));
    instance.set("CreationClassName", Value::string(kBmcClass));
    instance.set("DeviceID", Value::string(kBmcDeviceID));
    instance.set("ElementName", Value::string("Baseboard management controller of " + system.name));
    instance.set("BMCAddress", Value::u8(bridge::kBmcSlaveAddress));
    instance.set("EnabledState", Value::u16(kEnabledStateEnabled));
    instance.set("RequestedState", Value::u16(kEnabledStateNotApplicable));
    return instance;
}

bridge::Result<bridge::Request> raw_request_from(const PropertyList& in) {
    auto netfn = byte_parameter(in, "NetworkFunction", 0x3F, std::nullopt);
    if (!netfn.ok()) return netfn.error();
    if ((*netfn & 1U) != 0)
        return invalid("NetworkFunction", "must be a request's (even); " + std::to_string(*netfn) + " is a response's");
    auto command = byte_parameter(in, "Command", 0xFF, std::nullopt);
    if (!command.ok()) return command.error();
    auto lun = byte_parameter(in, "Lun", 3, std::uint8_t{0});
    if (!lun.ok()) return lun.error();
    auto responder = byte_parameter(in, "ResponderAddress", 0xFF, bridge::kBmcSlaveAddress);
    if (!responder.ok()) return responder.error();
    if ((*responder & 1U) != 0) return invalid("ResponderAddress", "must be an IPMB slave address (even)");
    auto data = request_data(in);
    if (!data.ok()) return data.error();
    bridge::Request request;
    request.netfn = *netfn;
    request.cmd = *command;
    request.lun = *lun;
    if (*responder != bridge::kBmcSlaveAddress) request.target = bridge::Target::ipmb(0, *responder);
    request.data = std::move(*data);
    return request;
}

PropertyList raw_response_out(const bridge::Response& response) {
    return {{"CompletionCode", Value::u8(response.completion_code)},
            {"ResponseData", Value::u8_array(response.data)},
            {"ResponseDataSize", Value::u32(static_cast<std::uint32_t>(response.data.size()))}};
}

}  // namespace ipmiprov::provider::cim

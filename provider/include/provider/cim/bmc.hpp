// The BMC itself as a CIM element (issue 23): IPMIProv_BMC, a
// CIM_ManagementController of the system, with RequestResponse, the raw
// request method of Windows' Microsoft_IPMI class: one IPMI request as given,
// the BMC's completion code and data back. Through ipmiprovd only the write
// group may invoke it (every method is a write there, and is audited).
// docs/cim-mapping.md, "The BMC and its raw requests".
#pragma once

#include <cstdint>

#include "bridge/message.hpp"
#include "bridge/result.hpp"
#include "provider/cim/mapping.hpp"

namespace ipmiprov::provider::cim {

inline constexpr const char* kBmcClass = "IPMIProv_BMC";
inline constexpr const char* kBmcDeviceID = "IPMI:BMC";

ObjectPath bmc_path(const SystemIdentity& system);
Instance bmc_instance(const SystemIdentity& system);

// RequestResponse's IN parameters as one request, named as Windows names
// them: NetworkFunction (an even request netfn, 00h..3Eh) and Command;
// Lun 0..3 (default 0); ResponderAddress (default 20h, the BMC; another
// even IPMB address is bridged on the primary IPMB, §6.12); RequestData
// (none: no data, at most 255 bytes); RequestDataSize, when given, its length.
bridge::Result<bridge::Request> raw_request_from(const PropertyList& in);
// The OUT parameters: CompletionCode, ResponseData, ResponseDataSize.
PropertyList raw_response_out(const bridge::Response& response);

}  // namespace ipmiprov::provider::cim

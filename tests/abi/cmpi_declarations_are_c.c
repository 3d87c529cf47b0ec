/* provider/cmpi's CMPI declarations are plain C, like a broker's headers:
 * compiled as C99 with the project's warnings, and the sizes a broker and a
 * provider must agree on checked at compile time (LP64, as on Debian amd64;
 * the same numbers OpenPegasus's headers give, see docs/provider-abi.md). */
#include "ipmiprov_cmpi/cmpi_declarations.h"

#include <stddef.h>

#if defined(__LP64__)
typedef char value_is_16_bytes[sizeof(CMPIValue) == 16 ? 1 : -1];
typedef char data_is_24_bytes[sizeof(CMPIData) == 24 ? 1 : -1];
typedef char data_value_at_8[offsetof(CMPIData, value) == 8 ? 1 : -1];
typedef char status_is_16_bytes[sizeof(CMPIStatus) == 16 ? 1 : -1];
typedef char trace_at_128[offsetof(CMPIBrokerEncFT, trace) == 128 ? 1 : -1];
typedef char to_string_at_152[offsetof(CMPIObjectPathFT, toString) == 152 ? 1 : -1];
typedef char exec_query_at_72[offsetof(CMPIInstanceMIFT, execQuery) == 72 ? 1 : -1];
#endif

int ipmiprov_cmpi_declarations_are_c(void);

int ipmiprov_cmpi_declarations_are_c(void) {
    CMPIData data;
    data.type = CMPI_sint32;
    data.state = CMPI_goodValue;
    data.value.sint32 = -1;
    return data.value.sint32 + (int)sizeof(CMPIInstanceMI);
}

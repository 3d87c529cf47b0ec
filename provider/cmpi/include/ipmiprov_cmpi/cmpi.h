/* The CMPI declarations the adapter builds against: a broker's own headers
 * when CMake was given them (IPMIPROV_CMPI_INCLUDE_DIR, defines
 * IPMIPROV_SYSTEM_CMPI), else ours, written from the standard. */
#ifndef IPMIPROV_CMPI_H
#define IPMIPROV_CMPI_H

#ifdef IPMIPROV_SYSTEM_CMPI
#include <cmpidt.h>
#include <cmpift.h>
#else
#include "ipmiprov_cmpi/cmpi_declarations.h"
#endif

#endif /* IPMIPROV_CMPI_H */

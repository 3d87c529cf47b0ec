/* The public header is plain C: this file compiles it as C99 with the
 * project's warnings (and -Werror), and uses every type once. */
#include "ipmiprov/provider.h"

int ipmiprov_header_is_c(void);

int ipmiprov_header_is_c(void) {
    ipmiprov_open_options options;
    ipmiprov_error error;
    ipmiprov_property property;
    ipmiprov_element element;
    options.struct_size = sizeof options;
    error.struct_size = sizeof error;
    property.struct_size = sizeof property;
    element.boolean = 1;
    property.elements = &element;
    return (int)(options.struct_size + error.struct_size + property.struct_size) + element.boolean;
}

// Owning handles for what the provider ABI hands out, and the one exception
// type the adapter uses inside: a CMPI return code with a message, turned
// into a CMPIStatus at the entry points (nothing throws across the C ABI).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "ipmiprov/provider.h"
#include "ipmiprov_cmpi/cmpi.h"

namespace ipmiprov::cmpi {

struct ListFree {
    void operator()(ipmiprov_list* list) const { ipmiprov_list_free(list); }
};
struct PathFree {
    void operator()(ipmiprov_path* path) const { ipmiprov_path_free(path); }
};
struct SessionClose {
    void operator()(ipmiprov_session* session) const { ipmiprov_close(session); }
};
using List = std::unique_ptr<ipmiprov_list, ListFree>;
using Path = std::unique_ptr<ipmiprov_path, PathFree>;
using Session = std::unique_ptr<ipmiprov_session, SessionClose>;

class Failure : public std::runtime_error {
public:
    Failure(CMPIrc rc, const std::string& message, bool session_lost = false)
        : std::runtime_error(message), rc_(rc), session_lost_(session_lost) {}
    [[nodiscard]] CMPIrc rc() const { return rc_; }
    // The way to the daemon or the BMC failed: open a new session next time.
    [[nodiscard]] bool session_lost() const { return session_lost_; }

private:
    CMPIrc rc_;
    bool session_lost_;
};

// The CMPI return code for an ABI status (CMPI 2.0 section 4.2).
CMPIrc rc_for(ipmiprov_status status);

// Throws a Failure when an ABI call did not succeed.
void check(ipmiprov_status status, const ipmiprov_error& error);

ipmiprov_error new_error();

}  // namespace ipmiprov::cmpi

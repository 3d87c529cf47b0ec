// The LAN connection options of ipmiprov and ipmiprovd, defined once: the
// same names and the same meaning on both command lines and in the daemon's
// config file (issue 19): --lan, --user, --password-file, the password from
// IPMIPROV_PASSWORD, --privilege, --cipher-suite and --ipmi15. The CLI alone
// also takes --password on its command line.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <string>

#include "bridge/lan_transport.hpp"
#include "bridge/result.hpp"

namespace ipmiprov::tools {

// Looks up an environment variable (injected, so tests need no setenv).
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
std::optional<std::string> process_environment(const char* name);

enum class PasswordArgument { Allowed, NotAllowed };

// Adds the LAN options to `options`.
void add_lan_options(boost::program_options::options_description& options, PasswordArgument password);

// The LAN options given, validated (bridge::check_lan_options); nullopt
// without --lan; an error naming the option for one that needs --lan, or a
// value that cannot work. The password: --password, else --password-file
// (a private file: bridge::read_password_file), else $IPMIPROV_PASSWORD.
bridge::Result<std::optional<bridge::LanOptions>> lan_options_from(const boost::program_options::variables_map& vm,
                                                                   const EnvLookup& env);

}  // namespace ipmiprov::tools

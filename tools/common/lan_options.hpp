// The LAN connection options of ipmiprov and ipmiprovd, defined once: the
// same names and the same meaning on both command lines and in the daemon's
// config file (issue 19): --lan, --user, --password-file, the password from
// IPMIPROV_PASSWORD or IPMI_PASSWORD (-E), --privilege, --cipher-suite and
// --ipmi15, with ipmitool's and FreeIPMI's short names where they do not
// clash (-H, -U/-u, -L/-l, -C, -E). The CLI alone also takes --password on
// its command line, and asks on a terminal.
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

// Asks for the LAN password; nullopt when nobody can be asked.
using PasswordPrompt = std::function<std::optional<std::string>()>;
// "Password: " on the controlling terminal, without echo; nullopt without one.
std::optional<std::string> terminal_password_prompt();

// The LAN options given, validated (bridge::check_lan_options); nullopt
// without --lan; an error naming the option for one that needs --lan, or a
// value that cannot work. The password: --password, else --password-file
// (a private file: bridge::read_password_file), else -E ($IPMI_PASSWORD),
// else $IPMIPROV_PASSWORD or $IPMI_PASSWORD, else `prompt`; none is an
// error that says where to give one.
bridge::Result<std::optional<bridge::LanOptions>> lan_options_from(const boost::program_options::variables_map& vm,
                                                                   const EnvLookup& env,
                                                                   const PasswordPrompt& prompt = {});

}  // namespace ipmiprov::tools

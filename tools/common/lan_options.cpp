#include "lan_options.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <utility>

#include "bridge/connect.hpp"
#include "bridge/text_file.hpp"

namespace ipmiprov::tools {
namespace po = boost::program_options;
using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;

namespace {

// IPMI 2.0 Table 22-23's privilege levels, by the names ipmitool uses.
constexpr std::array<std::pair<const char*, bridge::Privilege>, 4> kLevels{{
    {"callback", bridge::Privilege::Callback},
    {"user", bridge::Privilege::User},
    {"operator", bridge::Privilege::Operator},
    {"admin", bridge::Privilege::Admin},
}};

Result<bridge::Privilege> parse_privilege(const std::string& text) {
    for (const auto& [name, level] : kLevels)
        if (text == name) return level;
    return make_error(ErrorKind::InvalidArgument,
                      "--privilege must be callback, user, operator or admin, not \"" + text + "\"");
}

template <class T>
std::optional<T> optional_value(const po::variables_map& vm, const char* name) {
    if (vm.count(name) == 0) return std::nullopt;
    return vm[name].as<T>();
}

constexpr const char* kNoPassword =
    "no password: give --password-file FILE (an empty file for an account without one), IPMIPROV_PASSWORD or "
    "IPMI_PASSWORD (-E)";

// --password, --password-file, -E, $IPMIPROV_PASSWORD, $IPMI_PASSWORD, then
// the person at the terminal (ipmitool asks too); none of them is an error,
// never a silent empty password that the BMC then refuses in its own words.
Result<std::string> resolve_password(const po::variables_map& vm, const EnvLookup& env, const PasswordPrompt& prompt) {
    const auto password = optional_value<std::string>(vm, "password");
    const auto file = optional_value<std::string>(vm, "password-file");
    const bool from_ipmi_password = vm.count("env-password") > 0;
    if (int(password.has_value()) + int(file.has_value()) + int(from_ipmi_password) > 1)
        return make_error(ErrorKind::InvalidArgument, "give one of --password, --password-file and -E");
    if (password) return *password;
    if (file) return bridge::read_password_file(*file);
    if (from_ipmi_password) {
        if (auto value = env("IPMI_PASSWORD")) return *value;
        return make_error(ErrorKind::InvalidArgument, "-E: IPMI_PASSWORD is not set");
    }
    if (auto value = env("IPMIPROV_PASSWORD")) return *value;
    if (auto value = env("IPMI_PASSWORD")) return *value;
    if (prompt) {
        if (auto typed = prompt()) return *typed;
    }
    return make_error(ErrorKind::InvalidArgument, kNoPassword);
}

// ipmitool's -L and FreeIPMI's -l/--privilege-level name the same thing.
std::optional<std::string> privilege_given(const po::variables_map& vm) {
    if (auto level = optional_value<std::string>(vm, "privilege")) return level;
    return optional_value<std::string>(vm, "privilege-level");
}

}  // namespace

std::optional<std::string> process_environment(const char* name) {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read at start-up
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

std::optional<std::string> terminal_password_prompt() {
    // Only for a person: with stdin a terminal (not a script's pipe, not a
    // test), on the controlling terminal, as ipmitool and ssh ask.
    if (::isatty(STDIN_FILENO) == 0) return std::nullopt;
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (tty < 0) return std::nullopt;
    termios saved{};
    const bool quiet = ::tcgetattr(tty, &saved) == 0;
    if (quiet) {
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(tty, TCSAFLUSH, &silent);
    }
    static constexpr char kAsk[] = "Password: ";
    (void)!::write(tty, kAsk, sizeof kAsk - 1);
    std::string typed;
    char c = 0;
    // IPMI passwords are at most 20 bytes; a bound keeps a stuck terminal from growing this.
    while (typed.size() < 256 && ::read(tty, &c, 1) == 1 && c != '\n') typed.push_back(c);
    if (quiet) ::tcsetattr(tty, TCSAFLUSH, &saved);
    (void)!::write(tty, "\n", 1);
    ::close(tty);
    if (!typed.empty() && typed.back() == '\r') typed.pop_back();
    return typed;
}

void add_lan_options(po::options_description& options, PasswordArgument password) {
    options.add_options()("lan,H", po::value<std::string>()->value_name("HOST[:PORT]"),
                          "a BMC over the network (RMCP+ unless --ipmi15, port 623; -H as in ipmitool)")(
        "user,U", po::value<std::string>()->value_name("NAME"), "LAN user name")(
        "username,u", po::value<std::string>()->value_name("NAME"), "the same, as FreeIPMI's -u")(
        "password-file", po::value<std::string>()->value_name("FILE"),
        "the LAN password, first line of FILE (else $IPMIPROV_PASSWORD, $IPMI_PASSWORD, or asked on a terminal)")(
        "env-password,E", "the LAN password from $IPMI_PASSWORD, as ipmitool -E")(
        "privilege,L", po::value<std::string>()->value_name("LEVEL"),
        "callback, user, operator or admin (default admin; -L as in ipmitool)")(
        "privilege-level,l", po::value<std::string>()->value_name("LEVEL"), "the same, as FreeIPMI's -l")(
        "cipher-suite,C", po::value<int>()->value_name("N"),
        "RMCP+ cipher suite 0-17 (default: the best the BMC offers)")("ipmi15",
                                                                      "an IPMI 1.5 LAN session instead of RMCP+");
    if (password == PasswordArgument::Allowed) {
        options.add_options()("password,P", po::value<std::string>()->value_name("PASSWORD"),
                              "LAN password (visible to other users: prefer IPMIPROV_PASSWORD or --password-file)");
    }
}

Result<std::optional<bridge::LanOptions>> lan_options_from(const po::variables_map& vm, const EnvLookup& env,
                                                           const PasswordPrompt& prompt) {
    const auto host = optional_value<std::string>(vm, "lan");
    if (!host) {
        for (const char* option : {"user", "username", "password", "password-file", "env-password", "privilege",
                                   "privilege-level", "cipher-suite", "ipmi15"}) {
            if (vm.count(option) == 0) continue;
            return make_error(
                ErrorKind::InvalidArgument,
                "--user, --password, --password-file, --privilege, --cipher-suite and --ipmi15 need --lan");
        }
        return std::optional<bridge::LanOptions>{};
    }
    auto host_port = bridge::parse_host_port(*host);
    if (!host_port.ok()) return host_port.error();
    bridge::LanOptions lan;
    lan.host = host_port->first;
    lan.port = host_port->second;
    if (vm.count("user") && vm.count("username"))
        return make_error(ErrorKind::InvalidArgument, "give -U or -u (--user or --username), not both");
    if (vm.count("privilege") && vm.count("privilege-level"))
        return make_error(ErrorKind::InvalidArgument, "give -L or -l (--privilege or --privilege-level), not both");
    lan.user =
        optional_value<std::string>(vm, "user").value_or(optional_value<std::string>(vm, "username").value_or(""));
    if (const auto level = privilege_given(vm)) {
        auto parsed = parse_privilege(*level);
        if (!parsed.ok()) return parsed.error();
        lan.privilege = *parsed;
    }
    lan.ipmi15 = vm.count("ipmi15") > 0;
    if (const auto suite = optional_value<int>(vm, "cipher-suite")) {
        if (lan.ipmi15) return make_error(ErrorKind::InvalidArgument, "--cipher-suite applies to RMCP+, not --ipmi15");
        if (*suite < 0 || *suite > 255) return make_error(ErrorKind::InvalidArgument, "--cipher-suite must be 0..255");
        lan.cipher_suite = suite;
    }
    // Last: every other mistake is said before anyone is asked for a password.
    auto password = resolve_password(vm, env, prompt);
    if (!password.ok()) return password.error();
    lan.password = *password;
    if (auto valid = bridge::check_lan_options(lan); !valid.ok()) return valid.error();
    return std::optional<bridge::LanOptions>{lan};
}

}  // namespace ipmiprov::tools

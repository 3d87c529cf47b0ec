#include "lan_options.hpp"

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

Result<std::string> resolve_password(const po::variables_map& vm, const EnvLookup& env) {
    const auto password = optional_value<std::string>(vm, "password");
    const auto file = optional_value<std::string>(vm, "password-file");
    if (password && file) return make_error(ErrorKind::InvalidArgument, "give --password or --password-file, not both");
    if (password) return *password;
    if (file) return bridge::read_password_file(*file);
    if (auto from_env = env("IPMIPROV_PASSWORD")) return *from_env;
    return std::string{};
}

}  // namespace

std::optional<std::string> process_environment(const char* name) {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read at start-up
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

void add_lan_options(po::options_description& options, PasswordArgument password) {
    options.add_options()("lan,H", po::value<std::string>()->value_name("HOST[:PORT]"),
                          "a BMC over the network (RMCP+ unless --ipmi15, port 623; -H as in ipmitool)")(
        "user,U", po::value<std::string>()->value_name("NAME"), "LAN user name")(
        "password-file", po::value<std::string>()->value_name("FILE"),
        "the LAN password, first line of FILE (else $IPMIPROV_PASSWORD)")(
        "privilege", po::value<std::string>()->value_name("LEVEL"),
        "callback, user, operator or admin (default admin)")("cipher-suite,C", po::value<int>()->value_name("N"),
                                                             "RMCP+ cipher suite (e.g. 3)")(
        "ipmi15", "an IPMI 1.5 LAN session instead of RMCP+");
    if (password == PasswordArgument::Allowed) {
        options.add_options()("password,P", po::value<std::string>()->value_name("PASSWORD"),
                              "LAN password (visible to other users: prefer IPMIPROV_PASSWORD or --password-file)");
    }
}

Result<std::optional<bridge::LanOptions>> lan_options_from(const po::variables_map& vm, const EnvLookup& env) {
    const auto host = optional_value<std::string>(vm, "lan");
    if (!host) {
        for (const char* option : {"user", "password", "password-file", "privilege", "cipher-suite", "ipmi15"}) {
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
    lan.user = optional_value<std::string>(vm, "user").value_or("");
    auto password = resolve_password(vm, env);
    if (!password.ok()) return password.error();
    lan.password = *password;
    if (const auto level = optional_value<std::string>(vm, "privilege")) {
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
    if (auto valid = bridge::check_lan_options(lan); !valid.ok()) return valid.error();
    return std::optional<bridge::LanOptions>{lan};
}

}  // namespace ipmiprov::tools

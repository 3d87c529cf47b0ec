#include "provider/bmc/lan.hpp"

#include <array>
#include <cstdio>
#include <iomanip>

#include "bridge/spec_tables.hpp"
#include "provider/bmc/channels.hpp"

namespace ipmiprov::provider::bmc {
namespace {

using nlohmann::ordered_json;

constexpr std::uint8_t kParameterNotSupported = 0x80;  // §23.2

// Table 23-4: the parameters that are an address, and where each goes.
template <class Address>
struct AddressParameter {
    std::uint8_t selector;
    const char* name;
    std::optional<Address> LanConfig::*field;
};
constexpr std::array kIpv4Parameters{
    AddressParameter<Ipv4>{3, "IP address", &LanConfig::ip_address},
    AddressParameter<Ipv4>{6, "subnet mask", &LanConfig::subnet_mask},
    AddressParameter<Ipv4>{12, "default gateway address", &LanConfig::default_gateway},
    AddressParameter<Ipv4>{14, "backup gateway address", &LanConfig::backup_gateway},
};
constexpr std::array kMacParameters{
    AddressParameter<Mac>{5, "MAC address", &LanConfig::mac_address},
    AddressParameter<Mac>{13, "default gateway MAC address", &LanConfig::default_gateway_mac},
    AddressParameter<Mac>{15, "backup gateway MAC address", &LanConfig::backup_gateway_mac},
};
constexpr std::uint8_t kIpSource = 4;
constexpr std::uint8_t kVlanId = 20;
constexpr std::uint8_t kVlanPriority = 21;
constexpr std::uint8_t kCipherSuiteCount = 22;
constexpr std::uint8_t kCipherSuiteEntries = 23;
constexpr std::uint8_t kCipherSuitePrivileges = 24;

constexpr std::array<const char*, 5> kIpSources{"unspecified", "static", "dhcp", "bios", "other"};

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fixed(std::span<const std::uint8_t> data) {
    if (data.size() < N) return std::nullopt;
    std::array<std::uint8_t, N> out{};
    std::copy(data.begin(), data.begin() + N, out.begin());
    return out;
}

std::string parameter_note(std::uint8_t selector, const char* name, const std::string& why) {
    return "parameter " + std::to_string(selector) + " (" + name + "): " + why;
}

ordered_json optional_text(const auto& value, auto render) {
    if (!value) return nullptr;
    return render(*value);
}

}  // namespace

bridge::Request lan_parameter_request(std::uint8_t channel, std::uint8_t parameter, std::uint8_t set) {
    // Byte 4, the block selector, is sent although unused: ipmi_sim wants all four (C7h otherwise).
    return bridge::Request{kNetFnTransport,
                           kGetLanConfigParameters,
                           0,
                           bridge::Target::bmc(),
                           {static_cast<std::uint8_t>(channel & 0x0F), parameter, set, 0x00}};
}

bridge::Result<std::optional<std::vector<std::uint8_t>>> get_lan_parameter(bridge::Engine& engine, std::uint8_t channel,
                                                                           std::uint8_t parameter) {
    auto reply = engine.send(lan_parameter_request(channel, parameter));
    if (!reply.ok()) return reply.error();
    if (reply->completion_code == kParameterNotSupported) return std::optional<std::vector<std::uint8_t>>{};
    if (reply->completion_code != 0)
        return bridge::Error{bridge::ErrorKind::CompletionCode,
                             "completion code " + bridge::completion_code_text(reply->completion_code),
                             reply->completion_code};
    if (reply->data.empty()) return bridge::make_error(bridge::ErrorKind::Protocol, "reply without its revision byte");
    return std::optional<std::vector<std::uint8_t>>{
        std::vector<std::uint8_t>(reply->data.begin() + 1, reply->data.end())};
}

std::optional<std::uint8_t> decode_ip_source(std::span<const std::uint8_t> data) {
    if (data.empty()) return std::nullopt;
    return static_cast<std::uint8_t>(data[0] & 0x0F);
}

std::optional<Ipv4> decode_ipv4(std::span<const std::uint8_t> data) {
    return fixed<4>(data);
}

std::optional<Mac> decode_mac(std::span<const std::uint8_t> data) {
    return fixed<6>(data);
}

std::optional<Vlan> decode_vlan(std::span<const std::uint8_t> data) {
    if (data.size() < 2) return std::nullopt;
    return Vlan{(data[1] & 0x80) != 0, static_cast<std::uint16_t>(data[0] | ((data[1] & 0x0F) << 8))};
}

std::vector<CipherSuite> decode_cipher_suites(std::span<const std::uint8_t> count,
                                              std::span<const std::uint8_t> entries,
                                              std::span<const std::uint8_t> privileges) {
    std::vector<CipherSuite> suites;
    const std::size_t said = count.empty() ? 0 : (count[0] & 0x1F);
    // Entries and privileges each follow a reserved byte; trust the fewest of the three.
    const std::size_t listed = entries.empty() ? 0 : entries.size() - 1;
    for (std::size_t i = 0; i < std::min({said, listed, std::size_t{16}}); ++i) {
        CipherSuite suite{entries[1 + i], 0};
        const std::size_t byte = 1 + i / 2;
        if (byte < privileges.size())
            suite.max_privilege =
                static_cast<std::uint8_t>(i % 2 == 0 ? privileges[byte] & 0x0F : privileges[byte] >> 4);
        suites.push_back(suite);
    }
    return suites;
}

bridge::Result<LanConfig> read_lan_config(bridge::Engine& engine, std::uint8_t channel) {
    LanConfig config;
    config.channel = channel;
    // Each parameter alone: one the BMC lacks is a note, a silent BMC an error.
    const auto get = [&](std::uint8_t selector,
                         const char* name) -> bridge::Result<std::optional<std::vector<std::uint8_t>>> {
        auto data = get_lan_parameter(engine, channel, selector);
        if (!data.ok()) {
            if (bridge::bmc_stopped_answering(data.error())) return data.error();
            config.notes.push_back(parameter_note(selector, name, data.error().message));
            return std::optional<std::vector<std::uint8_t>>{};
        }
        if (!*data) config.notes.push_back(parameter_note(selector, name, "not supported (80h)"));
        return data;
    };
    const auto short_reply = [&](std::uint8_t selector, const char* name) {
        config.notes.push_back(parameter_note(selector, name, "reply too short"));
    };
    auto source = get(kIpSource, "IP address source");
    if (!source.ok()) return source.error();
    if (*source && !(config.ip_source = decode_ip_source(**source))) short_reply(kIpSource, "IP address source");
    const auto read_addresses = [&](const auto& table, auto decode) -> bridge::Status {
        for (const auto& parameter : table) {
            auto data = get(parameter.selector, parameter.name);
            if (!data.ok()) return data.error();
            if (*data && !(config.*parameter.field = decode(**data))) short_reply(parameter.selector, parameter.name);
        }
        return bridge::success();
    };
    if (auto read = read_addresses(kIpv4Parameters, decode_ipv4); !read.ok()) return read.error();
    if (auto read = read_addresses(kMacParameters, decode_mac); !read.ok()) return read.error();
    auto vlan = get(kVlanId, "802.1q VLAN ID");
    if (!vlan.ok()) return vlan.error();
    if (*vlan && !(config.vlan = decode_vlan(**vlan))) short_reply(kVlanId, "802.1q VLAN ID");
    auto priority = get(kVlanPriority, "802.1q VLAN priority");
    if (!priority.ok()) return priority.error();
    if (*priority && !(*priority)->empty()) config.vlan_priority = static_cast<std::uint8_t>((**priority)[0] & 0x07);
    auto count = get(kCipherSuiteCount, "cipher suite entry support");
    if (!count.ok()) return count.error();
    if (*count) {
        auto entries = get(kCipherSuiteEntries, "cipher suite entries");
        if (!entries.ok()) return entries.error();
        auto privileges = get(kCipherSuitePrivileges, "cipher suite privilege levels");
        if (!privileges.ok()) return privileges.error();
        if (*entries)
            config.cipher_suites = decode_cipher_suites(
                **count, **entries,
                *privileges ? std::span<const std::uint8_t>(**privileges) : std::span<const std::uint8_t>());
    }
    return config;
}

std::string ip_source_name(std::uint8_t source) {
    return source < kIpSources.size() ? kIpSources[source] : "reserved (" + std::to_string(source) + ")";
}

std::string ipv4_text(const Ipv4& address) {
    return std::to_string(address[0]) + "." + std::to_string(address[1]) + "." + std::to_string(address[2]) + "." +
           std::to_string(address[3]);
}

std::string mac_text(const Mac& address) {
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", address[0], address[1], address[2], address[3],
                  address[4], address[5]);
    return text;
}

ordered_json lan_json(const LanConfig& config) {
    ordered_json json{{"channel", config.channel}};
    json["ip_source"] = optional_text(config.ip_source, ip_source_name);
    json["ip_address"] = optional_text(config.ip_address, ipv4_text);
    json["subnet_mask"] = optional_text(config.subnet_mask, ipv4_text);
    json["mac_address"] = optional_text(config.mac_address, mac_text);
    json["default_gateway"] = optional_text(config.default_gateway, ipv4_text);
    json["default_gateway_mac"] = optional_text(config.default_gateway_mac, mac_text);
    json["backup_gateway"] = optional_text(config.backup_gateway, ipv4_text);
    json["backup_gateway_mac"] = optional_text(config.backup_gateway_mac, mac_text);
    json["vlan"] = nullptr;
    if (config.vlan) json["vlan"] = {{"enabled", config.vlan->enabled}, {"id", config.vlan->id}, {"priority", nullptr}};
    if (config.vlan && config.vlan_priority) json["vlan"]["priority"] = *config.vlan_priority;
    json["cipher_suites"] = nullptr;
    if (config.cipher_suites) {
        json["cipher_suites"] = ordered_json::array();
        for (const auto& suite : *config.cipher_suites) {
            const auto name = privilege_name(suite.max_privilege);
            json["cipher_suites"].push_back(
                {{"id", suite.id}, {"max_privilege", name ? ordered_json(std::string(*name)) : ordered_json(nullptr)}});
        }
    }
    json["notes"] = config.notes;
    return json;
}

void print_lan(std::ostream& out, const LanConfig& config) {
    const auto row = [&out](const char* label, const std::string& value) {
        out << "  " << std::left << std::setw(22) << label << value << '\n';
    };
    const auto or_not = [](const auto& value, auto render) -> std::string {
        return value ? render(*value) : std::string("not reported");
    };
    out << "Channel " << int{config.channel} << '\n';
    row("IP address source", or_not(config.ip_source, ip_source_name));
    row("IP address", or_not(config.ip_address, ipv4_text));
    row("Subnet mask", or_not(config.subnet_mask, ipv4_text));
    row("MAC address", or_not(config.mac_address, mac_text));
    row("Default gateway", or_not(config.default_gateway, ipv4_text));
    row("Default gateway MAC", or_not(config.default_gateway_mac, mac_text));
    if (config.backup_gateway) row("Backup gateway", ipv4_text(*config.backup_gateway));
    if (config.backup_gateway_mac) row("Backup gateway MAC", mac_text(*config.backup_gateway_mac));
    std::string vlan = "not reported";
    if (config.vlan) vlan = config.vlan->enabled ? std::to_string(config.vlan->id) : "disabled";
    if (config.vlan && config.vlan->enabled && config.vlan_priority)
        vlan += " (priority " + std::to_string(*config.vlan_priority) + ")";
    row("VLAN", vlan);
    std::string suites = "not reported";
    if (config.cipher_suites) {
        suites.clear();
        for (const auto& suite : *config.cipher_suites) {
            const auto name = privilege_name(suite.max_privilege);
            if (!suites.empty()) suites += ", ";
            suites += std::to_string(suite.id);
            suites += ' ';
            suites += name.value_or("unused");
        }
        if (suites.empty()) suites = "none";
    }
    row("Cipher suites", suites);
    for (const auto& note : config.notes) row("Note", note);
    out << '\n';
}

}  // namespace ipmiprov::provider::bmc

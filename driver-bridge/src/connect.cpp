#include "bridge/connect.hpp"

#include <arpa/inet.h>

#include "bridge/daemon_client.hpp"
#include "bridge/kernel_transport.hpp"
#include "bridge/text_file.hpp"

#include <charconv>
#include <filesystem>

namespace ipmiprov::bridge {
namespace {

// ipmi_si drives KCS, SMIC and BT; SSIF (on I2C/SMBus) has its own module.
constexpr const char* kLoadDriverHint =
    "load the driver: modprobe ipmi_devintf, and ipmi_si (KCS, SMIC, BT) or ipmi_ssif (SSIF); or use --lan/--sim";

Result<Connection> connect_sim(const std::string& source, EngineOptions engine_options) {
    auto fixture = source == kBuiltinFixtureName ? sim::builtin_fixture() : sim::load_fixture(source);
    // The fixture is an argument: one that cannot be read is a bad --sim (exit 2), not a missing BMC.
    if (!fixture.ok()) return make_error(ErrorKind::InvalidArgument, "--sim: " + fixture.error().message);
    auto bmc = std::make_shared<sim::SimBmc>(std::move(fixture.value()));
    const std::string description =
        source == kBuiltinFixtureName ? "simulated BMC (built-in fixture)" : "simulated BMC (" + source + ")";
    Connection connection{
        std::make_unique<Engine>(sim::make_sim_transport(bmc, description), std::move(engine_options)), bmc, nullptr};
    return connection;
}

Result<Connection> connect_kernel(const std::optional<std::string>& device, EngineOptions engine_options) {
    const auto found = find_kernel_device(device);
    if (!found) {
        return make_error(ErrorKind::NotFound,
                          std::string("no IPMI device (/dev/ipmi0, /dev/ipmi/0, /dev/ipmidev/0): ") + kLoadDriverHint);
    }
    auto transport = open_kernel_transport(*found);
    if (!transport.ok()) {
        auto error = transport.error();
        if (error.kind == ErrorKind::NotFound) {
            error.message += std::string(": ") + kLoadDriverHint;
        } else if (error.kind == ErrorKind::PermissionDenied) {
            error.message += ": run as root, or use --lan/--sim";
        }
        return error;
    }
    return Connection{std::make_unique<Engine>(std::move(transport.value()), std::move(engine_options)), nullptr,
                      nullptr};
}

// ipmiprovd retries on its side: one attempt here, or waits multiply.
Result<Connection> connect_daemon(const std::string& socket, EngineOptions engine_options) {
    auto client = DaemonClient::connect(socket, engine_options.timeout + std::chrono::seconds(5));
    if (!client.ok()) return client.error();
    std::shared_ptr<DaemonClient> shared = std::move(*client);
    engine_options.retries = 0;
    return Connection{std::make_unique<Engine>(make_daemon_transport(shared), std::move(engine_options)), nullptr,
                      shared};
}

}  // namespace

Result<Connection> connect(const ConnectOptions& options, EngineOptions engine_options) {
    const int chosen =
        (options.lan ? 1 : 0) + (options.sim ? 1 : 0) + (options.device ? 1 : 0) + (options.daemon ? 1 : 0);
    if (chosen > 1) return make_error(ErrorKind::InvalidArgument, "choose one of --device, --lan, --sim and --daemon");
    if (options.daemon) return connect_daemon(*options.daemon, std::move(engine_options));
    if (chosen == 0 && options.daemon_when_running && std::filesystem::exists(kDefaultDaemonSocket)) {
        auto through_daemon = connect_daemon(kDefaultDaemonSocket, engine_options);
        if (through_daemon.ok() || through_daemon.error().kind == ErrorKind::PermissionDenied) return through_daemon;
    }
    if (options.sim) return connect_sim(*options.sim, std::move(engine_options));
    if (options.lan) {
        auto transport = open_lan_transport(*options.lan);
        if (!transport.ok()) return transport.error();
        return Connection{std::make_unique<Engine>(std::move(transport.value()), std::move(engine_options)), nullptr,
                          nullptr};
    }
    return connect_kernel(options.device, std::move(engine_options));
}

// HOST, HOST:PORT, [V6ADDR] or [V6ADDR]:PORT.
Result<std::pair<std::string, std::uint16_t>> parse_host_port(const std::string& text) {
    std::string host = text;
    std::string port_text;
    if (text.starts_with("[")) {
        const auto close = text.find(']');
        if (close == std::string::npos)
            return make_error(ErrorKind::InvalidArgument, "--lan: missing ']' in \"" + text + "\"");
        host = text.substr(1, close - 1);
        if (close + 1 < text.size()) {
            if (text[close + 1] != ':')
                return make_error(ErrorKind::InvalidArgument, "--lan: expected ':PORT' after ']'");
            port_text = text.substr(close + 2);
        }
    } else if (const auto colon = text.rfind(':'); colon != std::string::npos && text.find(':') == colon) {
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }
    if (host.empty()) return make_error(ErrorKind::InvalidArgument, "--lan needs a host name or address");
    // More than one colon outside brackets: only a bare IPv6 address, never "HOST:PORT:junk".
    if (!text.starts_with("[") && text.find(':') != text.rfind(':')) {
        in6_addr address{};
        if (::inet_pton(AF_INET6, text.c_str(), &address) != 1)
            return make_error(ErrorKind::InvalidArgument, "--lan: \"" + text +
                                                              "\" is neither HOST[:PORT] nor an IPv6 address "
                                                              "(write an IPv6 address with a port as [ADDRESS]:PORT)");
    }
    std::uint16_t port = 623;
    if (!port_text.empty() || text.ends_with(":")) {
        unsigned value = 0;
        auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (port_text.empty() || ec != std::errc{} || ptr != port_text.data() + port_text.size() || value == 0 ||
            value > 65535) {
            return make_error(ErrorKind::InvalidArgument,
                              "--lan: \"" + port_text + "\" is not a port number (1..65535)");
        }
        port = static_cast<std::uint16_t>(value);
    }
    return std::make_pair(host, port);
}

Result<std::string> read_password_file(const std::string& path) {
    // IPMI 2.0 passwords are at most 20 bytes; anything near this bound is not a password file.
    constexpr std::size_t kLimit = 4096;
    // A password file anyone else can write is not the owner's secret.
    auto prefix = read_file_prefix(path, kLimit, FileTrust::Private);
    if (!prefix.ok()) return make_error(ErrorKind::InvalidArgument, "--password-file: " + prefix.error().message);
    const auto end = prefix->text.find('\n');
    if (end == std::string::npos && !prefix->complete) {
        return make_error(ErrorKind::InvalidArgument,
                          "--password-file: the first line of " + path + " is longer than 4096 bytes");
    }
    std::string line = prefix->text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace ipmiprov::bridge

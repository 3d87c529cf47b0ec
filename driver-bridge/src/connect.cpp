#include "bridge/connect.hpp"

#include "bridge/daemon_client.hpp"
#include "bridge/kernel_transport.hpp"

#include <filesystem>

namespace ipmiprov::bridge {
namespace {

Result<Connection> connect_sim(const std::string& source, EngineOptions engine_options) {
    auto fixture = source == kBuiltinFixtureName ? sim::builtin_fixture() : sim::load_fixture(source);
    if (!fixture.ok()) return fixture.error();
    auto bmc = std::make_shared<sim::SimBmc>(std::move(fixture.value()));
    const std::string description =
        source == kBuiltinFixtureName ? "simulated BMC (built-in fixture)" : "simulated BMC (" + source + ")";
    Connection connection{
        std::make_unique<Engine>(sim::make_sim_transport(bmc, description), std::move(engine_options)), bmc};
    return connection;
}

Result<Connection> connect_kernel(const std::optional<std::string>& device, EngineOptions engine_options) {
    const auto found = find_kernel_device(device);
    if (!found) {
        return make_error(ErrorKind::NotFound,
                          "no IPMI device (/dev/ipmi0, /dev/ipmi/0, /dev/ipmidev/0): load ipmi_si and ipmi_devintf "
                          "(modprobe ipmi_si ipmi_devintf), or use --lan/--sim");
    }
    auto transport = open_kernel_transport(*found);
    if (!transport.ok()) {
        auto error = transport.error();
        if (error.kind == ErrorKind::NotFound) {
            error.message += ": load ipmi_si and ipmi_devintf (modprobe ipmi_si ipmi_devintf), or use --lan/--sim";
        } else if (error.kind == ErrorKind::PermissionDenied) {
            error.message += ": run as root, or use --lan/--sim";
        }
        return error;
    }
    return Connection{std::make_unique<Engine>(std::move(transport.value()), std::move(engine_options)), nullptr};
}

// ipmiprovd retries on its side: one attempt here, or waits multiply.
Result<Connection> connect_daemon(const std::string& socket, EngineOptions engine_options) {
    auto transport = make_daemon_transport(socket, engine_options.timeout + std::chrono::seconds(5));
    if (!transport.ok()) return transport.error();
    engine_options.retries = 0;
    return Connection{std::make_unique<Engine>(std::move(transport.value()), std::move(engine_options)), nullptr};
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
        return Connection{std::make_unique<Engine>(std::move(transport.value()), std::move(engine_options)), nullptr};
    }
    return connect_kernel(options.device, std::move(engine_options));
}

}  // namespace ipmiprov::bridge

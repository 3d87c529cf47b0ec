#include "bridge/daemon_client.hpp"

#include <poll.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "bridge/frame.hpp"
#include "bridge/json_text.hpp"

namespace ipmiprov::bridge {
namespace {

using nlohmann::json;

constexpr auto kKinds = std::to_array<std::pair<ErrorKind, const char*>>({
    {ErrorKind::InvalidArgument, "invalid_argument"},
    {ErrorKind::NotFound, "not_found"},
    {ErrorKind::PermissionDenied, "permission_denied"},
    {ErrorKind::Timeout, "timeout"},
    {ErrorKind::Transport, "transport"},
    {ErrorKind::Protocol, "protocol"},
    {ErrorKind::CompletionCode, "completion_code"},
    {ErrorKind::Unsupported, "unsupported"},
});

Error bad_reply(const std::string& what) {
    return make_error(ErrorKind::Protocol, "ipmiprovd: malformed reply: " + what);
}

Result<std::uint8_t> byte_field(const json& j, const char* name, unsigned max) {
    if (!j.contains(name)) return make_error(ErrorKind::InvalidArgument, std::string("missing \"") + name + "\"");
    const auto& v = j[name];
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max)
        return make_error(ErrorKind::InvalidArgument,
                          std::string("\"") + name + "\" must be 0.." + std::to_string(max));
    return static_cast<std::uint8_t>(v.get<std::uint64_t>());
}

Result<std::vector<std::uint8_t>> bytes_field(const json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_array())
        return make_error(ErrorKind::InvalidArgument, std::string("\"") + name + "\" must be an array of bytes");
    std::vector<std::uint8_t> out;
    for (const auto& b : j[name]) {
        if (!b.is_number_unsigned() || b.get<std::uint64_t>() > 0xFF)
            return make_error(ErrorKind::InvalidArgument,
                              std::string("\"") + name + "\" holds a value that is not a byte");
        out.push_back(static_cast<std::uint8_t>(b.get<std::uint64_t>()));
    }
    return out;
}

class DaemonTransport final : public Transport {
public:
    DaemonTransport(std::shared_ptr<DaemonClient> client, std::string description)
        : client_(std::move(client)), description_(std::move(description)) {
        if (client_->hello().contains("system") && client_->hello()["system"].is_string())
            system_ = client_->hello()["system"].get<std::string>();
    }

    Result<Response> exchange(const Request& request, std::chrono::milliseconds timeout) override {
        json call{{"op", "transport"}, {"request", request_to_json(request)}, {"timeout_ms", timeout.count()}};
        // The daemon may retry on its side; allow for its whole round.
        auto reply = client_->call(call, timeout * 4 + std::chrono::seconds(5));
        if (!reply.ok()) return reply.error();
        if (!reply->contains("response")) return bad_reply("no \"response\"");
        return response_from_json((*reply)["response"]);
    }
    [[nodiscard]] std::string description() const override { return description_; }
    [[nodiscard]] std::optional<std::string> system_name() const override { return system_; }
    [[nodiscard]] bool retries_itself() const override { return true; }

private:
    std::shared_ptr<DaemonClient> client_;
    std::string description_;
    std::optional<std::string> system_;
};

}  // namespace

json error_to_json(const Error& error) {
    json out{{"kind", "transport"}, {"message", error.message}};
    for (const auto& [kind, name] : kKinds)
        if (kind == error.kind) out["kind"] = name;
    if (error.completion_code) out["completion_code"] = *error.completion_code;
    return out;
}

Error error_from_json(const json& j) {
    Error error{ErrorKind::Protocol, "ipmiprovd gave no reason", std::nullopt};
    if (!j.is_object()) return error;
    if (j.contains("message") && j["message"].is_string()) error.message = j["message"].get<std::string>();
    if (j.contains("kind") && j["kind"].is_string()) {
        for (const auto& [kind, name] : kKinds)
            if (j["kind"].get<std::string>() == name) error.kind = kind;
    }
    if (j.contains("completion_code") && j["completion_code"].is_number_unsigned())
        error.completion_code = static_cast<std::uint8_t>(j["completion_code"].get<std::uint64_t>() & 0xFF);
    return error;
}

json request_to_json(const Request& request) {
    json out{{"netfn", request.netfn}, {"cmd", request.cmd}, {"lun", request.lun}, {"data", request.data}};
    if (request.target.kind == Target::Kind::Ipmb)
        out["target"] = json{{"channel", request.target.channel}, {"address", request.target.slave_address}};
    return out;
}

Result<Request> request_from_json(const json& j) {
    if (!j.is_object()) return make_error(ErrorKind::InvalidArgument, "\"request\" must be an object");
    Request request;
    auto netfn = byte_field(j, "netfn", 0x3F);
    auto cmd = byte_field(j, "cmd", 0xFF);
    auto lun = byte_field(j, "lun", 3);
    auto data = bytes_field(j, "data");
    if (!netfn.ok()) return netfn.error();
    if (!cmd.ok()) return cmd.error();
    if (!lun.ok()) return lun.error();
    if (!data.ok()) return data.error();
    if (data->size() > 255) return make_error(ErrorKind::InvalidArgument, "\"data\" is longer than 255 bytes");
    request.netfn = *netfn;
    request.cmd = *cmd;
    request.lun = *lun;
    request.data = std::move(*data);
    if (j.contains("target")) {
        auto channel = byte_field(j["target"], "channel", 15);
        auto address = byte_field(j["target"], "address", 0xFF);
        if (!channel.ok()) return channel.error();
        if (!address.ok()) return address.error();
        request.target = Target::ipmb(*channel, *address);
    }
    return request;
}

json response_to_json(const Response& response) {
    return json{{"completion_code", response.completion_code}, {"data", response.data}};
}

Result<Response> response_from_json(const json& j) {
    if (!j.is_object()) return bad_reply("\"response\" must be an object");
    auto code = byte_field(j, "completion_code", 0xFF);
    auto data = bytes_field(j, "data");
    if (!code.ok()) return bad_reply(code.error().message);
    if (!data.ok()) return bad_reply(data.error().message);
    return Response{*code, std::move(*data)};
}

Result<std::unique_ptr<DaemonClient>> DaemonClient::connect(const std::string& socket_path,
                                                            std::chrono::milliseconds timeout) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.size() >= sizeof address.sun_path)
        return make_error(ErrorKind::InvalidArgument, "socket path too long: " + socket_path);
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error(ErrorKind::Transport, std::string("socket: ") + std::strerror(errno));
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        // No daemon is a failure of the service, not a missing object: a CIM
        // server must not turn it into CIM_ERR_NOT_FOUND (the client's fault).
        if (error == ENOENT || error == ECONNREFUSED)
            return make_error(ErrorKind::Transport, "ipmiprovd is not running at " + socket_path + " (" +
                                                        std::strerror(error) +
                                                        "): start it (systemctl start ipmiprovd)");
        const auto kind = error == EACCES ? ErrorKind::PermissionDenied : ErrorKind::Transport;
        return make_error(kind, "ipmiprovd at " + socket_path + ": " + std::strerror(error));
    }
    std::unique_ptr<DaemonClient> client(
        new DaemonClient(fd, socket_path));  // NOLINT(cppcoreguidelines-owning-memory): private constructor
    auto hello = client->call(json{{"op", "hello"}, {"protocol", kDaemonProtocolVersion}}, timeout);
    if (!hello.ok()) return hello.error();
    client->hello_ = std::move(*hello);
    return client;
}

DaemonClient::~DaemonClient() {
    ::close(fd_);
}

namespace {

// A reply's text to its object when it says "ok"; the daemon's Error otherwise.
Result<json> parse_reply(const std::string& payload) {
    auto reply = json::parse(payload, nullptr, false);
    if (reply.is_discarded() || !reply.is_object()) return bad_reply("not a JSON object");
    if (!reply.contains("ok") || !reply["ok"].is_boolean()) return bad_reply("no \"ok\"");
    if (!reply["ok"].get<bool>()) return error_from_json(reply.value("error", json::object()));
    return reply;
}

}  // namespace

Result<json> DaemonClient::call(const json& request, std::chrono::milliseconds timeout) {
    if (auto written = write_frame(fd_, json_text(request), timeout); !written.ok()) {
        // A daemon that refuses a connection (busy, not allowed) says why and
        // hangs up, maybe before the request is written: its reason is more
        // use than "Broken pipe", and is still there to read.
        if (auto reason = read_frame(fd_, kMaxReplyPayload, std::chrono::milliseconds(1000)); reason.ok()) {
            if (auto refusal = parse_reply(*reason); !refusal.ok()) return refusal.error();
        }
        return written.error();
    }
    auto payload = read_frame(fd_, kMaxReplyPayload, timeout);
    if (!payload.ok()) return payload.error();
    return parse_reply(*payload);
}

Result<std::unique_ptr<Transport>> make_daemon_transport(const std::string& socket_path,
                                                         std::chrono::milliseconds timeout) {
    auto client = DaemonClient::connect(socket_path, timeout);
    if (!client.ok()) return client.error();
    return make_daemon_transport(std::shared_ptr<DaemonClient>(std::move(*client)));
}

std::unique_ptr<Transport> make_daemon_transport(std::shared_ptr<DaemonClient> client) {
    // The daemon's own description: output (and the SDR cache) is the same
    // with or without the daemon in between.
    const auto behind = client->hello().value("transport", std::string("ipmiprovd ") + client->socket_path());
    return std::make_unique<DaemonTransport>(std::move(client), behind);
}

}  // namespace ipmiprov::bridge

namespace ipmiprov::bridge {

Result<std::optional<std::string>> DaemonClient::receive(std::chrono::milliseconds timeout) {
    pollfd waiting{fd_, POLLIN, 0};
    int ready = 0;
    do {
        ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) return make_error(ErrorKind::Transport, std::string("poll: ") + std::strerror(errno));
    if (ready == 0) return std::optional<std::string>();
    // A message that has begun comes whole within the daemon's own io timeout.
    auto payload = read_frame(fd_, kMaxReplyPayload, std::chrono::seconds(10));
    if (!payload.ok()) return payload.error();
    return std::optional<std::string>(std::move(*payload));
}

}  // namespace ipmiprov::bridge

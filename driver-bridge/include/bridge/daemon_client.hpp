// The client side of ipmiprovd's socket (docs/daemon-protocol.md): one
// connection, requests and replies as framed JSON, errors as Errors; and a
// Transport that sends each IPMI request through the daemon, so that every
// CLI command works the same with or without it.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bridge/message.hpp"
#include "bridge/result.hpp"
#include "bridge/transport.hpp"

namespace ipmiprov::bridge {

inline constexpr const char* kDefaultDaemonSocket = "/run/ipmiprov/ipmiprovd.sock";
inline constexpr int kDaemonProtocolVersion = 1;

// Shared by both sides of the socket.
nlohmann::json error_to_json(const Error& error);
Error error_from_json(const nlohmann::json& json);
nlohmann::json request_to_json(const Request& request);
Result<Request> request_from_json(const nlohmann::json& json);
nlohmann::json response_to_json(const Response& response);
Result<Response> response_from_json(const nlohmann::json& json);

class DaemonClient {
public:
    // Connects to the socket; NotFound when nothing listens there.
    static Result<std::unique_ptr<DaemonClient>> connect(const std::string& socket_path,
                                                         std::chrono::milliseconds timeout);
    ~DaemonClient();
    DaemonClient(const DaemonClient&) = delete;
    DaemonClient& operator=(const DaemonClient&) = delete;

    // Sends a request object and returns the reply object when it says
    // "ok"; an Error carrying the daemon's message otherwise.
    Result<nlohmann::json> call(const nlohmann::json& request, std::chrono::milliseconds timeout);
    [[nodiscard]] const std::string& socket_path() const { return path_; }
    // After a `subscribe` call: the next message the daemon pushes, whole
    // (docs/daemon-protocol.md, "Subscriptions"); nullopt when none began
    // within `timeout`. An error when the daemon closed the connection.
    Result<std::optional<std::string>> receive(std::chrono::milliseconds timeout);
    // Readable (poll, epoll) when a pushed message is coming.
    [[nodiscard]] int fd() const { return fd_; }
    // The daemon's answer to "hello": its protocol version, transport, system.
    [[nodiscard]] const nlohmann::json& hello() const { return hello_; }

private:
    DaemonClient(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_;
    std::string path_;
    nlohmann::json hello_;
};

// `ipmiprov --daemon`: a Transport whose exchanges go through ipmiprovd.
Result<std::unique_ptr<Transport>> make_daemon_transport(const std::string& socket_path,
                                                         std::chrono::milliseconds timeout);
// The same over a connection the caller shares (the CLI's model-level reads).
std::unique_ptr<Transport> make_daemon_transport(std::shared_ptr<DaemonClient> client);

}  // namespace ipmiprov::bridge

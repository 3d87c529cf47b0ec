// Result<T>: a value or an Error, in place of sentinel values and exceptions
// across the bridge's interfaces (std::expected is C++23; this is the subset we use).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace ipmiprov::bridge {

enum class ErrorKind {
    InvalidArgument,   // the caller asked for something malformed
    NotFound,          // device, file or fixture missing
    PermissionDenied,  // device or file not accessible
    Timeout,           // no reply within the deadline
    Transport,         // the channel to the BMC failed (I/O, session, socket)
    Protocol,          // the BMC answered with something malformed
    CompletionCode,    // the BMC answered with a non-zero completion code
    Unsupported,       // the transport or BMC cannot do this
};

struct Error {
    ErrorKind kind;
    std::string message;
    std::optional<std::uint8_t> completion_code{};  // set when kind == CompletionCode
    std::string detail{};                           // for -v: a library's own code and words
    // The BMC refused the session's login (password, user, privilege): each
    // such attempt counts towards the account's lock-out (ipmiprovd backs off).
    bool login_refused = false;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status success() {
    return Unit{};
}

inline Error make_error(ErrorKind kind, std::string message) {
    return Error{kind, std::move(message)};
}

// The BMC did not answer (after the engine's retries) or the channel to it
// failed: no reply says anything about the data, so a read stops with the error.
inline bool bmc_stopped_answering(const Error& error) {
    return error.kind == ErrorKind::Timeout || error.kind == ErrorKind::Transport;
}

}  // namespace ipmiprov::bridge

// Status and error reporting shared by the ABI's entry points (abi.cpp,
// subscription.cpp). Internal: nothing here is exported.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "bridge/result.hpp"
#include "ipmiprov/provider.h"

namespace ipmiprov::abi {

namespace bridge = ipmiprov::bridge;

// Writes what the caller's struct_size covers (older callers know fewer fields).
template <class T>
inline void copy_out(T* destination, const T& value) {
    if (destination == nullptr) return;
    const std::uint32_t size = destination->struct_size;
    std::memcpy(static_cast<void*>(destination), &value, std::min<std::size_t>(size, sizeof(T)));
    destination->struct_size = size;
}

inline ipmiprov_status status_of(bridge::ErrorKind kind) {
    switch (kind) {
        case bridge::ErrorKind::InvalidArgument:
            return IPMIPROV_E_INVALID_ARGUMENT;
        case bridge::ErrorKind::NotFound:
            return IPMIPROV_E_NOT_FOUND;
        case bridge::ErrorKind::PermissionDenied:
            return IPMIPROV_E_ACCESS_DENIED;
        case bridge::ErrorKind::Timeout:
            return IPMIPROV_E_TIMEOUT;
        case bridge::ErrorKind::Transport:
            return IPMIPROV_E_TRANSPORT;
        case bridge::ErrorKind::Protocol:
            return IPMIPROV_E_PROTOCOL;
        case bridge::ErrorKind::CompletionCode:
            return IPMIPROV_E_BMC_REFUSED;
        case bridge::ErrorKind::Unsupported:
            return IPMIPROV_E_UNSUPPORTED;
    }
    return IPMIPROV_E_INTERNAL;
}

inline ipmiprov_status fail(ipmiprov_error* error, ipmiprov_status status, const std::string& message,
                            std::optional<std::uint8_t> completion_code = std::nullopt) {
    if (error != nullptr) {
        ipmiprov_error full{};
        full.status = status;
        full.has_completion_code = completion_code ? 1 : 0;
        full.completion_code = completion_code.value_or(0);
        // NUL-terminated within the part of `message` the caller's struct has.
        const std::size_t at = offsetof(ipmiprov_error, message);
        const std::size_t room =
            error->struct_size > at ? std::min<std::size_t>(error->struct_size - at, sizeof full.message) : 0;
        if (room > 0) std::snprintf(full.message, room, "%s", message.c_str());
        copy_out(error, full);
    }
    return status;
}

inline ipmiprov_status fail(ipmiprov_error* error, const bridge::Error& e) {
    return fail(error, status_of(e.kind), e.message, e.completion_code);
}

inline ipmiprov_status succeed(ipmiprov_error* error) {
    if (error != nullptr) {
        ipmiprov_error full{};
        full.status = IPMIPROV_OK;
        copy_out(error, full);
    }
    return IPMIPROV_OK;
}

// Runs `body`, turning any exception into IPMIPROV_E_INTERNAL.
template <class Body>
ipmiprov_status guarded(ipmiprov_error* error, Body&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        return fail(error, IPMIPROV_E_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return fail(error, IPMIPROV_E_INTERNAL, "internal error");
    }
}

inline ipmiprov_status missing(ipmiprov_error* error, const char* what) {
    return fail(error, IPMIPROV_E_INVALID_ARGUMENT, std::string(what) + " is NULL");
}

}  // namespace ipmiprov::abi

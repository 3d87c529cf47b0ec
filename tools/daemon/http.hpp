// The little HTTP/1.x that ipmiprovd's metrics endpoint speaks (issue 25):
// a request head read into method, path and the Accept header, and a whole
// response written. What a scraper sends (RFC 9112 §3, §5); anything else is
// an error that names what was wrong, answered 400 and closed. Bounded: a
// head longer than kMaxHead bytes is refused unread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "bridge/result.hpp"

namespace ipmiprov::daemon::http {

inline constexpr std::size_t kMaxHead = 8192;

struct Request {
    std::string method;  // "GET", as sent (methods are case-sensitive, RFC 9110 §9.1)
    std::string path;    // the target without its query: "/metrics"
    std::string query;   // after '?', or empty
    std::string accept;  // the Accept header's value(s), joined with ", "; empty when none
};

// Where the head ends (just past the blank line), or nullopt while it has
// not come whole. Bare LF line ends are taken too (RFC 9112 §2.2).
std::optional<std::size_t> head_end(std::string_view received);

// The head (request line and header fields, up to and with the blank line).
bridge::Result<Request> parse_request(std::string_view head);

struct Response {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::string allow;  // for 405: the Allow header
};

// A plain-text answer (an error's words).
inline Response text_response(int status, std::string body) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

// The bytes on the wire: status line, Content-Type, Content-Length,
// Connection: close; with the body unless `head_only` (HEAD).
std::string serialize(const Response& response, bool head_only);

// The reason phrase of the status codes used here.
std::string_view reason(int status);

}  // namespace ipmiprov::daemon::http

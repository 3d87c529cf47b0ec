#include "http.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "bridge/text.hpp"

namespace ipmiprov::daemon::http {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

// tchar of RFC 9110 §5.6.2: what a method and a field name are made of.
bool is_token_char(char c) {
    static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || kExtra.find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

// A field value's characters (RFC 9110 §5.5): visible, space, tab, obs-text.
bool is_value_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte == '\t' || (byte >= 0x20U && byte != 0x7fU);
}

// The next line of `rest` without its CRLF or LF; `rest` moves past it.
std::string_view next_line(std::string_view& rest) {
    const auto end = rest.find('\n');
    auto line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bridge::Error bad(std::string what) {
    return make_error(ErrorKind::InvalidArgument, std::move(what));
}

bridge::Status parse_request_line(std::string_view line, Request& request) {
    const auto first = line.find(' ');
    const auto last = line.rfind(' ');
    if (first == std::string_view::npos || first == last)
        return bad("the request line is not \"METHOD PATH HTTP/1.x\"");
    const auto method = line.substr(0, first);
    const auto target = line.substr(first + 1, last - first - 1);
    const auto version = line.substr(last + 1);
    if (!is_token(method)) return bad("the request method is not a token");
    if (version != "HTTP/1.1" && version != "HTTP/1.0") return bad("the HTTP version is not 1.0 or 1.1");
    // origin-form only (RFC 9112 §3.2.1): a scraper asks for a path.
    if (target.empty() || target.front() != '/') return bad("the request target is not a path");
    if (std::any_of(target.begin(), target.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte <= 0x20U || byte >= 0x7fU;
        }))
        return bad("the request target has a space or a control character");
    const auto question = target.find('?');
    request.method = std::string(method);
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    return bridge::success();
}

bridge::Status parse_field(std::string_view line, Request& request) {
    if (line.front() == ' ' || line.front() == '\t') return bad("a header line is folded (obsolete, RFC 9112 §5.2)");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return bad("a header line has no ':'");
    const auto name = line.substr(0, colon);
    if (!is_token(name)) return bad("a header name is not a token");
    const auto value = bridge::trimmed(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), is_value_char))
        return bad(std::string("the header ") + std::string(name) + " has a control character");
    if (bridge::equals_ignoring_case(name, "Accept") && !value.empty()) {
        if (!request.accept.empty()) request.accept.append(", ");
        request.accept.append(value);
    }
    return bridge::success();
}

struct Reason {
    int status;
    std::string_view text;
};
constexpr std::array kReasons{Reason{200, "OK"},
                              Reason{400, "Bad Request"},
                              Reason{404, "Not Found"},
                              Reason{405, "Method Not Allowed"},
                              Reason{408, "Request Timeout"},
                              Reason{431, "Request Header Fields Too Large"},
                              Reason{500, "Internal Server Error"},
                              Reason{503, "Service Unavailable"}};

}  // namespace

std::optional<std::size_t> head_end(std::string_view received) {
    // Empty lines before the request line are not its end (RFC 9112 §2.2).
    const auto start = received.find_first_not_of("\r\n");
    if (start == std::string_view::npos) return std::nullopt;
    // The first empty line after it: "\r\n\r\n", "\n\n" or "\n\r\n".
    for (std::size_t at = received.find('\n', start); at != std::string_view::npos; at = received.find('\n', at + 1)) {
        const auto after = at + 1;
        if (after < received.size() && received[after] == '\n') return after + 1;
        if (after + 1 < received.size() && received[after] == '\r' && received[after + 1] == '\n') return after + 2;
    }
    return std::nullopt;
}

bridge::Result<Request> parse_request(std::string_view head) {
    if (head.size() > kMaxHead)
        return bad(std::string("the request head is over ") + std::to_string(kMaxHead) + " bytes");
    if (head.find('\0') != std::string_view::npos) return bad("the request has a NUL byte");
    // A client may send empty lines before the request line (RFC 9112 §2.2).
    std::string_view rest = head;
    std::string_view line;
    do {
        if (rest.empty()) return bad("the request is empty");
        line = next_line(rest);
    } while (line.empty());
    Request request;
    if (auto parsed = parse_request_line(line, request); !parsed.ok()) return parsed.error();
    while (true) {
        if (rest.empty()) return bad("the request head does not end in an empty line");
        line = next_line(rest);
        if (line.empty()) return request;
        if (auto parsed = parse_field(line, request); !parsed.ok()) return parsed.error();
    }
}

std::string_view reason(int status) {
    const auto* found =
        std::find_if(kReasons.begin(), kReasons.end(), [&](const Reason& r) { return r.status == status; });
    return found == kReasons.end() ? std::string_view("Unknown") : found->text;
}

std::string serialize(const Response& response, bool head_only) {
    std::string out = "HTTP/1.1 ";
    out.append(std::to_string(response.status)).append(" ").append(reason(response.status)).append("\r\n");
    out.append("Content-Type: ").append(response.content_type).append("\r\n");
    out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
    if (!response.allow.empty()) out.append("Allow: ").append(response.allow).append("\r\n");
    // One request a connection: a scraper opens another for the next scrape.
    out.append("Connection: close\r\n\r\n");
    if (!head_only) out.append(response.body);
    return out;
}

}  // namespace ipmiprov::daemon::http

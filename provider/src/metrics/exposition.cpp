// The two exposition formats (exposition.hpp): the Prometheus text format
// 0.0.4 and OpenMetrics 1.0 (its specification, "Text Format").
#include "provider/metrics/exposition.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include "bridge/text.hpp"

namespace ipmiprov::provider::metrics {
namespace {

// HELP text and label values: backslash, newline and (label values) quote escaped.
std::string escaped(std::string_view text, bool quote) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && quote) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    return out;
}

// The family name in the metadata lines: OpenMetrics names an info family
// and a counter without their sample suffix; the text format has no info
// type (a gauge of 1) and names a counter by its sample.
std::string family_name(const Family& family, Format format) {
    if (format == Format::Prometheus) return family.name;
    const std::string_view name = family.name;
    const std::string_view suffix = family.type == Type::Info ? "_info" : family.type == Type::Counter ? "_total" : "";
    if (!suffix.empty() && name.ends_with(suffix)) return std::string(name.substr(0, name.size() - suffix.size()));
    return family.name;
}

std::string_view type_text(Type type, Format format) {
    switch (type) {
        case Type::Counter:
            return "counter";
        case Type::Info:
            return format == Format::OpenMetrics ? "info" : "gauge";
        case Type::Gauge:
            break;
    }
    return "gauge";
}

void write_sample(std::string& out, const std::string& name, const Sample& sample) {
    out += name;
    if (!sample.labels.empty()) {
        out += '{';
        bool first = true;
        for (const auto& [label, value] : sample.labels) {
            if (!first) out += ',';
            first = false;
            out.append(label).append("=\"").append(escaped(value, true)).append("\"");
        }
        out += '}';
    }
    out.append(" ").append(number_text(sample.value)).append("\n");
}

// One element of an Accept header: "type/subtype;param=value;q=0.5". The
// type in lower case; q 1 when not given, 0 when not a number in 0..1.
struct MediaRange {
    std::string type;
    double q = 1;
};
MediaRange media_range(std::string_view element) {
    MediaRange range;
    const auto semicolon = element.find(';');
    for (const char c : bridge::trimmed(element.substr(0, semicolon)))
        range.type += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto params = semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1);
    while (!params.empty()) {
        const auto next = params.find(';');
        const auto param = bridge::trimmed(params.substr(0, next));
        params.remove_prefix(next == std::string_view::npos ? params.size() : next + 1);
        if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
        const auto value = param.substr(2);
        double q = -1;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), q);
        range.q = error == std::errc{} && end == value.data() + value.size() && q >= 0 && q <= 1 ? q : 0;
    }
    return range;
}

}  // namespace

std::string number_text(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (error != std::errc{}) return "NaN";
    return {buffer.data(), end};
}

std::string render(const std::vector<Family>& families, Format format) {
    std::string out;
    for (const auto& family : families) {
        if (family.samples.empty()) continue;
        const auto name = family_name(family, format);
        out.append("# TYPE ").append(name).append(" ").append(type_text(family.type, format)).append("\n");
        if (format == Format::OpenMetrics && !family.unit.empty())
            out.append("# UNIT ").append(name).append(" ").append(family.unit).append("\n");
        out.append("# HELP ").append(name).append(" ").append(escaped(family.help, false)).append("\n");
        for (const auto& sample : family.samples) write_sample(out, family.name, sample);
    }
    if (format == Format::OpenMetrics) out += "# EOF\n";
    return out;
}

std::string_view content_type(Format format) {
    return format == Format::OpenMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                         : "text/plain; version=0.0.4; charset=utf-8";
}

Format negotiate(std::string_view accept) {
    // The best q of each format among the media ranges (RFC 9110 §12.5.1):
    // OpenMetrics only when named, and not preferred less than the text format.
    double open_metrics = 0;
    double text = 0;
    while (!accept.empty()) {
        const auto comma = accept.find(',');
        const auto range = media_range(accept.substr(0, comma));
        accept.remove_prefix(comma == std::string_view::npos ? accept.size() : comma + 1);
        if (range.type == "application/openmetrics-text") open_metrics = std::max(open_metrics, range.q);
        if (range.type == "text/plain" || range.type == "text/*" || range.type == "*/*") text = std::max(text, range.q);
    }
    return open_metrics > 0 && open_metrics >= text ? Format::OpenMetrics : Format::Prometheus;
}

}  // namespace ipmiprov::provider::metrics

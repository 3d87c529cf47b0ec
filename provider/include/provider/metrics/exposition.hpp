// Metric families and their exposition (issue 25): the Prometheus text
// format 0.0.4 and OpenMetrics 1.0, from one model. The rules that differ
// are kept here: OpenMetrics ends in "# EOF", names an info family without
// its "_info" sample suffix and a counter without "_total", and may carry a
// UNIT that must be the name's suffix; both escape label values the same
// way. No timestamps: a scraper stamps what it reads (and node_exporter's
// textfile collector refuses files that have them).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ipmiprov::provider::metrics {

enum class Format { Prometheus, OpenMetrics };

enum class Type { Gauge, Counter, Info };

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
    Labels labels;
    double value = 0;
};

struct Family {
    std::string name;  // the sample name: ipmi_temperature_celsius, ipmi_bmc_info, ipmiprov_bmc_requests_total
    Type type = Type::Gauge;
    std::string unit;  // OpenMetrics UNIT when the name ends in "_<unit>"; empty: none
    std::string help;
    std::vector<Sample> samples;
};

// The whole exposition; families without samples are left out.
std::string render(const std::vector<Family>& families, Format format);

// The Content-Type of each format.
std::string_view content_type(Format format);

// What a scraper's Accept header asks for: OpenMetrics when it names
// application/openmetrics-text with a q no lower than the text format's
// (Prometheus 2.x puts it first, at q=1), else the text format, which
// every scraper reads.
Format negotiate(std::string_view accept);

// A number as both formats write it: NaN, +Inf, -Inf, else the shortest
// text that reads back as the same double.
std::string number_text(double value);

}  // namespace ipmiprov::provider::metrics

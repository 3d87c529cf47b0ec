// Severity rows from a file (docs/severity.md), and the table in force.
// A row: SENSOR-TYPE EVENT-READING-TYPE OFFSET ASSERTED [DEASSERTED]
//   0x08 0x6f 1 critical           (Power Supply, Failure detected)
//   *    0x01 0 nominal warning    (every type: lower non-critical going low)
// Numbers in hex (0x..) or decimal; '*' for every sensor type; one severity
// stands for both directions, as in FreeIPMI's interpretation files.
#include <cctype>
#include <cstdlib>
#include <sstream>

#include "bridge/text_file.hpp"
#include "provider/severity/severity.hpp"

namespace ipmiprov::provider::severity {
namespace {

constexpr std::size_t kMaxFileBytes = 1U << 20;

std::optional<unsigned> number(const std::string& text, unsigned max) {
    if (text.empty()) return std::nullopt;
    const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const std::string digits = hex ? text.substr(2) : text;
    if (digits.empty() || digits.size() > 4) return std::nullopt;
    unsigned value = 0;
    for (const char c : digits) {
        const int digit = std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0'
                          : hex && std::isxdigit(static_cast<unsigned char>(c)) != 0
                              ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                              : -1;
        if (digit < 0) return std::nullopt;
        value = value * (hex ? 16U : 10U) + static_cast<unsigned>(digit);
    }
    if (value > max) return std::nullopt;
    return value;
}

bridge::Result<Rule> parse_row(const std::vector<std::string>& words) {
    auto bad = [](const std::string& what) { return bridge::make_error(bridge::ErrorKind::InvalidArgument, what); };
    if (words.size() < 4 || words.size() > 5)
        return bad("a row is SENSOR-TYPE EVENT-READING-TYPE OFFSET ASSERTED [DEASSERTED], " +
                   std::to_string(words.size()) + " words given");
    Rule rule;
    if (words[0] != "*") {
        auto type = number(words[0], 0xFF);
        if (!type) return bad("sensor type \"" + words[0] + "\" is not * or a number 0..0xff");
        rule.sensor_type = static_cast<std::uint8_t>(*type);
    }
    auto type = number(words[1], 0x7F);
    if (!type) return bad("event/reading type \"" + words[1] + "\" is not a number 0..0x7f");
    auto offset = number(words[2], 14);
    if (!offset) return bad("offset \"" + words[2] + "\" is not a number 0..14");
    rule.event_reading_type = static_cast<std::uint8_t>(*type);
    rule.offset = static_cast<std::uint8_t>(*offset);
    auto asserted = parse_severity(words[3]);
    if (!asserted) return bad("\"" + words[3] + "\" is not nominal, warning, critical or unknown");
    rule.asserted = *asserted;
    rule.deasserted = *asserted;
    if (words.size() == 5) {
        auto deasserted = parse_severity(words[4]);
        if (!deasserted) return bad("\"" + words[4] + "\" is not nominal, warning, critical or unknown");
        rule.deasserted = *deasserted;
    }
    return rule;
}

std::vector<std::string> words_of(const std::string& line) {
    std::istringstream in(line.substr(0, line.find('#')));
    std::vector<std::string> words;
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

struct Configured {
    Table table = Table::builtin();
    std::optional<std::string> problem;
};

Configured load_configured() {
    Configured out;
    const char* named = std::getenv(kSeverityFileVariable);
    const bool explicit_file = named != nullptr && *named != '\0';
    const std::string path = explicit_file ? named : kDefaultSeverityFile;
    auto text = bridge::read_bounded_file(path, kMaxFileBytes, "the severity file");
    if (!text.ok()) {
        // The default file is optional; a file someone named must be there.
        if (explicit_file || text.error().kind != bridge::ErrorKind::NotFound)
            out.problem = "severity file ignored: " + text.error().message;
        return out;
    }
    auto table = out.table.with_overrides(*text, path);
    if (!table.ok()) {
        out.problem = "severity file ignored: " + table.error().message;
        return out;
    }
    out.table = std::move(*table);
    return out;
}

const Configured& configured_state() {
    static const Configured state = load_configured();
    return state;
}

}  // namespace

bridge::Result<Table> Table::with_overrides(std::string_view text, const std::string& source) const {
    Table out = *this;
    std::istringstream lines{std::string(text)};
    std::size_t line_number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++line_number;
        const auto words = words_of(line);
        if (words.empty()) continue;
        auto rule = parse_row(words);
        if (!rule.ok())
            return bridge::make_error(bridge::ErrorKind::InvalidArgument,
                                      source + ":" + std::to_string(line_number) + ": " + rule.error().message);
        const int type = rule->sensor_type ? static_cast<int>(*rule->sensor_type) : -1;
        out.overrides_[Key{type, rule->event_reading_type, rule->offset}] = *rule;
    }
    return out;
}

const Table& configured() {
    return configured_state().table;
}

const std::optional<std::string>& configured_problem() {
    return configured_state().problem;
}

}  // namespace ipmiprov::provider::severity

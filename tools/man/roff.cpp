#include "roff.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>

#include "bridge/text.hpp"

namespace ipmiprov::man {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Blank-line separated blocks.
std::vector<std::vector<std::string>> blocks_of(const std::string& text) {
    std::vector<std::vector<std::string>> blocks(1);
    for (const auto& line : lines_of(text)) {
        if (line.find_first_not_of(' ') == std::string::npos) {
            if (!blocks.back().empty()) blocks.emplace_back();
            continue;
        }
        blocks.back().push_back(line);
    }
    if (blocks.back().empty()) blocks.pop_back();
    return blocks;
}

std::string trim(const std::string& text) {
    return std::string(bridge::trimmed(text, " "));
}

std::size_t indent_of(const std::string& line) {
    const auto first = line.find_first_not_of(' ');
    return first == std::string::npos ? line.size() : first;
}

// "  TERM   description": an entry starts at column 2; deeper lines continue it.
bool is_entry(const std::string& line) {
    return indent_of(line) == 2;
}
bool is_continuation(const std::string& line) {
    return indent_of(line) > 2;
}

OptionEntry parse_entry(const std::string& line) {
    OptionEntry entry;
    const auto gap = line.find("  ", 2);
    entry.term = trim(line.substr(0, gap));
    if (gap != std::string::npos) entry.description = trim(line.substr(gap));
    const auto dashes = entry.term.find("--");
    if (dashes == std::string::npos) return entry;
    auto end = entry.term.find_first_of(" ]=", dashes);
    if (end == std::string::npos) end = entry.term.size();
    entry.long_name = entry.term.substr(dashes + 2, end - dashes - 2);
    std::string rest = trim(entry.term.substr(end));
    if (rest.starts_with("]")) rest = trim(rest.substr(1));
    entry.argument = rest;
    return entry;
}

// Boost.Program_options wraps a description at 80 columns, at a space when
// the last word is shorter than half the description's width, and in the
// middle of a word otherwise ("/run/ipmiprov/ipmiprovd.s" + "ock)"). `previous`
// is the line before `more`: a full one whose last word is that long was
// broken in the word, and is joined without a space.
void append_description(std::string& description, const std::string& previous, const std::string& more) {
    constexpr std::size_t kLineLength = 80;
    const std::size_t column = indent_of(more);
    bool in_word = false;
    if (previous.size() + 1 >= kLineLength && previous.back() != ' ' && column < kLineLength) {
        const auto segment = previous.substr(std::min(column, previous.size()));
        const auto space = segment.rfind(' ');
        const std::size_t word = space == std::string::npos ? segment.size() : segment.size() - space;
        in_word = word >= (kLineLength - column) / 2;
    }
    if (!description.empty() && !in_word) description += ' ';
    description += trim(more);
}

// The code point of the UTF-8 sequence at `at`, advancing `at`; U+FFFD for
// a malformed one.
unsigned decode_utf8(const std::string& text, std::size_t& at) {
    const auto lead = static_cast<unsigned char>(text[at++]);
    const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
    if (extra < 0) return 0xFFFD;
    unsigned point = lead & (0x3Fu >> extra);
    for (int i = 0; i < extra; ++i) {
        if (at >= text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80) return 0xFFFD;
        point = (point << 6) | (static_cast<unsigned char>(text[at++]) & 0x3F);
    }
    return point;
}

std::string roff_line(const std::string& line, bool literal) {
    std::string out;
    bool code = false;
    for (std::size_t at = 0; at < line.size();) {
        const char c = line[at];
        if (c == '`') {
            out += code ? "\\fR" : "\\fB";
            code = !code;
            ++at;
        } else if (c == '\\') {
            out += "\\e";
            ++at;
        } else if (c == '-' && (literal || code)) {
            out += "\\-";
            ++at;
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            char name[16];
            std::snprintf(name, sizeof name, "\\[u%04X]", decode_utf8(line, at));
            out += name;
        } else {
            out += c;
            ++at;
        }
    }
    if (code) out += "\\fR";
    if (out.starts_with(".") || out.starts_with("'")) out.insert(0, "\\&");
    return out;
}

void literal_lines(std::ostringstream& out, const std::vector<std::string>& lines, std::size_t first,
                   std::size_t strip) {
    out << ".nf\n";
    for (std::size_t i = first; i < lines.size(); ++i)
        out << roff_line(lines[i].substr(std::min(strip, indent_of(lines[i]))), true) << '\n';
    out << ".fi\n";
}

void entry_roff(std::ostringstream& out, const OptionEntry& entry) {
    out << ".TP\n\\fB" << roff_text(entry.term, true) << "\\fR\n" << roff_text(entry.description) << '\n';
}

}  // namespace

std::vector<OptionEntry> option_entries(const std::string& help) {
    std::vector<OptionEntry> entries;
    bool in_entry = false;
    std::string previous;
    for (const auto& line : lines_of(help)) {
        if (is_entry(line) && trim(line).starts_with("-")) {
            entries.push_back(parse_entry(line));
            in_entry = true;
        } else if (in_entry && is_continuation(line)) {
            append_description(entries.back().description, previous, line);
        } else {
            in_entry = false;
        }
        previous = line;
    }
    return entries;
}

std::string roff_text(const std::string& text, bool literal) {
    std::string out;
    for (const auto& line : lines_of(text)) out += roff_line(line, literal) + '\n';
    if (!out.empty()) out.pop_back();
    return out;
}

std::string help_to_roff(const std::string& help, bool titles_as_subsections) {
    std::ostringstream out;
    for (const auto& block : blocks_of(help)) {
        const std::string& first = block.front();
        if (first.starts_with("Usage: ")) {
            out << ".PP\n";
            std::vector<std::string> usage{first.substr(7)};
            usage.insert(usage.end(), block.begin() + 1, block.end());
            literal_lines(out, usage, 0, 7);
            continue;
        }
        const bool titled = block.size() > 1 && indent_of(first) == 0 && first.ends_with(":") && !is_entry(first) &&
                            indent_of(block[1]) > 0;
        if (!titled) {
            out << ".PP\n" << roff_text(trim(first)) << '\n';
            for (std::size_t i = 1; i < block.size(); ++i) out << roff_line(trim(block[i]), false) << '\n';
            continue;
        }
        const std::string title = first.substr(0, first.size() - 1);
        if (title == "Examples") {
            out << ".PP\n.B Examples:\n.RS 4\n";
            literal_lines(out, block, 1, 2);
            out << ".RE\n";
            continue;
        }
        if (titles_as_subsections) {
            out << ".SS " << roff_text(title) << '\n';
        } else {
            out << ".PP\n.B " << roff_text(title) << ":\n";
        }
        std::optional<OptionEntry> entry;
        bool paragraph = false;
        for (std::size_t i = 1; i < block.size(); ++i) {
            const auto& line = block[i];
            if (is_entry(line)) {
                if (entry) entry_roff(out, *entry);
                entry = parse_entry(line);
            } else if (is_continuation(line) && entry) {
                append_description(entry->description, block[i - 1], line);
            } else {  // a line at column 0 after the list: a paragraph of its own
                if (entry) entry_roff(out, *entry);
                entry.reset();
                if (!paragraph) out << ".PP\n";
                paragraph = true;
                out << roff_line(trim(line), false) << '\n';
            }
        }
        if (entry) entry_roff(out, *entry);
    }
    return out.str();
}

std::string config_keys_roff(const std::string& help, const std::vector<std::string>& exclude) {
    std::ostringstream out;
    const std::set<std::string> skip(exclude.begin(), exclude.end());
    for (const auto& entry : option_entries(help)) {
        if (entry.long_name.empty() || skip.contains(entry.long_name)) continue;
        out << ".TP\n\\fB" << roff_text(entry.long_name, true) << " = \\fI"
            << roff_text(entry.argument.empty() ? "true" : entry.argument, true) << "\\fR\n"
            << roff_text(entry.description) << '\n';
    }
    return out.str();
}

std::string fill_template(const std::string& prose, const std::vector<std::pair<std::string, std::string>>& sections,
                          std::string& error) {
    std::ostringstream out;
    std::set<std::string> used;
    for (const auto& line : lines_of(prose)) {
        if (line.size() > 2 && line.starts_with("@") && line.ends_with("@")) {
            const auto name = line.substr(1, line.size() - 2);
            bool found = false;
            for (const auto& [key, text] : sections) {
                if (key != name) continue;
                out << text;
                if (!text.empty() && !text.ends_with("\n")) out << '\n';
                used.insert(key);
                found = true;
            }
            if (!found) {
                error = "the template names an unknown section @" + name + "@";
                return {};
            }
            continue;
        }
        out << line << '\n';
    }
    for (const auto& [key, text] : sections) {
        if (!used.contains(key)) {
            error = "the template does not place section @" + key + "@";
            return {};
        }
    }
    return out.str();
}

}  // namespace ipmiprov::man

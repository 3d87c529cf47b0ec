#include "table.hpp"

#include <algorithm>

namespace ipmiprov::cli {
namespace {

constexpr const char* kGap = "  ";

bool needs_quotes(const std::string& field) {
    if (field.empty()) return false;
    return field.find_first_of(",\"\r\n") != std::string::npos || field.front() == ' ' || field.back() == ' ';
}

void write_text_row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<Column>& columns,
                    const std::vector<std::size_t>& widths) {
    std::string line;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto& cell = cells[i];
        const auto padding = std::string(widths[i] - display_width(cell), ' ');
        if (i > 0) line += kGap;
        line += columns[i].align == Align::Right ? padding + cell : cell + padding;
    }
    // The last column's padding (and an empty last cell) leave no trailing blanks.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
}

}  // namespace

std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += ',';
        const auto& field = fields[i];
        if (!needs_quotes(field)) {
            line += field;
            continue;
        }
        line += '"';
        for (const char c : field) {
            if (c == '"') line += '"';
            line += c;
        }
        line += '"';
    }
    return line;
}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    rows_.push_back(std::move(cells));
}

void Table::write(std::ostream& out, TableFormat format, bool header) const {
    std::vector<std::string> headers;
    headers.reserve(columns_.size());
    for (const auto& column : columns_) headers.push_back(column.header);
    if (format == TableFormat::Csv) {
        if (header) out << csv_line(headers) << '\n';
        for (const auto& row : rows_) out << csv_line(row) << '\n';
        return;
    }
    std::vector<std::size_t> widths(columns_.size(), 0);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (header) widths[i] = display_width(headers[i]);
        for (const auto& row : rows_) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    if (header) write_text_row(out, headers, columns_, widths);
    for (const auto& row : rows_) write_text_row(out, row, columns_, widths);
}

}  // namespace ipmiprov::cli

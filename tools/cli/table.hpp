// The CLI's tables: as aligned text, columns as wide as their widest cell
// (a long sensor type pushes nothing out of line), or as CSV (RFC 4180:
// a field with a comma, a quote, a line break or edge spaces is quoted, its
// quotes doubled; lines end in LF). The header may be left out.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipmiprov::cli {

enum class Align { Left, Right };

struct Column {
    std::string header;
    Align align = Align::Left;
};

enum class TableFormat { Text, Csv };

class Table {
public:
    explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
    // One cell per column; fewer are padded with empty cells.
    void add_row(std::vector<std::string> cells);
    void write(std::ostream& out, TableFormat format, bool header) const;
    [[nodiscard]] std::size_t rows() const { return rows_.size(); }

private:
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> rows_;
};

// One CSV line (without its end): each field quoted where RFC 4180 needs it.
std::string csv_line(const std::vector<std::string>& fields);

// Columns a terminal gives the text: UTF-8 sequences count once.
std::size_t display_width(const std::string& text);

}  // namespace ipmiprov::cli

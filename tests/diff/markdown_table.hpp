// Checks that a piece of markdown holds a table that renders: a blank line,
// a header row, a separator row of the same width, rows of the same width.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace planlens::test {

/// Cells of one table row, split on pipes that are not escaped (escapes kept).
inline std::vector<std::string> table_cells(std::string_view row) {
    std::vector<std::string> out;
    REQUIRE(row.size() >= 2);
    REQUIRE(row.front() == '|');
    REQUIRE(row.back() == '|');
    std::string cell;
    for (std::size_t i = 1; i + 1 < row.size(); ++i) {
        if (row[i] == '\\' && row[i + 1] == '|') {
            cell += "\\|";
            ++i;
        } else if (row[i] == '|') {
            out.push_back(cell);
            cell.clear();
        } else {
            cell += row[i];
        }
    }
    out.push_back(cell);
    return out;
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        out.push_back(text.substr(start, end - start));
    return out;
}

/// The rows of the first table in `markdown`, each checked to have the header's width.
inline std::vector<std::vector<std::string>> table_rows(const std::string& markdown) {
    const std::vector<std::string> lines = lines_of(markdown);
    std::size_t at = 0;
    while (at < lines.size() && lines[at].substr(0, 1) != "|") ++at;
    REQUIRE(at + 1 < lines.size());
    REQUIRE(at > 0);
    CHECK(lines[at - 1].empty());  // without a blank line before it, the table is part of a paragraph
    const std::vector<std::string> header = table_cells(lines[at]);
    const std::vector<std::string> separator = table_cells(lines[at + 1]);
    REQUIRE(header.size() == separator.size());
    for (const std::string& s : separator) {
        INFO(s);
        CHECK(s.find_first_not_of("-:") == std::string::npos);
        CHECK(s.find("---") != std::string::npos);
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = at + 2; i < lines.size() && !lines[i].empty(); ++i) {
        rows.push_back(table_cells(lines[i]));
        INFO(lines[i]);
        CHECK(rows.back().size() == header.size());
    }
    return rows;
}

inline std::string trim(std::string s) {
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

}  // namespace planlens::test

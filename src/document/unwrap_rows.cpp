// One row of each paste style back to the plan line PostgreSQL printed. The
// plan's own indentation is never touched: only the decoration each client
// adds (psql's one padding space, markdown's "| " and " |", DBeaver's "|",
// CSV quotes, the server log's tab) is removed.
#include "evidence.hpp"
#include "unwrap.hpp"

#include <algorithm>

namespace planlens::detail {

namespace {

/// `row` narrowed to `text`, a part of it (or a rewritten copy starting at `at`).
SourceLine narrowed(const SourceLine& row, std::string_view text, std::size_t at) {
    return SourceLine{text, row.line, row.column + static_cast<std::uint32_t>(at)};
}

/// Drops up to `pad` spaces: the decoration, never the plan's indentation.
std::size_t strip_pad(std::string_view text, std::size_t pad) noexcept {
    std::size_t n = 0;
    while (n < pad && n < text.size() && text[n] == ' ') ++n;
    return n;
}

}  // namespace

std::size_t leading_spaces(std::string_view text) noexcept {
    std::size_t n = 0;
    while (n < text.size() && text[n] == ' ') ++n;
    return n;
}

std::size_t markdown_pad(const SourceLine& first_row) {
    const std::string_view text = first_row.text;
    const std::size_t pipe = indent_bytes(text);
    if (pipe >= text.size() || text[pipe] != '|') return 0;
    return leading_spaces(text.substr(pipe + 1));
}

SourceLine unwrap_markdown_row(const SourceLine& row, std::size_t pad, LineArena& arena) {
    const std::string_view text = row.text;
    std::size_t start = indent_bytes(text);
    if (start < text.size() && text[start] == '|') ++start;
    std::string_view cell = text.substr(start);
    // the closing pipe, unless it was lost or is an escaped "\|" of the plan line
    if (!cell.empty() && cell.back() == '|' && !(cell.size() >= 2 && cell[cell.size() - 2] == '\\'))
        cell.remove_suffix(1);
    const std::size_t skip = strip_pad(cell, pad);
    start += skip;
    cell = trim_right(cell.substr(skip));
    if (cell.find("\\|") == std::string_view::npos) return narrowed(row, cell, start);
    std::string unescaped;
    unescaped.reserve(cell.size());
    for (std::size_t i = 0; i < cell.size(); ++i) {
        if (cell[i] == '\\' && i + 1 < cell.size() && cell[i + 1] == '|') continue;
        unescaped += cell[i];
    }
    return narrowed(row, arena.keep(std::move(unescaped)), start);
}

SourceLine unwrap_psql_aligned(const SourceLine& row, std::size_t pad) {
    const std::size_t skip = strip_pad(row.text, pad);
    return narrowed(row, row.text.substr(skip), skip);
}

SourceLine unwrap_dbeaver_row(const SourceLine& row, std::size_t pad) {
    std::string_view text = row.text;
    if (!text.empty() && text.back() == '|') text = trim_right(text.substr(0, text.size() - 1));
    const std::size_t skip = strip_pad(text, pad);
    return narrowed(row, text.substr(skip), skip);
}

SourceLine unwrap_csv_row(const SourceLine& row, LineArena& arena) {
    const std::string_view text = row.text;
    const std::size_t open = indent_bytes(text);
    if (open >= text.size() || text[open] != '"') return row;
    std::string_view inner = text.substr(open + 1);
    if (!inner.empty() && inner.back() == '"') inner.remove_suffix(1);
    inner = trim_right(inner);
    if (inner.find('"') == std::string_view::npos) return narrowed(row, inner, open + 1);
    std::string unquoted;
    unquoted.reserve(inner.size());
    for (std::size_t i = 0; i < inner.size(); ++i) {
        unquoted += inner[i];
        if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') ++i;
    }
    return narrowed(row, arena.keep(std::move(unquoted)), open + 1);
}

SourceLine unwrap_psql_expanded(const SourceLine& row) {
    const std::string_view text = row.text;
    const std::size_t pipe = text.find('|');
    if (pipe == std::string_view::npos) return narrowed(row, {}, text.size());
    std::size_t start = pipe + 1;
    // aligned "QUERY PLAN | value" pads the value with one space; "QUERY PLAN|value" does not
    if (pipe > 0 && text[pipe - 1] == ' ' && start < text.size() && text[start] == ' ') ++start;
    return narrowed(row, text.substr(start), start);
}

SourceLine unwrap_log_row(const SourceLine& row) {
    const std::size_t skip = !row.text.empty() && row.text.front() == '\t' ? 1 : 0;
    return narrowed(row, row.text.substr(skip), skip);
}

}  // namespace planlens::detail

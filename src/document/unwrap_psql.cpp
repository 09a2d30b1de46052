// psql's aligned and wrapped tables for a one-column result (print.c), in
// every line style and border, normal and expanded (\x), with or without
// header and footer (\t, \pset footer off), and tables a terminal or an
// editor cut at its width. A cell that psql wrapped is rejoined exactly:
// ascii marks the cut with "." at the end of the piece and the start of the
// next, unicode with "…", old-ascii with nothing (it prints the padding
// space that a full, wrapped row has, and in \x it leaves the name column
// blank). Each rejoined line remembers where its pieces came from.
#include "evidence.hpp"
#include "psql_frame.hpp"
#include "unwrap.hpp"

#include <algorithm>

namespace planlens::detail {

namespace {

using psql::display_width;
using psql::mark_prefix;
using psql::mark_suffix;
using psql::vertical_prefix;
using psql::vertical_suffix;

std::string_view trim_spaces_right(std::string_view s) noexcept {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::size_t footer_rows(std::string_view body) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 1; i < body.size() && body[i] >= '0' && body[i] <= '9'; ++i) n = n * 10 + (body[i] - '0');
    return n;
}

/// Whether a row reads as a plan line of its own rather than the rest of the
/// row above. explain.c indents by even steps (two spaces a level, six under
/// a child arrow); only the root and the summary ("Planning Time: ...") sit
/// at the root's column. `after_blank`: a second plan may start there.
bool reads_as_plan_line(std::string_view content, bool after_blank) noexcept {
    const std::size_t indent = leading_spaces(content);
    const std::string_view body = content.substr(indent);
    if (body.empty() || indent % 2 != 0) return false;
    if (indent == 0) return is_upper(body.front()) && (after_blank || body.find(':') != std::string_view::npos);
    return is_upper(body.front()) || body.starts_with("->");
}

/// "QUERY PLAN" framed as a header cell: "| QUERY PLAN |", "│  QUERY PLAN  │".
bool is_framed_header(std::string_view body) noexcept {
    const std::size_t left = vertical_prefix(body);
    const std::size_t right = vertical_suffix(body);
    if (left == 0 || right == 0 || body.size() < left + right) return false;
    std::string_view inner = body.substr(left, body.size() - left - right);
    inner.remove_prefix(std::min(inner.find_first_not_of(' '), inner.size()));
    return trim_spaces_right(inner) == "QUERY PLAN";
}

}  // namespace

std::string_view Unwrapper::untrimmed(const SourceLine& line) const noexcept {
    const char* const end = text_.data() + text_.size();
    const char* p = line.text.data() + line.text.size();
    if (line.text.data() < text_.data() || p > end) return line.text;
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    return std::string_view(line.text.data(), static_cast<std::size_t>(p - line.text.data()));
}

void Unwrapper::start_cell(const SourceLine& row, std::size_t at, std::string_view content) {
    if (cell_open_) end_cell();
    cell_open_ = true;
    pieces_.clear();
    pieces_.push_back(Piece{0, row.line, row.column + static_cast<std::uint32_t>(at)});
    cell_view_ = SourceLine{content, row.line, row.column + static_cast<std::uint32_t>(at)};
}

void Unwrapper::continue_cell(const SourceLine& row, std::size_t at, std::string_view content, std::size_t drop) {
    if (pieces_.size() == 1) cell_.assign(cell_view_.text);  // copied only once the cell turns out wrapped
    cell_.resize(cell_.size() - std::min(drop, cell_.size()));
    pieces_.push_back(Piece{static_cast<std::uint32_t>(cell_.size()), row.line,
                            row.column + static_cast<std::uint32_t>(at)});
    cell_.append(content);
}

void Unwrapper::end_cell() {
    if (!cell_open_) return;
    cell_open_ = false;
    if (pieces_.size() == 1) {
        cell_view_.text = trim_spaces_right(cell_view_.text);
        add(cell_view_);
        return;
    }
    cell_.resize(trim_spaces_right(cell_).size());
    add(arena_.keep(cell_, pieces_));
    wrapped_ = true;
}

// ---- normal (not expanded) tables -------------------------------------------

Unwrapper::Row Unwrapper::table_row(const SourceLine& line, std::size_t edge, int border, std::size_t width) const {
    Row row;
    row.line = line;
    const std::string_view raw = untrimmed(line);
    const std::string_view text = raw.substr(std::min(edge, raw.size()));
    row.at = edge;
    if (border == 2) {
        std::size_t left = vertical_prefix(text);
        std::size_t right = vertical_suffix(text);
        std::string_view inner = text.substr(left, text.size() - left - std::min(right, text.size() - left));
        if (const std::size_t m = mark_prefix(inner)) {
            row.left_mark = true;
            left += m;
        } else if (inner.starts_with(' ')) {
            ++left;
        }
        inner = text.substr(left, text.size() - left - std::min(right, text.size() - left));
        if (const std::size_t m = mark_suffix(inner); m != 0 && right != 0) {
            row.right_mark = true;
            inner.remove_suffix(m);
        } else if (right != 0 && inner.ends_with(' ')) {
            inner.remove_suffix(1);
        }
        row.at += left;
        row.content = inner;
        return row;
    }
    std::string_view content = text;
    if (border == 1) {
        if (content.starts_with(' ')) {
            content.remove_prefix(1);
            ++row.at;
        } else if (const std::size_t m = terminal_cut_ ? 0 : mark_prefix(content)) {
            row.left_mark = true;
            content.remove_prefix(m);
            row.at += m;
        } else {
            row.remainder = true;
        }
    }
    // psql prints the right mark, or old-ascii's padding space, only after a
    // row that fills the column: the whole row is then as wide as the rule
    const std::size_t full = border == 1 ? width : width + 1;
    if (width != 0 && !row.remainder && display_width(text) == full) {
        if (const std::size_t m = mark_suffix(content)) {
            row.right_mark = true;
            content.remove_suffix(m);
        } else if (content.ends_with(' ')) {
            row.right_mark = row.padded = true;  // old-ascii pads a row only where it wraps
            content.remove_suffix(1);
        }
    } else if (width == 0 && border == 1 && !terminal_cut_ && mark_suffix(content) != 0) {
        row.right_mark = true;  // confirmed by the next row's left mark, or dropped
    }
    row.content = content;
    return row;
}

bool Unwrapper::read_psql_framed(const SourceLine& first) {
    const std::string_view body = body_of(first.text);
    const std::size_t edge = indent_bytes(first.text);
    if (psql::is_record_heading(body)) return read_expanded(first);
    Field field;
    SourceLine next;
    if (psql::is_rule(body)) {
        if (!cursor_.peek(next)) return false;
        const std::string_view below = body_of(next.text);
        if (field_layout(below, field) && field.framed) return read_expanded(first);  // \x with \t
        if (!is_framed_header(below)) return false;
        cursor_.next(next);
        return read_psql_table(2, edge, display_width(below) - 4, nullptr);
    }
    if (vertical_prefix(body) == 0 || vertical_suffix(body) == 0 || display_width(body) < 4) return false;
    const std::size_t width = display_width(body) - 4;  // "| " and " |" around the cell
    if (body.front() != '|') {
        // box drawing is psql's own, even where a paste lost the top rule
        if (field_layout(body, field) && field.framed) return read_expanded(first);
        if (is_framed_header(body)) return read_psql_table(2, edge, width, nullptr);
    } else {
        // \t drops the header: rows of one width down to a bottom rule tell
        // psql apart from a markdown table
        LineCursor ahead = cursor_;
        while (ahead.next(next)) {
            const std::string_view row = body_of(next.text);
            if (psql::is_rule(row)) break;
            if (vertical_prefix(row) == 0 || vertical_suffix(row) == 0 || display_width(row) != width + 4) return false;
        }
        if (!psql::is_rule(body_of(next.text))) return false;
    }
    return read_psql_table(2, edge, width, &first);
}

bool Unwrapper::read_psql_table(int border, std::size_t edge, std::size_t width, const SourceLine* first_row) {
    begin_region(PasteStyle::psql, true);
    if (first_row != nullptr) raw_.push_back(*first_row);
    // rows, up to the bottom rule or the footer
    SourceLine line;
    std::size_t footer = 0;
    std::size_t first_remainder = 0;
    LineCursor at_first_remainder = cursor_;
    while (cursor_.peek(line)) {
        const std::string_view body = body_of(line.text);
        if (line.text.empty() || indent_bytes(line.text) < edge) break;
        if (is_psql_footer(body)) {
            cursor_.next(line);
            footer = footer_rows(body);
            break;
        }
        if (border == 2) {
            if (psql::is_rule(body)) {
                cursor_.next(line);
                if (raw_.empty()) continue;  // the rule under the header
                break;                       // the bottom rule
            }
            if (vertical_prefix(body) == 0 || vertical_suffix(body) == 0) break;
        } else if (border == 1 && indent_bytes(line.text) == edge && mark_prefix(body) == 0) {
            if (is_structural(body) || psql::is_rule(body)) break;
            if (first_remainder == 0) {
                first_remainder = raw_.size() + 1;
                at_first_remainder = cursor_;
            }
        } else if (border == 0 && (is_structural(body) || psql::is_rule(body))) {
            break;
        }
        cursor_.next(line);
        raw_.push_back(line);
    }
    // pieces a terminal cut off count only where a footer vouches for the table
    if (first_remainder != 0 && footer == 0) {
        raw_.resize(first_remainder - 1);
        cursor_ = at_first_remainder;
    }
    rows_.clear();
    for (const SourceLine& r : raw_) rows_.push_back(table_row(r, edge, border, width));
    join_rows(border, footer);
    // a bottom rule and the footer may still follow rows a rule ended
    if (border == 2 && cursor_.peek(line) && is_psql_footer(body_of(line.text))) cursor_.next(line);
    if (wrapped_) style_ = PasteStyle::psql_wrapped;
    return !lines_.empty();
}

void Unwrapper::join_rows(int border, std::size_t footer) {
    const std::size_t n = rows_.size();
    // which row continues the one above it
    continues_.assign(n, false);
    bool marks = false;
    for (std::size_t i = 1; i < n; ++i) {
        const Row& above = rows_[i - 1];
        const Row& row = rows_[i];
        if (row.remainder) {
            continues_[i] = true;
        } else if (above.right_mark && row.left_mark) {
            continues_[i] = marks = true;
        } else if (above.right_mark && border == 0 && mark_suffix(untrimmed(above.line)) != 0) {
            continues_[i] = marks = true;  // border 0 has no left mark
        } else if (above.padded) {
            continues_[i] = true;
        }
    }
    // old-ascii at border 2 marks nothing and pads every row to the column's
    // width: a row continues the one above unless it reads as a plan line
    if (!marks && border == 2) {
        for (std::size_t i = 1; i < n; ++i)
            if (!continues_[i] && !reads_as_plan_line(rows_[i].content, rows_[i - 1].content.find_first_not_of(' ') ==
                                                                             std::string_view::npos))
                continues_[i] = true;
    }
    // a terminal cut just before a space: the piece looks like a row at the
    // root's column that no plan line can start like; the footer's count says so
    if (footer != 0 && border == 1) {
        std::size_t logical = 0;
        std::size_t candidates = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (continues_[i]) continue;
            ++logical;
            if (i > 0 && !reads_as_plan_line(rows_[i].content, false)) ++candidates;
        }
        if (logical > footer && logical - footer == candidates) {
            for (std::size_t i = 1; i < n; ++i) {
                if (continues_[i] || reads_as_plan_line(rows_[i].content, false)) continue;
                continues_[i] = true;
                rows_[i].remainder = true;
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        Row& row = rows_[i];
        const bool cut_below = i + 1 < n && continues_[i + 1];
        if (!cut_below && row.right_mark && !row.remainder) {
            // a mark not confirmed by a continuation is the cell's own text
            row.content = untrimmed(row.line).substr(row.at);
            if (border == 2) row.content.remove_suffix(vertical_suffix(row.content));
        }
        if (!continues_[i]) start_cell(row.line, row.at, row.content);
        else if (row.remainder) continue_cell(row.line, 0, untrimmed(row.line), 0);  // padding included: it is text
        else continue_cell(row.line, row.at, row.content, 0);
    }
    end_cell();
}

// ---- tuples only (\t) at border 0 and 1: no header says psql -----------------

void Unwrapper::rejoin_marked_rows() {
    if (!csv_rows_.empty()) return;
    std::size_t widest = 0;
    std::size_t marked = 0;
    // old-ascii first: its pieces may end in "." or "…" of their own
    if (rejoin_padded_rows() ||
        std::none_of(lines_.begin(), lines_.end(), [](const SourceLine& l) { return mark_suffix(l.text) != 0; }))
        return;
    widest = 0;
    for (const SourceLine& l : lines_) widest = std::max(widest, display_width(l.text));
    const auto cut = [&](const SourceLine& l) { return mark_suffix(l.text) != 0 && display_width(l.text) == widest; };
    for (const SourceLine& l : lines_) marked += cut(l) ? 1 : 0;
    const bool border1 = lines_.front().text.starts_with(' ');
    raw_.assign(lines_.begin(), lines_.end());
    lines_.clear();
    for (std::size_t i = 0; i < raw_.size(); ++i) {
        const SourceLine& row = raw_[i];
        const bool continues = i > 0 && cut(raw_[i - 1]) &&
                               (mark_prefix(row.text) != 0 || raw_[i - 1].text.ends_with(psql::ellipsis) ||
                                marked > 1 || !reads_as_plan_line(row.text.substr(border1 ? 1 : 0), false));
        if (!continues) {
            start_cell(row, 0, row.text);
            continue;
        }
        // border 1 (the root sits after psql's padding space) marks the
        // continuation too, with the same mark; border 0 does not
        const std::size_t right = mark_suffix(raw_[i - 1].text);
        const std::size_t left = border1 && mark_prefix(row.text) == right ? right : 0;
        continue_cell(row, left, row.text.substr(left), right);
    }
    end_cell();
    if (wrapped_) style_ = PasteStyle::psql_wrapped;
}

bool Unwrapper::rejoin_padded_rows() {
    // old-ascii marks a cut with a space after the piece, which fills the
    // row to the table's width; a row that is not cut has no trailing blank
    const auto padded = [this](const SourceLine& l) {
        const std::string_view raw = untrimmed(l);
        return !l.text.empty() && raw.size() > l.text.size() && raw.back() == ' ';
    };
    const auto unpadded = [this](const SourceLine& l) { return untrimmed(l).size() == l.text.size(); };
    // every row padded is a terminal's or an editor's doing, not psql's; and
    // with no row padded (most regions) the widths need not be taken
    if (std::none_of(lines_.begin(), lines_.end(), padded) || std::none_of(lines_.begin(), lines_.end(), unpadded))
        return false;
    std::size_t widest = 0;
    for (const SourceLine& l : lines_) widest = std::max(widest, display_width(untrimmed(l)));
    const auto cut = [&](const SourceLine& l) { return padded(l) && display_width(untrimmed(l)) == widest; };
    const auto marked = static_cast<std::size_t>(std::count_if(lines_.begin(), lines_.end(), cut));
    if (marked == 0) return false;
    const bool border1 = lines_.front().text.starts_with(' ');
    raw_.assign(lines_.begin(), lines_.end());
    lines_.clear();
    for (std::size_t i = 0; i < raw_.size(); ++i) {
        const SourceLine& row = raw_[i];
        // a cut piece keeps its own trailing spaces: only the last one is the mark
        const std::string_view text = cut(row) ? untrimmed(row) : row.text;
        const bool continues = i > 0 && cut(raw_[i - 1]) &&
                               (marked > 1 || !reads_as_plan_line(row.text.substr(border1 ? 1 : 0), false));
        if (!continues) {
            start_cell(row, 0, text);
            continue;
        }
        // border 1 starts the continuation after the padding space, as the row
        const std::size_t left = border1 && text.starts_with(' ') ? 1 : 0;
        continue_cell(row, left, text.substr(left), 1);
    }
    end_cell();
    if (wrapped_) style_ = PasteStyle::psql_wrapped;
    return true;
}

// ---- expanded (\x) ----------------------------------------------------------

/// "QUERY PLAN | value", "QUERY PLAN|value", "QUERY PLAN value", "│ QUERY PLAN │ value │".
bool Unwrapper::field_layout(std::string_view body, Field& field) noexcept {
    std::size_t at = 0;
    if (const std::size_t v = vertical_prefix(body); v != 0 && body.substr(v).starts_with(" QUERY PLAN ")) {
        at = v + 1;
        field.framed = true;
    }
    if (!body.substr(at).starts_with("QUERY PLAN")) return false;
    field.name_column = display_width(body.substr(0, at));
    std::string_view rest = body.substr(at + 10);
    if (rest.starts_with('|')) {
        field.value_column = field.name_column + 11;  // unaligned
        return true;
    }
    if (!rest.starts_with(' ')) return false;
    if (const std::size_t v = vertical_prefix(rest.substr(1))) {
        field.value_column = field.name_column + 13;
        return rest.size() == 1 + v || rest.substr(1 + v).starts_with(' ') || mark_prefix(rest.substr(1 + v)) != 0;
    }
    if (field.framed) return false;
    field.value_column = field.name_column + 11;  // border 0
    return is_plan_root(rest.substr(1)) || rest.size() > 1;
}

bool Unwrapper::field_continues(const SourceLine& row, const Field& field, std::size_t edge) const noexcept {
    const std::string_view raw = untrimmed(row);
    if (raw.size() <= edge) return false;
    const std::string_view text = raw.substr(edge);
    const std::size_t from = field.framed ? vertical_prefix(text) : 0;
    if (field.framed && from == 0) return false;
    // the name column is blank, the value is not
    const std::size_t name_end = psql::byte_at_column(text, field.name_column + 10);
    if (name_end >= text.size()) return false;
    for (std::size_t i = from; i < name_end; ++i)
        if (text[i] != ' ') return false;
    const std::size_t value = psql::byte_at_column(text, field.value_column - 1);
    std::string_view rest = text.substr(value);
    if (field.framed) rest.remove_suffix(std::min(rest.size(), vertical_suffix(rest)));
    return !trim_spaces_right(rest).empty();
}

bool Unwrapper::read_expanded(const SourceLine& first) {
    begin_region(PasteStyle::psql_expanded, true);
    Field field;
    bool known = false;
    std::size_t edge = 0;
    std::string_view last_piece;  // the open cell's last piece, to drop its wrap mark

    const auto value_at = [&](std::string_view raw) {
        return edge + psql::byte_at_column(raw.substr(std::min(edge, raw.size())), field.value_column);
    };
    const auto value_of = [&](std::string_view raw, std::size_t at) {
        std::string_view value = at < raw.size() ? raw.substr(at) : std::string_view{};
        if (field.framed) value.remove_suffix(std::min(value.size(), vertical_suffix(value)));
        return value;
    };
    const auto take = [&](const SourceLine& row) {
        const std::string_view body = body_of(row.text);
        if (psql::is_record_heading(body) || psql::is_rule(body)) {
            end_cell();
            return true;
        }
        Field layout;
        // a value whose first piece psql wrapped is all blank leaves "QUERY PLAN" alone
        const bool field_row = field_layout(body, layout) || (known && body == "QUERY PLAN");
        if (!known) {
            if (!field_row) return false;
            field = layout;
            known = true;
            edge = indent_bytes(row.text);
        }
        const std::string_view raw = untrimmed(row);
        if (field_row) {
            const std::size_t at = value_at(raw);
            last_piece = value_of(raw, at);
            start_cell(row, at, last_piece);
            return true;
        }
        if (!cell_open_ || !field_continues(row, field, edge)) return false;
        const std::size_t at = value_at(raw);
        const std::string_view value = value_of(raw, at);
        // what ends the piece above: border 2 always has a padding space or
        // a mark before the border; otherwise a mark only where the
        // continuation starts with one too (old-ascii marks nothing)
        const std::size_t mark_before = mark_prefix(raw.substr(edge + psql::byte_at_column(raw.substr(edge),
                                                                                            field.value_column - 1)));
        std::size_t drop = 0;
        if (field.framed) drop = mark_suffix(last_piece) != 0 ? mark_suffix(last_piece) : last_piece.ends_with(' ') ? 1 : 0;
        else if (mark_before != 0) drop = mark_suffix(last_piece);
        continue_cell(row, at, value, drop);
        last_piece = value;
        return true;
    };

    take(first);
    SourceLine row;
    for (;;) {
        if (next_if(row, take)) continue;
        // records separated by an empty line: psql -A \x, and \t at border 0
        const LineCursor saved = cursor_;
        SourceLine after;
        Field layout;
        if (known && cursor_.next(row) && row.text.empty() && cursor_.next(after) &&
            (field_layout(body_of(after.text), layout) || body_of(after.text) == "QUERY PLAN")) {
            take(after);
            continue;
        }
        cursor_ = saved;
        break;
    }
    end_cell();
    return !lines_.empty();
}

}  // namespace planlens::detail

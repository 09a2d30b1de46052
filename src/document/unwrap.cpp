// The document scanner: one pass over the lines, a look at the first bytes of
// each, and a region reader per paste style once a region starts. Lines that
// start no region go to the Context (headings, SQL blocks).
#include "unwrap.hpp"

#include "evidence.hpp"
#include "psql_frame.hpp"

#include <planlens/parse.hpp>

#include <cstdint>

namespace planlens::detail {

namespace {

enum class Dashes { none, plain, with_pipe };

/// psql's "-----" under its header ("─────" with \pset linestyle unicode),
/// DBeaver's "-----|" or "----- |".
Dashes dashes(std::string_view body) noexcept {
    if (body.empty()) return Dashes::none;
    if (body.front() != '-') return psql::is_rule(body) && psql::frame_strokes(body) * 3 == static_cast<int>(body.size())
                                       ? Dashes::plain  // "─────", "═════" (unicode, double header line)
                                       : Dashes::none;
    std::size_t n = 0;
    while (n < body.size() && body[n] == '-') ++n;
    if (n < 3) return Dashes::none;
    if (n == body.size()) return Dashes::plain;
    const std::string_view rest = body.substr(n);
    return rest == "|" || rest == " |" ? Dashes::with_pipe : Dashes::none;
}

/// A markdown table's first cell, trimmed: "| QUERY PLAN |" -> "QUERY PLAN".
std::string_view first_cell(std::string_view body) noexcept {
    if (body.empty() || body.front() != '|') return {};
    std::string_view cell = body.substr(1);
    cell = cell.substr(0, cell.find('|'));
    const std::size_t begin = cell.find_first_not_of(' ');
    if (begin == std::string_view::npos) return {};
    const std::size_t end = cell.find_last_not_of(' ');
    return cell.substr(begin, end - begin + 1);
}

/// "| --- |", "|:---|", "+-----+": a table's separator or border.
bool is_table_rule(std::string_view body) noexcept {
    // a loop, not find_first_not_of("|-:+ "), which calls memchr for each
    // byte: every table row is asked, and most fail at their second byte
    bool dash = false;
    for (const char c : body) {
        if (c == '-') dash = true;
        else if (c != '|' && c != ':' && c != '+' && c != ' ') return false;
    }
    return dash;
}

bool is_pipe_row(std::string_view body) noexcept {
    return !body.empty() && (body.front() == '|' || (body.front() == '+' && is_table_rule(body)));
}

/// "... LOG:  duration: 12.345 ms  plan:", with any log_line_prefix.
bool is_log_plan_start(std::string_view text) noexcept {
    return text.ends_with("plan:") && text.find("duration: ") != std::string_view::npos;
}

}  // namespace

bool Unwrapper::line_has_figures(std::string_view line) {
    const auto at = reinterpret_cast<std::uintptr_t>(line.data());
    const auto start = reinterpret_cast<std::uintptr_t>(text_.data());
    if (at < start || at >= start + text_.size()) return has_figures(line);  // not a view into the document
    const std::size_t begin = at - start, end = begin + line.size();
    const bool stale = begin < figures_from_ || (figures_at_ == std::string_view::npos ? end > figures_to_
                                                                                         : figures_at_ < begin);
    if (stale) {
        // A window at a time, not the rest of the document at once: the
        // window is read again right after (lines, rows), while it is in cache.
        // (Figures cut by the window's end are not found, but no line that
        // holds them whole ends inside the window: asking for one looks again.)
        constexpr std::size_t window = std::size_t{1} << 16;
        const std::string_view searched = text_.substr(begin, std::max(window, line.size()));
        const std::size_t found = find_figures(searched);
        figures_from_ = begin;
        figures_at_ = found == std::string_view::npos ? found : begin + found;
        figures_to_ = begin + searched.size();
    }
    return figures_at_ != std::string_view::npos && figures_at_ < end;
}

bool Unwrapper::next(Block& block) {
    SourceLine line;
    while (cursor_.next(line)) {
        if (!step(line)) continue;
        block.style = style_;
        block.explicit_root = explicit_root_;
        block.lines = lines_;
        block.csv_rows = csv_rows_;
        block.heading = context_.heading();
        block.sql = has_block_sql_ ? block_sql_ : context_.sql();
        return true;
    }
    return false;
}

bool Unwrapper::step(const SourceLine& line) {
    const std::string_view text = line.text;
    if (text.empty()) {
        context_.blank();
        previous_may_root_ = false;
        return false;
    }
    const std::size_t indent = indent_bytes(text);
    const char first = text[indent];
    if (fence_.open) {
        if ((first == fence_.marker || fence_.inline_content) && closes_fence(text, fence_)) {
            fence_ = Fence{};
            context_.fence_closed();
            previous_may_root_ = false;
            return false;
        }
    } else if ((first == '`' || first == '~' || first == '{') && opens_fence(text, fence_)) {
        context_.fence_opened(fence_);
        previous_may_root_ = false;
        return false;
    }
    // most prose lines start with a lowercase letter or a digit: only a log entry can begin there
    const bool may_start = !(first >= 'a' && first <= 'z') && !(first >= '0' && first <= '9');
    if ((may_start || text.back() == ':') && start_region(line, text.substr(indent))) return true;
    // a root without figures (COSTS OFF) shows itself by the line under it
    if (previous_may_root_ && indent > indent_bytes(previous_.text) && looks_like_plan_child(text.substr(indent)) &&
        is_plan_root(previous_.text)) {
        read_bare(previous_, &line);
        return true;
    }
    // psql -t wrapped a root before its figures: they are on the next piece
    if (is_upper(first) && ((psql::mark_suffix(text) != 0 && wrapped_root(text)) || padded_root(line))) {
        read_bare(line, nullptr);
        return true;
    }
    context_.line(line, fence_.open);
    previous_ = line;
    previous_may_root_ = is_upper(first);
    return false;
}

bool Unwrapper::wrapped_root(std::string_view text) {
    // a piece cut at a wrap mark continues on lines that start with one
    // (border 1) or, for unicode's "…", on the next lines as they are
    LineCursor ahead = cursor_;
    SourceLine next;
    // most such lines are prose ending in a full stop: look before copying anything
    if (!ahead.peek(next) || (psql::mark_prefix(next.text) == 0 && !text.ends_with(psql::ellipsis))) return false;
    std::string joined(text.substr(0, text.size() - psql::mark_suffix(text)));
    for (int pieces = 0; pieces < 4 && ahead.next(next); ++pieces) {
        const std::size_t left = psql::mark_prefix(next.text);
        if (left == 0 && !text.ends_with(psql::ellipsis)) return false;
        const std::string_view piece = next.text.substr(left);
        const std::size_t right = psql::mark_suffix(piece);
        joined.append(piece.substr(0, piece.size() - right));
        if (has_figures(joined)) return true;
        if (right == 0) return false;
    }
    return false;
}

bool Unwrapper::padded_root(const SourceLine& line) {
    // old-ascii's cut: the piece, then a space that fills the row to the
    // table's width; the next pieces are as wide until the last one
    const std::string_view first = untrimmed(line);
    if (first.size() == line.text.size() || first.back() != ' ') return false;
    const std::size_t width = psql::display_width(first);
    const std::size_t pad = line.text.starts_with(' ') ? 1 : 0;  // border 1: after the padding space
    LineCursor ahead = cursor_;
    SourceLine next;
    std::string joined(first.substr(0, first.size() - 1));
    for (int pieces = 0; pieces < 4 && ahead.next(next); ++pieces) {
        const std::string_view raw = untrimmed(next);
        // a blank row ends the cut (its text is shorter than the padding)
        if (raw.size() <= pad || next.text.size() < pad || (pad == 1 && raw.front() != ' ')) return false;
        const bool cut = raw.size() > next.text.size() && raw.back() == ' ' && psql::display_width(raw) == width;
        joined.append(cut ? raw.substr(pad, raw.size() - pad - 1) : next.text.substr(pad));
        if (has_figures(joined)) return true;
        if (!cut) return false;
    }
    return false;
}

bool Unwrapper::start_region(const SourceLine& line, std::string_view body) {
    switch (body.front()) {
        case '|':
            if (body == "|====") return read_asciidoc(line);
            if (read_psql_framed(line)) return true;
            return read_pipe_table(line);
        case '+':
            if (psql::is_record_heading(body)) return read_expanded(line);
            if (is_table_rule(body)) {
                if (read_psql_framed(line)) return true;
                SourceLine next;
                if (cursor_.peek(next) && body_of(next.text).starts_with("|")) return read_pipe_table(line);
            }
            return false;
        case '\xE2':  // a box-drawing frame: \pset linestyle unicode
            return read_psql_framed(line);
        case '-':
            if (body.starts_with("-[ RECORD ")) return read_expanded(line);
            if (dashes(body) == Dashes::plain) return read_psql_header(line);
            return fragment_start(line, body);
        case '<': return read_psql_html(line) || read_html(line);
        case '[': return read_asciidoc(line);
        case '\\': return read_latex(line);
        case '.': return read_troff(line);
        case '\'': return quoted_rows_start(line, body);
        case '*': return psql::is_record_heading(body) && read_expanded(line);
        case '"':
            if (body == "\"QUERY PLAN\"") return read_unaligned(PasteStyle::csv);
            if (!line_has_figures(body)) return false;
            read_bare(line, nullptr);
            return true;
        case 'Q':
            if (body.starts_with("QUERY PLAN") && read_query_plan(line, body.substr(10))) return true;
            if (body.size() >= 5 && std::string_view("QUERY PLAN").starts_with(body)) {
                // a terminal cut the header itself: its rest heads the next line
                SourceLine next;
                const LineCursor saved = cursor_;
                if (cursor_.next(next) && body_of(next.text) == std::string_view("QUERY PLAN").substr(body.size()) &&
                    read_psql_header(SourceLine{}))
                    return true;
                cursor_ = saved;
            }
            break;
        default: break;
    }
    if (body.back() == ':' && is_log_plan_start(body)) return read_log_entry();
    if (!is_upper(body.front()) || !line_has_figures(body)) return false;
    read_bare(line, nullptr);
    return true;
}

void Unwrapper::begin_region(PasteStyle style, bool explicit_root) {
    context_.region_started();
    previous_may_root_ = false;
    lines_.clear();
    csv_rows_.clear();
    raw_.clear();
    style_ = style;
    explicit_root_ = explicit_root;
    has_block_sql_ = false;
    block_sql_ = {};
    cell_open_ = false;
    wrapped_ = false;
    double_spaced_lines_ = 0;
}

void Unwrapper::add_csv(const SourceLine& row) {
    csv_rows_.push_back(static_cast<std::uint32_t>(lines_.size()));
    lines_.push_back(unwrap_csv_row(row, arena_));
}

/// What follows a "QUERY PLAN" header tells the client apart.
bool Unwrapper::read_query_plan(const SourceLine& header, std::string_view rest) {
    if (rest.empty()) {
        if (read_psql_header(header)) return true;
        SourceLine next;
        const Dashes kind = cursor_.peek(next) ? dashes(body_of(next.text)) : Dashes::none;
        if (kind == Dashes::with_pipe) return read_dbeaver();
        return read_unaligned(PasteStyle::psql_unaligned);
    }
    const std::string_view after = rest.substr(rest.find_first_not_of(' ') == std::string_view::npos
                                                   ? rest.size()
                                                   : rest.find_first_not_of(' '));
    if (after == "|") return read_dbeaver();
    Field field;
    if (field_layout(body_of(header.text), field)) {
        // border 0 names the field with a space only: the value must be a plan root
        if (field.value_column == field.name_column + 11 && !rest.starts_with('|') && !is_plan_root(rest.substr(1)) &&
            psql::mark_suffix(rest) == 0)
            return false;
        return read_expanded(header);
    }
    return false;
}

/// psql's aligned or wrapped table at border 0 or 1: the header, then its rule.
bool Unwrapper::read_psql_header(const SourceLine& first) {
    const LineCursor saved = cursor_;
    SourceLine line;
    // a terminal cut the header's padding onto a line of its own
    while (cursor_.peek(line) && line.text.empty() && !untrimmed(line).empty()) cursor_.next(line);
    std::size_t width = 0;
    std::size_t edge = 0;
    int rules = 0;
    if (dashes(body_of(first.text)) == Dashes::plain) {  // the header was not pasted
        edge = indent_bytes(first.text);
        width = psql::display_width(body_of(first.text));
        rules = 1;
    }
    while (cursor_.peek(line) && dashes(body_of(line.text)) == Dashes::plain) {
        if (rules++ == 0) edge = indent_bytes(line.text);
        width += psql::display_width(body_of(line.text));
        cursor_.next(line);
    }
    if (rules == 0) {
        cursor_ = saved;
        return false;
    }
    // a terminal cut the rule too: its width says nothing, and a "." or "…"
    // at a cut is the row's own text, not psql's wrap mark
    terminal_cut_ = rules > 1;
    if (terminal_cut_) width = 0;
    // rows sit right of the rule's edge by psql's padding space; a paste
    // that lost the padding keeps its rows at the edge
    const bool padded = cursor_.peek(line) && indent_bytes(line.text) > edge;
    if (first.text.data() != nullptr && dashes(body_of(first.text)) == Dashes::plain) {
        // without the header only a plan right under the rule makes it a table
        const std::string_view row = body_of(line.text);
        if (!padded || row.empty() || !is_upper(row.front()) || !line_has_figures(row)) {
            cursor_ = saved;
            terminal_cut_ = false;
            return false;
        }
    }
    const bool read = read_psql_table(padded ? 1 : 0, edge, width, nullptr);
    terminal_cut_ = false;
    return read;
}

bool Unwrapper::read_pipe_table(const SourceLine& first) {
    begin_region(PasteStyle::markdown, false);
    const auto pipe_row = [](const SourceLine& l) { return is_pipe_row(body_of(l.text)); };
    SourceLine row;
    // A first pass that keeps nothing: a table with no figures in any row and
    // no "QUERY PLAN" header holds no plan, and such a table (a data table,
    // or a million lone pipes) must not cost memory per row.
    {
        const LineCursor start = cursor_;
        bool header_seen = false;
        bool may_hold_plan = false;
        const auto look = [&](const SourceLine& r) {
            const std::string_view body = body_of(r.text);
            if (is_table_rule(body)) return;
            if (!header_seen) {
                header_seen = true;
                may_hold_plan = first_cell(body) == "QUERY PLAN";
            }
            may_hold_plan = may_hold_plan || has_figures(body);  // unwrapping never adds figures
        };
        look(first);
        while (!may_hold_plan && next_if(row, pipe_row)) look(row);  // a "QUERY PLAN" header settles it at once
        if (!may_hold_plan) return false;
        cursor_ = start;
    }
    raw_.push_back(first);
    while (next_if(row, pipe_row)) raw_.push_back(row);
    bool header_seen = false;
    bool figures = false;
    std::size_t pad = 0;
    bool pad_known = false;
    for (const SourceLine& r : raw_) {
        const std::string_view body = body_of(r.text);
        if (body.front() == '+') style_ = PasteStyle::psql;  // psql's \pset border 2
        if (is_table_rule(body)) continue;
        if (!header_seen) {
            header_seen = true;
            if (first_cell(body) == "QUERY PLAN") {
                explicit_root_ = figures = true;
                continue;
            }
        }
        if (!pad_known && !first_cell(body).empty()) {
            pad = markdown_pad(r);
            pad_known = true;
        }
        lines_.push_back(unwrap_markdown_row(r, pad, arena_));
        figures = figures || has_figures(lines_.back().text);
    }
    return figures && !lines_.empty();
}

bool Unwrapper::read_dbeaver() {
    begin_region(PasteStyle::dbeaver, true);
    SourceLine row;
    next_if(row, [](const SourceLine& l) { return dashes(body_of(l.text)) != Dashes::none; });
    while (next_if(row, [](const SourceLine& l) { return !is_structural(body_of(l.text)); })) raw_.push_back(row);
    const std::size_t pad = raw_.empty() ? 0 : leading_spaces(raw_.front().text);
    for (const SourceLine& r : raw_) add(unwrap_dbeaver_row(r, pad));
    return !lines_.empty();
}

bool Unwrapper::read_unaligned(PasteStyle style) {
    begin_region(style, true);
    SourceLine row;
    while (next_if(row, [](const SourceLine& l) {
        const std::string_view body = body_of(l.text);
        return !is_structural(body) && !is_psql_footer(body);
    }))
        raw_.push_back(row);
    next_if(row, [](const SourceLine& l) { return is_psql_footer(body_of(l.text)); });
    // the root row tells the indentation of the whole output (a quoted root: none)
    const std::size_t pad = raw_.empty() || body_of(raw_.front().text).front() == '"' ? 0 : leading_spaces(raw_.front().text);
    for (const SourceLine& r : raw_) {
        if (body_of(r.text).front() == '"') add_csv(r);
        else add(unwrap_psql_aligned(r, pad));
    }
    return !lines_.empty();
}

bool Unwrapper::read_log_entry() {
    begin_region(PasteStyle::log, true);
    auto continues = [](const SourceLine& l) { return !l.text.empty() && l.text.front() == '\t'; };
    std::string_view sql;
    std::string joined;
    bool in_sql = false;
    bool in_plan = false;
    SourceLine row;
    for (;;) {
        if (!next_if(row, continues)) {
            // an empty line of a multi-line Query Text prints as a lone tab
            const LineCursor saved = cursor_;
            SourceLine after;
            if (in_sql && cursor_.next(row) && row.text.empty() && cursor_.next(after) && continues(after)) {
                cursor_ = saved;
                cursor_.next(row);
                joined += '\n';
                continue;
            }
            cursor_ = saved;
            break;
        }
        const SourceLine line = unwrap_log_row(row);
        const std::string_view text = line.text;
        if (in_plan) {
            add(line);
        } else if (text.starts_with("Query Text: ")) {
            sql = text.substr(12);
            joined.assign(sql);
            in_sql = true;
        } else if (text.starts_with("Query Parameters: ")) {
            in_sql = false;
        } else if (!text.empty() && is_upper(text.front()) && has_figures(text) && is_plan_root(text)) {
            in_plan = true;
            in_sql = false;
            add(line);
        } else if (in_sql) {
            joined += '\n';
            joined.append(text);
        }
    }
    has_block_sql_ = true;
    block_sql_ = joined.size() == sql.size() ? sql : arena_.keep(std::move(joined));
    return !lines_.empty();
}

void Unwrapper::read_bare(const SourceLine& first, const SourceLine* second) {
    begin_region(fence_.open ? PasteStyle::fenced : quoted(first) ? PasteStyle::quoted : PasteStyle::bare, false);
    auto take = [&](const SourceLine& l) {
        if (is_csv_field(body_of(l.text))) add_csv(l);
        else add(l);
    };
    take(first);
    if (second != nullptr) take(*second);
    SourceLine row;
    const auto belongs = [&](const SourceLine& l) {
        return !is_structural(body_of(l.text)) && !(fence_.open && closes_fence(l.text, fence_));
    };
    for (;;) {
        if (next_if(row, belongs) || (skip_double_spacing(indent_bytes(first.text)) && next_if(row, belongs))) {
            take(row);
            continue;
        }
        break;
    }
    strip_row_quotes();
    rejoin_marked_rows();
    if (!wrapped_) rejoin_hard_wraps();
}

}  // namespace planlens::detail

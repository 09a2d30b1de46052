// Plans as web pages, chat and email carry them: inside HTML <pre>/<code>
// with entities, as rows in single quotes (pgAdmin 3) or with only a closing
// quote left, double-spaced (a blank line after every line), quoted with
// "> " (LineCursor drops the marks), or cut out from a child "->" line down.
#include "evidence.hpp"
#include "psql_frame.hpp"
#include "unwrap.hpp"

#include <planlens/parse.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace planlens::detail {

namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
        if (c != prefix[i]) return false;
    }
    return true;
}

std::size_t find_ci(std::string_view text, std::string_view needle) noexcept {
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i)
        if (starts_with_ci(text.substr(i), needle)) return i;
    return std::string_view::npos;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// The entity at the start of `text` ("&gt;", "&#39;", "&#x27;"): appends
/// what it stands for and returns its length, or 0 when it is not one.
std::size_t decode_entity(std::string_view text, std::string& out) {
    const std::size_t semicolon = text.find(';');
    if (semicolon == std::string_view::npos || semicolon > 10) return 0;
    const std::string_view name = text.substr(1, semicolon - 1);
    if (name.starts_with('#')) {
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        const std::string_view digits = name.substr(hex ? 2 : 1);
        std::uint32_t cp = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
        if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty() || cp == 0 || cp > 0x10FFFF)
            return 0;
        append_utf8(out, cp == 0xA0 ? ' ' : cp);
        return semicolon + 1;
    }
    // the entities a plan's text needs; &nbsp; is how a page keeps its spaces
    constexpr std::array<std::pair<std::string_view, char>, 6> named{
        {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}}};
    for (const auto& [entity, c] : named) {
        if (name == entity) {
            out += c;
            return semicolon + 1;
        }
    }
    return 0;
}

/// A tag at the start of `at` (syntax highlighting, <code>, </pre>) is
/// dropped, an entity decoded; returns how many bytes were taken.
std::size_t html_markup(std::string_view at, std::string& out) {
    if (at.front() == '&') return decode_entity(at, out);
    const std::size_t close = at.find('>');
    return close == std::string_view::npos ? 0 : close + 1;
}

/// "<pre>", "<pre class=...>", "<code>", and the same closing.
bool is_pre_or_code(std::string_view tag) noexcept {
    for (std::string_view name : {"<pre", "<code", "</pre", "</code"}) {
        if (!starts_with_ci(tag, name)) continue;
        const char after = tag.size() > name.size() ? tag[name.size()] : '>';
        if (after == '>' || after == ' ' || after == '\t') return true;
    }
    return false;
}

}  // namespace

// ---- HTML ---------------------------------------------------------------------

SourceLine Unwrapper::html_line(const SourceLine& line, std::string_view text, std::size_t from) {
    return unescaped(line, from, text.size(), "<&", html_markup);
}

bool Unwrapper::read_html(const SourceLine& first) {
    // "<pre>", "<pre><code class=...>", "<div class=x><pre>": the block starts at its tag
    std::size_t from = std::min(find_ci(first.text, "<pre"), find_ci(first.text, "<code"));
    if (from == std::string_view::npos || !is_pre_or_code(first.text.substr(from))) return false;
    begin_region(PasteStyle::html, false);
    SourceLine line = first;
    for (;;) {
        const std::string_view text = line.text;
        std::size_t close = std::string_view::npos;
        for (std::string_view end : {"</pre", "</code"}) close = std::min(close, find_ci(text.substr(from), end));
        if (close != std::string_view::npos) close += from;
        const std::string_view content = close == std::string_view::npos ? text : text.substr(0, close);
        const SourceLine decoded = html_line(line, content, from);
        if (!decoded.text.empty() || close == std::string_view::npos) add(decoded);
        if (close != std::string_view::npos) break;
        if (!cursor_.next(line)) break;
        from = 0;
    }
    // the decoded lines are plan text now: drop the trailing blank ones a page adds
    while (!lines_.empty() && trim_right(lines_.back().text).empty()) lines_.pop_back();
    for (SourceLine& l : lines_) l.text = trim_right(l.text);
    return !lines_.empty();
}

// ---- rows in quotes -------------------------------------------------------------

void Unwrapper::strip_row_quotes() {
    if (lines_.empty() || !csv_rows_.empty()) return;
    const auto all = [&](auto test) { return std::all_of(lines_.begin(), lines_.end(), test); };
    // pgAdmin 3 copies each row in single quotes, leaving the plan's own quotes alone
    if (all([](const SourceLine& l) { return l.text.size() >= 2 && l.text.front() == '\'' && l.text.back() == '\''; })) {
        for (SourceLine& l : lines_) {
            l.text = l.text.substr(1, l.text.size() - 2);
            ++l.column;
        }
        style_ = PasteStyle::pgadmin3;
        return;
    }
    // a copy that lost every row's opening quote keeps the closing one
    for (const char quote : {'"', '\''}) {
        if (!all([quote](const SourceLine& l) { return l.text.size() >= 2 && l.text.back() == quote; })) continue;
        for (SourceLine& l : lines_) l.text.remove_suffix(1);
        style_ = quote == '"' ? PasteStyle::csv : PasteStyle::pgadmin3;
        return;
    }
}

// ---- double-spaced ---------------------------------------------------------------

bool Unwrapper::skip_double_spacing(std::size_t root_indent) {
    // only a paste that has been double-spaced from its first line on
    if (lines_.size() != double_spaced_lines_ + 1) return false;
    const LineCursor saved = cursor_;
    SourceLine blank;
    SourceLine next;
    if (cursor_.next(blank) && blank.text.empty() && cursor_.next(next) && !next.text.empty()) {
        const std::size_t indent = indent_bytes(next.text);
        const std::string_view body = body_of(next.text);
        const bool child = indent > root_indent && looks_like_plan_child(body);
        const bool summary = indent == root_indent && is_upper(body.front()) && body.find(": ") != std::string_view::npos &&
                             !is_plan_root(next.text);
        if (child || summary) {
            cursor_ = saved;
            cursor_.next(blank);
            ++double_spaced_lines_;
            return true;
        }
    }
    cursor_ = saved;
    return false;
}

// ---- where a bare region starts ---------------------------------------------------

bool Unwrapper::quoted_rows_start(const SourceLine& line, std::string_view body) {
    // 'Sort  (cost=...)' (pgAdmin 3)
    if (body.size() < 3 || body.front() != '\'' || !is_upper(body[1])) return false;
    if (!line_has_figures(body) || !is_plan_root(body.substr(1, body.size() - 1 - (body.back() == '\'' ? 1 : 0))))
        return false;
    read_bare(line, nullptr);
    return true;
}

bool Unwrapper::fragment_start(const SourceLine& line, std::string_view body) {
    // a plan cut out from a child down: "->  Index Scan using ...  (cost=...)"
    if (!body.starts_with("->")) return false;
    const std::string_view node = body.substr(std::min(body.find_first_not_of(' ', 2), body.size()));
    if (node.empty() || !is_upper(node.front()) || !line_has_figures(body) || !is_plan_root(node)) return false;
    read_bare(line, nullptr);
    return true;
}

bool Unwrapper::quoted(const SourceLine& line) const noexcept {
    // LineCursor starts a blockquote's line after its "> " marks
    if (line.column == 1 || line.text.data() <= text_.data()) return false;
    const char* p = line.text.data() - 1;
    if (*p == ' ' && p > text_.data()) --p;
    return *p == '>';
}

}  // namespace planlens::detail

namespace planlens::detail {

namespace {

/// Parentheses still open at the end of `text`, outside quoted strings.
int open_parens(std::string_view text) noexcept {
    // Most lines have no quote: the depth is then the count of '(' less the
    // count of ')'. Every plan line is asked, so it is counted in runs of 127
    // bytes, whose sums fit a signed byte: the compiler then vectorises 16
    // bytes at a time (with int sums, 4).
    int balance = 0;
    bool quotes = false;
    for (std::size_t at = 0; at < text.size(); at += 127) {
        std::int8_t sum = 0;
        std::uint8_t quote = 0;
        for (const char c : text.substr(at, 127)) {
            sum = static_cast<std::int8_t>(sum + (c == '(') - (c == ')'));
            quote |= static_cast<std::uint8_t>(c == '\'');
        }
        balance += sum;
        quotes = quotes || quote != 0;
    }
    if (!quotes) return balance;
    int depth = 0;
    bool quoted = false;
    for (const char c : text) {
        if (c == '\'') quoted = !quoted;
        else if (!quoted && c == '(') ++depth;
        else if (!quoted && c == ')') --depth;
    }
    return depth;
}

/// Every "(cost=...)" / "(actual ...)" group of a header closed and made of
/// "key=figure" words, as explain.c prints them: "(cost=0.00..1.01 rows=1 width=4)".
bool figures_well_formed(std::string_view text) noexcept {
    bool any = false;
    for (const std::string_view open : {"(cost=", "(actual "}) {
        const std::size_t at = text.find(open);
        if (at == std::string_view::npos) continue;
        any = true;
        const std::size_t close = text.find(')', at);
        if (close == std::string_view::npos) return false;
        std::string_view inside = text.substr(at + 1, close - at - 1);
        if (inside.starts_with("actual ")) inside.remove_prefix(7);
        while (!inside.empty()) {
            const std::size_t end = std::min(inside.find(' '), inside.size());
            const std::string_view word = inside.substr(0, end);
            const std::size_t eq = word.find('=');
            if (eq == std::string_view::npos || eq == 0 || eq + 1 == word.size()) return false;
            for (const char c : word.substr(eq + 1))
                if (!(c >= '0' && c <= '9') && c != '.') return false;
            inside.remove_prefix(std::min(end + 1, inside.size()));
        }
    }
    return any;
}

/// "Label: value", or a section's "Label:", as explain.c prints them: words of
/// letters and digits (and - / _ . in a few labels and trigger names) after a
/// capital. "Customers.id)" or "Mallory}'::text[]))" is the rest of a value.
bool is_label_line(std::string_view body) noexcept {
    if (body.empty() || !is_upper(body.front())) return false;
    for (std::size_t i = 1; i < body.size(); ++i) {
        const char c = body[i];
        if (c == ':') return i + 1 == body.size() || body[i + 1] == ' ';
        const bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
                          c == '-' || c == '/' || c == '_' || c == '.';
        if (!word) return false;
    }
    return false;
}

/// A line that PostgreSQL could have printed on its own: a child arrow, a
/// subplan label, a "Label: value" or a node. A remainder that is none of
/// these continues the line above, whatever its first letter.
bool stands_alone(std::string_view body) noexcept {
    if (body.starts_with("->")) return true;
    if (body.empty() || !is_upper(body.front())) return false;
    for (const std::string_view label : {"InitPlan ", "SubPlan ", "CTE "})
        if (body.starts_with(label)) return true;
    return is_label_line(body) || is_plan_root(body);
}

}  // namespace

// ---- hard-wrapped lines -----------------------------------------------------------

void Unwrapper::rejoin_hard_wraps() {
    // Only a line with a parenthesis left open continues on the next; most
    // regions have none, and need neither the widths nor the copy below.
    const auto open = [](const SourceLine& l) { return open_parens(l.text) > 0; };
    if (lines_.size() < 2 || std::none_of(lines_.begin(), lines_.end() - 1, open)) return;
    std::size_t widest = 0;
    std::size_t at_widest = 0;
    for (const SourceLine& l : lines_) {
        const std::size_t w = psql::display_width(l.text);
        at_widest = w == widest ? at_widest + 1 : w > widest ? 1 : at_widest;
        widest = std::max(widest, w);
    }
    raw_.assign(lines_.begin(), lines_.end());
    lines_.clear();
    for (std::size_t i = 0; i < raw_.size(); ++i) {
        std::string joined;
        std::vector<Piece> pieces;
        SourceLine line = raw_[i];
        while (i + 1 < raw_.size() && open_parens(line.text) > 0) {
            const SourceLine& next = raw_[i + 1];
            const std::size_t indent = indent_bytes(next.text);
            const std::string_view rest = next.text.substr(indent);
            if (rest.empty() || stands_alone(rest)) break;
            // a break at a space (mail, chat) loses the space; a terminal cuts at its width and loses nothing
            const bool at_space = indent > 0 || untrimmed(raw_[i]).size() > raw_[i].text.size() ||
                                  psql::display_width(raw_[i].text) < widest;
            const bool header = has_plan_numbers(line.text);
            bool space = at_space;
            if (header) {
                const std::string cut = std::string(line.text) + std::string(rest);
                const std::string spaced = std::string(line.text) + " " + std::string(rest);
                const bool cut_ok = figures_well_formed(cut);
                const bool spaced_ok = figures_well_formed(spaced);
                if (cut_ok == spaced_ok && open_parens(cut) == 0) break;  // neither or both: ambiguous
                if (cut_ok != spaced_ok) space = spaced_ok;
            } else if (!at_space && at_widest < 2) {
                break;  // one line at the widest width: a cut or a break, no telling
            }
            if (pieces.empty()) {
                joined.assign(line.text);
                pieces.push_back(Piece{0, line.line, line.column});
            }
            if (space) joined += ' ';
            pieces.push_back(Piece{static_cast<std::uint32_t>(joined.size()), next.line,
                                   next.column + static_cast<std::uint32_t>(indent)});
            joined.append(rest);
            line = SourceLine{joined, line.line, line.column};
            ++i;
        }
        if (pieces.empty()) add(line);
        else add(arena_.keep(std::move(joined), pieces));
    }
}

}  // namespace planlens::detail

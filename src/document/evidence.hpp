// Cheap tests that decide whether a line may start a plan. The scanner runs
// them on every line of prose, so they look at bytes and call the grammar
// (is_plan_root) only when the bytes already look like a plan.
#pragma once

#include "../parse/lines.hpp"

#include <planlens/parse.hpp>
#include <planlens/source.hpp>

#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>

namespace planlens::detail {

/// Bytes of leading spaces and tabs.
inline std::size_t indent_bytes(std::string_view text) noexcept { return blank_prefix(text); }
/// A line without its leading spaces and tabs.
inline std::string_view body_of(std::string_view text) noexcept { return text.substr(indent_bytes(text)); }

constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_alpha(char c) noexcept { return is_upper(c) || (c >= 'a' && c <= 'z'); }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || (c >= '0' && c <= '9'); }

/// Offset of the first "(cost=", "(actual " or "(never executed)" in `text`, or npos.
inline std::size_t find_figures(std::string_view text) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
        const auto* open = static_cast<const char*>(std::memchr(p, '(', static_cast<std::size_t>(end - p)));
        if (open == nullptr) return std::string_view::npos;
        const std::string_view rest(open + 1, static_cast<std::size_t>(end - open - 1));
        if (rest.starts_with("cost=") || rest.starts_with("actual ") || rest.starts_with("never executed)"))
            return static_cast<std::size_t>(open - text.data());
        p = open + 1;
    }
    return std::string_view::npos;
}

/// "(cost=", "(actual " or "(never executed)" somewhere in the line.
inline bool has_figures(std::string_view text) noexcept { return find_figures(text) != std::string_view::npos; }

/// psql's "(1 row)" / "(12 rows)", in any of its translations ("(38 lignes)", "(2 Zeilen)").
inline bool is_psql_footer(std::string_view body) noexcept {
    if (body.size() < 6 || body.front() != '(' || body.back() != ')') return false;
    std::size_t i = 1;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i;
    if (i == 1 || i + 2 >= body.size() || body[i] != ' ') return false;
    const std::string_view word = body.substr(i + 1, body.size() - i - 2);
    if (word.size() > 24) return false;
    for (char c : word)
        if (!is_alpha(c) && static_cast<unsigned char>(c) < 0x80) return false;
    return true;
}

/// Lines that always end a plan region: a heading, a code fence, a table row.
inline bool is_structural(std::string_view body) noexcept {
    if (body.empty()) return true;
    const char c = body.front();
    return c == '#' || c == '`' || c == '~' || c == '|';
}

/// A CSV field: an opening quote, quotes inside doubled, and at most the
/// closing one alone ('"Order Items" i' is a plan's own quoting, not CSV).
inline bool is_csv_field(std::string_view body) noexcept {
    if (body.empty() || body.front() != '"') return false;
    for (std::size_t i = 1; i < body.size(); ++i) {
        if (body[i] != '"') continue;
        if (i + 1 == body.size()) return true;
        if (body[i + 1] != '"') return false;
        ++i;
    }
    return true;
}

/// Whether the text after a line's indentation looks like what PostgreSQL
/// prints under a node: a child arrow, "Label: value", or a subplan label.
inline bool looks_like_plan_child(std::string_view body) noexcept {
    if (body.starts_with("->")) return true;
    if (body.empty() || !is_upper(body.front())) return false;
    if (body.starts_with("InitPlan") || body.starts_with("SubPlan") || body.starts_with("CTE ")) return true;
    const std::size_t colon = body.find(':');
    return colon != std::string_view::npos && (colon + 1 == body.size() || body[colon + 1] == ' ');
}

/// A plan root outside an explicit container needs evidence: its own figures,
/// or a more indented child or property line right under it (COSTS OFF).
/// The line must then be a root header too (starts_plan).
inline bool has_root_evidence(std::span<const SourceLine> lines, std::size_t i) noexcept {
    const std::string_view text = lines[i].text;
    const std::size_t indent = indent_bytes(text);
    if (indent >= text.size() || !is_upper(text[indent])) return false;
    if (has_figures(text)) return true;
    if (i + 1 >= lines.size()) return false;
    const std::string_view next = lines[i + 1].text;
    const std::size_t next_indent = indent_bytes(next);
    return next_indent < next.size() && next_indent > indent && looks_like_plan_child(next.substr(next_indent));
}

inline bool starts_plan(std::span<const SourceLine> lines, std::size_t i) noexcept {
    return has_root_evidence(lines, i) && is_plan_root(lines[i].text);
}

/// A plan cut out from a child down ("->  Hash Join  (cost=...)"): only as
/// the first line of a region, and only with its figures.
inline bool starts_fragment(std::span<const SourceLine> lines, std::size_t i) noexcept {
    const std::string_view text = lines[i].text;
    const std::string_view body = text.substr(indent_bytes(text));
    if (!body.starts_with("->")) return false;
    const std::size_t name = body.find_first_not_of(' ', 2);
    return name != std::string_view::npos && is_upper(body[name]) && has_figures(body) &&
           is_plan_root(body.substr(name));
}

}  // namespace planlens::detail

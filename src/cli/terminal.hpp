// How annotated output looks: colours only on a terminal without NO_COLOR,
// lines laid out for the terminal's width, wrapped at spaces (never cut: a
// figure or a name the reader needs is never lost), and small text helpers.
#pragma once

#include <planlens/hot_nodes.hpp>
#include <planlens/plan.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::cli {

/// The width output is laid out for: the terminal's (TIOCGWINSZ on standard
/// output), else $COLUMNS, else 100 (a pipe or a file); never below 40.
std::size_t line_width();

/// ANSI escape sequences, all empty when colour is off.
struct Palette {
    std::string_view bold, dim, red, yellow, cyan, reset;
};

/// Colour only when `stream` is a terminal, NO_COLOR is unset or empty
/// (https://no-color.org) and TERM is not "dumb": never in a pipe or a file.
bool wants_colour(std::FILE* stream);

Palette palette(bool colour);

/// "#####....." for a fraction of `width` cells.
std::string bar(double fraction, std::size_t width);

/// Columns `text` takes (UTF-8 code points).
std::size_t columns(std::string_view text);

/// `text` in lines of at most `width` columns, broken at spaces. A word
/// longer than a line stays whole (and overflows) unless `split_long_words`,
/// which breaks it across lines: either way no character is lost.
std::vector<std::string> wrap(std::string_view text, std::size_t width, bool split_long_words = false);

/// Appends `text` as lines of at most line_width() columns, the first starting
/// with `indent` spaces and the others with `hang` (default: `indent`);
/// breaks at spaces. Every line ends with '\n'.
void append_wrapped(std::string& out, std::string_view text, std::size_t indent,
                    std::size_t hang = std::size_t(-1));

/// Appends a heading in bold, wrapped, its further lines indented by `hang`.
void append_heading(std::string& out, std::string_view text, const Palette& colours, std::size_t hang = 2);

/// Appends "severity rule-id: message", wrapped at `indent`, the severity
/// and rule id coloured by severity.
void append_finding(std::string& out, const Finding& finding, std::size_t indent, const Palette& colours);

/// "±0.002": the bound rounding leaves on an exclusive figure
/// (NodeTime::self_error), rounded up to the printed precision: 3 decimals
/// for ms, 2 for cost. A bound is never rounded down.
std::string bound_text(double error, bool ms);

/// The colour of a severity: red, yellow, or dim for info.
std::string_view colour_of(Severity severity, const Palette& colours);

}  // namespace planlens::cli

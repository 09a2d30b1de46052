// How annotated output looks: colours only on a terminal without NO_COLOR,
// lines laid out for 100 columns, and small text helpers for node lines.
#pragma once

#include <planlens/hot_nodes.hpp>
#include <planlens/plan.hpp>

#include <cstdio>
#include <string>
#include <string_view>

namespace planlens::cli {

/// The width `show` and `hot` lay their output out for.
inline constexpr std::size_t line_width = 100;

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

/// `text` cut to at most `width` columns, ending in "..." when cut.
std::string fit(std::string_view text, std::size_t width);

/// Appends `text` as lines of at most line_width columns, each starting with
/// `indent` spaces; breaks at spaces. Every line ends with '\n'.
void append_wrapped(std::string& out, std::string_view text, std::size_t indent);

/// Appends "severity rule-id: message", wrapped at `indent`, the severity
/// and rule id coloured by severity.
void append_finding(std::string& out, const Finding& finding, std::size_t indent, const Palette& colours);

/// The colour of a severity: red, yellow, or dim for info.
std::string_view colour_of(Severity severity, const Palette& colours);

}  // namespace planlens::cli

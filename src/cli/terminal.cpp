#include "cli/terminal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <sys/ioctl.h>
#include <unistd.h>

namespace planlens::cli {

namespace {

std::size_t detect_width() {
    constexpr std::size_t narrowest = 40;  // below this no layout is readable; wrap as if 40
    winsize size{};
    if (isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return std::max<std::size_t>(size.ws_col, narrowest);
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
        std::size_t n = 0;
        const char* end = columns + std::strlen(columns);
        if (const auto [at, ec] = std::from_chars(columns, end, n); ec == std::errc{} && at == end && n > 0)
            return std::max(n, narrowest);
    }
    return 100;
}

/// Bytes of the first `n` columns (UTF-8 code points) of `text`.
std::size_t bytes_of_columns(std::string_view text, std::size_t n) {
    std::size_t at = 0;
    for (std::size_t seen = 0; at < text.size(); ++at)
        if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80 && seen++ == n) break;
    return at;
}

}  // namespace

std::size_t line_width() {
    static const std::size_t width = detect_width();
    return width;
}

bool wants_colour(std::FILE* stream) {
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::string_view(term) == "dumb") return false;
    return isatty(fileno(stream)) == 1;
}

Palette palette(bool colour) {
    if (!colour) return {};
    return {"\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[0m"};
}


std::string bar(double fraction, std::size_t width) {
    const double clamped = !(fraction > 0) ? 0 : fraction > 1 ? 1 : fraction;  // NaN draws an empty bar
    auto filled = static_cast<std::size_t>(clamped * static_cast<double>(width) + 0.5);
    if (filled == 0 && clamped >= 0.01) filled = 1;  // a visible mark from 1% up
    return std::string(filled, '#') + std::string(width - filled, '.');
}

std::size_t columns(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width, bool split_long_words) {
    width = std::max<std::size_t>(width, 1);
    std::vector<std::string> lines;
    while (!text.empty()) {
        std::size_t cut = text.size();
        if (columns(text) > width) {
            const std::size_t room = bytes_of_columns(text, width);  // bytes that fit
            cut = text.rfind(' ', room);
            if (cut == std::string_view::npos || cut == 0)
                cut = split_long_words ? room : std::min(text.find(' '), text.size());
        }
        lines.emplace_back(text.substr(0, cut));
        text.remove_prefix(cut);
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    }
    return lines;
}

void append_wrapped(std::string& out, std::string_view text, std::size_t indent, std::size_t hang) {
    if (hang == std::size_t(-1)) hang = indent;
    const std::size_t deepest = std::max(indent, hang);
    const std::size_t room = line_width() > deepest + 20 ? line_width() - deepest : 20;
    std::size_t margin = indent;
    for (const std::string& line : wrap(text, room)) {
        out.append(margin, ' ').append(line) += '\n';
        margin = hang;
    }
}

void append_heading(std::string& out, std::string_view text, const Palette& colours, std::size_t hang) {
    std::string lines;
    append_wrapped(lines, text, 0, hang);
    if (!lines.empty()) lines.pop_back();  // the colour ends before the last line break
    out.append(colours.bold).append(lines).append(colours.reset) += '\n';
}

std::string bound_text(double error, bool ms) {
    const double unit = ms ? 1000 : 100;
    return fmt::format("±{:.{}f}", std::ceil(error * unit - 1e-6) / unit, ms ? 3 : 2);
}

std::string_view colour_of(Severity severity, const Palette& colours) {
    switch (severity) {
        case Severity::critical: return colours.red;
        case Severity::warning: return colours.yellow;
        case Severity::info: return colours.dim;
    }
    return colours.dim;
}

void append_finding(std::string& out, const Finding& finding, std::size_t indent, const Palette& colours) {
    const std::string head = fmt::format("{} {}", to_string(finding.severity), finding.rule);
    std::string lines;
    append_wrapped(lines, fmt::format("{}: {}", head, finding.message), indent);
    // Colour after wrapping, so escape sequences never count as columns.
    if (!colours.reset.empty())
        lines.replace(indent, head.size(), fmt::format("{}{}{}", colour_of(finding.severity, colours), head, colours.reset));
    out += lines;
}

}  // namespace planlens::cli

#include "cli/terminal.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include <unistd.h>

namespace planlens::cli {

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

std::string fit(std::string_view text, std::size_t width) {
    if (columns(text) <= width) return std::string(text);
    if (width <= 3) return std::string(width, '.');
    std::string out;
    std::size_t used = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (starts && ++used > width - 3) break;
        out += text[i];
    }
    return out + "...";
}

void append_wrapped(std::string& out, std::string_view text, std::size_t indent) {
    const std::size_t room = line_width > indent + 20 ? line_width - indent : 20;
    while (!text.empty()) {
        std::size_t cut = text.size();
        if (columns(text) > room) {
            cut = text.rfind(' ', room);
            if (cut == std::string_view::npos || cut == 0) cut = text.find(' ', room);
            if (cut == std::string_view::npos) cut = text.size();
        }
        out.append(indent, ' ');
        out.append(text.substr(0, cut));
        out += '\n';
        text.remove_prefix(cut);
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    }
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

// Splitting text into lines without copying. "\r\n" and a lone "\r" end a
// line too; trailing spaces and tabs are not part of a plan line.
#pragma once

#include <planlens/source.hpp>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace planlens::detail {

/// Length of the UTF-8 space at `p` that a copy from a web page or a chat
/// puts into indentation (U+00A0 no-break space, U+2000..U+200A, U+202F,
/// U+3000; the zero-width U+200B..U+200D, U+2060, U+FEFF), else 0. `width`
/// is the columns it stands for.
inline std::size_t unicode_blank(const char* p, const char* end, std::size_t& width) noexcept {
    const auto byte = [&](std::ptrdiff_t i) { return end - p > i ? static_cast<unsigned char>(p[i]) : 0u; };
    const unsigned lead = byte(0);
    width = 1;
    if (lead == 0xC2) return byte(1) == 0xA0 ? 2 : 0;
    if (lead == 0xE2 && byte(1) == 0x80) {
        const unsigned c = byte(2);
        if (c >= 0x8B && c <= 0x8D) return width = 0, 3;
        return (c >= 0x80 && c <= 0x8A) || c == 0xAF ? 3 : 0;
    }
    if (lead == 0xE2 && byte(1) == 0x81 && byte(2) == 0xA0) return width = 0, 3;
    if (lead == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return width = 0, 3;
    if (lead == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;
    return 0;
}

/// Bytes of leading spaces (space_run) and tabs (and the Unicode spaces above). Every line
/// of a plan is scanned this way, several times, and deep plans indent by
/// thousands of spaces (six a level), so runs of spaces are compared eight
/// bytes at a time. (std::string_view::find_first_not_of(" \t") calls memchr
/// once per byte.)
inline std::size_t space_run(std::string_view text) noexcept {
    constexpr std::uint64_t eight_spaces = 0x2020202020202020ull;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (word != eight_spaces) break;
        p += 8;
    }
    while (p != end && *p == ' ') ++p;
    return static_cast<std::size_t>(p - text.data());
}

/// Whether `c` can start a blank: a space, a tab or the lead byte of a Unicode space.
inline bool may_start_blank(char c) noexcept {
    return c == ' ' || c == '\t' || static_cast<unsigned char>(c) >= 0xC2;
}

inline std::size_t blank_prefix(std::string_view text) noexcept {
    if (text.empty() || !may_start_blank(text.front())) return 0;  // most lines of prose, and plan roots
    const char* p = text.data() + space_run(text);
    const char* const end = text.data() + text.size();
    for (std::size_t width = 0; p != end;) {
        if (*p == ' ' || *p == '\t') ++p;
        else if (const std::size_t n = static_cast<unsigned char>(*p) >= 0xC2 ? unicode_blank(p, end, width) : 0) p += n;
        else break;
    }
    return static_cast<std::size_t>(p - text.data());
}

inline bool is_blank(std::string_view text) noexcept { return blank_prefix(text) == text.size(); }

inline std::string_view trim_right(std::string_view text) noexcept {
    // rows padded to a grid's width (DBeaver, psql) end in long runs of
    // spaces: eight at a time, then byte by byte
    constexpr std::uint64_t eight_spaces = 0x2020202020202020;
    std::size_t n = text.size();
    for (std::uint64_t word = 0; n >= 8; n -= 8) {
        std::memcpy(&word, text.data() + n - 8, 8);
        if (word != eight_spaces) break;
    }
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t')) --n;
    return text.substr(0, n);
}

inline std::vector<SourceLine> split_lines(std::string_view text) {
    std::vector<SourceLine> lines;
    std::uint32_t number = 1;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = start;
        while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
        lines.push_back({trim_right(text.substr(start, end - start)), number++, 1});
        if (end >= text.size()) break;
        start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
    }
    return lines;
}

}  // namespace planlens::detail

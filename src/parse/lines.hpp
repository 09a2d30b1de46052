// Splitting text into lines without copying. "\r\n" and a lone "\r" end a
// line too; trailing spaces and tabs are not part of a plan line.
#pragma once

#include <planlens/source.hpp>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace planlens::detail {

/// Bytes of leading spaces and tabs. Every line of a plan is scanned this way,
/// several times, and deep plans indent by thousands of spaces (six a level),
/// so runs of spaces are compared eight bytes at a time.
/// (std::string_view::find_first_not_of(" \t") calls memchr once per byte.)
inline std::size_t blank_prefix(std::string_view text) noexcept {
    constexpr std::uint64_t eight_spaces = 0x2020202020202020ull;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (word != eight_spaces) break;
        p += 8;
    }
    while (p != end && (*p == ' ' || *p == '\t')) ++p;
    return static_cast<std::size_t>(p - text.data());
}

inline bool is_blank(std::string_view text) noexcept { return blank_prefix(text) == text.size(); }

inline std::string_view trim_right(std::string_view text) noexcept {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
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

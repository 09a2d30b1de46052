// Splitting text into lines without copying. "\r\n" and a lone "\r" end a
// line too; trailing spaces and tabs are not part of a plan line.
#pragma once

#include <planlens/source.hpp>

#include <string_view>
#include <vector>

namespace planlens::detail {

inline bool is_blank(std::string_view text) noexcept {
    return text.find_first_not_of(" \t") == std::string_view::npos;
}

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

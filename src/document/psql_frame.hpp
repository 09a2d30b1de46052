// The characters psql frames a result with (print.c's line styles ascii,
// old-ascii and unicode with single or double lines), and the display width
// it measures cells in. Pure functions over bytes: the table readers in
// unwrap_psql.cpp use them to take a table apart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace planlens::detail::psql {

/// Bytes of the UTF-8 sequence that starts `s` (1 for a stray byte).
inline std::size_t char_bytes(std::string_view s) noexcept {
    if (s.empty()) return 0;
    const auto c = static_cast<unsigned char>(s.front());
    const std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n <= s.size() ? n : 1;
}

/// Columns a code point takes on a terminal: 2 for East Asian wide ones, 0
/// for combining marks, else 1 (what psql's own wcwidth decides, closely enough).
inline std::size_t code_point_width(std::uint32_t cp) noexcept {
    if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || cp == 0x200C || cp == 0x200D) return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

inline std::uint32_t code_point(std::string_view s, std::size_t n) noexcept {
    const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
    switch (n) {
        case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
        default: return b(0);
    }
}

/// Display width of `s`.
inline std::size_t display_width(std::string_view s) noexcept {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = char_bytes(s.substr(i));
        width += n == 1 ? 1 : code_point_width(code_point(s.substr(i), n));
        i += n;
    }
    return width;
}

/// Byte offset in `s` where display column `column` (0-based) begins, or s.size().
inline std::size_t byte_at_column(std::string_view s, std::size_t column) noexcept {
    std::size_t width = 0;
    std::size_t i = 0;
    while (i < s.size() && width < column) {
        const std::size_t n = char_bytes(s.substr(i));
        width += n == 1 ? 1 : code_point_width(code_point(s.substr(i), n));
        i += n;
    }
    return i;
}

constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026, unicode's wrap mark

/// A cell border: "|" (ascii, old-ascii), "│" (unicode), "║" (unicode double).
inline std::size_t vertical_prefix(std::string_view s) noexcept {
    if (s.starts_with('|')) return 1;
    if (s.starts_with("\xE2\x94\x82") || s.starts_with("\xE2\x95\x91")) return 3;
    return 0;
}
inline std::size_t vertical_suffix(std::string_view s) noexcept {
    if (s.ends_with('|')) return 1;
    if (s.ends_with("\xE2\x94\x82") || s.ends_with("\xE2\x95\x91")) return 3;
    return 0;
}

/// A wrap mark: "." (ascii) or "…" (unicode); old-ascii marks nothing.
inline std::size_t mark_prefix(std::string_view s) noexcept {
    return s.starts_with('.') ? 1 : s.starts_with(ellipsis) ? ellipsis.size() : 0;
}
inline std::size_t mark_suffix(std::string_view s) noexcept {
    return s.ends_with('.') ? 1 : s.ends_with(ellipsis) ? ellipsis.size() : 0;
}

/// A box-drawing character (U+2500..U+257F) is three bytes E2 94|95 xx.
inline bool is_box_char(std::string_view s) noexcept {
    return s.size() >= 3 && s[0] == '\xE2' && (s[1] == '\x94' || s[1] == '\x95');
}
inline bool is_horizontal(std::string_view s) noexcept {
    return s.starts_with('-') || s.starts_with("\xE2\x94\x80") || s.starts_with("\xE2\x95\x90");
}

/// Counts the horizontal strokes of `body`, or returns -1 when it holds
/// anything but frame characters ("-", "+", box drawing).
inline int frame_strokes(std::string_view body) noexcept {
    int strokes = 0;
    for (std::size_t i = 0; i < body.size();) {
        if (is_horizontal(body.substr(i))) ++strokes;
        if (body[i] == '-' || body[i] == '+') ++i;
        else if (is_box_char(body.substr(i))) i += 3;
        else return -1;
    }
    return strokes;
}

/// A rule of psql's frame: "-----", "+----+----+", "──┼──", "╔════╗", ... at
/// least three horizontal strokes and nothing but frame characters.
inline bool is_rule(std::string_view body) noexcept { return frame_strokes(body) >= 3; }

/// An expanded record's heading: "-[ RECORD 3 ]----", "+-[ RECORD 3 ]--+",
/// "├─[ RECORD 3 ]──┤", "╔═[ RECORD 1 ]══╗", or border 0's "* Record 3".
inline bool is_record_heading(std::string_view body) noexcept {
    if (body.starts_with("* Record ")) return body.size() > 9 && body[9] >= '0' && body[9] <= '9';
    const std::size_t open = body.find("[ RECORD ");
    if (open == std::string_view::npos || open == 0 || open > 7) return false;
    return frame_strokes(body.substr(0, open)) > 0;
}

}  // namespace planlens::detail::psql

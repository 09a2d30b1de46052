// A strict JSON validator (RFC 8259, UTF-8 only) for the fuzz properties:
// every JSON planlens writes must parse. Iterative, so depth is no concern.
#pragma once

#include <cctype>
#include <cstddef>
#include <string_view>
#include <vector>

namespace planlens::fuzz {

inline bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

/// Whether `s` is exactly one JSON value, with optional surrounding whitespace.
inline bool valid_json(std::string_view s) {
    if (!valid_utf8(s)) return false;
    std::size_t i = 0;
    const auto ws = [&] {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
    };
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    const auto string = [&] {
        if (i >= s.size() || s[i] != '"') return false;
        for (++i; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == '"') return ++i, true;
            if (c < 0x20) return false;
            if (c != '\\') continue;
            if (++i >= s.size()) return false;
            if (s[i] == 'u') {
                for (int k = 0; k < 4; ++k)
                    if (++i >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
            } else if (std::string_view("\"\\/bfnrt").find(s[i]) == std::string_view::npos) {
                return false;
            }
        }
        return false;
    };
    const auto scalar = [&] {
        for (std::string_view word : {"true", "false", "null"})
            if (s.substr(i, word.size()) == word) return i += word.size(), true;
        if (i < s.size() && s[i] == '"') return string();
        if (i < s.size() && s[i] == '-') ++i;
        if (i < s.size() && s[i] == '0') ++i;
        else if (!digits()) return false;
        if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
        if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
            ++i;
            if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
            if (!digits()) return false;
        }
        return true;
    };
    std::vector<char> open;  // '[' or '{'
    for (;;) {
        // a value
        ws();
        if (i < s.size() && (s[i] == '[' || s[i] == '{')) {
            open.push_back(s[i++]);
            ws();
            if (i < s.size() && s[i] == (open.back() == '[' ? ']' : '}')) {
                ++i;
                open.pop_back();
            } else {
                if (open.back() == '{') {
                    if (!string()) return false;
                    ws();
                    if (i >= s.size() || s[i++] != ':') return false;
                }
                continue;
            }
        } else if (!scalar()) {
            return false;
        }
        // after a value: a comma, or close containers
        for (;;) {
            ws();
            if (open.empty()) return i == s.size();
            if (i < s.size() && s[i] == ',') {
                ++i;
                if (open.back() == '{') {
                    ws();
                    if (!string()) return false;
                    ws();
                    if (i >= s.size() || s[i++] != ':') return false;
                }
                break;
            }
            if (i < s.size() && s[i] == (open.back() == '[' ? ']' : '}')) {
                ++i;
                open.pop_back();
                continue;
            }
            return false;
        }
    }
}

}  // namespace planlens::fuzz

// Number parsing shared by the grammar actions and the value decoders:
// std::from_chars, no locale, no allocation, and no silent overflow.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace planlens::detail {

/// 10^0 ... 10^15: every one exact in a double, as is an integer of up to 15 digits.
inline constexpr double exact_powers_of_ten[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/// "-?[0-9]+(.[0-9]+)?" with at most 15 digits, the shape of nearly every
/// figure EXPLAIN prints: the digits as an integer over a power of ten, both
/// exact in a double, so the one rounding of the division gives what
/// from_chars gives (Clinger's fast path), at a fraction of its cost.
inline bool short_decimal(std::string_view text, double& value) noexcept {
    const bool negative = !text.empty() && text.front() == '-';
    std::size_t i = negative ? 1 : 0, digits = 0, fraction = 0;
    std::uint64_t mantissa = 0;
    bool point = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
            ++digits;
            fraction += point ? 1 : 0;
        } else if (c == '.' && !point && digits > 0) {
            point = true;
        } else {
            return false;
        }
    }
    if (digits == 0 || digits > 15 || (point && fraction == 0)) return false;
    value = static_cast<double>(mantissa) / exact_powers_of_ten[fraction];
    if (negative) value = -value;
    return true;
}

inline std::optional<double> to_double(std::string_view text) noexcept {
    double value = 0;
    if (short_decimal(text, value)) return value;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

/// A number the header grammar matched, "[0-9]+(.[0-9]+)?": the shape is
/// known, so short_decimal's checks are not needed, only the digit count.
inline std::optional<double> grammar_decimal(std::string_view text) noexcept {
    if (text.size() > 16) return to_double(text);  // more than 15 digits: not exact in the fast path
    std::uint64_t mantissa = 0;
    std::size_t point = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '.') point = i;
        else mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    if (point == text.size() && text.size() == 16) return to_double(text);  // 16 digits, no point
    const std::size_t fraction = point == text.size() ? 0 : text.size() - point - 1;
    return static_cast<double>(mantissa) / exact_powers_of_ten[fraction];
}

inline std::optional<std::int64_t> to_int(std::string_view text) noexcept {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) return std::nullopt;
    return value;
}

/// "25kB" -> 25
inline std::optional<std::int64_t> to_kilobytes(std::string_view text) noexcept {
    if (text.size() < 3 || text.substr(text.size() - 2) != "kB") return std::nullopt;
    return to_int(text.substr(0, text.size() - 2));
}

/// "0.563 ms" -> 0.563
inline std::optional<double> to_milliseconds(std::string_view text) noexcept {
    if (text.size() < 4 || text.substr(text.size() - 3) != " ms") return std::nullopt;
    return to_double(text.substr(0, text.size() - 3));
}

}  // namespace planlens::detail

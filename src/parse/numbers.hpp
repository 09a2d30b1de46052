// Number parsing shared by the grammar actions and the value decoders:
// std::from_chars, no locale, no allocation, and no silent overflow.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace planlens::detail {

inline std::optional<double> to_double(std::string_view text) noexcept {
    double value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
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

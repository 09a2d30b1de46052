// Small text helpers the structured readers share.
#include "readers.hpp"

#include <fmt/format.h>

#include <charconv>
#include <system_error>

namespace planlens::detail {

std::size_t invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = p[i];
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2)) return i;
        for (std::size_t k = 1; k < n; ++k)
            if ((p[i + k] & 0xC0) != 0x80) return i;
        i += n;
    }
    return std::string_view::npos;
}

bool is_json_number(std::string_view s) noexcept {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i - from;
    };
    if (i < s.size() && s[i] == '-') ++i;
    const std::size_t integer_from = i;
    if (i < s.size() && s[i] == '0') ++i;  // "0", never "01"
    else if (digits() == 0) return false;
    const std::size_t integer_digits = i - integer_from;
    std::size_t fraction_zeros = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t from = i;
        if (digits() == 0) return false;
        while (from + fraction_zeros < i && s[from + fraction_zeros] == '0') ++fraction_zeros;
    }
    long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        const bool negative = i < s.size() && s[i] == '-';
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        const std::size_t from = i;
        if (digits() == 0) return false;
        for (std::size_t k = from; k < i && exponent < 100'000; ++k) exponent = exponent * 10 + (s[k] - '0');
        if (negative) exponent = -exponent;
    }
    if (i != s.size()) return false;
    // The JSON reader (simdjson) refuses a number beyond a double's range,
    // such as 1e400, and reads one too small for it as 0.
    double value = 0;
    if (std::from_chars(s.data(), s.data() + s.size(), value).ec != std::errc::result_out_of_range) return true;
    const bool integer_zero = integer_digits == 1 && s[integer_from] == '0';
    const long magnitude = integer_zero ? exponent - static_cast<long>(fraction_zeros)
                                        : exponent + static_cast<long>(integer_digits);
    return magnitude <= 0;
}

std::string found_at(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "end of input";
    std::string out = "'";
    for (std::size_t i = offset; i < text.size() && i < offset + 20 && text[i] != '\n'; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
    return out + "'";
}

}  // namespace planlens::detail

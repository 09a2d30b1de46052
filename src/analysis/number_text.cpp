#include "number_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace planlens::analysis {

std::string grouped_count(double value) {
    if (!std::isfinite(value)) return "?";
    const std::string digits = fmt::format("{:.0f}", std::abs(value));
    // -0.4 rounds to "0": no sign on a zero.
    std::string out = value < 0 && digits != "0" ? "-" : "";
    out.reserve(digits.size() + digits.size() / 3 + 1);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace planlens::analysis

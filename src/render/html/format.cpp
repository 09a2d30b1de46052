#include "render/html/format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace planlens::html {

std::string milliseconds(double ms) {
    if (ms >= 10'000) return fmt::format("{:.2f} s", ms / 1000);
    if (ms >= 100) return fmt::format("{:.1f} ms", ms);
    if (ms >= 10) return fmt::format("{:.2f} ms", ms);
    return fmt::format("{:.3f} ms", ms);
}

std::string figure(TimeBasis basis, double value) {
    return basis == TimeBasis::actual_time ? milliseconds(value) : fmt::format("{:.2f}", value);
}

std::string percent(double share) {
    const double p = 100 * share;
    if (p <= 0) return "0%";
    if (p < 0.1) return "<0.1%";
    return p < 10 ? fmt::format("{:.1f}%", p) : fmt::format("{:.0f}%", p);
}

std::string rows(double n) {
    if (n != std::floor(n) && n < 100) return fmt::format("{:.2f}", n);
    if (n >= 10'000'000) return fmt::format("{:.1f}M", n / 1e6);
    if (n >= 100'000) return fmt::format("{:.0f}k", n / 1e3);
    // thousands separated, as people write them in writeups
    std::string digits = fmt::format("{:.0f}", n);
    for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    return digits;
}

std::optional<Factor> misestimate(double actual, double estimated) {
    // PostgreSQL never estimates fewer than one row; a zero actual counts as one too.
    const double a = std::max(actual, 1.0);
    const double e = std::max(estimated, 1.0);
    const Factor f{a >= e ? a / e : e / a, a > e};
    if (f.value < 2) return std::nullopt;
    return f;
}

std::string to_string(const Factor& f) {
    const std::string times = f.value >= 100 ? fmt::format("{:.0f}", f.value) : fmt::format("{:.1f}", f.value);
    return times + (f.under ? "\u00D7 under" : "\u00D7 over");
}

namespace {

std::string compact(std::int64_t n) {
    if (n >= 10'000'000) return fmt::format("{:.0f}M", static_cast<double>(n) / 1e6);
    if (n >= 10'000) return fmt::format("{:.0f}k", static_cast<double>(n) / 1e3);
    return fmt::format("{}", n);
}

}  // namespace

std::string buffers_brief(const BufferCounters& b) {
    std::string out;
    auto part = [&out](std::string_view what, std::int64_t n) {
        if (n == 0) return;
        if (!out.empty()) out += " \u00B7 ";
        out += fmt::format("{} {}", what, compact(n));
    };
    part("hit", b.shared_hit + b.local_hit);
    part("read", b.shared_read + b.local_read);
    part("temp", b.temp_read + b.temp_written);
    return out;
}

bool material_error(double value, double error) noexcept {
    return error > 0.0005 && error >= 0.1 * value;
}

}  // namespace planlens::html

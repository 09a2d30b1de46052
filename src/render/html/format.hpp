// How the report writes numbers: times with the precision that means
// something at their size, row counts compact, estimate factors with their
// direction, buffers in blocks.
#pragma once

#include <planlens/property.hpp>
#include <planlens/timing.hpp>

#include <optional>
#include <string>

namespace planlens::html {

/// "0.030 ms", "12.35 ms", "539.1 ms", "12.34 s".
std::string milliseconds(double ms);
/// A figure of the profile's basis: milliseconds, or planner cost ("1234.56").
std::string figure(TimeBasis basis, double value);
/// "37.5%", "0.4%", "<0.1%", "0%".
std::string percent(double share);
/// "3", "12,345", "1.2M" (rows may have decimals from PostgreSQL 18 on: "0.5").
std::string rows(double n);
/// How far the planner was off: actual over estimated rows per loop, as
/// "12× under" (more rows than estimated) or "3× over"; empty within 2×.
struct Factor {
    double value = 1;  ///< >= 1
    bool under = false;
};
std::optional<Factor> misestimate(double actual, double estimated);
std::string to_string(const Factor& f);
/// "hit 1.2k · read 340 · temp 12" from a Buffers line; empty when all are 0.
std::string buffers_brief(const BufferCounters& b);
/// Whether the printed precision leaves enough open on an exclusive figure
/// to say so beside it: the bound is a tenth of the figure or more, and
/// more than the last printed digit of a single loop.
bool material_error(double value, double error) noexcept;

}  // namespace planlens::html

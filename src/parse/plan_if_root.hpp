// parse_plan for a line that a document scan only suspects starts a plan.
#pragma once

#include <planlens/parse.hpp>

#include <cstddef>
#include <optional>
#include <span>

namespace planlens::detail {

/// parse_plan when lines[0] is a plan root (is_plan_root), else nullopt: the
/// root header is parsed once, not once to decide and again to build.
std::optional<Result<Plan>> parse_plan_if_root(std::span<const SourceLine> lines, std::size_t& consumed,
                                               const ParseLimits& limits);

}  // namespace planlens::detail

// Folded stacks ("root;child;...;node COUNT", one line per node) of a plan's
// exclusive time, the input of flamegraph.pl, inferno and speedscope.
#pragma once

#include <planlens/plan.hpp>
#include <planlens/timing.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planlens {

/// What one folded count stands for: a microsecond of exclusive time, or a
/// hundredth of a planner cost unit when the plan has no ANALYZE timing.
inline constexpr double folded_scale(TimeBasis basis) noexcept { return basis == TimeBasis::actual_time ? 1000 : 100; }

/// Each node's exclusive figure as a whole count (indexed by NodeId). The
/// counts add up exactly to the profile's total rounded to a count: nodes get
/// their rounded-down share and the units left over go to the largest
/// remainders, so no node is off by more than one.
std::vector<std::uint64_t> folded_counts(const TimeProfile& profile);

/// A node's frame name: its printed header (with the InitPlan/SubPlan/CTE
/// label in front), without the ';' and line breaks the format reserves.
std::string folded_frame(const Plan& plan, NodeId node);

/// Appends one line per node of `plan`, in plan order. `prefix` (e.g. "plan 2")
/// becomes the first frame of every stack when not empty. Sibling frames with
/// the same name get " [2]", " [3]", ... so every stack is its own line.
void append_folded(std::string& out, const Plan& plan, const TimeProfile& profile, std::string_view prefix = {});

}  // namespace planlens

// Which nodes are hot and why: nodes ranked by exclusive time, and findings
// from documented rules (stable ids, a severity, one plain sentence each).
#pragma once

#include <planlens/plan.hpp>
#include <planlens/timing.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace planlens {

enum class Severity : std::uint8_t { info, warning, critical };
std::string_view to_string(Severity s) noexcept;

/// One rule that fired. `node` is no_node for plan-wide findings
/// (planning slower than execution, JIT or triggers dominating, ...).
struct Finding {
    std::string_view rule;  ///< stable id, e.g. "filter-discards-most-rows"
    Severity severity = Severity::info;
    NodeId node = no_node;
    std::string message;    ///< one line in plain words, with the numbers
};

struct HotNode {
    NodeId node = no_node;
    double self = 0;   ///< exclusive time (ms, or cost when the profile is by cost)
    double share = 0;  ///< of the plan's total, 0..1
    std::vector<std::string_view> reasons;  ///< rule ids of the findings on this node
};

struct HotOptions {
    std::size_t top = 10;  ///< 0 keeps every node
};

/// Every finding of every rule, plan-wide ones first, then by node order.
std::vector<Finding> find_problems(const Plan& plan, const TimeProfile& profile);

/// Nodes ranked by exclusive time, largest first, with the rules that fired on each.
std::vector<HotNode> hot_nodes(const Plan& plan, const TimeProfile& profile, const std::vector<Finding>& findings,
                               const HotOptions& options = {});

}  // namespace planlens

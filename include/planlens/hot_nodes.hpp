// Which nodes are hot and why: nodes ranked by exclusive time, and findings
// from documented rules (stable ids, a severity, one plain sentence each).
#pragma once

#include <planlens/plan.hpp>
#include <planlens/timing.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planlens {

enum class Severity : std::uint8_t { info, warning, critical };
std::string_view to_string(Severity s) noexcept;

/// The rule ids (stable: tools match on them). docs/hot-rules.md gives each
/// rule's threshold and severity.
namespace rule {
inline constexpr std::string_view large_share_of_time = "large-share-of-time";
inline constexpr std::string_view parallel_overhead = "parallel-overhead";
inline constexpr std::string_view row_misestimate = "row-misestimate";
inline constexpr std::string_view filter_discards_most_rows = "filter-discards-most-rows";
inline constexpr std::string_view lossy_bitmap_heap_blocks = "lossy-bitmap-heap-blocks";
inline constexpr std::string_view sort_spills_to_disk = "sort-spills-to-disk";
inline constexpr std::string_view hash_spills_to_disk = "hash-spills-to-disk";
inline constexpr std::string_view hashagg_spills_to_disk = "hashagg-spills-to-disk";
inline constexpr std::string_view loop_amplification = "loop-amplification";
inline constexpr std::string_view fewer_workers_launched = "fewer-workers-launched";
inline constexpr std::string_view heap_fetches = "heap-fetches-on-index-only-scan";
inline constexpr std::string_view buffers_read_from_disk = "buffers-read-from-disk";
inline constexpr std::string_view jit_dominates = "jit-dominates";
inline constexpr std::string_view triggers_dominate = "triggers-dominate";
inline constexpr std::string_view planning_exceeds_execution = "planning-exceeds-execution";
}  // namespace rule

/// One rule that fired. `node` is no_node for plan-wide findings
/// (planning slower than execution, JIT or triggers dominating, ...).
struct Finding {
    std::string_view rule;  ///< stable id, e.g. "filter-discards-most-rows"
    Severity severity = Severity::info;
    NodeId node = no_node;
    std::string message;    ///< one line in plain words, with the numbers
};

/// A node in the hot ranking: its exclusive time, share, and the rules that fired on it.
struct HotNode {
    NodeId node = no_node;
    double self = 0;   ///< exclusive time (ms, or cost when the profile is by cost)
    double share = 0;  ///< of the plan's total, 0..1
    double self_error = 0;  ///< ± bound the printed precision leaves on `self` (NodeTime::self_error)
    std::vector<std::string_view> reasons;  ///< rule ids of the findings on this node
};

/// How many nodes hot_nodes() returns.
struct HotOptions {
    std::size_t top = 10;  ///< 0 keeps every node
};

/// The planner's row estimate of one node against what ran, both per loop
/// (as PostgreSQL prints them; per process under a Gather).
struct RowEstimate {
    double planned = 0;
    double actual = 0;
    double factor = 1;   ///< how many times off, at least 1 (each count taken as at least 1)
    bool under = false;  ///< more rows than planned
    /// A PostgreSQL default rather than a judgement, which no statistics can
    /// improve: 200 groups (DEFAULT_NUM_DISTINCT) for an aggregate, Group,
    /// Unique or SetOp over expressions without statistics; 1000 rows (a
    /// function's default ROWS) for a Function Scan.
    bool default_guess = false;
};

/// The node's estimate quality: nullopt without both an estimate and actuals,
/// or when the node never ran. BitmapAnd/BitmapOr always print 0 rows: nullopt.
std::optional<RowEstimate> row_estimate(const Plan& plan, NodeId node) noexcept;

/// A node's rows are "off" from this many times the estimate either way (RowEstimate::factor).
inline constexpr double misestimate_min_factor = 10;

/// A row mis-estimate that changed the plan's shape: a decision above the
/// node was made from the estimate, and the rows proved it wrong.
struct MisestimateEffect {
    RowEstimate estimate;       ///< of the node whose estimate was off
    NodeId decision = no_node;  ///< the node that chose from it: a Nested Loop, a Hash or Sort that spilled, a Hash or Merge Join
    std::string consequence;    ///< what that choice did, in plain words with the numbers
};

/// The one test of "this mis-estimate changed the plan" (docs/hot-rules.md,
/// row-misestimate), which the row-misestimate finding and advice both use:
/// rows at least misestimate_min_factor off and at least 100 (x loops) planned
/// or got; not a PostgreSQL default estimate; and far more rows than planned
/// made a Nested Loop run its inner side per row or a Hash or Sort spill, or far
/// fewer rows than planned bought a Hash or Merge Join over a full scan of the
/// other side. nullopt otherwise.
std::optional<MisestimateEffect> misestimate_effect(const Plan& plan, NodeId node);

/// Every finding of every rule, plan-wide ones first, then by node order.
std::vector<Finding> find_problems(const Plan& plan, const TimeProfile& profile);

/// Nodes ranked by exclusive time, largest first, with the rules that fired on
/// each; nodes whose time is within its rounding bound come after all others.
std::vector<HotNode> hot_nodes(const Plan& plan, const TimeProfile& profile, const std::vector<Finding>& findings,
                               const HotOptions& options = {});

}  // namespace planlens

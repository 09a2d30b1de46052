// Diffing two plans of the same query, as a reviewer reads a before/after
// pair: which node became which, what changed on each, where the time moved,
// and which indexes the new plan uses that the old one did not.
// docs/diff.md describes the matching algorithm, its limits and thresholds.
//
// Nothing here throws: diff_plans reports running out of memory as an Error,
// and the renderers return an empty string then.
#pragma once

#include <planlens/document.hpp>
#include <planlens/plan.hpp>
#include <planlens/property.hpp>
#include <planlens/result.hpp>
#include <planlens/timing.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planlens {

/// Which node of one plan is which node of the other, indexed by NodeId;
/// no_node where a node has no partner.
struct NodeMatching {
    std::vector<NodeId> after_of;   ///< before node -> its after node
    std::vector<NodeId> before_of;  ///< after node -> its before node
};

/// Pairs the nodes of two plans of the same query: scans by relation and
/// alias, then upward by matched descendants, then by kind and position.
/// O(n log n) in the number of nodes; iterative (any depth).
NodeMatching match_nodes(const Plan& before, const Plan& after);

/// How a node fares between the plans.
enum class ChangeKind : std::uint8_t {
    unchanged,  ///< matched, nothing worth reporting
    changed,    ///< matched, same operation, figures moved (see Aspect)
    replaced,   ///< matched, another operation or access path (Seq Scan -> Index Scan, Hash -> Nested Loop)
    added,      ///< only in the after plan
    removed,    ///< only in the before plan
};
/// "unchanged", "changed", "replaced", "added", "removed" (the JSON "change" values).
std::string_view to_string(ChangeKind kind) noexcept;

/// What differs on a matched pair; NodeChange::what is a set of these (see has()).
enum class Aspect : std::uint16_t {
    node_type = 1 << 0,  ///< another node type or aggregate strategy
    indexes = 1 << 1,    ///< the indexes it reads through differ
    parallel = 1 << 2,   ///< became (or stopped being) parallel, or split into Partial/Finalize
    variant = 1 << 3,    ///< same node type, other join type or scan direction
    self_time = 1 << 4,
    rows = 1 << 5,       ///< actual rows over all loops
    loops = 1 << 6,
    estimate = 1 << 7,   ///< the planner's row estimate
    buffers = 1 << 8,    ///< blocks touched
    inputs = 1 << 9,     ///< a join now joins other relations (join order changed)
};
/// A set of Aspect bits.
using Aspects = std::uint16_t;
/// Every aspect, in the order the JSON "what" array lists them.
inline constexpr Aspect all_aspects[] = {Aspect::node_type, Aspect::indexes,  Aspect::parallel, Aspect::variant,
                                         Aspect::self_time, Aspect::rows,     Aspect::loops,    Aspect::estimate,
                                         Aspect::buffers,   Aspect::inputs};
/// The aspect's name as in the JSON "what" array: "node_type", "self_time", ...
std::string_view to_string(Aspect aspect) noexcept;
/// Whether `set` contains `a`.
constexpr bool has(Aspects set, Aspect a) noexcept { return (set & static_cast<Aspects>(a)) != 0; }

/// One node's figures, as the diff compares them.
struct NodeFigures {
    std::optional<double> self_ms, total_ms;     ///< exclusive/inclusive time; absent without timing
    double self_cost = 0;                        ///< exclusive figure by the plan's own basis (ms or cost)
    std::optional<double> rows, loops;           ///< actual rows per loop and loops, as printed
    std::optional<double> plan_rows, total_cost; ///< estimates
    std::optional<BufferCounters> buffers;       ///< the node's own "Buffers:" line
};

/// One line of the diff: a matched pair, an added or a removed node.
struct NodeChange {
    ChangeKind kind = ChangeKind::unchanged;
    NodeId before = no_node;  ///< in PlanDiff::before; no_node when added
    NodeId after = no_node;   ///< in PlanDiff::after; no_node when removed
    Aspects what = 0;         ///< what differs, for matched pairs
    NodeFigures before_figures, after_figures;  ///< all empty on the absent side
    std::vector<std::string_view> new_indexes;      ///< read through in the after plan only (views into it)
    std::vector<std::string_view> dropped_indexes;  ///< read through in the before plan only
    /// The entry whose access path this belongs to: a Gather, BitmapAnd or
    /// Bitmap Index Scan that came or went with a scan counts for that scan.
    std::size_t site = 0;
    std::string note;  ///< plain words when there is something to explain, e.g. a Sort made unnecessary

    /// exclusive time (or cost) after minus before; absent figures count as 0.
    double delta() const noexcept { return after_figures.self_cost - before_figures.self_cost; }
};

/// A place where time was saved or lost: a site and the sum of its entries' deltas.
struct TimeShift {
    std::size_t site = 0;  ///< index into PlanDiff::entries
    double delta = 0;      ///< ms (or cost), after minus before
    double share = 0;      ///< of the overall change, 0..1
};

/// The speedup in one word: about_same within DiffOptions::about_same; unknown without execution times.
enum class Verdict : std::uint8_t { faster, slower, about_same, unknown };
/// "faster", "slower", "about the same", "unknown" (the JSON "verdict" values).
std::string_view to_string(Verdict verdict) noexcept;

/// The diff in a few facts: times, speedup, where the time moved, indexes, shape.
struct DiffHeadline {
    bool timed = false;  ///< both plans carry ANALYZE timing; otherwise figures are planner cost
    std::optional<double> execution_before, execution_after;  ///< ms; Execution Time, else the root's time
    std::optional<double> planning_before, planning_after;    ///< ms
    std::optional<double> speedup;  ///< execution before / after
    Verdict verdict = Verdict::unknown;  ///< from the speedup
    double total_before = 0, total_after = 0;  ///< what the nodes account for (ms, or cost)
    /// The largest shifts in the direction of the overall change, largest
    /// first, at sites whose plan changed: what explains the change.
    std::vector<TimeShift> moved;
    /// Time that moved at sites whose plan did not change (same operation,
    /// access path, rows and loops: only the time, or blocks, differ): run-to-run
    /// variation (caching, load), not an effect of the plan. Largest first.
    std::vector<TimeShift> variation;
    double variation_total = 0;  ///< the sum of `variation`'s deltas (ms, or cost)
    /// The plans look like two different queries: no relation in common, or
    /// no node of one pairs with a node of the other as the same operation.
    /// Then there is no speedup and verdict is unknown: comparing times means nothing.
    bool different_queries = false;
    std::vector<std::string_view> new_indexes, dropped_indexes;  ///< plan-wide
    bool same_shape = true;         ///< nothing added, removed or replaced
    bool same_access_paths = true;  ///< every relation read the same way (parallel or not), through the same indexes
    std::size_t replaced = 0, added = 0, removed = 0, changed = 0;  ///< entries of each kind
};

/// Thresholds for calling a matched pair `changed` (docs/diff.md).
struct DiffOptions {
    double min_share = 0.05;         ///< a self-time change counts from this share of the larger plan total
    double min_relative = 0.25;      ///< ... and this fraction of the node's larger self time
    double rows_relative = 0.10;     ///< rows over all loops differing by this fraction
    double estimate_factor = 2.0;    ///< row estimates differing by this factor
    double buffers_relative = 0.25;  ///< blocks touched differing by this fraction ...
    double buffers_minimum = 100;    ///< ... and by at least this many blocks
    double about_same = 1.10;        ///< speedups within [1/x, x] are "about the same"
};

/// The result of diff_plans: the pairing, one entry per node, the headline.
struct PlanDiff {
    const Plan* before = nullptr;  ///< the plans diffed (not owned)
    const Plan* after = nullptr;
    TimeProfile before_time, after_time;  ///< exclusive_time() of each plan
    NodeMatching matching;  ///< match_nodes(*before, *after)
    /// Every node of both plans once, in a merged tree order (the after plan's
    /// pre-order, removed nodes where they stood); unchanged pairs included.
    std::vector<NodeChange> entries;
    DiffHeadline headline;  ///< the summary of `entries`

    /// Indices into `entries` of everything but unchanged pairs.
    std::vector<std::size_t> changes() const;
};

/// Diffs `before` against `after`. Both plans must outlive the result.
Result<PlanDiff> diff_plans(const Plan& before, const Plan& after, const DiffOptions& options = {}) noexcept;

/// The headline in plain sentences, one per element (no colour, no newline):
/// times and speedup, where the time moved, indexes, the shape of the change.
std::vector<std::string> summary(const PlanDiff& diff);

/// "Seq Scan on transactions t" / "Bitmap Heap Scan on transactions using idx_a, idx_b":
/// the node's name and target, with a bitmap heap scan's indexes; empty for an id out of range.
std::string describe(const Plan& plan, NodeId node);

/// Where each side came from, for the JSON and markdown output.
struct DiffLabels {
    std::string before, after;  ///< e.g. "notes.md#1"
    std::string heading;        ///< the writeup heading both plans share, if any
};

/// One compact JSON object on one line (ending in '\n'); see docs/diff.md and
/// docs/json.md: {"planlens": 1, "before": {"execution_ms", "planning_ms", ...},
/// "after": {...}, "speedup", ..., "changes": [{"change", "before", "after",
/// "self_ms_before", ...}]}; "before" and "after" of a change identify the node
/// as every planlens JSON output does ({"id", "line", "node_type", "name",
/// "relation", "alias", "index"}) or are null.
std::string diff_json(const PlanDiff& diff, const DiffLabels& labels = {}) noexcept;

/// The same object pretty-printed at `indent` levels, one change per line:
/// an element of `planlens diff --json`'s array.
void append_diff_json(std::string& out, const PlanDiff& diff, const DiffLabels& labels = {}, int indent = 0);

/// The headline and a table of the changes, to paste into a writeup.
std::string diff_markdown(const PlanDiff& diff, const DiffLabels& labels = {}) noexcept;

/// In a writeup, the before/after pairs: consecutive parsed plans under the
/// same heading whose SQL (when both show one) is the same and which read at
/// least one relation in common. Indices into doc.plans().
std::vector<std::pair<std::size_t, std::size_t>> before_after_pairs(std::span<const FoundPlan> plans);

}  // namespace planlens

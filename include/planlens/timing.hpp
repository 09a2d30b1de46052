// Where the time went: inclusive and exclusive (self) time per node, with the
// rules PostgreSQL's execution model needs (loops, parallel workers,
// InitPlans/SubPlans, CTEs, rounding), and roll-ups by relation, index, node
// kind and operation class. Plans without timing are attributed by cost.
#pragma once

#include <planlens/plan.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace planlens {

/// What the figures in a TimeProfile measure.
enum class TimeBasis : std::uint8_t {
    actual_time,  ///< milliseconds from EXPLAIN ANALYZE
    cost,         ///< planner cost units (no ANALYZE, or TIMING OFF)
};

/// Time attributed to one node (ms, or cost units when the basis is cost).
struct NodeTime {
    double total = 0;       ///< inclusive, over all loops, as wall-clock (see timing.md)
    double self = 0;        ///< exclusive: total minus what the children account for
    double share = 0;       ///< self / profile total, 0..1
    /// ± bound on `self` that the printed precision leaves open: half a unit
    /// of the last printed digit (0.0005 ms, or 0.005 of cost) per loop of
    /// the node and of every figure subtracted from it (docs/timing.md,
    /// "Rounding"). A Memoize printed 0.000 x loops=19999 may hide 10 ms.
    double self_error = 0;
    double loops = 0;       ///< loops as printed (per-process under Gather)
    /// Processes whose work the printed figures add up (under a Gather: the
    /// workers and the leader); 1 elsewhere. total and self are per process.
    double processes = 1;
    bool rounded = false;   ///< self came out negative within rounding error and was clamped to 0
    bool parallel = false;  ///< runs inside a Gather / Gather Merge
    /// What runs under this node accounts for more than the node itself, beyond
    /// rounding: self was clamped to 0 and `notes` says by how much.
    bool inconsistent = false;
};

/// exclusive_time()'s result: one NodeTime per node, indexed by NodeId.
struct TimeProfile {
    TimeBasis basis = TimeBasis::actual_time;
    /// The root's inclusive figure (ms or cost), plus CTE time that no node
    /// accounts for (a data-modifying CTE; see docs/timing.md).
    double total = 0;
    std::vector<NodeTime> nodes;         ///< indexed by NodeId
    std::vector<std::string> notes;      ///< caveats in plain words, e.g. "TIMING OFF: attributed by cost"

    const NodeTime& operator[](NodeId id) const { return nodes[id]; }
};

/// Computes inclusive and exclusive time for every node of `plan`.
TimeProfile exclusive_time(const Plan& plan);

/// Whether `t`'s exclusive figure is no more than its rounding bound: it may
/// as well be 0, and nothing should be concluded from it.
constexpr bool within_rounding(const NodeTime& t) noexcept { return t.self <= t.self_error; }

/// The share `t` certainly has, whatever the rounding hides: (self − bound) / total, at least 0.
inline double share_lower_bound(const NodeTime& t, double total) noexcept {
    return total > 0 && t.self > t.self_error ? (t.self - t.self_error) / total : 0;
}

/// One process's figures for a node under a Gather, from the "Worker N:" lines
/// of EXPLAIN (ANALYZE, VERBOSE). The leader (worker -1) gets what the node's
/// totals leave after the workers'; it is absent when nothing is left.
struct WorkerTime {
    int worker = -1;   ///< N of "Worker N:", -1 for the leader
    double total = 0;  ///< ms over all its loops (time x loops); 0 under TIMING OFF
    double rows = 0;   ///< over all its loops
    double loops = 0;
};

/// Per-process figures of `node`; empty when PostgreSQL printed no "Worker N:" actuals for it.
std::vector<WorkerTime> worker_times(const Plan& plan, NodeId node);

enum class OperationClass : std::uint8_t { scan, join, sort, aggregate, other };
std::string_view to_string(OperationClass c) noexcept;
OperationClass operation_class(NodeKind kind) noexcept;

/// One line of a roll-up: all nodes sharing `key`.
struct Rollup {
    std::string key;
    double self = 0;
    double share = 0;
    std::size_t nodes = 0;
};

/// Sums of exclusive time, largest first.
std::vector<Rollup> time_by_relation(const Plan& plan, const TimeProfile& profile);
std::vector<Rollup> time_by_index(const Plan& plan, const TimeProfile& profile);
std::vector<Rollup> time_by_node_type(const Plan& plan, const TimeProfile& profile);
std::vector<Rollup> time_by_operation_class(const Plan& plan, const TimeProfile& profile);

}  // namespace planlens

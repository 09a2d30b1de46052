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

struct NodeTime {
    double total = 0;       ///< inclusive, over all loops, as wall-clock (see timing.md)
    double self = 0;        ///< exclusive: total minus what the children account for
    double share = 0;       ///< self / profile total, 0..1
    double loops = 0;       ///< loops as printed (per-process under Gather)
    bool rounded = false;   ///< self came out negative within rounding error and was clamped to 0
    bool parallel = false;  ///< runs inside a Gather / Gather Merge
};

struct TimeProfile {
    TimeBasis basis = TimeBasis::actual_time;
    double total = 0;                    ///< the root's inclusive figure (ms or cost)
    std::vector<NodeTime> nodes;         ///< indexed by NodeId
    std::vector<std::string> notes;      ///< caveats in plain words, e.g. "TIMING OFF: attributed by cost"

    const NodeTime& operator[](NodeId id) const { return nodes[id]; }
};

/// Computes inclusive and exclusive time for every node of `plan`.
TimeProfile exclusive_time(const Plan& plan);

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

// What the diff needs to know about single nodes: which relation a scan
// reads and under which alias, which indexes an access path uses, which node
// kinds can stand for one another, where a node sits (InitPlan, SubPlan, CTE).
// Per-plan facts are computed in one linear pass each.
#pragma once

#include <planlens/plan.hpp>

#include <string_view>
#include <vector>

namespace planlens::diff {

/// Kinds that can replace one another in a matched pair: the join methods,
/// the aggregate and grouping nodes, the sorts, the gathers, ... Scans are
/// one family, but a scan only matches a scan of the same relation.
enum class Family : std::uint8_t {
    scan, join, aggregate, sort, gather, append, bitmap_combine, cache, other,
};
Family family_of(NodeKind kind) noexcept;

/// Whether `a` (before) and `b` (after) may be paired outside the anchor step.
bool compatible(const Node& a, const Node& b) noexcept;

/// Facts about every node of one plan.
struct PlanFacts {
    explicit PlanFacts(const Plan& plan);

    /// A Bitmap Index Scan's or BitmapAnd/Or's Bitmap Heap Scan, else no_node.
    std::vector<NodeId> bitmap_owner;
    /// The nearest "InitPlan N" / "SubPlan N" / "CTE x" label at or above the node; empty in the main tree.
    std::vector<std::string_view> context;
    /// Indexes each access path reads through: its own index, or a Bitmap
    /// Heap Scan's Bitmap Index Scans' indexes. Empty for other nodes.
    std::vector<std::vector<std::string_view>> indexes;
};

/// The relation a node reads (object name), with the alias it is read under.
/// Bitmap Index Scans have neither; see PlanFacts::bitmap_owner.
inline std::string_view alias_of(const Node& n) noexcept { return n.target.effective_alias(); }

/// A condition that identifies what a scan is looking for, for telling apart
/// several scans of one relation under one alias: Filter, Index Cond, Recheck Cond.
std::string_view condition_of(const Plan& plan, const Node& n) noexcept;

}  // namespace planlens::diff

// Small facts about plan shape shared by the timing and hot-node analyses:
// which children are plan input and which are InitPlans/SubPlans/CTEs, how
// many processes run under a Gather, where a subtree ends.
#pragma once

#include <planlens/plan.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::analysis {

inline bool is_gather(NodeKind kind) noexcept { return kind == NodeKind::gather || kind == NodeKind::gather_merge; }

/// A child that hangs under its parent as an InitPlan, SubPlan or CTE rather than as input rows.
inline bool is_subplan(const Node& n) noexcept {
    return n.relationship == Relationship::init_plan || n.relationship == Relationship::sub_plan;
}

/// A "CTE name" subplan (PostgreSQL keeps CTEs among the InitPlans).
inline bool is_cte_plan(const Node& n) noexcept {
    return n.relationship == Relationship::init_plan && n.subplan_name.substr(0, 4) == "CTE ";
}

/// "CTE name" -> "name".
inline std::string_view cte_name(const Node& n) noexcept { return n.subplan_name.substr(4); }

/// Loops as printed; 0 without ANALYZE or when never executed.
inline double loops_of(const Node& n) noexcept { return n.actuals ? n.actuals->loops : 0; }

/// The first child that is plan input (not an InitPlan/SubPlan/CTE), or no_node.
inline NodeId outer_child(const Plan& plan, const Node& n) noexcept {
    for (NodeId c = n.first_child; c != no_node; c = plan.nodes[c].next_sibling)
        if (!is_subplan(plan.nodes[c])) return c;
    return no_node;
}

/// For every node, one past the last node of its subtree: nodes are stored in
/// pre-order, so the subtree of `id` is the range [id, ends[id]).
inline std::vector<NodeId> subtree_ends(const Plan& plan) {
    std::vector<NodeId> ends(plan.nodes.size());
    for (std::size_t i = plan.nodes.size(); i-- > 0;) {
        NodeId end = static_cast<NodeId>(i + 1);
        for (NodeId c = plan.nodes[i].first_child; c != no_node; c = plan.nodes[c].next_sibling)
            end = std::max(end, ends[c]);
        ends[i] = end;
    }
    return ends;
}

/// How many processes ran a Gather's child per execution of the Gather: the
/// child's loops over the Gather's (exact, and right when the leader does not
/// participate), else Workers Launched + the leader, else 1.
inline double gather_processes(const Plan& plan, const Node& gather) noexcept {
    const NodeId child = outer_child(plan, gather);
    if (child != no_node && loops_of(gather) > 0 && loops_of(plan.nodes[child]) > 0)
        return std::max(1.0, loops_of(plan.nodes[child]) / loops_of(gather));
    if (const auto launched = plan.number(gather, PropertyKind::workers_launched)) return *launched + 1;
    return 1;
}

/// Whether `printed` (a name as planlens keeps it: PostgreSQL's doubled
/// quotes "" still doubled) names the identifier `raw`.
inline bool same_identifier(std::string_view raw, std::string_view printed) noexcept {
    std::size_t i = 0;
    for (std::size_t j = 0; j < printed.size(); ++j, ++i) {
        if (i == raw.size() || raw[i] != printed[j]) return false;
        if (printed[j] == '"' && j + 1 < printed.size() && printed[j + 1] == '"') ++j;
    }
    return i == raw.size();
}

/// Whether `text` mentions the output of the InitPlan labelled `label`:
/// "$0" of "InitPlan 1 (returns $0,$1)" (PostgreSQL 16 and older) or
/// "InitPlan 1" itself, as in "(InitPlan 1).col1" (PostgreSQL 17 and newer).
inline bool mentions_init_plan(std::string_view text, std::string_view label) noexcept {
    auto mentions = [text](std::string_view token) {
        for (std::size_t at = text.find(token); at != std::string_view::npos; at = text.find(token, at + 1)) {
            const std::size_t after = at + token.size();
            if (after == text.size() || text[after] < '0' || text[after] > '9') return true;  // "$1" is not "$10"
        }
        return false;
    };
    const std::size_t returns = label.find("(returns ");
    if (returns == std::string_view::npos) return !label.empty() && mentions(label);
    std::string_view params = label.substr(returns + 9);
    params = params.substr(0, params.find(')'));
    while (!params.empty()) {
        const std::size_t comma = params.find(',');
        std::string_view param = params.substr(0, comma);
        while (!param.empty() && param.front() == ' ') param.remove_prefix(1);
        if (!param.empty() && mentions(param)) return true;
        if (comma == std::string_view::npos) break;
        params.remove_prefix(comma + 1);
    }
    return false;
}

/// Nodes whose target is a relation (not a CTE, function or subquery).
inline bool reads_relation(NodeKind kind) noexcept {
    return is_table_scan(kind) || kind == NodeKind::foreign_scan || kind == NodeKind::custom_scan ||
           kind == NodeKind::modify_table;
}

/// The node that reads the relation `n` works for: `n` itself, or for a
/// Bitmap Index Scan the Bitmap Heap Scan above it (through any
/// BitmapAnd/BitmapOr); null when `n` reads no relation.
inline const Node* relation_reader(const Plan& plan, const Node& n) noexcept {
    const Node* at = &n;
    while (at->kind == NodeKind::bitmap_index_scan || at->kind == NodeKind::bitmap_and ||
           at->kind == NodeKind::bitmap_or) {
        if (at->parent == no_node) return nullptr;
        at = &plan.nodes[at->parent];
    }
    if (at != &n && at->kind != NodeKind::bitmap_heap_scan) return nullptr;
    return reads_relation(at->kind) && !at->target.object.empty() ? at : nullptr;
}

/// The roll-up key of the relation `n` works for: "schema.name" when VERBOSE
/// printed the schema, else the name; nothing when it reads no relation.
inline void append_relation_key(const Plan& plan, const Node& n, std::string& key) {
    const Node* reader = relation_reader(plan, n);
    if (!reader) return;
    if (!reader->target.schema.empty()) {
        append_identifier(key, reader->target.schema);
        key += '.';
    }
    append_identifier(key, reader->target.object);
}

}  // namespace planlens::analysis

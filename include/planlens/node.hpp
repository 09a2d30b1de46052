// One plan node: what its header line says, typed, plus links into the tree.
#pragma once

#include <planlens/node_kind.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace planlens {

/// Index of a node in Plan::nodes (pre-order, 0 is the root).
using NodeId = std::uint32_t;
inline constexpr NodeId no_node = std::numeric_limits<NodeId>::max();
inline constexpr std::uint32_t no_field = std::numeric_limits<std::uint32_t>::max();

/// The planner's estimates: "(cost=S..T rows=R width=W)".
struct Estimates {
    double startup_cost = 0;
    double total_cost = 0;
    double rows = 0;
    std::int64_t width = 0;
};

/// What ANALYZE measured: "(actual time=S..T rows=R loops=L)". Times and rows
/// are averages per loop, as PostgreSQL prints them; times are absent under
/// TIMING OFF ("(actual rows=R loops=L)").
struct Actuals {
    std::optional<double> startup_time;  ///< ms
    std::optional<double> total_time;    ///< ms
    double rows = 0;
    double loops = 0;
};

/// What a node reads or writes, as printed after " on" / " using".
/// Names are views without the surrounding double quotes PostgreSQL adds to
/// identifiers that need them; a doubled quote ("") inside stands for one ".
struct Target {
    std::string_view object;  ///< relation, function, CTE, tuplestore or table-function name
    std::string_view schema;  ///< printed only under VERBOSE
    std::string_view alias;   ///< as printed; empty when PostgreSQL left it out because it equals `object`
    std::string_view index;   ///< Index Scan, Index Only Scan, Bitmap Index Scan

    /// The name PostgreSQL calls "Alias" in JSON: the printed alias, else the object name.
    std::string_view effective_alias() const noexcept { return alias.empty() ? object : alias; }
};

/// Appends a name as PostgreSQL means it: the doubled quotes that stand for
/// one quote inside a "quoted identifier" collapsed.
inline void append_identifier(std::string& out, std::string_view printed) {
    for (std::size_t i = 0; i < printed.size(); ++i) {
        out += printed[i];
        if (printed[i] == '"' && i + 1 < printed.size() && printed[i + 1] == '"') ++i;
    }
}

inline std::string identifier(std::string_view printed) {
    std::string out;
    out.reserve(printed.size());
    append_identifier(out, printed);
    return out;
}

/// One plan node as printed: its Node Type and modifiers, target, figures,
/// place in the tree (links are NodeIds into Plan::nodes) and its properties.
struct Node {
    NodeKind kind = NodeKind::unknown;
    JoinType join_type = JoinType::none;
    Strategy strategy = Strategy::none;
    PartialMode partial_mode = PartialMode::none;
    ScanDirection scan_direction = ScanDirection::none;
    SetOpCommand set_op_command = SetOpCommand::none;
    Operation operation = Operation::none;
    Relationship relationship = Relationship::none;
    bool parallel_aware = false;
    bool async_capable = false;
    bool never_executed = false;  ///< "(never executed)"

    std::string_view name;             ///< as printed, e.g. "Parallel Seq Scan", "Hash Left Join"
    std::string_view custom_provider;  ///< "Custom Scan (provider)"
    std::string_view subplan_name;     ///< "InitPlan 1 (returns $0)", "SubPlan 2", "CTE name"
    Target target;
    std::optional<Estimates> estimates;  ///< absent under COSTS OFF
    std::optional<Actuals> actuals;      ///< absent without ANALYZE and when never executed

    std::uint32_t line = 0;         ///< index of the header line in Plan::lines (not a document line)
    std::uint32_t source_line = 0;  ///< 1-based line of the header in the original document
    std::uint32_t depth = 0;  ///< 0 for the root
    NodeId parent = no_node;
    NodeId first_child = no_node;
    NodeId next_sibling = no_node;
    std::uint32_t first_property = 0;  ///< range in Plan::properties
    std::uint32_t property_count = 0;
    /// Plans read from JSON, YAML or XML: index in Plan::fields of the node's
    /// object; no_field for text plans.
    std::uint32_t field = no_field;
};

/// PostgreSQL's "Node Type", as EXPLAIN (FORMAT JSON) prints it: "Aggregate"
/// for HashAggregate, "Seq Scan" for Parallel Seq Scan; the printed name for
/// a node planlens does not know.
constexpr std::string_view node_type(const Node& n) noexcept {
    return n.kind == NodeKind::unknown ? n.name : to_string(n.kind);
}

/// PostgreSQL's "Relation Name": the table (or view, foreign table) a scan
/// or a ModifyTable reads or writes, as printed; empty for a function, CTE or
/// tuplestore name and for nodes that name none.
constexpr std::string_view relation_name(const Node& n) noexcept {
    switch (n.kind) {
        case NodeKind::function_scan:
        case NodeKind::table_function_scan:
        case NodeKind::cte_scan:
        case NodeKind::worktable_scan:
        case NodeKind::named_tuplestore_scan: return {};
        default: return n.target.object;
    }
}

}  // namespace planlens

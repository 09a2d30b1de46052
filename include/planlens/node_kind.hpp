// Node types and the modifiers PostgreSQL folds into the printed node name
// ("Parallel", join type, aggregate strategy and split, scan direction, ...).
// The names returned by to_string are PostgreSQL's own non-text names
// ("Node Type", "Join Type", "Strategy", ... in EXPLAIN (FORMAT JSON)).
#pragma once

#include <cstdint>
#include <string_view>

namespace planlens {

/// PostgreSQL's Node Type (what EXPLAIN (FORMAT JSON) prints as "Node Type");
/// prefixes such as Parallel or Partial are modifiers on Node, not kinds.
enum class NodeKind : std::uint8_t {
    unknown,  ///< a name this version of planlens does not know; Node::name keeps it
    result,
    project_set,
    modify_table,  ///< "Insert/Update/Delete/Merge on t"; see Node::operation
    append,
    merge_append,
    recursive_union,
    bitmap_and,
    bitmap_or,
    nested_loop,
    merge_join,
    hash_join,
    seq_scan,
    sample_scan,
    gather,
    gather_merge,
    index_scan,
    index_only_scan,
    bitmap_index_scan,
    bitmap_heap_scan,
    tid_scan,
    tid_range_scan,
    subquery_scan,
    function_scan,
    table_function_scan,
    values_scan,
    cte_scan,
    named_tuplestore_scan,
    worktable_scan,
    foreign_scan,  ///< also "Foreign Insert/Update/Delete" (direct modify)
    custom_scan,
    materialize,
    memoize,  ///< printed as "Result Cache" in PostgreSQL 14 betas
    sort,
    incremental_sort,
    group,
    aggregate,  ///< Aggregate, GroupAggregate, HashAggregate, MixedAggregate
    window_agg,
    unique,
    set_op,  ///< SetOp, HashSetOp
    lock_rows,
    limit,
    hash,
};

enum class JoinType : std::uint8_t { none, inner, left, full, right, semi, anti, right_semi, right_anti };
/// Strategy of Aggregate (Plain/Sorted/Hashed/Mixed) and SetOp (Sorted/Hashed).
enum class Strategy : std::uint8_t { none, plain, sorted, hashed, mixed };
enum class PartialMode : std::uint8_t { none, simple, partial, finalize };
enum class ScanDirection : std::uint8_t { none, forward, backward };
enum class SetOpCommand : std::uint8_t { none, intersect, intersect_all, except, except_all };
/// ModifyTable and Foreign Scan operation.
enum class Operation : std::uint8_t { none, select, insert, update, delete_, merge };
/// How a node hangs under its parent ("Parent Relationship").
enum class Relationship : std::uint8_t { none, outer, inner, member, subquery, init_plan, sub_plan, child, children };

constexpr std::string_view to_string(NodeKind kind) noexcept {
    switch (kind) {
        case NodeKind::unknown: return "???";
        case NodeKind::result: return "Result";
        case NodeKind::project_set: return "ProjectSet";
        case NodeKind::modify_table: return "ModifyTable";
        case NodeKind::append: return "Append";
        case NodeKind::merge_append: return "Merge Append";
        case NodeKind::recursive_union: return "Recursive Union";
        case NodeKind::bitmap_and: return "BitmapAnd";
        case NodeKind::bitmap_or: return "BitmapOr";
        case NodeKind::nested_loop: return "Nested Loop";
        case NodeKind::merge_join: return "Merge Join";
        case NodeKind::hash_join: return "Hash Join";
        case NodeKind::seq_scan: return "Seq Scan";
        case NodeKind::sample_scan: return "Sample Scan";
        case NodeKind::gather: return "Gather";
        case NodeKind::gather_merge: return "Gather Merge";
        case NodeKind::index_scan: return "Index Scan";
        case NodeKind::index_only_scan: return "Index Only Scan";
        case NodeKind::bitmap_index_scan: return "Bitmap Index Scan";
        case NodeKind::bitmap_heap_scan: return "Bitmap Heap Scan";
        case NodeKind::tid_scan: return "Tid Scan";
        case NodeKind::tid_range_scan: return "Tid Range Scan";
        case NodeKind::subquery_scan: return "Subquery Scan";
        case NodeKind::function_scan: return "Function Scan";
        case NodeKind::table_function_scan: return "Table Function Scan";
        case NodeKind::values_scan: return "Values Scan";
        case NodeKind::cte_scan: return "CTE Scan";
        case NodeKind::named_tuplestore_scan: return "Named Tuplestore Scan";
        case NodeKind::worktable_scan: return "WorkTable Scan";
        case NodeKind::foreign_scan: return "Foreign Scan";
        case NodeKind::custom_scan: return "Custom Scan";
        case NodeKind::materialize: return "Materialize";
        case NodeKind::memoize: return "Memoize";
        case NodeKind::sort: return "Sort";
        case NodeKind::incremental_sort: return "Incremental Sort";
        case NodeKind::group: return "Group";
        case NodeKind::aggregate: return "Aggregate";
        case NodeKind::window_agg: return "WindowAgg";
        case NodeKind::unique: return "Unique";
        case NodeKind::set_op: return "SetOp";
        case NodeKind::lock_rows: return "LockRows";
        case NodeKind::limit: return "Limit";
        case NodeKind::hash: return "Hash";
    }
    return "???";
}

constexpr std::string_view to_string(JoinType type) noexcept {
    switch (type) {
        case JoinType::none: return "";
        case JoinType::inner: return "Inner";
        case JoinType::left: return "Left";
        case JoinType::full: return "Full";
        case JoinType::right: return "Right";
        case JoinType::semi: return "Semi";
        case JoinType::anti: return "Anti";
        case JoinType::right_semi: return "Right Semi";
        case JoinType::right_anti: return "Right Anti";
    }
    return "";
}

constexpr std::string_view to_string(Strategy strategy) noexcept {
    switch (strategy) {
        case Strategy::none: return "";
        case Strategy::plain: return "Plain";
        case Strategy::sorted: return "Sorted";
        case Strategy::hashed: return "Hashed";
        case Strategy::mixed: return "Mixed";
    }
    return "";
}

constexpr std::string_view to_string(PartialMode mode) noexcept {
    switch (mode) {
        case PartialMode::none: return "";
        case PartialMode::simple: return "Simple";
        case PartialMode::partial: return "Partial";
        case PartialMode::finalize: return "Finalize";
    }
    return "";
}

constexpr std::string_view to_string(ScanDirection direction) noexcept {
    switch (direction) {
        case ScanDirection::none: return "";
        case ScanDirection::forward: return "Forward";
        case ScanDirection::backward: return "Backward";
    }
    return "";
}

constexpr std::string_view to_string(SetOpCommand command) noexcept {
    switch (command) {
        case SetOpCommand::none: return "";
        case SetOpCommand::intersect: return "Intersect";
        case SetOpCommand::intersect_all: return "Intersect All";
        case SetOpCommand::except: return "Except";
        case SetOpCommand::except_all: return "Except All";
    }
    return "";
}

constexpr std::string_view to_string(Operation operation) noexcept {
    switch (operation) {
        case Operation::none: return "";
        case Operation::select: return "Select";
        case Operation::insert: return "Insert";
        case Operation::update: return "Update";
        case Operation::delete_: return "Delete";
        case Operation::merge: return "Merge";
    }
    return "";
}

constexpr std::string_view to_string(Relationship relationship) noexcept {
    switch (relationship) {
        case Relationship::none: return "";
        case Relationship::outer: return "Outer";
        case Relationship::inner: return "Inner";
        case Relationship::member: return "Member";
        case Relationship::subquery: return "Subquery";
        case Relationship::init_plan: return "InitPlan";
        case Relationship::sub_plan: return "SubPlan";
        case Relationship::child: return "child";
        case Relationship::children: return "children";
    }
    return "";
}

/// Scans that read a relation (or function, CTE, ...) and name it after " on".
constexpr bool is_scan(NodeKind kind) noexcept {
    switch (kind) {
        case NodeKind::seq_scan:
        case NodeKind::sample_scan:
        case NodeKind::index_scan:
        case NodeKind::index_only_scan:
        case NodeKind::bitmap_index_scan:
        case NodeKind::bitmap_heap_scan:
        case NodeKind::tid_scan:
        case NodeKind::tid_range_scan:
        case NodeKind::subquery_scan:
        case NodeKind::function_scan:
        case NodeKind::table_function_scan:
        case NodeKind::values_scan:
        case NodeKind::cte_scan:
        case NodeKind::named_tuplestore_scan:
        case NodeKind::worktable_scan:
        case NodeKind::foreign_scan:
        case NodeKind::custom_scan: return true;
        default: return false;
    }
}

/// Scans that read a table's rows (and so can filter rows they read).
constexpr bool is_table_scan(NodeKind kind) noexcept {
    switch (kind) {
        case NodeKind::seq_scan:
        case NodeKind::sample_scan:
        case NodeKind::index_scan:
        case NodeKind::index_only_scan:
        case NodeKind::bitmap_heap_scan:
        case NodeKind::tid_scan:
        case NodeKind::tid_range_scan: return true;
        default: return false;
    }
}

constexpr bool is_join(NodeKind kind) noexcept {
    return kind == NodeKind::nested_loop || kind == NodeKind::merge_join || kind == NodeKind::hash_join;
}

}  // namespace planlens

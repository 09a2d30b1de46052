#include "node_names.hpp"

#include <algorithm>
#include <array>

namespace planlens::detail {

namespace {

bool strip_prefix(std::string_view& s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

bool strip_suffix(std::string_view& s, std::string_view suffix) {
    if (s.size() < suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
    s.remove_suffix(suffix.size());
    return true;
}

struct PlainName {
    std::string_view name;
    NodeKind kind;
};

// Names that carry no modifier besides Parallel/Async.
constexpr std::array plain_names{
    PlainName{"Result", NodeKind::result},
    PlainName{"ProjectSet", NodeKind::project_set},
    PlainName{"Append", NodeKind::append},
    PlainName{"Merge Append", NodeKind::merge_append},
    PlainName{"Recursive Union", NodeKind::recursive_union},
    PlainName{"BitmapAnd", NodeKind::bitmap_and},
    PlainName{"BitmapOr", NodeKind::bitmap_or},
    PlainName{"Seq Scan", NodeKind::seq_scan},
    PlainName{"Sample Scan", NodeKind::sample_scan},
    PlainName{"Gather", NodeKind::gather},
    PlainName{"Gather Merge", NodeKind::gather_merge},
    PlainName{"Bitmap Index Scan", NodeKind::bitmap_index_scan},
    PlainName{"Bitmap Heap Scan", NodeKind::bitmap_heap_scan},
    PlainName{"Tid Scan", NodeKind::tid_scan},
    PlainName{"Tid Range Scan", NodeKind::tid_range_scan},
    PlainName{"Subquery Scan", NodeKind::subquery_scan},
    PlainName{"Function Scan", NodeKind::function_scan},
    PlainName{"Table Function Scan", NodeKind::table_function_scan},
    PlainName{"Values Scan", NodeKind::values_scan},
    PlainName{"CTE Scan", NodeKind::cte_scan},
    PlainName{"Named Tuplestore Scan", NodeKind::named_tuplestore_scan},
    PlainName{"WorkTable Scan", NodeKind::worktable_scan},
    PlainName{"Materialize", NodeKind::materialize},
    PlainName{"Memoize", NodeKind::memoize},
    PlainName{"Result Cache", NodeKind::memoize},  // its name in PostgreSQL 14 betas
    PlainName{"Sort", NodeKind::sort},
    PlainName{"Incremental Sort", NodeKind::incremental_sort},
    PlainName{"Group", NodeKind::group},
    PlainName{"WindowAgg", NodeKind::window_agg},
    PlainName{"Unique", NodeKind::unique},
    PlainName{"LockRows", NodeKind::lock_rows},
    PlainName{"Limit", NodeKind::limit},
    PlainName{"Hash", NodeKind::hash},
};

constexpr std::array<std::pair<std::string_view, JoinType>, 8> join_types{{
    {"Left", JoinType::left},
    {"Full", JoinType::full},
    {"Right", JoinType::right},
    {"Semi", JoinType::semi},
    {"Anti", JoinType::anti},
    {"Right Semi", JoinType::right_semi},
    {"Right Anti", JoinType::right_anti},
    {"Inner", JoinType::inner},
}};

/// "Nested Loop", "Hash Join", "Merge Left Join", "Nested Loop Anti Join", ...
bool decode_join(std::string_view name, Node& d) {
    std::string_view rest = name;
    if (strip_prefix(rest, "Nested Loop")) d.kind = NodeKind::nested_loop;
    else if (strip_prefix(rest, "Hash ")) d.kind = NodeKind::hash_join;
    else if (strip_prefix(rest, "Merge ")) d.kind = NodeKind::merge_join;
    else return false;
    if (d.kind == NodeKind::nested_loop) {
        if (rest.empty()) return d.join_type = JoinType::inner, true;
        if (!strip_prefix(rest, " ")) return false;
    }
    if (!strip_suffix(rest, "Join")) return false;
    if (rest.empty()) {  // "Hash Join", "Merge Join": inner
        if (d.kind == NodeKind::nested_loop) return false;
        return d.join_type = JoinType::inner, true;
    }
    if (!strip_suffix(rest, " ")) return false;
    for (const auto& [text, type] : join_types) {
        if (rest == text) return d.join_type = type, true;
    }
    return false;
}

/// "Aggregate", "GroupAggregate", "Partial HashAggregate", "Finalize MixedAggregate"
bool decode_aggregate(std::string_view name, Node& d) {
    std::string_view rest = name;
    d.partial_mode = strip_prefix(rest, "Partial ")    ? PartialMode::partial
                     : strip_prefix(rest, "Finalize ") ? PartialMode::finalize
                                                       : PartialMode::simple;
    if (rest == "Aggregate") d.strategy = Strategy::plain;
    else if (rest == "GroupAggregate") d.strategy = Strategy::sorted;
    else if (rest == "HashAggregate") d.strategy = Strategy::hashed;
    else if (rest == "MixedAggregate") d.strategy = Strategy::mixed;
    else return d.partial_mode = PartialMode::none, false;
    d.kind = NodeKind::aggregate;
    return true;
}

/// "SetOp Except", "HashSetOp Intersect All"
bool decode_set_op(std::string_view name, Node& d) {
    std::string_view rest = name;
    if (strip_prefix(rest, "HashSetOp")) d.strategy = Strategy::hashed;
    else if (strip_prefix(rest, "SetOp")) d.strategy = Strategy::sorted;
    else return false;
    if (rest == " Intersect") d.set_op_command = SetOpCommand::intersect;
    else if (rest == " Intersect All") d.set_op_command = SetOpCommand::intersect_all;
    else if (rest == " Except") d.set_op_command = SetOpCommand::except;
    else if (rest == " Except All") d.set_op_command = SetOpCommand::except_all;
    else if (!rest.empty()) return d.strategy = Strategy::none, false;
    d.kind = NodeKind::set_op;
    return true;
}

/// "Insert", "Update", "Delete", "Merge" (ModifyTable) and "Foreign Scan/Insert/Update/Delete".
bool decode_operation(std::string_view name, Node& d) {
    std::string_view rest = name;
    const bool foreign = strip_prefix(rest, "Foreign ");
    if (rest == "Insert") d.operation = Operation::insert;
    else if (rest == "Update") d.operation = Operation::update;
    else if (rest == "Delete") d.operation = Operation::delete_;
    else if (rest == "Merge" && !foreign) d.operation = Operation::merge;
    else if (rest == "Scan" && foreign) d.operation = Operation::select;
    else return false;
    d.kind = foreign ? NodeKind::foreign_scan : NodeKind::modify_table;
    return true;
}

/// "Custom Scan" and "Custom Scan (Provider)"
bool decode_custom(std::string_view name, Node& d) {
    std::string_view rest = name;
    if (!strip_prefix(rest, "Custom Scan")) return false;
    if (!rest.empty()) {
        if (!strip_prefix(rest, " (") || !strip_suffix(rest, ")")) return false;
        d.custom_provider = rest;
    }
    d.kind = NodeKind::custom_scan;
    return true;
}

}  // namespace

void decode_node_name(std::string_view name, Node& node) noexcept {
    Node d;
    d.parallel_aware = strip_prefix(name, "Parallel ");
    d.async_capable = strip_prefix(name, "Async ");
    const bool backward = strip_suffix(name, " Backward");
    if (name == "Index Scan" || name == "Index Only Scan") {
        d.kind = name == "Index Scan" ? NodeKind::index_scan : NodeKind::index_only_scan;
        d.scan_direction = backward ? ScanDirection::backward : ScanDirection::forward;
    } else if (!backward) {  // only index scans run backward
        const auto plain = std::find_if(plain_names.begin(), plain_names.end(),
                                        [&](const PlainName& p) { return p.name == name; });
        if (plain != plain_names.end()) {
            d.kind = plain->kind;
        } else if (!(decode_aggregate(name, d) || decode_join(name, d) || decode_set_op(name, d) ||
                     decode_operation(name, d) || decode_custom(name, d))) {
            d = Node{};
        }
    }
    if (d.kind == NodeKind::unknown) d = Node{};  // a name it does not know carries no modifiers
    node.kind = d.kind;
    node.join_type = d.join_type;
    node.strategy = d.strategy;
    node.partial_mode = d.partial_mode;
    node.scan_direction = d.scan_direction;
    node.set_op_command = d.set_op_command;
    node.operation = d.operation;
    node.parallel_aware = d.parallel_aware;
    node.async_capable = d.async_capable;
    node.custom_provider = d.custom_provider;
}

}  // namespace planlens::detail

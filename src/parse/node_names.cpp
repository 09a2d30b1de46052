#include "node_names.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace planlens::detail {

namespace {

/// What a printed name says: the kind and the modifiers folded into it.
/// Decoded into this, not into a Node, since a Node is large to clear.
struct NameFacts {
    NodeKind kind = NodeKind::unknown;
    JoinType join_type = JoinType::none;
    Strategy strategy = Strategy::none;
    PartialMode partial_mode = PartialMode::none;
    ScanDirection scan_direction = ScanDirection::none;
    SetOpCommand set_op_command = SetOpCommand::none;
    Operation operation = Operation::none;
    bool parallel_aware = false;
    bool async_capable = false;
    std::string_view custom_provider;
};

bool strip_prefix(std::string_view& s, std::string_view prefix) {
    if (!s.starts_with(prefix)) return false;
    s.remove_prefix(prefix.size());
    return true;
}

bool strip_suffix(std::string_view& s, std::string_view suffix) {
    if (!s.ends_with(suffix)) return false;
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
bool decode_join(std::string_view name, NameFacts& d) {
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
bool decode_aggregate(std::string_view name, NameFacts& d) {
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
bool decode_set_op(std::string_view name, NameFacts& d) {
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
bool decode_operation(std::string_view name, NameFacts& d) {
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
bool decode_custom(std::string_view name, NameFacts& d) {
    std::string_view rest = name;
    if (!strip_prefix(rest, "Custom Scan")) return false;
    if (!rest.empty()) {
        if (!strip_prefix(rest, " (") || !strip_suffix(rest, ")")) return false;
        d.custom_provider = rest;
    }
    d.kind = NodeKind::custom_scan;
    return true;
}

/// A name without "Parallel ", "Async " and " Backward", the long way.
NameFacts decode_spelled(std::string_view name) noexcept {
    NameFacts d;
    if (name == "Index Scan" || name == "Index Only Scan") {
        d.kind = name == "Index Scan" ? NodeKind::index_scan : NodeKind::index_only_scan;
        d.scan_direction = ScanDirection::forward;
        return d;
    }
    const auto plain = std::find_if(plain_names.begin(), plain_names.end(),
                                    [&](const PlainName& p) { return p.name == name; });
    if (plain != plain_names.end()) d.kind = plain->kind;
    else if (!(decode_aggregate(name, d) || decode_join(name, d) || decode_set_op(name, d) ||
               decode_operation(name, d) || decode_custom(name, d)))
        return {};
    return d;
}

/// Every name explain.c prints (but a custom scan's provider), decoded once
/// into a flat table: a plan repeats a few names over and over, and one
/// probe costs a fraction of trying each decoder in turn.
class KnownNames {
public:
    KnownNames() {
        add("Index Scan");
        add("Index Only Scan");
        add("Custom Scan");
        for (const PlainName& p : plain_names) add(p.name);
        for (const std::string_view mode : {"", "Partial ", "Finalize "})
            for (const std::string_view aggregate : {"Aggregate", "GroupAggregate", "HashAggregate", "MixedAggregate"})
                add(mode, aggregate);
        add("Nested Loop");
        add("Hash Join");
        add("Merge Join");
        for (const auto& [type, unused] : join_types)
            for (const std::string_view method : {"Nested Loop ", "Hash ", "Merge "}) add(method, type, " Join");
        for (const std::string_view strategy : {"HashSetOp", "SetOp"})
            for (const std::string_view command : {"", " Intersect", " Intersect All", " Except", " Except All"})
                add(strategy, command);
        for (const std::string_view operation : {"Insert", "Update", "Delete"}) {
            add(operation);
            add("Foreign ", operation);
        }
        add("Merge");
        add("Foreign Scan");
    }

    const NameFacts* find(std::string_view name) const noexcept {
        if (name.empty() || name.size() > Entry::longest) return nullptr;
        for (std::size_t i = slot(name);; i = (i + 1) % size) {
            const Entry& e = entries_[i];
            if (e.size == 0) return nullptr;
            if (name == std::string_view(e.name, e.size)) return &e.facts;
        }
    }

private:
    struct Entry {
        static constexpr std::size_t longest = 31;
        char name[longest];
        std::uint8_t size = 0;  ///< 0: a free slot
        NameFacts facts;
    };
    static constexpr std::size_t size = 256;  ///< a power of two, well above the ~90 names

    static std::size_t slot(std::string_view name) noexcept {
        const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(name[i])); };
        return (name.size() * 131 + byte(0) * 31 + byte(name.size() / 2) * 7 + byte(name.size() - 1)) % size;
    }

    void add(std::string_view a, std::string_view b = {}, std::string_view c = {}) noexcept {
        char name[Entry::longest];
        const std::size_t n = a.size() + b.size() + c.size();
        if (n > Entry::longest) return;  // none is: the longest is "Nested Loop Right Anti Join"
        std::copy(c.begin(), c.end(), std::copy(b.begin(), b.end(), std::copy(a.begin(), a.end(), name)));
        const std::string_view spelled(name, n);
        std::size_t i = slot(spelled);
        while (entries_[i].size != 0) i = (i + 1) % size;
        Entry& e = entries_[i];
        std::copy_n(name, n, e.name);
        e.size = static_cast<std::uint8_t>(n);
        e.facts = decode_spelled(spelled);
    }

    std::array<Entry, size> entries_{};
};

NameFacts decode(std::string_view name) noexcept {
    const bool parallel = strip_prefix(name, "Parallel ");
    const bool async = strip_prefix(name, "Async ");
    const bool backward = strip_suffix(name, " Backward");
    static const KnownNames known;
    const NameFacts* found = known.find(name);
    NameFacts d = found != nullptr ? *found : decode_spelled(name);
    // a name it does not know carries no modifiers, and only index scans run backward
    if (d.kind == NodeKind::unknown || (backward && d.scan_direction == ScanDirection::none)) return {};
    if (backward) d.scan_direction = ScanDirection::backward;
    d.parallel_aware = parallel;
    d.async_capable = async;
    return d;
}

}  // namespace

void decode_node_name(std::string_view name, Node& node) noexcept {
    const NameFacts d = decode(name);
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

bool is_known_node_name(std::string_view name) noexcept { return decode(name).kind != NodeKind::unknown; }

}  // namespace planlens::detail

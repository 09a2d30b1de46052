#include "facts.hpp"

#include <algorithm>

namespace planlens::diff {

Family family_of(NodeKind kind) noexcept {
    if (is_scan(kind)) return Family::scan;
    if (is_join(kind)) return Family::join;
    switch (kind) {
        // DISTINCT and GROUP BY come out as any of these, depending on sortedness and memory.
        case NodeKind::aggregate:
        case NodeKind::group:
        case NodeKind::unique: return Family::aggregate;
        case NodeKind::sort:
        case NodeKind::incremental_sort: return Family::sort;
        case NodeKind::gather:
        case NodeKind::gather_merge: return Family::gather;
        case NodeKind::append:
        case NodeKind::merge_append: return Family::append;
        case NodeKind::bitmap_and:
        case NodeKind::bitmap_or: return Family::bitmap_combine;
        case NodeKind::materialize:
        case NodeKind::memoize: return Family::cache;
        default: return Family::other;
    }
}

bool compatible(const Node& a, const Node& b) noexcept {
    const Family family = family_of(a.kind);
    if (family != family_of(b.kind)) return false;
    // A Bitmap Index Scan reads an index, not a relation: same index or nothing.
    if (a.kind == NodeKind::bitmap_index_scan || b.kind == NodeKind::bitmap_index_scan)
        return a.kind == b.kind && a.target.index == b.target.index;
    // Subquery and Values scans name only an alias.
    if (family == Family::scan)
        return a.target.object == b.target.object && (!a.target.object.empty() || alias_of(a) == alias_of(b));
    if (family == Family::other) return a.kind == b.kind && a.name == b.name;
    return true;
}

namespace {

bool in_bitmap_tree(NodeKind kind) noexcept {
    return kind == NodeKind::bitmap_index_scan || kind == NodeKind::bitmap_and || kind == NodeKind::bitmap_or;
}

/// Lists stay short (a BitmapOr over thousands of indexes is fuzz, not a plan),
/// which keeps the duplicate check cheap.
constexpr std::size_t max_indexes = 32;

void add_unique(std::vector<std::string_view>& list, std::string_view name) {
    if (name.empty() || list.size() >= max_indexes) return;
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

}  // namespace

PlanFacts::PlanFacts(const Plan& plan)
    : bitmap_owner(plan.nodes.size(), no_node), context(plan.nodes.size()), indexes(plan.nodes.size()) {
    // Parents precede children in pre-order: one forward pass fills everything.
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        const bool has_parent = n.parent != no_node && n.parent < id;
        context[id] = !n.subplan_name.empty() ? n.subplan_name : has_parent ? context[n.parent] : std::string_view{};
        if (n.kind == NodeKind::index_scan || n.kind == NodeKind::index_only_scan) add_unique(indexes[id], n.target.index);
        if (!has_parent || !in_bitmap_tree(n.kind)) continue;
        const Node& parent = plan.nodes[n.parent];
        bitmap_owner[id] = parent.kind == NodeKind::bitmap_heap_scan ? n.parent : bitmap_owner[n.parent];
        if (n.kind == NodeKind::bitmap_index_scan) {
            add_unique(indexes[id], n.target.index);
            if (bitmap_owner[id] != no_node) add_unique(indexes[bitmap_owner[id]], n.target.index);
        }
    }
}

std::string_view condition_of(const Plan& plan, const Node& n) noexcept {
    for (PropertyKind kind : {PropertyKind::index_cond, PropertyKind::recheck_cond, PropertyKind::filter,
                              PropertyKind::tid_cond, PropertyKind::function_call})
        if (const Property* p = plan.find(n, kind)) return p->value;
    return {};
}

}  // namespace planlens::diff

// Which access path each entry belongs to, and notes in plain words.
#include "compare.hpp"

#include "../analysis/number_text.hpp"

#include <planlens/node_facts.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace planlens::diff {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// The first child that is plan input, not an InitPlan or SubPlan.
NodeId input_child(const Plan& plan, NodeId id) noexcept {
    for (NodeId c = plan.nodes[id].first_child; c != no_node; c = plan.nodes[c].next_sibling) {
        const Relationship r = plan.nodes[c].relationship;
        if (r != Relationship::init_plan && r != Relationship::sub_plan) return c;
    }
    return no_node;
}

/// Nodes that exist only to serve the scan under them: when one comes or
/// goes with a change of that scan, its time belongs to the scan's story.
bool serves_input(NodeKind kind) noexcept {
    const Family f = family_of(kind);
    return f == Family::gather || f == Family::sort || f == Family::cache || kind == NodeKind::hash;
}

struct Index {
    std::vector<std::size_t> of_before, of_after;

    Index(const Plan& before, const Plan& after, const std::vector<NodeChange>& entries)
        : of_before(before.nodes.size(), npos), of_after(after.nodes.size(), npos) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].before != no_node) of_before[entries[i].before] = i;
            if (entries[i].after != no_node) of_after[entries[i].after] = i;
        }
    }
};

std::size_t site_of(const Plan& plan, const PlanFacts& facts, const std::vector<std::size_t>& entry_of, NodeId id,
                    bool unmatched) {
    if (facts.bitmap_owner[id] != no_node) return entry_of[facts.bitmap_owner[id]];
    if (!unmatched || !serves_input(plan.nodes[id].kind)) return npos;
    const NodeId child = input_child(plan, id);
    if (child == no_node || !is_scan(plan.nodes[child].kind)) return npos;
    return entry_of[child];
}

}  // namespace

void assign_sites(const Plan& before, const Plan& after, const PlanFacts& before_facts,
                  const PlanFacts& after_facts, std::vector<NodeChange>& entries) {
    const Index index(before, after, entries);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        NodeChange& e = entries[i];
        const bool unmatched = e.before == no_node || e.after == no_node;
        const std::size_t site = e.after != no_node
                                     ? site_of(after, after_facts, index.of_after, e.after, unmatched)
                                     : site_of(before, before_facts, index.of_before, e.before, unmatched);
        // Sites are scans and heap scans, whose own site is themselves: no chains.
        if (site != npos && entries[site].site == site) e.site = site;
    }
}

namespace {

/// A scan that stopped reading rows only to throw them away.
std::string filter_note(const Plan& before, const Plan& after, const NodeChange& e) {
    if (!is_scan(before.nodes[e.before].kind)) return {};
    const double was = rows_removed_by_filter(before, before.nodes[e.before]);
    const double now = rows_removed_by_filter(after, after.nodes[e.after]);
    if (was < 1000 || now * 10 > was) return {};
    return fmt::format("the Filter discarded {} rows; now {}", analysis::grouped_count(was), analysis::grouped_count(now));
}

/// A Sort that went away because an index now returns the rows in order.
std::string sort_note(const Plan& before, const Plan& after, const NodeMatching& m, NodeId sort) {
    const NodeId child = input_child(before, sort);
    if (child == no_node || m.after_of[child] == no_node) return {};
    const Node& now = after.nodes[m.after_of[child]];
    if (now.kind != NodeKind::index_scan && now.kind != NodeKind::index_only_scan) return {};
    return fmt::format("no Sort needed: {} returns the rows in order", after.header_text(now));
}

}  // namespace

std::string relations_below(const Plan& plan, NodeId id) {
    constexpr std::size_t max_visits = 64, max_names = 6;
    std::vector<std::string_view> names;
    const std::uint32_t depth = plan.nodes[id].depth;
    for (std::size_t j = id + 1, visits = 0; j < plan.nodes.size() && visits < max_visits; ++j, ++visits) {
        const Node& n = plan.nodes[j];
        if (n.depth <= depth) break;
        if (!is_scan(n.kind) || n.kind == NodeKind::bitmap_index_scan) continue;
        if (std::find(names.begin(), names.end(), alias_of(n)) == names.end()) names.push_back(alias_of(n));
        if (names.size() == max_names) break;
    }
    std::string out;
    for (std::string_view name : names) out.append(out.empty() ? "" : ", ").append(name);
    return out;
}

void add_notes(const Plan& before, const Plan& after, const NodeMatching& matching,
               std::vector<NodeChange>& entries) {
    for (NodeChange& e : entries) {
        if (e.kind == ChangeKind::removed && family_of(before.nodes[e.before].kind) == Family::sort) {
            e.note = sort_note(before, after, matching, e.before);
        } else if (e.before != no_node && e.after != no_node) {
            if (has(e.what, Aspect::inputs))
                e.note = fmt::format("joins {} (was {})", relations_below(after, e.after), relations_below(before, e.before));
            else
                e.note = filter_note(before, after, e);
        }
    }
}

}  // namespace planlens::diff

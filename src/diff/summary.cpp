// The headline in sentences, shared by every output format.
#include "compare.hpp"

#include <fmt/format.h>

#include <cmath>

namespace planlens {

namespace {

/// The node's name with the indexes it reads through, without the relation:
/// "Parallel Seq Scan", "Bitmap Heap Scan using idx_a, idx_b".
std::string access_label(const Plan& plan, NodeId id) {
    const std::string full = describe(plan, id);
    const Node& n = plan.nodes[id];
    if (!is_scan(n.kind) || n.kind == NodeKind::bitmap_index_scan) return full;
    std::string out(n.name);
    if (const std::size_t using_at = full.find(" using "); using_at != std::string::npos) {
        // "Index Scan using idx on t": the index part ends where " on " starts.
        std::string_view rest = std::string_view(full).substr(using_at);
        if (n.kind != NodeKind::bitmap_heap_scan) rest = rest.substr(0, rest.find(" on "));
        out += rest;
    }
    return out;
}

std::string_view alias_label(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    return is_scan(n.kind) && n.kind != NodeKind::bitmap_index_scan ? n.target.effective_alias() : std::string_view{};
}

/// What else came or went with a site: "Gather removed".
std::string folded(const PlanDiff& diff, std::size_t site) {
    std::string out;
    for (std::size_t i = 0; i < diff.entries.size(); ++i) {
        const NodeChange& e = diff.entries[i];
        if (e.site != site || i == site || (e.kind != ChangeKind::added && e.kind != ChangeKind::removed)) continue;
        const Node& n = e.kind == ChangeKind::added ? diff.after->nodes[e.after] : diff.before->nodes[e.before];
        if (n.kind == NodeKind::bitmap_index_scan || n.kind == NodeKind::bitmap_and || n.kind == NodeKind::bitmap_or)
            continue;  // the heap scan's description names its indexes already
        out += fmt::format(", {} {}", n.name, e.kind == ChangeKind::added ? "added" : "removed");
    }
    return out;
}

std::string site_label(const PlanDiff& diff, std::size_t site) {
    const NodeChange& e = diff.entries[site];
    if (e.kind == ChangeKind::added) return "new " + describe(*diff.after, e.after) + folded(diff, site);
    if (e.kind == ChangeKind::removed) return describe(*diff.before, e.before) + " (removed)" + folded(diff, site);
    const std::string_view alias = alias_label(*diff.after, e.after);
    std::string out = alias.empty() ? std::string() : fmt::format("{}: ", alias);
    const std::string was = access_label(*diff.before, e.before);
    const std::string now = access_label(*diff.after, e.after);
    out += was == now ? now : fmt::format("{} → {}", was, now);
    // "Hash Join" alone does not say which one.
    if (alias.empty())
        if (const std::string below = diff::relations_below(*diff.after, e.after); !below.empty())
            out += fmt::format(" over {}", below);
    const std::string more = folded(diff, site);
    return more.empty() ? out : fmt::format("{} ({})", out, more.substr(2));
}

std::string signed_ms(double delta, bool timed) {
    return timed ? fmt::format("{:+.3f} ms", delta) : fmt::format("{:+.2f}", delta);
}

std::string times_line(const PlanDiff& diff) {
    const DiffHeadline& h = diff.headline;
    std::string out;
    if (h.different_queries && h.execution_before && h.execution_after) {
        out = fmt::format("execution {} ms and {} ms: these look like two different queries ({}), so the times do "
                          "not compare",
                          diff::format_ms(*h.execution_before), diff::format_ms(*h.execution_after),
                          diff::no_common_relation(diff) ? "they read no relation in common"
                                                         : "no node of one is the same operation in the other");
    } else if (h.execution_before && h.execution_after) {
        out = fmt::format("execution {} → {} ms", diff::format_ms(*h.execution_before), diff::format_ms(*h.execution_after));
        if (h.verdict == Verdict::faster) out += fmt::format(": ×{} faster", diff::format_factor(*h.speedup));
        if (h.verdict == Verdict::slower) out += fmt::format(": ×{} slower", diff::format_factor(1 / *h.speedup));
        if (h.verdict == Verdict::about_same) out += fmt::format(": about the same (×{})", diff::format_factor(*h.speedup));
    } else if (!h.timed && h.moved.empty() && h.total_before == 0 && h.total_after == 0) {
        out = "no timing and no costs to compare";
    } else {
        out = fmt::format("no timing (EXPLAIN without ANALYZE): planner cost {:.2f} → {:.2f}", h.total_before, h.total_after);
    }
    if (h.planning_before && h.planning_after)
        out += fmt::format("; planning {} → {} ms ({})", diff::format_ms(*h.planning_before),
                           diff::format_ms(*h.planning_after), signed_ms(*h.planning_after - *h.planning_before, true));
    return out;
}

std::string moved_line(const PlanDiff& diff) {
    const DiffHeadline& h = diff.headline;
    const bool saved = h.total_after < h.total_before;
    std::string out = saved ? "time saved in: " : "time lost in: ";
    for (std::size_t i = 0; i < h.moved.size(); ++i) {
        const TimeShift& s = h.moved[i];
        out += fmt::format("{}{} {} ({:.0f}%)", i == 0 ? "" : "; ", site_label(diff, s.site), signed_ms(s.delta, h.timed),
                           100 * s.share);
    }
    return out;
}

/// Unchanged nodes whose time moved: "run-to-run variation in nodes whose plan did not change: Seq Scan on t
/// -25.000 ms (230.000 → 205.000 ms, -10.9%); -25.000 ms in all".
std::string variation_line(const PlanDiff& diff) {
    const DiffHeadline& h = diff.headline;
    std::string out = "run-to-run variation (caching, load) in nodes whose plan did not change, not credited: ";
    for (std::size_t i = 0; i < h.variation.size(); ++i) {
        const TimeShift& s = h.variation[i];
        const NodeChange& e = diff.entries[s.site];
        const double was = e.before_figures.self_cost, now = e.after_figures.self_cost;
        out += fmt::format("{}{} {}", i == 0 ? "" : "; ", site_label(diff, s.site), signed_ms(s.delta, h.timed));
        if (was > 0)
            out += h.timed ? fmt::format(" ({} → {} ms, {:+.1f}%)", diff::format_ms(was), diff::format_ms(now),
                                         100 * (now - was) / was)
                           : fmt::format(" ({:.2f} → {:.2f}, {:+.1f}%)", was, now, 100 * (now - was) / was);
    }
    out += fmt::format("; {} in all", signed_ms(h.variation_total, h.timed));
    return out;
}

std::string list(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::string_view name : names) out.append(out.empty() ? "" : ", ").append(name);
    return out;
}

/// Whether every change is a matter of time alone (no rows, loops, estimates, ...).
bool only_timings_moved(const PlanDiff& diff) {
    for (const NodeChange& e : diff.entries)
        if (e.kind != ChangeKind::unchanged && e.what != static_cast<Aspects>(Aspect::self_time)) return false;
    return true;
}

std::size_t gathers(const Plan& plan) {
    std::size_t n = 0;
    for (const Node& node : plan.nodes) n += node.kind == NodeKind::gather || node.kind == NodeKind::gather_merge;
    return n;
}

/// Joins that now join other relations: the nodes stayed, the join order did not.
std::size_t reordered_joins(const PlanDiff& diff) {
    std::size_t n = 0;
    for (const NodeChange& e : diff.entries) n += has(e.what, Aspect::inputs);
    return n;
}

std::string shape_line(const PlanDiff& diff) {
    const DiffHeadline& h = diff.headline;
    const bool moved = h.verdict == Verdict::faster || h.verdict == Verdict::slower;
    if (h.same_shape && h.changed == 0)
        return moved ? "same plan: same nodes, same access paths, no node's figures changed notably, so the "
                       "difference in time does not come from the plan (caching, load, noise)"
                     : "same plan: same nodes, same access paths, no node's figures changed notably";
    const std::size_t reordered = reordered_joins(diff);
    // Same nodes, but a join order swap is a change of shape a reviewer wants named.
    if (h.same_shape && reordered > 0)
        return fmt::format("same nodes and access paths, but the join order changed: {} join{} now join{} other "
                           "relations; {} node{} changed figures",
                           reordered, reordered == 1 ? "" : "s", reordered == 1 ? "s" : "", h.changed,
                           h.changed == 1 ? "" : "s");
    if (h.same_shape && only_timings_moved(diff))
        return fmt::format("same plan shape and access paths: only the timings of {} node{} moved, which no change "
                           "in the plan explains (caching, load, noise)",
                           h.changed, h.changed == 1 ? "" : "s");
    if (h.same_shape)
        return fmt::format("same plan shape and access paths; {} node{} changed figures", h.changed,
                           h.changed == 1 ? "" : "s");
    std::string out = fmt::format("plan changed: {} replaced, {} added, {} removed, {} changed", h.replaced, h.added,
                                  h.removed, h.changed);
    const std::size_t was = gathers(*diff.before), now = gathers(*diff.after);
    if (was == 0 && now > 0) out += "; now runs in parallel";
    if (was > 0 && now == 0) out += "; no longer runs in parallel";
    if (reordered > 0) out += "; join order changed";
    if (h.same_access_paths) out += "; every relation is read the same way";
    return out;
}

}  // namespace

std::vector<std::string> summary(const PlanDiff& diff) {
    std::vector<std::string> lines;
    if (diff.before == nullptr || diff.after == nullptr) return lines;
    const DiffHeadline& h = diff.headline;
    lines.push_back(times_line(diff));
    // Where time moved in a plan where nothing changed is noise, not news.
    if (!h.moved.empty() && !(h.same_shape && h.changed == 0)) lines.push_back(moved_line(diff));
    if (!h.variation.empty()) lines.push_back(variation_line(diff));
    if (!h.new_indexes.empty()) lines.push_back("newly used indexes: " + list(h.new_indexes));
    if (!h.dropped_indexes.empty()) lines.push_back("indexes no longer used: " + list(h.dropped_indexes));
    if (h.new_indexes.empty() && h.dropped_indexes.empty()) lines.push_back("no index is used that was not used before");
    lines.push_back(shape_line(diff));
    return lines;
}

}  // namespace planlens

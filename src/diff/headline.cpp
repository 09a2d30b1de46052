// The headline: times before and after, the speedup, where the time moved,
// indexes gained and lost, and whether the plan changed shape at all.
#include "compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace planlens::diff {

namespace {

/// Sites whose shift is smaller than this share of the overall change are not worth a mention.
constexpr double min_mention = 0.02;
/// The headline names sites until they explain this much of the overall change ...
constexpr double explained = 0.8;
/// ... or this many.
constexpr std::size_t max_mentions = 3;

std::optional<double> execution_of(const Plan& plan, const TimeProfile& profile) {
    if (plan.execution_time) return plan.execution_time;
    if (profile.basis == TimeBasis::actual_time && std::isfinite(profile.total)) return profile.total;
    return std::nullopt;
}

/// Every index either plan reads through, in order of appearance.
std::vector<std::string_view> indexes_used(const Plan& plan) {
    std::vector<std::string_view> out;
    std::unordered_set<std::string_view> seen;
    for (const Node& n : plan.nodes) {
        if (n.kind != NodeKind::index_scan && n.kind != NodeKind::index_only_scan &&
            n.kind != NodeKind::bitmap_index_scan)
            continue;
        if (!n.target.index.empty() && seen.insert(n.target.index).second) out.push_back(n.target.index);
    }
    return out;
}

std::vector<std::string_view> minus(const std::vector<std::string_view>& of, const std::vector<std::string_view>& than) {
    const std::unordered_set<std::string_view> drop(than.begin(), than.end());
    std::vector<std::string_view> out;
    for (std::string_view name : of)
        if (drop.count(name) == 0) out.push_back(name);
    return out;
}

/// Whether an entry's plan changed, rather than only its timing or the blocks
/// it found in cache: those differ from run to run whatever the plan.
bool plan_changed(const NodeChange& e) {
    constexpr Aspects run_to_run = static_cast<Aspects>(Aspect::self_time) | static_cast<Aspects>(Aspect::buffers);
    return e.kind == ChangeKind::replaced || e.kind == ChangeKind::added || e.kind == ChangeKind::removed ||
           (e.kind == ChangeKind::changed && (e.what & ~run_to_run) != 0);
}

/// Deltas summed per site, and whether anything at the site changed its plan.
struct SiteDeltas {
    std::vector<double> delta;
    std::vector<bool> changed;
};

SiteDeltas site_deltas(const std::vector<NodeChange>& entries) {
    SiteDeltas d{std::vector<double>(entries.size(), 0), std::vector<bool>(entries.size(), false)};
    for (const NodeChange& e : entries) {
        d.delta[e.site] += e.delta();
        if (plan_changed(e)) d.changed[e.site] = true;
    }
    return d;
}

/// Sites of one kind (plan changed or not) worth naming, largest share of the overall change first.
std::vector<TimeShift> shifts(const SiteDeltas& d, bool changed, double overall) {
    std::vector<TimeShift> out;
    if (!(std::abs(overall) > 0) || !std::isfinite(overall)) return out;
    for (std::size_t i = 0; i < d.delta.size(); ++i) {
        if (d.changed[i] != changed) continue;
        const double share = d.delta[i] / overall;
        if (share >= min_mention && std::isfinite(share)) out.push_back({i, d.delta[i], share});
    }
    std::stable_sort(out.begin(), out.end(), [](const TimeShift& x, const TimeShift& y) { return x.share > y.share; });
    return out;
}

std::vector<TimeShift> time_moved(const SiteDeltas& d, double overall) {
    std::vector<TimeShift> moved = shifts(d, true, overall);
    double sum = 0;
    std::size_t keep = 0;
    while (keep < moved.size() && keep < max_mentions && sum < explained) sum += moved[keep++].share;
    moved.resize(keep);
    return moved;
}

/// Unchanged sites whose time moved, either way: the size of run-to-run variation.
std::vector<TimeShift> variation(const SiteDeltas& d, double overall, double& total) {
    std::vector<TimeShift> out;
    total = 0;
    for (std::size_t i = 0; i < d.delta.size(); ++i) {
        if (d.changed[i] || d.delta[i] == 0 || !std::isfinite(d.delta[i])) continue;
        total += d.delta[i];
        const double share = std::abs(overall) > 0 ? d.delta[i] / overall : 0;
        if (std::abs(share) >= min_mention || std::abs(overall) == 0) out.push_back({i, d.delta[i], share});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const TimeShift& x, const TimeShift& y) { return std::abs(x.delta) > std::abs(y.delta); });
    if (out.size() > max_mentions) out.resize(max_mentions);
    return out;
}

/// Two plans of different queries: they read no relation in common, or no
/// pair of nodes is the same operation (every entry added, removed or replaced).
bool different_queries(const PlanDiff& diff) {
    if (no_common_relation(diff)) return true;
    for (const NodeChange& e : diff.entries)
        if (e.kind == ChangeKind::unchanged || e.kind == ChangeKind::changed) return false;
    return !diff.entries.empty();
}

bool is_access_path(const Plan& plan, NodeId id) {
    return id != no_node && is_scan(plan.nodes[id].kind) && plan.nodes[id].kind != NodeKind::bitmap_index_scan;
}

void count_shape(const PlanDiff& diff, DiffHeadline& h) {
    for (const NodeChange& e : diff.entries) {
        switch (e.kind) {
            case ChangeKind::replaced: ++h.replaced; break;
            case ChangeKind::added: ++h.added; break;
            case ChangeKind::removed: ++h.removed; break;
            case ChangeKind::changed: ++h.changed; break;
            case ChangeKind::unchanged: break;
        }
        const bool scan = is_access_path(*diff.before, e.before) || is_access_path(*diff.after, e.after);
        // A scan that went parallel still reads the relation the same way.
        if (scan && (e.kind == ChangeKind::replaced || e.kind == ChangeKind::added || e.kind == ChangeKind::removed))
            h.same_access_paths = false;
    }
    h.same_shape = h.replaced == 0 && h.added == 0 && h.removed == 0;
}

}  // namespace

bool no_common_relation(const PlanDiff& diff) {
    std::unordered_set<std::string_view> before;
    for (const Node& n : diff.before->nodes)
        if (const std::string_view r = relation_name(n); !r.empty()) before.insert(r);
    if (before.empty()) return false;
    bool any = false;
    for (const Node& n : diff.after->nodes) {
        const std::string_view r = relation_name(n);
        if (r.empty()) continue;
        if (before.count(r) > 0) return false;
        any = true;
    }
    return any;
}

DiffHeadline make_headline(const PlanDiff& diff, const DiffOptions& options) {
    DiffHeadline h;
    const Plan& before = *diff.before;
    const Plan& after = *diff.after;
    h.timed = diff.before_time.basis == TimeBasis::actual_time && diff.after_time.basis == TimeBasis::actual_time;
    h.execution_before = execution_of(before, diff.before_time);
    h.execution_after = execution_of(after, diff.after_time);
    h.planning_before = before.planning_time;
    h.planning_after = after.planning_time;
    if (h.execution_before && h.execution_after && *h.execution_after > 0) {
        const double speedup = *h.execution_before / *h.execution_after;
        if (std::isfinite(speedup) && speedup > 0) h.speedup = speedup;
    }
    h.different_queries = different_queries(diff);
    if (h.different_queries) h.speedup.reset();
    if (h.speedup)
        h.verdict = *h.speedup >= options.about_same       ? Verdict::faster
                    : *h.speedup * options.about_same <= 1 ? Verdict::slower
                                                           : Verdict::about_same;
    h.total_before = diff.before_time.total;
    h.total_after = diff.after_time.total;
    if (diff.before_time.basis == diff.after_time.basis && !h.different_queries) {
        const SiteDeltas deltas = site_deltas(diff.entries);
        const double overall = h.total_after - h.total_before;
        h.moved = time_moved(deltas, overall);
        h.variation = variation(deltas, overall, h.variation_total);
    }
    const std::vector<std::string_view> used_before = indexes_used(before);
    const std::vector<std::string_view> used_after = indexes_used(after);
    h.new_indexes = minus(used_after, used_before);
    h.dropped_indexes = minus(used_before, used_after);
    count_shape(diff, h);
    return h;
}

// ---- words -------------------------------------------------------------------

std::string format_ms(double ms) { return fmt::format("{:.3f}", ms); }

std::string format_factor(double factor) {
    return factor >= 10 ? fmt::format("{:.0f}", factor) : fmt::format("{:.2f}", factor);
}

}  // namespace planlens::diff

namespace planlens {

namespace {

/// Bitmap Index Scans under a Bitmap Heap Scan, by a bounded walk (a real
/// BitmapAnd/Or tree is a handful of nodes).
std::vector<std::string_view> bitmap_indexes(const Plan& plan, NodeId heap) {
    constexpr std::size_t max_visits = 64;
    std::vector<std::string_view> out;
    std::vector<NodeId> stack{plan.nodes[heap].first_child};
    for (std::size_t visits = 0; !stack.empty() && visits < max_visits; ++visits) {
        const NodeId id = stack.back();
        stack.pop_back();
        if (id == no_node) continue;
        const Node& n = plan.nodes[id];
        stack.push_back(n.next_sibling);
        if (n.kind == NodeKind::bitmap_index_scan && !n.target.index.empty()) out.push_back(n.target.index);
        if (n.kind == NodeKind::bitmap_and || n.kind == NodeKind::bitmap_or) stack.push_back(n.first_child);
    }
    return out;
}

}  // namespace

std::string describe(const Plan& plan, NodeId id) {
    if (id >= plan.nodes.size()) return {};
    const Node& n = plan.nodes[id];
    std::string out(plan.header_text(n));
    if (n.kind != NodeKind::bitmap_heap_scan) return out;
    const std::vector<std::string_view> indexes = bitmap_indexes(plan, id);
    for (std::size_t i = 0; i < indexes.size(); ++i) out.append(i == 0 ? " using " : ", ").append(indexes[i]);
    return out;
}

}  // namespace planlens

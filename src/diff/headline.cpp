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

std::vector<TimeShift> time_moved(const std::vector<NodeChange>& entries, double overall) {
    std::vector<double> by_site(entries.size(), 0);
    for (const NodeChange& e : entries) by_site[e.site] += e.delta();
    std::vector<TimeShift> shifts;
    if (!(std::abs(overall) > 0) || !std::isfinite(overall)) return shifts;
    for (std::size_t i = 0; i < by_site.size(); ++i) {
        const double share = by_site[i] / overall;
        if (share >= min_mention && std::isfinite(share)) shifts.push_back({i, by_site[i], share});
    }
    std::stable_sort(shifts.begin(), shifts.end(), [](const TimeShift& x, const TimeShift& y) { return x.share > y.share; });
    double sum = 0;
    std::size_t keep = 0;
    while (keep < shifts.size() && keep < max_mentions && sum < explained) sum += shifts[keep++].share;
    shifts.resize(keep);
    return shifts;
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
    if (h.speedup)
        h.verdict = *h.speedup >= options.about_same       ? Verdict::faster
                    : *h.speedup * options.about_same <= 1 ? Verdict::slower
                                                           : Verdict::about_same;
    h.total_before = diff.before_time.total;
    h.total_after = diff.after_time.total;
    if (diff.before_time.basis == diff.after_time.basis) h.moved = time_moved(diff.entries, h.total_after - h.total_before);
    const std::vector<std::string_view> used_before = indexes_used(before);
    const std::vector<std::string_view> used_after = indexes_used(after);
    h.new_indexes = minus(used_after, used_before);
    h.dropped_indexes = minus(used_before, used_after);
    count_shape(diff, h);
    return h;
}

// ---- words -------------------------------------------------------------------

std::string format_ms(double ms) { return fmt::format("{:.3f}", ms); }

std::string format_count(double count) {
    if (!std::isfinite(count)) return "?";
    const std::string digits = fmt::format("{:.0f}", std::abs(count));
    std::string out = count < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

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

// From a node matching to the diff's entries: merged order, figures, what
// changed on each pair and how to classify it, indexes gained and lost, the
// access path each Gather or Bitmap Index Scan belongs to.
#include "compare.hpp"

#include "facts.hpp"

#include <algorithm>
#include <cmath>
#include <new>

namespace planlens {

namespace {

using diff::PlanFacts;

struct Context {
    const Plan& before;
    const Plan& after;
    const TimeProfile& before_time;
    const TimeProfile& after_time;
    const PlanFacts before_facts;
    const PlanFacts after_facts;
    const DiffOptions& options;
    bool same_basis;
};

NodeFigures figures(const Plan& plan, const TimeProfile& profile, NodeId id, bool same_basis) {
    const Node& n = plan.nodes[id];
    const NodeTime& t = profile[id];
    NodeFigures f;
    if (profile.basis == TimeBasis::actual_time) {
        f.self_ms = t.self;
        f.total_ms = t.total;
    }
    // Deltas only make sense when both plans are measured alike.
    f.self_cost = same_basis && std::isfinite(t.self) ? t.self : 0;
    if (n.actuals) {
        f.rows = n.actuals->rows;
        f.loops = n.actuals->loops;
    }
    if (n.estimates) {
        f.plan_rows = n.estimates->rows;
        f.total_cost = n.estimates->total_cost;
    }
    if (const Property* p = plan.find(n, PropertyKind::buffers)) f.buffers = decode_buffers(p->value);
    return f;
}

/// |x - y| is at least `fraction` of the larger of the two.
bool differs(double x, double y, double fraction) noexcept {
    const double larger = std::max(std::abs(x), std::abs(y));
    return std::abs(x - y) > fraction * larger && std::abs(x - y) > 0;
}

double blocks(const BufferCounters& b) noexcept {
    return static_cast<double>(b.shared_hit + b.shared_read + b.local_hit + b.local_read + b.temp_read +
                               b.temp_written);
}

/// Names in `of` that `minus` lacks, in `of`'s order.
std::vector<std::string_view> difference(const std::vector<std::string_view>& of,
                                         const std::vector<std::string_view>& minus) {
    std::vector<std::string_view> out;
    for (std::string_view name : of)
        if (std::find(minus.begin(), minus.end(), name) == minus.end()) out.push_back(name);
    return out;
}

Aspects operation_aspects(const Node& b, const Node& a) noexcept {
    Aspects what = 0;
    if (b.kind != a.kind || b.strategy != a.strategy) what |= static_cast<Aspects>(Aspect::node_type);
    if (b.parallel_aware != a.parallel_aware || b.partial_mode != a.partial_mode)
        what |= static_cast<Aspects>(Aspect::parallel);
    // Join type and direction only mean something between nodes of one type.
    if (b.kind == a.kind &&
        (b.join_type != a.join_type || b.scan_direction != a.scan_direction || b.set_op_command != a.set_op_command))
        what |= static_cast<Aspects>(Aspect::variant);
    return what;
}

Aspects figure_aspects(const Context& c, const NodeChange& e) {
    const NodeFigures& fb = e.before_figures;
    const NodeFigures& fa = e.after_figures;
    const DiffOptions& o = c.options;
    Aspects what = 0;
    auto mark = [&what](Aspect a) { what |= static_cast<Aspects>(a); };

    const double scale = std::max(c.before_time.total, c.after_time.total);
    const double delta = std::abs(fa.self_cost - fb.self_cost);
    if (c.same_basis && delta >= o.min_share * scale && differs(fb.self_cost, fa.self_cost, o.min_relative))
        mark(Aspect::self_time);

    // Under a Gather figures are per process: loops, rows and estimates of a
    // node that runs in parallel on one side only do not compare.
    const bool parallel_b = c.before_time[e.before].parallel;
    const bool parallel_a = c.after_time[e.after].parallel;
    // Moving into (or out of) a Gather is a change of plan even for a node that
    // is not parallel-aware: it now runs in every process, on a share of the rows.
    if (parallel_b != parallel_a) mark(Aspect::parallel);
    // Inside a Gather each process reports its share (or, for a Hash, its own
    // full copy): totals are comparable only when both sides run alike.
    if (fb.rows && fa.rows && fb.loops && fa.loops && parallel_b == parallel_a) {
        const double rows_b = *fb.rows * *fb.loops;
        const double rows_a = *fa.rows * *fa.loops;
        // Rows per loop are printed rounded: each loop may hide half a row.
        const double rounding = std::max(1.0, 0.5 * (*fb.loops + *fa.loops));
        if (std::abs(rows_a - rows_b) > rounding && differs(rows_b, rows_a, o.rows_relative)) mark(Aspect::rows);
        if (!parallel_b && *fb.loops != *fa.loops) mark(Aspect::loops);
    }
    if (fb.plan_rows && fa.plan_rows && parallel_b == parallel_a) {
        const double low = std::min(*fb.plan_rows, *fa.plan_rows) + 1;
        const double high = std::max(*fb.plan_rows, *fa.plan_rows) + 1;
        if (high >= o.estimate_factor * low) mark(Aspect::estimate);
    }
    if (fb.buffers && fa.buffers) {
        const double x = blocks(*fb.buffers), y = blocks(*fa.buffers);
        if (std::abs(x - y) >= o.buffers_minimum && differs(x, y, o.buffers_relative)) mark(Aspect::buffers);
    }
    return what;
}

/// For joins: a fingerprint of the relations read below each node (a sum of
/// name hashes), so a changed join order shows without comparing sets.
std::vector<std::size_t> relation_prints(const Plan& plan) {
    std::vector<std::size_t> prints(plan.nodes.size(), 0);
    for (std::size_t id = plan.nodes.size(); id-- > 0;) {
        const Node& n = plan.nodes[id];
        if (is_scan(n.kind) && n.kind != NodeKind::bitmap_index_scan)
            prints[id] += std::hash<std::string_view>{}(diff::alias_of(n));
        if (n.parent != no_node && n.parent < id) prints[n.parent] += prints[id];
    }
    return prints;
}

struct Builder {
    const Context& c;
    const NodeMatching& m;
    std::vector<NodeChange>& entries;

    void emit(NodeId b, NodeId a) {
        NodeChange e;
        e.before = b;
        e.after = a;
        if (b != no_node) e.before_figures = figures(c.before, c.before_time, b, c.same_basis);
        if (a != no_node) e.after_figures = figures(c.after, c.after_time, a, c.same_basis);
        e.kind = b == no_node ? ChangeKind::added : a == no_node ? ChangeKind::removed : ChangeKind::unchanged;
        e.site = entries.size();
        entries.push_back(std::move(e));
    }

    /// The after plan's pre-order, each removed node emitted just before the
    /// first pair that comes after it in the before plan's pre-order.
    void merge() {
        NodeId next_before = 0;
        const auto removed_until = [&](NodeId end) {
            for (; next_before < end; ++next_before)
                if (m.after_of[next_before] == no_node) emit(next_before, no_node);
        };
        for (NodeId a = 0; a < c.after.nodes.size(); ++a) {
            const NodeId b = m.before_of[a];
            if (b == no_node) {
                emit(no_node, a);
                continue;
            }
            if (b >= next_before) {
                removed_until(b);
                next_before = b + 1;
            }
            emit(b, a);
        }
        removed_until(static_cast<NodeId>(c.before.nodes.size()));
    }
};

void classify(const Context& c, NodeChange& e, const std::vector<std::size_t>& prints_b,
              const std::vector<std::size_t>& prints_a) {
    if (e.before == no_node || e.after == no_node) {
        const bool added = e.before == no_node;
        const std::vector<std::string_view>& own =
            added ? c.after_facts.indexes[e.after] : c.before_facts.indexes[e.before];
        // A Bitmap Index Scan names its index; its heap scan names them all.
        const Node& n = added ? c.after.nodes[e.after] : c.before.nodes[e.before];
        if (n.kind != NodeKind::bitmap_index_scan) (added ? e.new_indexes : e.dropped_indexes) = own;
        return;
    }
    const Node& b = c.before.nodes[e.before];
    const Node& a = c.after.nodes[e.after];
    e.what = operation_aspects(b, a) | figure_aspects(c, e);
    e.new_indexes = difference(c.after_facts.indexes[e.after], c.before_facts.indexes[e.before]);
    e.dropped_indexes = difference(c.before_facts.indexes[e.before], c.after_facts.indexes[e.after]);
    if (!e.new_indexes.empty() || !e.dropped_indexes.empty()) e.what |= static_cast<Aspects>(Aspect::indexes);
    if (is_join(b.kind) && is_join(a.kind) && prints_b[e.before] != prints_a[e.after])
        e.what |= static_cast<Aspects>(Aspect::inputs);
    if (has(e.what, Aspect::node_type) || has(e.what, Aspect::indexes))
        e.kind = ChangeKind::replaced;
    else if (e.what != 0)
        e.kind = ChangeKind::changed;
}

}  // namespace

namespace diff {

void build_entries(const Plan& before, const Plan& after, const TimeProfile& before_time,
                   const TimeProfile& after_time, const NodeMatching& matching, const DiffOptions& options,
                   std::vector<NodeChange>& entries) {
    const Context c{before,
                    after,
                    before_time,
                    after_time,
                    PlanFacts(before),
                    PlanFacts(after),
                    options,
                    before_time.basis == after_time.basis};
    Builder{c, matching, entries}.merge();
    const std::vector<std::size_t> prints_b = relation_prints(before);
    const std::vector<std::size_t> prints_a = relation_prints(after);
    for (NodeChange& e : entries) classify(c, e, prints_b, prints_a);
    assign_sites(c.before, c.after, c.before_facts, c.after_facts, entries);
    add_notes(c.before, c.after, matching, entries);
}

}  // namespace diff

}  // namespace planlens

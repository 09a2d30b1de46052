// Exclusive-time attribution. docs/timing.md explains every rule below with a
// worked example from a fixture; the comments here say why the code is shaped
// the way it is.
#include <planlens/timing.hpp>

#include "subplans.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

namespace planlens {

namespace {

using namespace analysis;

// PostgreSQL prints times with 3 decimals and costs with 2: a printed figure
// is off by at most half a unit in its last place.
constexpr double time_half_step = 0.0005;
constexpr double cost_half_step = 0.005;

TimeBasis basis_of(const Plan& plan) noexcept {
    return plan.options.analyze && plan.options.timing ? TimeBasis::actual_time : TimeBasis::cost;
}

/// "line 12 (Hash Join)" for notes.
std::string where(const Plan& plan, const Node& n) {
    const std::string_view name = n.name.empty() ? to_string(n.kind) : n.name;
    return fmt::format("line {} ({})", plan.lines[n.line].line, name);
}

/// One pass per concern over the nodes, all indexed by NodeId:
///   inclusive figures (with the Gather and cost scaling), then what each
///   node's children account for, then InitPlans and CTEs, then rounding.
class Attribution {
public:
    explicit Attribution(const Plan& plan)
        : plan_(plan),
          basis_(basis_of(plan)),
          scale_(plan.nodes.size(), 1.0),
          error_(plan.nodes.size(), 0.0),
          tolerance_(plan.nodes.size(), 0.0),
          placement_(plan) {
        profile_.basis = basis_;
        profile_.nodes.resize(plan.nodes.size());
    }

    TimeProfile run() && {
        if (plan_.nodes.empty()) return std::move(profile_);
        explain_basis();
        for (NodeId id = 0; id < plan_.nodes.size(); ++id) inclusive(id);
        subtract_children();
        if (basis_ == TimeBasis::actual_time) {
            // InitPlans first: a CTE Scan inside an InitPlan is a reader too,
            // and the CTE's readers pay from what is left of their own time.
            for (NodeId id = 0; id < plan_.nodes.size(); ++id)
                if (plan_.nodes[id].relationship == Relationship::init_plan && !is_cte_plan(plan_.nodes[id]))
                    assign_init_plan(id);
            for (NodeId id = 0; id < plan_.nodes.size(); ++id)
                if (is_cte_plan(plan_.nodes[id])) assign_cte(id);
        }
        finish();
        return std::move(profile_);
    }

private:
    /// The node's own figure over all its loops, before any scaling.
    double raw(const Node& n) const noexcept {
        if (basis_ == TimeBasis::cost) return n.estimates ? n.estimates->total_cost : 0;
        if (!n.actuals || !n.actuals->total_time) return 0;
        return *n.actuals->total_time * n.actuals->loops;
    }

    /// How far raw(n) can be from the truth because of the printed precision.
    double half_step(const Node& n) const noexcept {
        if (basis_ == TimeBasis::cost) return n.estimates ? cost_half_step : 0;
        return n.actuals && n.actuals->total_time ? time_half_step * n.actuals->loops : 0;
    }

    NodeTime& at(NodeId id) { return profile_.nodes[id]; }

    void explain_basis() {
        if (basis_ == TimeBasis::actual_time) return;
        const bool costs = plan_.options.costs;
        if (!costs)
            profile_.notes.emplace_back("neither times nor costs were printed: there is nothing to attribute");
        else if (plan_.options.analyze)
            profile_.notes.emplace_back("TIMING OFF: figures are planner cost units, attributed by cost");
        else
            profile_.notes.emplace_back("no ANALYZE: figures are planner cost units, attributed by cost");
    }

    /// Parents come before children in pre-order, so a node's scale is final
    /// when it is visited; it then hands a scale down to its children.
    void inclusive(NodeId id) {
        const Node& n = plan_.nodes[id];
        NodeTime& t = at(id);
        t.total = raw(n) * scale_[id];
        if (!std::isfinite(t.total)) {  // absurd printed figures would turn every sum into inf or NaN
            profile_.notes.push_back(fmt::format("{}: its figures are too large to use; counted as 0", where(plan_, n)));
            t.total = 0;
            scale_[id] = 0;
        }
        t.loops = loops_of(n);
        error_[id] = half_step(n) * scale_[id];
        for (NodeId c = n.first_child; c != no_node; c = plan_.nodes[c].next_sibling) {
            scale_[c] = scale_[id];
            at(c).parallel = t.parallel;
            at(c).processes = t.processes;
        }
        if (basis_ == TimeBasis::actual_time && is_gather(n.kind)) fit_parallel_child(id);
        if (basis_ == TimeBasis::cost) fit_children_costs(id);
    }

    /// Under a Gather, time x loops sums the work of all processes; divided by
    /// the number of processes it is the wall-clock time of an average process.
    /// Should that still exceed the Gather (workers start late, the leader
    /// does less), the whole parallel subtree is scaled down to fit.
    void fit_parallel_child(NodeId id) {
        const Node& gather = plan_.nodes[id];
        const NodeId child = outer_child(plan_, gather);
        if (child == no_node) return;
        const double processes = gather_processes(plan_, gather);
        scale_[child] /= processes;
        at(child).parallel = true;
        at(child).processes = processes;
        const double child_total = raw(plan_.nodes[child]) * scale_[child];
        if (child_total > at(id).total && child_total > 0) {
            scale_[child] *= at(id).total / child_total;
            profile_.notes.push_back(fmt::format(
                "{}: its {:g} processes average {:.3f} ms, more than the Gather's own {:.3f} ms; "
                "the nodes under it are scaled down to fit",
                where(plan_, gather), processes, child_total, at(id).total));
        }
    }

    /// Costs are estimates. The inner side of a Nested Loop prints the cost of
    /// one scan; the planner charges the join for one per outer row it
    /// expects, so the inner side is counted that many times. And a Limit (or
    /// a Merge Join, or a semi join) costs only the fraction of its input it
    /// expects to read, so children can add up to more than their parent:
    /// they are scaled to fit, which keeps the sum of exclusive costs equal to
    /// the root's cost.
    void fit_children_costs(NodeId id) {
        const Node& n = plan_.nodes[id];
        if (n.kind == NodeKind::nested_loop) {
            const NodeId outer = outer_child(plan_, n);
            const Node* outer_node = outer == no_node ? nullptr : &plan_.nodes[outer];
            const double outer_rows = outer_node && outer_node->estimates ? outer_node->estimates->rows : 1;
            for (NodeId c = n.first_child; c != no_node; c = plan_.nodes[c].next_sibling)
                if (plan_.nodes[c].relationship == Relationship::inner) scale_[c] *= std::max(1.0, outer_rows);
        }
        double sum = 0;
        for (NodeId c = n.first_child; c != no_node; c = plan_.nodes[c].next_sibling)
            sum += raw(plan_.nodes[c]) * scale_[c];
        if (sum <= at(id).total || sum <= 0) return;
        const double fit = at(id).total / sum;
        for (NodeId c = n.first_child; c != no_node; c = plan_.nodes[c].next_sibling) scale_[c] *= fit;
    }

    /// Each node's children are subtracted from it, except (when timed)
    /// InitPlans and CTEs, whose time PostgreSQL counts where they are used.
    void subtract_children() {
        for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
            at(id).self = at(id).total;
            tolerance_[id] = error_[id];
        }
        for (NodeId id = 1; id < plan_.nodes.size(); ++id) {
            const Node& n = plan_.nodes[id];
            if (n.parent == no_node) continue;
            if (basis_ == TimeBasis::actual_time && n.relationship == Relationship::init_plan) continue;
            take(n.parent, at(id).total, error_[id]);
        }
    }

    void take(NodeId from, double amount, double error) {
        at(from).self -= amount;
        tolerance_[from] += error;
    }

    /// An InitPlan runs the first time its value is needed, inside the node
    /// that needs it: the node it hangs under, or a node below that one
    /// whose condition names its parameter. Its time is taken from that node.
    void assign_init_plan(NodeId id) {
        const NodeId parent = plan_.nodes[id].parent;
        NodeId consumer = placement_.init_plan_consumer(id);
        // A mention in text is a hint; it must not make the consumer negative.
        if (consumer != parent && at(consumer).self - at(id).total < -(tolerance_[consumer] + error_[id]))
            consumer = parent;
        take(consumer, at(id).total, error_[id]);
    }

    /// A CTE runs as its CTE Scans pull rows, so its time is inside theirs:
    /// it is taken from its readers, never from the node it hangs under.
    /// Each row is computed once, by the first reader to ask for it; later
    /// readers find it in the tuplestore. So the slowest reader pays first,
    /// up to what is left of its own time, then the next. Time no reader accounts for (a
    /// data-modifying CTE runs to completion at the end of the statement) is
    /// outside the root's time: it is added to the profile's total.
    void assign_cte(NodeId id) {
        const Node& cte = plan_.nodes[id];
        std::vector<NodeId> readers = placement_.cte_readers(id);
        std::stable_sort(readers.begin(), readers.end(), [&](NodeId a, NodeId b) { return at(a).total > at(b).total; });
        const double cte_total = at(id).total;
        double left = cte_total;
        for (const NodeId r : readers) {
            if (left <= 0) break;
            const double part = std::min(left, std::max(at(r).self, 0.0));
            take(r, part, error_[id]);
            left -= part;
        }
        if (left <= error_[id]) {  // within rounding the readers hold all of it
            if (left > 0 && !readers.empty()) take(readers.front(), left, 0);
            left = 0;
        }
        if (readers.size() > 1)
            profile_.notes.push_back(fmt::format("CTE {} is read by {} CTE Scans: its {:.3f} ms are taken from the "
                                                 "slowest reader first, each up to its own time",
                                                 cte_name(cte), readers.size(), cte_total));
        if (left > 0) {
            unaccounted_ += left;
            profile_.notes.push_back(fmt::format("CTE {}: {:.3f} ms of it ran outside any CTE Scan (a data-modifying "
                                                 "CTE finishes at the end of the statement); added to the total",
                                                 cte_name(cte), left));
        }
    }

    /// Negative self times: within rounding they are clamped and flagged;
    /// beyond, they are clamped, flagged and explained in the notes.
    void finish() {
        profile_.total = at(0).total + unaccounted_;
        for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
            NodeTime& t = at(id);
            t.self_error = tolerance_[id];
            if (t.self < 0) {
                const double slack = tolerance_[id] + 1e-9 * (1 + std::abs(t.total));
                if (t.self >= -slack) {
                    t.rounded = true;
                } else {
                    t.inconsistent = true;
                    profile_.notes.push_back(fmt::format(
                        "{}: what runs under it accounts for {:.3f} more than its own {:.3f}; its self figure is "
                        "shown as 0",
                        where(plan_, plan_.nodes[id]), -t.self, t.total));
                }
                t.self = 0;
            }
            t.share = profile_.total > 0 ? t.self / profile_.total : 0;
        }
    }

    const Plan& plan_;
    TimeBasis basis_;
    TimeProfile profile_;
    std::vector<double> scale_;      ///< what raw figures are multiplied by (parallel averaging, cost fitting)
    std::vector<double> error_;      ///< rounding error of each node's inclusive figure
    std::vector<double> tolerance_;  ///< rounding error of each node's self figure
    SubplanPlacement placement_;
    double unaccounted_ = 0;
};

/// "time=0.5..1.0 rows=3 loops=1" or, under TIMING OFF, "rows=3 loops=1".
std::optional<WorkerTime> decode_worker_actuals(int worker, std::string_view value) {
    WorkerTime w;
    w.worker = worker;
    double time = 0;
    bool has_loops = false;
    while (!value.empty()) {
        const std::size_t space = value.find(' ');
        const std::string_view field = value.substr(0, space);
        value = space == std::string_view::npos ? std::string_view{} : value.substr(space + 1);
        if (field.substr(0, 5) == "time=") {
            const std::size_t dots = field.find("..");
            if (dots == std::string_view::npos) return std::nullopt;
            const auto t = decode_number(field.substr(dots + 2));
            if (!t) return std::nullopt;
            time = *t;
        } else if (field.substr(0, 5) == "rows=") {
            const auto r = decode_number(field.substr(5));
            if (!r) return std::nullopt;
            w.rows = *r;
        } else if (field.substr(0, 6) == "loops=") {
            const auto l = decode_number(field.substr(6));
            if (!l) return std::nullopt;
            w.loops = *l;
            has_loops = true;
        }
    }
    if (!has_loops) return std::nullopt;
    w.total = time * w.loops;
    w.rows *= w.loops;
    return w;
}

}  // namespace

TimeProfile exclusive_time(const Plan& plan) { return Attribution(plan).run(); }

std::vector<WorkerTime> worker_times(const Plan& plan, NodeId node) {
    std::vector<WorkerTime> out;
    const Node& n = plan.nodes[node];
    for (const Property& p : plan.properties_of(n))
        if (p.kind == PropertyKind::worker_actuals && p.worker >= 0)
            if (auto w = decode_worker_actuals(p.worker, p.value)) out.push_back(*w);
    if (out.empty() || !n.actuals) return out;
    // The printed figures are averages over every process: what the workers
    // do not account for is the leader's.
    WorkerTime leader;
    leader.loops = n.actuals->loops;
    leader.rows = n.actuals->rows * n.actuals->loops;
    leader.total = n.actuals->total_time.value_or(0) * n.actuals->loops;
    for (const WorkerTime& w : out) {
        leader.loops -= w.loops;
        leader.rows -= w.rows;
        leader.total -= w.total;
    }
    if (leader.loops >= 0.5) {
        leader.rows = std::max(0.0, leader.rows);
        leader.total = std::max(0.0, leader.total);
        out.insert(out.begin(), leader);
    }
    return out;
}

// ---- operation classes and roll-ups ------------------------------------------

std::string_view to_string(OperationClass c) noexcept {
    switch (c) {
        case OperationClass::scan: return "scan";
        case OperationClass::join: return "join";
        case OperationClass::sort: return "sort";
        case OperationClass::aggregate: return "aggregate";
        case OperationClass::other: return "other";
    }
    return "other";
}

OperationClass operation_class(NodeKind kind) noexcept {
    if (is_scan(kind) || kind == NodeKind::bitmap_and || kind == NodeKind::bitmap_or) return OperationClass::scan;
    // A Hash node builds the hash table of a Hash Join: join work.
    if (is_join(kind) || kind == NodeKind::hash) return OperationClass::join;
    switch (kind) {
        case NodeKind::sort:
        case NodeKind::incremental_sort: return OperationClass::sort;
        case NodeKind::aggregate:
        case NodeKind::group:
        case NodeKind::window_agg: return OperationClass::aggregate;
        default: return OperationClass::other;
    }
}

namespace {

/// Adds each node's self figure to the roll-up line of its key (nodes
/// without a key are left out) and sorts the lines, largest first. Keys are
/// looked up by hash: a plan can have as many distinct keys as nodes.
template <typename KeyOf>
std::vector<Rollup> roll_up(const Plan& plan, const TimeProfile& profile, KeyOf&& key_of) {
    std::vector<Rollup> lines;
    std::unordered_map<std::string, std::size_t> line_of;  // key -> index in lines
    std::string key;
    for (NodeId id = 0; id < plan.nodes.size() && id < profile.nodes.size(); ++id) {
        key.clear();
        key_of(plan.nodes[id], key);
        if (key.empty()) continue;
        const auto [at, added] = line_of.try_emplace(key, lines.size());
        if (added) lines.push_back(Rollup{key, 0, 0, 0});
        Rollup& line = lines[at->second];
        line.self += profile.nodes[id].self;
        ++line.nodes;
    }
    for (Rollup& r : lines) r.share = profile.total > 0 ? r.self / profile.total : 0;
    std::stable_sort(lines.begin(), lines.end(), [](const Rollup& a, const Rollup& b) {
        return a.self != b.self ? a.self > b.self : a.key < b.key;
    });
    return lines;
}

}  // namespace

std::vector<Rollup> time_by_relation(const Plan& plan, const TimeProfile& profile) {
    return roll_up(plan, profile, [&](const Node& n, std::string& key) { append_relation_key(plan, n, key); });
}

std::vector<Rollup> time_by_index(const Plan& plan, const TimeProfile& profile) {
    return roll_up(plan, profile, [](const Node& n, std::string& key) { append_identifier(key, n.target.index); });
}

std::vector<Rollup> time_by_node_type(const Plan& plan, const TimeProfile& profile) {
    return roll_up(plan, profile, [](const Node& n, std::string& key) {
        key = n.kind == NodeKind::unknown ? n.name : to_string(n.kind);
    });
}

std::vector<Rollup> time_by_operation_class(const Plan& plan, const TimeProfile& profile) {
    return roll_up(plan, profile, [](const Node& n, std::string& key) { key = to_string(operation_class(n.kind)); });
}

}  // namespace planlens

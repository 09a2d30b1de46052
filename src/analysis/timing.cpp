// Exclusive-time attribution. docs/timing.md explains every rule below with a
// worked example from a fixture; the comments here say why the code is shaped
// the way it is.
#include <planlens/timing.hpp>

#include "plan_walk.hpp"

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

/// Calls `f` with each "$N" and "InitPlan N" in `text` (digits taken whole):
/// the tokens mentions_init_plan() looks for.
template <typename F>
void for_each_parameter(std::string_view text, F&& f) {
    const auto digits_from = [text](std::size_t at) {
        std::size_t end = at;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        return end;
    };
    for (std::size_t at = text.find('$'); at != std::string_view::npos; at = text.find('$', at + 1))
        if (const std::size_t end = digits_from(at + 1); end > at + 1) f(text.substr(at, end - at));
    constexpr std::string_view init_plan = "InitPlan ";
    for (std::size_t at = text.find(init_plan); at != std::string_view::npos; at = text.find(init_plan, at + 1))
        if (const std::size_t end = digits_from(at + init_plan.size()); end > at + init_plan.size())
            f(text.substr(at, end - at));
}

/// The tokens an InitPlan's consumer mentions: the parameters of "InitPlan 1
/// (returns $0,$1)", or "InitPlan 1" itself (PostgreSQL 16+). False for a
/// label of another shape.
bool parameter_tokens(std::string_view label, std::vector<std::string_view>& tokens) {
    std::vector<std::string_view> found;
    const std::size_t returns = label.find("(returns ");
    if (returns == std::string_view::npos) {
        for_each_parameter(label, [&](std::string_view t) { found.push_back(t); });
        if (found.size() != 1 || found[0] != label) return false;
    } else {
        std::string_view params = label.substr(returns + 9);
        params = params.substr(0, params.find(')'));
        while (!params.empty()) {
            const std::size_t comma = params.find(',');
            std::string_view param = params.substr(0, comma);
            while (!param.empty() && param.front() == ' ') param.remove_prefix(1);
            if (!param.empty()) {
                std::size_t before = found.size();
                for_each_parameter(param, [&](std::string_view t) { found.push_back(t); });
                if (found.size() != before + 1 || found.back() != param) return false;
            }
            if (comma == std::string_view::npos) break;
            params.remove_prefix(comma + 1);
        }
    }
    tokens = std::move(found);
    return true;
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
          ends_(subtree_ends(plan)) {
        profile_.basis = basis_;
        profile_.nodes.resize(plan.nodes.size());
    }

    TimeProfile run() && {
        if (plan_.nodes.empty()) return std::move(profile_);
        explain_basis();
        for (NodeId id = 0; id < plan_.nodes.size(); ++id) inclusive(id);
        subtract_children();
        if (basis_ == TimeBasis::actual_time) {
            for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
                const Node& n = plan_.nodes[id];
                if (is_cte_plan(n))
                    assign_cte(id);
                else if (n.relationship == Relationship::init_plan)
                    assign_init_plan(id);
            }
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
        NodeId consumer = init_plan_consumer(id);
        // A mention in text is a hint; it must not make the consumer negative.
        if (consumer != parent && at(consumer).self - at(id).total < -(tolerance_[consumer] + error_[id]))
            consumer = parent;
        take(consumer, at(id).total, error_[id]);
    }

    NodeId init_plan_consumer(NodeId id) {
        const Node& init_plan = plan_.nodes[id];
        const NodeId parent = init_plan.parent;
        if (mentions(parent, init_plan.subplan_name)) return parent;
        std::vector<std::string_view> tokens;
        if (!parameter_tokens(init_plan.subplan_name, tokens)) return scan_for_consumer(id);
        if (!parameters_indexed_) index_parameters();
        NodeId first = ends_[parent];
        for (const std::string_view token : tokens) {
            const auto found = parameters_.find(token);
            if (found == parameters_.end()) continue;
            const std::vector<NodeId>& ids = found->second;
            auto d = std::lower_bound(ids.begin(), ids.end(), parent + 1);
            if (d != ids.end() && *d >= id && *d < ends_[id])  // not inside the InitPlan itself
                d = std::lower_bound(d, ids.end(), ends_[id]);
            if (d != ids.end()) first = std::min(first, *d);
        }
        return first < ends_[parent] ? first : parent;
    }

    /// The first node in the parent's subtree (outside the InitPlan) whose
    /// text mentions the label, for labels of no shape parameter_tokens knows.
    NodeId scan_for_consumer(NodeId id) const {
        const Node& init_plan = plan_.nodes[id];
        const NodeId parent = init_plan.parent;
        for (NodeId d = parent + 1; d < ends_[parent]; ++d) {
            if (d == id) {  // not inside the InitPlan itself
                d = ends_[id] - 1;
                continue;
            }
            if (mentions(d, init_plan.subplan_name)) return d;
        }
        return parent;
    }

    /// Which nodes mention each parameter ("$3") and each PostgreSQL 16+
    /// InitPlan reference ("InitPlan 2"), in pre-order: finding an InitPlan's
    /// consumer is then a lookup. Scanning the parent's subtree once per
    /// InitPlan made 40,000 InitPlans under one node take 8 s.
    void index_parameters() {
        for (NodeId id = 0; id < plan_.nodes.size(); ++id)
            for (const Property& p : plan_.properties_of(plan_.nodes[id]))
                for_each_parameter(p.value, [&](std::string_view token) {
                    std::vector<NodeId>& ids = parameters_[token];
                    if (ids.empty() || ids.back() != id) ids.push_back(id);
                });
        parameters_indexed_ = true;
    }

    bool mentions(NodeId id, std::string_view label) const {
        for (const Property& p : plan_.properties_of(plan_.nodes[id]))
            if (mentions_init_plan(p.value, label)) return true;
        return false;
    }

    /// A CTE runs as its CTE Scans pull rows, so its time is inside theirs:
    /// it is taken from its readers, never from the node it hangs under.
    /// Each row is computed once, by the first reader to ask for it; later
    /// readers find it in the tuplestore. So the slowest reader pays first,
    /// up to its own time, then the next. Time no reader accounts for (a
    /// data-modifying CTE runs to completion at the end of the statement) is
    /// outside the root's time: it is added to the profile's total.
    void assign_cte(NodeId id) {
        const Node& cte = plan_.nodes[id];
        std::vector<NodeId> readers;
        for_each_reader(id, cte.parent, [&](NodeId r) { readers.push_back(r); });
        std::stable_sort(readers.begin(), readers.end(), [&](NodeId a, NodeId b) { return at(a).total > at(b).total; });
        const double cte_total = at(id).total;
        double left = cte_total;
        for (const NodeId r : readers) {
            if (left <= 0) break;
            const double part = std::min(left, at(r).total);
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

    /// CTE Scans on the CTE's name within its query level (the subtree of
    /// the node the CTE hangs under), outside the CTE itself. The scans are
    /// indexed by name once, so that a plan with many CTEs is not scanned
    /// once per CTE.
    template <typename F>
    void for_each_reader(NodeId cte, NodeId level, F&& f) {
        if (!cte_scans_indexed_) index_cte_scans();
        const auto scans = cte_scans_.find(std::string(cte_name(plan_.nodes[cte])));
        if (scans == cte_scans_.end()) return;
        const std::vector<NodeId>& ids = scans->second;  // ascending: pre-order
        for (auto r = std::lower_bound(ids.begin(), ids.end(), level); r != ids.end() && *r < ends_[level]; ++r)
            if (*r < cte || *r >= ends_[cte]) f(*r);
    }

    /// CTE Scans by the name they read, as the CTE's label spells it
    /// (the scan prints a quoted name with its quotes doubled: see same_identifier).
    void index_cte_scans() {
        cte_scans_indexed_ = true;
        for (NodeId r = 0; r < plan_.nodes.size(); ++r) {
            const Node& n = plan_.nodes[r];
            if (n.kind != NodeKind::cte_scan) continue;
            std::string name;
            const std::string_view printed = n.target.object;
            for (std::size_t j = 0; j < printed.size(); ++j) {
                name += printed[j];
                if (printed[j] == '"' && j + 1 < printed.size() && printed[j + 1] == '"') ++j;
            }
            cte_scans_[std::move(name)].push_back(r);
        }
    }

    /// Negative self times: within rounding they are clamped and flagged;
    /// beyond, they are clamped, flagged and explained in the notes.
    void finish() {
        profile_.total = at(0).total + unaccounted_;
        for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
            NodeTime& t = at(id);
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
    std::vector<NodeId> ends_;
    std::unordered_map<std::string, std::vector<NodeId>> cte_scans_;  ///< see index_cte_scans()
    std::unordered_map<std::string_view, std::vector<NodeId>> parameters_;  ///< see index_parameters()
    bool parameters_indexed_ = false;
    bool cte_scans_indexed_ = false;
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

/// Nodes whose target is a relation (not a CTE, function or subquery).
bool reads_relation(NodeKind kind) noexcept {
    return is_table_scan(kind) || kind == NodeKind::foreign_scan || kind == NodeKind::custom_scan ||
           kind == NodeKind::modify_table;
}

/// The relation a node reads: its own, or for a Bitmap Index Scan the one of
/// the Bitmap Heap Scan above it (through any BitmapAnd/BitmapOr).
const Node* relation_reader(const Plan& plan, const Node& n) {
    const Node* at = &n;
    while (at->kind == NodeKind::bitmap_index_scan || at->kind == NodeKind::bitmap_and ||
           at->kind == NodeKind::bitmap_or) {
        if (at->parent == no_node) return nullptr;
        at = &plan.nodes[at->parent];
    }
    if (at != &n && at->kind != NodeKind::bitmap_heap_scan) return nullptr;
    return reads_relation(at->kind) && !at->target.object.empty() ? at : nullptr;
}

}  // namespace

std::vector<Rollup> time_by_relation(const Plan& plan, const TimeProfile& profile) {
    return roll_up(plan, profile, [&](const Node& n, std::string& key) {
        const Node* reader = relation_reader(plan, n);
        if (!reader) return;
        if (!reader->target.schema.empty()) {
            append_identifier(key, reader->target.schema);
            key += '.';
        }
        append_identifier(key, reader->target.object);
    });
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

// Hot nodes and the rules that explain them. Every threshold below is
// documented, with its reason, in docs/hot-rules.md: change both together.
#include <planlens/hot_nodes.hpp>

#include <planlens/buffers.hpp>
#include <planlens/node_facts.hpp>

#include "number_text.hpp"
#include "plan_walk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace planlens {

namespace {

using namespace analysis;

// large-share-of-time
constexpr double share_warning = 0.20;
constexpr double share_critical = 0.50;
constexpr double share_min_ms = 1.0;  // below this a node is not worth a look, whatever its share
// precision: a finding says how much rounding leaves open from this fraction of the figure
constexpr double caveat_min_fraction = 0.05;
// parallel-overhead: the thresholds of large-share-of-time, which it replaces on a Gather
// row-misestimate
// misestimate_min_factor: <planlens/hot_nodes.hpp>
constexpr double misestimate_min_rows = 100;       // planned or actual rows over all loops
constexpr double misestimate_warning_share = 0.10; // of the total, for the node's whole subtree
constexpr double overestimate_max_rows = 1'000;     // so few that a nested loop over an index would do
constexpr double overestimate_min_scanned = 10'000; // rows the join's other side read in full
// filter-discards-most-rows
constexpr double filter_min_removed = 10'000;
constexpr double filter_min_fraction = 0.90;
constexpr double filter_critical_share = 0.20;
// loop-amplification
constexpr double loops_min = 1'000;
constexpr double loops_jump = 10;  // the parent ran at least this many times fewer loops
constexpr double loops_min_share = 0.05;  // of the total, for the repeated subtree (when timed)
constexpr double loops_warning_share = 0.20;
// heap-fetches-on-index-only-scan
constexpr double heap_fetches_min = 100;
constexpr double heap_fetches_min_fraction = 0.10;
// buffers-read-from-disk
constexpr double buffers_min_read = 1'000;  // blocks (8 MB at the default block size)
constexpr double buffers_min_fraction = 0.50;
constexpr double buffers_warning_share = 0.20;
// io_bound_share (of the node's own time spent in I/O Timings): <planlens/buffers.hpp>
// jit-dominates, triggers-dominate
constexpr double dominate_warning = 0.25;
constexpr double dominate_critical = 0.50;
constexpr double dominate_min_ms = 1.0;
// planning-exceeds-execution
constexpr double planning_warning_ms = 10;

std::string percent(double fraction) { return fmt::format("{:.1f}%", 100 * fraction); }

std::string rows_word(double n) { return std::llround(n) == 1 ? "row" : "rows"; }

// ---- row-misestimate: did the estimate change the plan? ----------------------
// One notion for every stage: the hot-node finding and advise()'s advice both
// come from misestimate_effect() below.

/// The node whose output reaches the consumer: up through the nodes that
/// pass their input's rows on without choosing anything from their number.
NodeId consumer(const Plan& plan, NodeId id) {
    NodeId at = id;
    while (plan.nodes[at].parent != no_node) {
        const Node& up = plan.nodes[plan.nodes[at].parent];
        if (!is_gather(up.kind) && up.kind != NodeKind::materialize && up.kind != NodeKind::result &&
            up.kind != NodeKind::subquery_scan)
            break;
        at = plan.nodes[at].parent;
    }
    return at;
}

/// The inner (second, non-subplan) child of a join.
NodeId inner_child(const Plan& plan, const Node& join) {
    bool outer_seen = false;
    for (NodeId c = join.first_child; c != no_node; c = plan.nodes[c].next_sibling) {
        if (is_subplan(plan.nodes[c])) continue;
        if (outer_seen) return c;
        outer_seen = true;
    }
    return no_node;
}

double planned_total(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    return n.estimates ? n.estimates->rows : 0;
}

/// A handful of rows planned as thousands: a Hash or Merge Join chosen for
/// that many read its other side in full, where a nested loop over an index
/// on the join key would have read only the matching rows.
std::optional<MisestimateEffect> overestimate_effect(const Plan& plan, NodeId id) {
    const double actual = rows_returned(plan.nodes[id]);
    // A Hash repeats its input's estimate: the finding goes where the estimate was made.
    if (actual > overestimate_max_rows || plan.nodes[id].kind == NodeKind::hash) return std::nullopt;
    NodeId at = consumer(plan, id);
    if (plan.nodes[at].parent != no_node && plan.nodes[plan.nodes[at].parent].kind == NodeKind::hash)
        at = consumer(plan, plan.nodes[at].parent);  // the hashed side: its join is above the Hash
    const NodeId join_id = plan.nodes[at].parent;
    if (join_id == no_node) return std::nullopt;
    const Node& join = plan.nodes[join_id];
    if (join.kind != NodeKind::hash_join && join.kind != NodeKind::merge_join) return std::nullopt;
    // The other side, down through the nodes that only hold or order its rows.
    NodeId other = outer_child(plan, join) == at ? inner_child(plan, join) : outer_child(plan, join);
    while (other != no_node && (plan.nodes[other].kind == NodeKind::hash || plan.nodes[other].kind == NodeKind::sort ||
                                is_gather(plan.nodes[other].kind) || plan.nodes[other].kind == NodeKind::materialize))
        other = outer_child(plan, plan.nodes[other]);
    if (other == no_node) return std::nullopt;
    const Node& scan = plan.nodes[other];
    const double scanned = rows_read(plan, scan);
    if (scan.kind != NodeKind::seq_scan || scanned < overestimate_min_scanned) return std::nullopt;
    MisestimateEffect out;
    out.decision = join_id;
    out.consequence = fmt::format("the {} above (line {}), chosen for {} rows, read all {} rows of {} (line {}) to "
                                  "match {}: for so few, a Nested Loop over an index on the join key reads only the "
                                  "matching rows",
                                  join.name, plan.lines[join.line].line, grouped_count(planned_total(plan, id)), grouped_count(scanned),
                                  scan.target.object, plan.lines[scan.line].line, grouped_count(actual));
    return out;
}

/// Far more rows than planned: what the node above made of the estimate, or
/// nothing when it chose nothing from it.
std::optional<MisestimateEffect> underestimate_effect(const Plan& plan, NodeId id) {
    const NodeId at = consumer(plan, id);
    if (plan.nodes[at].parent == no_node) return std::nullopt;
    const NodeId parent_id = plan.nodes[at].parent;
    const Node& parent = plan.nodes[parent_id];
    MisestimateEffect out;
    out.decision = parent_id;
    if (parent.kind == NodeKind::nested_loop && outer_child(plan, parent) == at) {
        const NodeId inner = inner_child(plan, parent);
        const double ran = inner == no_node ? 0 : loops_of(plan.nodes[inner]);
        out.consequence = fmt::format("the Nested Loop above (line {}) chose to run its inner side once per row: {} "
                                      "times where it planned {}",
                                      plan.lines[parent.line].line, grouped_count(ran), grouped_count(planned_total(plan, at)));
        return out;
    }
    if (parent.kind == NodeKind::hash)
        if (const Property* p = plan.find(parent, PropertyKind::buckets))
            if (const auto b = decode_buckets(p->value); b && b->batches > 1) {
                out.consequence = fmt::format("the Hash above (line {}), sized for {} rows, spilled into {} batches",
                                              plan.lines[parent.line].line, grouped_count(planned_total(plan, at)), b->batches);
                return out;
            }
    if ((parent.kind == NodeKind::sort || parent.kind == NodeKind::incremental_sort) && sort_spilled(plan, parent)) {
        out.consequence = fmt::format("the Sort above (line {}), sized for {} rows, spilled to disk",
                                      plan.lines[parent.line].line, grouped_count(planned_total(plan, at)));
        return out;
    }
    return std::nullopt;
}

class Rules {
public:
    Rules(const Plan& plan, const TimeProfile& profile, std::vector<Finding>& out)
        : plan_(plan),
          profile_(profile),
          io_(exclusive_io(plan)),
          out_(out),
          timed_(profile.basis == TimeBasis::actual_time) {}

    void plan_wide() {
        jit_dominates();
        triggers_dominate();
        planning_exceeds_execution();
    }

    void node(NodeId id) {
        const Node& n = plan_.nodes[id];
        if (is_gather(n.kind))
            parallel_overhead(id, n);
        else
            large_share_of_time(id);
        if (!n.actuals) return;  // the other rules read what ANALYZE measured
        row_misestimate(id, n);
        filter_discards_most_rows(id, n);
        lossy_bitmap_heap_blocks(id, n);
        sort_spills_to_disk(id, n);
        hash_spills_to_disk(id, n);
        hashagg_spills_to_disk(id, n);
        loop_amplification(id, n);
        fewer_workers_launched(id, n);
        heap_fetches(id, n);
        buffers_read_from_disk(id);
    }

private:
    void add(std::string_view rule, Severity severity, NodeId node, std::string message) {
        out_.push_back(Finding{rule, severity, node, std::move(message)});
    }

    double self_share(NodeId id) const { return id < profile_.nodes.size() ? profile_.nodes[id].share : 0; }
    double subtree_share(NodeId id) const {
        return id < profile_.nodes.size() && profile_.total > 0 ? profile_.nodes[id].total / profile_.total : 0;
    }

    /// Execution time as printed, else (timed plans) the root's time.
    std::optional<double> execution_ms() const {
        if (plan_.execution_time && *plan_.execution_time > 0) return plan_.execution_time;
        if (timed_ && profile_.total > 0) return profile_.total;
        return std::nullopt;
    }

    // ---- node rules ---------------------------------------------------------

    /// Whether a node's self share makes it worth a finding, and how severe:
    /// judged on the share rounding cannot take away, so a ranking never
    /// rests on noise alone.
    std::optional<Severity> share_severity(const NodeTime& t) const {
        if (t.share < share_warning || (timed_ && t.self < share_min_ms)) return std::nullopt;
        const double certain = share_lower_bound(t, profile_.total);
        return certain >= share_critical ? Severity::critical
               : certain >= share_warning ? Severity::warning
                                          : Severity::info;
    }

    /// ", ± 10.000 ms from rounding: the 19,999 loops of line 7 (Memoize) are printed to 0.001 ms each, so its
    /// share may be as little as 30.2%" when rounding leaves a notable part of the figure open.
    std::string rounding_caveat(NodeId id, const NodeTime& t) const {
        if (!timed_ || t.self_error < caveat_min_fraction * t.self) return {};
        // A bound: rounded up, never down.
        std::string out = fmt::format(" (± {:.3f} ms from rounding", std::ceil(t.self_error * 1000 - 1e-6) / 1000);
        // The figure with most loops leaves most open: PostgreSQL prints per-loop times.
        const Node& n = plan_.nodes[id];
        NodeId widest = id;
        for (NodeId c = n.first_child; c != no_node; c = plan_.nodes[c].next_sibling)
            if (loops_of(plan_.nodes[c]) > loops_of(plan_.nodes[widest])) widest = c;
        const Node& w = plan_.nodes[widest];
        if (loops_of(w) > 1)
            out += fmt::format(": {} loops of line {} ({}) printed to 0.001 ms each", grouped_count(loops_of(w)),
                               plan_.lines[w.line].line, w.name);
        const double certain = share_lower_bound(t, profile_.total);
        out += within_rounding(t) ? "; it may be none at all)" : fmt::format("; at least {})", percent(certain));
        return out;
    }

    void large_share_of_time(NodeId id) {
        // In a one-node plan the node has all the time by definition: nothing to learn.
        if (id >= profile_.nodes.size() || profile_.total <= 0 || plan_.nodes.size() < 2) return;
        const NodeTime& t = profile_.nodes[id];
        const auto severity = share_severity(t);
        if (!severity) return;
        if (timed_)
            add(rule::large_share_of_time, *severity, id,
                fmt::format("{:.3f} ms of {:.3f} ms ({}) are spent in this node itself{}", t.self, profile_.total,
                            percent(t.share), rounding_caveat(id, t)));
        else
            add(rule::large_share_of_time, *severity, id,
                fmt::format("{} of the plan's cost is this node's own ({:.2f} of {:.2f})", percent(t.share), t.self,
                            profile_.total));
    }

    /// A Gather's own time is not work: it is starting the workers, the
    /// leader waiting for them, and the slowest process finishing after the
    /// others. Said with the evidence the plan has, and what to try.
    void parallel_overhead(NodeId id, const Node& n) {
        if (id >= profile_.nodes.size() || profile_.total <= 0) return;
        const NodeTime& t = profile_.nodes[id];
        const auto severity = share_severity(t);
        if (!severity) return;
        const auto planned = plan_.number(n, PropertyKind::workers_planned);
        const auto launched = plan_.number(n, PropertyKind::workers_launched);
        if (!timed_) {
            add(rule::parallel_overhead, *severity, id,
                fmt::format("{} of the plan's cost is the {}'s own ({:.2f} of {:.2f}): parallel_setup_cost and "
                            "parallel_tuple_cost, what the planner charges for starting workers and passing rows",
                            percent(t.share), n.name, t.self, profile_.total));
            return;
        }
        const NodeId child = outer_child(plan_, n);
        std::string message = fmt::format("{:.3f} ms of {:.3f} ms ({}) pass in the {} itself{}: not work but parallel "
                                          "overhead, starting {} and waiting for the slowest process",
                                          t.self, profile_.total, percent(t.share), n.name, rounding_caveat(id, t),
                                          launched ? fmt::format("{:g} worker{}", *launched, *launched == 1 ? "" : "s")
                                                   : std::string("the workers"));
        if (child != no_node) {
            const NodeTime& work = profile_.nodes[child];
            message += fmt::format("; the plan under it took {:.3f} ms per process over {:g} processes", work.total,
                                   work.processes);
            message += imbalance(child);
        }
        if (planned && launched && *launched < *planned)
            message += fmt::format("; only {:g} of {:g} planned workers were launched", *launched, *planned);
        const bool short_work = child != no_node && profile_.nodes[child].total < t.self;
        message += short_work
                       ? ". The work is shorter than the overhead: parallelism costs more than it saves here; compare "
                         "with SET max_parallel_workers_per_gather = 0 (raising parallel_setup_cost keeps parallel "
                         "plans for larger inputs)"
                       : ". Compare with SET max_parallel_workers_per_gather = 0 to see what the workers buy; when "
                         "fewer CPUs are free than processes (load), they wait for each other";

        add(rule::parallel_overhead, *severity, id, std::move(message));
    }

    /// ", the slowest (the leader, 46.040 ms) 7.455 ms more than the average" from the per-worker
    /// lines of VERBOSE; nothing without them.
    std::string imbalance(NodeId child) const {
        const std::vector<WorkerTime> processes = worker_times(plan_, child);
        if (processes.size() < 2) return {};
        const WorkerTime* slowest = &processes.front();
        double sum = 0;
        for (const WorkerTime& w : processes) {
            sum += w.total;
            if (w.total > slowest->total) slowest = &w;
        }
        const double late = slowest->total - sum / static_cast<double>(processes.size());
        if (late <= 0.001) return {};
        return fmt::format(", the slowest ({}, {:.3f} ms) {:.3f} ms more than the average: the work is not evenly "
                           "split",
                           slowest->worker < 0 ? std::string("the leader") : fmt::format("worker {}", slowest->worker),
                           slowest->total, late);
    }

    /// Only where the mis-estimate changed the plan (misestimate_effect(), which
    /// advise()'s row-misestimate rule reads too): the finding goes on the node
    /// whose estimate was off.
    void row_misestimate(NodeId id, const Node& n) {
        const auto effect = misestimate_effect(plan_, id);
        if (!effect) return;
        const RowEstimate& e = effect->estimate;
        // Weighed by the node's subtree; for fewer rows than planned, by what the consumer above it holds.
        const NodeId at = e.under ? id : plan_.nodes[consumer(plan_, id)].parent;
        const Severity severity = subtree_share(at) >= misestimate_warning_share ? Severity::warning : Severity::info;
        const double loops = n.actuals->loops;
        add(rule::row_misestimate, severity, id,
            fmt::format("planned {} {}{}, got {}: {}x {} than planned; {}", grouped_count(e.planned), rows_word(e.planned),
                        loops > 1 ? " per loop" : "", grouped_count(e.actual), grouped_count(e.factor), e.under ? "more" : "fewer",
                        effect->consequence));
    }

    void filter_discards_most_rows(NodeId id, const Node& n) {
        if (!is_table_scan(n.kind)) return;
        const double thrown = rows_removed_by_filter(plan_, n), kept = rows_returned(n);
        if (thrown < filter_min_removed || removed_share(plan_, n) < filter_min_fraction) return;
        const double loops = n.actuals->loops;
        const Severity severity = self_share(id) >= filter_critical_share ? Severity::critical : Severity::warning;
        const bool seq = n.kind == NodeKind::seq_scan || n.kind == NodeKind::sample_scan;
        add(rule::filter_discards_most_rows, severity, id,
            fmt::format("the Filter threw away {} rows and kept {} ({} discarded){}: {}", grouped_count(thrown), grouped_count(kept),
                        percent(removed_share(plan_, n)), loops > 1 ? fmt::format(" over {} loops", grouped_count(loops)) : "",
                        seq ? "an index on the filtered columns would avoid reading them"
                            : "the index does not cover the filter; one that does would avoid these rows"));
    }

    void lossy_bitmap_heap_blocks(NodeId id, const Node& n) {
        if (n.kind != NodeKind::bitmap_heap_scan) return;
        HeapBlocks blocks;  // the leader's line and the workers' lines
        for (const Property& p : plan_.properties_of(n))
            if (p.kind == PropertyKind::heap_blocks)
                if (const auto b = decode_heap_blocks(p.value)) blocks.exact += b->exact, blocks.lossy += b->lossy;
        if (blocks.lossy <= 0) return;
        const double rechecked = rows_removed_by_index_recheck(plan_, n);
        add(rule::lossy_bitmap_heap_blocks, Severity::warning, id,
            fmt::format("{} of {} heap blocks were lossy (the bitmap outgrew work_mem){}: every row on those pages "
                        "had to be rechecked",
                        grouped_count(static_cast<double>(blocks.lossy)), grouped_count(static_cast<double>(blocks.exact + blocks.lossy)),
                        rechecked > 0 ? fmt::format(", {} rows removed by the recheck", grouped_count(rechecked)) : ""));
    }

    void sort_spills_to_disk(NodeId id, const Node& n) {
        if (n.kind != NodeKind::sort && n.kind != NodeKind::incremental_sort) return;
        std::int64_t disk_kb = 0;
        int spills = 0;
        std::string_view method;
        for (const Property& p : plan_.properties_of(n)) {
            if (p.kind == PropertyKind::sort_method) {
                const auto s = decode_sort_method(p.value);
                if (!s || (s->space_type != "Disk" && s->method.substr(0, 8) != "external")) continue;
                method = s->method;
                disk_kb += s->space_type == "Disk" ? s->kb : 0;
                ++spills;
            } else if (p.kind == PropertyKind::full_sort_groups || p.kind == PropertyKind::pre_sorted_groups) {
                const auto g = decode_sort_groups(p.value);
                if (!g || !g->peak_disk_kb) continue;
                method = "incremental sort groups";
                disk_kb = std::max(disk_kb, *g->peak_disk_kb);
                ++spills;
            }
        }
        if (spills == 0) return;
        add(rule::sort_spills_to_disk, Severity::warning, id,
            fmt::format("{} wrote {} kB to disk{}: the sort did not fit work_mem", method,
                        grouped_count(static_cast<double>(disk_kb)), spills > 1 ? fmt::format(" in {} processes", spills) : ""));
    }

    void hash_spills_to_disk(NodeId id, const Node& n) {
        if (n.kind != NodeKind::hash) return;
        for (const Property& p : plan_.properties_of(n)) {
            if (p.kind != PropertyKind::buckets) continue;
            const auto b = decode_buckets(p.value);
            if (!b || b->batches <= 1) continue;
            add(rule::hash_spills_to_disk, Severity::warning, id,
                fmt::format("the hash table was split into {} batches{} with {} kB in memory: it did not fit "
                            "work_mem x hash_mem_multiplier, so the rest went to temporary files{}",
                            b->batches,
                            b->original_batches != b->batches ? fmt::format(" (planned {})", b->original_batches) : "",
                            grouped_count(static_cast<double>(b->memory_kb)), temp_written(id)));
            return;
        }
    }

    void hashagg_spills_to_disk(NodeId id, const Node& n) {
        if (n.kind != NodeKind::aggregate && n.kind != NodeKind::set_op) return;
        std::int64_t disk_kb = 0, batches = 0;
        for (const Property& p : plan_.properties_of(n)) {
            if (p.kind != PropertyKind::hashagg_batches && p.kind != PropertyKind::planned_partitions) continue;
            const auto h = decode_hashagg(p.kind, p.value);
            if (!h) continue;
            disk_kb += h->disk_kb;
            batches = std::max(batches, h->batches.value_or(0));
        }
        if (disk_kb <= 0 && batches <= 1) return;
        add(rule::hashagg_spills_to_disk, Severity::warning, id,
            fmt::format("the hash aggregate used {} batches and wrote {} kB to disk: its groups did not fit work_mem x "
                        "hash_mem_multiplier",
                        batches, grouped_count(static_cast<double>(disk_kb))));
    }

    void loop_amplification(NodeId id, const Node& n) {
        const double loops = n.actuals->loops;
        if (loops < loops_min || n.parent == no_node) return;
        if (loops_of(plan_.nodes[n.parent]) * loops_jump > loops) return;  // the repetition starts higher up
        const Node& parent = plan_.nodes[n.parent];
        std::string role;
        if (n.relationship == Relationship::sub_plan)
            role = fmt::format(" ({}, once per row of {})", n.subplan_name, parent.name);
        else if (n.relationship == Relationship::inner)
            role = fmt::format(" (inner side of {})", parent.name);
        // Thousands of cheap loops (a Memoize answering from its cache) are no problem.
        if (timed_ && subtree_share(id) < loops_min_share) return;
        if (!timed_) {
            add(rule::loop_amplification, Severity::info, id, fmt::format("executed {} times{}", grouped_count(loops), role));
            return;
        }
        const Severity severity = subtree_share(id) >= loops_warning_share ? Severity::warning : Severity::info;
        add(rule::loop_amplification, severity, id,
            fmt::format("executed {} times{}: {:.3f} ms in all ({}), {:.3f} ms per loop", grouped_count(loops), role,
                        profile_.nodes[id].total, percent(subtree_share(id)), n.actuals->total_time.value_or(0)));
    }

    void fewer_workers_launched(NodeId id, const Node& n) {
        if (!is_gather(n.kind)) return;
        const auto planned = plan_.number(n, PropertyKind::workers_planned);
        const auto launched = plan_.number(n, PropertyKind::workers_launched);
        if (!planned || !launched || *launched >= *planned) return;
        add(rule::fewer_workers_launched, Severity::warning, id,
            fmt::format("launched {} of {} planned workers{}: max_parallel_workers or max_worker_processes were "
                        "used up when the query started",
                        *launched, *planned, *launched == 0 ? ", so the leader did all the work alone" : ""));
    }

    void heap_fetches(NodeId id, const Node& n) {
        if (n.kind != NodeKind::index_only_scan) return;
        const auto fetches = plan_.number(n, PropertyKind::heap_fetches);  // a total, not per loop
        if (!fetches || *fetches < heap_fetches_min) return;
        const double rows = rows_returned(n);
        if (*fetches < heap_fetches_min_fraction * rows) return;
        add(rule::heap_fetches, Severity::warning, id,
            fmt::format("{} heap fetches for {} rows returned: the visibility map is behind, so the index-only scan "
                        "still visits the table (VACUUM it)",
                        grouped_count(*fetches), grouped_count(rows)));
    }

    /// A node's own buffers (exclusive_io(): PostgreSQL's are cumulative).
    void buffers_read_from_disk(NodeId id) {
        if (!io_.buffers || id >= io_.nodes.size()) return;
        const BufferCounters& own = io_[id].buffers;
        const double read = static_cast<double>(own.shared_read), hit = static_cast<double>(own.shared_hit);
        if (read < buffers_min_read || read < buffers_min_fraction * (read + hit)) return;
        const Severity severity = self_share(id) >= buffers_warning_share ? Severity::warning : Severity::info;
        add(rule::buffers_read_from_disk, severity, id,
            fmt::format("read {} blocks (about {} MB) from outside shared buffers and found {} in them ({} read){}",
                        grouped_count(read), grouped_count(read * 8 / 1024), grouped_count(hit), percent(read / (read + hit)),
                        io_wait(id)));
    }

    /// " (12,345 temp blocks written, about 96 MB)" when BUFFERS shows the node's own temp writes.
    std::string temp_written(NodeId id) const {
        if (!io_.buffers || id >= io_.nodes.size() || io_[id].buffers.temp_written <= 0) return {};
        const double blocks = static_cast<double>(io_[id].buffers.temp_written);
        return fmt::format(" ({} temp blocks written, about {} MB)", grouped_count(blocks), grouped_count(std::ceil(blocks * 8 / 1024)));
    }

    /// With track_io_timing: whether the reads made the node I/O-bound.
    std::string io_wait(NodeId id) const {
        const auto wait = io_wait_share(io_, profile_, id);
        if (!wait) return {};
        const double ms = (io_[id].io_read_ms + io_[id].io_write_ms) / std::max(profile_.nodes[id].processes, 1.0);
        if (*wait >= io_bound_share)
            return fmt::format("; {:.3f} ms of its {:.3f} ms waited on I/O ({}): I/O-bound, so a warmer cache, "
                               "faster storage or fewer blocks (an index, a smaller table) help, not CPU",
                               ms, profile_.nodes[id].self, percent(*wait));
        return fmt::format("; only {:.3f} ms of its {:.3f} ms waited on I/O ({}): the blocks came from the OS cache "
                           "and the node is CPU-bound",
                           ms, profile_.nodes[id].self, percent(*wait));
    }

    // ---- plan-wide rules ----------------------------------------------------

    void jit_dominates() {
        const auto execution = execution_ms();
        if (!execution) return;
        for (const Property& p : plan_.summary) {
            if (p.kind != PropertyKind::jit_timing || p.worker >= 0) continue;
            const auto jit = decode_jit_timing(p.value);
            if (!jit) continue;
            const double share = jit->total / *execution;
            if (share < dominate_warning || jit->total < dominate_min_ms) return;
            add(rule::jit_dominates, share >= dominate_critical ? Severity::critical : Severity::warning, no_node,
                fmt::format("JIT compilation took {:.3f} ms of the {:.3f} ms execution ({}): raise jit_above_cost or "
                            "turn jit off for this query",
                            jit->total, *execution, percent(share)));
            return;
        }
    }

    void triggers_dominate() {
        const auto execution = execution_ms();
        if (!execution || plan_.triggers.empty()) return;
        double sum = 0;
        const TriggerTime* slowest = nullptr;
        for (const TriggerTime& t : plan_.triggers) {
            sum += t.time_ms.value_or(0);
            if (!slowest || t.time_ms.value_or(0) > slowest->time_ms.value_or(0)) slowest = &t;
        }
        const double share = sum / *execution;
        if (share < dominate_warning || sum < dominate_min_ms) return;
        const std::string_view name = slowest->name.empty() ? slowest->constraint : slowest->name;
        add(rule::triggers_dominate, share >= dominate_critical ? Severity::critical : Severity::warning, no_node,
            fmt::format("triggers took {:.3f} ms of the {:.3f} ms execution ({}); the slowest, {}{}{}, took {:.3f} ms "
                        "over {} calls",
                        sum, *execution, percent(share), name, slowest->relation.empty() ? "" : " on ",
                        slowest->relation, slowest->time_ms.value_or(0), grouped_count(slowest->calls)));
    }

    void planning_exceeds_execution() {
        if (!plan_.planning_time || !plan_.execution_time) return;
        const double planning = *plan_.planning_time, execution = *plan_.execution_time;
        if (planning <= execution) return;
        add(rule::planning_exceeds_execution, planning >= planning_warning_ms ? Severity::warning : Severity::info,
            no_node,
            fmt::format("planning took {:.3f} ms, longer than the {:.3f} ms execution: if this query runs often, a "
                        "prepared statement plans it once",
                        planning, execution));
    }

    const Plan& plan_;
    const TimeProfile& profile_;
    const IoProfile io_;
    std::vector<Finding>& out_;
    bool timed_;
};

}  // namespace

std::string_view to_string(Severity s) noexcept {
    switch (s) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::critical: return "critical";
    }
    return "info";
}

std::optional<RowEstimate> row_estimate(const Plan& plan, NodeId id) noexcept {
    if (id >= plan.nodes.size()) return std::nullopt;
    const Node& n = plan.nodes[id];
    if (!n.estimates || !n.actuals || n.never_executed || n.kind == NodeKind::bitmap_and ||
        n.kind == NodeKind::bitmap_or)
        return std::nullopt;
    RowEstimate e;
    e.planned = n.estimates->rows;
    e.actual = n.actuals->rows;
    e.under = e.actual > e.planned;
    e.factor = e.under ? std::max(e.actual, 1.0) / std::max(e.planned, 1.0)
                       : std::max(e.planned, 1.0) / std::max(e.actual, 1.0);
    const bool groups = n.kind == NodeKind::aggregate || n.kind == NodeKind::group || n.kind == NodeKind::unique ||
                        n.kind == NodeKind::set_op;
    e.default_guess = (groups && n.strategy != Strategy::plain && e.planned == 200) ||
                      (n.kind == NodeKind::function_scan && e.planned == 1000);
    return e;
}

std::optional<MisestimateEffect> misestimate_effect(const Plan& plan, NodeId id) {
    const auto e = row_estimate(plan, id);
    if (!e || e->default_guess || e->factor < misestimate_min_factor) return std::nullopt;
    const double loops = plan.nodes[id].actuals->loops;
    if (std::max(e->planned, e->actual) * std::max(loops, 1.0) < misestimate_min_rows) return std::nullopt;
    // Fewer rows than planned changes the plan's shape only where it bought a
    // full scan of the other side of a join.
    auto effect = e->under ? underestimate_effect(plan, id) : overestimate_effect(plan, id);
    if (effect) effect->estimate = *e;
    return effect;
}

std::vector<Finding> find_problems(const Plan& plan, const TimeProfile& profile) {
    std::vector<Finding> findings;
    Rules rules(plan, profile, findings);
    rules.plan_wide();
    for (NodeId id = 0; id < plan.nodes.size(); ++id) rules.node(id);
    return findings;
}

std::vector<HotNode> hot_nodes(const Plan& plan, const TimeProfile& profile, const std::vector<Finding>& findings,
                               const HotOptions& options) {
    std::vector<HotNode> hot;
    hot.reserve(profile.nodes.size());
    for (NodeId id = 0; id < plan.nodes.size() && id < profile.nodes.size(); ++id)
        hot.push_back(HotNode{id, profile.nodes[id].self, profile.nodes[id].share, profile.nodes[id].self_error, {}});
    // A figure no larger than its rounding bound may be 0: it ranks after every
    // figure that is certainly more than 0, so no ranking rests on noise alone.
    std::stable_sort(hot.begin(), hot.end(), [](const HotNode& a, const HotNode& b) {
        const bool x = a.self > a.self_error, y = b.self > b.self_error;
        return x != y ? x : a.self > b.self;
    });
    if (options.top > 0 && hot.size() > options.top) hot.resize(options.top);
    for (HotNode& h : hot)
        for (const Finding& f : findings)
            if (f.node == h.node) h.reasons.push_back(f.rule);
    return hot;
}

}  // namespace planlens

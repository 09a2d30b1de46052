// index-only-heap-fetches, bitmap-lossy, work-mem-spill: the plan shows a
// setting or maintenance problem rather than a missing index.
#include "rules.hpp"

#include <planlens/buffers.hpp>
#include <planlens/timing.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace planlens::advice {

void index_only_heap_fetches(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        if (n.kind != NodeKind::index_only_scan || !n.actuals || n.target.object.empty()) continue;
        const auto fetches = plan.number(n, PropertyKind::heap_fetches);
        // Heap Fetches is a total over loops; rows are per loop.
        const double returned = rows_returned(n);
        if (!fetches || *fetches < cx.options.min_heap_fetches || *fetches < cx.options.min_heap_fetch_share * returned)
            continue;
        Advice a;
        a.rule = rules::index_only_heap_fetches;
        a.node = id;
        a.relation = table_sql(n);
        a.evidence = fmt::format("{} returned {} rows but had to visit the table for {} of them (Heap Fetches: {:.0f}, {})",
                                 node_label(n), grouped_count(returned), grouped_count(*fetches), *fetches,
                                 percent_text(returned > 0 ? std::min(1.0, *fetches / returned) : 1.0));
        a.action = fmt::format("An index-only scan skips the table only for pages the visibility map marks all-visible. "
                               "Many heap fetches mean {} has many recently changed pages: VACUUM it (and let "
                               "autovacuum keep up, e.g. a lower autovacuum_vacuum_scale_factor for this table, or "
                               "autovacuum_vacuum_insert_scale_factor for insert-mostly tables).", a.relation);
        a.statement = fmt::format("VACUUM (ANALYZE) {};", a.relation);
        a.confidence = by_share(cx, id, *fetches >= 0.5 * returned ? Confidence::high : Confidence::medium);
        out.push_back(std::move(a));
    }
}

void bitmap_lossy(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        if (n.kind != NodeKind::bitmap_heap_scan) continue;
        const Property* p = plan.find(n, PropertyKind::heap_blocks);
        const auto blocks = p ? decode_heap_blocks(p->value) : std::nullopt;
        if (!blocks || blocks->lossy <= 0) continue;
        // An exact bitmap keeps one ~64-byte entry per heap page (tidbitmap.c's
        // PagetableEntry plus hash overhead); half again for headroom.
        const double pages = static_cast<double>(blocks->exact + blocks->lossy);
        const double kb = pages * 64 * 1.5 / 1024;
        Advice a;
        a.rule = rules::bitmap_lossy;
        a.node = id;
        a.relation = table_sql(n);
        a.evidence = fmt::format("{}: Heap Blocks: exact={} lossy={}", node_label(n), blocks->exact, blocks->lossy);
        if (const auto recheck = plan.number(n, PropertyKind::rows_removed_by_index_recheck))
            a.evidence += fmt::format("; Rows Removed by Index Recheck: {:.0f}", *recheck);
        a.action = fmt::format("The bitmap outgrew work_mem and degraded to whole pages for {} blocks, so every row "
                               "on those pages was rechecked against the condition. An exact bitmap of {} pages "
                               "needs about {} of work_mem; raise it for this query (SET LOCAL inside a "
                               "transaction) rather than globally.",
                               blocks->lossy, grouped_count(pages), megabytes_text(kb));
        a.statement = fmt::format("SET work_mem = '{}';", megabytes_text(kb));
        a.confidence = by_share(cx, id, blocks->lossy >= blocks->exact ? Confidence::high : Confidence::medium);
        out.push_back(std::move(a));
    }
}

// ---- work-mem-spill ---------------------------------------------------------------

namespace {

// In-memory sizes, measured on PostgreSQL 15 by running the same spilling
// query with work_mem large enough (docs/advice.md, work-mem-spill):
constexpr double sort_bytes_per_row = 80;      // SortTuple slot, tuple header and allocation, beyond the disk copy
constexpr double hashagg_bytes_per_group = 128; // hash entry, tuple header, allocation, beyond the group's width
constexpr double hash_batch_headroom = 1.2;     // batches are not all the size of the largest
constexpr double tuplestore_factor = 2;         // a tuplestore in memory against its temp file (rough)
constexpr double large_kb = 1024 * 1024;        // beyond this much for one operation, say memory is not the fix

struct Spill {
    std::string evidence;    ///< the plan's figures
    std::string arithmetic;  ///< how needed_kb follows from them
    double needed_kb = 0;    ///< memory the operation needs, per process (hash_mem for hashes)
    std::string_view what;   ///< "sort", "hash table", ...
    bool hash_mem = false;   ///< limited by work_mem x hash_mem_multiplier (PostgreSQL 13+)
};

std::string kb_text(double kb) { return fmt::format("{} kB", grouped_count(std::ceil(kb))); }

/// One process's rows: its own when VERBOSE printed the workers' (the
/// leader's, worker -1, is what the totals leave), else the per-loop figure
/// PostgreSQL prints (under a Gather, the average process).
double rows_of(const Plan& plan, NodeId id, int worker) {
    const Node& n = plan.nodes[id];
    for (const WorkerTime& w : worker_times(plan, id))
        if (w.worker == worker && w.loops > 0) return w.rows / w.loops;
    return n.actuals ? n.actuals->rows : 0;
}

/// Sort Method: external merge  Disk: NkB (the node's own line and its workers'):
/// the disk copy plus each row's in-memory overhead.
std::optional<Spill> sort_spill(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    double disk = 0, incremental_peak = 0;
    int spilling = 0, worker = -1;
    std::string_view method;
    for (const Property& p : plan.properties_of(n)) {
        if (p.kind == PropertyKind::full_sort_groups || p.kind == PropertyKind::pre_sorted_groups) {
            if (const auto g = decode_sort_groups(p.value); g && g->peak_disk_kb && *g->peak_disk_kb > 0)
                incremental_peak = std::max(incremental_peak, static_cast<double>(*g->peak_disk_kb)), ++spilling;
            continue;
        }
        if (p.kind != PropertyKind::sort_method) continue;
        const auto m = decode_sort_method(p.value);
        if (!m || m->space_type != "Disk") continue;
        ++spilling;
        if (static_cast<double>(m->kb) > disk) disk = static_cast<double>(m->kb), method = m->method, worker = p.worker;
    }
    if (spilling == 0) return std::nullopt;
    const std::string processes = spilling > 1 ? fmt::format(" (the largest of {} processes)", spilling) : "";
    if (disk <= 0) {  // an Incremental Sort's groups: only the peak of one group is printed
        return Spill{fmt::format("{} spilled sort groups to disk: peak {}{}", n.name, kb_text(incremental_peak),
                                 processes),
                     fmt::format("2 x the peak disk use of a group, {} (rough: rows per group are not printed)",
                                 kb_text(incremental_peak)),
                     2 * incremental_peak, "sort", false};
    }
    const double rows = rows_of(plan, id, worker);
    const double needed = disk + rows * sort_bytes_per_row / 1024;
    return Spill{fmt::format("{} spilled to disk: Sort Method: {}  Disk: {:.0f}kB{}", n.name, method, disk,
                             processes),
                 fmt::format("{} on disk + {} rows x {:.0f} bytes each in memory (sort slot, tuple header, "
                             "allocation) = {}",
                             kb_text(disk), grouped_count(rows), sort_bytes_per_row, kb_text(needed)),
                 needed, "sort", false};
}

/// Hash: Buckets: N  Batches: B (originally 1)  Memory Usage: MkB. Memory
/// Usage is the peak of one batch: all batches together need about B times it.
/// A Parallel Hash builds one shared table whose limit is every process's
/// hash_mem together.
std::optional<Spill> hash_spill(const Plan& plan, NodeId id, double processes) {
    const Node& n = plan.nodes[id];
    const Property* p = plan.find(n, PropertyKind::buckets);
    const auto b = p ? decode_buckets(p->value) : std::nullopt;
    if (!b || b->batches <= 1) return std::nullopt;
    const double whole = static_cast<double>(b->memory_kb) * static_cast<double>(b->batches) * hash_batch_headroom;
    const bool shared = n.name.starts_with("Parallel") && processes > 1;
    const double needed = shared ? whole / processes : whole;
    std::string arithmetic = fmt::format("{} batches x {} (the largest batch in memory) x {} (batches differ in "
                                         "size) = {}",
                                         b->batches, kb_text(static_cast<double>(b->memory_kb)), hash_batch_headroom,
                                         kb_text(whole));
    if (shared)
        arithmetic += fmt::format(", shared by {:g} processes: {} each", processes, kb_text(needed));
    return Spill{fmt::format("{} split its table into {} batches{} (Memory Usage: {}kB)", n.name, b->batches,
                             b->original_batches != b->batches ? fmt::format(" (planned {})", b->original_batches)
                                                               : std::string(),
                             b->memory_kb),
                 std::move(arithmetic), needed, "hash table", true};
}

/// HashAggregate: [Planned Partitions: P]  Batches: B  Memory Usage: MkB  Disk Usage: DkB (PostgreSQL 13+).
/// What went to disk are input rows not yet aggregated; in memory every group
/// carries a hash entry: the larger of the two measures.
std::optional<Spill> hashagg_spill(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    double memory = 0, disk = 0, batches = 0;
    int spilling = 0;
    for (const Property& p : plan.properties_of(n)) {
        if (p.kind != PropertyKind::hashagg_batches && p.kind != PropertyKind::planned_partitions) continue;
        const auto h = decode_hashagg(p.kind, p.value);
        if (!h || (h->disk_kb <= 0 && h->batches.value_or(1) <= 1)) continue;
        ++spilling;
        const double m = static_cast<double>(h->memory_kb.value_or(0)), d = static_cast<double>(h->disk_kb);
        if (m + d > memory + disk) memory = m, disk = d, batches = static_cast<double>(h->batches.value_or(1));
    }
    if (spilling == 0) return std::nullopt;
    // Groups a HAVING removed were in the hash table too.
    const double groups = (n.actuals ? n.actuals->rows : 0) + plan.number(n, PropertyKind::rows_removed_by_filter).value_or(0);
    const double width = n.estimates ? static_cast<double>(n.estimates->width) : 0;
    const double by_disk = memory + disk, by_groups = groups * (width + hashagg_bytes_per_group) / 1024;
    return Spill{fmt::format("{} spilled: Batches: {:g}  Memory Usage: {:.0f}kB  Disk Usage: {:.0f}kB{}", n.name,
                             batches, memory, disk,
                             spilling > 1 ? fmt::format(" (the largest of {} processes)", spilling) : ""),
                 fmt::format("the larger of Memory Usage + Disk Usage ({} + {} = {}) and {} groups x ({} bytes wide "
                             "+ {:.0f} bytes of hash entry) = {}",
                             kb_text(memory), kb_text(disk), kb_text(by_disk), grouped_count(groups), width,
                             hashagg_bytes_per_group, kb_text(by_groups)),
                 std::max(by_disk, by_groups), "hash aggregate", true};
}

/// Any other node that wrote temporary files of its own (BUFFERS: a
/// Materialize, WindowAgg, CTE or function result that outgrew work_mem and
/// went to a tuplestore file).
std::optional<Spill> tuplestore_spill(const Plan& plan, NodeId id, const IoProfile& io) {
    const Node& n = plan.nodes[id];
    if (!io.buffers || id >= io.nodes.size()) return std::nullopt;
    const bool tuplestore = n.kind == NodeKind::materialize || n.kind == NodeKind::window_agg ||
                            n.kind == NodeKind::cte_scan || n.kind == NodeKind::function_scan ||
                            n.kind == NodeKind::table_function_scan || n.kind == NodeKind::recursive_union ||
                            n.kind == NodeKind::worktable_scan || n.relationship == Relationship::init_plan;
    const double written = static_cast<double>(io[id].buffers.temp_written);
    if (!tuplestore || written <= 0) return std::nullopt;
    const double kb = written * 8;
    return Spill{fmt::format("{} wrote {} temp blocks ({}) of its own", n.name, grouped_count(written), kb_text(kb)),
                 fmt::format("{} temp blocks x 8 kB x {:g} (rows in memory carry headers and pointers; rough) = {}",
                             grouped_count(written), tuplestore_factor, kb_text(kb * tuplestore_factor)),
                 kb * tuplestore_factor, "tuplestore", false};
}

/// `name = 'value'` from the plan's "Settings:" line (EXPLAIN (SETTINGS) prints the non-default ones).
std::optional<std::string_view> setting(const Plan& plan, std::string_view name) {
    for (const Property& p : plan.summary) {
        if (p.kind != PropertyKind::settings) continue;
        const std::string key = fmt::format("{} = '", name);
        const std::size_t at = p.value.find(key);
        if (at == std::string_view::npos || (at > 0 && p.value[at - 1] != ' ')) continue;
        const std::size_t from = at + key.size(), to = p.value.find('\'', from);
        if (to != std::string_view::npos) return p.value.substr(from, to - from);
    }
    return std::nullopt;
}

/// Processes that run a node, each with its own work_mem: the workers launched under its Gather and the leader.
double processes_of(const Plan& plan, const Node& n) {
    for (NodeId up = n.parent; up != no_node; up = plan.nodes[up].parent) {
        const Node& g = plan.nodes[up];
        if (g.kind != NodeKind::gather && g.kind != NodeKind::gather_merge) continue;
        const auto launched = plan.number(g, PropertyKind::workers_launched);
        const auto planned = plan.number(g, PropertyKind::workers_planned);
        return 1 + launched.value_or(planned.value_or(0));
    }
    return 1;
}

/// Nodes that may each take up to work_mem (or hash_mem) at the same time.
std::size_t memory_operations(const Plan& plan) {
    std::size_t count = 0;
    for (const Node& n : plan.nodes)
        count += n.kind == NodeKind::sort || n.kind == NodeKind::incremental_sort || n.kind == NodeKind::hash ||
                 n.kind == NodeKind::materialize || n.kind == NodeKind::memoize || n.kind == NodeKind::window_agg ||
                 ((n.kind == NodeKind::aggregate || n.kind == NodeKind::set_op) &&
                  (n.strategy == Strategy::hashed || n.strategy == Strategy::mixed));
    return count;
}

}  // namespace

void work_mem_spill(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    const IoProfile io = exclusive_io(plan);
    const auto multiplier_text = setting(plan, "hash_mem_multiplier");
    double multiplier = 0;  // 0: not in the plan's Settings
    if (multiplier_text)
        if (const auto value = decode_number(*multiplier_text)) multiplier = *value;
    const auto current = setting(plan, "work_mem");
    const std::size_t operations = memory_operations(plan);
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        const double processes = processes_of(plan, n);
        std::optional<Spill> s;
        if (n.kind == NodeKind::sort || n.kind == NodeKind::incremental_sort) s = sort_spill(plan, id);
        else if (n.kind == NodeKind::hash) s = hash_spill(plan, id, processes);
        else if (n.kind == NodeKind::aggregate || n.kind == NodeKind::set_op) s = hashagg_spill(plan, id);
        else s = tuplestore_spill(plan, id, io);
        if (!s) continue;
        // With BUFFERS the node's own temp blocks say how much went through files.
        if (s->what != "tuplestore" && io.buffers && id < io.nodes.size() && io[id].buffers.temp_written > 0)
            s->evidence += fmt::format("; its own temp blocks: {} written, {} read",
                                       grouped_count(static_cast<double>(io[id].buffers.temp_written)),
                                       grouped_count(static_cast<double>(io[id].buffers.temp_read)));
        // A hash may use work_mem x hash_mem_multiplier: 2.0 by default from
        // PostgreSQL 15, 1.0 in 13 and 14. Unless the plan's Settings say, size
        // for 1.0, which is enough on every version, and say what 2.0 allows.
        const double factor = s->hash_mem && multiplier > 0 ? multiplier : 1.0;
        const std::string mem = megabytes_text(s->needed_kb / factor);
        Advice a;
        a.rule = rules::work_mem_spill;
        a.node = id;
        a.evidence = s->evidence;
        a.action = fmt::format("The {} did not fit in work_mem{}{} and went through temporary files. To keep it in "
                               "memory it needs about {}: {}",
                               s->what, s->hash_mem ? " x hash_mem_multiplier" : "",
                               current ? fmt::format(" (work_mem = '{}')", *current) : std::string(),
                               kb_text(s->needed_kb), s->arithmetic);
        if (s->hash_mem && factor != 1.0)
            a.action += fmt::format("; with hash_mem_multiplier = {} that is work_mem = {}", *multiplier_text, mem);
        else if (s->hash_mem)
            a.action += fmt::format(", so work_mem = {} (enough on every version; with hash_mem_multiplier = 2.0, "
                                    "the default from PostgreSQL 15, {} is enough)",
                                    mem, megabytes_text(s->needed_kb / 2));
        else
            a.action += fmt::format(", so work_mem = {}", mem);
        a.action += fmt::format(". work_mem is a limit per operation and per process, not per query: {}{}. Set it "
                                "for this query (SET LOCAL inside a transaction) rather than globally, where every "
                                "sort and hash of every session may take it.",
                                operations > 1 ? fmt::format("the {} sort, hash and materialize operations of this "
                                                             "plan may each take that much",
                                                             operations)
                                               : std::string("this is the plan's only sort or hash, but every "
                                                             "session gets its own"),
                                processes > 1 ? fmt::format(", and this one runs in {:g} processes (workers and "
                                                            "leader), each with its own, up to {}",
                                                            processes, megabytes_text(processes * s->needed_kb / factor))
                                              : std::string());
        if (s->needed_kb / factor > large_kb)
            a.action += " More than 1GB for one operation is rarely worth it: fewer or narrower rows reaching it "
                        "(a filter, a join or an aggregate earlier) is the better fix.";
        a.statement = fmt::format("SET work_mem = '{}';", mem);
        const auto share = cx.share(id);
        a.confidence = by_share(cx, id, share && *share >= 0.2 ? Confidence::high : Confidence::medium);
        out.push_back(std::move(a));
    }
}

}  // namespace planlens::advice

// index-only-heap-fetches, bitmap-lossy, work-mem-spill: the plan shows a
// setting or maintenance problem rather than a missing index.
#include "rules.hpp"

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
        a.evidence = fmt::format("{} returned {} rows but had to visit the table for {} of them (Heap Fetches: {}, {})",
                                 node_label(n), count_text(returned), count_text(*fetches), count_text(*fetches),
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
            a.evidence += fmt::format("; Rows Removed by Index Recheck: {}", count_text(*recheck));
        a.action = fmt::format("The bitmap outgrew work_mem and degraded to whole pages for {} blocks, so every row "
                               "on those pages was rechecked against the condition. An exact bitmap of {} pages "
                               "needs about {} of work_mem; raise it for this query (SET LOCAL inside a "
                               "transaction) rather than globally.",
                               blocks->lossy, count_text(pages), megabytes_text(kb));
        a.statement = fmt::format("SET work_mem = '{}';", megabytes_text(kb));
        a.confidence = by_share(cx, id, blocks->lossy >= blocks->exact ? Confidence::high : Confidence::medium);
        out.push_back(std::move(a));
    }
}

// ---- work-mem-spill ---------------------------------------------------------------

namespace {

struct Spill {
    std::string evidence;
    double needed_kb = 0;  ///< rough memory the operation needs to stay in memory
    std::string what;      ///< "sort", "hash table", "hash aggregate"
};

/// Sort Method: external merge  Disk: NkB (the node's own line and its workers').
std::optional<Spill> sort_spill(const Plan& plan, const Node& n) {
    double disk = 0;
    int spilling = 0;
    std::string_view method;
    for (const Property& p : plan.properties_of(n)) {
        if (p.kind != PropertyKind::sort_method) continue;
        const auto m = decode_sort_method(p.value);
        if (!m || m->space_type != "Disk") continue;
        disk = std::max(disk, static_cast<double>(m->kb));
        method = m->method;
        ++spilling;
    }
    if (spilling == 0) return std::nullopt;
    // On disk a tuple is stored compactly; in memory each also carries a
    // SortTuple slot and allocation overhead: about twice the disk size, or
    // width + ~56 bytes per row, whichever is larger.
    double per_process_rows = n.actuals ? n.actuals->rows : 0;
    const double width = n.estimates ? static_cast<double>(n.estimates->width) : 0;
    const double needed = std::max(disk * 2, per_process_rows * (width + 56) / 1024);
    Spill s{fmt::format("{} spilled to disk: Sort Method: {}, Disk: {}kB{}", n.name, method, count_text(disk),
                        spilling > 1 ? fmt::format(" (largest of {} processes)", spilling) : std::string()),
            needed, "sort"};
    return s;
}

/// Hash: Buckets: N  Batches: B (originally 1)  Memory Usage: MkB
std::optional<Spill> hash_spill(const Plan& plan, const Node& n) {
    const Property* p = plan.find(n, PropertyKind::buckets);
    const auto b = p ? decode_buckets(p->value) : std::nullopt;
    if (!b || b->batches <= 1) return std::nullopt;
    // Memory Usage is the peak of one batch: all batches together need about batches x that.
    const double needed = static_cast<double>(b->memory_kb) * static_cast<double>(b->batches) * 1.2;
    return Spill{fmt::format("Hash split its table into {} batches{} (Memory Usage: {}kB per batch)", b->batches,
                             b->original_batches != b->batches ? fmt::format(" (planned {})", b->original_batches)
                                                               : std::string(),
                             b->memory_kb),
                 needed, "hash table"};
}

/// HashAggregate: [Planned Partitions: P]  Batches: B  Memory Usage: MkB  Disk Usage: DkB (PostgreSQL 13+)
std::optional<Spill> hashagg_spill(const Plan& plan, const Node& n) {
    std::optional<HashAggStats> h;
    for (PropertyKind kind : {PropertyKind::hashagg_batches, PropertyKind::planned_partitions})
        if (const Property* p = plan.find(n, kind); p && !h) h = decode_hashagg(kind, p->value);
    if (!h || (h->disk_kb <= 0 && h->batches.value_or(1) <= 1)) return std::nullopt;
    // Memory Usage is where the table stopped growing; what went to disk are
    // input rows not yet aggregated: together an upper bound of what it needs.
    const double memory = static_cast<double>(h->memory_kb.value_or(0)), disk = static_cast<double>(h->disk_kb);
    return Spill{fmt::format("{} spilled: Batches: {}, Memory Usage: {}kB, Disk Usage: {}kB", n.name,
                             h->batches.value_or(1), count_text(memory), count_text(disk)),
                 memory + disk, "hash aggregate"};
}

}  // namespace

void work_mem_spill(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        std::optional<Spill> s;
        if (n.kind == NodeKind::sort || n.kind == NodeKind::incremental_sort) s = sort_spill(plan, n);
        if (n.kind == NodeKind::hash) s = hash_spill(plan, n);
        if (n.kind == NodeKind::aggregate || n.kind == NodeKind::set_op) s = hashagg_spill(plan, n);
        if (!s) continue;
        const std::string mem = megabytes_text(s->needed_kb);
        Advice a;
        a.rule = rules::work_mem_spill;
        a.node = id;
        a.evidence = s->evidence;
        a.action = fmt::format("The {} did not fit in work_mem and went through temporary files. Roughly {} keeps it "
                               "in memory (an estimate from the printed figures). Set it for this query (SET LOCAL "
                               "inside a transaction) rather than globally: every sort and hash of every session may "
                               "use that much.", s->what, mem);
        if (s->what != "sort")
            a.action += " Hash operations may use work_mem x hash_mem_multiplier (2.0 by default from PostgreSQL 15), "
                        "so raising hash_mem_multiplier is an alternative.";
        a.statement = fmt::format("SET work_mem = '{}';", mem);
        const auto share = cx.share(id);
        a.confidence = by_share(cx, id, share && *share >= 0.2 ? Confidence::high : Confidence::medium);
        out.push_back(std::move(a));
    }
}

}  // namespace planlens::advice

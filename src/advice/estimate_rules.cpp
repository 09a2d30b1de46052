// row-misestimate and no-index-helps: when the planner was misinformed, and
// when the work is inherent in the query so that no index will help.
#include "rules.hpp"

#include <planlens/hot_nodes.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace planlens::advice {

// ---- row-misestimate ------------------------------------------------------------

namespace {

/// Nodes whose row estimate is the planner's own judgement (not copied from a child).
bool estimates_rows(const Node& n) {
    return is_table_scan(n) || is_join(n.kind) || (n.kind == NodeKind::aggregate && n.strategy != Strategy::plain);
}

/// Off from its estimate as far, and the same way, as `like`.
bool off_the_same_way(const Plan& plan, NodeId id, const RowEstimate& like) {
    const auto e = row_estimate(plan, id);
    return e && !e->default_guess && e->under == like.under && e->factor >= misestimate_min_factor;
}

/// Where a mis-estimate starts: down from `id` through the inputs that are
/// off the same way, to the deepest node whose estimate is the planner's own
/// judgement (else the deepest of them: a CTE Scan repeats its CTE's guess).
/// Its tables' statistics are what to fix.
NodeId where_it_starts(const Plan& plan, NodeId id, const RowEstimate& e) {
    NodeId judged = no_node, deepest = id;
    if (estimates_rows(plan.nodes[id])) judged = id;
    for (NodeId at = id; at != no_node;) {
        const NodeId from = at;
        at = no_node;
        for (NodeId c : child_ids(plan, plan.nodes[from]))
            if (plan.nodes[c].relationship != Relationship::init_plan &&
                plan.nodes[c].relationship != Relationship::sub_plan && off_the_same_way(plan, c, e)) {
                at = deepest = c;
                if (estimates_rows(plan.nodes[c])) judged = c;
                break;
            }
    }
    return judged != no_node && judged != id ? judged : deepest;
}

std::string rows_text(double rows) { return grouped_count(rows) + (std::llround(rows) == 1 ? " row" : " rows"); }

std::string estimate_text(const Node& n) {
    return fmt::format("{}: estimated {}, actual {}{}", node_label(n), rows_text(n.estimates->rows),
                       grouped_count(n.actuals->rows),
                       n.actuals->loops > 1 ? fmt::format(" per loop x {} loops", grouped_count(n.actuals->loops)) : "");
}

/// Columns per table (by SQL name) that the node's conditions or keys mention.
std::map<std::string, std::vector<std::string>> involved_columns(const Context& cx, NodeId id) {
    std::map<std::string, std::vector<std::string>> out;
    auto take = [&](const Expression& e) {
        for (ExprId c : columns_in(e, e.root)) {
            if (e[c].scan == no_node || !is_table_scan(cx.plan.nodes[e[c].scan])) continue;
            auto& cols = out[table_sql(cx.plan.nodes[e[c].scan])];
            std::string sql = column_sql(e[c]);
            if (std::find(cols.begin(), cols.end(), sql) == cols.end()) cols.push_back(std::move(sql));
        }
    };
    for (PropertyKind k : {PropertyKind::filter, PropertyKind::index_cond, PropertyKind::recheck_cond,
                           PropertyKind::hash_cond, PropertyKind::merge_cond, PropertyKind::join_filter})
        if (const Expression* e = cx.condition(id, k)) take(*e);
    const Node& n = cx.plan.nodes[id];
    if (const Property* g = cx.plan.find(n, PropertyKind::group_key)) {
        const RelationScope scope = scope_of(cx.plan, n);
        split_list(g->value, [&](std::string_view item) {
            Expression e = parse_expression(item);
            resolve(e, cx.plan, scope);
            take(e);
        });
    }
    // A nested loop's join key usually sits in the inner index scan's Index Cond.
    if (n.kind == NodeKind::nested_loop)
        for (NodeId c : child_ids(cx.plan, n))
            if (is_table_scan(cx.plan.nodes[c]))
                if (const Expression* e = cx.condition(c, PropertyKind::index_cond)) take(*e);
    return out;
}

void statistics_advice(const Context& cx, NodeId id, Advice& a) {
    const Node& n = cx.plan.nodes[id];
    const auto tables = involved_columns(cx, id);
    std::vector<std::string> names, stats;
    for (const auto& [table, cols] : tables) {
        names.push_back(table);
        if (cols.size() >= 2 && !is_join(n.kind))
            stats.push_back(fmt::format("CREATE STATISTICS ON {} FROM {};", fmt::join(cols, ", "), table));
    }
    if (names.empty() && is_table_scan(n)) names.push_back(table_sql(n));
    a.relation = names.empty() ? std::string() : names.front();
    if (!names.empty()) stats.push_back(fmt::format("ANALYZE {};", fmt::join(names, ", ")));
    a.statement = fmt::format("{}", fmt::join(stats, "\n"));
    if (is_join(n.kind))
        a.action = "Join estimates come from the per-column statistics of the join keys (distinct values, most common "
                   "values): ANALYZE the tables; if a key is skewed, raise its statistics target (ALTER TABLE ... "
                   "ALTER COLUMN ... SET STATISTICS 1000). A wrong join estimate misleads every choice above it "
                   "(join method, join order, memory).";
    else if (n.kind == NodeKind::aggregate)
        a.action = "The number of groups comes from the distinct counts of the GROUP BY columns (rows=200 is "
                   "PostgreSQL's guess when it has none): ANALYZE; for several columns of one table, extended "
                   "statistics (ndistinct) tell the planner how many combinations really occur.";
    else
        a.action = "Refresh the statistics with ANALYZE. If the estimate stays wrong and the conditions are on "
                   "correlated columns, extended statistics (CREATE STATISTICS) let the planner combine them; for "
                   "one skewed column, raise its statistics target (ALTER TABLE ... ALTER COLUMN ... SET "
                   "STATISTICS 1000).";
}

}  // namespace

void row_misestimate(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    std::vector<bool> reported(plan.nodes.size(), false);
    // Only a mis-estimate that changed the plan is worth fixing: misestimate_effect()
    // is the same test the row-misestimate finding of planlens hot uses.
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const auto effect = misestimate_effect(plan, id);
        if (!effect) continue;
        const RowEstimate& e = effect->estimate;
        const NodeId origin = where_it_starts(plan, id, e);
        if (reported[origin]) continue;
        reported[origin] = true;
        Advice a;
        a.rule = rules::row_misestimate;
        a.node = origin;
        a.evidence = fmt::format("{} ({}x {} than estimated): {}", estimate_text(plan.nodes[id]),
                                 grouped_count(e.factor), e.under ? "more" : "fewer", effect->consequence);
        if (origin != id)
            a.evidence += fmt::format("; the estimate is first off at {}", estimate_text(plan.nodes[origin]));
        statistics_advice(cx, origin, a);
        a.confidence = by_share(cx, effect->decision, e.factor >= 100 ? Confidence::medium : Confidence::low);
        out.push_back(std::move(a));
    }
}

// ---- no-index-helps -----------------------------------------------------------------

namespace {

double kept_share(const Plan& plan, const Node& n) { return 1 - removed_share(plan, n); }

/// Table scans whose rows flow into aggregate `agg` (not through InitPlans,
/// SubPlans or another complete aggregate).
std::vector<NodeId> feeding_scans(const Plan& plan, NodeId agg) {
    std::vector<NodeId> out, stack = child_ids(plan, plan.nodes[agg]);
    while (!stack.empty()) {
        const NodeId id = stack.back();
        stack.pop_back();
        const Node& n = plan.nodes[id];
        if (n.relationship == Relationship::init_plan || n.relationship == Relationship::sub_plan) continue;
        if (n.kind == NodeKind::aggregate && n.partial_mode != PartialMode::partial) continue;
        if (is_table_scan(n)) out.push_back(id);
        for (NodeId c : child_ids(plan, n)) stack.push_back(c);
    }
    return out;
}

/// A scan that reads (nearly) its whole table: no Index Cond narrowing it,
/// large, and keeping at least `kept` of what it reads.
bool reads_whole_table(const Context& cx, NodeId id) {
    const Node& n = cx.plan.nodes[id];
    if (!n.actuals || n.never_executed) return false;
    if (cx.plan.find(n, PropertyKind::index_cond) || cx.plan.find(n, PropertyKind::recheck_cond)) return false;
    return rows_read_per_pass(cx.plan, n) >= cx.options.min_table_rows && kept_share(cx.plan, n) >= cx.options.inherent_kept_share;
}

bool selective_scan(const Context& cx, NodeId id) {
    const Node& n = cx.plan.nodes[id];
    return n.actuals && rows_read_per_pass(cx.plan, n) >= cx.options.min_table_rows &&
           removed_share(cx.plan, n) >= cx.options.min_removed_share;
}

std::string whole_read_text(const Context& cx, const Node& s) {
    const double removed = removed_share(cx.plan, s);
    std::string out = fmt::format("{} read {}", node_label(s), rows_read_text(cx.plan, s));
    if (s.kind == NodeKind::index_only_scan || s.kind == NodeKind::index_scan)
        out += fmt::format(" (every entry of index {}: no Index Cond)", s.target.index);
    if (removed > 0)
        out += fmt::format(", its Filter kept {}", percent_text(1 - removed));
    else
        out += cx.plan.find(s, PropertyKind::filter) ? ", its Filter removed nothing" : ", no Filter";
    return out;
}

/// Rows that enter the aggregation: the input of the aggregate, or of the
/// Partial Aggregate below a Finalize one (over all processes).
double aggregated_rows(const Plan& plan, NodeId agg) {
    NodeId at = agg;
    if (plan.nodes[agg].partial_mode == PartialMode::finalize)
        for (NodeId id = agg + 1; id < plan.nodes.size() && plan.nodes[id].depth > plan.nodes[agg].depth; ++id)
            if (plan.nodes[id].kind == NodeKind::aggregate && plan.nodes[id].partial_mode == PartialMode::partial) {
                at = id;
                break;
            }
    for (NodeId c : child_ids(plan, plan.nodes[at])) {
        const Node& n = plan.nodes[c];
        if (n.relationship == Relationship::init_plan || n.relationship == Relationship::sub_plan) continue;
        return rows_returned(n);
    }
    return 0;
}

void aggregate_over_everything(const Context& cx, NodeId agg, std::vector<bool>& explained, Sink& out) {
    const Plan& plan = cx.plan;
    const std::vector<NodeId> scans = feeding_scans(plan, agg);
    NodeId biggest = no_node;
    for (NodeId s : scans) {
        if (selective_scan(cx, s)) return;  // an index on that filter would help: index-for-filter says so
        if (reads_whole_table(cx, s) &&
            (biggest == no_node || rows_read_per_pass(plan, plan.nodes[s]) > rows_read_per_pass(plan, plan.nodes[biggest])))
            biggest = s;
    }
    if (biggest == no_node) return;
    const Node& a_node = plan.nodes[agg];
    const Node& scan = plan.nodes[biggest];
    // The rows must reach the aggregate: when a join in between discards most
    // of them, an index on the join key might avoid reading the rest.
    const double kept = rows_returned_per_pass(scan);
    if (aggregated_rows(plan, agg) < cx.options.inherent_kept_share * kept) return;
    explained[biggest] = true;
    Advice a;
    a.rule = rules::no_index_helps;
    a.node = agg;
    a.relation = table_sql(scan);
    a.evidence = fmt::format("{} consumes every row of {}: {}", a_node.name, a.relation, whole_read_text(cx, scan));
    a.action = fmt::format("The result depends on every row of {}, so all of them must be read; no index changes "
                           "that (an index-only scan of a narrow index reads fewer pages, but still every entry, and "
                           "only while the visibility map is current).", a.relation);
    if (const Property* g = plan.find(a_node, PropertyKind::group_key))
        a.action += fmt::format(" An index on the GROUP BY columns ({}) would only deliver the rows in group order "
                                "instead of hashing them; it still reads all {} rows.",
                                g->value, grouped_count(rows_read_per_pass(plan, scan)));
    a.action += " To make it faster, do less work per query: keep the aggregate up to date elsewhere (a summary "
                "table maintained by a trigger, or a materialized view refreshed on a schedule), or restrict the rows "
                "with a WHERE clause.";
    a.confidence = kept_share(plan, scan) >= 0.99 ? Confidence::high : Confidence::medium;
    out.push_back(std::move(a));
}

/// Whether the rows a scan keeps also survive the joins above it: a join that
/// discards most of them means the query does not need the whole table after all.
bool survives_joins(const Context& cx, const Node& scan, double kept) {
    for (NodeId up = scan.parent; up != no_node; up = cx.plan.nodes[up].parent) {
        const Node& a = cx.plan.nodes[up];
        if (a.relationship == Relationship::init_plan || a.relationship == Relationship::sub_plan) break;
        if (!is_join(a.kind)) continue;
        if (!a.actuals || rows_returned(a) < cx.options.inherent_kept_share * kept)
            return false;
    }
    return true;
}

void scan_keeps_most(const Context& cx, NodeId id, Sink& out) {
    const Node& n = cx.plan.nodes[id];
    if (n.kind != NodeKind::seq_scan || !reads_whole_table(cx, id)) return;
    const Expression* f = cx.condition(id, PropertyKind::filter);
    const auto share = cx.share(id);
    if (!f || !share || *share < 0.2) return;  // only worth saying where people will look for an index
    std::vector<std::string> cols;
    for (ExprId c : columns_in(*f, f->root))
        if ((*f)[c].scan == id && std::find(cols.begin(), cols.end(), column_sql((*f)[c])) == cols.end())
            cols.push_back(column_sql((*f)[c]));
    const double kept = rows_returned_per_pass(n);
    if (!survives_joins(cx, n, kept)) return;
    Advice a;
    a.rule = rules::no_index_helps;
    a.node = id;
    a.relation = table_sql(n);
    a.evidence = fmt::format("{} kept {} of {} rows ({}) and took {} of the query's {}; Filter: {}", node_label(n),
                             grouped_count(kept), grouped_count(rows_read_per_pass(cx.plan, n)), percent_text(kept_share(cx.plan, n)),
                             percent_text(*share), cx.share_basis(), f->text);
    a.action = fmt::format("The query needs {} of {}; reading it sequentially is the cheapest way to get that many "
                           "rows, and no index{} will make it faster. Reduce the rows the query asks for instead (a "
                           "tighter WHERE, or doing the later filtering, joining and sorting in the query that reads "
                           "this table).",
                           percent_text(kept_share(cx.plan, n)), a.relation,
                           cols.empty() ? std::string() : " on the filter's columns " + column_list(cols));
    a.confidence = kept_share(cx.plan, n) >= 0.9 ? Confidence::high : Confidence::medium;
    out.push_back(std::move(a));
}

}  // namespace

void no_index_helps(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    std::vector<bool> explained(plan.nodes.size(), false);
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        if (n.kind == NodeKind::aggregate && n.partial_mode != PartialMode::partial && n.actuals && !n.never_executed)
            aggregate_over_everything(cx, id, explained, out);
    }
    for (NodeId id = 0; id < plan.nodes.size(); ++id)
        if (!explained[id]) scan_keeps_most(cx, id, out);
}

}  // namespace planlens::advice

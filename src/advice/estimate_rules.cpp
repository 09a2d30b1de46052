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

/// Nodes that may legitimately stop before producing every row they were
/// estimated to: under a LIMIT, below a semi/anti join (one match is enough),
/// or below a Merge Join (it stops when the other input runs out).
bool may_stop_early(const Plan& plan, const Node& n) {
    for (NodeId up = n.parent; up != no_node; up = plan.nodes[up].parent) {
        const Node& a = plan.nodes[up];
        const JoinType j = a.join_type;
        if (a.kind == NodeKind::limit || a.kind == NodeKind::merge_join || j == JoinType::semi ||
            j == JoinType::anti || j == JoinType::right_semi || j == JoinType::right_anti)
            return true;
    }
    return false;
}

/// Whether anything above the node chose its strategy from this estimate (a
/// join, a grouping strategy, a hash table's size). A misestimate at the top
/// of the plan misleads nobody.
bool consequential(const Plan& plan, const Node& n) {
    for (NodeId up = n.parent; up != no_node; up = plan.nodes[up].parent) {
        const Node& a = plan.nodes[up];
        if (is_join(a.kind) || a.kind == NodeKind::hash || a.kind == NodeKind::memoize ||
            (a.kind == NodeKind::aggregate && a.strategy != Strategy::plain))
            return true;
    }
    return false;
}

/// +1 underestimate, -1 overestimate, 0 within the thresholds.
int misestimate(const AdviceOptions& o, const Plan& plan, const Node& n) {
    if (!n.estimates || !n.actuals || n.never_executed || !estimates_rows(n)) return 0;
    // PostgreSQL's defaults (200 groups, 1000 function rows) are no information: ANALYZE cannot fix them.
    if (const auto e = row_estimate(plan, plan.id_of(n)); !e || e->default_guess) return 0;
    const double est = n.estimates->rows, act = n.actuals->rows;
    const double ratio = std::max(act, 1.0) / std::max(est, 1.0);
    const bool under = ratio > 1;
    if ((under ? ratio : 1 / ratio) < o.min_misestimate_ratio) return 0;
    if (std::fabs(act - est) * std::max(1.0, n.actuals->loops) < o.min_misestimate_rows) return 0;
    if (!under && may_stop_early(plan, n)) return 0;
    if (!consequential(plan, n)) return 0;
    return under ? 1 : -1;
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
    std::vector<int> dir(plan.nodes.size(), 0);
    // Children before parents: a node is reported only where a misestimate
    // starts, not everywhere it propagates to.
    for (NodeId id = static_cast<NodeId>(plan.nodes.size()); id-- > 0;) {
        const Node& n = plan.nodes[id];
        dir[id] = misestimate(cx.options, plan, n);
        if (dir[id] == 0) continue;
        bool inherited = false;
        for (NodeId c : child_ids(plan, n)) inherited = inherited || dir[c] == dir[id];
        if (inherited) continue;
        Advice a;
        a.rule = rules::row_misestimate;
        a.node = id;
        const double est = n.estimates->rows, act = n.actuals->rows;
        const double ratio = std::max(act, 1.0) / std::max(est, 1.0);
        a.evidence = fmt::format("{}: estimated {} rows, actual {}{} ({:.0f}x {})", node_label(n), grouped_count(est),
                                 grouped_count(act), n.actuals->loops > 1 ? fmt::format(" per loop x {} loops", grouped_count(n.actuals->loops)) : "",
                                 ratio >= 1 ? ratio : 1 / ratio, dir[id] > 0 ? "more than estimated" : "fewer than estimated");
        statistics_advice(cx, id, a);
        a.confidence = by_share(cx, id, (ratio >= 100 || ratio <= 0.01) ? Confidence::medium : Confidence::low);
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

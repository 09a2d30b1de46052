// index-for-nested-loop and index-for-order: an index that turns repeated
// inner scans into lookups, or that hands a LIMIT / Merge Join its rows in
// order so the Sort disappears.
#include "rules.hpp"
#include "sargable.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace planlens::advice {

namespace {

void add_unique(std::vector<std::string>& list, std::string s) {
    if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(std::move(s));
}

/// Whether a value side names another relation's column or a parameter: a join key, not a constant.
bool from_outside(const Expression& e, ExprId value) {
    bool outside = false;
    walk(e, value, [&](ExprId at) { outside = outside || e[at].kind == ExprKind::column || e[at].kind == ExprKind::param; });
    return outside;
}

/// Equality columns of `scan` in `cond`: join keys (compared with another
/// relation or a parameter) into `joins`, constants into `constants`.
void equality_columns(const Expression& cond, NodeId scan, std::vector<std::string>& joins,
                      std::vector<std::string>& constants) {
    for (const KeyTerm& k : shape_of(cond, scan).keys) {
        if (k.use != KeyUse::equality || cond[k.term].kind != ExprKind::op) continue;
        const ExprId left = cond[k.term].first_child;
        const ExprId value = bare_column(cond, left, scan) == k.column ? cond[left].next_sibling : left;
        add_unique(from_outside(cond, value) ? joins : constants, column_sql(cond[k.column]));
    }
}

struct InnerSide {
    NodeId scan = no_node;
    NodeId materialize = no_node;  ///< the Materialize the scan hides under, if any
    double loops = 0, rows_per_loop = 0;
};

/// The Seq Scan a nested loop re-reads, seen through Memoize, Gather and Materialize.
std::optional<InnerSide> inner_seq_scan(const Plan& plan, const Node& loop) {
    const std::vector<NodeId> kids = child_ids(plan, loop);
    if (kids.size() < 2) return std::nullopt;
    InnerSide side;
    NodeId id = unwrap(plan, kids[1]);
    if (id != no_node && plan.nodes[id].kind == NodeKind::materialize) {
        side.materialize = id;
        id = unwrap(plan, plan.nodes[id].first_child);
    }
    if (id == no_node || plan.nodes[id].kind != NodeKind::seq_scan || !is_table_scan(plan.nodes[id])) return std::nullopt;
    const Node& rows_node = plan.nodes[side.materialize != no_node ? side.materialize : id];
    if (!rows_node.actuals || rows_node.never_executed) return std::nullopt;
    side.scan = id;
    side.loops = rows_node.actuals->loops;
    side.rows_per_loop = side.materialize != no_node ? rows_node.actuals->rows : rows_seen_per_loop(plan, plan.nodes[id]);
    return side;
}

}  // namespace

void index_for_nested_loop(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& loop = plan.nodes[id];
        if (loop.kind != NodeKind::nested_loop) continue;
        const auto inner = inner_seq_scan(plan, loop);
        if (!inner || inner->loops < cx.options.min_inner_loops || inner->rows_per_loop < 100 ||
            inner->loops * inner->rows_per_loop < cx.options.min_inner_rows_total)
            continue;
        const Node& scan = plan.nodes[inner->scan];
        std::vector<std::string> joins, constants;
        if (const Expression* jf = cx.condition(id, PropertyKind::join_filter)) equality_columns(*jf, inner->scan, joins, constants);
        if (const Expression* f = cx.condition(inner->scan, PropertyKind::filter)) equality_columns(*f, inner->scan, joins, constants);
        std::vector<std::string> columns = joins;
        for (std::string& c : constants) add_unique(columns, std::move(c));

        Advice a;
        a.rule = rules::index_for_nested_loop;
        a.node = inner->scan;
        a.relation = index_table_sql(cx.plan, scan);
        const double total = inner->loops * inner->rows_per_loop;
        a.evidence = inner->materialize == no_node
                         ? fmt::format("{} is the inner side of a Nested Loop and ran {} times, reading {} rows each "
                                       "time ({} rows in all)", node_label(scan), grouped_count(inner->loops),
                                       grouped_count(inner->rows_per_loop), grouped_count(total))
                         : fmt::format("{} is materialized under a Nested Loop and its {} rows were rescanned {} "
                                       "times ({} rows compared in all)", node_label(scan),
                                       grouped_count(inner->rows_per_loop), grouped_count(inner->loops), grouped_count(total));
        if (const auto removed = plan.number(loop, PropertyKind::rows_removed_by_join_filter))
            a.evidence += fmt::format("; Rows Removed by Join Filter: {:.0f}", *removed);
        if (joins.empty()) {
            a.action = fmt::format("Every outer row scans {} again. The join condition is not an equality on a column "
                                   "of {}, so no plain index turns it into a lookup; check whether the join can be "
                                   "written as an equality (then a Hash Join or an index applies).",
                                   a.relation, a.relation);
            a.confidence = Confidence::low;
            out.push_back(std::move(a));
            continue;
        }
        if (cx.existing_index(inner->scan, columns)) continue;
        a.columns = columns;
        a.equality_prefix = columns.size();
        a.statement = create_index(cx.plan, scan, columns);
        a.action = fmt::format("An index on {} {} turns each of the {} inner scans into an index lookup on the join "
                               "key {} (a parameterized Index Scan) instead of reading {} rows every time.",
                               a.relation, column_list(columns), grouped_count(inner->loops), fmt::join(joins, ", "),
                               grouped_count(inner->rows_per_loop));
        a.confidence = by_share(cx, id, total >= 1'000'000 && inner->materialize == no_node ? Confidence::high
                                                                                           : Confidence::medium);
        out.push_back(std::move(a));
    }
}

// ---- index-for-order -----------------------------------------------------------

namespace {

/// Sort keys as index columns ("created_at DESC"), when each is a plain column of `scan`.
std::optional<std::vector<std::string>> sort_columns(const Context& cx, NodeId sort, NodeId scan) {
    const Property* key = cx.plan.find(cx.plan.nodes[sort], PropertyKind::sort_key);
    if (!key) return std::nullopt;
    const RelationScope scope = scope_of(cx.plan, cx.plan.nodes[sort]);
    std::vector<std::string> cols;
    bool ok = true;
    split_list(key->value, [&](std::string_view item) {
        SortItem s = parse_sort_item(item);
        resolve(s.expr, cx.plan, scope);
        const ExprId col = s.expr.root == no_expr ? no_expr : bare_column(s.expr, s.expr.root, scan);
        if (col == no_expr || !s.using_operator.empty()) {
            ok = false;
            return;
        }
        std::string c = column_sql(s.expr[col]);
        if (s.descending) c += " DESC";
        if (s.nulls_first != s.descending) c += s.nulls_first ? " NULLS FIRST" : " NULLS LAST";
        cols.push_back(std::move(c));
    });
    if (!ok || cols.empty()) return std::nullopt;
    return cols;
}

double output_rows(const Node& n) {
    if (n.actuals) return rows_returned(n);
    return n.estimates ? n.estimates->rows : 0;
}

}  // namespace

void index_for_order(const Context& cx, Sink& out) {
    const Plan& plan = cx.plan;
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& sort = plan.nodes[id];
        if (sort.kind != NodeKind::sort || sort.parent == no_node) continue;
        NodeId up = sort.parent;
        if (plan.nodes[up].kind == NodeKind::gather_merge && plan.nodes[up].parent != no_node) up = plan.nodes[up].parent;
        const Node& consumer = plan.nodes[up];
        const bool limit = consumer.kind == NodeKind::limit;
        const bool merge = plan.nodes[sort.parent].kind == NodeKind::merge_join;
        if (!limit && !merge) continue;
        const NodeId scan_id = unwrap(plan, sort.first_child);
        if (scan_id == no_node || !is_table_scan(plan.nodes[scan_id])) continue;
        const Node& scan = plan.nodes[scan_id];
        const double sorted = output_rows(scan);
        if (sorted < cx.options.min_sort_rows) continue;
        if (limit && output_rows(consumer) * 10 > sorted) continue;  // the LIMIT keeps most rows anyway
        const auto keys = sort_columns(cx, id, scan_id);
        if (!keys) continue;
        // Equality conditions of the scan go first: the index then yields exactly
        // the matching rows, already in order.
        std::vector<std::string> columns, plain;
        if (const Expression* f = cx.condition(scan_id, PropertyKind::filter))
            for (const KeyTerm& k : shape_of(*f, scan_id).keys)
                if (k.use == KeyUse::equality) add_unique(columns, column_sql((*f)[k.column]));
        plain = columns;
        const std::size_t equalities = columns.size();
        for (const std::string& k : *keys) {
            add_unique(columns, k);
            add_unique(plain, k.substr(0, k.find(' ')));
        }
        if (cx.existing_index(scan_id, plain)) continue;

        Advice a;
        a.rule = rules::index_for_order;
        a.node = id;
        a.relation = index_table_sql(cx.plan, scan);
        a.columns = columns;
        a.equality_prefix = equalities;
        a.statement = create_index(cx.plan, scan, columns);
        const Property* key = plan.find(sort, PropertyKind::sort_key);
        if (limit) {
            a.evidence = fmt::format("Sort (Sort Key: {}) ordered {} rows from {} so that Limit could return {}",
                                     key->value, grouped_count(sorted), node_label(scan), grouped_count(output_rows(consumer)));
            a.action = fmt::format("An index on {} {} returns the rows already in that order: PostgreSQL reads just "
                                   "the first {} entries and stops, with no Sort and without reading the other rows.",
                                   a.relation, column_list(columns), grouped_count(output_rows(consumer)));
            a.confidence = by_share(cx, id, sorted >= 100'000 ? Confidence::high : Confidence::medium);
        } else {
            a.evidence = fmt::format("Sort (Sort Key: {}) ordered {} rows from {} for a Merge Join{}", key->value,
                                     grouped_count(sorted), node_label(scan), sort_spilled(plan, sort) ? ", spilling to disk" : "");
            a.action = fmt::format("A Merge Join needs its inputs in join-key order; an index on {} {} provides that "
                                   "order so the Sort goes away. Reading a whole table through an index is slower "
                                   "than a sequential scan, so this pays off mainly when the sort spills or the join "
                                   "stops early.", a.relation, column_list(columns));
            a.confidence = by_share(cx, id, sort_spilled(plan, sort) ? Confidence::medium : Confidence::low);
        }
        out.push_back(std::move(a));
    }
}

}  // namespace planlens::advice

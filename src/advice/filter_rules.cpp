// index-for-filter and non-sargable-filter: a scan whose Filter throws away
// most of what it reads, and whether an index could do that work instead.
#include "rules.hpp"
#include "sargable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace planlens::advice {

namespace {

/// A scan worth an index: it read a large table and its Filter removed most of it.
const Expression* wasteful_filter(const Context& cx, NodeId id) {
    const Node& n = cx.plan.nodes[id];
    if (!is_table_scan(n) || !n.actuals || n.never_executed) return nullptr;
    if (rows_read_per_pass(cx.plan, n) < cx.options.min_table_rows) return nullptr;
    if (removed_share(cx.plan, n) < cx.options.min_removed_share) return nullptr;
    return cx.condition(id, PropertyKind::filter);
}

/// "Parallel Seq Scan on meal read 399690 rows (...) and kept 3 (99.99% removed by its Filter)"
std::string scan_summary(const Context& cx, NodeId id) {
    const Node& n = cx.plan.nodes[id];
    const double kept = rows_returned_per_pass(n);
    return fmt::format("{} read {} and kept {}{} ({} removed by its Filter)", node_label(n), rows_read_text(cx.plan, n),
                       grouped_count(kept), n.parallel_aware || n.actuals->loops <= 1 ? "" : " per loop",
                       percent_text(removed_share(cx.plan, n)));
}

std::string filter_evidence(const Context& cx, NodeId id, const Expression& filter) {
    return fmt::format("{}; Filter: {}", scan_summary(cx, id), filter.text);
}

/// The index the scan itself reads and the key columns its Index Cond
/// reveals; none when it reads several (a BitmapAnd) or reveals nothing.
const KnownIndex* used_index(const Context& cx, NodeId id) {
    const KnownIndex* found = nullptr;
    for (const KnownIndex& k : cx.indexes()) {
        if (k.reader != id) continue;
        if (found) return nullptr;
        found = &k;
    }
    return found && !found->columns.empty() ? found : nullptr;
}

Confidence filter_confidence(const Context& cx, NodeId id) {
    const Node& n = cx.plan.nodes[id];
    const bool sweeping = removed_share(cx.plan, n) >= cx.options.high_removed_share && rows_read_per_pass(cx.plan, n) >= 100'000;
    return by_share(cx, id, sweeping ? Confidence::high : Confidence::medium);
}

std::string key_explanation(const Expression& f, const std::vector<KeyTerm>& keys, const std::vector<ExprId>& order) {
    std::vector<std::string> eq, range;
    for (ExprId col : order) {
        const auto k = std::find_if(keys.begin(), keys.end(), [&](const KeyTerm& t) { return f[t.column].name == f[col].name; });
        (k != keys.end() && k->use == KeyUse::equality ? eq : range).push_back(column_sql(f[col]));
    }
    std::string out;
    if (!eq.empty() && !range.empty())
        out = fmt::format(" Equality columns come first ({}), then the range column {}.", fmt::join(eq, ", "), range[0]);
    else if (eq.size() == 2)
        out = " Both conditions are equalities, so either column order serves this query.";
    else if (eq.size() > 2)
        out = fmt::format(" All {} conditions are equalities, so any column order serves this query.", eq.size());
    const bool like = std::any_of(keys.begin(), keys.end(), [](const KeyTerm& k) { return k.use == KeyUse::prefix_like; });
    if (like)
        out += " LIKE 'prefix%' uses a btree only under the C collation or with the text_pattern_ops operator class.";
    return out;
}

/// How many leading columns of `order` are equalities.
std::size_t equality_count(const Expression& f, const std::vector<KeyTerm>& keys, const std::vector<ExprId>& order) {
    std::size_t n = 0;
    for (ExprId col : order) {
        const auto k = std::find_if(keys.begin(), keys.end(), [&](const KeyTerm& t) { return f[t.column].name == f[col].name; });
        if (k == keys.end() || k->use != KeyUse::equality) break;
        ++n;
    }
    return n;
}

/// A GIN index for containment / full-text / jsonb operators, when nothing btree-able was found.
std::optional<std::string> gin_column(const Expression& f, const std::vector<KeyTerm>& keys) {
    for (const KeyTerm& k : keys)
        if (k.use == KeyUse::gin) return column_sql(f[k.column]);
    return std::nullopt;
}

/// A btree index on the Filter's sargable columns (after those of the index
/// the scan already uses), unless the plan has it already.
std::optional<Advice> btree_advice(const Context& cx, NodeId id, const Expression& f, const ConditionShape& shape) {
    const Node& n = cx.plan.nodes[id];
    const KnownIndex* used = used_index(cx, id);
    std::vector<std::string> columns = used ? used->columns : std::vector<std::string>{};
    // Several indexes combined in a BitmapAnd: one index on the Recheck Cond's
    // columns and then the Filter's answers the whole condition.
    const Expression* recheck = used ? nullptr : cx.condition(id, PropertyKind::recheck_cond);
    if (recheck)
        for (ExprId col : btree_key_order(*recheck, shape_of(*recheck, id).keys)) columns.push_back(column_sql((*recheck)[col]));
    const std::size_t kept = columns.size();
    const std::vector<ExprId> order = btree_key_order(f, shape.keys);
    for (ExprId col : order) {
        std::string sql = column_sql(f[col]);
        if (std::find(columns.begin(), columns.end(), sql) == columns.end()) columns.push_back(std::move(sql));
    }
    if (columns.size() == kept || cx.existing_index(id, columns)) return std::nullopt;
    Advice a;
    a.rule = rules::index_for_filter;
    a.node = id;
    a.relation = index_table_sql(cx.plan, n);
    a.evidence = filter_evidence(cx, id, f);
    a.columns = columns;
    if (kept == 0) a.equality_prefix = equality_count(f, shape.keys, order);
    a.statement = create_index(cx.plan, n, columns);
    a.action = fmt::format("An index on {} {} lets PostgreSQL go straight to the matching rows instead of reading {} "
                           "and throwing away {} of them.",
                           a.relation, column_list(columns), rows_read_text(cx.plan, n),
                           percent_text(removed_share(cx.plan, n)));
    a.action += key_explanation(f, shape.keys, order);
    if (used)
        a.action += fmt::format(" It extends {} (which the plan uses for {}), so the Filter is answered inside the "
                                "index; it can replace that index.", used->name, column_list(used->columns));
    else if (kept > 0)
        a.action += fmt::format(" The Recheck Cond's columns {} come first, so one index answers what the plan "
                                "now combines from several.", column_list(std::vector<std::string>(columns.begin(),
                                                                          columns.begin() + static_cast<std::ptrdiff_t>(kept))));
    if (!shape.blocked.empty())
        a.action += fmt::format(" The condition {} cannot use an index as written; see {}.",
                                f[shape.blocked.front().term].text, rules::non_sargable_filter);
    a.confidence = filter_confidence(cx, id);
    return a;
}

/// A GIN index for containment / full-text operators, which a btree cannot serve.
std::optional<Advice> gin_advice(const Context& cx, NodeId id, const Expression& f, const ConditionShape& shape) {
    const auto gin = gin_column(f, shape.keys);
    if (!gin || cx.existing_index(id, {*gin})) return std::nullopt;
    Advice a;
    a.rule = rules::index_for_filter;
    a.node = id;
    a.relation = index_table_sql(cx.plan, cx.plan.nodes[id]);
    a.evidence = filter_evidence(cx, id, f);
    a.columns = {*gin};
    a.statement = fmt::format("CREATE INDEX ON {} USING gin ({});", a.relation, *gin);
    a.action = fmt::format("A GIN index on {} ({}) serves the containment / full-text operator of this Filter, "
                           "which a btree index cannot.", a.relation, *gin);
    a.confidence = by_share(cx, id, Confidence::medium);
    return a;
}

}  // namespace

void index_for_filter(const Context& cx, Sink& out) {
    for (NodeId id = 0; id < cx.plan.nodes.size(); ++id) {
        const Expression* f = wasteful_filter(cx, id);
        if (!f) continue;
        const ConditionShape shape = shape_of(*f, id);
        if (auto a = btree_advice(cx, id, *f, shape))
            out.push_back(std::move(*a));
        else if (auto g = gin_advice(cx, id, *f, shape))
            out.push_back(std::move(*g));
    }
}

// ---- non-sargable-filter ------------------------------------------------------

namespace {

/// The one column of `scan` inside `side`, or no_expr when there are several or none.
ExprId single_column(const Expression& e, ExprId side, NodeId scan) {
    ExprId found = no_expr;
    for (ExprId c : columns_in(e, side)) {
        if (e[c].scan != scan) continue;
        if (found != no_expr && e[found].name != e[c].name) return no_expr;
        found = c;
    }
    return found;
}

/// `side` as SQL for an expression index: the plan's text without alias
/// qualifiers (CREATE INDEX knows no aliases).
std::string unqualified(const Expression& e, ExprId side) {
    const std::string_view text = e[side].text;
    auto offset = [&](std::string_view v) { return static_cast<std::size_t>(v.data() - text.data()); };
    std::vector<ExprId> cols = columns_in(e, side);
    std::sort(cols.begin(), cols.end(), [&](ExprId a, ExprId b) { return e[a].name.data() < e[b].name.data(); });
    std::string out;
    std::size_t at = 0;
    for (ExprId c : cols) {
        if (e[c].qualifier.empty()) continue;
        std::size_t from = offset(e[c].qualifier);
        if (from > 0 && text[from - 1] == '"') --from;
        const std::size_t to = offset(e[c].name) - (e[c].quoted ? 1 : 0);
        if (from < at || to > text.size()) continue;
        out.append(text.substr(at, from - at));
        at = to;
    }
    out.append(text.substr(at));
    return out;
}

/// The integer K of a constant such as 2 or '2'::numeric.
std::optional<long> integer_constant(const Expression& e, ExprId id) {
    while (e[id].kind == ExprKind::cast) id = e[id].first_child;
    if (e[id].kind != ExprKind::constant) return std::nullopt;
    std::string_view s = e[id].name;
    if (s.size() >= 2 && s.front() == '\'') s = s.substr(1, s.size() - 2);
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    return std::stol(std::string(s));
}

std::string days(long k) { return fmt::format("interval '{} day{}'", k, k == 1 ? "" : "s"); }

/// EXTRACT(day FROM age(now(), col)) OP K, the seed 001 shape: what the query
/// almost certainly means, written with the column alone on one side.
std::optional<std::string> age_rewrite(const Expression& e, const BlockedTerm& b, NodeId scan) {
    const ExprNode& side = e[b.side];
    if (side.kind != ExprKind::func || side.name != "EXTRACT" || e.child_count(b.side) != 2) return std::nullopt;
    const ExprId age = e.child(b.side, 1);
    if (e[age].kind != ExprKind::func || e[age].name != "age" || e.child_count(age) != 2) return std::nullopt;
    if (!uses_clock(e, e.child(age, 0))) return std::nullopt;
    const ExprId col = bare_column(e, e.child(age, 1), scan);
    const ExprId value = e.child(b.term, 0) == b.side ? e.child(b.term, 1) : e.child(b.term, 0);
    const auto k = integer_constant(e, value);
    if (col == no_expr || !k || e[e.child(b.side, 0)].name != "day") return std::nullopt;
    std::string op(e[b.term].name);
    if (e.child(b.term, 0) != b.side) op = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : op == ">=" ? "<=" : op;
    const std::string c = column_sql(e[col]);
    // age in days > K  <=>  col older than K+1 days (ignoring the months field).
    if (op == "=" && *k == 0) return fmt::format("{} > now() - {}", c, days(1));
    if (op == "=") return fmt::format("{} <= now() - {} AND {} > now() - {}", c, days(*k), c, days(*k + 1));
    if (op == ">") return fmt::format("{} <= now() - {}", c, days(*k + 1));
    if (op == ">=") return fmt::format("{} <= now() - {}", c, days(*k));
    if (op == "<") return fmt::format("{} > now() - {}", c, days(*k));
    if (op == "<=") return fmt::format("{} > now() - {}", c, days(*k + 1));
    return std::nullopt;
}

/// (col)::date = V  ->  col >= V AND col < V + 1
std::optional<std::string> date_cast_rewrite(const Expression& e, const BlockedTerm& b, NodeId scan) {
    const ExprNode& side = e[b.side];
    if (side.kind != ExprKind::cast || side.name != "date" || e[b.term].name != "=") return std::nullopt;
    const ExprId col = bare_column(e, side.first_child, scan);
    if (col == no_expr) return std::nullopt;
    const ExprId value = e.child(b.term, 0) == b.side ? e.child(b.term, 1) : e.child(b.term, 0);
    const std::string c = column_sql(e[col]);
    return fmt::format("{} >= {} AND {} < {} + 1", c, e[value].text, c, e[value].text);
}

struct Explained {
    std::string action;
    std::string statement;
    std::vector<std::string> columns;
};

/// The index a rewrite frees: the filter's equalities, then the blocked column.
void index_after_rewrite(const Context& cx, NodeId scan, const Expression& f, ExprId col, Explained& x) {
    const ConditionShape shape = shape_of(f, scan);
    for (ExprId c : btree_key_order(f, shape.keys)) {
        if (shape.keys.empty()) break;
        const auto k = std::find_if(shape.keys.begin(), shape.keys.end(), [&](const KeyTerm& t) { return t.column == c; });
        if (k != shape.keys.end() && k->use == KeyUse::equality) x.columns.push_back(column_sql(f[c]));
    }
    const std::string sql = column_sql(f[col]);
    if (std::find(x.columns.begin(), x.columns.end(), sql) == x.columns.end()) x.columns.push_back(sql);
    if (cx.existing_index(scan, x.columns)) {
        x.action += fmt::format(" An index the plan already uses covers {} once rewritten.", column_list(x.columns));
        x.columns.clear();
        return;
    }
    x.statement = create_index(cx.plan, cx.plan.nodes[scan], x.columns);
    x.action += fmt::format(" Rewritten, an index on {} serves it{}.", column_list(x.columns),
                            x.columns.size() > 1 ? " together with the equality conditions" : "");
}

Explained explain_expression(const Context& cx, NodeId scan, const Expression& f, const BlockedTerm& b) {
    Explained x;
    const std::string table = table_sql(cx.plan.nodes[scan]);
    const ExprId col = single_column(f, b.side, scan);
    const std::string col_text = col == no_expr ? std::string("the column") : column_sql(f[col]);
    const char* what = b.why == Obstacle::cast       ? "converts {} to another type"
                       : b.why == Obstacle::function ? "computes a function of {}"
                                                     : "computes an expression of {}";
    x.action = fmt::format("{} {} for every row before comparing, so an index on {} cannot be used: an index only "
                           "serves conditions on exactly what it stores.",
                           f[b.side].text, fmt::format(fmt::runtime(what), col_text), col_text);
    std::optional<std::string> rewrite = age_rewrite(f, b, scan);
    if (!rewrite) rewrite = date_cast_rewrite(f, b, scan);
    if (b.time_dependent) {
        x.action += " It depends on the current time (now(), CURRENT_DATE), so it cannot be indexed as an expression "
                    "either; rewrite the condition so that the column stands alone and the clock arithmetic is on the "
                    "other side";
        x.action += rewrite ? fmt::format(": {}", *rewrite) : std::string(", e.g. col >= now() - interval '1 day'.");
        if (rewrite && f[b.side].name == "EXTRACT")
            x.action += " (EXTRACT(day FROM age(...)) reads only the days field of the interval, so it also matches "
                        "rows a month or a year old: the rewrite is very likely what was meant).";
        else if (rewrite)
            x.action += ".";
        if (col != no_expr) index_after_rewrite(cx, scan, f, col, x);
        return x;
    }
    if (rewrite) {
        x.action += fmt::format(" Compare the column itself instead: {}.", *rewrite);
        if (col != no_expr) index_after_rewrite(cx, scan, f, col, x);
        return x;
    }
    x.action += fmt::format(" Either rewrite it so that {} stands alone on one side, or create an index on the "
                            "expression (PostgreSQL accepts that only if every function in it is IMMUTABLE).",
                            col_text);
    x.statement = fmt::format("CREATE INDEX ON {} (({}));", table, unqualified(f, b.side));
    return x;
}

Explained explain_or(const Context& cx, NodeId scan, const Expression& f, const BlockedTerm& b) {
    Explained x;
    x.action = fmt::format("The OR in {} tests different columns (or a subquery) in its branches, so no single index "
                           "scan answers it. PostgreSQL can combine one index per branch in a BitmapOr, or the query "
                           "can be split into a UNION of parts that each use an index.",
                           f[b.term].text);
    // One index per branch, when every branch is a plain indexable condition on this table.
    std::vector<std::string> statements;
    for (ExprId branch : f.children(b.term)) {
        const ExprId left = f[branch].first_child;
        if (f[branch].kind != ExprKind::op || left == no_expr) return x;
        ExprId col = bare_column(f, left, scan);
        if (col == no_expr) col = bare_column(f, f[left].next_sibling, scan);
        if (col == no_expr) return x;
        const std::vector<std::string> cols{column_sql(f[col])};
        if (cx.existing_index(scan, cols)) continue;
        std::string s = create_index(cx.plan, cx.plan.nodes[scan], cols);
        if (std::find(statements.begin(), statements.end(), s) == statements.end()) statements.push_back(std::move(s));
    }
    x.statement = fmt::format("{}", fmt::join(statements, "\n"));
    return x;
}

Explained explain_pattern(const Context& cx, NodeId scan, const Expression& f, const BlockedTerm& b) {
    Explained x;
    const std::string col = column_sql(f[b.side]);
    x.action = b.why == Obstacle::leading_wildcard
                   ? fmt::format("{} starts the pattern with a wildcard, so a btree index on {} cannot narrow the "
                                 "search; a trigram GIN index (extension pg_trgm) can.", f[b.term].text, col)
                   : fmt::format("{} is a case-insensitive match, which a btree index on {} cannot serve; a trigram "
                                 "GIN index (extension pg_trgm) can, or an index on lower({}) with the condition "
                                 "written as lower({}) LIKE lower(pattern).", f[b.term].text, col, col, col);
    x.columns = {col + " gin_trgm_ops"};
    x.statement = fmt::format("CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE INDEX ON {} USING gin ({} gin_trgm_ops);",
                              table_sql(cx.plan.nodes[scan]), col);
    return x;
}

}  // namespace

void non_sargable_filter(const Context& cx, Sink& out) {
    for (NodeId id = 0; id < cx.plan.nodes.size(); ++id) {
        const Expression* f = wasteful_filter(cx, id);
        if (!f) continue;
        const ConditionShape shape = shape_of(*f, id);
        for (const BlockedTerm& b : shape.blocked) {
            Explained x = b.why == Obstacle::or_branches ? explain_or(cx, id, *f, b)
                          : b.why == Obstacle::leading_wildcard || b.why == Obstacle::case_insensitive
                              ? explain_pattern(cx, id, *f, b)
                              : explain_expression(cx, id, *f, b);
            Advice a;
            a.rule = rules::non_sargable_filter;
            a.node = id;
            a.relation = index_table_sql(cx.plan, cx.plan.nodes[id]);
            a.evidence = fmt::format("{}; the Filter's condition {} cannot use an index as written", scan_summary(cx, id),
                                     (*f)[b.term].text);
            a.action = std::move(x.action);
            a.statement = std::move(x.statement);
            a.columns = std::move(x.columns);
            // The only restriction of the scan: the whole table is read because of it.
            a.confidence = by_share(cx, id, shape.keys.empty() ? Confidence::high : Confidence::medium);
            out.push_back(std::move(a));
        }
    }
}

}  // namespace planlens::advice

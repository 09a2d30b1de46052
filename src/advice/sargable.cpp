#include "sargable.hpp"

#include <algorithm>
#include <array>

namespace planlens::advice {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
    return std::any_of(list.begin(), list.end(), [&](std::string_view x) { return iequals(s, x); });
}

/// Casts PostgreSQL prints around a column when the types are binary
/// compatible (a varchar column compared with text): the index still applies.
bool is_relabel(std::string_view type) { return one_of(type, {"text", "character varying", "varchar"}); }

/// Functions whose result changes between calls: never a constant.
bool is_volatile(std::string_view f) {
    return one_of(f, {"random", "clock_timestamp", "timeofday", "nextval", "gen_random_uuid", "uuid_generate_v4",
                      "setseed", "txid_current"});
}

/// Functions that read the clock: stable, so fine as a value, but an
/// expression index over them is impossible.
bool reads_clock(const ExprNode& n) {
    if (n.kind != ExprKind::func) return false;
    return one_of(n.name, {"now", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP",
                           "statement_timestamp", "transaction_timestamp", "clock_timestamp", "timeofday"});
}

std::string_view commute(std::string_view op) {
    if (op == "<") return ">";
    if (op == ">") return "<";
    if (op == "<=") return ">=";
    if (op == ">=") return "<=";
    return op;
}

bool is_gin_operator(std::string_view op) {
    return op == "@>" || op == "<@" || op == "&&" || op == "?" || op == "?|" || op == "?&" || op == "@@" ||
           op == "@?" || op == "@@@";
}

/// The text inside a string constant (possibly under casts), or nullopt.
std::optional<std::string_view> string_constant(const Expression& e, ExprId id) {
    while (e[id].kind == ExprKind::cast) id = e[id].first_child;
    const std::string_view s = e[id].name;
    if (e[id].kind != ExprKind::constant || s.size() < 2 || s.front() != '\'') return std::nullopt;
    return s.substr(1, s.size() - 2);
}

struct Classified {
    std::optional<KeyTerm> key;
    std::optional<BlockedTerm> blocked;
};

/// col OP value, once the column side is known.
Classified column_vs_value(const Expression& e, ExprId term, ExprId column, std::string_view op, ExprId value) {
    Classified c;
    const Quantifier q = e[term].quantifier;
    if (q == Quantifier::any && op == "=") return {KeyTerm{term, column, KeyUse::equality}, {}};
    if (q != Quantifier::none) return c;
    if (op == "=") return {KeyTerm{term, column, KeyUse::equality}, {}};
    if (op == "<" || op == "<=" || op == ">" || op == ">=") return {KeyTerm{term, column, KeyUse::range}, {}};
    if (is_gin_operator(op)) return {KeyTerm{term, column, KeyUse::gin}, {}};
    if (op == "~~*") return {{}, BlockedTerm{term, column, Obstacle::case_insensitive, false}};
    if (op == "~~") {
        const auto pattern = string_constant(e, value);
        if (!pattern) return c;  // a pattern from a parameter: unknown until run time
        if (!pattern->empty() && (pattern->front() == '%' || pattern->front() == '_'))
            return {{}, BlockedTerm{term, column, Obstacle::leading_wildcard, false}};
        return {KeyTerm{term, column, KeyUse::prefix_like}, {}};
    }
    return c;
}

/// What blocks an index on the column side `side` (which holds the scan's columns).
Obstacle obstacle_of(const Expression& e, ExprId side) {
    switch (e[side].kind) {
        case ExprKind::cast: return Obstacle::cast;
        case ExprKind::func: return Obstacle::function;
        default: return Obstacle::expression;
    }
}

Classified classify_binary(const Expression& e, ExprId term, NodeId scan) {
    const ExprId left = e[term].first_child;
    const ExprId right = left == no_expr ? no_expr : e[left].next_sibling;
    if (right == no_expr) return {};
    const std::string_view op = e[term].name;
    if (const ExprId col = bare_column(e, left, scan); col != no_expr && is_value(e, right, scan))
        return column_vs_value(e, term, col, op, right);
    if (const ExprId col = bare_column(e, right, scan);
        col != no_expr && is_value(e, left, scan) && e[term].quantifier == Quantifier::none)
        return column_vs_value(e, term, col, commute(op), left);
    // An expression over the column compared with a value: the index on the
    // bare column cannot be used (only an index on that very expression).
    const bool comparison = op == "=" || op == "<" || op == "<=" || op == ">" || op == ">=" || op == "~~" ||
                            op == "~~*" || is_gin_operator(op);
    if (!comparison) return {};
    for (const ExprId side : {left, right}) {
        const ExprId other = side == left ? right : left;
        if (references(e, side, scan) && is_value(e, other, scan) && !contains_raw(e, side))
            return {{}, BlockedTerm{term, side, obstacle_of(e, side), uses_clock(e, side)}};
    }
    return {};
}

Classified classify(const Expression& e, ExprId term, NodeId scan);

/// An OR is sargable when every branch is an equality on the same column
/// (PostgreSQL turns it into a BitmapOr, or = ANY from version 18 on).
Classified classify_or(const Expression& e, ExprId term, NodeId scan) {
    if (!references(e, term, scan)) return {};
    ExprId column = no_expr;
    bool same_column_equalities = true;
    for (ExprId branch : e.children(term)) {
        const Classified c = classify(e, branch, scan);
        if (!c.key || c.key->use != KeyUse::equality) {
            same_column_equalities = false;
            break;
        }
        if (column != no_expr && e[column].name != e[c.key->column].name) same_column_equalities = false;
        column = c.key->column;
    }
    if (same_column_equalities && column != no_expr) return {KeyTerm{term, column, KeyUse::equality}, {}};
    return {{}, BlockedTerm{term, term, Obstacle::or_branches, uses_clock(e, term)}};
}

Classified classify(const Expression& e, ExprId term, NodeId scan) {
    const ExprNode& n = e[term];
    switch (n.kind) {
        case ExprKind::op: return classify_binary(e, term, scan);
        case ExprKind::null_test: {
            const ExprId col = bare_column(e, n.first_child, scan);
            if (col == no_expr || n.negated) return {};  // IS NOT NULL rarely selects little
            return {KeyTerm{term, col, KeyUse::equality}, {}};
        }
        case ExprKind::or_: return classify_or(e, term, scan);
        default: return {};
    }
}

}  // namespace

ExprId bare_column(const Expression& e, ExprId id, NodeId scan) {
    while (e[id].kind == ExprKind::cast && is_relabel(e[id].name)) id = e[id].first_child;
    const ExprNode& n = e[id];
    return n.kind == ExprKind::column && n.scan == scan && scan != no_node && n.name != "*" ? id : no_expr;
}

bool is_value(const Expression& e, ExprId id, NodeId scan) {
    bool value = true;
    walk(e, id, [&](ExprId at) {
        const ExprNode& n = e[at];
        if (n.kind == ExprKind::raw || (n.kind == ExprKind::column && n.scan == scan) ||
            (n.kind == ExprKind::func && is_volatile(n.name)))
            value = false;
    });
    return value;
}

bool uses_clock(const Expression& e, ExprId id) {
    bool clock = false;
    walk(e, id, [&](ExprId at) {
        const ExprNode& n = e[at];
        // age(x) with one argument measures from current_date.
        clock = clock || reads_clock(n) || (n.kind == ExprKind::func && iequals(n.name, "age") && e.child_count(at) == 1);
    });
    return clock;
}

ConditionShape shape_of(const Expression& expr, NodeId scan) {
    ConditionShape shape;
    if (expr.root == no_expr) return shape;
    for (ExprId term : conjuncts(expr)) {
        Classified c = classify(expr, term, scan);
        if (c.key) shape.keys.push_back(*c.key);
        if (c.blocked) shape.blocked.push_back(*c.blocked);
    }
    return shape;
}

std::vector<ExprId> btree_key_order(const Expression& expr, const std::vector<KeyTerm>& keys) {
    std::vector<ExprId> out;
    auto has = [&](ExprId col) {
        return std::any_of(out.begin(), out.end(), [&](ExprId o) { return expr[o].name == expr[col].name; });
    };
    for (const KeyTerm& k : keys)
        if (k.use == KeyUse::equality && !has(k.column)) out.push_back(k.column);
    // After the equalities, one range column: a btree can use only the first
    // inequality as a boundary; later ones would merely be filtered in the index.
    for (const KeyTerm& k : keys)
        if ((k.use == KeyUse::range || k.use == KeyUse::prefix_like) && !has(k.column)) {
            out.push_back(k.column);
            break;
        }
    return out;
}

}  // namespace planlens::advice

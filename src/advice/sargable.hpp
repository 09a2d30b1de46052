// Which terms of a scan's condition an index on its table could serve
// ("sargable"), and why the others cannot be.
#pragma once

#include <planlens/expression.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace planlens::advice {

/// How a sargable term would use a btree (or GIN) key column.
enum class KeyUse : std::uint8_t {
    equality,     ///< col = value, col IS NULL, col = ANY (values), OR of equalities on one column
    range,        ///< col < value, col >= value, ...
    prefix_like,  ///< col LIKE 'abc%': a range, with text_pattern_ops or the C collation
    gin,          ///< col @> value, col && value, col @@ query, ...: GIN, not btree
};

struct KeyTerm {
    ExprId term = no_expr;    ///< the whole condition term
    ExprId column = no_expr;  ///< the column node
    KeyUse use = KeyUse::equality;
};

/// Why a term that restricts the scanned table cannot use an index on the column.
enum class Obstacle : std::uint8_t {
    function,          ///< f(col) = value
    expression,        ///< (col + 1) = value, col1 || col2 = value
    cast,              ///< (col)::date = value (a real conversion, not varchar -> text)
    or_branches,       ///< (a = 1) OR (b = 2), or an OR with a subquery
    leading_wildcard,  ///< col LIKE '%abc'
    case_insensitive,  ///< col ILIKE 'abc%'
};

struct BlockedTerm {
    ExprId term = no_expr;
    ExprId side = no_expr;  ///< the side holding the table's column(s)
    Obstacle why = Obstacle::function;
    bool time_dependent = false;  ///< the column side uses now(), CURRENT_DATE, ...: no expression index possible
};

struct ConditionShape {
    std::vector<KeyTerm> keys;
    std::vector<BlockedTerm> blocked;
};

/// Splits the conjuncts of `expr` (resolved) into terms an index on `scan`'s
/// table could serve and terms it could not. Terms that do not restrict the
/// table (joins to other tables, subplans, <>) are in neither list.
ConditionShape shape_of(const Expression& expr, NodeId scan);

/// The column of `scan` that `id` is, seeing through casts that are mere
/// relabellings (varchar -> text); no_expr otherwise.
ExprId bare_column(const Expression& expr, ExprId id, NodeId scan);

/// Whether `id` is a value as far as `scan` is concerned: no column of
/// `scan`, nothing volatile, nothing unparsed.
bool is_value(const Expression& expr, ExprId id, NodeId scan);

/// Whether the subtree uses the clock (now(), CURRENT_DATE, age(x), ...).
bool uses_clock(const Expression& expr, ExprId id);

/// Key columns in index order: equalities in printed order, then the first
/// range; duplicates dropped. GIN keys are left out.
std::vector<ExprId> btree_key_order(const Expression& expr, const std::vector<KeyTerm>& keys);

}  // namespace planlens::advice

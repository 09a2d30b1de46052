// Conditions as PostgreSQL prints them (Filter, Index Cond, Recheck Cond,
// Join Filter, Hash Cond, Merge Cond, One-Time Filter, Sort Key and Group Key
// items) parsed into a small expression tree, with column references resolved
// to the relations of the plan.
//
// The tree is plain data: nodes in a vector, linked like Plan::nodes, every
// string a view into the condition text (which lives in the plan's text). What
// the parser does not understand becomes a `raw` node holding the substring;
// parsing never fails and never throws.
#pragma once

#include <planlens/node.hpp>
#include <planlens/plan.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planlens {

/// Index of a node in Expression::nodes.
using ExprId = std::uint32_t;
inline constexpr ExprId no_expr = std::numeric_limits<ExprId>::max();

enum class ExprKind : std::uint8_t {
    raw,        ///< text the parser did not understand, kept verbatim in `text`
    column,     ///< [qualifier.]name; `name` is "*" for a whole-row "t.*"
    constant,   ///< 'text' (quotes kept in `name`), 42, 1.5, NULL, true, false; EXTRACT's field
    param,      ///< $1
    subplan,    ///< (SubPlan 1), (hashed SubPlan 1), (InitPlan 1), (alternatives: ...); `name` e.g. "SubPlan 1"
    op,         ///< operator: two children (infix) or one (prefix); `name` is the symbol ("=", "~~", "-")
    and_,       ///< two or more children
    or_,        ///< two or more children
    not_,       ///< one child
    null_test,  ///< child IS NULL; IS NOT NULL when `negated`
    bool_test,  ///< child IS [NOT] TRUE / FALSE / UNKNOWN; `name` is the word after IS [NOT]
    distinct,   ///< a IS [NOT] DISTINCT FROM b
    func,       ///< name(args): also EXTRACT(field FROM x) (field is a constant child), COALESCE,
                ///< aggregates, and the parameterless CURRENT_DATE, CURRENT_TIMESTAMP, ... (no children)
    cast,       ///< child::type; `name` is the type as printed ("timestamp with time zone", "integer[]")
    case_,      ///< CASE [operand] WHEN c THEN r ... [ELSE e] END; children in that order (see `has_operand`, `has_else`)
    array,      ///< ARRAY[a, b]
    row,        ///< ROW(a, b) or (a, b)
    subscript,  ///< child[index] or child[lower:upper]: first child is the array
    field,      ///< (child).name, including (InitPlan 1).col1
    star,       ///< the * of count(*)
};

std::string_view to_string(ExprKind kind) noexcept;

/// "op ANY (array)" / "op ALL (array)" on an `op` node.
enum class Quantifier : std::uint8_t { none, any, all };

/// One node of an expression tree; `text` points into the condition string.
struct ExprNode {
    ExprKind kind = ExprKind::raw;
    Quantifier quantifier = Quantifier::none;
    bool negated = false;      ///< IS NOT NULL, IS NOT TRUE, IS NOT DISTINCT FROM
    bool quoted = false;       ///< column/function name was a "quoted identifier"
    bool hashed = false;       ///< subplan: "(hashed SubPlan n)"
    bool has_operand = false;  ///< case_: "CASE x WHEN ..." (first child is x)
    bool has_else = false;     ///< case_: last child is the ELSE result

    std::string_view text;       ///< source span (outer parentheses included when the node had them)
    std::string_view name;       ///< see ExprKind; identifiers without their double quotes
    std::string_view qualifier;  ///< column: the alias (or table) before the dot; func: the schema
    std::string_view relation;   ///< column: the relation the alias stands for, after resolve()
    NodeId scan = no_node;       ///< column: the plan node that reads that relation, after resolve()

    ExprId first_child = no_expr;
    ExprId next_sibling = no_expr;
};

/// Limits that keep hostile input from exhausting the stack.
struct ExprLimits {
    std::size_t max_depth = 200;  ///< nesting beyond this becomes a raw node
};

/// A parsed condition. `nodes` are in creation order (children before their
/// parent); `root` is the whole condition.
struct Expression {
    std::string_view text;
    std::vector<ExprNode> nodes;
    ExprId root = no_expr;

    const ExprNode& operator[](ExprId id) const noexcept { return nodes[id]; }
    const ExprNode& root_node() const noexcept { return nodes[root]; }
    /// Whether no part of the text had to be kept as raw text.
    bool fully_parsed() const noexcept;

    class ChildIterator;
    struct Children;
    /// The direct children of `id`, in printed order.
    Children children(ExprId id) const noexcept;
    std::size_t child_count(ExprId id) const noexcept;
    /// The n-th child (0-based), or no_expr.
    ExprId child(ExprId id, std::size_t n) const noexcept;
};

class Expression::ChildIterator {
public:
    using value_type = ExprId;
    using reference = ExprId;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::forward_iterator_tag;

    ChildIterator() = default;
    ChildIterator(const Expression* e, ExprId id) : e_(e), id_(id) {}
    ExprId operator*() const noexcept { return id_; }
    ChildIterator& operator++() noexcept {
        id_ = e_->nodes[id_].next_sibling;
        return *this;
    }
    friend bool operator==(const ChildIterator& a, const ChildIterator& b) { return a.id_ == b.id_; }
    friend bool operator!=(const ChildIterator& a, const ChildIterator& b) { return a.id_ != b.id_; }

private:
    const Expression* e_ = nullptr;
    ExprId id_ = no_expr;
};

struct Expression::Children {
    ChildIterator first, last;
    ChildIterator begin() const noexcept { return first; }
    ChildIterator end() const noexcept { return last; }
};

inline Expression::Children Expression::children(ExprId id) const noexcept {
    return {ChildIterator(this, nodes[id].first_child), ChildIterator(this, no_expr)};
}

/// Parses a condition or expression exactly as PostgreSQL printed it. The
/// expression's views point into `text`: keep it alive.
Expression parse_expression(std::string_view text, const ExprLimits& limits = {});
/// A string literal lives as long as the program: parsing one is safe.
inline Expression parse_expression(const char* text, const ExprLimits& limits = {}) {
    return parse_expression(std::string_view(text), limits);
}
/// Deleted, like parse_plan's: the expression would point into a temporary.
Expression parse_expression(std::string&& text, const ExprLimits& limits = {}) = delete;
Expression parse_expression(const std::string&& text, const ExprLimits& limits = {}) = delete;

/// One "Sort Key" / "Presorted Key" item: an expression and its ordering words.
struct SortItem {
    Expression expr;
    bool descending = false;           ///< DESC
    bool nulls_first = false;          ///< NULLS FIRST printed (or implied by DESC without NULLS LAST)
    std::string_view using_operator;   ///< "USING <" for non-default operators
};

/// Its views point into `item`, as parse_expression's do.
SortItem parse_sort_item(std::string_view item, const ExprLimits& limits = {});
inline SortItem parse_sort_item(const char* item, const ExprLimits& limits = {}) {
    return parse_sort_item(std::string_view(item), limits);
}
SortItem parse_sort_item(std::string&& item, const ExprLimits& limits = {}) = delete;
SortItem parse_sort_item(const std::string&& item, const ExprLimits& limits = {}) = delete;

/// Which relations the column qualifiers of a node's conditions stand for.
/// Scans resolve unqualified columns to their own relation; joins and upper
/// nodes resolve aliases through the scans below them, then through every
/// scan of the plan (outer references such as an inner Index Cond's
/// "(id = c.exercise_id)"). Lookups search the plan on demand: building a
/// scope costs nothing per alias.
struct RelationScope {
    const Plan* plan = nullptr;
    NodeId own = no_node;    ///< the scan unqualified columns belong to, if any
    NodeId first = 0;        ///< the subtree searched first: nodes [first, last)
    NodeId last = 0;

    /// The scan `qualifier` stands for ("" asks for the own scan), or no_node.
    NodeId scan_of(std::string_view qualifier) const noexcept;
};

/// The scope of `node`'s conditions. A Bitmap Index Scan reads the relation of
/// the Bitmap Heap Scan above it.
RelationScope scope_of(const Plan& plan, const Node& node);

/// Fills `relation` and `scan` of every column node that the scope resolves.
void resolve(Expression& expr, const Plan& plan, const RelationScope& scope);

/// parse_expression + resolve in the scope of `node`. Its views point into
/// `text`, so a temporary string is refused, as parse_expression does.
Expression parse_condition(const Plan& plan, const Node& node, std::string_view text,
                           const ExprLimits& limits = {});
inline Expression parse_condition(const Plan& plan, const Node& node, const char* text,
                                  const ExprLimits& limits = {}) {
    return parse_condition(plan, node, std::string_view(text), limits);
}
Expression parse_condition(const Plan& plan, const Node& node, std::string&& text,
                           const ExprLimits& limits = {}) = delete;
Expression parse_condition(const Plan& plan, const Node& node, const std::string&& text,
                           const ExprLimits& limits = {}) = delete;

// ---- queries over a tree ----------------------------------------------------

/// The terms of a top-level AND (nested ANDs flattened); the root alone otherwise.
std::vector<ExprId> conjuncts(const Expression& expr);
std::vector<ExprId> conjuncts(const Expression& expr, ExprId id);

/// Calls `visit(id)` for `id` and every node below it, parents first. Iterative:
/// safe on any depth.
template <typename F>
void walk(const Expression& expr, ExprId id, F&& visit);

/// Every column node at or below `id`.
std::vector<ExprId> columns_in(const Expression& expr, ExprId id);

/// Whether any column at or below `id` was resolved to `scan`.
bool references(const Expression& expr, ExprId id, NodeId scan);

/// Whether the subtree holds a raw (unparsed) node.
bool contains_raw(const Expression& expr, ExprId id);

/// The tree as an S-expression, for tests and debugging:
/// "(and (= user_id 199993) (= (EXTRACT day (age (now) \"time\")) (:: numeric '0')))".
/// Raw nodes print as {text}.
std::string to_sexpr(const Expression& expr);
std::string to_sexpr(const Expression& expr, ExprId id);

// ---- implementation of the template ---------------------------------------

template <typename F>
void walk(const Expression& expr, ExprId id, F&& visit) {
    if (id == no_expr) return;
    std::vector<ExprId> stack{id};
    while (!stack.empty()) {
        const ExprId at = stack.back();
        stack.pop_back();
        visit(at);
        // Push children in reverse so they are visited in printed order.
        const std::size_t mark = stack.size();
        for (ExprId c = expr.nodes[at].first_child; c != no_expr; c = expr.nodes[c].next_sibling) stack.push_back(c);
        std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
    }
}

}  // namespace planlens

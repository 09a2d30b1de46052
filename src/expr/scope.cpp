// Resolving column qualifiers to the scans that read them, and the small
// queries the analyses run over a tree.
#include <planlens/expression.hpp>

namespace planlens {

namespace {

/// One past the last node of `id`'s subtree (nodes are stored in pre-order).
NodeId subtree_end(const Plan& plan, NodeId id) {
    const std::uint32_t depth = plan.nodes[id].depth;
    NodeId end = id + 1;
    while (end < plan.nodes.size() && plan.nodes[end].depth > depth) ++end;
    return end;
}

/// The node that reads the relation a node's conditions talk about: the node
/// itself when it names one, the Bitmap Heap Scan above a Bitmap Index Scan.
NodeId reading_node(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    if (!n.target.object.empty()) return id;
    if (n.kind != NodeKind::bitmap_index_scan) return no_node;
    for (NodeId up = n.parent; up != no_node; up = plan.nodes[up].parent) {
        const NodeKind k = plan.nodes[up].kind;
        if (k == NodeKind::bitmap_heap_scan) return up;
        if (k != NodeKind::bitmap_and && k != NodeKind::bitmap_or) break;
    }
    return no_node;
}

}  // namespace

NodeId RelationScope::scan_of(std::string_view qualifier) const noexcept {
    if (qualifier.empty()) return own;
    for (const auto& [alias, scan] : aliases)
        if (alias == qualifier) return scan;
    return no_node;
}

RelationScope scope_of(const Plan& plan, const Node& node) {
    RelationScope scope;
    const NodeId self = plan.id_of(node);
    const NodeId reader = reading_node(plan, self);
    const NodeId first = reader != no_node ? reader : self;
    const NodeId last = subtree_end(plan, first);
    // Nearest first: the scans below the node, then every other scan of the plan.
    for (NodeId id = first; id < last; ++id)
        if (!plan.nodes[id].target.object.empty()) scope.aliases.emplace_back(plan.nodes[id].target.effective_alias(), id);
    const std::size_t below = scope.aliases.size();
    for (NodeId id = 0; id < plan.nodes.size(); ++id)
        if ((id < first || id >= last) && !plan.nodes[id].target.object.empty())
            scope.aliases.emplace_back(plan.nodes[id].target.effective_alias(), id);
    scope.own = reader;
    // An upper node over a single relation (Sort, Aggregate, Gather over one
    // scan) prints that relation's columns unqualified too.
    if (scope.own == no_node && below > 0) {
        bool single = true;
        for (std::size_t i = 1; i < below; ++i)
            single = single && scope.aliases[i].first == scope.aliases[0].first;
        if (single) scope.own = scope.aliases[0].second;
    }
    return scope;
}

void resolve(Expression& expr, const Plan& plan, const RelationScope& scope) {
    for (ExprNode& n : expr.nodes) {
        if (n.kind != ExprKind::column) continue;
        n.scan = scope.scan_of(n.qualifier);
        n.relation = n.scan == no_node ? std::string_view{} : plan.nodes[n.scan].target.object;
    }
}

Expression parse_condition(const Plan& plan, const Node& node, std::string_view text, const ExprLimits& limits) {
    Expression e = parse_expression(text, limits);
    resolve(e, plan, scope_of(plan, node));
    return e;
}

std::vector<ExprId> conjuncts(const Expression& expr) { return conjuncts(expr, expr.root); }

std::vector<ExprId> conjuncts(const Expression& expr, ExprId id) {
    std::vector<ExprId> out;
    if (id == no_expr) return out;
    std::vector<ExprId> stack{id};
    while (!stack.empty()) {
        const ExprId at = stack.back();
        stack.pop_back();
        if (expr[at].kind != ExprKind::and_) {
            out.push_back(at);
            continue;
        }
        const std::size_t mark = stack.size();
        for (ExprId c : expr.children(at)) stack.push_back(c);
        std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
    }
    return out;
}

std::vector<ExprId> columns_in(const Expression& expr, ExprId id) {
    std::vector<ExprId> out;
    walk(expr, id, [&](ExprId at) {
        if (expr[at].kind == ExprKind::column) out.push_back(at);
    });
    return out;
}

bool references(const Expression& expr, ExprId id, NodeId scan) {
    bool found = false;
    walk(expr, id, [&](ExprId at) { found = found || (expr[at].kind == ExprKind::column && expr[at].scan == scan); });
    return found;
}

bool contains_raw(const Expression& expr, ExprId id) {
    bool found = false;
    walk(expr, id, [&](ExprId at) { found = found || expr[at].kind == ExprKind::raw; });
    return found;
}

}  // namespace planlens

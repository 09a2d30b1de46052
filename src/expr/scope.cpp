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
    if (!plan) return no_node;
    auto named = [&](NodeId id) {
        const Target& t = plan->nodes[id].target;
        return !t.object.empty() && t.effective_alias() == qualifier;
    };
    for (NodeId id = first; id < last; ++id)  // nearest first: the scans below the node
        if (named(id)) return id;
    for (NodeId id = 0; id < plan->nodes.size(); ++id)
        if ((id < first || id >= last) && named(id)) return id;
    return no_node;
}

RelationScope scope_of(const Plan& plan, const Node& node) {
    RelationScope scope;
    scope.plan = &plan;
    const NodeId self = plan.id_of(node);
    const NodeId reader = reading_node(plan, self);
    scope.first = reader != no_node ? reader : self;
    scope.last = subtree_end(plan, scope.first);
    scope.own = reader;
    if (scope.own != no_node) return scope;
    // An upper node over a single relation (Sort, Aggregate, Gather over one
    // scan) prints that relation's columns unqualified too.
    std::string_view alias;
    for (NodeId id = scope.first; id < scope.last; ++id) {
        const Target& t = plan.nodes[id].target;
        if (t.object.empty()) continue;
        if (scope.own == no_node) {
            scope.own = id;
            alias = t.effective_alias();
        } else if (t.effective_alias() != alias) {
            scope.own = no_node;  // several relations below: their columns come qualified
            return scope;
        }
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

// The S-expression form of a tree: compact enough to compare whole trees in
// a test with one string.
#include <planlens/expression.hpp>

namespace planlens {

namespace {

void name_of(std::string& out, const ExprNode& n) {
    if (!n.qualifier.empty()) out.append(n.qualifier).push_back('.');
    if (n.quoted) out.push_back('"');
    out.append(n.name);
    if (n.quoted) out.push_back('"');
}

/// The head word of a composite node.
void head(std::string& out, const ExprNode& n) {
    switch (n.kind) {
        case ExprKind::op:
            out.append(n.name);
            if (n.quantifier != Quantifier::none) out.append(n.quantifier == Quantifier::any ? " any" : " all");
            break;
        case ExprKind::and_: out.append("and"); break;
        case ExprKind::or_: out.append("or"); break;
        case ExprKind::not_: out.append("not"); break;
        case ExprKind::null_test: out.append(n.negated ? "is-not-null" : "is-null"); break;
        case ExprKind::bool_test: out.append(n.negated ? "is-not-" : "is-").append(n.name); break;
        case ExprKind::distinct: out.append(n.negated ? "is-not-distinct" : "is-distinct"); break;
        case ExprKind::func: name_of(out, n); break;
        case ExprKind::cast: out.append(":: ").append(n.name); break;
        case ExprKind::case_: out.append("case"); break;
        case ExprKind::array: out.append("array"); break;
        case ExprKind::row: out.append("row"); break;
        case ExprKind::subscript: out.append("[]"); break;
        case ExprKind::field: out.append(". ").append(n.name); break;
        default: break;
    }
}

void leaf(std::string& out, const ExprNode& n) {
    switch (n.kind) {
        case ExprKind::raw: out.append("{").append(n.text).append("}"); break;
        case ExprKind::column: name_of(out, n); break;
        case ExprKind::subplan: out.append("[").append(n.hashed ? "hashed " : "").append(n.name).append("]"); break;
        case ExprKind::func: out.append("(").append(n.name).append(")"); break;
        default: out.append(n.name); break;
    }
}

}  // namespace

std::string to_sexpr(const Expression& expr) { return expr.root == no_expr ? std::string() : to_sexpr(expr, expr.root); }

std::string to_sexpr(const Expression& expr, ExprId id) {
    // Iterative, like walk(): an explicit stack of (node, next child) frames.
    std::string out;
    struct Frame {
        ExprId node, next;
    };
    std::vector<Frame> stack;
    auto enter = [&](ExprId at) {
        const ExprNode& n = expr[at];
        const bool composite = n.first_child != no_expr ||
                               (n.kind != ExprKind::func && n.kind != ExprKind::column && n.kind != ExprKind::raw &&
                                n.kind != ExprKind::constant && n.kind != ExprKind::param &&
                                n.kind != ExprKind::subplan && n.kind != ExprKind::star);
        if (!composite) return leaf(out, n);
        out.push_back('(');
        head(out, n);
        stack.push_back({at, n.first_child});
    };
    enter(id);
    while (!stack.empty()) {
        Frame& f = stack.back();
        if (f.next == no_expr) {
            out.push_back(')');
            stack.pop_back();
            continue;
        }
        const ExprId child = f.next;
        f.next = expr[child].next_sibling;
        out.push_back(' ');
        enter(child);
    }
    return out;
}

}  // namespace planlens

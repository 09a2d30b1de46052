// Recursive descent with precedence climbing over the tokens of one printed
// condition. PostgreSQL's ruleutils.c parenthesises every operator
// expression, so precedence rarely decides anything; it is kept (gram.y's
// order) for hand-edited text. A construct the parser does not know turns the
// smallest enclosing parenthesised group or function argument into a raw
// node; the rest of the condition is still understood.
#include <planlens/expression.hpp>

#include "lexer.hpp"

#include <initializer_list>

namespace planlens {

namespace expr {

namespace {

// Binding powers, lowest first (gram.y's precedence declarations).
enum Prec : int {
    prec_none = 0,
    prec_or,
    prec_and,
    prec_not,
    prec_is,
    prec_cmp,
    prec_like,
    prec_op,
    prec_add,
    prec_mul,
    prec_exp,
    prec_at,
    prec_unary,
    prec_postfix,
};

int binary_prec(std::string_view op) {
    if (op == "=" || op == "<" || op == ">" || op == "<=" || op == ">=" || op == "<>" || op == "!=") return prec_cmp;
    if (op == "+" || op == "-") return prec_add;
    if (op == "*" || op == "/" || op == "%") return prec_mul;
    if (op == "^") return prec_exp;
    return prec_op;
}

// Reserved words that cannot start an operand: printed column names that
// collide with them are always double-quoted by PostgreSQL.
bool ends_operand(const Token& t) {
    static constexpr std::string_view words[] = {
        "AND",  "OR",  "IS",   "IN",    "LIKE",   "ILIKE", "THEN",  "WHEN",    "ELSE",  "END",     "FROM",
        "FOR",  "AS",  "ASC",  "DESC",  "NULLS",  "BETWEEN", "SIMILAR", "ESCAPE", "USING", "COLLATE", "ORDER",
        "BY",   "DISTINCT", "PLACING", "ISNULL", "NOTNULL", "WITH", "WITHOUT", "AT", "FILTER", "OVER"};
    for (std::string_view w : words)
        if (is_keyword(t, w)) return true;
    return false;
}

// SQLValueFunction: printed as a bare keyword, a value rather than a column.
bool is_value_function(const Token& t) {
    static constexpr std::string_view words[] = {
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME",      "LOCALTIMESTAMP", "CURRENT_USER",
        "SESSION_USER", "CURRENT_ROLE", "CURRENT_CATALOG",   "CURRENT_SCHEMA", "USER",           "SYSTEM_USER"};
    for (std::string_view w : words)
        if (is_keyword(t, w)) return true;
    return false;
}

class Parser {
public:
    Parser(std::string_view text, Expression& out, const ExprLimits& limits)
        : text_(text), toks_(tokenize(text)), out_(out), max_depth_(limits.max_depth) {}

    /// The whole text as one expression; raw when it does not parse.
    ExprId whole() {
        ExprId root = expression(prec_none);
        if (root == no_expr || !at(Tok::end)) root = whole_raw();
        return root;
    }

    /// A sort key item: an expression and its ordering words.
    ExprId sort_item(SortItem& item) {
        ExprId root = expression(prec_none);
        if (root != no_expr && ordering_words(item) && at(Tok::end)) return root;
        item.descending = item.nulls_first = false;
        item.using_operator = {};
        return whole_raw();
    }

private:
    // ---- tokens ----
    const Token& peek(std::size_t ahead = 0) const {
        const std::size_t i = pos_ + ahead;
        return i < toks_.size() ? toks_[i] : toks_.back();
    }
    bool at(Tok kind, std::size_t ahead = 0) const { return peek(ahead).kind == kind; }
    bool at_kw(std::string_view word, std::size_t ahead = 0) const { return is_keyword(peek(ahead), word); }
    bool accept(Tok kind) {
        if (!at(kind)) return false;
        ++pos_;
        return true;
    }
    bool accept_kw(std::string_view word) {
        if (!at_kw(word)) return false;
        ++pos_;
        return true;
    }
    std::size_t prev_end() const { return pos_ == 0 ? 0 : toks_[pos_ - 1].end; }

    // ---- nodes ----
    ExprId add(ExprKind kind, std::size_t begin, std::size_t end, std::string_view name = {}) {
        ExprNode n;
        n.kind = kind;
        n.text = text_.substr(begin, end - begin);
        n.name = name;
        out_.nodes.push_back(n);
        return static_cast<ExprId>(out_.nodes.size() - 1);
    }
    std::size_t begin_of(ExprId id) const { return static_cast<std::size_t>(out_.nodes[id].text.data() - text_.data()); }
    std::size_t end_of(ExprId id) const { return begin_of(id) + out_.nodes[id].text.size(); }
    void set_children(ExprId parent, std::initializer_list<ExprId> kids) {
        ExprId last = no_expr;
        for (ExprId k : kids) {
            if (k == no_expr) continue;
            if (last == no_expr)
                out_.nodes[parent].first_child = k;
            else
                out_.nodes[last].next_sibling = k;
            last = k;
        }
    }
    /// Links `kids` (already created, in order) under `parent`.
    void adopt(ExprId parent, const std::vector<ExprId>& kids) {
        for (std::size_t i = 0; i < kids.size(); ++i) {
            if (i == 0) out_.nodes[parent].first_child = kids[0];
            if (i + 1 < kids.size()) out_.nodes[kids[i]].next_sibling = kids[i + 1];
        }
    }

    // Backtracking: a failed attempt drops the nodes it created.
    struct Mark {
        std::size_t pos, nodes;
    };
    Mark mark() const { return {pos_, out_.nodes.size()}; }
    void restore(Mark m) {
        pos_ = m.pos;
        out_.nodes.resize(m.nodes);
    }

    struct DepthGuard {
        explicit DepthGuard(Parser& p) : p_(p) { ++p_.depth_; }
        ~DepthGuard() { --p_.depth_; }
        bool ok() const { return p_.depth_ <= p_.max_depth_; }
        DepthGuard(const DepthGuard&) = delete;
        DepthGuard& operator=(const DepthGuard&) = delete;

    private:
        Parser& p_;
    };

    ExprId whole_raw() {
        out_.nodes.clear();
        std::size_t b = 0, e = text_.size();
        while (b < e && (text_[b] == ' ' || text_[b] == '\t')) ++b;
        while (e > b && (text_[e - 1] == ' ' || text_[e - 1] == '\t')) --e;
        return add(ExprKind::raw, b, e);
    }

    // ---- expressions ----
    ExprId expression(int min_prec);
    ExprId infix_word(ExprId left, int min_prec, bool& stop);
    ExprId junction(ExprId left, ExprKind kind, int prec, ExprId& chain, ExprId& chain_last);
    ExprId binary(ExprId left, int prec);
    ExprId is_test(ExprId left);
    ExprId in_list(ExprId left, bool negated);
    ExprId like(ExprId left, bool negated, bool insensitive);
    ExprId cast(ExprId left);
    ExprId subscript(ExprId left);
    ExprId field(ExprId left);
    ExprId prefix();
    ExprId word_prefix();
    ExprId name_chain();
    ExprId function_call(std::size_t begin, std::string_view name, std::string_view schema, bool quoted);
    ExprId extract_call(std::size_t begin, std::string_view name);
    bool call_arguments(std::vector<ExprId>& args);
    ExprId argument();
    bool skip_call_suffix();
    ExprId parenthesized();
    ExprId subplan_ref();
    ExprId list_node(ExprKind kind, std::size_t begin, Tok close);
    ExprId case_expr();
    bool type_name(std::size_t& begin, std::size_t& end);
    bool skip_group();
    ExprId raw_group();
    ExprId raw_argument();
    bool ordering_words(SortItem& item);

    std::string_view text_;
    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    Expression& out_;
    std::size_t depth_ = 0;
    std::size_t max_depth_;
    /// A bracket was never closed: the whole text ends up raw, so enclosing
    /// levels give up at once instead of each rescanning to the end.
    bool unclosed_ = false;
};

ExprId Parser::expression(int min_prec) {
    DepthGuard guard(*this);
    if (!guard.ok()) return no_expr;
    ExprId left = prefix();
    ExprId chain = no_expr, chain_last = no_expr;  // the AND/OR node this loop is extending
    while (left != no_expr) {
        const Token& t = peek();
        if (is_keyword(t, "AND") || is_keyword(t, "OR")) {
            const bool is_or = is_keyword(t, "OR");
            const int prec = is_or ? prec_or : prec_and;
            if (prec <= min_prec) break;
            left = junction(left, is_or ? ExprKind::or_ : ExprKind::and_, prec, chain, chain_last);
        } else if (t.kind == Tok::word) {
            bool stop = false;
            const ExprId next = infix_word(left, min_prec, stop);
            if (stop) break;
            left = next;
        } else if (t.kind == Tok::op) {
            const int prec = binary_prec(t.text);
            if (prec <= min_prec) break;
            left = binary(left, prec);
        } else if (t.kind == Tok::cast || t.kind == Tok::lbracket || t.kind == Tok::dot) {
            if (prec_postfix <= min_prec) break;
            left = t.kind == Tok::cast ? cast(left) : t.kind == Tok::lbracket ? subscript(left) : field(left);
        } else {
            break;
        }
    }
    return left;
}

/// AND and OR are n-ary in PostgreSQL's tree: "a AND b AND c" is one node.
ExprId Parser::junction(ExprId left, ExprKind kind, int prec, ExprId& chain, ExprId& chain_last) {
    ++pos_;
    const ExprId right = expression(prec);
    if (right == no_expr) return no_expr;
    if (chain == left && out_.nodes[chain].kind == kind) {
        out_.nodes[chain_last].next_sibling = right;
        out_.nodes[chain].text = text_.substr(begin_of(chain), end_of(right) - begin_of(chain));
        chain_last = right;
        return chain;
    }
    chain = add(kind, begin_of(left), end_of(right));
    set_children(chain, {left, right});
    chain_last = right;
    return chain;
}

/// Keyword operators after an operand: IS ..., [NOT] IN/LIKE/ILIKE, AT TIME
/// ZONE, COLLATE. Any other word ends the operand (`stop`).
ExprId Parser::infix_word(ExprId left, int min_prec, bool& stop) {
    auto wants = [&](int prec) {
        stop = prec <= min_prec;
        return !stop;
    };
    const bool negated = at_kw("NOT") && (at_kw("IN", 1) || at_kw("LIKE", 1) || at_kw("ILIKE", 1));
    const std::size_t k = negated ? 1 : 0;
    if (at_kw("IS") || at_kw("ISNULL") || at_kw("NOTNULL")) return wants(prec_is) ? is_test(left) : left;
    // "IN (" only: POSITION(a IN b) uses IN as a separator.
    if (at_kw("IN", k) && at(Tok::lparen, k + 1)) return wants(prec_like) ? (pos_ += k, in_list(left, negated)) : left;
    if (at_kw("LIKE", k) || at_kw("ILIKE", k))
        return wants(prec_like) ? (pos_ += k, like(left, negated, at_kw("ILIKE"))) : left;
    if (at_kw("AT") && at_kw("TIME", 1) && at_kw("ZONE", 2)) {
        if (!wants(prec_at)) return left;
        pos_ += 3;
        const ExprId zone = expression(prec_at);
        if (zone == no_expr) return no_expr;
        const ExprId node = add(ExprKind::op, begin_of(left), end_of(zone), "AT TIME ZONE");
        set_children(node, {left, zone});
        return node;
    }
    if (at_kw("COLLATE")) {
        if (!wants(prec_postfix)) return left;
        // Transparent: the collation widens the operand's text and nothing else.
        ++pos_;
        std::size_t b = 0, e = 0;
        if (!type_name(b, e)) return no_expr;
        out_.nodes[left].text = text_.substr(begin_of(left), e - begin_of(left));
        return left;
    }
    stop = true;
    return left;
}

ExprId Parser::binary(ExprId left, int prec) {
    const Token op = peek();
    ++pos_;
    Quantifier q = Quantifier::none;
    ExprId right = no_expr;
    if ((at_kw("ANY") || at_kw("SOME") || at_kw("ALL")) && at(Tok::lparen, 1)) {
        q = at_kw("ALL") ? Quantifier::all : Quantifier::any;
        ++pos_;
        right = parenthesized();
    } else {
        right = expression(prec);
    }
    if (right == no_expr) return no_expr;
    const ExprId node = add(ExprKind::op, begin_of(left), end_of(right), op.text);
    out_.nodes[node].quantifier = q;
    set_children(node, {left, right});
    return node;
}

ExprId Parser::is_test(ExprId left) {
    const std::size_t begin = begin_of(left);
    if (accept_kw("ISNULL") || accept_kw("NOTNULL")) {
        const ExprId node = add(ExprKind::null_test, begin, prev_end());
        out_.nodes[node].negated = is_keyword(toks_[pos_ - 1], "NOTNULL");
        set_children(node, {left});
        return node;
    }
    ++pos_;  // IS
    const bool negated = accept_kw("NOT");
    ExprId node = no_expr;
    if (accept_kw("NULL")) {
        node = add(ExprKind::null_test, begin, prev_end());
        set_children(node, {left});
    } else if (at_kw("TRUE") || at_kw("FALSE") || at_kw("UNKNOWN")) {
        const std::string_view word = peek().text;
        ++pos_;
        node = add(ExprKind::bool_test, begin, prev_end(), word);
        set_children(node, {left});
    } else if (at_kw("DISTINCT") && at_kw("FROM", 1)) {
        pos_ += 2;
        const ExprId right = expression(prec_is);
        if (right == no_expr) return no_expr;
        node = add(ExprKind::distinct, begin, end_of(right));
        set_children(node, {left, right});
    } else {
        return no_expr;  // IS DOCUMENT, IS JSON, IS NORMALIZED ...: left to a raw node
    }
    out_.nodes[node].negated = negated;
    return node;
}

/// "x IN (a, b)" is what the user wrote; PostgreSQL prints "x = ANY (...)".
/// Both become an `op` "=" ANY (or "<>" ALL for NOT IN) over a row of values.
ExprId Parser::in_list(ExprId left, bool negated) {
    ++pos_;  // IN
    if (!at(Tok::lparen)) return no_expr;
    const std::size_t open = peek().begin;
    ++pos_;
    const ExprId list = list_node(ExprKind::row, open, Tok::rparen);
    if (list == no_expr) return no_expr;
    const ExprId node = add(ExprKind::op, begin_of(left), end_of(list), negated ? "<>" : "=");
    out_.nodes[node].quantifier = negated ? Quantifier::all : Quantifier::any;
    set_children(node, {left, list});
    return node;
}

ExprId Parser::like(ExprId left, bool negated, bool insensitive) {
    ++pos_;  // LIKE / ILIKE
    const ExprId pattern = expression(prec_like);
    if (pattern == no_expr || at_kw("ESCAPE")) return no_expr;
    static constexpr std::string_view names[2][2] = {{"~~", "!~~"}, {"~~*", "!~~*"}};
    const ExprId node = add(ExprKind::op, begin_of(left), end_of(pattern), names[insensitive][negated]);
    set_children(node, {left, pattern});
    return node;
}

ExprId Parser::cast(ExprId left) {
    ++pos_;  // ::
    std::size_t b = 0, e = 0;
    if (!type_name(b, e)) return no_expr;
    const ExprId node = add(ExprKind::cast, begin_of(left), e, text_.substr(b, e - b));
    set_children(node, {left});
    return node;
}

ExprId Parser::subscript(ExprId left) {
    ++pos_;  // [
    ExprId lower = no_expr, upper = no_expr;
    if (!at(Tok::colon)) {
        lower = expression(prec_none);
        if (lower == no_expr) return no_expr;
    }
    if (accept(Tok::colon) && !at(Tok::rbracket)) {
        upper = expression(prec_none);
        if (upper == no_expr) return no_expr;
    }
    if (!accept(Tok::rbracket)) return no_expr;
    const ExprId node = add(ExprKind::subscript, begin_of(left), prev_end());
    set_children(node, {left, lower, upper});
    return node;
}

ExprId Parser::field(ExprId left) {
    ++pos_;  // .
    const Token& t = peek();
    const bool star = t.kind == Tok::op && t.text == "*";
    if (t.kind != Tok::word && t.kind != Tok::quoted && !star) return no_expr;
    ++pos_;
    const ExprId node = add(ExprKind::field, begin_of(left), prev_end(), t.text);
    out_.nodes[node].quoted = t.kind == Tok::quoted;
    set_children(node, {left});
    return node;
}

ExprId Parser::prefix() {
    const Token t = peek();
    switch (t.kind) {
        case Tok::lparen: return parenthesized();
        case Tok::lbracket: {  // an inner row of a multi-dimensional ARRAY[[1,2],[3,4]]
            ++pos_;
            return list_node(ExprKind::array, t.begin, Tok::rbracket);
        }
        case Tok::string:
        case Tok::number: ++pos_; return add(ExprKind::constant, t.begin, t.end, t.text);
        case Tok::param: ++pos_; return add(ExprKind::param, t.begin, t.end, t.text);
        case Tok::word: return word_prefix();
        case Tok::quoted: return name_chain();
        case Tok::op: {
            ++pos_;
            if (t.text == "*") return add(ExprKind::star, t.begin, t.end, t.text);
            DepthGuard guard(*this);
            if (!guard.ok()) return no_expr;
            const ExprId operand = expression(prec_unary);
            if (operand == no_expr) return no_expr;
            const ExprId node = add(ExprKind::op, t.begin, end_of(operand), t.text);
            set_children(node, {operand});
            return node;
        }
        default: return no_expr;
    }
}

ExprId Parser::word_prefix() {
    const Token t = peek();
    if (is_keyword(t, "NOT")) {
        ++pos_;
        const ExprId operand = expression(prec_not);
        if (operand == no_expr) return no_expr;
        const ExprId node = add(ExprKind::not_, t.begin, end_of(operand));
        set_children(node, {operand});
        return node;
    }
    if (is_keyword(t, "NULL") || is_keyword(t, "TRUE") || is_keyword(t, "FALSE")) {
        ++pos_;
        return add(ExprKind::constant, t.begin, t.end, t.text);
    }
    if (is_keyword(t, "CASE")) return case_expr();
    if (is_keyword(t, "ARRAY") && at(Tok::lbracket, 1)) {
        pos_ += 2;
        return list_node(ExprKind::array, t.begin, Tok::rbracket);
    }
    if (is_keyword(t, "ROW") && at(Tok::lparen, 1)) {
        pos_ += 2;
        return list_node(ExprKind::row, t.begin, Tok::rparen);
    }
    if (is_keyword(t, "EXTRACT") && at(Tok::lparen, 1)) {
        ++pos_;
        return extract_call(t.begin, t.text);
    }
    if (is_value_function(t) && !at(Tok::lparen, 1)) {
        ++pos_;
        return add(ExprKind::func, t.begin, t.end, t.text);
    }
    if (ends_operand(t)) return no_expr;
    return name_chain();
}

/// a, a.b, s.a.b, "Quoted".b, a.*, and f(...) / s.f(...) when "(" follows.
ExprId Parser::name_chain() {
    const std::size_t begin = peek().begin;
    std::string_view parts[3];
    bool quoted[3] = {false, false, false};
    std::size_t n = 0;
    for (;;) {
        const Token& t = peek();
        const bool star = n > 0 && t.kind == Tok::op && t.text == "*";
        if (t.kind != Tok::word && t.kind != Tok::quoted && !star) return no_expr;
        if (n == 3) {  // catalog.schema.table.column: keep the last three parts
            parts[0] = parts[1], parts[1] = parts[2], quoted[0] = quoted[1], quoted[1] = quoted[2];
            n = 2;
        }
        parts[n] = t.text;
        quoted[n] = t.kind == Tok::quoted;
        ++n;
        ++pos_;
        if (star || !(at(Tok::dot) && (at(Tok::word, 1) || at(Tok::quoted, 1) || (at(Tok::op, 1) && peek(1).text == "*"))))
            break;
        ++pos_;
    }
    const std::string_view last = parts[n - 1];
    const std::string_view before = n > 1 ? parts[n - 2] : std::string_view{};
    if (at(Tok::lparen)) return function_call(begin, last, before, quoted[n - 1]);
    const ExprId node = add(ExprKind::column, begin, prev_end(), last);
    out_.nodes[node].qualifier = before;
    out_.nodes[node].quoted = quoted[n - 1];
    return node;
}

ExprId Parser::function_call(std::size_t begin, std::string_view name, std::string_view schema, bool quoted) {
    ++pos_;  // (
    std::vector<ExprId> args;
    if (!call_arguments(args) || !skip_call_suffix()) return no_expr;
    const ExprId node = add(ExprKind::func, begin, prev_end(), name);
    out_.nodes[node].qualifier = schema;
    out_.nodes[node].quoted = quoted;
    adopt(node, args);
    return node;
}

/// EXTRACT(field FROM source): the field becomes a constant child.
ExprId Parser::extract_call(std::size_t begin, std::string_view name) {
    ++pos_;  // (
    const Token field = peek();
    if (field.kind != Tok::word && field.kind != Tok::string) return no_expr;
    ++pos_;
    if (!accept_kw("FROM")) return no_expr;
    const ExprId source = expression(prec_none);
    if (source == no_expr || !accept(Tok::rparen)) return no_expr;
    const ExprId f = add(ExprKind::constant, field.begin, field.end, field.text);
    const ExprId node = add(ExprKind::func, begin, prev_end(), name);
    set_children(node, {f, source});
    return node;
}

/// Arguments up to and including ")". Besides commas, the SQL-standard
/// keyword separators (SUBSTRING(x FROM 1 FOR 2), POSITION(a IN b),
/// OVERLAY(... PLACING ...), CAST(x AS t)) and an aggregate's ORDER BY are
/// understood; an argument that is not becomes raw text.
bool Parser::call_arguments(std::vector<ExprId>& args) {
    if (accept(Tok::rparen)) return true;
    for (;;) {
        while (at(Tok::word) && (at_kw("DISTINCT") || at_kw("ALL") || at_kw("VARIADIC") || at_kw("BOTH") ||
                                 at_kw("LEADING") || at_kw("TRAILING")))
            ++pos_;
        const ExprId arg = argument();
        if (arg == no_expr) return false;
        args.push_back(arg);
        if (accept_kw("AS")) {  // CAST(x AS type)
            std::size_t b = 0, e = 0;
            if (!type_name(b, e)) return false;
            const ExprId c = add(ExprKind::cast, begin_of(arg), e, text_.substr(b, e - b));
            set_children(c, {arg});
            args.back() = c;
        }
        while (accept_kw("ASC") || accept_kw("DESC") || (accept_kw("NULLS") && (accept_kw("FIRST") || accept_kw("LAST"))))
            ;
        if (accept(Tok::rparen)) return true;
        if (accept(Tok::comma) || accept_kw("FROM") || accept_kw("FOR") || accept_kw("IN") || accept_kw("PLACING"))
            continue;
        if (at_kw("ORDER") && at_kw("BY", 1)) {
            pos_ += 2;
            continue;
        }
        return false;
    }
}

/// One argument; raw text up to the next top-level "," or ")" when it does
/// not parse or is followed by something unexpected.
ExprId Parser::argument() {
    // EXISTS(SubPlan 1), ARRAY(SubPlan 2): the argument names a subplan.
    if ((at_kw("SUBPLAN") || at_kw("INITPLAN")) && at(Tok::number, 1) && at(Tok::rparen, 2)) {
        const Token& name = peek();
        pos_ += 2;
        return add(ExprKind::subplan, name.begin, prev_end(), text_.substr(name.begin, prev_end() - name.begin));
    }
    const Mark m = mark();
    const ExprId arg = expression(prec_none);
    if (arg != no_expr) {
        const Token& t = peek();
        if (t.kind == Tok::comma || t.kind == Tok::rparen) return arg;
        static constexpr std::string_view followers[] = {"FROM", "FOR", "IN", "PLACING", "AS", "ORDER", "ASC", "DESC", "NULLS"};
        for (std::string_view w : followers)
            if (is_keyword(t, w)) return arg;
    }
    restore(m);
    return unclosed_ ? no_expr : raw_argument();
}

/// FILTER (WHERE ...), WITHIN GROUP (ORDER BY ...), OVER (...) / OVER w:
/// kept in the call's text, not parsed.
bool Parser::skip_call_suffix() {
    for (;;) {
        if (at_kw("FILTER") && at(Tok::lparen, 1)) {
            ++pos_;
            if (!skip_group()) return false;
        } else if (at_kw("WITHIN") && at_kw("GROUP", 1) && at(Tok::lparen, 2)) {
            pos_ += 2;
            if (!skip_group()) return false;
        } else if (at_kw("OVER")) {
            ++pos_;
            if (at(Tok::lparen)) {
                if (!skip_group()) return false;
            } else if (!accept(Tok::word) && !accept(Tok::quoted)) {
                return false;
            }
        } else {
            return true;
        }
    }
}

ExprId Parser::parenthesized() {
    const Token open = peek();
    if (at_kw("SubPlan", 1) || at_kw("SUBPLAN", 1) || at_kw("InitPlan", 1) || at_kw("INITPLAN", 1) ||
        at_kw("HASHED", 1) || at_kw("ALTERNATIVES", 1))
        return subplan_ref();
    if (at(Tok::rparen, 1)) {  // (): the empty grouping set
        pos_ += 2;
        return add(ExprKind::row, open.begin, prev_end());
    }
    const Mark m = mark();
    ++pos_;
    const ExprId inner = expression(prec_none);
    if (inner != no_expr) {
        if (accept(Tok::rparen)) {
            // The node's text includes the parentheses PostgreSQL printed around it.
            out_.nodes[inner].text = text_.substr(open.begin, prev_end() - open.begin);
            return inner;
        }
        if (accept(Tok::comma)) {  // (a, b): a row
            std::vector<ExprId> items{inner};
            for (;;) {
                const ExprId item = expression(prec_none);
                if (item == no_expr) break;
                items.push_back(item);
                if (accept(Tok::rparen)) {
                    const ExprId row = add(ExprKind::row, open.begin, prev_end());
                    adopt(row, items);
                    return row;
                }
                if (!accept(Tok::comma)) break;
            }
        }
    }
    restore(m);
    return unclosed_ ? no_expr : raw_group();
}

/// (SubPlan 1), (hashed SubPlan 1), (InitPlan 1), (alternatives: SubPlan 1 or hashed SubPlan 2).
ExprId Parser::subplan_ref() {
    const std::size_t begin = peek().begin;
    const bool hashed = at_kw("HASHED", 1);
    const std::size_t inner = peek(hashed ? 2 : 1).begin;
    if (!skip_group()) return no_expr;
    const std::size_t close = toks_[pos_ - 1].begin;
    const ExprId node = add(ExprKind::subplan, begin, prev_end(), text_.substr(inner, close - inner));
    out_.nodes[node].hashed = hashed;
    return node;
}

/// Comma-separated expressions after an opening bracket, up to `close`.
ExprId Parser::list_node(ExprKind kind, std::size_t begin, Tok close) {
    std::vector<ExprId> items;
    if (!accept(close)) {
        for (;;) {
            const ExprId item = expression(prec_none);
            if (item == no_expr) return no_expr;
            items.push_back(item);
            if (accept(close)) break;
            if (!accept(Tok::comma)) return no_expr;
        }
    }
    const ExprId node = add(kind, begin, prev_end());
    adopt(node, items);
    return node;
}

ExprId Parser::case_expr() {
    const std::size_t begin = peek().begin;
    ++pos_;  // CASE
    std::vector<ExprId> parts;
    const bool has_operand = !at_kw("WHEN");
    if (has_operand) parts.push_back(expression(prec_none));
    while (accept_kw("WHEN")) {
        parts.push_back(expression(prec_none));
        if (!accept_kw("THEN")) return no_expr;
        parts.push_back(expression(prec_none));
    }
    const bool has_else = accept_kw("ELSE");
    if (has_else) parts.push_back(expression(prec_none));
    if (parts.size() < 2 + (has_operand ? 1u : 0u) || !accept_kw("END")) return no_expr;
    for (ExprId p : parts)
        if (p == no_expr) return no_expr;
    const ExprId node = add(ExprKind::case_, begin, prev_end());
    out_.nodes[node].has_operand = has_operand;
    out_.nodes[node].has_else = has_else;
    adopt(node, parts);
    return node;
}

/// A type name as format_type prints it: possibly qualified or quoted,
/// multi-word (timestamp(3) with time zone, character varying, double
/// precision, bit varying), with modifiers (numeric(10,2)) and array marks.
bool Parser::type_name(std::size_t& begin, std::size_t& end) {
    if (!at(Tok::word) && !at(Tok::quoted)) return false;
    begin = peek().begin;
    Token last = peek();
    ++pos_;
    while (at(Tok::dot) && (at(Tok::word, 1) || at(Tok::quoted, 1))) {
        last = peek(1);
        pos_ += 2;
    }
    if (is_keyword(last, "TIMESTAMP") || is_keyword(last, "TIME")) {
        if (at(Tok::lparen) && !skip_group()) return false;
        if ((at_kw("WITH") || at_kw("WITHOUT")) && at_kw("TIME", 1) && at_kw("ZONE", 2)) pos_ += 3;
    } else if (is_keyword(last, "CHARACTER") || is_keyword(last, "BIT")) {
        accept_kw("VARYING");
    } else if (is_keyword(last, "DOUBLE")) {
        if (!accept_kw("PRECISION")) return false;
    }
    if (at(Tok::lparen) && !skip_group()) return false;
    while (at(Tok::lbracket)) {
        ++pos_;
        accept(Tok::number);
        if (!accept(Tok::rbracket)) return false;
    }
    end = prev_end();
    return true;
}

/// From an opening ( or [ through its match. False (at the end) when unmatched.
bool Parser::skip_group() {
    std::size_t depth = 0;
    while (!at(Tok::end)) {
        const Tok k = peek().kind;
        ++pos_;
        if (k == Tok::lparen || k == Tok::lbracket) ++depth;
        if ((k == Tok::rparen || k == Tok::rbracket) && --depth == 0) return true;
    }
    return false;
}

/// A parenthesised group that did not parse, kept as text (to the end of the
/// condition when its parenthesis is never closed).
ExprId Parser::raw_group() {
    const std::size_t begin = peek().begin;
    unclosed_ = !skip_group();
    return add(ExprKind::raw, begin, prev_end());
}

/// Raw text from here to the next "," or ")" at this level.
ExprId Parser::raw_argument() {
    const std::size_t begin = peek().begin, start = pos_;
    std::size_t depth = 0;
    while (!at(Tok::end)) {
        const Tok k = peek().kind;
        if (depth == 0 && (k == Tok::comma || k == Tok::rparen || k == Tok::rbracket)) break;
        if (k == Tok::lparen || k == Tok::lbracket) ++depth;
        if (k == Tok::rparen || k == Tok::rbracket) --depth;
        ++pos_;
    }
    if (pos_ == start) return no_expr;
    unclosed_ = at(Tok::end);  // no closing ")" of the call follows
    return add(ExprKind::raw, begin, prev_end());
}

/// ASC | DESC, NULLS FIRST | NULLS LAST, USING op, after a sort key.
bool Parser::ordering_words(SortItem& item) {
    bool nulls_given = false;
    for (;;) {
        if (accept_kw("ASC")) {
            item.descending = false;
        } else if (accept_kw("DESC")) {
            item.descending = true;
        } else if (at_kw("NULLS") && (at_kw("FIRST", 1) || at_kw("LAST", 1))) {
            item.nulls_first = at_kw("FIRST", 1);
            nulls_given = true;
            pos_ += 2;
        } else if (at_kw("USING") && at(Tok::op, 1)) {
            item.using_operator = peek(1).text;
            pos_ += 2;
        } else {
            break;
        }
    }
    // PostgreSQL's default: NULLS FIRST for DESC, NULLS LAST otherwise.
    if (!nulls_given) item.nulls_first = item.descending;
    return true;
}

}  // namespace

}  // namespace expr

// ---- public API -------------------------------------------------------------

std::string_view to_string(ExprKind kind) noexcept {
    switch (kind) {
        case ExprKind::raw: return "raw";
        case ExprKind::column: return "column";
        case ExprKind::constant: return "constant";
        case ExprKind::param: return "param";
        case ExprKind::subplan: return "subplan";
        case ExprKind::op: return "op";
        case ExprKind::and_: return "and";
        case ExprKind::or_: return "or";
        case ExprKind::not_: return "not";
        case ExprKind::null_test: return "null_test";
        case ExprKind::bool_test: return "bool_test";
        case ExprKind::distinct: return "distinct";
        case ExprKind::func: return "func";
        case ExprKind::cast: return "cast";
        case ExprKind::case_: return "case";
        case ExprKind::array: return "array";
        case ExprKind::row: return "row";
        case ExprKind::subscript: return "subscript";
        case ExprKind::field: return "field";
        case ExprKind::star: return "star";
    }
    return "raw";
}

Expression parse_expression(std::string_view text, const ExprLimits& limits) {
    Expression e;
    e.text = text;
    expr::Parser parser(text, e, limits);
    e.root = parser.whole();
    return e;
}

SortItem parse_sort_item(std::string_view item, const ExprLimits& limits) {
    SortItem out;
    out.expr.text = item;
    expr::Parser parser(item, out.expr, limits);
    out.expr.root = parser.sort_item(out);
    return out;
}

bool Expression::fully_parsed() const noexcept {
    for (const ExprNode& n : nodes)
        if (n.kind == ExprKind::raw) return false;
    return !nodes.empty();
}

std::size_t Expression::child_count(ExprId id) const noexcept {
    std::size_t n = 0;
    for (ExprId c = nodes[id].first_child; c != no_expr; c = nodes[c].next_sibling) ++n;
    return n;
}

ExprId Expression::child(ExprId id, std::size_t n) const noexcept {
    ExprId c = nodes[id].first_child;
    while (c != no_expr && n-- > 0) c = nodes[c].next_sibling;
    return c;
}

}  // namespace planlens

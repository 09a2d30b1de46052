// Hostile and mangled conditions: the parser never crashes, every node's
// text lies inside the input, and children lie inside their parent.
#include <planlens/expression.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <string>

using namespace planlens;

namespace {

bool inside(std::string_view outer, std::string_view inner) {
    return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

void check_well_formed(const Expression& e) {
    REQUIRE(e.root != no_expr);
    REQUIRE(e.root < e.nodes.size());
    std::size_t reached = 0;
    walk(e, e.root, [&](ExprId id) {
        ++reached;
        const ExprNode& n = e[id];
        CHECK(inside(e.text, n.text));
        if (n.kind != ExprKind::op && !n.name.empty()) CHECK(inside(e.text, n.name));  // LIKE spells its operator
        for (ExprId c : e.children(id)) {
            REQUIRE(c < e.nodes.size());
            CHECK(inside(n.text, e[c].text));
        }
    });
    CHECK(reached == e.nodes.size());  // no orphans left behind by backtracking
}

const char* const corpus[] = {
    "((user_id = 199993) AND (EXTRACT(day FROM age(now(), \"time\")) = '0'::numeric))",
    "(((EXTRACT(day FROM age(now(), \"time\")) > '2'::numeric) AND (user_id = 199993)) OR (user_id <> 199993))",
    "((meal.calories)::numeric < ((goals.daily_calories)::numeric - (COALESCE(sum(meal_1.calories), '0'::numeric))))",
    "(CASE WHEN (meal.user_id = 199993) THEN (meal.rating * 2) ELSE meal.rating END) DESC",
    "(customer_id = ANY ('{1,8,15,22,29}'::integer[]))",
    "(NOT (hashed SubPlan 1))",
    "(x = (InitPlan 1).col1)",
    "string_agg(x, ','::text ORDER BY x DESC)",
    "(attrs @> '{\"size\": \"M\"}'::jsonb)",
    "(row_number() OVER (?) <= 10)",
};

}  // namespace

TEST_CASE("robustness: the corpus itself is well formed") {
    for (const char* s : corpus) {
        INFO(s);
        check_well_formed(parse_expression(s));
        check_well_formed(parse_sort_item(s).expr);
    }
}

TEST_CASE("robustness: truncations of real conditions") {
    for (const char* s : corpus) {
        const std::string text(s);
        for (std::size_t n = 0; n <= text.size(); ++n) {
            const std::string cut = text.substr(0, n);
            INFO(cut);
            check_well_formed(parse_expression(cut));
        }
    }
}

TEST_CASE("robustness: random byte mutations of real conditions") {
    std::mt19937 rng(20240610);
    const std::string alphabet = "()[],.:;'\"$ -+*/<>=~!@#%^&|?abcANDORNOTISNULL0123456789\\\n\t\x80\xff";
    for (int round = 0; round < 3000; ++round) {
        std::string text = corpus[rng() % std::size(corpus)];
        const int edits = 1 + static_cast<int>(rng() % 6);
        for (int k = 0; k < edits && !text.empty(); ++k) {
            const std::size_t at = rng() % text.size();
            const char c = alphabet[rng() % alphabet.size()];
            switch (rng() % 3) {
                case 0: text[at] = c; break;
                case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
                default: text.erase(at, 1); break;
            }
        }
        INFO(text);
        check_well_formed(parse_expression(text));
        check_well_formed(parse_sort_item(text).expr);
    }
}

TEST_CASE("robustness: random token soup") {
    std::mt19937 rng(7);
    const char* tokens[] = {"(", ")", "[", "]", ",", "::", "text", "integer[]", "AND", "OR", "NOT", "IS", "NULL",
                            "a", "t.b", "\"q\"", "'s'", "1", "$1", "=", "<>", "~~", "ANY", "CASE", "WHEN", "THEN",
                            "ELSE", "END", "EXTRACT", "FROM", "SubPlan", "hashed", "ARRAY", "ROW", "IN", "LIKE",
                            "f", "-", "*", ".", "COLLATE", "AT", "TIME", "ZONE", "DISTINCT", "ORDER", "BY", "DESC"};
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const int n = 1 + static_cast<int>(rng() % 25);
        for (int k = 0; k < n; ++k) text += std::string(tokens[rng() % std::size(tokens)]) + (rng() % 2 ? " " : "");
        INFO(text);
        check_well_formed(parse_expression(text));
    }
}

// The condition parser: every construct PostgreSQL prints, the seed plans'
// real conditions, and hostile input.
#include <planlens/expression.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace planlens;

namespace {

std::string sx(std::string_view text) { return to_sexpr(parse_expression(text)); }

}  // namespace

TEST_CASE("expression: columns, qualified and quoted") {
    CHECK(sx("user_id") == "user_id");
    CHECK(sx("meal.user_id") == "meal.user_id");
    CHECK(sx("\"time\"") == "\"time\"");
    CHECK(sx("public.meal.user_id") == "meal.user_id");
    CHECK(sx("\"*SELECT* 2\".id") == "*SELECT* 2.id");
    CHECK(sx("t.*") == "t.*");
    const Expression e = parse_expression("\"time\"");
    CHECK(e.root_node().name == "time");
    CHECK(e.root_node().quoted);
}

TEST_CASE("expression: constants and casts") {
    CHECK(sx("7") == "7");
    CHECK(sx("1.5e-3") == "1.5e-3");
    CHECK(sx("'0'::numeric") == "(:: numeric '0')");
    CHECK(sx("'it''s'::text") == "(:: text 'it''s')");
    CHECK(sx("E'a\\\\b'::text") == "(:: text E'a\\\\b')");
    CHECK(sx("NULL") == "NULL");
    CHECK(sx("true") == "true");
    CHECK(sx("'2021-07-16 00:00:00+00'::timestamp with time zone") ==
          "(:: timestamp with time zone '2021-07-16 00:00:00+00')");
    CHECK(sx("'x'::timestamp(3) without time zone") == "(:: timestamp(3) without time zone 'x')");
    CHECK(sx("(type)::text") == "(:: text type)");
    CHECK(sx("'a'::character varying(20)") == "(:: character varying(20) 'a')");
    CHECK(sx("'{1,2}'::integer[]") == "(:: integer[] '{1,2}')");
    CHECK(sx("x::double precision") == "(:: double precision x)");
    CHECK(sx("x::numeric(10,2)") == "(:: numeric(10,2) x)");
    CHECK(sx("x::public.\"My Type\"") == "(:: public.\"My Type\" x)");
    CHECK(sx("'1 day'::interval") == "(:: interval '1 day')");
}

TEST_CASE("expression: operators") {
    CHECK(sx("(to_user = 7)") == "(= to_user 7)");
    CHECK(sx("(a <> 1)") == "(<> a 1)");
    CHECK(sx("(name ~~ 'abc%'::text)") == "(~~ name (:: text 'abc%'))");
    CHECK(sx("(name ~~* '%abc'::text)") == "(~~* name (:: text '%abc'))");
    CHECK(sx("(name !~~ 'x%'::text)") == "(!~~ name (:: text 'x%'))");
    CHECK(sx("(tags @> '{a}'::text[])") == "(@> tags (:: text[] '{a}'))");
    CHECK(sx("(tags && '{a}'::text[])") == "(&& tags (:: text[] '{a}'))");
    CHECK(sx("((a || b) = 'xy'::text)") == "(= (|| a b) (:: text 'xy'))");
    CHECK(sx("((a + (b * 2)) > 10)") == "(> (+ a (* b 2)) 10)");
    CHECK(sx("a + b * 2 - c") == "(- (+ a (* b 2)) c)");
    CHECK(sx("(- x)") == "(- x)");
    CHECK(sx("x=-1") == "(= x (- 1))");
    CHECK(sx("(data ->> 'k'::text)") == "(->> data (:: text 'k'))");
}

TEST_CASE("expression: boolean structure") {
    CHECK(sx("((to_user = 7) AND (from_user = 8))") == "(and (= to_user 7) (= from_user 8))");
    CHECK(sx("((a = 1) AND (b = 2) AND (c = 3))") == "(and (= a 1) (= b 2) (= c 3))");
    CHECK(sx("((a = 1) OR (b = 2) OR (c = 3))") == "(or (= a 1) (= b 2) (= c 3))");
    CHECK(sx("a = 1 OR b = 2 AND c = 3") == "(or (= a 1) (and (= b 2) (= c 3)))");
    CHECK(sx("(NOT show)") == "(not show)");
    CHECK(sx("NOT a AND b") == "(and (not a) b)");
    CHECK(sx("((available_to_prime_at IS NOT NULL) AND show)") == "(and (is-not-null available_to_prime_at) show)");
    CHECK(sx("(x IS NULL)") == "(is-null x)");
    CHECK(sx("(x IS TRUE)") == "(is-TRUE x)");
    CHECK(sx("(x IS NOT FALSE)") == "(is-not-FALSE x)");
    CHECK(sx("(a IS DISTINCT FROM b)") == "(is-distinct a b)");
    CHECK(sx("(a IS NOT DISTINCT FROM b)") == "(is-not-distinct a b)");
}

TEST_CASE("expression: ANY, ALL and IN") {
    CHECK(sx("(customer_id = ANY ('{1,8,15}'::integer[]))") == "(= any customer_id (:: integer[] '{1,8,15}'))");
    CHECK(sx("(x <> ALL (ARRAY[1, 2]))") == "(<> all x (array 1 2))");
    CHECK(sx("(x = ANY ($1))") == "(= any x $1)");
    CHECK(sx("x IN (1, 2, 3)") == "(= any x (row 1 2 3))");
    CHECK(sx("x NOT IN (1, 2)") == "(<> all x (row 1 2))");
    CHECK(sx("x LIKE 'a%'") == "(~~ x 'a%')");
    CHECK(sx("x NOT ILIKE 'a%'") == "(!~~* x 'a%')");
}

TEST_CASE("expression: functions and special forms") {
    CHECK(sx("now()") == "(now)");
    CHECK(sx("(EXTRACT(day FROM age(now(), \"time\")) = '0'::numeric)") ==
          "(= (EXTRACT day (age (now) \"time\")) (:: numeric '0'))");
    CHECK(sx("COALESCE(sum(meal_1.calories), '0'::numeric)") == "(COALESCE (sum meal_1.calories) (:: numeric '0'))");
    CHECK(sx("count(*)") == "(count *)");
    CHECK(sx("count(DISTINCT x)") == "(count x)");
    CHECK(sx("pg_catalog.lower(x)") == "(pg_catalog.lower x)");
    CHECK(sx("\"MyFunc\"(x)") == "(\"MyFunc\" x)");
    CHECK(sx("SUBSTRING(name FROM 1 FOR 3)") == "(SUBSTRING name 1 3)");
    CHECK(sx("POSITION('a'::text IN name)") == "(POSITION (:: text 'a') name)");
    CHECK(sx("TRIM(BOTH ' ' FROM name)") == "(TRIM ' ' name)");
    CHECK(sx("CAST(x AS integer)") == "(CAST (:: integer x))");
    CHECK(sx("string_agg(x, ','::text ORDER BY x DESC)") == "(string_agg x (:: text ',') x)");
    CHECK(sx("sum(x) FILTER (WHERE (x > 0))") == "(sum x)");
    CHECK(sx("(row_number() OVER (?) <= 10)") == "(<= (row_number) 10)");
    CHECK(sx("(\"time\" >= (CURRENT_DATE - 3))") == "(>= \"time\" (- (CURRENT_DATE) 3))");
    CHECK(sx("CURRENT_TIMESTAMP(3)") == "(CURRENT_TIMESTAMP 3)");
    CHECK(sx("(ts AT TIME ZONE 'UTC'::text)") == "(AT TIME ZONE ts (:: text 'UTC'))");
    CHECK(sx("GREATEST(a, b)") == "(GREATEST a b)");
    CHECK(sx("NULLIF(a, 0)") == "(NULLIF a 0)");
}

TEST_CASE("expression: CASE") {
    CHECK(sx("CASE WHEN (meal.user_id = 199993) THEN (meal.rating * 2) ELSE meal.rating END") ==
          "(case (= meal.user_id 199993) (* meal.rating 2) meal.rating)");
    const Expression e = parse_expression("CASE x WHEN 1 THEN 'a'::text END");
    CHECK(to_sexpr(e) == "(case x 1 (:: text 'a'))");
    CHECK(e.root_node().has_operand);
    CHECK_FALSE(e.root_node().has_else);
}

TEST_CASE("expression: arrays, rows, subscripts, fields") {
    CHECK(sx("ARRAY[1, 2, 3]") == "(array 1 2 3)");
    CHECK(sx("ARRAY[[1, 2], [3, 4]]") == "(array (array 1 2) (array 3 4))");
    CHECK(sx("ROW(a, b)") == "(row a b)");
    CHECK(sx("((a, b) = (1, 2))") == "(= (row a b) (row 1 2))");
    CHECK(sx("(arr[1] = 5)") == "(= ([] arr 1) 5)");
    CHECK(sx("arr[1:2]") == "([] arr 1 2)");
    CHECK(sx("(x).f") == "(. f x)");
    CHECK(sx("(name COLLATE \"C\")") == "name");
    CHECK(sx("()") == "(row)");  // Group Key: () of a grouping set
}

TEST_CASE("expression: params and subplans") {
    CHECK(sx("(id = $1)") == "(= id $1)");
    CHECK(sx("(NOT (hashed SubPlan 1))") == "(not [hashed SubPlan 1])");
    CHECK(sx("(x = (SubPlan 2))") == "(= x [SubPlan 2])");
    CHECK(sx("(x = (InitPlan 1).col1)") == "(= x (. col1 [InitPlan 1]))");
    CHECK(sx("(ANY (c.id = (hashed SubPlan 1).col1))") == "(ANY (= c.id (. col1 [hashed SubPlan 1])))");
    CHECK(sx("(alternatives: SubPlan 1 or hashed SubPlan 2)") == "[alternatives: SubPlan 1 or hashed SubPlan 2]");
    CHECK(sx("EXISTS(SubPlan 1)") == "(EXISTS [SubPlan 1])");
    CHECK(sx("ARRAY(SubPlan 2)") == "(ARRAY [SubPlan 2])");
    const Expression e = parse_expression("(hashed SubPlan 1)");
    CHECK(e.root_node().hashed);
    CHECK(e.root_node().name == "SubPlan 1");
}

TEST_CASE("expression: sort items") {
    const SortItem a = parse_sort_item("e.name");
    CHECK(to_sexpr(a.expr) == "e.name");
    CHECK_FALSE(a.descending);
    const SortItem b = parse_sort_item("(CASE WHEN (meal.user_id = 199993) THEN (meal.rating * 2) ELSE meal.rating END) DESC");
    CHECK(b.descending);
    CHECK(b.nulls_first);
    CHECK(b.expr.root_node().kind == ExprKind::case_);
    const SortItem c = parse_sort_item("created_at DESC NULLS LAST");
    CHECK(c.descending);
    CHECK_FALSE(c.nulls_first);
    const SortItem d = parse_sort_item("x USING <");
    CHECK(d.using_operator == "<");
}

TEST_CASE("expression: node text keeps the printed parentheses") {
    const Expression e = parse_expression("((to_user = 7) AND (from_user = 8))");
    const auto terms = conjuncts(e);
    REQUIRE(terms.size() == 2);
    CHECK(e[terms[0]].text == "(to_user = 7)");
    CHECK(e[terms[1]].text == "(from_user = 8)");
    CHECK(e.root_node().text == "((to_user = 7) AND (from_user = 8))");
}

TEST_CASE("expression: what is not understood stays text") {
    // A construct the parser does not know only costs its own group.
    const Expression e = parse_expression("((x BETWEEN 1 AND 2) AND (y = 3))");
    CHECK(to_sexpr(e) == "(and {(x BETWEEN 1 AND 2)} (= y 3))");
    CHECK_FALSE(e.fully_parsed());
    CHECK(sx("f(x BETWEEN 1 AND 2, y)") == "(f {x BETWEEN 1 AND 2} y)");
    CHECK(sx("(a = 1) garbage") == "{(a = 1) garbage}");
    CHECK(sx("(a = 'unterminated") == "{(a = 'unterminated}");
    CHECK(sx("((a = 1)") == "{((a = 1)}");
    CHECK(sx("a = 1)") == "{a = 1)}");
    CHECK(sx("") == "{}");
    CHECK(sx("   ") == "{}");
    CHECK(sx("(x IS DOCUMENT)") == "{(x IS DOCUMENT)}");
    CHECK(sx("; DROP TABLE t") == "{; DROP TABLE t}");
}

TEST_CASE("expression: nesting deeper than the limit becomes text, without recursion trouble") {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += '(';
    deep += "x = 1";
    for (int i = 0; i < 100000; ++i) deep += ')';
    const Expression e = parse_expression(deep);
    CHECK_FALSE(e.fully_parsed());
    std::string minus(50000, '-');
    const std::string negated = minus + "x";  // the expression points into its text
    CHECK_FALSE(parse_expression(negated).fully_parsed());
    std::string nots;
    for (int i = 0; i < 50000; ++i) nots += "NOT ";
    const std::string denied = nots + "x";
    CHECK_FALSE(parse_expression(denied).fully_parsed());
    // A long flat chain is not deep: it parses whole.
    std::string chain = "a";
    for (int i = 0; i < 20000; ++i) chain += " AND a";
    const Expression flat = parse_expression(chain);
    CHECK(flat.fully_parsed());
    CHECK(flat.child_count(flat.root) == 20001);
    const bool limit_ok = parse_expression("((((x))))", ExprLimits{3}).fully_parsed();
    CHECK_FALSE(limit_ok);
}

TEST_CASE("expression: hostile input stays linear") {
    // Each of these once cost seconds (a rescan per token or per nesting level).
    const auto start = std::chrono::steady_clock::now();
    std::string calls;
    for (int i = 0; i < 100000; ++i) calls += "f(";
    const std::string called = calls + "x", nested = std::string(200000, '(') + "x";
    const std::string minuses = std::string(200000, '-') + "x", tildes = std::string(200000, '~') + " x";
    CHECK(to_sexpr(parse_expression(called)).front() == '{');
    CHECK_FALSE(parse_expression(nested).fully_parsed());
    CHECK(parse_expression(minuses).nodes.size() == 1);
    CHECK(parse_expression(tildes).nodes.size() == 2);  // one operator token
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 5);  // milliseconds in practice; generous for a loaded machine
}

TEST_CASE("expression: the seed plans' conditions") {
    const char* seeds[] = {
        "((to_user = 7) AND (from_user = 8))",
        "((user_id = 199993) AND (EXTRACT(day FROM age(now(), \"time\")) = '0'::numeric))",
        "(((EXTRACT(day FROM age(now(), \"time\")) > '2'::numeric) AND (user_id = 199993)) OR (user_id <> 199993))",
        "((meal.calories)::numeric < ((goals.daily_calories)::numeric - (COALESCE(sum(meal_1.calories), '0'::numeric))))",
        "((available_to_prime_at IS NOT NULL) AND show AND ((updated_at >= '2021-07-16 00:00:00'::timestamp without "
        "time zone) OR (hashed SubPlan 1) OR (hashed SubPlan 2)))",
        "(max(GREATEST((moves.updated_at)::timestamp with time zone, (orders.updated_at)::timestamp with time zone, "
        "mto_shipments.updated_at, mto_service_items.updated_at, (payment_requests.updated_at)::timestamp with time "
        "zone)) >= '2021-07-16 00:00:00+00'::timestamp with time zone)",
        "(sum(items_ledger.qty_change) > 0)",
        "(NOT (hashed SubPlan 1))",
        "((type)::text = 'back'::text)",
        "((user_id = 12413) AND (\"time\" >= (CURRENT_DATE - 3)))",
        "(c.exercise_id = e.id)",
    };
    for (const char* s : seeds) {
        INFO(s);
        const Expression e = parse_expression(s);
        CHECK(e.fully_parsed());
        CHECK(e.root_node().text == s);
    }
    CHECK(sx(seeds[2]) ==
          "(or (and (> (EXTRACT day (age (now) \"time\")) (:: numeric '2')) (= user_id 199993)) (<> user_id 199993))");
    CHECK(sx(seeds[3]) == "(< (:: numeric meal.calories) (- (:: numeric goals.daily_calories) (COALESCE (sum "
                          "meal_1.calories) (:: numeric '0'))))");
}

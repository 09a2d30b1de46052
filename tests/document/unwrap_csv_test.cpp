// pgAdmin / DataGrip CSV: rows quoted only when they contain a comma or a
// quote, inner quotes doubled; with or without the "QUERY PLAN" header.
#include "document/unwrap.hpp"
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::detail::LineArena;
using planlens::detail::unwrap_csv_row;
using planlens::test::doc;
using planlens::test::plan_lines;

TEST_CASE("csv row: doubled quotes are undone, the column points after the opening quote") {
    LineArena arena;
    const SourceLine line =
        unwrap_csv_row({R"x("  ->  Subquery Scan on ""*SELECT* 2""  (cost=0.00..3.51 rows=67 width=72)")x", 9, 1}, arena);
    CHECK(line.text == R"x(  ->  Subquery Scan on "*SELECT* 2"  (cost=0.00..3.51 rows=67 width=72))x");
    CHECK(line.line == 9);
    CHECK(line.column == 2);
}

TEST_CASE("csv row: a quoted row without inner quotes stays a view, an unquoted row is itself") {
    LineArena arena;
    const std::string_view text = R"x("  Sort Key: a, b")x";
    const SourceLine quoted = unwrap_csv_row({text, 1, 1}, arena);
    CHECK(quoted.text == "  Sort Key: a, b");
    CHECK(quoted.text.data() == text.data() + 1);
    CHECK(unwrap_csv_row({"  Sort Key: a", 1, 1}, arena).text == "  Sort Key: a");
}

TEST_CASE("csv export with its header") {
    const Document d = doc(
        "\"QUERY PLAN\"\n"
        "\"Seq Scan on \"\"Order Items\"\" oi  (cost=0.00..22.70 rows=4 width=68)\"\n"
        "\"  Filter: ((note || ','::text) = 'a'::text)\"\n"
        "Planning Time: 0.040 ms\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::csv);
    CHECK(p.first_line == 2);
    CHECK(p.last_line == 4);
    CHECK(plan_lines(p) == std::vector<std::string>{R"x(Seq Scan on "Order Items" oi  (cost=0.00..22.70 rows=4 width=68))x",
                                                    "  Filter: ((note || ','::text) = 'a'::text)",
                                                    "Planning Time: 0.040 ms"});
    CHECK(p.plan->root().target.object == "Order Items");
}

TEST_CASE("csv rows mixed with unquoted rows in a code fence") {
    const Document d = doc(
        "```\n"
        "Append  (cost=0.00..5.00 rows=2 width=4)\n"
        "\"  ->  Subquery Scan on \"\"*SELECT* 1\"\"  (cost=0.00..2.00 rows=1 width=4)\"\n"
        "        ->  Result  (cost=0.00..1.00 rows=1 width=4)\n"
        "  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
        "```\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::csv);
    CHECK(p.plan->nodes.size() == 4);
    CHECK(p.plan->nodes[1].target.alias == "*SELECT* 1");
    CHECK(p.last_line == 5);
}

TEST_CASE("a fence without quoted rows stays fenced") {
    const Document d = doc("```\nSeq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n```\n");
    REQUIRE(d.plans().size() == 1);
    CHECK(d.plans()[0].style == PasteStyle::fenced);
}

TEST_CASE("a csv export whose root itself is quoted") {
    const Document d = doc(
        "\"Index Scan using \"\"T_pkey\"\" on t  (cost=0.15..8.17 rows=1 width=4)\"\n"
        "\"  Index Cond: (id = 1)\"\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].style == PasteStyle::csv);
    CHECK(d.plans()[0].plan->root().target.index == "T_pkey");
}

TEST_CASE("csv export with a quoted root: unquoted rows keep their indentation") {
    const Document d = doc(
        "\"QUERY PLAN\"\n"
        "\"Index Scan using \"\"T_pkey\"\" on t \"\"T\"\"  (cost=0.15..8.17 rows=1 width=4)\"\n"
        "\"  Filter: \"\"T\"\".\"\"select\"\"\"\n"
        "  Rows Removed by Filter: 110\n"
        "Planning Time: 0.080 ms\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(plan_lines(d.plans()[0]) == std::vector<std::string>{R"x(Index Scan using "T_pkey" on t "T"  (cost=0.15..8.17 rows=1 width=4))x",
                                                               R"x(  Filter: "T"."select")x",
                                                               "  Rows Removed by Filter: 110", "Planning Time: 0.080 ms"});
}

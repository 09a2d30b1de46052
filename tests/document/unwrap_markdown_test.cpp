// Markdown pipe tables: "| QUERY PLAN |" header, optional separator, rows
// "| <line padded> |" whose closing pipe may be lost, indented or not.
#include "document/unwrap.hpp"
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::detail::LineArena;
using planlens::detail::unwrap_markdown_row;
using planlens::test::doc;
using planlens::test::plan_lines;

namespace {
SourceLine row(std::string_view text) { return SourceLine{text, 7, 1}; }
}  // namespace

TEST_CASE("markdown row: one padding space and the closing pipe go, the plan's indentation stays") {
    LineArena arena;
    const SourceLine root = unwrap_markdown_row(row("| Limit  (cost=1.00..2.00 rows=1 width=4) |"), 1, arena);
    CHECK(root.text == "Limit  (cost=1.00..2.00 rows=1 width=4)");
    CHECK(root.line == 7);
    CHECK(root.column == 3);
    const SourceLine child = unwrap_markdown_row(row("|   ->  Sort  (cost=1.00..2.00 rows=1 width=4)   |"), 1, arena);
    CHECK(child.text == "  ->  Sort  (cost=1.00..2.00 rows=1 width=4)");
    CHECK(child.column == 3);
}

TEST_CASE("markdown row: a lost closing pipe, trailing spaces, an indented table") {
    LineArena arena;
    CHECK(unwrap_markdown_row(row("| Execution Time: 454.144 ms"), 1, arena).text == "Execution Time: 454.144 ms");
    const SourceLine indented = unwrap_markdown_row(row("    |   Filter: (a = 1)   |"), 1, arena);
    CHECK(indented.text == "  Filter: (a = 1)");
    CHECK(indented.column == 7);
    CHECK(unwrap_markdown_row(row("|Result|"), 0, arena).text == "Result");
}

TEST_CASE("markdown row: escaped pipes are unescaped into stable storage") {
    LineArena arena;
    const SourceLine line = unwrap_markdown_row(row(R"x(|   Filter: ((a \|\| b) = '\|'::text) |)x"), 1, arena);
    CHECK(line.text == "  Filter: ((a || b) = '|'::text)");
    CHECK(line.column == 3);
}

TEST_CASE("markdown table with header and separator") {
    const Document d = doc(
        "Before:\n"
        "| QUERY PLAN                                                          |\n"
        "| ------------------------------------------------------------------- |\n"
        "| Seq Scan on t  (cost=0.00..35.50 rows=10 width=4)                   |\n"
        "|   Filter: (a = 1)                                                   |\n"
        "| Planning Time: 0.050 ms                                             |\n"
        "\n"
        "After.\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::markdown);
    CHECK(p.first_line == 4);
    CHECK(p.last_line == 6);
    CHECK(plan_lines(p) == std::vector<std::string>{"Seq Scan on t  (cost=0.00..35.50 rows=10 width=4)",
                                                    "  Filter: (a = 1)", "Planning Time: 0.050 ms"});
    CHECK(p.plan->lines[1].column == 3);
}

TEST_CASE("markdown table without separator, header without closing pipe, indented in a list item") {
    const Document d = doc(
        " - the credits query:\n"
        "\n"
        "    | QUERY PLAN                                 \n"
        "    | Result  (cost=0.01..0.02 rows=1 width=8)   |\n"
        "    |   InitPlan 1 (returns $0)                  |\n"
        "    |     ->  Result  (cost=0.00..0.01 rows=1 width=4) |\n"
        "    | Execution Time: 0.010 ms                   |                 \n"
        "\n"
        "    That is all.\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.first_line == 4);
    CHECK(p.last_line == 7);
    CHECK(p.plan->nodes.size() == 2);
    CHECK(p.plan->execution_time == Approx(0.010));
    CHECK(plan_lines(p)[2] == "    ->  Result  (cost=0.00..0.01 rows=1 width=4)");
    CHECK(p.plan->lines[0].column == 7);
}

TEST_CASE("markdown table whose last row lost its closing pipe") {
    const Document d = doc(
        "| QUERY PLAN                                   |\n"
        "| -------------------------------------------- |\n"
        "| Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) |\n"
        "| Execution Time: 0.020 ms           \n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].last_line == 4);
    CHECK(d.plans()[0].plan->execution_time == Approx(0.020));
}

TEST_CASE("a QUERY PLAN table is a plan even under COSTS OFF") {
    const Document d = doc(
        "| QUERY PLAN |\n"
        "|------------|\n"
        "| Result     |\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].plan->root().name == "Result");
    CHECK(d.plans()[0].first_line == 3);
}

TEST_CASE("markdown tables that are not plans are left alone") {
    const Document d = doc(
        "## Simplified Results\n"
        "| | Option 1 | Option 2 |\n"
        "|---|---|---|\n"
        "| **Potential CPU Cost** | 34.00 | 33.48 |\n"
        "| **Total Processing Time** | 38.619 ms | 27.740 ms |\n"
        "\n"
        "| Query | Plan |\n"
        "| --- | --- |\n"
        "| q1 | Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) |\n");
    CHECK(d.plans().empty());
}

TEST_CASE("FORMAT JSON output in a QUERY PLAN table is not a text plan") {
    const Document d = doc(
        "| QUERY PLAN |\n"
        "| --- |\n"
        "| [{\"Plan\": {\"Node Type\": \"Result\"}}] |\n");
    CHECK(d.plans().empty());
    CHECK(d.error_count() == 0);
}

TEST_CASE("psql with pset border 2 is a pipe table framed by + rules") {
    const Document d = doc(
        "+-------------------------------------------------+\n"
        "|                   QUERY PLAN                    |\n"
        "+-------------------------------------------------+\n"
        "| Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) |\n"
        "|   Filter: (a = 1)                               |\n"
        "+-------------------------------------------------+\n"
        "(2 rows)\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::psql);
    CHECK(p.first_line == 4);
    CHECK(p.last_line == 5);
    CHECK(plan_lines(p)[1] == "  Filter: (a = 1)");
}

TEST_CASE("a markdown table without header whose rows are a plan") {
    const Document d = doc(
        "| Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) |\n"
        "|   Filter: (a = 1)                               |\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].style == PasteStyle::markdown);
    CHECK(d.plans()[0].last_line == 2);
}

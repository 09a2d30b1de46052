// psql output: aligned (centred header, dashes, one padding space, footer),
// unaligned (-A), expanded (\x, aligned and unaligned), and sessions whose
// prompt lines give the plan its SQL.
#include "document/unwrap.hpp"
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::detail::unwrap_psql_aligned;
using planlens::detail::unwrap_psql_expanded;
using planlens::test::doc;
using planlens::test::plan_lines;

TEST_CASE("psql aligned row: exactly the padding goes") {
    const SourceLine root = unwrap_psql_aligned({" Limit  (cost=1.00..2.00 rows=1 width=4)", 3, 1}, 1);
    CHECK(root.text == "Limit  (cost=1.00..2.00 rows=1 width=4)");
    CHECK(root.column == 2);
    CHECK(unwrap_psql_aligned({"   ->  Sort", 4, 1}, 1).text == "  ->  Sort");
    CHECK(unwrap_psql_aligned({"Sort", 4, 1}, 1).text == "Sort");
}

TEST_CASE("psql expanded row: aligned pads the value, unaligned does not") {
    CHECK(unwrap_psql_expanded({"QUERY PLAN |   ->  Sort", 1, 1}).text == "  ->  Sort");
    CHECK(unwrap_psql_expanded({"QUERY PLAN |   ->  Sort", 1, 1}).column == 14);
    CHECK(unwrap_psql_expanded({"QUERY PLAN|  ->  Sort", 1, 1}).text == "  ->  Sort");
}

TEST_CASE("psql aligned output with footer") {
    const Document d = doc(
        "                           QUERY PLAN\n"
        "-----------------------------------------------------------------\n"
        " Sort  (cost=1.02..1.03 rows=1 width=4)\n"
        "   Sort Key: a\n"
        "   ->  Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "(3 rows)\n"
        "\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::psql);
    CHECK(p.first_line == 3);
    CHECK(p.last_line == 5);
    CHECK(plan_lines(p) == std::vector<std::string>{"Sort  (cost=1.02..1.03 rows=1 width=4)", "  Sort Key: a",
                                                    "  ->  Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)"});
    CHECK(p.plan->lines[2].column == 2);
}

TEST_CASE("psql aligned COSTS OFF, one row, in a session: the prompt gives the SQL") {
    const Document d = doc(
        "```\n"
        "shop=# EXPLAIN (COSTS OFF)\n"
        "shop-#   SELECT * FROM t;\n"
        "  QUERY PLAN\n"
        "---------------\n"
        " Seq Scan on t\n"
        "(1 row)\n"
        "\n"
        "shop=# \\q\n"
        "```\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::psql);
    CHECK(p.first_line == 6);
    CHECK(p.last_line == 6);
    CHECK(p.sql == "EXPLAIN (COSTS OFF)\n  SELECT * FROM t;");
}

TEST_CASE("psql aligned output indented in a list item") {
    const Document d = doc(
        "1. First run:\n"
        "\n"
        "                 QUERY PLAN\n"
        "   ------------------------------------\n"
        "    Result  (cost=0.00..0.01 rows=1 width=4)\n"
        "      Output: 1\n"
        "   (2 rows)\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(plan_lines(d.plans()[0]) ==
          std::vector<std::string>{"Result  (cost=0.00..0.01 rows=1 width=4)", "  Output: 1"});
    CHECK(d.plans()[0].plan->lines[0].column == 5);
}

TEST_CASE("psql unaligned: header, rows as they are, footer") {
    const Document d = doc(
        "QUERY PLAN\n"
        "Hash Join\n"
        "  Hash Cond: (a.id = b.id)\n"
        "  ->  Seq Scan on a\n"
        "  ->  Hash\n"
        "        ->  Seq Scan on b\n"
        "(5 rows)\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::psql_unaligned);
    CHECK(p.first_line == 2);
    CHECK(p.last_line == 6);
    CHECK(p.plan->nodes.size() == 4);
}

TEST_CASE("psql expanded: one record per plan line") {
    const Document d = doc(
        "-[ RECORD 1 ]-------------------------------------------------\n"
        "QUERY PLAN | Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "-[ RECORD 2 ]-------------------------------------------------\n"
        "QUERY PLAN |   Filter: (a = 1)\n"
        "-[ RECORD 3 ]-------------------------------------------------\n"
        "QUERY PLAN | Planning Time: 0.031 ms\n"
        "\n"
        "Done.\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::psql_expanded);
    CHECK(p.first_line == 2);
    CHECK(p.last_line == 6);
    CHECK(plan_lines(p) == std::vector<std::string>{"Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)",
                                                    "  Filter: (a = 1)", "Planning Time: 0.031 ms"});
}

TEST_CASE("psql 16+ expanded with xheader_width column, page or N: record headers cut short") {
    // print.c's print_aligned_vertical_line: the "[ RECORD n ]" label is always
    // whole; "column" stops at the header column (which "QUERY PLAN" is
    // narrower than: nothing follows the label), "page" and N stop the dashes
    // at that width; border 2 then has no right corner
    const std::string plan_rows[] = {"Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)", "  Filter: (a = 1)"};
    const auto expanded = [&](const std::string& header1, const std::string& header2, const std::string& left,
                              const std::string& sep, const std::string& right, const std::string& bottom) {
        const std::string pad(right.empty() ? 0 : plan_rows[0].size() - plan_rows[1].size(), ' ');
        return header1 + "\n" + left + "QUERY PLAN" + sep + plan_rows[0] + right + "\n" + header2 + "\n" + left +
               "QUERY PLAN" + sep + plan_rows[1] + pad + right + "\n" + bottom;
    };
    const std::vector<std::string> shapes{
        expanded("-[ RECORD 1 ]", "-[ RECORD 2 ]", "", " | ", "", ""),                      // border 1, column
        expanded("-[ RECORD 1 ]------", "-[ RECORD 2 ]------", "", " | ", "", ""),          // border 1, 30
        expanded("* Record 1", "* Record 2", "", " ", "", ""),                              // border 0, column
        expanded("+-[ RECORD 1 ]", "+-[ RECORD 2 ]", "| ", " | ", " |",                      // border 2, column
                 "+------------+--------------------------------------------------+\n"),
        expanded("\u250c\u2500[ RECORD 1 ]", "\u251c\u2500[ RECORD 2 ]", "\u2502 ", " \u2502 ", " \u2502", ""),
        expanded("\u2500[ RECORD 1 ]\u2500\u2500\u2500", "\u2500[ RECORD 2 ]\u2500\u2500\u2500", "", " \u2502 ", "", ""),
    };
    for (const std::string& text : shapes) {
        INFO(text);
        const Document d = doc(text + "\n");
        REQUIRE(d.plans().size() == 1);
        const FoundPlan& p = d.plans()[0];
        REQUIRE(p.plan);
        CHECK(p.style == PasteStyle::psql_expanded);
        CHECK(p.first_line == 2);
        CHECK(plan_lines(p) == std::vector<std::string>{plan_rows[0], plan_rows[1]});
        CHECK(p.plan->warnings.empty());
    }
}

TEST_CASE("psql -A -x: fields separated by empty lines") {
    const Document d = doc(
        "QUERY PLAN|Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "\n"
        "QUERY PLAN|  Filter: (a = 1)\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].style == PasteStyle::psql_expanded);
    CHECK(d.plans()[0].last_line == 3);
    CHECK(plan_lines(d.plans()[0])[1] == "  Filter: (a = 1)");
}

TEST_CASE("two psql outputs back to back give two plans") {
    const Document d = doc(
        "        QUERY PLAN\n"
        "---------------------------\n"
        " Seq Scan on a  (cost=0.00..1.01 rows=1 width=4)\n"
        "(1 row)\n"
        "\n"
        "        QUERY PLAN\n"
        "---------------------------\n"
        " Seq Scan on b  (cost=0.00..1.01 rows=1 width=4)\n"
        "(1 row)\n");
    REQUIRE(d.plans().size() == 2);
    CHECK(d.plans()[0].first_line == 3);
    CHECK(d.plans()[1].first_line == 8);
}

TEST_CASE("psql aligned output that lost its padding space, under COSTS OFF") {
    const Document d = doc(
        "   QUERY PLAN\n"
        "----------------\n"
        "Sort\n"
        "  Sort Key: a\n"
        "  ->  Seq Scan on t\n"
        "(3 rows)\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].style == PasteStyle::psql);
    CHECK(d.plans()[0].first_line == 3);
    CHECK(d.plans()[0].last_line == 5);
    CHECK(plan_lines(d.plans()[0])[2] == "  ->  Seq Scan on t");
}

TEST_CASE("psql aligned output with pset linestyle unicode") {
    const Document d = doc(
        "                  QUERY PLAN\n"
        "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n"
        " Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "   Filter: (a = 1)\n"
        "(2 rows)\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].style == PasteStyle::psql);
    CHECK(plan_lines(d.plans()[0])[1] == "  Filter: (a = 1)");
}

// PostgreSQL server logs from auto_explain: "LOG:  duration: ... plan:" with
// any log_line_prefix, then tab-prefixed Query Text and plan lines.
#include "document/unwrap.hpp"
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::detail::unwrap_log_row;
using planlens::test::doc;
using planlens::test::plan_lines;

TEST_CASE("log row: exactly the one tab goes") {
    const SourceLine line = unwrap_log_row({"\t  ->  Seq Scan on t", 2, 1});
    CHECK(line.text == "  ->  Seq Scan on t");
    CHECK(line.column == 2);
}

TEST_CASE("an auto_explain entry with a log_line_prefix") {
    const Document d = doc(
        "2024-05-01 10:00:00.123 UTC [1234] user@db LOG:  duration: 12.345 ms  plan:\n"
        "\tQuery Text: SELECT * FROM t WHERE a = 1;\n"
        "\tSeq Scan on t  (cost=0.00..35.50 rows=10 width=4) (actual time=0.010..0.011 rows=1 loops=1)\n"
        "\t  Filter: (a = 1)\n"
        "\t  Rows Removed by Filter: 9\n"
        "2024-05-01 10:00:01.000 UTC [1234] user@db LOG:  duration: 0.100 ms  statement: SELECT 1;\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::log);
    CHECK(p.first_line == 3);
    CHECK(p.last_line == 5);
    CHECK(p.sql == "SELECT * FROM t WHERE a = 1;");
    CHECK(p.plan->lines[1].text == "  Filter: (a = 1)");
    CHECK(p.plan->lines[1].column == 2);
}

TEST_CASE("entries without prefix, multi-line Query Text, parameters, several entries") {
    const Document d = doc(
        "LOG:  duration: 0.061 ms  plan:\n"
        "\tQuery Text: SELECT t.tid\n"
        "\t  FROM t\n"
        "\t\n"
        "\t  WHERE t.bid = $1\n"
        "\tQuery Parameters: $1 = '7'\n"
        "\tIndex Scan using t_bid on t  (cost=0.29..8.30 rows=1 width=4)\n"
        "\t  Index Cond: (bid = 7)\n"
        "LOG:  duration: 1.000 ms  plan:\n"
        "\tQuery Text: SELECT 1\n"
        "\tResult  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)\n");
    REQUIRE(d.plans().size() == 2);
    const FoundPlan& first = d.plans()[0];
    REQUIRE(first.plan);
    CHECK(first.sql == "SELECT t.tid\n  FROM t\n\n  WHERE t.bid = $1");
    CHECK(first.first_line == 7);
    CHECK(first.last_line == 8);
    CHECK(d.plans()[1].sql == "SELECT 1");
    CHECK(d.plans()[1].first_line == 11);
    CHECK(d.plans()[1].style == PasteStyle::log);
}

TEST_CASE("a JSON-format auto_explain entry is a JSON plan with its Query Text") {
    const Document d = doc(
        "LOG:  duration: 0.120 ms  plan:\n"
        "\t{\n"
        "\t  \"Query Text\": \"SELECT 2;\",\n"
        "\t  \"Plan\": {\"Node Type\": \"Result\"}\n"
        "\t}\n");
    REQUIRE(d.plans().size() == 1);
    CHECK(d.error_count() == 0);
    CHECK(d.plans()[0].format == PlanFormat::json);
    CHECK(d.plans()[0].style == PasteStyle::log);
    CHECK(d.plans()[0].sql == "SELECT 2;");
}

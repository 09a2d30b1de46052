// Whole documents: fences, prose, line endings, evidence for a plan, the
// context above a plan, and the error path.
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::test::doc;
using planlens::test::plan_lines;

TEST_CASE("an empty document and a document without plans") {
    CHECK(doc("").plans().empty());
    CHECK(doc("\n\n   \n").plans().empty());
    const Document d = doc(
        "# Notes\n"
        "\n"
        "We ran EXPLAIN ANALYZE and the Seq Scan took (roughly) 3 ms.\n"
        "Result\n"
        "\n"
        "```sql\n"
        "EXPLAIN ANALYZE SELECT * FROM t WHERE a = 1 LIMIT 10;\n"
        "```\n"
        "\n"
        "CREATE INDEX CONCURRENTLY ix_t_a ON t USING btree (a);\n"
        "\n"
        "Limit\n"
        "  the number of rows, see LIMIT 10 above.\n"
        "Sort:\n"
        "  Key: a\n");
    CHECK(d.plans().empty());
    CHECK(d.error_count() == 0);
}

TEST_CASE("fences: backticks or tildes, any length, a language tag, indented, closing fence matching") {
    const Document d = doc(
        "````text\n"
        "Seq Scan on a  (cost=0.00..1.01 rows=1 width=4)\n"
        "```\n"
        "````\n"
        "\n"
        "   ~~~\n"
        "   Seq Scan on b  (cost=0.00..1.01 rows=1 width=4)\n"
        "     Filter: (x = 1)\n"
        "   ~~~\n"
        "\n"
        "```sql\n"
        "Seq Scan on c  (cost=0.00..1.01 rows=1 width=4)\n"
        "```\n");
    REQUIRE(d.plans().size() == 3);
    for (const FoundPlan& p : d.plans()) {
        REQUIRE(p.plan);
        CHECK(p.style == PasteStyle::fenced);
    }
    CHECK(d.plans()[0].first_line == 2);
    CHECK(d.plans()[0].last_line == 2);
    CHECK(d.plans()[1].first_line == 7);
    CHECK(d.plans()[1].last_line == 8);
    CHECK(d.plans()[1].plan->lines[0].text == "   Seq Scan on b  (cost=0.00..1.01 rows=1 width=4)");
    CHECK(d.plans()[2].first_line == 12);
}

TEST_CASE("a bare plan in prose, ended by prose without a blank line") {
    const Document d = doc(
        "Here it is:\n"
        "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
        "  Filter: (a = 1)\n"
        "So the filter runs on every row.\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].style == PasteStyle::bare);
    CHECK(d.plans()[0].first_line == 2);
    CHECK(d.plans()[0].last_line == 3);
}

TEST_CASE("COSTS OFF in prose needs a child or property line under the root") {
    const Document d = doc(
        "Without costs:\n"
        "\n"
        "Hash Join\n"
        "  Hash Cond: (a.id = b.id)\n"
        "  ->  Seq Scan on a\n"
        "  ->  Hash\n"
        "        ->  Seq Scan on b\n"
        "\n"
        "Result\n"
        "\n"
        "Limit\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].first_line == 3);
    CHECK(d.plans()[0].last_line == 7);
    CHECK(d.plans()[0].plan->nodes.size() == 4);
}

TEST_CASE("CRLF, lone CR and mixed line endings keep line numbers") {
    const Document d = doc(
        "# Title\r\n"
        "\r\n"
        "| QUERY PLAN |\r\n"
        "| --- |\r\n"
        "| Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) |\r\n"
        "|   Filter: (a = 1) |\r\n"
        "\r"
        "Seq Scan on u  (cost=0.00..1.00 rows=1 width=4)\n"
        "  Filter: (b = 2)\r\n");
    REQUIRE(d.plans().size() == 2);
    CHECK(d.plans()[0].first_line == 5);
    CHECK(d.plans()[0].last_line == 6);
    CHECK(plan_lines(d.plans()[0])[1] == "  Filter: (a = 1)");
    CHECK(d.plans()[1].first_line == 8);
    CHECK(d.plans()[1].last_line == 9);
    CHECK(plan_lines(d.plans()[1])[1] == "  Filter: (b = 2)");
}

TEST_CASE("tabs in a plan's indentation are kept") {
    const Document d = doc(
        "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
        "\tFilter: (a = 1)\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(plan_lines(d.plans()[0])[1] == "\tFilter: (a = 1)");
    CHECK(d.plans()[0].plan->properties.size() == 1);
}

TEST_CASE("two plans in one fence, separated by an empty line") {
    const Document d = doc(
        "```\n"
        "Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)\n"
        "\n"
        "Seq Scan on b  (cost=0.00..1.00 rows=1 width=4)\n"
        "```\n");
    REQUIRE(d.plans().size() == 2);
    CHECK(d.plans()[1].first_line == 4);
}

TEST_CASE("context: nearest heading (ATX or setext) and nearest SQL block above") {
    const Document d = doc(
        "# Report #\n"
        "\n"
        "## Before the index ##\n"
        "\n"
        "```sql\n"
        "SELECT * FROM t WHERE a = 1;\n"
        "```\n"
        "\n"
        "```\n"
        "# not a heading: inside a fence\n"
        "```\n"
        "\n"
        "| QUERY PLAN |\n"
        "| --- |\n"
        "| Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) |\n"
        "\n"
        "After the index\n"
        "---------------\n"
        "\n"
        "    with x as (select 1)\n"
        "    select * from x\n"
        "\n"
        "Index Scan using ix on t  (cost=0.15..8.17 rows=1 width=4)\n"
        "  Index Cond: (a = 1)\n");
    REQUIRE(d.plans().size() == 2);
    CHECK(d.plans()[0].heading == "Before the index");
    CHECK(d.plans()[0].sql == "SELECT * FROM t WHERE a = 1;");
    CHECK(d.plans()[1].heading == "After the index");
    CHECK(d.plans()[1].sql == "with x as (select 1)\n    select * from x");
}

TEST_CASE("context: the SQL of a plan is a query, not the CREATE INDEX written between two plans") {
    const Document d = doc(
        "```sql\n"
        "-- the slow one\n"
        "\n"
        "SELECT * FROM t WHERE a = 1;\n"
        "```\n"
        "\n"
        "Seq Scan on t  (cost=0.00..35.50 rows=13 width=4)\n"
        "  Filter: (a = 1)\n"
        "\n"
        "```sql\n"
        "CREATE INDEX ix ON t (a);\n"
        "```\n"
        "\n"
        "Index Scan using ix on t  (cost=0.15..8.17 rows=1 width=4)\n"
        "  Index Cond: (a = 1)\n");
    REQUIRE(d.plans().size() == 2);
    CHECK(d.plans()[0].sql == "SELECT * FROM t WHERE a = 1;");
    CHECK(d.plans()[1].sql == "SELECT * FROM t WHERE a = 1;");
}

TEST_CASE("context: a statement and its plan in the same fence") {
    const Document d = doc(
        "```sql\n"
        "EXPLAIN SELECT * FROM t;\n"
        "                       QUERY PLAN\n"
        "--------------------------------------------------------\n"
        " Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)\n"
        "(1 row)\n"
        "```\n");
    REQUIRE(d.plans().size() == 1);
    CHECK(d.plans()[0].style == PasteStyle::psql);
    CHECK(d.plans()[0].sql == "EXPLAIN SELECT * FROM t;");
}

TEST_CASE("context: a fence opener that carries its content does not swallow the document") {
    const Document d = doc(
        "```CREATE INDEX ix_a ON t (a);\n"
        "\n"
        "CREATE INDEX ix_b ON t (b);```\n"
        "\n"
        "## Afterwards\n"
        "\n"
        "| QUERY PLAN |\n"
        "| --- |\n"
        "| Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) |\n");
    REQUIRE(d.plans().size() == 1);
    CHECK(d.plans()[0].heading == "Afterwards");
    CHECK(d.plans()[0].style == PasteStyle::markdown);
}

TEST_CASE("one bad plan among good ones: reported in place, the others still come out") {
    const Document d = doc(
        "## Good\n"
        "\n"
        "| QUERY PLAN |\n"
        "| --- |\n"
        "| Seq Scan on a  (cost=0.00..1.01 rows=1 width=4) |\n"
        "\n"
        "## Bad\n"
        "\n"
        "| QUERY PLAN |\n"
        "| --- |\n"
        "| Hash Join  (cost=1.09..2.19 rows=4 width=72) |\n"
        "|   ->  Seq Scan on b  (cost=0.00..abc rows=1 width=4) |\n"
        "|   ->  Hash  (cost=1.04..1.04 rows=4 width=72) |\n"
        "\n"
        "## Good again\n"
        "\n"
        "```\n"
        "Seq Scan on c  (cost=0.00..1.01 rows=1 width=4)\n"
        "```\n");
    REQUIRE(d.plans().size() == 3);
    CHECK(d.error_count() == 0);
    CHECK(d.plans()[0].plan);
    CHECK(d.plans()[2].plan);
    CHECK(d.plans()[2].heading == "Good again");
    // The bad line keeps its node and the plan; a warning says where.
    const FoundPlan& bad = d.plans()[1];
    REQUIRE(bad.plan);
    CHECK(bad.plan->nodes.size() == 3);
    CHECK(bad.first_line == 11);
    CHECK(bad.last_line == 13);
    CHECK(bad.heading == "Bad");
    REQUIRE(bad.plan->warnings.size() == 1);
    // "abc" starts in column 36 of line 12 of the document
    CHECK(bad.plan->warnings[0].position == Position{12, 36});
    CHECK_THAT(bad.plan->warnings[0].message, Catch::Contains("total cost"));
}

TEST_CASE("an error in a log entry points into the log, past the tab") {
    const Document d = doc(
        "LOG:  duration: 1.000 ms  plan:\n"
        "\tQuery Text: SELECT 1\n"
        "\tAppend  (cost=0.00..2.00 rows=2 width=4)\n"
        "\t  ->  Result  (cost=x..1.00 rows=1 width=4)\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    REQUIRE(d.plans()[0].plan->warnings.size() == 1);
    CHECK(d.plans()[0].plan->warnings[0].position.line == 4);
    CHECK(d.plans()[0].plan->warnings[0].position.column == 22);
}

TEST_CASE("plan lines keep pointing into the document after it moves") {
    Document d = doc("| QUERY PLAN |\n|---|\n| Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) |\n");
    Document moved = std::move(d);
    REQUIRE(moved.plans().size() == 1);
    CHECK(plan_lines(moved.plans()[0])[0] == "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)");
}

TEST_CASE("a plan quoted in a markdown blockquote, columns counted from the line start") {
    const Document d = doc(
        "> Here is what I see:\n"
        ">\n"
        "> ```\n"
        "> Index Scan using t_a on t  (cost=0.29..8.30 rows=1 width=8)\n"
        ">   Index Cond: (a = 1)\n"
        "> ```\n"
        "\n"
        "> > | QUERY PLAN |\n"
        "> > |---|\n"
        "> > | Result  (cost=0.00..0.01 rows=1 width=4) |\n");
    REQUIRE(d.plans().size() == 2);
    const FoundPlan& quoted = d.plans()[0];
    REQUIRE(quoted.plan);
    CHECK(quoted.style == PasteStyle::fenced);
    CHECK(quoted.first_line == 4);
    CHECK(quoted.last_line == 5);
    CHECK(plan_lines(quoted)[1] == "  Index Cond: (a = 1)");
    CHECK(quoted.plan->lines[1].column == 3);
    REQUIRE(d.plans()[1].plan);
    CHECK(d.plans()[1].style == PasteStyle::markdown);
    CHECK(d.plans()[1].plan->lines[0].column == 7);
}

TEST_CASE("plans and carriage returns are found wherever they fall against the scanner's 64 KiB windows") {
    // the figures of a root and the '\r' of a CRLF line are looked for a window
    // at a time, from the first line that asks: figures cut by a window's end
    // must still be found
    const std::string plan = "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)";
    const std::size_t window = std::size_t{1} << 16;
    // (the first window starts at the first or the second line: both ends are crossed)
    for (std::size_t cost_at = window - 24; cost_at < window + 104; ++cost_at) {
        // prose lines starting with a capital (each is asked for figures), then a blank line and the plan
        const std::size_t prose = cost_at - plan.find("(cost=") - 1;
        std::string text;
        while (prose - text.size() > 160) text += "X" + std::string(78, 'x') + "\n";
        text += "X" + std::string(prose - text.size() - 2, 'x') + "\n";
        // a one-line plan: only its figures tell it from the prose around it
        text += "\n" + plan + "\r\n\r\nXxx.\r\n";
        REQUIRE(text.find("(cost=") == cost_at);
        INFO("figures at byte " << cost_at);
        const Document d = doc(text);
        REQUIRE(d.plans().size() == 1);
        REQUIRE(d.plans()[0].plan);
        CHECK(plan_lines(d.plans()[0]) == std::vector<std::string>{plan});
    }
}

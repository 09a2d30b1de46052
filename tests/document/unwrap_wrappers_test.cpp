// Plans as they travel: HTML <pre>/<code> with entities, Jira/Confluence
// macros, GitHub <details>, nested "> " quoting, psql sessions with \timing,
// pgAdmin 3 rows in single quotes, rows with only a closing quote, fragments
// cut out from a child line, double-spaced pastes.
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::test::doc;
using planlens::test::plan_lines;

namespace {

const std::vector<std::string> hash_join{
    "Hash Join  (cost=1.05..2.12 rows=3 width=8)",
    "  Hash Cond: (a.id = b.id)",
    "  Join Filter: (a.note <> 'x & \"y\"'::text)",
    "  ->  Seq Scan on a  (cost=0.00..1.03 rows=3 width=8)",
    "  ->  Hash  (cost=1.02..1.02 rows=2 width=4)",
    "        ->  Seq Scan on b  (cost=0.00..1.02 rows=2 width=4)",
};

/// The plan most of these tests wrap, line by line.
const std::vector<std::string> sort_plan{
    "Sort  (cost=1.02..1.03 rows=1 width=4)",
    "  Sort Key: a",
    "  ->  Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)",
};

/// Each line of `plan` between `before` and `after`, one a line.
std::string wrapped(const std::vector<std::string>& plan, std::string_view before, std::string_view after) {
    std::string out;
    for (const std::string& line : plan) out.append(before).append(line).append(after).append("\n");
    return out;
}

/// The document's one plan, parsed and found in `style`.
const FoundPlan& only_plan(const Document& d, PasteStyle style) {
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].style == style);
    return d.plans()[0];
}

}  // namespace

TEST_CASE("HTML <pre>: tags dropped, entities decoded, columns still on the original bytes") {
    const Document d = doc(
        "<p>The plan:</p>\n"
        "<pre><code class=\"language-text\">Hash Join  (cost=1.05..2.12 rows=3 width=8)\n"
        "  Hash Cond: (a.id = b.id)\n"
        "  Join Filter: (a.note &lt;&gt; 'x &amp; &quot;y&quot;'::text)\n"
        "  -&gt;  Seq Scan on a  (cost=0.00..1.03 rows=3 width=8)\n"
        "  -&#62;  Hash  (cost=1.02..1.02 rows=2 width=4)\n"
        "        -&#x3E;  <span class=\"hl\">Seq Scan</span> on b  (cost=0.00..1.02 rows=2 width=4)\n"
        "</code></pre>\n");
    const FoundPlan& p = only_plan(d, PasteStyle::html);
    CHECK(plan_lines(p) == hash_join);
    CHECK(p.first_line == 2);
    CHECK(p.last_line == 7);
    CHECK(p.plan->lines[0].column == 34);  // after <pre><code ...>

    const Document bad = doc(
        "<pre>\n"
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "  Filter: (a &gt; 1)\n"
        "  -&gt;  Seq Scan on u  (cost=0.00..x.01 rows=1 width=4)\n"
        "</pre>\n");
    REQUIRE(bad.plans().size() == 1);
    // a broken figure keeps the plan, with a warning at the bad byte:
    // "x" is byte 37 of the line as written, 34 once "&gt;" is ">"
    REQUIRE(bad.plans()[0].plan);
    REQUIRE(bad.plans()[0].plan->warnings.size() == 1);
    CHECK(bad.plans()[0].plan->warnings[0].position == Position{4, 37});
}

TEST_CASE("Jira and Confluence {noformat} and {code} blocks") {
    for (const char* open : {"{noformat}", "{code}", "{code:sql}", "{code:title=plan|borderStyle=solid}"}) {
        const std::string close = std::string(open).starts_with("{code") ? "{code}" : "{noformat}";
        const Document d = doc(std::string("h2. Slow query\n") + open + "\n" + wrapped(sort_plan, "", "") + close +
                               "\nSort  (cost=1.02..1.03 rows=1 width=4) is what we saw.\n");
        INFO(open);
        REQUIRE(d.plans().size() >= 1);
        const FoundPlan& p = d.plans()[0];
        REQUIRE(p.plan);
        CHECK(p.style == PasteStyle::fenced);
        CHECK(plan_lines(p) == sort_plan);
        CHECK(p.last_line == 5);
    }
}

TEST_CASE("GitHub <details> around a fenced plan") {
    const Document d = doc(
        "<details>\n<summary>EXPLAIN ANALYZE</summary>\n\n```\n"
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)\n"
        "Planning Time: 0.050 ms\nExecution Time: 0.030 ms\n```\n\n</details>\n");
    const FoundPlan& p = only_plan(d, PasteStyle::fenced);
    CHECK(p.plan->execution_time == Approx(0.030));
}

TEST_CASE("nested \"> \" quoting: the quoted style, columns after the marks") {
    const Document d = doc("On Tue, Bob wrote:\n" + wrapped(sort_plan, "> > ", "") + "> \n> Did you try an index?\n");
    const FoundPlan& p = only_plan(d, PasteStyle::quoted);
    CHECK(plan_lines(p) == sort_plan);
    CHECK(p.plan->lines[0].column == 5);
}

TEST_CASE("a psql session: prompts above, the timing line's Time: below") {
    const Document d = doc(
        "shop=# \\timing\n"
        "Timing is on.\n"
        "shop=# EXPLAIN ANALYZE SELECT * FROM t;\n"
        "                                           QUERY PLAN\n"
        "------------------------------------------------------------------------------------------------\n"
        " Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)\n"
        " Planning Time: 0.050 ms\n"
        " Execution Time: 0.030 ms\n"
        "(3 rows)\n"
        "\n"
        "Time: 0.412 ms\n"
        "shop=# \\q\n");
    const FoundPlan& p = only_plan(d, PasteStyle::psql);
    CHECK(p.sql == "EXPLAIN ANALYZE SELECT * FROM t;");
    CHECK(p.last_line == 8);
}

TEST_CASE("pgAdmin 3 rows in single quotes, and rows with only a closing quote") {
    std::vector<std::string> filtered = sort_plan;
    filtered.push_back("        Filter: (b = 'x'::text)");  // quotes inside the quoted row stay
    const Document d = doc(wrapped(filtered, "'", "'"));
    const FoundPlan& p = only_plan(d, PasteStyle::pgadmin3);
    CHECK(plan_lines(p) == filtered);
    CHECK(p.plan->lines[1].column == 2);

    const Document closing = doc(wrapped(sort_plan, "", "\""));
    const FoundPlan& c = only_plan(closing, PasteStyle::csv);
    CHECK(plan_lines(c) == sort_plan);
}

TEST_CASE("a fragment that starts at a child's arrow") {
    const Document d = doc(
        "the slow part:\n"
        "  ->  Hash Join  (cost=1.05..2.12 rows=3 width=8) (actual time=0.1..0.2 rows=3 loops=1)\n"
        "        Hash Cond: (a.id = b.id)\n"
        "        ->  Seq Scan on a  (cost=0.00..1.03 rows=3 width=8) (actual time=0.01..0.02 rows=3 loops=1)\n"
        "        ->  Hash  (cost=1.02..1.02 rows=2 width=4) (actual time=0.01..0.01 rows=2 loops=1)\n"
        "              ->  Seq Scan on b  (cost=0.00..1.02 rows=2 width=4) (actual time=0.01..0.01 rows=2 loops=1)\n");
    const FoundPlan& p = only_plan(d, PasteStyle::bare);
    CHECK(p.first_line == 2);
    CHECK(p.plan->nodes.size() == 4);
    CHECK(p.plan->root().name == "Hash Join");
}

TEST_CASE("a double-spaced paste: a blank line after every plan line") {
    const std::vector<std::string> analyzed{
        "Sort  (cost=1.02..1.03 rows=1 width=4) (actual time=0.02..0.03 rows=1 loops=1)",
        "  Sort Key: a",
        "  ->  Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=0.01..0.01 rows=1 loops=1)",
        "Planning Time: 0.050 ms",
        "Execution Time: 0.030 ms",
    };
    const Document d = doc(wrapped(analyzed, "", "\n") + "That was all.\n");
    const FoundPlan& p = only_plan(d, PasteStyle::bare);
    CHECK(plan_lines(p) == analyzed);
    CHECK(p.plan->execution_time == Approx(0.030));
    CHECK(p.last_line == 9);

    // two plans one after the other, single-spaced, stay two plans
    const Document two = doc(
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n  Filter: (a = 1)\n\n"
        "Seq Scan on u  (cost=0.00..1.01 rows=1 width=4)\n  Filter: (a = 2)\n");
    CHECK(two.plans().size() == 2);
}

TEST_CASE("hard-wrapped lines: rejoined where the figures or the width tell how, kept as they are where not") {
    // a mail client broke at spaces: the remainder at column 0 or indented, the space gone
    const Document mail = doc(
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=0.010..0.011\n"
        "rows=1 loops=1)\n"
        "  Filter: ((a = 1) AND (b = 2) AND\n"
        "    (c = 3))\n"
        "  Rows Removed by Filter: 5\n"
        "Planning Time: 0.100 ms\n");
    const FoundPlan& p = only_plan(mail, PasteStyle::bare);
    CHECK(plan_lines(p) == std::vector<std::string>{
                               "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)",
                               "  Filter: ((a = 1) AND (b = 2) AND (c = 3))", "  Rows Removed by Filter: 5",
                               "Planning Time: 0.100 ms"});
    REQUIRE(p.plan->root().actuals);
    CHECK(p.plan->root().actuals->loops == Approx(1));
    CHECK(p.plan->lines[1].line == 3);

    // a terminal cut inside a number: nothing is lost, the figures say no space goes there
    const Document cut = doc(
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=0.010..0.0\n"
        "11 rows=1 loops=1)\n"
        "  Filter: (a = 1)\n");
    CHECK(plan_lines(only_plan(cut, PasteStyle::bare))[0] ==
          "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)");
    REQUIRE(cut.plans()[0].plan->warnings.empty());

    // one line at the widest width, its remainder at column 0: a cut or a break at a space, no telling
    const Document unsure = doc(
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "  Filter: ((a = 1) AND (b = 2) AND (c = 3) AND (d =\n"
        "4))\n");
    const FoundPlan& u = only_plan(unsure, PasteStyle::bare);
    CHECK(plan_lines(u)[1] == "  Filter: ((a = 1) AND (b = 2) AND (c = 3) AND (d =");
    // the remainder is not lost silently: a warning points at it
    REQUIRE(u.plan->warnings.size() == 1);
    CHECK(u.plan->warnings[0].position == Position{3, 1});
}

TEST_CASE("hard-wrapped lines: a remainder starting with a capital continues the line unless PostgreSQL prints it alone") {
    const Document d = doc(
        "Hash Join  (cost=1.00..2.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)\n"
        "  Hash Cond: (orders.customer_id =\n"
        "Customers.id)\n"
        "  Join Filter: ((c.name)::text <> ALL ('{Alice,Bob,Carol,Dave,Eve,Frank,Grace,Heidi,Ivan,Judy,\n"
        "Mallory}'::text[]))\n"
        "  ->  Seq Scan on orders  (cost=0.00..1.01 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)\n"
        "        Filter: (status = ANY ('{New,Open}'::text[]) AND (\n"
        "  Rows Removed by Filter: 3\n"
        "  ->  Hash  (cost=1.01..1.01 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)\n"
        "        ->  Seq Scan on customers c  (cost=0.00..1.01 rows=1 width=4) (actual time=0.001..0.002 rows=1 "
        "loops=1)\n");
    const FoundPlan& p = only_plan(d, PasteStyle::bare);
    const std::vector<std::string> lines = plan_lines(p);
    REQUIRE(lines.size() == 8);
    // the remainders at column 0 (a mail client broke at the spaces) rejoin their lines
    CHECK(lines[1] == "  Hash Cond: (orders.customer_id = Customers.id)");
    CHECK(lines[2] ==
          "  Join Filter: ((c.name)::text <> ALL ('{Alice,Bob,Carol,Dave,Eve,Frank,Grace,Heidi,Ivan,Judy, "
          "Mallory}'::text[]))");
    // a "Label: value" after a line left open is a line of its own
    CHECK(lines[4] == "        Filter: (status = ANY ('{New,Open}'::text[]) AND (");
    CHECK(lines[5] == "  Rows Removed by Filter: 3");
    REQUIRE(p.plan->nodes.size() == 4);
    CHECK(p.plan->lines[1].line == 2);
    CHECK(p.plan->lines[4].line == 7);
}

TEST_CASE("hard-wrapped lines: what PostgreSQL prints on a line of its own is never joined to a line left open") {
    for (const std::string alone : {"  ->  Seq Scan on b  (cost=0.00..1.01 rows=1 width=4)", "  InitPlan 1 (returns $0)",
                                    "  SubPlan 2", "  CTE totals", "  Sort Key: a", "  Worker 0:  actual rows=1 loops=1",
                                    "  JIT:", "  Heap Blocks: exact=10", "  I/O Timings: shared read=0.011",
                                    "  Seq Scan on b"}) {
        INFO(alone);
        const Document d = doc("Nested Loop  (cost=0.00..2.02 rows=1 width=4)\n"
                               "  Join Filter: (a.x = (\n" +
                               alone + "\n");
        REQUIRE_FALSE(d.plans().empty());
        const std::vector<std::string> lines = plan_lines(d.plans()[0]);
        REQUIRE(lines.size() >= 2);
        CHECK(lines[1] == "  Join Filter: (a.x = (");
    }
}

TEST_CASE("hard-wrapped lines: the parentheses of a long line are counted over all of it") {
    // the depth is counted in runs of 127 bytes: whether these lines are
    // left open is decided only past their first runs
    const std::string deep = std::string(200, '(') + "a = 1" + std::string(199, ')');
    const std::string open = "  Filter: " + deep + " AND";
    const std::string long_closed = "  Filter: ((x = 1) AND " + std::string(300, 'y') + " = 2)";
    const Document d = doc("Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n" + open + "\n    (c = 3))\n" +
                           long_closed + "\n    (d = 4)\n");
    const FoundPlan& p = only_plan(d, PasteStyle::bare);
    const std::vector<std::string> lines = plan_lines(p);
    REQUIRE(lines.size() >= 3);
    CHECK(lines[1] == open + " (c = 3))");
    CHECK(lines[2] == long_closed);  // closed: the line under it is not its continuation
}

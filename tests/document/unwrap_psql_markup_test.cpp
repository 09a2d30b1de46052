// psql's markup formats (html, asciidoc, latex, latex-longtable, troff-ms):
// escapes undone, positions on the original bytes, what is not psql's markup
// kept, and tables that hold no plan left to the other readers. The real
// psql output of every variant is in psql_formats_test.cpp.
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::test::doc;
using planlens::test::plan_lines;

namespace {

const std::vector<std::string> plan{
    "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)",
    "  Filter: ((a ~ '^x\\|y{2}$'::text) AND (b <> 'p&q'::text))",
};

const FoundPlan& only_plan(const Document& d) {
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    return d.plans()[0];
}

}  // namespace

TEST_CASE("psql html table: entities decoded, a leading non-breaking space kept as the indentation") {
    const Document d = doc(
        "<table border=\"1\" class=\"plan\">\n"
        "  <caption>A plan</caption>\n"
        "  <tr>\n"
        "    <th align=\"center\">QUERY PLAN</th>\n"
        "  </tr>\n"
        "  <tr valign=\"top\">\n"
        "    <td align=\"left\">Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)</td>\n"
        "  </tr>\n"
        "  <tr valign=\"top\">\n"
        "    <td align=\"left\">&nbsp;&nbsp;Filter: ((a ~ '^x\\|y{2}$'::text) AND (b &lt;&gt; 'p&amp;q'::text))</td>\n"
        "  </tr>\n"
        "</table>\n"
        "<p>(2 rows)<br />\n"
        "</p>\n");
    const FoundPlan& p = only_plan(d);
    CHECK(p.style == PasteStyle::psql_html);
    CHECK(plan_lines(p) == plan);
    CHECK(p.first_line == 7);
    CHECK(p.last_line == 10);
    CHECK(p.plan->lines[0].column == 22);
}

TEST_CASE("psql asciidoc: escaped pipes unescaped, expanded rows split at the value's cell") {
    const Document d = doc(
        "\n"
        "[cols=\"h,l\",frame=\"none\"]\n"
        "|====\n"
        "2+^|Record 1\n"
        "<l|QUERY PLAN <l|Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "2+^|Record 2\n"
        "<l|QUERY PLAN <l|  Filter: ((a ~ '^x\\\\|y{2}$'::text) AND (b <> 'p&q'::text))\n"
        "|====\n");
    const FoundPlan& p = only_plan(d);
    CHECK(p.style == PasteStyle::psql_asciidoc);
    CHECK(plan_lines(p) == plan);
    CHECK(p.plan->lines[1].column == 18);
}

TEST_CASE("psql latex: TeX escapes undone, a warning on an escaped line points at its bytes") {
    const Document d = doc(
        "\\begin{tabular}{l}\n"
        "\\textit{QUERY PLAN} \\\\\n"
        "\\hline\n"
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) \\\\\n"
        "  Filter: ((a \\~{} '\\^{}x\\textbackslash{}\\textbar{}y\\{2\\}\\$'::text) AND (b \\textless{}\\textgreater{} "
        "'p\\&q'::text)) \\\\\n"
        "\\end{tabular}\n"
        "\n"
        "\\noindent (2 rows) \\\\\n");
    const FoundPlan& p = only_plan(d);
    CHECK(p.style == PasteStyle::psql_latex);
    CHECK(plan_lines(p) == plan);
    CHECK(p.last_line == 5);

    const Document bad = doc(
        "\\begin{longtable}{l}\n"
        "\\raggedright{Seq Scan on t\\_1  (cost=0.00..1.01 rows=1 width=4)} \\tabularnewline\n"
        "\\raggedright{  ->  Seq Scan on t\\_2  (cost=0.00..x.01 rows=1 width=4)} \\tabularnewline\n"
        "\\end{longtable}\n");
    REQUIRE(bad.plans().size() == 1);
    REQUIRE(bad.plans()[0].plan);
    REQUIRE(bad.plans()[0].plan->warnings.size() == 1);
    // "x" is byte 36 of the decoded line, 50 of the row as written
    CHECK(bad.plans()[0].plan->warnings[0].position == Position{3, 50});
}

TEST_CASE("psql troff-ms: the rs escape is a backslash, expanded rows split at the tab") {
    const Document d = doc(
        ".LP\n"
        ".TS\n"
        "center;\n"
        "c l;\n"
        "QUERY PLAN\tSeq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "QUERY PLAN\t  Filter: ((a ~ '^x\\(rs|y{2}$'::text) AND (b <> 'p&q'::text))\n"
        ".TE\n"
        ".DS L\n"
        ".DE\n");
    const FoundPlan& p = only_plan(d);
    CHECK(p.style == PasteStyle::psql_troff);
    CHECK(plan_lines(p) == plan);
    CHECK(p.plan->lines[0].column == 12);
}

TEST_CASE("psql markup: a line that is not psql's markup stays in the plan, reported") {
    const Document d = doc(
        ".TS\n"
        "center;\n"
        "l.\n"
        "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n"
        "  Filter: (a = 1)\n"
        "  @@ garbled by a mail client @@\n"
        ".TE\n");
    const FoundPlan& p = only_plan(d);
    CHECK(plan_lines(p).size() == 3);
    CHECK(plan_lines(p)[2] == "  @@ garbled by a mail client @@");
}

TEST_CASE("html tables without a plan are left to the page: its <pre> is still read") {
    const Document d = doc(
        "<table>\n"
        "  <tr><th>name</th></tr>\n"
        "</table>\n"
        "<pre>Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)</pre>\n");
    CHECK(only_plan(d).style == PasteStyle::html);
}

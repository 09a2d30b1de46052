// Real psql output (fixtures/documents/psql-formats, made by
// make_psql_formats.py): every framing psql 15 gives a one-column result
// must yield the very plan the bare lines give: the same lines, the same
// tree, the same PostgreSQL JSON, with each line's start still pointing at
// the original document.
#include "document_helpers.hpp"

#include <planlens/pg_json.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <set>

using namespace planlens;
namespace fs = std::filesystem;
using planlens::test::plan_lines;
using planlens::test::read_file;
using planlens::test::split;

namespace {

std::string pg_json(const Plan& plan) {
    std::string out;
    append_pg_json(out, plan);
    return out;
}

const fs::path formats = fs::path(PLANLENS_SOURCE_DIR) / "fixtures" / "documents" / "psql-formats";

/// Plan lines without the indentation they all share (psql -t keeps its
/// padding space before every row: the plan's own indentation is the rest).
std::vector<std::string> dedented(std::vector<std::string> lines) {
    std::size_t common = std::string::npos;
    for (const std::string& l : lines) common = std::min(common, l.find_first_not_of(' '));
    for (std::string& l : lines) l.erase(0, common == std::string::npos ? 0 : common);
    return lines;
}

/// The part of a line's head that a markup format writes as it is: up to
/// the first byte it may escape (html also writes leading spaces as &nbsp;).
std::string_view unescaped_head(std::string_view head, PasteStyle style) {
    std::string_view escaped;
    switch (style) {
        case PasteStyle::psql_html: escaped = "&<>\" "; break;
        case PasteStyle::psql_latex: escaped = "#$%&<>\\^_{|}~"; break;
        case PasteStyle::psql_asciidoc: escaped = "|"; break;
        case PasteStyle::psql_troff: escaped = "\\"; break;
        default: return head;
    }
    return head.substr(0, std::min(head.size(), head.find_first_of(escaped)));
}

}  // namespace

TEST_CASE("psql formats: every framing gives the bare plan's lines, tree and JSON") {
    REQUIRE(fs::is_directory(formats));
    std::size_t checked = 0;
    std::set<std::string> styles;
    for (const auto& entry : fs::directory_iterator(formats)) {
        if (entry.path().extension() != ".plan") continue;
        const Document bare = Document::from_text(read_file(entry.path()));
        REQUIRE(bare.plans().size() == 1);
        REQUIRE(bare.plans()[0].plan);
        const Plan& want = *bare.plans()[0].plan;
        const std::string want_json = pg_json(want);
        const fs::path dir = entry.path().parent_path() / entry.path().stem();
        for (const auto& framed : fs::directory_iterator(dir)) {
            const std::string variant = framed.path().stem().string();
            const std::string text = read_file(framed.path());
            const Document d = Document::from_text(text);
            INFO(framed.path().string());
            REQUIRE(d.plans().size() == 1);
            const FoundPlan& found = d.plans()[0];
            REQUIRE(found.plan);
            CHECK(dedented(plan_lines(found)) == plan_lines(bare.plans()[0]));
            CHECK(pg_json(*found.plan) == want_json);
            styles.insert(std::string(to_string(found.style)));
            // each line starts where its first bytes are in the document
            const std::vector<std::string> rows = split(text);
            for (const SourceLine& line : found.plan->lines) {
                REQUIRE(line.line >= 1);
                REQUIRE(line.line <= rows.size());
                const std::string& row = rows[line.line - 1];
                const std::string_view head = line.text.substr(0, std::min<std::size_t>(line.text.size(), 8));
                CHECK(std::string_view(row).substr(line.column - 1).starts_with(unescaped_head(head, found.style)));
            }
            // the plan ends on the row of its last piece, above the footer
            CHECK(found.last_line >= found.plan->lines.back().line);
            ++checked;
        }
    }
    CHECK(checked > 600);
    CHECK(styles == std::set<std::string>{"psql", "psql-wrapped", "psql-expanded", "psql-unaligned", "csv", "bare",
                                          "psql-html", "psql-asciidoc", "psql-latex", "psql-troff"});
}

TEST_CASE("psql wrapped: a cut inside a number is rejoined exactly, and errors point at the piece") {
    // ascii marks the cut with "." at both ends: "time=141." then "..987" is
    // a mark, a decimal point and a mark
    const Document d = test::doc(
        "            QUERY PLAN\n"
        "----------------------------------\n"
        " Seq Scan on t  (cost=0.00..1.01 .\n"
        ".rows=1 width=4) (actual time=141.\n"
        "..987..171.639 rows=1 loops=1)\n"
        " Planning Time: 0.100 ms\n"
        "(2 rows)\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::psql_wrapped);
    CHECK(plan_lines(p) == std::vector<std::string>{
                               "Seq Scan on t  (cost=0.00..1.01 rows=1 width=4) (actual time=141.987..171.639 rows=1 loops=1)",
                               "Planning Time: 0.100 ms"});
    REQUIRE(p.plan->root().actuals);
    CHECK(p.plan->root().actuals->total_time == Approx(171.639));
    CHECK(p.first_line == 3);
    CHECK(p.last_line == 6);

    const Document bad = test::doc(
        "            QUERY PLAN\n"
        "----------------------------------\n"
        " Seq Scan on t  (cost=0.00..1.01 .\n"
        ".rows=1 width=4) (actual time=141.\n"
        "..987..171.639 rows=1 loops=x)\n"
        "(1 row)\n");
    REQUIRE(bad.plans().size() == 1);
    // a broken figure keeps the plan, with a warning at the bad byte: on the
    // third row, at its own column there
    REQUIRE(bad.plans()[0].plan);
    REQUIRE(bad.plans()[0].plan->warnings.size() == 1);
    CHECK(bad.plans()[0].plan->warnings[0].position == Position{5, 29});
    CHECK(bad.plans()[0].last_line == 5);
}

TEST_CASE("psql table a terminal cut at its width: the footer's count vouches for the pieces") {
    const Document d = test::doc(
        "                 QUERY PLAN\n"
        "---------------------------------------------\n"
        " Sort  (cost=32.88..32.96 rows=32 width=224) (actual time=0.532..0.532 \n"
        "rows=0 loops=1)\n"
        "   Sort Key: n.nspname\n"
        "   ->  Seq Scan on pg_class c  (cost=0.00..29.84 rows=64 width=73) (actual\n"
        " time=0.026..0.397 rows=128 loops=1)\n"
        "(3 rows)\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(plan_lines(p) ==
          std::vector<std::string>{"Sort  (cost=32.88..32.96 rows=32 width=224) (actual time=0.532..0.532 rows=0 loops=1)",
                                   "  Sort Key: n.nspname",
                                   "  ->  Seq Scan on pg_class c  (cost=0.00..29.84 rows=64 width=73) (actual time=0.026..0.397 rows=128 loops=1)"});
    CHECK(p.last_line == 7);
}

TEST_CASE("psql tables without a footer do not take prose at the left edge") {
    const Document d = test::doc(
        "     QUERY PLAN\n"
        "-----------------\n"
        " Seq Scan on t\n"
        "   Filter: (a = 1)\n"
        "and then we added an index.\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(plan_lines(d.plans()[0]) == std::vector<std::string>{"Seq Scan on t", "  Filter: (a = 1)"});
}

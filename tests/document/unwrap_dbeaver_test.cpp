// DBeaver's "copy as text" grid: "QUERY PLAN   |" header, "-----|" or
// "----- |" separator, rows "<line padded>|" with no leading pipe.
#include "document/unwrap.hpp"
#include "document_helpers.hpp"

#include <catch2/catch.hpp>

using namespace planlens;
using planlens::detail::unwrap_dbeaver_row;
using planlens::test::doc;
using planlens::test::plan_lines;

TEST_CASE("dbeaver row: the padding and the pipe go, the indentation stays") {
    CHECK(unwrap_dbeaver_row({"  ->  Sort  (cost=1.00..2.00 rows=1 width=4)     |", 1, 1}, 0).text ==
          "  ->  Sort  (cost=1.00..2.00 rows=1 width=4)");
    CHECK(unwrap_dbeaver_row({"Execution Time: 1.000 ms", 1, 1}, 0).text == "Execution Time: 1.000 ms");
}

TEST_CASE("dbeaver grid with '-----|' separator") {
    const Document d = doc(
        "### 1. /meal/recommend\n"
        "QUERY PLAN                                             |\n"
        "-------------------------------------------------------|\n"
        "Limit  (cost=1.00..2.00 rows=3 width=55)               |\n"
        "  ->  Sort  (cost=1.00..2.00 rows=3 width=55)          |\n"
        "        Sort Key: rating DESC                          |\n"
        "        ->  Seq Scan on meal  (cost=0.00..1.00 rows=3 width=55) |\n"
        "Planning Time: 2.616 ms                                |\n"
        "Execution Time: 539.081 ms                             |\n"
        "\n"
        "Prose.\n");
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& p = d.plans()[0];
    REQUIRE(p.plan);
    CHECK(p.style == PasteStyle::dbeaver);
    CHECK(p.first_line == 4);
    CHECK(p.last_line == 9);
    CHECK(p.heading == "1. /meal/recommend");
    CHECK(plan_lines(p)[2] == "        Sort Key: rating DESC");
}

TEST_CASE("dbeaver grid with '----- |' separator under COSTS OFF") {
    const Document d = doc(
        "QUERY PLAN          |\n"
        "------------------- |\n"
        "Sort                |\n"
        "  Sort Key: a       |\n"
        "  ->  Seq Scan on t |\n");
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].plan->nodes.size() == 2);
    CHECK(d.plans()[0].first_line == 3);
    CHECK(d.plans()[0].last_line == 5);
}

#include <planlens/document.hpp>

#include <catch2/catch.hpp>

using namespace planlens;

TEST_CASE("a bare plan in prose is found with its span") {
    const Document doc = Document::from_text(
        "Some prose.\n"
        "\n"
        "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
        "  Filter: (a = 1)\n"
        "\n"
        "More prose.\n");
    REQUIRE(doc.plans().size() == 1);
    const FoundPlan& found = doc.plans()[0];
    REQUIRE(found.plan);
    CHECK(found.first_line == 3);
    CHECK(found.last_line == 4);
    CHECK(found.style == PasteStyle::bare);
}

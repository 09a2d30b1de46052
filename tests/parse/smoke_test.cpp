#include <planlens/parse.hpp>

#include <catch2/catch.hpp>

TEST_CASE("a one-node plan parses") {
    auto plan = planlens::parse_plan("Result  (cost=0.00..0.01 rows=1 width=4)");
    REQUIRE(plan);
    CHECK(plan->nodes.size() == 1);
}

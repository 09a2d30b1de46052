// Bad input: a clear message, and the line and column in the original text.
#include <planlens/parse.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace planlens;

namespace {

Error failure_of(std::string_view text, const ParseLimits& limits = {}) {
    auto plan = parse_plan(text, limits);
    INFO(text);
    REQUIRE_FALSE(plan);
    return plan.error();
}

/// A broken node line no longer loses the plan: the node stays and the
/// plan's first warning says what was expected where.
Warning error_of(std::string_view text, const ParseLimits& limits = {}) {
    auto plan = parse_plan(text, limits);
    INFO(text);
    REQUIRE(plan);
    REQUIRE_FALSE(plan->warnings.empty());
    return plan->warnings.front();
}

}  // namespace

TEST_CASE("a malformed cost part points at the offending character") {
    const Warning e = error_of("Limit  (cost=0.00..1.00 rows=1 width=4)\n"
                             "  ->  Seq Scan on t  (cost=0.00..abc rows=1 width=4)\n");
    CHECK(e.position.line == 2);
    CHECK(e.position.column == 34);  // "  ->  Seq Scan on t  (cost=0.00.." is 33 bytes
    CHECK_THAT(e.message, Catch::Contains("expected the total cost") && Catch::Contains("found 'abc"));
}

TEST_CASE("every piece of the figures has its own message") {
    CHECK_THAT(error_of("Seq Scan on t  (cost=x..1.00 rows=1 width=4)").message, Catch::Contains("startup cost"));
    CHECK_THAT(error_of("Seq Scan on t  (cost=0.00-1.00 rows=1 width=4)").message, Catch::Contains("'..'"));
    CHECK_THAT(error_of("Seq Scan on t  (cost=0.00..1.00 width=4)").message, Catch::Contains("' rows='"));
    CHECK_THAT(error_of("Seq Scan on t  (cost=0.00..1.00 rows=1 width=x)").message, Catch::Contains("row width"));
    CHECK_THAT(error_of("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4").message, Catch::Contains("')'"));
    CHECK_THAT(error_of("Seq Scan on t (actual time=0.1..0.2 rows=1)").message, Catch::Contains("' loops='"));
    CHECK_THAT(error_of("Seq Scan on t (actual time=0.1..x rows=1 loops=1)").message, Catch::Contains("total time"));
    CHECK_THAT(error_of("Seq Scan on t (actual loops=1)").message, Catch::Contains("'rows='"));
}

TEST_CASE("an arrow must be followed by a node") {
    const Warning e = error_of("Limit  (cost=0.00..1.00 rows=1 width=4)\n  ->  \n");
    CHECK(e.position.line == 2);
    CHECK_THAT(e.message, Catch::Contains("expected a node name"));
}

TEST_CASE("text after the figures is an error") {
    const Warning e = error_of("Limit  (cost=0.00..1.00 rows=1 width=4)\n  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) junk\n");
    CHECK(e.position.line == 2);
    CHECK_THAT(e.message, Catch::Contains("end of the node line") && Catch::Contains("junk"));
}

TEST_CASE("numbers out of range are rejected, not misread") {
    const std::string huge(400, '9');
    CHECK_THAT(error_of("Seq Scan on t  (cost=0.00..1.00 rows=1 width=" + huge + ")").message,
               Catch::Contains("out of range"));
    CHECK_THAT(error_of("Seq Scan on t  (cost=1e400..1.00 rows=1 width=4)").message, Catch::Contains("'..'"));
    CHECK_FALSE(parse_plan("Seq Scan on t  (cost=nan..1.00 rows=1 width=4)")->warnings.empty());
    CHECK_FALSE(parse_plan("Seq Scan on t  (cost=0.00..1.00 rows=-1 width=4)")->warnings.empty());
}

TEST_CASE("input that is not a plan says so") {
    CHECK_THAT(failure_of("hello world").message, Catch::Contains("expected a plan node line"));
    CHECK_THAT(failure_of("\n\n  \n").message, Catch::Contains("only blank lines"));
    const Error e = failure_of("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n(1 row)\n");
    CHECK(e.position.line == 2);
    CHECK_THAT(e.message, Catch::Contains("end of the plan") && Catch::Contains("(1 row)"));
}

TEST_CASE("limits: nesting depth and line length") {
    std::string deep = "Limit  (cost=0.00..1.00 rows=1 width=4)\n";
    for (int i = 1; i <= 50; ++i)
        deep += std::string(static_cast<std::size_t>(6 * i - 4), ' ') + "->  Limit  (cost=0.00..1.00 rows=1 width=4)\n";
    CHECK(parse_plan(deep));
    ParseLimits shallow;
    shallow.max_depth = 10;
    CHECK_THAT(failure_of(deep, shallow).message, Catch::Contains("nested deeper than 10"));
    ParseLimits narrow;
    narrow.max_line_length = 20;
    CHECK_THAT(failure_of("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)", narrow).message, Catch::Contains("limit of 20"));
}

TEST_CASE("thousands of nesting levels parse without recursion") {
    std::string deep = "Limit  (cost=0.00..1.00 rows=1 width=4)\n";
    for (std::size_t i = 1; i <= 5000; ++i)
        deep += std::string(6 * i - 4, ' ') + "->  Limit  (cost=0.00..1.00 rows=1 width=4)\n";
    auto plan = parse_plan(deep);
    REQUIRE(plan);
    CHECK(plan->nodes.size() == 5001);
    CHECK(plan->nodes.back().depth == 5000);
}

TEST_CASE("NUL bytes and invalid UTF-8 never crash") {
    using namespace std::string_literals;
    const std::string with_nul = "Seq Scan on t\0  (cost=0.00..1.00 rows=1 width=4)"s;
    auto nul = parse_plan(with_nul);
    REQUIRE_FALSE(nul);
    CHECK_THAT(nul.error().message, Catch::Contains("\\x00"));
    auto plan = parse_plan("Seq Scan on \xff\xfe  (cost=0.00..1.00 rows=1 width=4)\n  Filter: (a = '\xc3\x28')\n");
    REQUIRE(plan);
    CHECK(plan->root().target.object == "\xff\xfe");
}

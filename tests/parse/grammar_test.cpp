// The grammar itself: no rule can loop without consuming input.
#include <planlens/grammar/errors.hpp>
#include <planlens/grammar/line_grammar.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include <catch2/catch.hpp>

namespace rules = planlens::grammar::rules;

TEST_CASE("analyze finds no rule that can loop without consuming input") {
    CHECK(tao::pegtl::analyze<rules::child_line>(-1) == 0);
    CHECK(tao::pegtl::analyze<rules::root_line>(-1) == 0);
    CHECK(tao::pegtl::analyze<rules::subplan_label>(-1) == 0);
    CHECK(tao::pegtl::analyze<rules::worker_prefix>(-1) == 0);
}

TEST_CASE("subplan labels match whole lines only") {
    namespace pegtl = tao::pegtl;
    auto matches = [](std::string_view text) {
        pegtl::memory_input in(text.data(), text.size(), "test");
        return pegtl::parse<rules::subplan_label>(in);
    };
    CHECK(matches("  InitPlan 1 (returns $0)"));
    CHECK(matches("InitPlan 2"));
    CHECK(matches("    SubPlan 12"));
    CHECK(matches("  CTE \"my cte\""));
    CHECK_FALSE(matches("  SubPlan"));
    CHECK_FALSE(matches("  SubPlan 1 extra"));
    CHECK_FALSE(matches("  CTE Scan on w  (cost=0.00..1.00 rows=1 width=4)"));
}

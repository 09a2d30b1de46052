// A Catch2 test of plan fixtures with the matchers of
// <planlens/testing/catch2.hpp>: keep a writeup's "after" plans in the
// repository and let CI say when a change to the schema or the query makes
// PostgreSQL fall back to the slow plan.
//
//   example_plan_test        (any Catch2 option works: -s, a test name, ...)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <planlens/testing/catch2.hpp>

using namespace planlens::testing;

// The writeup the build points us at (see CMakeLists.txt).
static const std::string writeup = PLANLENS_EXAMPLES_DIR "/writeup.md";

TEST_CASE("balance: the indexes replace both sequential scans") {
    const planlens::Document doc = load_document(writeup);
    const planlens::Plan& before = plan_at(doc, 0);
    const planlens::Plan& after = plan_at(doc, 1);

    CHECK_THAT(before, HasNode("Seq Scan").on("transactions"));
    CHECK_THAT(after, NoSeqScanOn("transactions"));
    CHECK_THAT(after, UsesIndex("idx_to_user") && UsesIndex("idx_from_user"));
    CHECK_THAT(after, HasPath("Nested Loop > Aggregate > Bitmap Heap Scan on transactions >> Bitmap Index Scan"));
    CHECK_THAT(after, ExecutionTimeBelow(1.0));
}

TEST_CASE("daily calories: one composite index serves the lookup") {
    const planlens::Document doc = load_document(writeup);
    const planlens::Plan& after = plan_at(doc, 3);

    CHECK_THAT(after, HasNode("Index Scan using idx_user_id_time on meal"));
    CHECK_THAT(after, NoSeqScanOn("meal"));
    CHECK_THAT(after, HasPath("Aggregate > Nested Loop > Index Only Scan on goals"));
    CHECK_THAT(after, ExecutionTimeBelow(1.0));
}

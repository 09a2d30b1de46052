// Each matcher of <planlens/testing/catch2.hpp> passing and failing, and the
// messages it fails with (match() and describe() called directly, as Catch
// does inside CHECK_THAT).
#include <planlens/parse.hpp>
#include <planlens/testing/catch2.hpp>

#include <string>

using namespace planlens;
using namespace planlens::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string writeup = std::string(PLANLENS_SOURCE_DIR) + "/examples/writeup.md";

// Plans 0 and 1 of the writeup: the balance query before and after the indexes.
const Document& doc() {
    static const Document d = load_document(writeup);
    return d;
}
const Plan& before() { return plan_at(doc(), 0); }
const Plan& after() { return plan_at(doc(), 1); }
const Plan& calories_after() { return plan_at(doc(), 3); }

const char* const with_subplan = R"(Seq Scan on users u  (cost=0.00..100.00 rows=10 width=4)
  Filter: (SubPlan 1)
  SubPlan 1
    ->  Index Scan using orders_user_idx on public.orders o  (cost=0.29..8.30 rows=1 width=0)
          Index Cond: (user_id = u.id)
)";

const char* const no_analyze = R"(Limit  (cost=0.00..0.05 rows=1 width=4)
  ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)
)";

Plan parsed(const char* text) {
    auto plan = parse_plan(text);
    REQUIRE(plan);
    return std::move(plan).value();
}

}  // namespace

TEST_CASE("UsesIndex") {
    CHECK_THAT(after(), UsesIndex("idx_to_user"));
    CHECK_THAT(calories_after(), UsesIndex("idx_user_id_time"));
    CHECK_THAT(calories_after(), UsesIndex("goals_customer_id_key"));

    const auto m = UsesIndex("idx_user_id");
    CHECK_FALSE(m.match(after()));
    const std::string message = m.describe();
    CHECK_THAT(message, Contains("uses index idx_user_id (the plan uses idx_to_user, idx_from_user)"));
    CHECK_THAT(message, Contains("==> marks the index scans"));
    CHECK_THAT(message, Contains("==>    54 |                     ->  Bitmap Index Scan on idx_to_user"));

    const auto none = UsesIndex("idx_to_user");
    CHECK_FALSE(none.match(before()));
    CHECK_THAT(none.describe(), Contains("(the plan uses no index at all)"));
}

TEST_CASE("HasNode: printed name or Node Type, relation, alias, index") {
    CHECK_THAT(before(), HasNode("Parallel Seq Scan"));
    CHECK_THAT(before(), HasNode("Seq Scan").on("transactions"));
    CHECK_THAT(before(), HasNode("Seq Scan").on("transactions_1"));  // the alias
    CHECK_THAT(after(), HasNode("Bitmap Heap Scan on transactions"));
    CHECK_THAT(after(), HasNode("Bitmap Index Scan on idx_from_user"));
    CHECK_THAT(after(), HasNode("Bitmap Index Scan").using_index("idx_from_user"));
    CHECK_THAT(calories_after(), HasNode("Index Scan using idx_user_id_time on meal"));
    CHECK_THAT(calories_after(), HasNode("Index Scan on meal using idx_user_id_time"));
    CHECK_THAT(calories_after(), !HasNode("Index Scan").on("goals"));  // that one is Index Only Scan
    CHECK_THAT(calories_after(), HasNode("Index Only Scan").on("goals"));

    const Plan p = parsed(with_subplan);
    CHECK_THAT(p, HasNode("Index Scan").on("public.orders"));
    CHECK_THAT(p, HasNode("Index Scan").on("orders"));
    CHECK_THAT(p, HasNode("Index Scan").on("o"));
    CHECK_THAT(p, !HasNode("Index Scan").on("other.orders"));
}

TEST_CASE("HasNode failing shows the plan, under ! it marks what matched") {
    const auto m = HasNode("Hash Join").on("transactions");
    CHECK_FALSE(m.match(after()));
    CHECK(m.describe() == R"(has a node "Hash Join" on transactions
       49 | Nested Loop
       50 |   ->  Aggregate
       51 |         ->  Bitmap Heap Scan on transactions
       53 |               ->  BitmapAnd
       54 |                     ->  Bitmap Index Scan on idx_to_user
       56 |                     ->  Bitmap Index Scan on idx_from_user
       58 |   ->  Aggregate
       59 |         ->  Bitmap Heap Scan on transactions transactions_1
       62 |               ->  BitmapAnd
       63 |                     ->  Bitmap Index Scan on idx_to_user
       65 |                     ->  Bitmap Index Scan on idx_from_user)");

    // Catch2's ! keeps a reference to the matcher it negates: that one must outlive it
    const auto aggregate = HasNode("Aggregate");
    const auto negated = !aggregate;
    CHECK_FALSE(negated.match(after()));
    const std::string message = negated.describe();
    CHECK_THAT(message, StartsWith("not has a node \"Aggregate\""));
    CHECK_THAT(message, Contains("==> marks the nodes that match \"Aggregate\""));
    CHECK_THAT(message, Contains("==>    50 |   ->  Aggregate"));
    CHECK_THAT(message, Contains("==>    58 |   ->  Aggregate"));
}

TEST_CASE("NoSeqScanOn") {
    CHECK_THAT(after(), NoSeqScanOn("transactions"));
    CHECK_THAT(before(), NoSeqScanOn("meal"));

    const auto m = NoSeqScanOn("transactions");
    CHECK_FALSE(m.match(before()));  // a Parallel Seq Scan counts
    const std::string message = m.describe();
    CHECK_THAT(message, StartsWith("has no Seq Scan on transactions\n==> marks the Seq Scan on transactions\n"));
    CHECK_THAT(message, Contains("==>    24 |               ->  Parallel Seq Scan on transactions\n"));
    CHECK_THAT(message, Contains("==>    31 |               ->  Parallel Seq Scan on transactions transactions_1"));
    CHECK_THAT(message, Contains("       19 | Nested Loop\n"));
}

TEST_CASE("ExecutionTimeBelow") {
    CHECK_THAT(after(), ExecutionTimeBelow(1.0));
    CHECK_THAT(after(), !ExecutionTimeBelow(0.347));  // strictly below

    const auto m = ExecutionTimeBelow(1.0);
    CHECK_FALSE(m.match(before()));
    const std::string message = m.describe();
    CHECK_THAT(message, StartsWith("has an Execution Time below 1.000 ms (it is 112.928 ms)\n"
                                   "==> marks the node with the most self time\n"));
    CHECK_THAT(message, Contains("==>    24 |               ->  Parallel Seq Scan on transactions\n"));

    // describe() shows the last plan matched, so that plan must still be alive
    const Plan plain = parsed(no_analyze);
    const auto untimed = ExecutionTimeBelow(1.0);
    CHECK_FALSE(untimed.match(plain));
    CHECK_THAT(untimed.describe(), Contains("(the plan has no Execution Time: EXPLAIN without ANALYZE?)"));
}

TEST_CASE("HasPath: > is a child, >> any descendant, from any node") {
    CHECK_THAT(after(), HasPath("Nested Loop > Aggregate > Bitmap Heap Scan on transactions"));
    CHECK_THAT(after(), HasPath("Aggregate > Bitmap Heap Scan > BitmapAnd > Bitmap Index Scan on idx_to_user"));
    CHECK_THAT(after(), HasPath("Nested Loop >> Bitmap Index Scan on idx_from_user"));
    CHECK_THAT(after(), HasPath("Bitmap Heap Scan on transactions_1"));
    CHECK_THAT(after(), !HasPath("Nested Loop > Bitmap Heap Scan"));  // an Aggregate is between
    CHECK_THAT(before(), HasPath("Gather > Parallel Seq Scan on transactions"));
    CHECK_THAT(before(), HasPath("Gather > Seq Scan on transactions"));
    CHECK_THAT(parsed(with_subplan), HasPath("Seq Scan on users > Index Scan using orders_user_idx"));
}

TEST_CASE("HasPath failing marks where the longest partial match ends") {
    const auto m = HasPath("Nested Loop > Aggregate > Gather > Index Scan");
    CHECK_FALSE(m.match(before()));
    const std::string message = m.describe();
    CHECK_THAT(message, StartsWith("has the path \"Nested Loop > Aggregate > Gather > Index Scan\"\n"
                                   "==> marks where the longest partial match ends (3 of 4 steps): "
                                   "nothing under it matches \"Index Scan\"\n"));
    CHECK_THAT(message, Contains("==>    21 |         ->  Gather\n"));

    const auto nothing = HasPath("Hash Join > Hash");
    CHECK_FALSE(nothing.match(before()));
    CHECK_THAT(nothing.describe(), StartsWith("has the path \"Hash Join > Hash\" (no node matches \"Hash Join\")\n"
                                              "       19 | Nested Loop\n"));
}

TEST_CASE("HasPath rejects patterns with an empty step") {
    CHECK_THROWS_AS(HasPath(""), std::invalid_argument);
    CHECK_THROWS_AS(HasPath("> Seq Scan"), std::invalid_argument);
    CHECK_THROWS_AS(HasPath("Limit > > Seq Scan"), std::invalid_argument);
    CHECK_THROWS_AS(HasPath("Limit >"), std::invalid_argument);
    CHECK_THROWS_AS(HasPath("Limit >>> Sort"), std::invalid_argument);
    CHECK_THROWS_AS(HasNode(" on t"), std::invalid_argument);
}

TEST_CASE("NodePattern reads name, using and on in either order") {
    const NodePattern a = NodePattern::parse("  Index Scan using idx on public.meal  ");
    CHECK(a.name == "Index Scan");
    CHECK(a.index == "idx");
    CHECK(a.relation == "public.meal");
    const NodePattern b = NodePattern::parse("Index Scan on meal using idx");
    CHECK(b.name == "Index Scan");
    CHECK(b.index == "idx");
    CHECK(b.relation == "meal");
    CHECK(b.describe() == "\"Index Scan\" using idx on meal");
}

TEST_CASE("matchers combine with && and ||, and Catch prints a plan briefly") {
    CHECK_THAT(after(), UsesIndex("idx_to_user") && UsesIndex("idx_from_user") && NoSeqScanOn("transactions"));
    CHECK_THAT(before(), UsesIndex("idx_to_user") || ExecutionTimeBelow(200.0));
    CHECK(Catch::Detail::stringify(before()) == "plan at line 19 (Nested Loop, 7 nodes)");
    CHECK(Catch::Detail::stringify(parsed(no_analyze)) == "plan at line 1 (Limit, 2 nodes)");
}

TEST_CASE("rendering subplans shows their label") {
    const Plan p = parsed(with_subplan);
    const auto m = HasNode("Hash");
    CHECK_FALSE(m.match(p));
    CHECK(m.describe() == R"(has a node "Hash"
        1 | Seq Scan on users u
        4 |     [SubPlan 1] ->  Index Scan using orders_user_idx on public.orders o)");
}

// The node header line: name, target, estimates, actuals, in every form
// PostgreSQL prints them (9.6 to 18, with and without COSTS/ANALYZE/TIMING).
#include <planlens/parse.hpp>

#include <catch2/catch.hpp>

using namespace planlens;

namespace {

Node root_of(std::string_view line) {
    auto plan = parse_plan(line);
    INFO(line);
    REQUIRE(plan);
    REQUIRE(plan->nodes.size() == 1);
    return plan->root();
}

}  // namespace

TEST_CASE("costs and actual times are parsed as printed") {
    const Node n = root_of("Seq Scan on moves  (cost=28.19..31.36 rows=11 width=143) (actual time=1.345..1.711 rows=2 loops=1)");
    REQUIRE(n.estimates);
    CHECK(n.estimates->startup_cost == 28.19);
    CHECK(n.estimates->total_cost == 31.36);
    CHECK(n.estimates->rows == 11);
    CHECK(n.estimates->width == 143);
    REQUIRE(n.actuals);
    CHECK(n.actuals->startup_time == 1.345);
    CHECK(n.actuals->total_time == 1.711);
    CHECK(n.actuals->rows == 2);
    CHECK(n.actuals->loops == 1);
    CHECK_FALSE(n.never_executed);
}

TEST_CASE("either parenthesised part may be absent") {
    SECTION("plain EXPLAIN") {
        const Node n = root_of("Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)");
        CHECK(n.estimates);
        CHECK_FALSE(n.actuals);
    }
    SECTION("COSTS OFF with ANALYZE: one space before the actual part") {
        const Node n = root_of("Seq Scan on t (actual time=0.010..0.011 rows=3 loops=1)");
        CHECK_FALSE(n.estimates);
        REQUIRE(n.actuals);
        CHECK(n.actuals->rows == 3);
        CHECK(n.target.object == "t");
        CHECK(n.target.alias.empty());
    }
    SECTION("COSTS OFF without ANALYZE") {
        const Node n = root_of("Seq Scan on t");
        CHECK_FALSE(n.estimates);
        CHECK_FALSE(n.actuals);
        CHECK(n.target.object == "t");
    }
    SECTION("TIMING OFF prints rows and loops only") {
        const Node n = root_of("Sort  (cost=1.00..2.00 rows=10 width=4) (actual rows=10 loops=1)");
        REQUIRE(n.actuals);
        CHECK_FALSE(n.actuals->startup_time);
        CHECK_FALSE(n.actuals->total_time);
        CHECK(n.actuals->rows == 10);
    }
    SECTION("never executed") {
        const Node n = root_of("Index Scan using t_pkey on t  (cost=0.29..8.30 rows=1 width=4) (never executed)");
        CHECK(n.never_executed);
        CHECK_FALSE(n.actuals);
    }
}

TEST_CASE("PostgreSQL 18 prints actual rows with two decimals") {
    auto plan = parse_plan("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.01..0.02 rows=0.50 loops=2)");
    REQUIRE(plan);
    CHECK(plan->root().actuals->rows == 0.5);
    CHECK(plan->options.rows_with_decimals);
}

TEST_CASE("targets: relation, alias, schema, index, quoted identifiers") {
    SECTION("alias differs from the relation") {
        const Node n = root_of("Seq Scan on transactions transactions_1  (cost=0.00..1.00 rows=1 width=5)");
        CHECK(n.target.object == "transactions");
        CHECK(n.target.alias == "transactions_1");
        CHECK(n.target.effective_alias() == "transactions_1");
    }
    SECTION("alias equal to the relation is left out by PostgreSQL") {
        const Node n = root_of("Seq Scan on meal  (cost=0.00..1.00 rows=1 width=5)");
        CHECK(n.target.alias.empty());
        CHECK(n.target.effective_alias() == "meal");
    }
    SECTION("VERBOSE qualifies with the schema") {
        const Node n = root_of("Seq Scan on public.users u  (cost=0.00..1.00 rows=1 width=5)");
        CHECK(n.target.schema == "public");
        CHECK(n.target.object == "users");
        CHECK(n.target.alias == "u");
    }
    SECTION("quoted identifiers lose their quotes, keep doubled quotes") {
        const Node n = root_of(R"(Seq Scan on public."Order Items" "o""i"  (cost=0.00..1.00 rows=1 width=5))");
        CHECK(n.target.schema == "public");
        CHECK(n.target.object == "Order Items");
        CHECK(n.target.alias == R"(o""i)");
    }
    SECTION("index scans name the index after using") {
        const Node n = root_of("Index Scan using goals_customer_id_key on goals  (cost=0.42..8.44 rows=1 width=8)");
        CHECK(n.kind == NodeKind::index_scan);
        CHECK(n.target.index == "goals_customer_id_key");
        CHECK(n.target.object == "goals");
        CHECK(n.scan_direction == ScanDirection::forward);
    }
    SECTION("a bitmap index scan names its index after on") {
        const Node n = root_of("Bitmap Index Scan on idx_to_user  (cost=0.00..1.59 rows=9 width=0)");
        CHECK(n.target.index == "idx_to_user");
        CHECK(n.target.object.empty());
    }
    SECTION("subquery and values scans have only an alias") {
        CHECK(root_of(R"(Subquery Scan on "*SELECT* 2"  (cost=0.00..3.51 rows=67 width=72))").target.alias == "*SELECT* 2");
        const Node v = root_of(R"(Values Scan on "*VALUES*"  (cost=0.00..0.04 rows=3 width=4))");
        CHECK(v.target.alias == "*VALUES*");
        CHECK(v.target.object.empty());
    }
    SECTION("CTE and function scans") {
        const Node c = root_of("CTE Scan on w w_1  (cost=0.00..0.02 rows=1 width=4)");
        CHECK(c.target.object == "w");
        CHECK(c.target.alias == "w_1");
        const Node f = root_of("Function Scan on pg_catalog.generate_series g  (cost=0.00..10.00 rows=1000 width=4)");
        CHECK(f.target.schema == "pg_catalog");
        CHECK(f.target.object == "generate_series");
        CHECK(f.target.alias == "g");
    }
    SECTION("a join or aggregate has no target") {
        const Node n = root_of("Hash Right Join  (cost=20.48..32.81 rows=68 width=175)");
        CHECK(n.target.object.empty());
        CHECK(n.target.alias.empty());
    }
}

TEST_CASE("trailing spaces and tabs after the figures are accepted") {
    CHECK(parse_plan("Result  (cost=0.00..0.01 rows=1 width=4)   \t"));
}

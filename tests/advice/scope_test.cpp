// Resolving column qualifiers to the scans that read them.
#include <planlens/expression.hpp>

#include "plan_fixture.hpp"

using namespace planlens;
using planlens::test::node_named;
using planlens::test::seed_plan;

TEST_CASE("scope: a scan's unqualified columns are its own relation") {
    const auto fx = seed_plan("seed-001-1");
    const Plan& plan = fx.plan;
    const Node& scan = node_named(plan, "Parallel Seq Scan", "meal_1");
    const Expression e = parse_condition(plan, scan, plan.find(scan, PropertyKind::filter)->value);
    for (ExprId c : columns_in(e, e.root)) {
        CHECK(e[c].relation == "meal");
        CHECK(e[c].scan == plan.id_of(scan));
    }
}

TEST_CASE("scope: a join filter resolves aliases through the scans below") {
    const auto fx = seed_plan("seed-001-1");
    const Plan& plan = fx.plan;
    const Node& join = plan.nodes[2];
    REQUIRE(join.kind == NodeKind::nested_loop);
    const Expression e = parse_condition(plan, join, plan.find(join, PropertyKind::join_filter)->value);
    const auto cols = columns_in(e, e.root);
    REQUIRE(cols.size() == 3);
    CHECK(e[cols[0]].qualifier == "meal");
    CHECK(e[cols[0]].scan == plan.id_of(node_named(plan, "Seq Scan", "meal")));
    CHECK(e[cols[1]].relation == "goals");
    CHECK(e[cols[2]].qualifier == "meal_1");
    CHECK(e[cols[2]].relation == "meal");
    CHECK(e[cols[2]].scan == plan.id_of(node_named(plan, "Parallel Seq Scan", "meal_1")));
}

TEST_CASE("scope: a sort over a join qualifies, over one scan need not") {
    const auto fx = seed_plan("seed-001-1");
    const Plan& plan = fx.plan;
    const RelationScope sort = scope_of(plan, plan.nodes[1]);
    CHECK(sort.own == no_node);  // three scans below
    const auto fx2 = seed_plan("seed-001-5");
    const Node& gather = node_named(fx2.plan, "Gather");
    CHECK(scope_of(fx2.plan, gather).own == fx2.plan.id_of(node_named(fx2.plan, "Parallel Seq Scan", "meal")));
}

TEST_CASE("scope: a bitmap index scan reads its heap scan's relation") {
    const auto fx = seed_plan("seed-000-2");
    const Plan& plan = fx.plan;
    const Node& index = node_named(plan, "Bitmap Index Scan");
    const Expression e = parse_condition(plan, index, plan.find(index, PropertyKind::index_cond)->value);
    const auto cols = columns_in(e, e.root);
    REQUIRE(cols.size() == 1);
    CHECK(e[cols[0]].relation == "transactions");
    CHECK(plan.nodes[e[cols[0]].scan].kind == NodeKind::bitmap_heap_scan);
}

TEST_CASE("scope: an inner index condition's outer reference resolves plan-wide") {
    const auto fx = planlens::test::plan_from_text(
        "Nested Loop  (cost=0.29..100.00 rows=10 width=8)\n"
        "  ->  Seq Scan on orders o  (cost=0.00..10.00 rows=10 width=8)\n"
        "  ->  Index Scan using customers_pkey on customers c  (cost=0.29..8.00 rows=1 width=8)\n"
        "        Index Cond: (id = o.customer_id)\n");
    const Plan& plan = fx.plan;
    const Node& inner = node_named(plan, "Index Scan");
    const Expression e = parse_condition(plan, inner, plan.find(inner, PropertyKind::index_cond)->value);
    const auto cols = columns_in(e, e.root);
    REQUIRE(cols.size() == 2);
    CHECK(e[cols[0]].relation == "customers");
    CHECK(e[cols[1]].relation == "orders");
    CHECK(e[cols[1]].scan == 1);
}

TEST_CASE("scope: an unknown qualifier stays unresolved") {
    const auto fx = planlens::test::plan_from_text("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n  Filter: (x.a = 1)\n");
    const Plan& plan = fx.plan;
    const Expression e = parse_condition(plan, plan.root(), plan.find(plan.root(), PropertyKind::filter)->value);
    CHECK(e[columns_in(e, e.root)[0]].scan == no_node);
    CHECK(e[columns_in(e, e.root)[0]].relation.empty());
}

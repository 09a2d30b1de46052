// The per-node facts of <planlens/node_facts.hpp>: loops, filters and
// parallel passes, the way PostgreSQL's per-loop averages mean them.
#include "plans.hpp"

#include <planlens/node_facts.hpp>

using namespace planlens;
using planlens::test::node_with;
using planlens::test::parse_text;

TEST_CASE("node facts: a parallel scan's processes share one pass over the table") {
    const auto p = parse_text(R"(Gather  (cost=1000.00..10706.26 rows=1 width=5) (actual time=50.467..50.510 rows=30 loops=1)
  Workers Planned: 2
  Workers Launched: 2
  ->  Parallel Seq Scan on transactions  (cost=0.00..9706.16 rows=1 width=5) (actual time=50.210..50.212 rows=10 loops=3)
        Filter: (from_user = 7)
        Rows Removed by Filter: 199990
)");
    const Plan& plan = p->plan;
    const Node& scan = plan.nodes[node_with(plan, "Parallel Seq Scan")];
    CHECK(rows_returned(scan) == 30);
    CHECK(rows_returned_per_pass(scan) == 30);  // what the three processes kept together
    CHECK(rows_seen_per_loop(plan, scan) == 200000);
    CHECK(rows_read(plan, scan) == 600000);
    CHECK(rows_read_per_pass(plan, scan) == 600000);  // the three processes split one pass
    CHECK(rows_removed_by_filter(plan, scan) == 599970);
    CHECK(removed_share(plan, scan) == Approx(0.99995));
    CHECK(parallel_processes(plan, plan.root()) == 3);
}

TEST_CASE("node facts: a scan a nested loop reruns reads its table once per loop") {
    const auto p = parse_text(R"(Nested Loop  (cost=0.00..500.00 rows=10 width=8) (actual time=0.020..9.000 rows=40 loops=1)
  ->  Seq Scan on a  (cost=0.00..1.04 rows=4 width=4) (actual time=0.005..0.008 rows=4 loops=1)
  ->  Seq Scan on b  (cost=0.00..120.00 rows=1 width=4) (actual time=0.100..2.000 rows=10 loops=4)
        Filter: (b.a_id = a.id)
        Rows Removed by Filter: 990
)");
    const Plan& plan = p->plan;
    const Node& inner = plan.nodes[node_with(plan, "Seq Scan on b")];
    CHECK(rows_returned(inner) == 40);
    CHECK(rows_returned_per_pass(inner) == 10);
    CHECK(rows_seen_per_loop(plan, inner) == 1000);
    CHECK(rows_read_per_pass(plan, inner) == 1000);  // one pass is one rerun
    CHECK(rows_read(plan, inner) == 4000);
    CHECK(removed_share(plan, inner) == Approx(0.99));
    CHECK(rows_removed_by_filter(plan, plan.root()) == 0);
}

TEST_CASE("node facts: nothing without ANALYZE figures") {
    const auto p = parse_text("Seq Scan on t  (cost=0.00..45.00 rows=1000 width=4)\n  Filter: (a = 1)\n");
    const Node& n = p->plan.root();
    CHECK(rows_returned(n) == 0);
    CHECK(rows_returned_per_pass(n) == 0);
    CHECK(rows_read(p->plan, n) == 0);
    CHECK(rows_removed_by_index_recheck(p->plan, n) == 0);
    CHECK(removed_share(p->plan, n) == 0);
}

TEST_CASE("node facts: rows an index recheck removed, over every loop") {
    const auto p = parse_text(R"(Nested Loop  (cost=4.50..900.00 rows=50 width=8) (actual time=0.050..4.000 rows=30 loops=1)
  ->  Seq Scan on a  (cost=0.00..1.03 rows=3 width=4) (actual time=0.005..0.008 rows=3 loops=1)
  ->  Bitmap Heap Scan on b  (cost=4.50..299.00 rows=17 width=4) (actual time=0.300..1.200 rows=10 loops=3)
        Recheck Cond: (b.a_id = a.id)
        Rows Removed by Index Recheck: 25
        Heap Blocks: exact=12 lossy=4
        ->  Bitmap Index Scan on b_a_id_idx  (cost=0.00..4.50 rows=17 width=0) (actual time=0.100..0.100 rows=35 loops=3)
              Index Cond: (b.a_id = a.id)
)");
    const Plan& plan = p->plan;
    const Node& heap = plan.nodes[node_with(plan, "Bitmap Heap Scan")];
    CHECK(rows_removed_by_index_recheck(plan, heap) == 75);
    CHECK(rows_removed_by_filter(plan, heap) == 0);
    CHECK(rows_removed_by_index_recheck(plan, plan.root()) == 0);
}

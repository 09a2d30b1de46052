// exclusive_time: one test case per rule of docs/timing.md, with the same
// numbers as the worked examples there.
#include "plans.hpp"

#include <planlens/timing.hpp>

using namespace planlens;
using planlens::test::node_with;
using planlens::test::parse_text;
using planlens::test::seed;
using Catch::Detail::Approx;

namespace {

bool has_note(const TimeProfile& profile, std::string_view words) {
    for (const std::string& note : profile.notes)
        if (note.find(words) != std::string::npos) return true;
    return false;
}

double sum_of_self(const TimeProfile& profile) {
    double sum = 0;
    for (const NodeTime& t : profile.nodes) sum += t.self;
    return sum;
}

}  // namespace

TEST_CASE("a plain tree: self is total minus the children's totals") {
    const auto p = seed("seed-000-3");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile.basis == TimeBasis::actual_time);
    CHECK(profile.total == Approx(0.204));
    REQUIRE(profile.nodes.size() == p->plan.nodes.size());
    // Nested Loop 0.204 - Bitmap Heap Scan 0.113 - Index Scan 0.088
    CHECK(profile[0].self == Approx(0.003));
    // BitmapAnd 0.068 - 0.027 - 0.039
    CHECK(profile[node_with(p->plan, "BitmapAnd")].self == Approx(0.002));
    CHECK(profile[0].share == Approx(0.003 / 0.204));
    CHECK(profile.notes.empty());
}

TEST_CASE("loops: the inner side of a nested loop counts time x loops") {
    const auto p = seed("seed-001-5");
    const TimeProfile profile = exclusive_time(p->plan);
    const NodeId inner = node_with(p->plan, "Index Only Scan");
    CHECK(profile[inner].loops == 2);
    CHECK(profile[inner].total == Approx(0.106));  // 0.053 x 2
    // Nested Loop 27.449 - Gather 27.335 - 0.106
    CHECK(profile[node_with(p->plan, "Nested Loop")].self == Approx(0.008));
}

TEST_CASE("loops: a rescanned Materialize holds its child's single run") {
    const auto p = parse_text(R"(Nested Loop  (cost=0.00..1000.00 rows=100 width=8) (actual time=0.050..12.000 rows=100 loops=1)
  Join Filter: (a.x = b.x)
  Rows Removed by Join Filter: 9900
  ->  Seq Scan on a  (cost=0.00..10.00 rows=100 width=4) (actual time=0.010..0.500 rows=100 loops=1)
  ->  Materialize  (cost=0.00..15.00 rows=100 width=4) (actual time=0.001..0.080 rows=100 loops=100)
        ->  Seq Scan on b  (cost=0.00..10.00 rows=100 width=4) (actual time=0.010..0.600 rows=100 loops=1)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[2].total == Approx(8.0));  // 0.080 x 100
    CHECK(profile[2].self == Approx(7.4));   // rescans served from the tuplestore
    CHECK(profile[0].self == Approx(3.5));   // 12 - 0.5 - 8
    CHECK(sum_of_self(profile) == Approx(12.0));
}

TEST_CASE("loops: a SubPlan run once per row is included in the node that runs it") {
    const auto p = parse_text(R"(Seq Scan on orders o  (cost=0.00..5000.00 rows=1000 width=12) (actual time=0.020..30.000 rows=1000 loops=1)
  SubPlan 1
    ->  Aggregate  (cost=4.00..4.01 rows=1 width=8) (actual time=0.025..0.025 rows=1 loops=1000)
          ->  Index Scan using items_order_id on items i  (cost=0.29..4.00 rows=3 width=4) (actual time=0.005..0.020 rows=3 loops=1000)
                Index Cond: (order_id = o.id)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[1].total == Approx(25.0));  // 0.025 x 1000
    CHECK(profile[0].self == Approx(5.0));    // 30 - 25
    CHECK(profile[1].self == Approx(5.0));    // 25 - 20
    CHECK(profile[2].self == Approx(20.0));
}

TEST_CASE("parallel: figures under a Gather are averaged over its processes") {
    const auto p = seed("seed-001-1");
    const TimeProfile profile = exclusive_time(p->plan);
    const NodeId gather = node_with(p->plan, "Gather");
    const NodeId scan = node_with(p->plan, "Parallel Seq Scan on meal meal_1");
    CHECK_FALSE(profile[gather].parallel);
    CHECK(profile[scan].parallel);
    CHECK(profile[scan].loops == 3);
    // 20.132 x 3 loops / 3 processes: the wall-clock time of an average process.
    CHECK(profile[scan].total == Approx(20.132));
    CHECK(profile[gather].self == Approx(26.082 - 20.132));
}

TEST_CASE("parallel: a Gather's children never account for more than the Gather") {
    const auto p = parse_text(R"(Gather  (cost=1000.00..2000.00 rows=100 width=4) (actual time=1.000..10.000 rows=300 loops=1)
  Workers Planned: 2
  Workers Launched: 2
  ->  Partial Aggregate  (cost=0.00..1000.00 rows=50 width=4) (actual time=5.000..12.000 rows=100 loops=3)
        ->  Parallel Seq Scan on t  (cost=0.00..900.00 rows=50 width=4) (actual time=1.000..6.000 rows=100 loops=3)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[1].total == Approx(10.0));  // 12 scaled down to the Gather's 10
    CHECK(profile[2].total == Approx(5.0));   // and the rest of the subtree with it
    CHECK(profile[0].self == Approx(0.0));
    CHECK_FALSE(profile[0].inconsistent);
    CHECK(has_note(profile, "scaled down to fit"));
}

TEST_CASE("parallel: the leader's absence shows in the child's loops") {
    // parallel_leader_participation = off: 2 processes, not 3.
    const auto p = parse_text(R"(Gather  (cost=1000.00..2000.00 rows=100 width=4) (actual time=1.000..10.000 rows=200 loops=1)
  Workers Planned: 2
  Workers Launched: 2
  ->  Parallel Seq Scan on t  (cost=0.00..900.00 rows=50 width=4) (actual time=1.000..8.000 rows=100 loops=2)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[1].total == Approx(8.0));
}

TEST_CASE("parallel: per-worker figures from Worker N lines, the leader's derived") {
    const auto p = parse_text(R"(Gather  (cost=1000.00..2000.00 rows=100 width=4) (actual time=10.000..30.000 rows=300 loops=1)
  Output: x
  Workers Planned: 2
  Workers Launched: 2
  ->  Parallel Seq Scan on public.t  (cost=0.00..1000.00 rows=50 width=4) (actual time=5.000..24.000 rows=100 loops=3)
        Output: x
        Worker 0:  actual time=6.000..25.000 rows=90 loops=1
        Worker 1:  actual time=4.000..23.000 rows=110 loops=1
)");
    const auto workers = worker_times(p->plan, 1);
    REQUIRE(workers.size() == 3);
    CHECK(workers[0].worker == -1);
    CHECK(workers[0].total == Approx(24.0));  // 24 x 3 - 25 - 23
    CHECK(workers[0].rows == Approx(100.0));  // 300 - 90 - 110
    CHECK(workers[0].loops == Approx(1.0));
    CHECK(workers[1].worker == 0);
    CHECK(workers[1].total == Approx(25.0));
    CHECK(workers[2].worker == 1);
    CHECK(workers[2].rows == Approx(110.0));
    CHECK(worker_times(p->plan, 0).empty());
}

TEST_CASE("InitPlans: their time is taken once from the node they hang under") {
    const auto p = seed("seed-002-5");
    const TimeProfile profile = exclusive_time(p->plan);
    // Result 57.440 - InitPlan 1 37.489 - InitPlan 2 19.942
    CHECK(profile[0].self == Approx(0.009));
    CHECK_FALSE(profile[0].rounded);
}

TEST_CASE("InitPlans: taken from the node below that uses the parameter") {
    const auto p = parse_text(R"(Limit  (cost=10.00..20.00 rows=10 width=4) (actual time=5.000..10.000 rows=10 loops=1)
  InitPlan 1 (returns $0)
    ->  Aggregate  (cost=9.00..9.01 rows=1 width=4) (actual time=4.000..4.000 rows=1 loops=1)
          ->  Seq Scan on t2  (cost=0.00..8.00 rows=1000 width=4) (actual time=0.010..3.000 rows=1000 loops=1)
  ->  Seq Scan on t1  (cost=0.00..100.00 rows=100 width=4) (actual time=4.500..9.900 rows=10 loops=1)
        Filter: (x > $0)
        Rows Removed by Filter: 10
)");
    const TimeProfile profile = exclusive_time(p->plan);
    const NodeId t1 = node_with(p->plan, "Seq Scan on t1");
    CHECK(profile[0].self == Approx(0.1));   // 10 - 9.9, not 10 - 9.9 - 4
    CHECK(profile[t1].self == Approx(5.9));  // 9.9 - 4
    CHECK_FALSE(profile[0].inconsistent);
}

TEST_CASE("InitPlans: PostgreSQL 17 names them (InitPlan 1).col1") {
    const auto p = parse_text(R"(Limit  (cost=10.00..20.00 rows=10 width=4) (actual time=5.000..10.000 rows=10 loops=1)
  InitPlan 1
    ->  Aggregate  (cost=9.00..9.01 rows=1 width=4) (actual time=4.000..4.000 rows=1 loops=1)
          ->  Seq Scan on t2  (cost=0.00..8.00 rows=1000 width=4) (actual time=0.010..3.000 rows=1000 loops=1)
  ->  Seq Scan on t1  (cost=0.00..100.00 rows=100 width=4) (actual time=4.500..9.900 rows=10 loops=1)
        Filter: (x > (InitPlan 1).col1)
        Rows Removed by Filter: 10
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[node_with(p->plan, "Seq Scan on t1")].self == Approx(5.9));
}

TEST_CASE("InitPlans: a mention never drives the user below zero") {
    // $0 is named below, but that node is too fast to contain the InitPlan.
    const auto p = parse_text(R"(Result  (cost=10.00..20.00 rows=1 width=4) (actual time=5.000..5.100 rows=1 loops=1)
  One-Time Filter: true
  InitPlan 1 (returns $0)
    ->  Seq Scan on t2  (cost=0.00..8.00 rows=1 width=4) (actual time=0.010..5.000 rows=1 loops=1)
  ->  Seq Scan on t1  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)
        Filter: (x > $0)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[0].self == Approx(0.08));  // 5.1 - 5.0 - 0.02
    CHECK(profile[node_with(p->plan, "Seq Scan on t1")].self == Approx(0.02));
}

namespace {

constexpr const char* cte_read_twice = R"(Hash Join  (cost=50.00..100.00 rows=10 width=8) (actual time=10.000..20.000 rows=10 loops=1)
  Hash Cond: (a.id = b.id)
  CTE w
    ->  Seq Scan on big  (cost=0.00..40.00 rows=1000 width=8) (actual time=0.010..12.000 rows=1000 loops=1)
  ->  CTE Scan on w a  (cost=0.00..20.00 rows=1000 width=8) (actual time=0.020..14.000 rows=1000 loops=1)
  ->  Hash  (cost=20.00..20.00 rows=1000 width=8) (actual time=4.000..4.000 rows=1000 loops=1)
        Buckets: 1024  Batches: 1  Memory Usage: 40kB
        ->  CTE Scan on w b  (cost=0.00..20.00 rows=1000 width=8) (actual time=0.005..2.000 rows=1000 loops=1)
Planning Time: 0.100 ms
Execution Time: 20.100 ms
)";

}  // namespace

TEST_CASE("CTEs: a CTE read by two scans is taken from them, not from its parent") {
    const auto p = parse_text(cte_read_twice);
    const TimeProfile profile = exclusive_time(p->plan);
    const NodeId a = node_with(p->plan, "CTE Scan on w a"), b = node_with(p->plan, "CTE Scan on w b");
    CHECK(profile[0].self == Approx(2.0));  // 20 - 14 - 4: the CTE is not subtracted here
    // The slowest reader computed the rows; the other read the tuplestore.
    CHECK(profile[a].self == Approx(14.0 - 12.0));
    CHECK(profile[b].self == Approx(2.0));
    CHECK(profile[node_with(p->plan, "Seq Scan on big")].self == Approx(12.0));
    CHECK(sum_of_self(profile) == Approx(20.0));
    CHECK(profile.total == Approx(20.0));
    CHECK(has_note(profile, "read by 2 CTE Scans"));
}

TEST_CASE("CTEs: a real CTE read twice, PostgreSQL 15") {
    const auto p = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "pg15" / "076-cte-materialized-twice.txt"));
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[node_with(p->plan, "CTE Scan on big a")].self == Approx(49.151 - 42.280));
    CHECK(profile[node_with(p->plan, "CTE Scan on big b")].self == Approx(2.534));
    CHECK(profile[0].self == Approx(99.076 - 65.838 - 16.940));
}

TEST_CASE("CTEs: time no reader accounts for is added to the total") {
    const auto p = parse_text(R"(Limit  (cost=0.01..0.03 rows=1 width=4) (actual time=0.020..0.030 rows=1 loops=1)
  CTE w
    ->  Insert on t  (cost=0.00..15.00 rows=1000 width=4) (actual time=0.100..50.000 rows=1000 loops=1)
          ->  Function Scan on generate_series g  (cost=0.00..10.00 rows=1000 width=4) (actual time=0.050..2.000 rows=1000 loops=1)
  ->  CTE Scan on w  (cost=0.00..20.00 rows=1000 width=4) (actual time=0.015..0.025 rows=1 loops=1)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile.total == Approx(0.030 + 50.0 - 0.025));
    CHECK(profile[node_with(p->plan, "CTE Scan on w")].self == Approx(0.0));
    CHECK(profile[0].self == Approx(0.005));
    CHECK(sum_of_self(profile) == Approx(profile.total));
    CHECK(has_note(profile, "outside any CTE Scan"));
}

namespace {

/// 10000 inner loops printed as 0.001 ms each: each could be 0.0005..0.0015.
std::string inner_loop_plan(std::string_view nested_loop_total, std::string_view inner_time) {
    return std::string("Nested Loop  (cost=0.29..5000.00 rows=10000 width=8) (actual time=0.020..") +
           std::string(nested_loop_total) + R"( rows=10000 loops=1)
  ->  Seq Scan on a  (cost=0.00..150.00 rows=10000 width=4) (actual time=0.010..1.000 rows=10000 loops=1)
  ->  Index Scan using b_pkey on b  (cost=0.29..0.40 rows=1 width=4) (actual time=0.001..)" +
           std::string(inner_time) + R"( rows=1 loops=10000)
        Index Cond: (id = a.b_id)
)";
}

}  // namespace

TEST_CASE("rounding: a parent smaller than its children within printed precision is flagged and clamped") {
    // 10.500 - 1.000 - 0.001 x 10000 = -0.5, within 0.0005 x (1 + 1 + 10000) = 5.001
    const auto p = parse_text(inner_loop_plan("10.500", "0.001"));
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[0].rounded);
    CHECK_FALSE(profile[0].inconsistent);
    CHECK(profile[0].self == 0);
    CHECK(profile.notes.empty());
}

TEST_CASE("rounding: beyond printed precision the node is flagged inconsistent and explained") {
    // 10.500 - 1.000 - 0.002 x 10000 = -10.5, more than the 5.001 rounding allows
    const auto p = parse_text(inner_loop_plan("10.500", "0.002"));
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[0].inconsistent);
    CHECK_FALSE(profile[0].rounded);
    CHECK(profile[0].self == 0);
    CHECK(has_note(profile, "line 1 (Nested Loop)"));
}

TEST_CASE("no ANALYZE: attributed by cost, and the children of a Limit scaled to fit") {
    const auto p = parse_text(R"(Limit  (cost=0.00..0.45 rows=10 width=4)
  ->  Seq Scan on t  (cost=0.00..45.00 rows=1000 width=4)
        Filter: (x > 1)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile.basis == TimeBasis::cost);
    CHECK(profile.total == Approx(0.45));
    CHECK(profile[1].total == Approx(0.45));  // the Limit reads a hundredth of the scan
    CHECK(profile[1].self == Approx(0.45));
    CHECK(profile[0].self == Approx(0.0));
    CHECK(has_note(profile, "no ANALYZE"));
}

TEST_CASE("TIMING OFF: attributed by cost, and said so") {
    const auto p = parse_text(R"(Hash Join  (cost=30.00..80.00 rows=100 width=8) (actual rows=100 loops=1)
  Hash Cond: (a.id = b.id)
  ->  Seq Scan on a  (cost=0.00..40.00 rows=1000 width=4) (actual rows=1000 loops=1)
  ->  Hash  (cost=20.00..20.00 rows=100 width=4) (actual rows=100 loops=1)
        Buckets: 1024  Batches: 1  Memory Usage: 12kB
        ->  Seq Scan on b  (cost=0.00..20.00 rows=100 width=4) (actual rows=100 loops=1)
Planning Time: 0.100 ms
Execution Time: 1.000 ms
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile.basis == TimeBasis::cost);
    CHECK(has_note(profile, "TIMING OFF"));
    CHECK(profile[0].self == Approx(20.0));  // 80 - 40 - 20
    CHECK(profile[2].self == Approx(0.0));   // Hash 20 - 20
    CHECK(profile[3].self == Approx(20.0));
    CHECK(profile[0].share == Approx(0.25));
}

TEST_CASE("cost basis: the inner side of a nested loop counts once per planned outer row") {
    const auto p = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "pg15" / "118-timing-off.txt"));
    const TimeProfile profile = exclusive_time(p->plan);
    const NodeId inner = node_with(p->plan, "customers_pkey");
    CHECK(profile[inner].total == Approx(0.59 * 1002));  // the outer side plans 1002 rows
    CHECK(profile[node_with(p->plan, "Nested Loop")].self == Approx(625.24 - 29.23 - 0.59 * 1002));
}

TEST_CASE("cost basis: InitPlans and CTEs are charged to the node they hang under") {
    // The planner adds InitPlan (and CTE) costs to the node they are attached to.
    const auto p = parse_text(R"(CTE Scan on w  (cost=10.00..30.00 rows=1000 width=4)
  CTE w
    ->  Seq Scan on big  (cost=0.00..10.00 rows=1000 width=4)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[0].self == Approx(20.0));
    CHECK(profile[1].self == Approx(10.0));
}

TEST_CASE("neither times nor costs: nothing to attribute, and said so") {
    const auto p = parse_text(R"(Hash Join
  Hash Cond: (a.id = b.id)
  ->  Seq Scan on a
  ->  Hash
        ->  Seq Scan on b
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile.total == 0);
    CHECK(profile[0].share == 0);
    CHECK(has_note(profile, "nothing to attribute"));
}

TEST_CASE("never executed nodes take no time") {
    const auto p = parse_text(R"(Hash Join  (cost=30.00..80.00 rows=100 width=8) (actual time=0.050..0.051 rows=0 loops=1)
  Hash Cond: (a.id = b.id)
  ->  Seq Scan on a  (cost=0.00..40.00 rows=1000 width=4) (never executed)
  ->  Hash  (cost=20.00..20.00 rows=100 width=4) (actual time=0.040..0.040 rows=0 loops=1)
        Buckets: 1024  Batches: 1  Memory Usage: 8kB
        ->  Seq Scan on b  (cost=0.00..20.00 rows=100 width=4) (actual time=0.030..0.030 rows=0 loops=1)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[1].total == 0);
    CHECK(profile[1].loops == 0);
    CHECK(profile[0].self == Approx(0.011));
}

TEST_CASE("absurd figures count as 0 instead of poisoning every sum") {
    const std::string huge(300, '9');
    const auto p = parse_text("Nested Loop  (cost=0.00..1.00 rows=1 width=8) (actual time=0.000..1.000 rows=0 loops=1)\n"
                              "  ->  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..1" + huge +
                              ".0 rows=1 loops=1" + huge + ")\n");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[1].total == 0);
    CHECK(profile[0].self == Approx(1.0));
    CHECK(has_note(profile, "too large to use"));
}

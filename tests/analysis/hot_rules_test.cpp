// Every rule of docs/hot-rules.md: where it fires (with its numbers in the
// message) and a close case where it must not.
#include "plans.hpp"

#include <planlens/hot_nodes.hpp>

using namespace planlens;
using planlens::test::Loaded;
using planlens::test::node_with;
using planlens::test::parse_text;
using planlens::test::seed;

namespace {

std::vector<Finding> findings_of(const Loaded& p) { return find_problems(p.plan, exclusive_time(p.plan)); }

/// The finding of `rule` on `node`, if it fired (a copy: findings are often temporaries here).
std::optional<Finding> fired(const std::vector<Finding>& findings, std::string_view rule, NodeId node = no_node) {
    for (const Finding& f : findings)
        if (f.rule == rule && f.node == node) return f;
    return std::nullopt;
}

std::size_t count(const std::vector<Finding>& findings, std::string_view rule) {
    std::size_t n = 0;
    for (const Finding& f : findings) n += f.rule == rule ? 1 : 0;
    return n;
}

bool says(const std::optional<Finding>& f, std::string_view words) { return f && f->message.find(words) != std::string::npos; }

}  // namespace

TEST_CASE("large-share-of-time") {
    const auto p = seed("seed-000-4");
    const auto findings = findings_of(*p);
    const auto f = fired(findings, rule::large_share_of_time, node_with(p->plan, "Parallel Seq Scan"));
    REQUIRE(f);
    CHECK(f->severity == Severity::critical);  // 97.9%
    CHECK(says(f, "24.163 ms of 24.679 ms (97.9%)"));
    CHECK(count(findings, rule::large_share_of_time) == 1);

    const auto warning = seed("seed-001-1");
    const auto w = fired(findings_of(*warning), rule::large_share_of_time, node_with(warning->plan, "Seq Scan on meal  "));
    REQUIRE(w);
    CHECK(w->severity == Severity::warning);  // 42.7%

    SECTION("not for nodes under a millisecond, whatever their share") {
        CHECK(count(findings_of(*seed("seed-000-2")), rule::large_share_of_time) == 0);
    }
    SECTION("not in a one-node plan") {
        const auto one = parse_text(R"(Seq Scan on t  (cost=0.00..1000.00 rows=100000 width=4) (actual time=0.010..20.000 rows=100000 loops=1)
)");
        CHECK(count(findings_of(*one), rule::large_share_of_time) == 0);
    }
    SECTION("by cost when there is no timing") {
        const auto c = parse_text(R"(Hash Join  (cost=30.00..80.00 rows=100 width=8)
  Hash Cond: (a.id = b.id)
  ->  Seq Scan on a  (cost=0.00..40.00 rows=1000 width=4)
  ->  Hash  (cost=20.00..20.00 rows=100 width=4)
        ->  Seq Scan on b  (cost=0.00..20.00 rows=100 width=4)
)");
        const auto cf = fired(findings_of(*c), rule::large_share_of_time, 1);
        REQUIRE(cf);
        CHECK(says(cf, "50.0% of the plan's cost is this node's own (40.00 of 80.00)"));
    }
}

TEST_CASE("row-misestimate") {
    const auto p = seed("seed-001-3");
    const auto findings = findings_of(*p);
    const auto f = fired(findings, rule::row_misestimate, node_with(p->plan, "Hash Join  (cost=13422"));
    REQUIRE(f);
    CHECK(says(f, "planned 1,729 rows, got 72,369: 42x more than planned; the Sort above (line 3), sized for 1,729 "
                  "rows, spilled to disk"));
    CHECK(f->severity == Severity::warning);
    // The GroupAggregate's rows=200 is PostgreSQL's default group count, not an estimate.
    const auto groups = row_estimate(p->plan, 0);
    REQUIRE(groups);
    CHECK(groups->default_guess);
    CHECK(groups->factor == Approx(200.0 / 3));
    CHECK_FALSE(fired(findings, rule::row_misestimate, 0));
    CHECK(count(findings, rule::row_misestimate) == 1);

    SECTION("an outer side far larger than planned makes a nested loop run its inner side that many times") {
        const auto c = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "analysis" /
                                                            "pg15-correlated-nested-loop.txt"));
        const auto nl = fired(findings_of(*c), rule::row_misestimate, node_with(c->plan, "Seq Scan on big b"));
        REQUIRE(nl);
        CHECK(says(nl, "planned 71 rows, got 6,000: 85x more than planned; the Nested Loop above (line 3) chose to "
                       "run its inner side once per row: 6,000 times where it planned 71"));
    }
    SECTION("default estimates are no finding: rows=200 groups") {
        const auto d = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "analysis" /
                                                            "pg15-default-group-estimate.txt"));
        const NodeId agg = node_with(d->plan, "HashAggregate");
        REQUIRE(row_estimate(d->plan, agg));
        CHECK(row_estimate(d->plan, agg)->default_guess);
        CHECK(count(findings_of(*d), rule::row_misestimate) == 0);
    }
    SECTION("a mis-estimate that changed nothing is a factor, not a finding") {
        const auto q = parse_text(R"(Nested Loop  (cost=0.29..500.00 rows=5000 width=8) (actual time=0.020..3.000 rows=10 loops=1)
  ->  Seq Scan on a  (cost=0.00..15.00 rows=1000 width=4) (actual time=0.010..1.000 rows=1000 loops=1)
  ->  Index Scan using b_a_id on b  (cost=0.29..0.40 rows=50 width=4) (actual time=0.001..0.001 rows=0 loops=1000)
        Index Cond: (a_id = a.id)
)");
        CHECK(count(findings_of(*q), rule::row_misestimate) == 0);
        const auto top = row_estimate(q->plan, 0);
        REQUIRE(top);
        CHECK_FALSE(top->under);
        CHECK(top->factor == Approx(500));
        CHECK(row_estimate(q->plan, 2)->factor == Approx(50));  // per loop
    }
    SECTION("far fewer rows than planned bought a hash join over a full scan of the other side") {
        // x = 1 AND y = 2 on columns that are always equal: 111,296 planned, 5 rows. The Hash Join read all of
        // big (1,372 ms); with hash and merge joins off, the Nested Loop over big_pkey took 377 ms.
        const auto o = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "analysis" /
                                                            "pg15-overestimate-hash-join.txt"));
        const auto over = findings_of(*o);
        const auto scan = fired(over, rule::row_misestimate, node_with(o->plan, "Seq Scan on t3"));
        REQUIRE(scan);
        CHECK(says(scan, "planned 111,296 rows, got 5: 22,259x fewer than planned; the Hash Join above (line 3), chosen "
                      "for 111,296 rows, read all 600,000 rows of big (line 6) to match 5"));
        CHECK(scan->severity == Severity::warning);
        CHECK(count(over, rule::row_misestimate) == 1);  // not again on the Hash, which repeats the estimate
        // The same over-estimate under the Nested Loop the planner should have chosen changed nothing.
        const auto nl = parse_text(R"(Aggregate  (cost=88399.40..88399.41 rows=1 width=8) (actual time=377.198..377.200 rows=1 loops=1)
  ->  Nested Loop  (cost=0.42..88232.46 rows=66777 width=0) (actual time=377.178..377.190 rows=5 loops=1)
        ->  Seq Scan on t3  (cost=0.00..20406.07 rows=111296 width=4) (actual time=376.904..376.906 rows=5 loops=1)
              Filter: ((x = 1) AND (y = 2))
              Rows Removed by Filter: 1000000
        ->  Index Only Scan using big_pkey on big b  (cost=0.42..0.61 rows=1 width=4) (actual time=0.054..0.054 rows=1 loops=5)
              Index Cond: (id = t3.id)
              Heap Fetches: 5
)");
        CHECK(count(findings_of(*nl), rule::row_misestimate) == 0);
    }
    SECTION("tiny counts are ignored") {
        const auto t = parse_text(R"(Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=50 loops=1)
)");
        CHECK(count(findings_of(*t), rule::row_misestimate) == 0);
    }
}

TEST_CASE("filter-discards-most-rows") {
    const auto p = seed("seed-000-1");
    const auto findings = findings_of(*p);
    const auto f = fired(findings, rule::filter_discards_most_rows, node_with(p->plan, "Parallel Seq Scan on transactions  "));
    REQUIRE(f);
    CHECK(f->severity == Severity::critical);  // and it takes 54.9% of the time
    CHECK(says(f, "threw away 600,005 rows and kept 0 (100.0% discarded)"));
    CHECK(count(findings, rule::filter_discards_most_rows) == 2);

    SECTION("counted over loops") {
        const auto q = seed("seed-001-1");
        const auto l = fired(findings_of(*q), rule::filter_discards_most_rows, node_with(q->plan, "meal_1"));
        REQUIRE(l);
        CHECK(l->severity == Severity::warning);  // only 3.7% of the time
        CHECK(says(l, "399,687 rows and kept 3"));
        CHECK(says(l, "over 3 loops"));
    }
    SECTION("not when most rows are kept, nor on small scans") {
        const auto q = seed("seed-001-1");
        CHECK_FALSE(fired(findings_of(*q), rule::filter_discards_most_rows, node_with(q->plan, "Seq Scan on meal  ")));
        CHECK(count(findings_of(*seed("seed-003-1")), rule::filter_discards_most_rows) == 0);  // 67 removed
    }
}

TEST_CASE("lossy-bitmap-heap-blocks") {
    const auto p = parse_text(R"(Bitmap Heap Scan on t  (cost=100.00..5000.00 rows=5000 width=4) (actual time=5.000..100.000 rows=5000 loops=1)
  Recheck Cond: (x < 100)
  Rows Removed by Index Recheck: 200000
  Heap Blocks: exact=1000 lossy=3000
  ->  Bitmap Index Scan on t_x  (cost=0.00..99.00 rows=5000 width=0) (actual time=4.000..4.000 rows=5000 loops=1)
        Index Cond: (x < 100)
)");
    const auto f = fired(findings_of(*p), rule::lossy_bitmap_heap_blocks, 0);
    REQUIRE(f);
    CHECK(says(f, "3,000 of 4,000 heap blocks were lossy"));
    CHECK(says(f, "200,000 rows removed by the recheck"));
    CHECK(count(findings_of(*seed("seed-000-3")), rule::lossy_bitmap_heap_blocks) == 0);  // exact=1
}

TEST_CASE("sort-spills-to-disk") {
    const auto p = seed("seed-001-3");
    const auto f = fired(findings_of(*p), rule::sort_spills_to_disk, node_with(p->plan, "Sort  "));
    REQUIRE(f);
    CHECK(says(f, "external merge wrote 2,416 kB to disk"));
    CHECK(count(findings_of(*seed("seed-001-4")), rule::sort_spills_to_disk) == 0);  // quicksort in memory
}

TEST_CASE("hash-spills-to-disk") {
    const auto p = parse_text(R"(Hash Join  (cost=100.00..900.00 rows=10000 width=8) (actual time=20.000..90.000 rows=10000 loops=1)
  Hash Cond: (a.id = b.id)
  ->  Seq Scan on a  (cost=0.00..400.00 rows=10000 width=4) (actual time=0.010..10.000 rows=10000 loops=1)
  ->  Hash  (cost=50.00..50.00 rows=100000 width=4) (actual time=19.000..19.000 rows=100000 loops=1)
        Buckets: 65536 (originally 65536)  Batches: 4 (originally 1)  Memory Usage: 4096kB
        ->  Seq Scan on b  (cost=0.00..50.00 rows=100000 width=4) (actual time=0.010..8.000 rows=100000 loops=1)
)");
    const auto f = fired(findings_of(*p), rule::hash_spills_to_disk, node_with(p->plan, "Hash  "));
    REQUIRE(f);
    CHECK(says(f, "4 batches (planned 1) with 4,096 kB in memory"));
    CHECK(count(findings_of(*seed("seed-001-3")), rule::hash_spills_to_disk) == 0);  // Batches: 1
}

TEST_CASE("hashagg-spills-to-disk") {
    const auto p = parse_text(R"(HashAggregate  (cost=2000.00..3000.00 rows=50000 width=12) (actual time=100.000..150.000 rows=50000 loops=1)
  Group Key: a
  Planned Partitions: 4  Batches: 5  Memory Usage: 4145kB  Disk Usage: 20kB
  ->  Seq Scan on t  (cost=0.00..1500.00 rows=100000 width=8) (actual time=0.010..30.000 rows=100000 loops=1)
)");
    const auto f = fired(findings_of(*p), rule::hashagg_spills_to_disk, 0);
    REQUIRE(f);
    CHECK(says(f, "used 5 batches and wrote 20 kB to disk"));
    CHECK(count(findings_of(*seed("seed-002-1")), rule::hashagg_spills_to_disk) == 0);  // Batches: 1, in memory
}

TEST_CASE("loop-amplification") {
    const auto p = parse_text(R"(Seq Scan on orders o  (cost=0.00..5000.00 rows=1000 width=12) (actual time=0.020..30.000 rows=1000 loops=1)
  SubPlan 1
    ->  Aggregate  (cost=4.00..4.01 rows=1 width=8) (actual time=0.025..0.025 rows=1 loops=1000)
          ->  Index Scan using items_order_id on items i  (cost=0.29..4.00 rows=3 width=4) (actual time=0.005..0.020 rows=3 loops=1000)
                Index Cond: (order_id = o.id)
)");
    const auto findings = findings_of(*p);
    const auto f = fired(findings, rule::loop_amplification, 1);
    REQUIRE(f);
    CHECK(f->severity == Severity::warning);  // 25 of 30 ms
    CHECK(says(f, "executed 1,000 times (SubPlan 1, once per row of Seq Scan): 25.000 ms in all (83.3%), 0.025 ms "
                  "per loop"));
    CHECK(count(findings, rule::loop_amplification) == 1);  // not again on the Index Scan below

    CHECK(count(findings_of(*seed("seed-001-5")), rule::loop_amplification) == 0);  // 2 loops
    // 1,999 loops of a Memoize that answers from its cache in no measurable time
    const auto memoize = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "pg15" / "038-memoize.txt"));
    CHECK(count(findings_of(*memoize), rule::loop_amplification) == 0);
}

TEST_CASE("fewer-workers-launched") {
    const auto p = seed("seed-000-1");
    const auto f = fired(findings_of(*p), rule::fewer_workers_launched, node_with(p->plan, "Gather"));
    REQUIRE(f);
    CHECK(says(f, "launched 0 of 1 planned workers"));
    CHECK(count(findings_of(*seed("seed-001-1")), rule::fewer_workers_launched) == 0);  // 2 of 2
}

TEST_CASE("heap-fetches-on-index-only-scan") {
    const auto p = parse_text(R"(Index Only Scan using t_x on t  (cost=0.42..500.00 rows=6000 width=4) (actual time=0.030..12.000 rows=6000 loops=1)
  Index Cond: (x < 100)
  Heap Fetches: 5000
)");
    const auto f = fired(findings_of(*p), rule::heap_fetches, 0);
    REQUIRE(f);
    CHECK(says(f, "5,000 heap fetches for 6,000 rows"));
    CHECK(count(findings_of(*seed("seed-002-6")), rule::heap_fetches) == 0);  // 232 of 400,026 rows
    CHECK(count(findings_of(*seed("seed-001-5")), rule::heap_fetches) == 0);  // 0
}

TEST_CASE("buffers-read-from-disk") {
    const auto p = parse_text(R"(Hash Join  (cost=100.00..900.00 rows=10000 width=8) (actual time=20.000..190.000 rows=10000 loops=1)
  Hash Cond: (a.id = b.id)
  Buffers: shared hit=3100 read=20000
  ->  Seq Scan on a  (cost=0.00..400.00 rows=10000 width=4) (actual time=0.010..150.000 rows=10000 loops=1)
        Buffers: shared hit=100 read=20000
  ->  Hash  (cost=50.00..50.00 rows=1000 width=4) (actual time=19.000..19.000 rows=1000 loops=1)
        Buckets: 1024  Batches: 1  Memory Usage: 40kB
        Buffers: shared hit=3000
        ->  Seq Scan on b  (cost=0.00..50.00 rows=1000 width=4) (actual time=0.010..8.000 rows=1000 loops=1)
              Buffers: shared hit=3000
)");
    const auto findings = findings_of(*p);
    const auto f = fired(findings, rule::buffers_read_from_disk, 1);
    REQUIRE(f);
    CHECK(f->severity == Severity::warning);  // the scan is 79% of the time
    CHECK(says(f, "read 20,000 blocks (about 156 MB)"));
    CHECK(says(f, "found 100 in them (99.5% read)"));
    // The join's own buffers are what its children did not: nothing.
    CHECK(count(findings, rule::buffers_read_from_disk) == 1);
}

namespace {

std::string with_summary(std::string_view summary) {
    return std::string(R"(Seq Scan on t  (cost=0.00..1000.00 rows=100000 width=4) (actual time=0.010..20.000 rows=100000 loops=1)
Planning Time: 0.100 ms
)") + std::string(summary);
}

}  // namespace

TEST_CASE("jit-dominates") {
    const auto p = parse_text(with_summary(R"(JIT:
  Functions: 10
  Options: Inlining true, Optimization true, Expressions true, Deforming true
  Timing: Generation 1.000 ms, Inlining 20.000 ms, Optimization 30.000 ms, Emission 20.000 ms, Total 71.000 ms
Execution Time: 100.000 ms
)"));
    const auto f = fired(findings_of(*p), rule::jit_dominates);
    REQUIRE(f);
    CHECK(f->severity == Severity::critical);
    CHECK(says(f, "71.000 ms of the 100.000 ms execution (71.0%)"));

    const auto small = parse_text(with_summary(R"(JIT:
  Functions: 2
  Options: Inlining false, Optimization false, Expressions true, Deforming true
  Timing: Generation 1.000 ms, Inlining 0.000 ms, Optimization 1.000 ms, Emission 3.000 ms, Total 5.000 ms
Execution Time: 100.000 ms
)"));
    CHECK(count(findings_of(*small), rule::jit_dominates) == 0);
}

TEST_CASE("triggers-dominate") {
    const auto p = parse_text(with_summary(R"(Trigger for constraint fk_x on t: time=30.000 calls=1000
Trigger audit_t on t: time=10.000 calls=1000
Execution Time: 100.000 ms
)"));
    const auto f = fired(findings_of(*p), rule::triggers_dominate);
    REQUIRE(f);
    CHECK(f->severity == Severity::warning);
    CHECK(says(f, "triggers took 40.000 ms of the 100.000 ms execution (40.0%)"));
    CHECK(says(f, "the slowest, fk_x on t, took 30.000 ms over 1,000 calls"));

    const auto cheap = parse_text(with_summary(R"(Trigger audit_t on t: time=10.000 calls=1000
Execution Time: 100.000 ms
)"));
    CHECK(count(findings_of(*cheap), rule::triggers_dominate) == 0);
    // 0.146 of 0.213 ms: most of a tiny statement, but under a millisecond
    const auto tiny = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "pg15" / "093-insert-values-wal.txt"));
    CHECK(count(findings_of(*tiny), rule::triggers_dominate) == 0);
    const auto real = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "pg15" / "094-insert-fk-triggers.txt"));
    CHECK(fired(findings_of(*real), rule::triggers_dominate));
}

TEST_CASE("planning-exceeds-execution") {
    const auto p = seed("seed-001-6");
    const auto f = fired(findings_of(*p), rule::planning_exceeds_execution);
    REQUIRE(f);
    CHECK(f->severity == Severity::info);
    CHECK(says(f, "planning took 1.111 ms, longer than the 0.284 ms execution"));
    CHECK(count(findings_of(*seed("seed-000-1")), rule::planning_exceeds_execution) == 0);
}

TEST_CASE("findings: plan-wide first, then in node order") {
    const auto p = parse_text(R"(Limit  (cost=0.00..0.45 rows=10 width=4) (actual time=0.010..30.000 rows=10 loops=1)
  ->  Seq Scan on t  (cost=0.00..45.00 rows=10 width=4) (actual time=0.010..29.000 rows=10 loops=1)
        Filter: (x > 1)
        Rows Removed by Filter: 500000
Planning Time: 40.000 ms
Execution Time: 30.100 ms
)");
    const auto findings = findings_of(*p);
    REQUIRE(findings.size() >= 3);
    CHECK(findings[0].rule == rule::planning_exceeds_execution);
    CHECK(findings[0].severity == Severity::warning);  // 40 ms of planning
    CHECK(findings[0].node == no_node);
    for (std::size_t i = 2; i < findings.size(); ++i) CHECK(findings[i - 1].node <= findings[i].node);
    CHECK(to_string(Severity::critical) == "critical");
}

namespace {

std::unique_ptr<Loaded> captured(const std::string& name) {
    const std::string text = planlens::test::read_file(planlens::test::fixtures_dir / "analysis" / (name + ".txt"));
    REQUIRE_FALSE(text.empty());
    return parse_text(text);
}

}  // namespace

TEST_CASE("parallel-overhead: a Gather's own time is start-up, waiting and imbalance, not a hot node") {
    // 314.726 ms in the Gather over 0.142 ms of work per process.
    const auto p = captured("pg15-gather-overhead");
    const auto findings = findings_of(*p);
    const NodeId gather = node_with(p->plan, "->  Gather");
    const auto f = fired(findings, rule::parallel_overhead, gather);
    REQUIRE(f);
    CHECK(f->severity == Severity::critical);
    CHECK(says(f, "314.584 ms of 314.784 ms (99.9%) pass in the Gather itself"));
    CHECK(says(f, "starting 2 workers"));
    CHECK(says(f, "the plan under it took 0.142 ms per process over 3 processes"));
    CHECK(says(f, "parallelism costs more than it saves here; compare with SET max_parallel_workers_per_gather = 0"));
    CHECK_FALSE(fired(findings, rule::large_share_of_time, gather));

    SECTION("VERBOSE's per-worker lines show the imbalance") {
        const auto v = parse_text(
            planlens::test::read_file(planlens::test::fixtures_dir / "pg15" / "080-parallel-seq-scan-verbose.txt"));
        const auto g = fired(findings_of(*v), rule::parallel_overhead, node_with(v->plan, "Gather"));
        REQUIRE(g);
        CHECK(g->severity == Severity::warning);  // 33.1%
        // leader = 38.585 x 3 - 33.657 - 36.058 = 46.040 ms; average 38.585 ms.
        CHECK(says(g, "the slowest (the leader, 46.040 ms) 7.455 ms more than the average"));
    }
    SECTION("Workers Launched below Workers Planned") {
        const auto w = captured("pg15-fewer-workers");
        const auto g = fired(findings_of(*w), rule::parallel_overhead, node_with(w->plan, "Gather"));
        REQUIRE(g);
        CHECK(says(g, "only 1 of 3 planned workers were launched"));
        CHECK(says(g, "over 2 processes"));
    }
    SECTION("a Gather with little time of its own is no finding") {
        CHECK(count(findings_of(*seed("seed-000-1")), rule::parallel_overhead) == 0);  // 0.385 ms
    }
}

TEST_CASE("printed precision: a share rounding may hide says so, and its severity is what is certain") {
    // The Memoize's 19,999 loops printed as 0.000 ms may hide 10 ms, which
    // the subtraction leaves on the Nested Loop.
    const auto p = parse_text(R"(Nested Loop  (cost=0.29..900.00 rows=19999 width=8) (actual time=0.050..21.000 rows=19999 loops=1)
  ->  Seq Scan on a  (cost=0.00..300.00 rows=19999 width=4) (actual time=0.010..1.000 rows=19999 loops=1)
  ->  Memoize  (cost=0.29..0.31 rows=1 width=4) (actual time=0.000..0.000 rows=1 loops=19999)
        Cache Key: a.b_id
        Hits: 19899  Misses: 100  Evictions: 0  Overflows: 0  Memory Usage: 12kB
        ->  Index Scan using b_pkey on b  (cost=0.28..0.30 rows=1 width=4) (actual time=0.002..0.002 rows=1 loops=100)
              Index Cond: (id = a.b_id)
)");
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(profile[0].self == Approx(20.0));
    CHECK(profile[0].self_error == Approx(0.0005 * (1 + 1 + 19999)));
    const auto f = fired(find_problems(p->plan, profile), rule::large_share_of_time, 0);
    REQUIRE(f);
    CHECK(f->severity == Severity::warning);  // 95.2%, but only 47.6% for certain
    CHECK(says(f, "(± 10.001 ms from rounding: 19,999 loops of line 3 (Memoize) printed to 0.001 ms each; at least "
                  "47.6%)"));

    SECTION("rankings put figures within their bound last") {
        // The Materialize's 0.5 ms is 1000 loops printed 0.001 minus its scan's
        // 0.5 ms: ± 0.5005 ms, so it may be nothing; the Append's 0.45 ms is certain.
        const auto r = parse_text(R"(Append  (cost=0.00..90.00 rows=2000 width=4) (actual time=0.010..12.950 rows=2000 loops=1)
  ->  Seq Scan on a  (cost=0.00..40.00 rows=1000 width=4) (actual time=0.005..11.000 rows=1000 loops=1)
  ->  Nested Loop  (cost=0.00..40.00 rows=1000 width=4) (actual time=0.005..1.500 rows=1000 loops=1)
        ->  Seq Scan on c  (cost=0.00..1.01 rows=1 width=4) (actual time=0.005..0.500 rows=1 loops=1)
        ->  Materialize  (cost=0.00..1.01 rows=1 width=4) (actual time=0.000..0.001 rows=1 loops=1000)
              ->  Seq Scan on b  (cost=0.00..1.01 rows=1 width=4) (actual time=0.005..0.500 rows=1 loops=1)
)");
        const TimeProfile rp = exclusive_time(r->plan);
        const NodeId materialize = node_with(r->plan, "Materialize");
        CHECK(rp[materialize].self == Approx(0.5));
        CHECK(within_rounding(rp[materialize]));
        const auto hot = hot_nodes(r->plan, rp, {}, HotOptions{0});
        REQUIRE(hot.size() == 6);
        CHECK(hot[0].node == node_with(r->plan, "Seq Scan on a"));
        CHECK(hot[3].node == 0);  // the Append, 0.45 ms for certain
        CHECK(hot[3].self_error == Approx(0.0015));
        CHECK(hot[4].node == materialize);
    }
    SECTION("no caveat when rounding leaves little open") {
        const auto s = fired(findings_of(*seed("seed-000-4")), rule::large_share_of_time,
                             node_with(seed("seed-000-4")->plan, "Parallel Seq Scan"));
        REQUIRE(s);
        CHECK_FALSE(says(s, "rounding"));
    }
}

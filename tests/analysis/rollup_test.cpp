// Roll-ups of exclusive time by relation, index, node type and operation class.
#include "plans.hpp"

#include <planlens/timing.hpp>

using namespace planlens;
using planlens::test::seed;
using Catch::Detail::Approx;

TEST_CASE("by relation: both scans of a table, aliases aside") {
    const auto p = seed("seed-000-1");
    const TimeProfile profile = exclusive_time(p->plan);
    const auto lines = time_by_relation(p->plan, profile);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].key == "transactions");
    CHECK(lines[0].nodes == 2);
    CHECK(lines[0].self == Approx(61.899 + 50.212));
    CHECK(lines[0].share == Approx((61.899 + 50.212) / 112.823));
}

TEST_CASE("by relation: a Bitmap Index Scan counts for its heap's relation") {
    const auto p = seed("seed-000-2");
    const TimeProfile profile = exclusive_time(p->plan);
    const auto lines = time_by_relation(p->plan, profile);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].key == "transactions");
    CHECK(lines[0].nodes == 8);  // 2 heap scans, 2 BitmapAnd, 4 index scans
}

TEST_CASE("by relation: largest first, schema-qualified under VERBOSE") {
    const auto p = planlens::test::parse_text(R"(Hash Join  (cost=1.00..10.00 rows=1 width=4) (actual time=1.000..10.000 rows=1 loops=1)
  Hash Cond: (a.id = b.id)
  ->  Seq Scan on public.a  (cost=0.00..5.00 rows=1 width=4) (actual time=0.010..3.000 rows=1 loops=1)
  ->  Hash  (cost=1.00..1.00 rows=1 width=4) (actual time=6.000..6.000 rows=1 loops=1)
        ->  Seq Scan on app.b  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..5.000 rows=1 loops=1)
)");
    const auto lines = time_by_relation(p->plan, exclusive_time(p->plan));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].key == "app.b");
    CHECK(lines[1].key == "public.a");
}

TEST_CASE("by index") {
    const auto p = seed("seed-000-2");
    const TimeProfile profile = exclusive_time(p->plan);
    const auto lines = time_by_index(p->plan, profile);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].key == "idx_to_user");
    CHECK(lines[0].self == Approx(0.047 + 0.003));
    CHECK(lines[0].nodes == 2);
    CHECK(lines[1].key == "idx_from_user");
}

TEST_CASE("by node type: PostgreSQL's Node Type names") {
    const auto p = seed("seed-002-1");
    const TimeProfile profile = exclusive_time(p->plan);
    const auto lines = time_by_node_type(p->plan, profile);
    auto find = [&](std::string_view key) {
        for (const Rollup& r : lines)
            if (r.key == key) return r;
        return Rollup{};
    };
    CHECK(find("Aggregate").nodes == 1);  // HashAggregate
    CHECK(find("Hash Join").nodes == 2);
    CHECK(find("Seq Scan").nodes == 3);
    CHECK(find("Hash").nodes == 2);
    double sum = 0;
    for (const Rollup& r : lines) sum += r.share;
    CHECK(sum == Approx(1.0).epsilon(0.001));

    const auto parallel = seed("seed-001-1");
    const auto types = time_by_node_type(parallel->plan, exclusive_time(parallel->plan));
    REQUIRE_FALSE(types.empty());
    CHECK(types[0].key == "Seq Scan");  // the Parallel Seq Scan and the Seq Scan
    CHECK(types[0].nodes == 2);
}

TEST_CASE("by operation class") {
    CHECK(operation_class(NodeKind::seq_scan) == OperationClass::scan);
    CHECK(operation_class(NodeKind::bitmap_and) == OperationClass::scan);
    CHECK(operation_class(NodeKind::hash_join) == OperationClass::join);
    CHECK(operation_class(NodeKind::hash) == OperationClass::join);
    CHECK(operation_class(NodeKind::incremental_sort) == OperationClass::sort);
    CHECK(operation_class(NodeKind::aggregate) == OperationClass::aggregate);
    CHECK(operation_class(NodeKind::window_agg) == OperationClass::aggregate);
    CHECK(operation_class(NodeKind::gather) == OperationClass::other);
    CHECK(to_string(OperationClass::aggregate) == "aggregate");

    const auto p = seed("seed-001-3");
    const auto lines = time_by_operation_class(p->plan, exclusive_time(p->plan));
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].key == "scan");
    CHECK(lines[1].key == "join");
    CHECK(lines[2].key == "sort");
}

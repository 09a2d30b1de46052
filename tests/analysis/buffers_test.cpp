// Exclusive buffers and I/O time (docs/timing.md, "Buffers and I/O"), on
// plans captured from PostgreSQL 15 (fixtures/analysis/).
#include "plans.hpp"

#include <planlens/buffers.hpp>

using namespace planlens;
using planlens::test::node_with;
using planlens::test::parse_text;

namespace {

std::unique_ptr<planlens::test::Loaded> captured(const std::string& name) {
    const std::string text = planlens::test::read_file(planlens::test::fixtures_dir / "analysis" / (name + ".txt"));
    REQUIRE_FALSE(text.empty());
    return parse_text(text);
}

}  // namespace

TEST_CASE("exclusive buffers: a parent's counts minus its children's") {
    const auto p = captured("pg15-hash-spill-io");
    const IoProfile io = exclusive_io(p->plan);
    REQUIRE(io.buffers);
    REQUIRE(io.io_timing);
    const NodeIo& hash = io[node_with(p->plan, "->  Hash  ")];
    // Hash: shared hit=742 read=901, temp written=1699 over a scan with hit=742 read=901.
    CHECK(hash.buffers.shared_hit == 0);
    CHECK(hash.buffers.shared_read == 0);
    CHECK(hash.buffers.temp_written == 1699);
    const NodeIo& join = io[node_with(p->plan, "Hash Join")];
    // Hash Join: temp read=3524 written=3524, of which the Hash wrote 1699.
    CHECK(join.buffers.temp_read == 3524);
    CHECK(join.buffers.temp_written == 3524 - 1699);
    CHECK(join.buffers.shared_hit == 2383 - 1641 - 742);
    // I/O Timings subtract the same way: 277.525 - 116.820 ms of temp writes are the join's.
    CHECK(join.io_write_ms == Approx(277.525 - 116.820));
    CHECK(hash.io_read_ms == Approx(0).margin(1e-9));
    CHECK(io[node_with(p->plan, "big b2")].io_read_ms == Approx(107.199));
    CHECK(io.total.temp_written == 3524);
}

TEST_CASE("exclusive buffers: InitPlans and CTEs count where they ran") {
    const auto p = captured("pg15-cte-initplan-buffers");
    const IoProfile io = exclusive_io(p->plan);
    // The CTE's 1652 reads are in the CTE Scan on g x that pulled its rows,
    // and in the Merge Join above it; InitPlan 3's 3 reads in the Merge Join.
    CHECK(io[node_with(p->plan, "Index Scan using big_pkey")].buffers.shared_read == 1652);
    CHECK(io[node_with(p->plan, "CTE Scan on g x")].buffers.shared_read == 0);
    CHECK(io[node_with(p->plan, "HashAggregate")].buffers.shared_read == 0);
    CHECK(io[0].buffers.shared_read == 0);
    CHECK(io[0].buffers.shared_written == 0);
    CHECK(io[node_with(p->plan, "Index Only Scan Backward")].buffers.shared_read == 3);
    for (const NodeIo& n : io.nodes) CHECK_FALSE(n.inconsistent);
    CHECK(io.notes.empty());
}

TEST_CASE("exclusive buffers: a Gather holds its workers' counts") {
    const auto p = captured("pg15-fewer-workers");
    const IoProfile io = exclusive_io(p->plan);
    CHECK(io[node_with(p->plan, "Gather")].buffers.shared_read == 0);
    CHECK(io[node_with(p->plan, "Parallel Seq Scan")].buffers.shared_read == 18672);
}

TEST_CASE("without BUFFERS the counts are unknown, not 0") {
    const auto p = captured("pg15-default-group-estimate");
    const IoProfile io = exclusive_io(p->plan);
    CHECK_FALSE(io.buffers);
    CHECK_FALSE(io.io_timing);
    CHECK(buffers_by_relation(p->plan, io).empty());
}

TEST_CASE("cache hit ratio and I/O wait") {
    BufferCounters b;
    CHECK_FALSE(cache_hit_ratio(b));
    b.shared_hit = 240;
    b.shared_read = 18510;
    CHECK(*cache_hit_ratio(b) == Approx(240.0 / 18750));
    CHECK(blocks_touched(b) == 18750);

    // The Seq Scan spent 286.708 of its 621.257 ms reading: 46% I/O.
    const auto p = captured("pg15-cold-read-io");
    const IoProfile io = exclusive_io(p->plan);
    const TimeProfile time = exclusive_time(p->plan);
    const NodeId scan = node_with(p->plan, "Seq Scan on big");
    REQUIRE(io_wait_share(io, time, scan));
    CHECK(*io_wait_share(io, time, scan) == Approx(286.708 / 621.257));
    REQUIRE(io_wait_share(io, time, 0));
    CHECK(*io_wait_share(io, time, 0) == 0);  // the Aggregate read nothing itself: CPU-bound
    CHECK_FALSE(io_wait_share(exclusive_io(captured("pg15-gather-merge")->plan), time, scan));  // no track_io_timing
}

TEST_CASE("buffers roll-ups by relation and index") {
    const auto p = captured("pg15-merge-join-io");
    const IoProfile io = exclusive_io(p->plan);
    const auto relations = buffers_by_relation(p->plan, io);
    REQUIRE(relations.size() == 1);  // two aliases of one table
    CHECK(relations[0].key == "big");
    CHECK(relations[0].nodes == 2);
    CHECK(relations[0].buffers.shared_hit == 84 + 1643);
    CHECK(relations[0].buffers.shared_read == 1559);
    CHECK(relations[0].io_ms == Approx(276.571));
    const auto indexes = buffers_by_index(p->plan, io);
    REQUIRE(indexes.size() == 1);
    CHECK(indexes[0].key == "big_pkey");

    const auto parts = captured("pg15-partition-filter-serial");
    const auto by_partition = buffers_by_relation(parts->plan, exclusive_io(parts->plan));
    REQUIRE(by_partition.size() == 4);
    CHECK(by_partition[0].key == "scans_2024_q3");  // 2286 blocks, the most
}

TEST_CASE("exclusive WAL: a ModifyTable's own records, none on the scan under it") {
    const auto p = parse_text(planlens::test::read_file(planlens::test::fixtures_dir / "pg15" /
                                                        "095-update-row-trigger-wal.txt"));
    const IoProfile io = exclusive_io(p->plan);
    REQUIRE(io.wal);
    CHECK(io[0].wal.records == 420);
    CHECK(io[0].wal.bytes == 29032);
    CHECK(io[node_with(p->plan, "Index Scan")].wal.records == 0);
    CHECK(io.wal_total.records == 420);
    // A plan without EXPLAIN (WAL) knows no WAL counts.
    CHECK_FALSE(exclusive_io(captured("pg15-sort-spill-io")->plan).wal);
}

TEST_CASE("temp file I/O is timed from PostgreSQL 15 only: IoProfile says whether it was") {
    CHECK(exclusive_io(captured("pg15-sort-spill-io")->plan).temp_io_timing);  // temp read=736.255 write=1152.150
    // PostgreSQL 14 and older: temp blocks, I/O Timings for shared blocks only.
    const auto old = parse_text(R"(Sort  (cost=10.00..11.00 rows=100000 width=8) (actual time=900.000..1000.000 rows=100000 loops=1)
  Sort Key: a
  Sort Method: external merge  Disk: 2000kB
  Buffers: shared read=500, temp read=250 written=251
  I/O Timings: read=20.000
  ->  Seq Scan on t  (cost=0.00..5.00 rows=100000 width=8) (actual time=0.010..100.000 rows=100000 loops=1)
        Buffers: shared read=500
        I/O Timings: read=20.000
)");
    const IoProfile io = exclusive_io(old->plan);
    CHECK(io.io_timing);
    CHECK_FALSE(io.temp_io_timing);
    CHECK(io[0].buffers.temp_written == 251);
}

// The `planlens hot --json` contract, through the function that writes it and
// through the built tool; and `show` staying plain when piped.
#include "plans.hpp"

#include "analysis/hot_json.hpp"
#include "support/run_cli.hpp"

#include <string>

using namespace planlens;
using planlens::test::seed;

namespace {

/// What `hot --json` adds to a plan's element, in an object of its own.
std::string hot_members(const Plan& plan, std::size_t top) {
    std::string out;
    detail::JsonWriter w(out);
    w.one_line_from(3);
    w.begin_object();
    analysis::append_hot_members(w, plan, HotOptions{top});
    w.end_object();
    return out;
}

}  // namespace

TEST_CASE("hot --json: node records, largest first, each with the node's identity") {
    const auto p = seed("seed-000-1");
    CHECK(hot_members(p->plan, 2) == R"({
  "basis": "actual_time",
  "total": 112.823,
  "nodes": [
    {"id": 3, "line": 6, "node_type": "Seq Scan", "name": "Parallel Seq Scan", "relation": "transactions", "alias": "transactions", "index": null, "exclusive_ms": 61.899, "exclusive_ms_error": 0.0005, "share": 0.5486, "reasons": ["large-share-of-time", "filter-discards-most-rows"], "buffers": null},
    {"id": 6, "line": 13, "node_type": "Seq Scan", "name": "Parallel Seq Scan", "relation": "transactions", "alias": "transactions_1", "index": null, "exclusive_ms": 50.212, "exclusive_ms_error": 0.0005, "share": 0.4451, "reasons": ["large-share-of-time", "filter-discards-most-rows"], "buffers": null}
  ]
})");
}

TEST_CASE("hot --json: Node Type names, index names, aliases") {
    const auto a = seed("seed-002-1");
    const auto b = seed("seed-000-3");
    const std::string hashed = hot_members(a->plan, 0);
    CHECK(hashed.find(R"("node_type": "Aggregate", "name": "HashAggregate", "relation": null, "alias": null, "index": null, "exclusive_ms": 48.052)") !=
          std::string::npos);
    const std::string indexed = hot_members(b->plan, 0);
    CHECK(indexed.find(R"("node_type": "Index Scan", "name": "Index Scan", "relation": "users", "alias": "users", "index": "users_pkey", "exclusive_ms": 0.088)") !=
          std::string::npos);
}

TEST_CASE("hot --json: exclusive buffers and the rounding bound") {
    const auto p = planlens::test::parse_text(
        planlens::test::read_file(planlens::test::fixtures_dir / "analysis" / "pg15-hash-spill-io.txt"));
    const std::string json = hot_members(p->plan, 0);
    // The Hash's own counts: its scan's shared blocks taken off, its temp writes left.
    CHECK(json.find(R"("buffers": {"shared_hit": 0, "shared_read": 0, "shared_dirtied": 0, "shared_written": 0, )"
                    R"("local_hit": 0, "local_read": 0, "local_dirtied": 0, "local_written": 0, "temp_read": 0, "temp_written": 1699}})") != std::string::npos);
    CHECK(json.find(R"("buffers": {"shared_hit": 742, "shared_read": 901, "shared_dirtied": 0, "shared_written": 0, )"
                    R"("local_hit": 0, "local_read": 0, "local_dirtied": 0, "local_written": 0, "temp_read": 0, "temp_written": 0}})") != std::string::npos);
    // The Aggregate over a 600,000-row join: 0.0005 ms for itself and for the join's figure.
    CHECK(json.find(R"("exclusive_ms_error": 0.0010)") != std::string::npos);
}

TEST_CASE("hot --json: without timing exclusive_ms is null and the share is by cost") {
    const auto p = planlens::test::parse_text(R"(Limit  (cost=0.00..0.45 rows=10 width=4)
  ->  Seq Scan on t  (cost=0.00..45.00 rows=1000 width=4)
)");
    CHECK(hot_members(p->plan, 1) == R"({
  "basis": "cost",
  "total": 0.45,
  "nodes": [
    {"id": 1, "line": 2, "node_type": "Seq Scan", "name": "Seq Scan", "relation": "t", "alias": "t", "index": null, "exclusive_ms": null, "exclusive_ms_error": null, "share": 1.0000, "reasons": ["large-share-of-time"], "buffers": null}
  ]
})");
}

#ifdef PLANLENS_CLI

namespace {

using planlens::test::CliRun;
using planlens::test::run_cli;

std::string fixture(const std::string& name) {
    return planlens::test::shell_quoted(planlens::test::fixtures_dir / "plans" / (name + ".txt"));
}

}  // namespace

TEST_CASE("the built tool: hot --json --top 0 lists every node") {
    const CliRun r = run_cli("hot --json --top 0 " + fixture("seed-000-1"));
    CHECK(r.status == 0);
    CHECK(r.out.rfind("[\n  {\n    \"planlens\": 1,\n", 0) == 0);
    std::size_t records = 0;
    for (std::size_t at = r.out.find("{\"id\""); at != std::string::npos; at = r.out.find("{\"id\"", at + 1))
        ++records;
    CHECK(records == 7);
    CHECK(r.out.find(R"("relation": "transactions", "alias": "transactions", "index": null, "exclusive_ms": 61.899)") <
          r.out.find(R"("exclusive_ms": 50.212)"));
}

TEST_CASE("the built tool: default top 10, text readable on 100 columns, no colour in a pipe") {
    const CliRun hot = run_cli("hot " + fixture("seed-003-3"));
    CHECK(hot.status == 0);
    const CliRun show = run_cli("show " + fixture("seed-001-3"));
    CHECK(show.status == 0);
    for (const CliRun* r : {&hot, &show}) {
        CHECK(r->out.find('\x1b') == std::string::npos);
        std::size_t start = 0;
        for (std::size_t end; (end = r->out.find('\n', start)) != std::string::npos; start = end + 1) {
            INFO(r->out.substr(start, end - start));
            CHECK(planlens::test::columns(std::string_view(r->out).substr(start, end - start)) <= 100);
        }
    }
    CHECK(show.out.find("sort-spills-to-disk") != std::string::npos);
    CHECK(show.out.find("SubPlan 1") != std::string::npos);
}

TEST_CASE("the built tool: exit codes") {
    CHECK(run_cli("hot --top x " + fixture("seed-000-1")).status == 2);
    CHECK(run_cli("hot").status == 2);
    CHECK(run_cli("show --plan 0 " + fixture("seed-000-1")).status == 2);
    CHECK(run_cli("show --plan 2 " + fixture("seed-000-1")).status == 1);
    CHECK(run_cli("show --plan 1 " + fixture("seed-000-1")).status == 0);
    CHECK(run_cli("hot --json /nonexistent/plan.txt").status == 1);
    CHECK(run_cli("hot --help").status == 0);
    CHECK(run_cli("show --help").status == 0);
}

#endif

namespace {

std::string analysis_fixture(const std::string& name) {
    return planlens::test::shell_quoted(planlens::test::fixtures_dir / "analysis" / (name + ".txt"));
}

bool has(const std::string& out, std::string_view text) { return out.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("the built tool: the ± bound in hot's and show's tables, and an order the bounds leave open") {
    // Nested Loop 42.011 ± 20.001 over a Memoize of 39.799 ± 20.050 (39,999 loops printed to 0.001 ms).
    const CliRun hot = run_cli("hot " + analysis_fixture("pg15-memoize-loops"));
    CHECK(has(hot.out, "± bound"));
    CHECK(has(hot.out, "42.011   ±20.001"));
    CHECK(has(hot.out, "the order of lines 3 and 8 (Nested Loop and Memoize) is not certain"));
    const CliRun show = run_cli("show " + analysis_fixture("pg15-memoize-loops"));
    CHECK(has(show.out, "42.011   ±20.001"));
    // A plan where no neighbours overlap gets no such note.
    CHECK_FALSE(has(run_cli("hot " + analysis_fixture("pg15-sort-spill-io")).out, "is not certain"));
}

TEST_CASE("the built tool: show says what each node did to buffers and I/O itself, and whether it was I/O-bound") {
    const std::string wide = "COLUMNS=300";  // one line per node's I/O, so the checks see whole sentences
    const CliRun sort = run_cli("show " + analysis_fixture("pg15-sort-spill-io"), wide);
    // The Sort's own: its printed Buffers minus the Seq Scan's; 1888.405 ms of temp I/O in 3353.126 ms.
    CHECK(has(sort.out, "own buffers: shared hit 6, temp read 50,641 written 50,814"));
    CHECK(has(sort.out, "I/O 1888.405 of its 3353.126 ms (56.3%): I/O-bound"));
    // The scan waited 276.943 of 588.088 ms: the rest was CPU.
    CHECK(has(sort.out, "(47.1%): CPU-bound"));
    CHECK(has(sort.out, "buffers by relation: big shared hit 1,608 read 17,142 (8.6% hit), I/O 276.943 ms"));
    CHECK(has(sort.out, "buffers: shared hit 1,614 read 17,142 (8.6% hit)"));
    // WAL, exclusive: the Update's own records.
    const CliRun wal = run_cli("show " + planlens::test::shell_quoted(planlens::test::fixtures_dir / "pg15" / "095-update-row-trigger-wal.txt"), wide);
    CHECK(has(wal.out, "own buffers: shared hit 942 dirtied 1 written 1; WAL 420 records, 29,032 bytes"));
    CHECK(has(wal.out, "buffers by index: orders_pkey shared hit 160"));
}

TEST_CASE("the built tool: show's estimate column, PostgreSQL's default group count is marked a guess") {
    const CliRun r = run_cli("show " + analysis_fixture("pg15-correlated-nested-loop"));
    CHECK(has(r.out, "rows"));
    CHECK(has(r.out, "↓85"));  // planned 71 rows, got 6,000
    const CliRun guess = run_cli("show " + analysis_fixture("pg15-default-group-estimate"));
    CHECK(has(guess.out, "↑29?"));  // rows=200 planned, 7 groups: the default, no information
}

TEST_CASE("the built tool: show gives no I/O-bound verdict where temp file I/O was not timed (PostgreSQL 14 and older)") {
    // A pev2 sample (../shared/wild, read in place when present): a Sort that wrote 780,004 temp blocks, with
    // I/O Timings of shared blocks only.
    const std::filesystem::path wild = std::filesystem::path(PLANLENS_SEEDS_DIR) / ".." / "wild" / "pev2" / "from-text_37-plan";
    if (!std::filesystem::exists(wild)) {
        WARN("skipped: no " << wild.string());
        return;
    }
    const CliRun r = run_cli("show " + planlens::test::shell_quoted(wild), "COLUMNS=300");
    CHECK(has(r.out, "own buffers: shared hit 3, temp read 778,130 written 780,004; its temp file I/O is not timed"));
    CHECK(has(r.out, "without the temp files: its temp file I/O is not timed"));
    CHECK_FALSE(has(r.out, "the rest CPU: CPU-bound"));
}

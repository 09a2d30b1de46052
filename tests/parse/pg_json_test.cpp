// PostgreSQL JSON rules that the text hides: what JSON prints where text
// stays silent, and how text lines regroup into JSON objects. Each case is
// a rule seen in real PostgreSQL 15 output (fixtures/pg15).
#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace planlens;

namespace {

std::string json_of(std::string_view text) {
    auto plan = parse_plan(text);
    if (!plan) FAIL(plan.error().message);
    const Plan* plans[] = {&*plan};
    return to_pg_json(plans);
}

/// JSON without whitespace, so expectations can be written on one line.
std::string compact(std::string json) {
    std::string out;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"' && (i == 0 || json[i - 1] != '\\')) in_string = !in_string;
        if (in_string || (c != ' ' && c != '\n')) out += c;
    }
    return out;
}

using Catch::Contains;

}  // namespace

TEST_CASE("zero counters text suppresses are printed under ANALYZE") {
    const std::string j = compact(json_of(
        "Index Only Scan using i on t  (cost=0.29..8.30 rows=1 width=4) (actual time=0.01..0.02 rows=1 loops=1)\n"
        "  Index Cond: (a = 1)\n"
        "  Heap Fetches: 0\n"));
    CHECK_THAT(j, Contains(R"j("Rows Removed by Index Recheck":0)j"));
    const std::string plain = compact(json_of("Index Only Scan using i on t  (cost=0.29..8.30 rows=1 width=4)\n"
                                              "  Index Cond: (a = 1)\n"));
    CHECK_THAT(plain, !Contains("Rows Removed"));
}

TEST_CASE("a trigger line without 'on rel' belongs to the statement's target") {
    const std::string j = compact(json_of(
        "Insert on \"Order Items\"  (cost=0.00..0.01 rows=0 width=0) (actual time=0.1..0.1 rows=0 loops=1)\n"
        "  ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)\n"
        "Trigger for constraint items_order_fk: time=0.250 calls=1\n"
        "Execution Time: 0.5 ms\n"));
    CHECK_THAT(j, Contains(R"j("Triggers":[{"Constraint Name":"items_order_fk","Relation":"Order Items","Time":0.250,"Calls":1}])j"));
}

TEST_CASE("each worker's JIT block becomes a JIT object of that worker") {
    const std::string j = compact(json_of(
        "Gather  (cost=0.00..1.00 rows=1 width=8) (actual time=1.0..2.0 rows=3 loops=1)\n"
        "  Workers Planned: 1\n"
        "  Workers Launched: 1\n"
        "  ->  Partial Aggregate  (cost=0.00..1.00 rows=1 width=8) (actual time=1.0..1.0 rows=1 loops=2)\n"
        "        Output: PARTIAL count(*)\n"
        "        Worker 0:  actual time=9.185..9.186 rows=1 loops=1\n"
        "          JIT:\n"
        "            Functions: 4\n"
        "            Options: Inlining false, Optimization false, Expressions true, Deforming true\n"
        "            Timing: Generation 0.489 ms, Inlining 0.000 ms, Optimization 0.319 ms, Emission 8.769 ms, Total 9.577 ms\n"
        "        ->  Parallel Seq Scan on public.t  (cost=0.00..1.00 rows=1 width=0) (actual time=0.1..0.5 rows=5 loops=2)\n"));
    CHECK_THAT(j, Contains(R"j("Workers":[{"Worker Number":0,"Actual Startup Time":9.185,"Actual Total Time":9.186,)j"
                           R"j("Actual Rows":1,"Actual Loops":1,"JIT":{"Functions":4,"Options":{"Inlining":false,)j"));
    CHECK_THAT(j, Contains(R"j("Emission":8.769,"Total":9.577}}}])j"));
}

TEST_CASE("grouping sets: consecutive Group Keys share a set, each Hash Key is its own") {
    const std::string mixed = compact(json_of("MixedAggregate  (cost=0.29..274.88 rows=4530 width=19)\n"
                                              "  Hash Key: status\n"
                                              "  Hash Key: (customer_id % 3)\n"
                                              "  Group Key: ()\n"
                                              "  ->  Seq Scan on orders  (cost=0.00..155.77 rows=4999 width=11)\n"));
    CHECK_THAT(mixed, Contains(R"j("Grouping Sets":[{"Hash Keys":[["status"]]},{"Hash Keys":[["(customer_id % 3)"]]},)j"
                               R"j({"Group Keys":[[]]}])j"));
    const std::string chain = compact(json_of("GroupAggregate  (cost=462.90..901.62 rows=4529 width=19)\n"
                                              "  Group Key: status\n"
                                              "  Group Key: ()\n"
                                              "  Sort Key: ((customer_id % 5))\n"
                                              "    Group Key: ((customer_id % 5))\n"
                                              "  ->  Sort  (cost=462.90..475.40 rows=4999 width=11)\n"
                                              "        Sort Key: status\n"
                                              "        ->  Seq Scan on orders  (cost=0.00..155.77 rows=4999 width=11)\n"));
    CHECK_THAT(chain, Contains(R"j("Grouping Sets":[{"Group Keys":[["status"],[]]},)j"
                               R"j({"Sort Key":["((customer_id % 5))"],"Group Keys":[["((customer_id % 5))"]]}])j"));
}

TEST_CASE("under VERBOSE an unqualified function scan target is only an alias (ROWS FROM)") {
    const std::string rows_from = compact(json_of("Function Scan on r  (cost=0.01..0.03 rows=3 width=36)\n"
                                                  "  Output: n, s\n"));
    CHECK_THAT(rows_from, Contains(R"j("Alias":"r")j") && !Contains("Function Name"));
    const std::string single = compact(json_of("Function Scan on pg_catalog.generate_series g  (cost=0.00..0.01 rows=1 width=4)\n"
                                               "  Output: g\n"));
    CHECK_THAT(single, Contains(R"j("Function Name":"generate_series","Schema":"pg_catalog","Alias":"g")j"));
}

TEST_CASE("typed values keep their JSON types, unknown labels stay strings") {
    const std::string j = compact(json_of("Insert on public.ft  (cost=0.00..0.01 rows=0 width=0)\n"
                                          "  Remote SQL: INSERT INTO public.t(a) VALUES ($1)\n"
                                          "  Batch Size: 1\n"
                                          "  Some Label: 42\n"
                                          "  ->  Result  (cost=0.00..0.01 rows=1 width=4)\n"));
    CHECK_THAT(j, Contains(R"j("Batch Size":1,)j") && Contains(R"j("Some Label":"42")j") &&
                      Contains(R"j("Remote SQL":"INSERT INTO public.t(a) VALUES ($1)")j"));
}

TEST_CASE("Settings become an object, values unquoted") {
    const std::string j = compact(json_of("Result  (cost=0.00..0.01 rows=1 width=4)\n"
                                          "Settings: search_path = '\"$user\", public', work_mem = '64MB'\n"));
    CHECK_THAT(j, Contains(R"j("Settings":{"search_path":"\"$user\", public","work_mem":"64MB"})j"));
}

TEST_CASE("a condition spanning lines is one JSON string with newlines") {
    const std::string j = json_of("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
                                  "  Filter: (note = 'a\n"
                                  "b'::text)\n");
    CHECK_THAT(j, Contains(R"j("Filter": "(note = 'a\nb'::text)")j"));
}

TEST_CASE("lines PostgreSQL 17 and 18 added: Index Searches, Disabled, planner Memory, Serialization") {
    const std::string j = compact(json_of(
        "Index Scan using t_pkey on t  (cost=0.29..8.30 rows=1 width=4) (actual time=0.010..0.011 rows=1.00 loops=1)\n"
        "  Index Cond: (id = 1)\n"
        "  Index Searches: 1\n"
        "Planning:\n"
        "  Memory: used=10kB  allocated=16kB\n"
        "Planning Time: 0.100 ms\n"
        "Serialization: time=0.005 ms  output=1kB  format=text\n"
        "Execution Time: 0.030 ms\n"));
    CHECK_THAT(j, Contains(R"j("Actual Rows":1.00,"Actual Loops":1,"Index Cond":"(id = 1)","Index Searches":1,)j"));
    // 18 (rows=1.00) under ANALYZE: BUFFERS is on by default, so Planning has the counters too
    CHECK_THAT(j, Contains(R"j("Planning":{"Memory Used":10,"Memory Allocated":16,"Shared Hit Blocks":0,)j"));
    // and Serialization its own (zero) counters, as a real 18.4 prints them
    CHECK_THAT(j, Contains(R"j("Serialization":{"Time":0.005,"Output Volume":1,"Format":"text","Shared Hit Blocks":0,)j"));
    // 17 without BUFFERS: no counters
    const std::string seventeen = compact(json_of(
        "Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)\n"
        "Planning Time: 0.010 ms\n"
        "Serialization: time=0.005 ms  output=1kB  format=text\n"
        "Execution Time: 0.030 ms\n"));
    CHECK_THAT(seventeen, Contains(R"j("Serialization":{"Time":0.005,"Output Volume":1,"Format":"text"})j"));

    const std::string disabled = compact(json_of(
        "Seq Scan on t  (cost=10000000000.00..10000000035.50 rows=2550 width=4)\n"
        "  Disabled: true\n"));
    CHECK_THAT(disabled, Contains(R"j("Plan Width":4,"Disabled":true})j"));
}

TEST_CASE("the server version: given, or inferred from what the text shows") {
    const std::string update =
        "Update on t  (cost=0.00..35.50 rows=2550 width=10)\n"
        "  ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=10)\n";
    auto plan = parse_plan(update);
    REQUIRE(plan);
    const Plan* plans[] = {&*plan};
    CHECK(infer_server_version(*plan) == 0);  // nothing in the text tells
    CHECK_THAT(compact(to_pg_json(plans)), Contains(R"("Parent Relationship":"Outer")"));
    // 13 and older hang the ModifyTable child as a member
    CHECK_THAT(compact(to_pg_json(plans, {.server_version = 13})), Contains(R"("Parent Relationship":"Member")"));
    CHECK_THAT(compact(to_pg_json(plans, {.server_version = 14})), Contains(R"("Parent Relationship":"Outer")"));
    CHECK_THAT(compact(to_pg_json(plans, {.server_version = 13})), !Contains("Async Capable"));  // new in 14

    // several targets: only 13 and older print that
    auto several = parse_plan(
        "Update on p  (cost=0.00..70.00 rows=2 width=10)\n"
        "  Update on p1\n"
        "  Update on p2\n"
        "  ->  Seq Scan on p1  (cost=0.00..35.00 rows=1 width=10)\n"
        "  ->  Seq Scan on p2  (cost=0.00..35.00 rows=1 width=10)\n");
    REQUIRE(several);
    CHECK(infer_server_version(*several) == 13);

    // 18 prints actual rows with decimals, and then "Disabled": false on every node
    auto eighteen = parse_plan(
        "Seq Scan on t  (cost=0.00..1.05 rows=5 width=4) (actual time=0.010..0.011 rows=5.00 loops=1)\n");
    REQUIRE(eighteen);
    CHECK(infer_server_version(*eighteen) == 18);
    const Plan* p18[] = {&*eighteen};
    const std::string j = compact(to_pg_json(p18));
    CHECK_THAT(j, Contains(R"("Disabled":false)"));
    CHECK_THAT(j, Contains(R"("Shared Hit Blocks":0)"));  // BUFFERS is 18's default under ANALYZE
    CHECK_THAT(compact(to_pg_json(plans)), !Contains("Disabled"));
}

TEST_CASE("PostgreSQL 12: one space after \"Worker N:\", no planning buffers, no empty Workers") {
    const std::string text =
        "Gather  (cost=0.00..10.00 rows=10 width=4) (actual time=0.1..1.0 rows=10 loops=1)\n"
        "  Workers Planned: 1\n"
        "  Workers Launched: 1\n"
        "  Buffers: shared hit=5\n"
        "  ->  HashAggregate  (cost=0.00..9.00 rows=10 width=4) (actual time=0.1..0.9 rows=5 loops=2)\n"
        "        Group Key: a\n"
        "        Buffers: shared hit=5\n"
        "        Worker 0: actual time=0.1..0.8 rows=4 loops=1\n"
        "          Buffers: shared hit=2\n"
        "        ->  Parallel Seq Scan on t  (cost=0.00..8.00 rows=10 width=4) (actual time=0.0..0.5 rows=5 loops=2)\n"
        "              Buffers: shared hit=5\n"
        "Planning Time: 0.1 ms\n"
        "Execution Time: 1.1 ms\n";
    auto plan = parse_plan(text);
    REQUIRE(plan);
    CHECK(infer_server_version(*plan) == 12);
    const Plan* plans[] = {&*plan};
    const std::string twelve = compact(to_pg_json(plans));
    CHECK_THAT(twelve, Contains(R"j("Workers":[{"Worker Number":0,"Actual Startup Time":0.100,)j"));
    CHECK_THAT(twelve, !Contains(R"("Workers":[])"));  // the scan: no worker printed anything
    CHECK_THAT(twelve, !Contains("Planned Partitions"));  // hash aggregates spill from 13 on
    CHECK_THAT(twelve, !Contains(R"("Planning")"));  // planning buffers are counted from 13 on
    const std::string fifteen = compact(to_pg_json(plans, {.server_version = 15}));
    CHECK_THAT(fifteen, Contains(R"("Workers":[])"));
    CHECK_THAT(fifteen, Contains(R"("Planned Partitions":0)"));
    CHECK_THAT(fifteen, Contains(R"("Planning":{"Shared Hit Blocks":0,)"));
}

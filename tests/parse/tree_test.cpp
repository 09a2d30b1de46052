// Indentation, arrows and labels make the tree; the summary follows it.
#include <planlens/parse.hpp>
#include <planlens/traverse.hpp>

#include <catch2/catch.hpp>

#include <range/v3/algorithm/count_if.hpp>
#include <range/v3/view/transform.hpp>
#include <range/v3/range/conversion.hpp>

#include <string>
#include <vector>

using namespace planlens;

namespace {

Plan parse(std::string_view text) {
    auto plan = parse_plan(text);
    if (!plan) FAIL(plan.error().position.line << ":" << plan.error().position.column << ": " << plan.error().message);
    return std::move(plan).value();
}

std::vector<std::string> names(const Plan& plan) {
    return preorder(plan) | ranges::views::transform([](const Node& n) { return std::string(n.name); }) |
           ranges::to<std::vector>();
}

constexpr std::string_view seed_001_3 =
    "GroupAggregate  (cost=30140.70..30161.99 rows=200 width=96) (actual time=176.181..184.986 rows=3 loops=1)\n"
    "  Group Key: e.name\n"
    "  ->  Sort  (cost=30140.70..30145.03 rows=1729 width=40) (actual time=170.676..176.536 rows=72369 loops=1)\n"
    "        Sort Key: e.name\n"
    "        Sort Method: external merge  Disk: 2416kB\n"
    "        ->  Hash Join  (cost=13422.73..30047.72 rows=1729 width=40) (actual time=29.217..154.342 rows=72369 loops=1)\n"
    "              Hash Cond: (c.exercise_id = e.id)\n"
    "              ->  Seq Scan on user_workouts c  (cost=13378.98..28674.83 rows=350074 width=16) (actual time=29.167..116.055 rows=676099 loops=1)\n"
    "                    Filter: (NOT (hashed SubPlan 1))\n"
    "                    Rows Removed by Filter: 24049\n"
    "                    SubPlan 1\n"
    "                      ->  Gather  (cost=1000.00..13378.97 rows=4 width=8) (actual time=4.801..29.194 rows=1 loops=1)\n"
    "                            Workers Planned: 2\n"
    "                            Workers Launched: 2\n"
    "                            ->  Parallel Seq Scan on user_workouts  (cost=0.00..12378.57 rows=2 width=8) (actual time=17.955..26.035 rows=0 loops=3)\n"
    "                                  Filter: ((user_id = 12413) AND (\"time\" >= (CURRENT_DATE - 3)))\n"
    "                                  Rows Removed by Filter: 233382\n"
    "              ->  Hash  (cost=43.69..43.69 rows=5 width=40) (actual time=0.036..0.038 rows=4 loops=1)\n"
    "                    Buckets: 1024  Batches: 1  Memory Usage: 9kB\n"
    "                    ->  Seq Scan on exercises e  (cost=0.00..20.70 rows=1070 width=48) (actual time=0.013..0.015 rows=29 loops=1)\n"
    "Planning Time: 0.561 ms\n"
    "Execution Time: 185.546 ms\n";

}  // namespace

TEST_CASE("arrows and indentation give parents and children in printed order") {
    const Plan plan = parse(seed_001_3);
    CHECK(names(plan) == std::vector<std::string>{"GroupAggregate", "Sort", "Hash Join", "Seq Scan", "Gather",
                                                  "Parallel Seq Scan", "Hash", "Seq Scan"});
    const Node& hash_join = plan.nodes[2];
    auto kids = children(plan, hash_join) | ranges::views::transform([](const Node& n) { return n.name; }) |
                ranges::to<std::vector<std::string>>();
    CHECK(kids == std::vector<std::string>{"Seq Scan", "Hash"});
    CHECK(plan.nodes[1].relationship == Relationship::outer);
    CHECK(plan.nodes[3].relationship == Relationship::outer);
    CHECK(plan.nodes[6].relationship == Relationship::inner);
    CHECK(plan.nodes[5].depth == 5);
}

TEST_CASE("a subplan label hangs the next child as SubPlan/InitPlan") {
    const Plan plan = parse(seed_001_3);
    const Node& gather = plan.nodes[4];
    CHECK(plan.node(gather.parent).name == "Seq Scan");
    CHECK(gather.relationship == Relationship::sub_plan);
    CHECK(gather.subplan_name == "SubPlan 1");
    const Plan init = parse(
        "Result  (cost=1.00..1.01 rows=1 width=8)\n"
        "  InitPlan 1 (returns $1)\n"
        "    ->  Aggregate  (cost=0.50..0.51 rows=1 width=8)\n"
        "          ->  Seq Scan on a  (cost=0.00..0.40 rows=40 width=4)\n"
        "  CTE w\n"
        "    ->  Seq Scan on b  (cost=0.00..0.40 rows=40 width=4)\n"
        "  ->  CTE Scan on w  (cost=0.00..0.80 rows=40 width=4)\n");
    CHECK(init.nodes[1].subplan_name == "InitPlan 1 (returns $1)");
    CHECK(init.nodes[1].relationship == Relationship::init_plan);
    CHECK(init.nodes[3].subplan_name == "CTE w");
    CHECK(init.nodes[3].relationship == Relationship::init_plan);
    CHECK(init.nodes[4].relationship == Relationship::outer);
    CHECK(init.nodes[4].parent == 0);
}

TEST_CASE("properties belong to the node above them, in order") {
    const Plan plan = parse(seed_001_3);
    const auto props = plan.properties_of(plan.nodes[1]);
    REQUIRE(props.size() == 2);
    CHECK(props[0].kind == PropertyKind::sort_key);
    CHECK(props[0].value == "e.name");
    CHECK(props[1].kind == PropertyKind::sort_method);
    CHECK(plan.number(plan.nodes[3], PropertyKind::rows_removed_by_filter) == 24049);
    CHECK(plan.number(plan.nodes[4], PropertyKind::workers_launched) == 2);
    CHECK(plan.lines[props[1].line].line == 5);
}

TEST_CASE("the summary: planning and execution time, triggers, JIT, settings") {
    const Plan plan = parse(
        "Insert on t  (cost=0.00..0.01 rows=0 width=0) (actual time=0.1..0.1 rows=0 loops=1)\n"
        "  ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)\n"
        "Settings: work_mem = '64MB', search_path = '\"$user\", public'\n"
        "Planning:\n"
        "  Buffers: shared hit=3\n"
        "Planning Time: 0.030 ms\n"
        "Trigger RI_ConstraintTrigger_c_1 for constraint t_fk: time=0.250 calls=1\n"
        "JIT:\n"
        "  Functions: 4\n"
        "  Options: Inlining false, Optimization false, Expressions true, Deforming true\n"
        "  Timing: Generation 0.500 ms, Inlining 0.000 ms, Optimization 0.300 ms, Emission 5.000 ms, Total 5.800 ms\n"
        "Execution Time: 7.123 ms\n");
    CHECK(plan.planning_time == 0.030);
    CHECK(plan.execution_time == 7.123);
    REQUIRE(plan.triggers.size() == 1);
    CHECK(plan.triggers[0].constraint == "t_fk");
    CHECK(plan.options.buffers);
    CHECK(plan.options.analyze);
    CHECK(ranges::count_if(plan.summary, [](const Property& p) { return p.section == Section::jit; }) == 4);
    CHECK(ranges::count_if(plan.summary, [](const Property& p) { return p.kind == PropertyKind::jit_timing; }) == 1);
    CHECK(plan.summary.front().kind == PropertyKind::settings);
    CHECK(plan.lines.size() == 12);
}

TEST_CASE("old servers print Total runtime") {
    const Plan plan = parse("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.01..0.02 rows=1 loops=1)\n"
                            "Total runtime: 0.050 ms\n");
    CHECK(plan.execution_time == 0.050);
}

TEST_CASE("PostgreSQL 9.4 to 10 print Planning time and Execution time in lower case") {
    const Plan plan = parse("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.01..0.02 rows=1 loops=1)\n"
                            "Planning time: 0.071 ms\n"
                            "Execution time: 0.050 ms\n");
    CHECK(plan.planning_time == 0.071);
    CHECK(plan.execution_time == 0.050);
}

TEST_CASE("Worker lines and their continuation lines belong to that worker") {
    const Plan plan = parse(
        "Gather  (cost=0.00..1.00 rows=1 width=4) (actual time=0.1..1.0 rows=3 loops=1)\n"
        "  Workers Planned: 2\n"
        "  Workers Launched: 2\n"
        "  ->  Parallel Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.1..0.9 rows=1 loops=3)\n"
        "        Output: a\n"
        "        Buffers: shared hit=3\n"
        "        Worker 0:  actual time=0.100..0.800 rows=1 loops=1\n"
        "          Buffers: shared hit=1\n"
        "        Worker 1:  actual time=0.200..0.900 rows=1 loops=1\n"
        "          Buffers: shared hit=1\n");
    const auto props = plan.properties_of(plan.nodes[1]);
    REQUIRE(props.size() == 6);
    CHECK(props[1].worker == -1);
    CHECK(props[2].kind == PropertyKind::worker_actuals);
    CHECK(props[2].worker == 0);
    CHECK(props[2].value == "time=0.100..0.800 rows=1 loops=1");
    CHECK(props[3].kind == PropertyKind::buffers);
    CHECK(props[3].worker == 0);
    CHECK(props[5].worker == 1);
    CHECK(plan.find(plan.nodes[1], PropertyKind::buffers)->worker == -1);
}

TEST_CASE("unknown lines are kept verbatim on their node, never dropped") {
    const Plan plan = parse(
        "Limit  (cost=0.00..1.00 rows=1 width=4)\n"
        "  Some odd line without a label\n"
        "  Strange Label: kept as text\n"
        "  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n");
    const auto props = plan.properties_of(plan.root());
    REQUIRE(props.size() == 2);
    CHECK(props[0].kind == PropertyKind::unknown);
    CHECK(props[0].value == "Some odd line without a label");
    CHECK(props[1].kind == PropertyKind::other);
    CHECK(props[1].label == "Strange Label");
    CHECK(plan.lines.size() == 4);
}

TEST_CASE("a property after a child at its parent's column still belongs to the parent") {
    const Plan plan = parse(
        "Hash Join  (cost=0.00..1.00 rows=1 width=4)\n"
        "  ->  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)\n"
        "  Hash Cond: (a.id = b.id)\n"
        "  ->  Hash  (cost=0.00..1.00 rows=1 width=4)\n");
    REQUIRE(plan.nodes.size() == 3);
    CHECK(plan.find(plan.root(), PropertyKind::hash_cond) != nullptr);
    CHECK(plan.nodes[2].parent == 0);
}

TEST_CASE("a label no child claims stays on its node") {
    const Plan plan = parse("Result  (cost=0.00..0.01 rows=1 width=4)\n  SubPlan 1\n");
    REQUIRE(plan.root().property_count == 1);
    CHECK(plan.properties_of(plan.root())[0].value == "SubPlan 1");
}

TEST_CASE("ModifyTable target lines are recognised") {
    const Plan plan = parse(
        "Update on parted  (cost=0.00..2.00 rows=0 width=0)\n"
        "  Update on parted_1 parted\n"
        "  Update on parted_2 parted\n"
        "  ->  Append  (cost=0.00..2.00 rows=2 width=10)\n");
    const auto props = plan.properties_of(plan.root());
    REQUIRE(props.size() == 2);
    CHECK(props[0].kind == PropertyKind::modify_target);
}

TEST_CASE("indentation may be a subtree pasted on its own or shifted right") {
    const Plan shifted = parse("    Sort  (cost=1.00..1.01 rows=1 width=4)\n"
                               "      Sort Key: a\n"
                               "      ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n");
    CHECK(shifted.nodes.size() == 2);
    const Plan fragment = parse("->  Sort  (cost=1.00..1.01 rows=1 width=4)\n"
                                "      Sort Key: a\n"
                                "      ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n");
    CHECK(fragment.nodes.size() == 2);
    CHECK(fragment.nodes[1].parent == 0);
}

TEST_CASE("tabs in indentation count to the next multiple of eight") {
    const Plan plan = parse("Sort  (cost=1.00..1.01 rows=1 width=4)\n"
                            "\t->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
                            "\t      Filter: (a > 1)\n");
    REQUIRE(plan.nodes.size() == 2);
    CHECK(plan.find(plan.nodes[1], PropertyKind::filter) != nullptr);
}

TEST_CASE("ancestors walk up to the root") {
    const Plan plan = parse(seed_001_3);
    const auto up = ancestors(plan, plan.nodes[5]) | ranges::views::transform([](const Node& n) { return n.name; }) |
                    ranges::to<std::vector<std::string>>();
    CHECK(up == std::vector<std::string>{"Gather", "Seq Scan", "Hash Join", "Sort", "GroupAggregate"});
}

TEST_CASE("a string literal with newlines continues the property on the next lines") {
    const Plan plan = parse(
        "Limit  (cost=0.00..1.00 rows=1 width=4)\n"
        "  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
        "        Filter: ((note = 'first\n"
        "\n"
        "  -> third'::text) AND (a = 1))\n"
        "        Rows Removed by Filter: 5\n"
        "Planning Time: 0.1 ms\n");
    REQUIRE(plan.nodes.size() == 2);
    const Property* filter = plan.find(plan.nodes[1], PropertyKind::filter);
    REQUIRE(filter);
    CHECK(plan.full_value(*filter) == "((note = 'first\n\n  -> third'::text) AND (a = 1))");
    CHECK(plan.number(plan.nodes[1], PropertyKind::rows_removed_by_filter) == 5);
    CHECK(plan.lines.size() == 7);
    CHECK(plan.planning_time == 0.1);
}

TEST_CASE("quotes doubled inside a literal do not open one") {
    const Plan plan = parse("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
                            "  Filter: (name = 'it''s'::text)\n"
                            "Planning Time: 0.1 ms\n");
    CHECK(plan.planning_time == 0.1);
    CHECK(plan.properties.size() == 1);
}

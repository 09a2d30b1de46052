// Every node name PostgreSQL prints, and every modifier folded into it.
#include <planlens/parse.hpp>

#include <catch2/catch.hpp>

#include <deque>
#include <string>

using namespace planlens;

namespace {

/// Parses "NAME  (cost=...)". The plan's views point into the text, so the
/// text is kept for the life of the test run.
Node header(const std::string& name_and_target) {
    static std::deque<std::string> texts;
    const std::string& line = texts.emplace_back(name_and_target + "  (cost=0.00..1.00 rows=1 width=4)");
    auto plan = parse_plan(line);
    INFO(line);
    REQUIRE(plan);
    return plan->root();
}

}  // namespace

TEST_CASE("plain node names map to PostgreSQL's Node Type") {
    const std::pair<const char*, NodeKind> cases[] = {
        {"Result", NodeKind::result},
        {"ProjectSet", NodeKind::project_set},
        {"Append", NodeKind::append},
        {"Merge Append", NodeKind::merge_append},
        {"Recursive Union", NodeKind::recursive_union},
        {"BitmapAnd", NodeKind::bitmap_and},
        {"BitmapOr", NodeKind::bitmap_or},
        {"Seq Scan on t", NodeKind::seq_scan},
        {"Sample Scan on t", NodeKind::sample_scan},
        {"Gather", NodeKind::gather},
        {"Gather Merge", NodeKind::gather_merge},
        {"Index Scan using i on t", NodeKind::index_scan},
        {"Index Only Scan using i on t", NodeKind::index_only_scan},
        {"Bitmap Index Scan on i", NodeKind::bitmap_index_scan},
        {"Bitmap Heap Scan on t", NodeKind::bitmap_heap_scan},
        {"Tid Scan on t", NodeKind::tid_scan},
        {"Tid Range Scan on t", NodeKind::tid_range_scan},
        {"Subquery Scan on s", NodeKind::subquery_scan},
        {"Function Scan on f", NodeKind::function_scan},
        {"Table Function Scan on \"xmltable\"", NodeKind::table_function_scan},
        {"Values Scan on \"*VALUES*\"", NodeKind::values_scan},
        {"CTE Scan on c", NodeKind::cte_scan},
        {"Named Tuplestore Scan on n", NodeKind::named_tuplestore_scan},
        {"WorkTable Scan on w", NodeKind::worktable_scan},
        {"Foreign Scan on f", NodeKind::foreign_scan},
        {"Custom Scan (Citus Adaptive)", NodeKind::custom_scan},
        {"Materialize", NodeKind::materialize},
        {"Memoize", NodeKind::memoize},
        {"Result Cache", NodeKind::memoize},
        {"Sort", NodeKind::sort},
        {"Incremental Sort", NodeKind::incremental_sort},
        {"Group", NodeKind::group},
        {"Aggregate", NodeKind::aggregate},
        {"WindowAgg", NodeKind::window_agg},
        {"Unique", NodeKind::unique},
        {"SetOp Except", NodeKind::set_op},
        {"LockRows", NodeKind::lock_rows},
        {"Limit", NodeKind::limit},
        {"Hash", NodeKind::hash},
        {"Insert on t", NodeKind::modify_table},
        {"Nested Loop", NodeKind::nested_loop},
        {"Merge Join", NodeKind::merge_join},
        {"Hash Join", NodeKind::hash_join},
    };
    for (const auto& [name, kind] : cases) {
        INFO(name);
        CHECK(header(name).kind == kind);
    }
}

TEST_CASE("Parallel and Async prefixes") {
    const Node p = header("Parallel Seq Scan on t");
    CHECK(p.kind == NodeKind::seq_scan);
    CHECK(p.parallel_aware);
    CHECK_FALSE(p.async_capable);
    const Node a = header("Async Foreign Scan on f");
    CHECK(a.kind == NodeKind::foreign_scan);
    CHECK(a.async_capable);
    CHECK(a.operation == Operation::select);
    const Node pa = header("Parallel Append");
    CHECK(pa.kind == NodeKind::append);
    CHECK(pa.parallel_aware);
    CHECK(header("Parallel Hash").parallel_aware);
    CHECK(header("Parallel Index Only Scan using i on t").kind == NodeKind::index_only_scan);
}

TEST_CASE("join types are folded into the name") {
    const std::tuple<const char*, NodeKind, JoinType> cases[] = {
        {"Nested Loop", NodeKind::nested_loop, JoinType::inner},
        {"Nested Loop Left Join", NodeKind::nested_loop, JoinType::left},
        {"Nested Loop Anti Join", NodeKind::nested_loop, JoinType::anti},
        {"Nested Loop Semi Join", NodeKind::nested_loop, JoinType::semi},
        {"Hash Join", NodeKind::hash_join, JoinType::inner},
        {"Hash Right Join", NodeKind::hash_join, JoinType::right},
        {"Hash Full Join", NodeKind::hash_join, JoinType::full},
        {"Hash Right Anti Join", NodeKind::hash_join, JoinType::right_anti},
        {"Hash Right Semi Join", NodeKind::hash_join, JoinType::right_semi},
        {"Merge Join", NodeKind::merge_join, JoinType::inner},
        {"Merge Left Join", NodeKind::merge_join, JoinType::left},
        {"Parallel Hash Join", NodeKind::hash_join, JoinType::inner},
    };
    for (const auto& [name, kind, type] : cases) {
        INFO(name);
        const Node n = header(name);
        CHECK(n.kind == kind);
        CHECK(n.join_type == type);
    }
}

TEST_CASE("aggregate strategy and partial mode") {
    const std::tuple<const char*, Strategy, PartialMode> cases[] = {
        {"Aggregate", Strategy::plain, PartialMode::simple},
        {"GroupAggregate", Strategy::sorted, PartialMode::simple},
        {"HashAggregate", Strategy::hashed, PartialMode::simple},
        {"MixedAggregate", Strategy::mixed, PartialMode::simple},
        {"Partial Aggregate", Strategy::plain, PartialMode::partial},
        {"Finalize GroupAggregate", Strategy::sorted, PartialMode::finalize},
        {"Partial HashAggregate", Strategy::hashed, PartialMode::partial},
    };
    for (const auto& [name, strategy, mode] : cases) {
        INFO(name);
        const Node n = header(name);
        CHECK(n.kind == NodeKind::aggregate);
        CHECK(n.strategy == strategy);
        CHECK(n.partial_mode == mode);
    }
}

TEST_CASE("SetOp strategy and command") {
    const Node s = header("HashSetOp Intersect All");
    CHECK(s.kind == NodeKind::set_op);
    CHECK(s.strategy == Strategy::hashed);
    CHECK(s.set_op_command == SetOpCommand::intersect_all);
    const Node e = header("SetOp Except");
    CHECK(e.strategy == Strategy::sorted);
    CHECK(e.set_op_command == SetOpCommand::except);
}

TEST_CASE("ModifyTable and foreign operations") {
    CHECK(header("Update on t").operation == Operation::update);
    CHECK(header("Delete on t").operation == Operation::delete_);
    const Node m = header("Merge on t");
    CHECK(m.kind == NodeKind::modify_table);
    CHECK(m.operation == Operation::merge);
    const Node f = header("Foreign Update on public.ft");
    CHECK(f.kind == NodeKind::foreign_scan);
    CHECK(f.operation == Operation::update);
    CHECK(f.target.object == "ft");
}

TEST_CASE("Backward index scans") {
    const Node n = header("Index Scan Backward using t_pkey on t");
    CHECK(n.kind == NodeKind::index_scan);
    CHECK(n.scan_direction == ScanDirection::backward);
    CHECK(n.target.index == "t_pkey");
    CHECK(header("Index Only Scan Backward using i on t").scan_direction == ScanDirection::backward);
}

TEST_CASE("Custom Scan keeps its provider") {
    const Node n = header("Custom Scan (ColumnarScan) on events");
    CHECK(n.kind == NodeKind::custom_scan);
    CHECK(n.custom_provider == "ColumnarScan");
    CHECK(n.target.object == "events");
}

TEST_CASE("names this version does not know are kept, not rejected") {
    auto plan = parse_plan("Redistribute Motion 3:3  (slice1; segments: 3)  (cost=0.00..1.00 rows=1 width=4)");
    CHECK_FALSE(plan);  // not PostgreSQL's header shape at all
    auto child = parse_plan("Limit  (cost=0.00..1.00 rows=1 width=4)\n  ->  Teleport Scan on t  (cost=0.00..1.00 rows=1 width=4)");
    REQUIRE(child);
    CHECK(child->nodes[1].kind == NodeKind::unknown);
    CHECK(child->nodes[1].name == "Teleport Scan");
    CHECK(child->nodes[1].target.object == "t");
}

TEST_CASE("near misses of known names decode to unknown, without modifiers") {
    for (const char* name : {"Seq Scan Backward", "Parallel Teleport Scan", "Hash Sideways Join", "Partial Sort",
                             "Foreign Merge", "Nested Loop Join", "SetOp Union"}) {
        INFO(name);
        const Node n = header(name);
        CHECK(n.kind == NodeKind::unknown);
        CHECK_FALSE(n.parallel_aware);
        CHECK(n.join_type == JoinType::none);
        CHECK(n.partial_mode == PartialMode::none);
        CHECK(n.strategy == Strategy::none);
        CHECK(n.scan_direction == ScanDirection::none);
        CHECK(n.custom_provider.empty());
    }
    const Node provider = header("Parallel Custom Scan (Citus Adaptive)");
    CHECK(provider.kind == NodeKind::custom_scan);
    CHECK(provider.parallel_aware);
    CHECK(provider.custom_provider == "Citus Adaptive");
}

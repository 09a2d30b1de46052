// Plans that travelled badly: indentation stripped, arrows re-indented,
// no-break spaces, tabs and zero-width characters in the indentation, a
// corrupted or cut-off node line, sections planlens does not know, and the
// subplan labels of PostgreSQL 19. Each must come out as the clean plan
// (the reviewed JSON of fixtures/plans) or with the bad line kept and a
// located warning.
#include "support/read_file.hpp"

#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <sstream>

using namespace planlens;
using planlens::test::read_file;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> seed_plans() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(fs::path(PLANLENS_SOURCE_DIR) / "fixtures" / "plans"))
        if (entry.path().extension() == ".txt") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

/// Rewrites each line's indentation (the spaces before its first other byte).
std::string reindent(const std::string& text, const std::function<std::string(std::size_t, std::string_view)>& f) {
    std::string out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const std::size_t spaces = line.find_first_not_of(' ');
        const std::size_t n = spaces == std::string::npos ? line.size() : spaces;
        out += f(n, std::string_view(line).substr(n));
        out += line.substr(n);
        out += '\n';
    }
    return out;
}

std::string json(const Plan& plan) {
    const Plan* plans[] = {&plan};
    return to_pg_json(plans);
}

Plan parse(std::string_view text) {
    auto plan = parse_plan(text);
    INFO(text);
    if (!plan) FAIL(plan.error().message);
    return std::move(plan).value();
}

}  // namespace

TEST_CASE("a seed plan with its indentation stripped comes out as the clean plan, re-indented") {
    for (const fs::path& path : seed_plans()) {
        INFO(path.filename().string());
        const std::string clean = read_file(path);
        const Plan expected = parse(clean);
        const std::string stripped = reindent(clean, [](std::size_t, std::string_view) { return std::string(); });
        const Plan plan = parse(stripped);
        CHECK(plan.tree_rebuilt);
        REQUIRE_FALSE(plan.warnings.empty());
        CHECK(plan.warnings.front().message.find("rebuilt from the '->' arrows") != std::string::npos);
        CHECK(json(plan) == json(expected));
        CHECK(to_text(plan) == clean);
    }
}

TEST_CASE("a seed plan whose child arrows were moved to the root's column comes out as the clean plan") {
    for (const fs::path& path : seed_plans()) {
        INFO(path.filename().string());
        const std::string clean = read_file(path);
        const Plan expected = parse(clean);
        const std::string moved = reindent(clean, [](std::size_t n, std::string_view body) {
            return body.starts_with("->") ? std::string() : std::string(n, ' ');
        });
        if (moved == clean) continue;
        const Plan plan = parse(moved);
        CHECK(plan.tree_rebuilt);
        CHECK(json(plan) == json(expected));
        CHECK(to_text(plan) == clean);
    }
}

TEST_CASE("no-break spaces, tabs and zero-width characters in the indentation are indentation") {
    const auto nbsp = [](std::size_t n, std::string_view) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) out += i % 2 == 0 ? "\xC2\xA0" : " ";
        return out;
    };
    const auto tabs = [](std::size_t n, std::string_view) { return std::string(n / 8, '\t') + std::string(n % 8, ' '); };
    const auto zero_width = [](std::size_t n, std::string_view) { return "\xE2\x80\x8B" + std::string(n, ' '); };
    for (const fs::path& path : seed_plans()) {
        INFO(path.filename().string());
        const std::string clean = read_file(path);
        const Plan expected = parse(clean);
        for (const auto& f : {std::function(nbsp), std::function(tabs), std::function(zero_width)}) {
            const std::string text = reindent(clean, f);  // the plan points into it
            const Plan plan = parse(text);
            CHECK_FALSE(plan.tree_rebuilt);
            CHECK(plan.warnings.empty());
            CHECK(json(plan) == json(expected));
        }
    }
}

TEST_CASE("no-break spaces around the arrow and before the figures") {
    const Plan plan = parse(
        "Hash Join\xC2\xA0\xC2\xA0(cost=1.00..2.00 rows=1 width=4)\n"
        "\xC2\xA0\xC2\xA0->\xC2\xA0\xC2\xA0Seq Scan on a \xC2\xA0(cost=0.00..1.00 rows=1 width=4)\n"
        "\xC2\xA0\xC2\xA0->\xC2\xA0\xC2\xA0Hash \xC2\xA0(cost=0.00..1.00 rows=1 width=4)\n"
        "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0->\xC2\xA0\xC2\xA0Seq Scan on b\n");
    REQUIRE(plan.nodes.size() == 4);
    CHECK(plan.nodes[1].target.object == "a");
    CHECK(plan.nodes[1].estimates);
    CHECK(plan.nodes[3].parent == 2);
    CHECK(plan.warnings.empty());
}

TEST_CASE("nested Appends whose members could go elsewhere: the rows decide, and the warning says so") {
    // Without indentation, p1 and p2 could belong to either Append; only the
    // rows (300 = 100 + 200, 200 = 100 + 100) say which.
    const Plan plan = parse(
        "Append  (cost=0.00..30.00 rows=300 width=4)\n"
        "->  Seq Scan on p0  (cost=0.00..10.00 rows=100 width=4)\n"
        "->  Append  (cost=0.00..20.00 rows=200 width=4)\n"
        "->  Seq Scan on p1  (cost=0.00..10.00 rows=100 width=4)\n"
        "->  Seq Scan on p2  (cost=0.00..10.00 rows=100 width=4)\n");
    REQUIRE(plan.nodes.size() == 5);
    CHECK(plan.nodes[1].parent == 0);
    CHECK(plan.nodes[2].parent == 0);
    CHECK(plan.nodes[3].parent == 2);
    CHECK(plan.nodes[4].parent == 2);
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].position.line == 2);
    CHECK(plan.warnings[0].message.find("could also hang under the node at line 1") != std::string::npos);
    CHECK(to_text(plan) ==
          "Append  (cost=0.00..30.00 rows=300 width=4)\n"
          "  ->  Seq Scan on p0  (cost=0.00..10.00 rows=100 width=4)\n"
          "  ->  Append  (cost=0.00..20.00 rows=200 width=4)\n"
          "        ->  Seq Scan on p1  (cost=0.00..10.00 rows=100 width=4)\n"
          "        ->  Seq Scan on p2  (cost=0.00..10.00 rows=100 width=4)\n");
}

TEST_CASE("subplan labels open subplans when the indentation is gone") {
    const Plan plan = parse(
        "Seq Scan on t  (cost=0.00..100.00 rows=10 width=4)\n"
        "Filter: ((x > (InitPlan 1).col1) AND (SubPlan 2))\n"
        "InitPlan 1\n"
        "->  Aggregate  (cost=1.00..1.01 rows=1 width=4)\n"
        "->  Seq Scan on u  (cost=0.00..1.00 rows=10 width=4)\n"
        "SubPlan 2\n"
        "->  Result  (cost=0.00..0.01 rows=1 width=4)\n");
    REQUIRE(plan.nodes.size() == 4);
    CHECK(plan.nodes[1].parent == 0);
    CHECK(plan.nodes[1].relationship == Relationship::init_plan);
    CHECK(plan.nodes[2].parent == 1);
    CHECK(plan.nodes[3].parent == 0);
    CHECK(plan.nodes[3].relationship == Relationship::sub_plan);
    CHECK(plan.nodes[3].subplan_name == "SubPlan 2");
}

TEST_CASE("PostgreSQL 19 names its subplans, 16 and older say what they return") {
    const Plan plan = parse(
        "Seq Scan on t\n"
        "  Filter: (ANY (x = (SubPlan any_1).col1))\n"
        "  InitPlan expr_1\n"
        "    ->  Result\n"
        "  InitPlan minmax_2\n"
        "    ->  Result\n"
        "  SubPlan exists_3\n"
        "    ->  Seq Scan on u\n"
        "  SubPlan 4 (returns $1,$2)\n"
        "    ->  Seq Scan on v\n");
    REQUIRE(plan.nodes.size() == 5);
    CHECK(plan.nodes[1].subplan_name == "InitPlan expr_1");
    CHECK(plan.nodes[1].relationship == Relationship::init_plan);
    CHECK(plan.nodes[2].subplan_name == "InitPlan minmax_2");
    CHECK(plan.nodes[3].subplan_name == "SubPlan exists_3");
    CHECK(plan.nodes[3].relationship == Relationship::sub_plan);
    CHECK(plan.nodes[4].subplan_name == "SubPlan 4 (returns $1,$2)");
    CHECK(plan.nodes[4].relationship == Relationship::sub_plan);
    CHECK(plan.warnings.empty());
}

TEST_CASE("a corrupted node line keeps the plan: the node stays, the line is kept, a warning says where") {
    const std::string text =
        "Hash Join  (cost=1.00..2.00 rows=1 width=4)\n"
        "  ->  Seq Scan on a  (cost=0.00..1.00 rows=1 wdth=4)\n"
        "        Filter: (x > 1)\n"
        "  ->  Hash  (cost=0.00..1.00 rows=1 width=4)\n"
        "        ->  Seq Scan on b  (cost=0.00..1.00 rows=1 width=4)\n"
        "Planning Time: 0.100 ms\n";
    const Plan plan = parse(text);
    REQUIRE(plan.nodes.size() == 4);
    CHECK(plan.nodes[1].kind == NodeKind::seq_scan);
    CHECK(plan.nodes[1].target.object == "a");
    CHECK_FALSE(plan.nodes[1].estimates);  // the figures broke off: none are invented
    CHECK(plan.properties_of(plan.nodes[1]).size() == 1);
    CHECK(plan.nodes[3].parent == 2);
    CHECK(plan.planning_time == Approx(0.1));
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].position == Position{2, 45});
    CHECK(plan.warnings[0].message.find("expected ' width='") != std::string::npos);
    CHECK(to_text(plan) == text);
}

TEST_CASE("a plan cut off in the middle of a line keeps what came before") {
    const Plan plan = parse(
        "Limit  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)\n"
        "  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.0");
    REQUIRE(plan.nodes.size() == 2);
    CHECK(plan.nodes[1].kind == NodeKind::seq_scan);
    CHECK(plan.nodes[1].estimates);
    CHECK_FALSE(plan.nodes[1].actuals);
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].position.line == 2);
}

TEST_CASE("sections planlens does not know are kept verbatim and the plan goes on") {
    const Plan plan = parse(
        "Result  (cost=0.00..0.01 rows=1 width=4)\n"
        "  Disabled Nodes: 0\n"
        "PlannedStmt:\n"
        "  Command Type: select\n"
        "  Flags: canSetTag\n"
        "RTI 1 (result):\n"
        "  Eref: \"*RESULT*\" ()\n"
        "Unprunable RTIs: 1 3 4\n"
        "Supplied Plan Advice:\n"
        "  SEQ_SCAN(x) /* not matched */\n"
        "Planning Time: 0.050 ms\n");
    CHECK(plan.nodes.size() == 1);
    CHECK(plan.lines.size() == 11);
    CHECK(plan.planning_time == Approx(0.05));
    REQUIRE(plan.summary.size() == 9);
    CHECK(plan.summary[0].label == "PlannedStmt");
    CHECK(plan.summary[0].section == Section::other);
    CHECK(plan.summary[1].value == "select");
    CHECK(plan.summary[3].label == "RTI 1 (result)");
    CHECK(plan.summary[5].label == "Unprunable RTIs");
    CHECK(plan.summary[5].value == "1 3 4");
    CHECK(plan.summary[7].value == "SEQ_SCAN(x) /* not matched */");
    CHECK(plan.warnings.empty());
}

TEST_CASE("prose after a plan still ends it") {
    std::size_t consumed = 0;
    const std::string text = "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\nTime: 0.512 ms\nNote: done\n";
    std::vector<SourceLine> lines = {{"Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)", 1, 1},
                                     {"Time: 0.512 ms", 2, 1},
                                     {"Note: done", 3, 1}};
    auto plan = parse_plan(std::span(lines), consumed);
    REQUIRE(plan);
    CHECK(consumed == 1);
    CHECK(plan->warnings.empty());
}

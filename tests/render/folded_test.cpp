// Folded stacks: one line per node, "root;...;node COUNT", whose counts add up
// exactly to the plan's total however the printed figures round.
#include "analysis/plans.hpp"

#include <planlens/document.hpp>
#include <planlens/folded.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

using namespace planlens;
namespace fs = std::filesystem;

namespace {

struct Line {
    std::string stack;
    std::uint64_t count = 0;
};

/// Parses folded output the way flamegraph.pl does: the count is the last field.
std::vector<Line> parse_folded(const std::string& text) {
    std::vector<Line> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const std::size_t space = line.rfind(' ');
        REQUIRE(space != std::string::npos);
        const std::string count = line.substr(space + 1);
        REQUIRE(!count.empty());
        REQUIRE(std::all_of(count.begin(), count.end(), [](char c) { return c >= '0' && c <= '9'; }));
        lines.push_back({line.substr(0, space), std::stoull(count)});
    }
    return lines;
}

std::uint64_t sum(const std::vector<Line>& lines) {
    return std::accumulate(lines.begin(), lines.end(), std::uint64_t{0},
                           [](std::uint64_t s, const Line& l) { return s + l.count; });
}

std::string folded(const Plan& plan, std::string_view prefix = {}) {
    std::string out;
    append_folded(out, plan, exclusive_time(plan), prefix);
    return out;
}

}  // namespace

TEST_CASE("folded: one line per node, the stack from the root, exclusive microseconds") {
    const auto p = planlens::test::seed("seed-000-3");  // Nested Loop over a Bitmap Heap Scan and an Index Scan
    const auto lines = parse_folded(folded(p->plan));
    REQUIRE(lines.size() == p->plan.nodes.size());
    CHECK(lines[0].stack == "Nested Loop");
    CHECK(lines[0].count == 3);  // 0.204 - 0.113 - 0.088 ms (docs/timing.md)
    const NodeId scan = planlens::test::node_with(p->plan, "Index Scan using users_pkey");
    CHECK(lines[scan].stack == "Nested Loop;Index Scan using users_pkey on users");
    CHECK(lines[scan].count == 88);
    CHECK(sum(lines) == 204);
}

TEST_CASE("folded: the counts add up to the total exactly, over every fixture") {
    std::size_t plans = 0;
    for (const char* dir : {"plans", "pg15"}) {
        for (const auto& entry : fs::directory_iterator(planlens::test::fixtures_dir / dir)) {
            if (entry.path().extension() != ".txt") continue;
            auto doc = Document::from_file(entry.path().string());
            REQUIRE(doc);
            for (const FoundPlan& found : doc->plans()) {
                if (!found.plan) continue;
                ++plans;
                INFO(entry.path().filename().string() << " plan at line " << found.first_line);
                const TimeProfile profile = exclusive_time(*found.plan);
                const auto lines = parse_folded(folded(*found.plan));
                REQUIRE(lines.size() == found.plan->nodes.size());
                CHECK(sum(lines) == static_cast<std::uint64_t>(std::llround(profile.total * folded_scale(profile.basis))));
                // Each count is the node's own figure, rounded one way or the other, give or take
                // its part of what clamping negative self times within rounding added.
                const double scale = folded_scale(profile.basis);
                double selfs = 0;
                for (const NodeTime& t : profile.nodes) selfs += std::max(0.0, t.self);
                const double slack = 1.5 + std::abs(selfs - profile.total) * scale;
                for (NodeId id = 0; id < lines.size(); ++id)
                    CHECK(std::abs(static_cast<double>(lines[id].count) - std::max(0.0, profile[id].self) * scale) < slack);
            }
        }
    }
    CHECK(plans > 100);
}

TEST_CASE("folded: rounding is apportioned, not lost") {
    // Three children of 0.0004 ms each: rounded one by one they would all be 0.
    const auto p = planlens::test::parse_text(R"(Append  (cost=0.00..3.00 rows=3 width=4) (actual time=0.001..0.002 rows=3 loops=1)
  ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.000..0.0004 rows=1 loops=1)
  ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.000..0.0004 rows=1 loops=1)
  ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.000..0.0004 rows=1 loops=1)
)");
    const auto lines = parse_folded(folded(p->plan));
    CHECK(sum(lines) == 2);
    // Quotas 0.8, 0.4, 0.4, 0.4: the two units go to the largest remainders, the first in plan order on a tie.
    CHECK(folded_counts(exclusive_time(p->plan)) == std::vector<std::uint64_t>{1, 1, 0, 0});
}

TEST_CASE("folded: same-named siblings stay apart, a semicolon never splits a frame, a prefix leads") {
    const auto p = planlens::test::parse_text(R"(Append  (cost=0.00..2.00 rows=2 width=4) (actual time=0.010..0.050 rows=2 loops=1)
  ->  Function Scan on "a;b"  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)
  ->  Function Scan on "a;b"  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)
)");
    const auto lines = parse_folded(folded(p->plan, "plan 2"));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].stack == "plan 2;Append");
    CHECK(lines[1].stack == "plan 2;Append;Function Scan on \"a,b\"");
    CHECK(lines[2].stack == "plan 2;Append;Function Scan on \"a,b\" [2]");
    CHECK(sum(lines) == 50);
    CHECK(lines[0].count == 10);
}

TEST_CASE("folded: subplans are labelled, and without timing the counts are hundredths of a cost unit") {
    const auto p = planlens::test::parse_text(R"(Seq Scan on t  (cost=0.00..45.00 rows=1000 width=4)
  Filter: (x > $0)
  InitPlan 1 (returns $0)
    ->  Result  (cost=0.00..0.01 rows=1 width=4)
)");
    const auto lines = parse_folded(folded(p->plan));
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].stack == "Seq Scan on t;InitPlan 1 (returns $0): Result");
    CHECK(sum(lines) == 4500);
}

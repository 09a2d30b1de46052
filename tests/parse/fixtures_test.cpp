// Every plan of the seed writeups (fixtures/plans): parses, reproduces its
// text byte for byte, has the right shape, and renders the reviewed JSON.
#include "support/read_file.hpp"

#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using namespace planlens;
using planlens::test::read_file;
namespace fs = std::filesystem;

namespace {

const fs::path plans_dir = fs::path(PLANLENS_SOURCE_DIR) / "fixtures" / "plans";

struct Expected {
    const char* file;
    NodeKind root;
    std::size_t nodes;
    double planning_ms;
    double execution_ms;
};

// Counted by hand from the seed writeups.
constexpr Expected expected[] = {
    {"seed-000-1", NodeKind::nested_loop, 7, 0.563, 112.928},   {"seed-000-2", NodeKind::nested_loop, 11, 0.843, 0.347},
    {"seed-000-3", NodeKind::nested_loop, 6, 0.770, 0.379},     {"seed-000-4", NodeKind::nested_loop, 4, 0.676, 24.818},
    {"seed-000-5", NodeKind::nested_loop, 6, 0.846, 0.341},     {"seed-001-1", NodeKind::limit, 9, 2.616, 539.081},
    {"seed-001-2", NodeKind::limit, 8, 1.109, 454.144},         {"seed-001-3", NodeKind::aggregate, 11, 0.561, 185.546},
    {"seed-001-4", NodeKind::aggregate, 12, 0.867, 60.892},     {"seed-001-5", NodeKind::aggregate, 5, 1.199, 27.638},
    {"seed-001-6", NodeKind::aggregate, 4, 1.111, 0.284},       {"seed-002-1", NodeKind::aggregate, 8, 0.283, 181.306},
    {"seed-002-2", NodeKind::aggregate, 11, 0.589, 79.825},     {"seed-002-3", NodeKind::aggregate, 11, 0.919, 75.332},
    {"seed-002-4", NodeKind::aggregate, 11, 0.632, 73.704},     {"seed-002-5", NodeKind::result, 9, 0.667, 57.681},
    {"seed-002-6", NodeKind::result, 9, 10.044, 50.339},        {"seed-002-7", NodeKind::aggregate, 5, 0.486, 61.230},
    {"seed-002-8", NodeKind::aggregate, 5, 0.597, 45.550},      {"seed-003-1", NodeKind::aggregate, 14, 1.038, 37.581},
    {"seed-003-2", NodeKind::aggregate, 14, 0.630, 27.110},     {"seed-003-3", NodeKind::append, 20, 0.699, 47.929},
    {"seed-003-4", NodeKind::seq_scan, 7, 2.505, 2.550},
};

}  // namespace

TEST_CASE("seed plans parse with the right shape and times") {
    for (const Expected& e : expected) {
        INFO(e.file);
        const std::string text = read_file(plans_dir / (std::string(e.file) + ".txt"));
        REQUIRE_FALSE(text.empty());
        auto plan = parse_plan(text);
        REQUIRE(plan);
        CHECK(plan->root().kind == e.root);
        CHECK(plan->nodes.size() == e.nodes);
        CHECK(plan->planning_time == Approx(e.planning_ms));
        CHECK(plan->execution_time == Approx(e.execution_ms));
    }
}

TEST_CASE("seed plans reproduce their text byte for byte") {
    for (const Expected& e : expected) {
        INFO(e.file);
        const std::string text = read_file(plans_dir / (std::string(e.file) + ".txt"));
        auto plan = parse_plan(text);
        REQUIRE(plan);
        CHECK(to_text(*plan) == text);
    }
}

TEST_CASE("seed plans render the reviewed PostgreSQL JSON") {
    for (const Expected& e : expected) {
        INFO(e.file);
        const std::string text = read_file(plans_dir / (std::string(e.file) + ".txt"));
        auto plan = parse_plan(text);
        REQUIRE(plan);
        const Plan* plans[] = {&*plan};
        CHECK(to_pg_json(plans) == read_file(plans_dir / (std::string(e.file) + ".json")));
    }
}

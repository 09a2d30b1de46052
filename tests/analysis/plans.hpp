// Test helpers: plans parsed from fixtures or from text written in the test,
// kept together with the text their views point into.
#pragma once

#include "support/read_file.hpp"

#include <planlens/parse.hpp>
#include <planlens/plan.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace planlens::test {

inline const std::filesystem::path fixtures_dir = std::filesystem::path(PLANLENS_SOURCE_DIR) / "fixtures";

struct Loaded {
    std::string text;
    Plan plan;
};

/// Parses one bare plan; the test fails when it does not parse.
inline std::unique_ptr<Loaded> parse_text(std::string text) {
    auto loaded = std::make_unique<Loaded>();
    loaded->text = std::move(text);
    auto plan = parse_plan(loaded->text);
    if (!plan) FAIL("plan does not parse: " << plan.error().message << " at line " << plan.error().position.line);
    loaded->plan = std::move(plan).value();
    return loaded;
}

/// fixtures/plans/NAME.txt, e.g. seed("seed-000-1").
inline std::unique_ptr<Loaded> seed(const std::string& name) {
    const std::string text = read_file(fixtures_dir / "plans" / (name + ".txt"));
    REQUIRE_FALSE(text.empty());
    return parse_text(text);
}

/// The first node whose header line contains `what` (e.g. "Seq Scan on meal ").
inline NodeId node_with(const Plan& plan, std::string_view what) {
    for (NodeId id = 0; id < plan.nodes.size(); ++id)
        if (plan.lines[plan.nodes[id].line].text.find(what) != std::string_view::npos) return id;
    FAIL("no node line contains " << what);
    return no_node;
}

}  // namespace planlens::test

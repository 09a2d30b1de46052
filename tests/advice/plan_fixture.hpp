// Loading plans for the advice tests: fixture files and inline text.
#pragma once

#include "support/read_file.hpp"

#include <planlens/parse.hpp>
#include <planlens/plan.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace planlens::test {

/// A plan together with the text its views point into.
struct OwnedPlan {
    std::unique_ptr<std::string> text;
    Plan plan;
};

inline OwnedPlan plan_from_text(std::string text) {
    OwnedPlan out{std::make_unique<std::string>(std::move(text)), {}};
    auto parsed = parse_plan(*out.text);
    if (!parsed) FAIL("plan does not parse: " << parsed.error().message);
    out.plan = std::move(parsed).value();
    return out;
}

/// fixtures/plans/NAME.txt, e.g. "seed-000-1".
inline OwnedPlan seed_plan(std::string_view name) {
    return plan_from_text(read_file(std::string(PLANLENS_SOURCE_DIR) + "/fixtures/plans/" + std::string(name) + ".txt"));
}

/// The first node whose printed name and relation (or alias) match.
inline const Node& node_named(const Plan& plan, std::string_view name, std::string_view object = {}) {
    for (const Node& n : plan.nodes)
        if (n.name == name && (object.empty() || n.target.object == object || n.target.alias == object)) return n;
    FAIL("no node " << name << " on " << object);
    return plan.root();
}

}  // namespace planlens::test

// hot_nodes: the ranking, and the nodes the seed writeups' authors went after.
#include "plans.hpp"

#include <planlens/hot_nodes.hpp>

#include <algorithm>

using namespace planlens;
using planlens::test::node_with;
using planlens::test::seed;

namespace {

std::vector<HotNode> ranked(const Plan& plan, std::size_t top = 10) {
    const TimeProfile profile = exclusive_time(plan);
    return hot_nodes(plan, profile, find_problems(plan, profile), HotOptions{top});
}

bool has_reason(const HotNode& hot, std::string_view rule) {
    return std::find(hot.reasons.begin(), hot.reasons.end(), rule) != hot.reasons.end();
}

}  // namespace

TEST_CASE("done means: 000's first plan, the parallel seq scans on transactions") {
    const auto p = seed("seed-000-1");
    const auto hot = ranked(p->plan);
    REQUIRE(hot.size() >= 2);
    CHECK(hot[0].node == node_with(p->plan, "Parallel Seq Scan on transactions  "));
    CHECK(hot[1].node == node_with(p->plan, "Parallel Seq Scan on transactions transactions_1"));
    CHECK(has_reason(hot[0], rule::filter_discards_most_rows));
    CHECK(has_reason(hot[0], rule::large_share_of_time));
}

TEST_CASE("done means: 001's first plan, the seq scan on meal") {
    const auto p = seed("seed-001-1");
    const auto hot = ranked(p->plan);
    REQUIRE_FALSE(hot.empty());
    CHECK(hot[0].node == node_with(p->plan, "Seq Scan on meal  "));
}

TEST_CASE("done means: 001's third plan, the seq scan on user_workouts") {
    const auto p = seed("seed-001-3");
    const auto hot = ranked(p->plan);
    REQUIRE_FALSE(hot.empty());
    CHECK(hot[0].node == node_with(p->plan, "Seq Scan on user_workouts c"));
    CHECK(hot[0].self == Catch::Detail::Approx(116.055 - 29.194));  // its hashed SubPlan taken out
}

TEST_CASE("done means: 000's fourth plan, the scan on users_to_group") {
    const auto p = seed("seed-000-4");
    const auto hot = ranked(p->plan);
    REQUIRE_FALSE(hot.empty());
    CHECK(hot[0].node == node_with(p->plan, "Parallel Seq Scan on users_to_group"));
}

TEST_CASE("ranking: largest exclusive time first, top N, top 0 for all") {
    const auto p = seed("seed-003-3");
    const auto all = ranked(p->plan, 0);
    CHECK(all.size() == p->plan.nodes.size());
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].self >= all[i].self);
    const auto three = ranked(p->plan, 3);
    REQUIRE(three.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(three[i].node == all[i].node);
    const TimeProfile profile = exclusive_time(p->plan);
    CHECK(all[0].share == Catch::Detail::Approx(profile[all[0].node].share));
}

TEST_CASE("ranking: reasons are the rule ids of the node's findings, in rule order") {
    const auto p = seed("seed-001-3");
    const TimeProfile profile = exclusive_time(p->plan);
    const auto findings = find_problems(p->plan, profile);
    for (const HotNode& hot : hot_nodes(p->plan, profile, findings, HotOptions{0})) {
        std::vector<std::string_view> expected;
        for (const Finding& f : findings)
            if (f.node == hot.node) expected.push_back(f.rule);
        CHECK(hot.reasons == expected);
    }
}

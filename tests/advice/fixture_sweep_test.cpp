// Every condition in every fixture plan goes through the parser: nothing
// crashes, and the seeds (real pasted plans) are understood completely.
#include <planlens/expression.hpp>

#include "plan_fixture.hpp"

#include <filesystem>

using namespace planlens;

namespace {

bool is_condition(PropertyKind k) {
    switch (k) {
        case PropertyKind::filter:
        case PropertyKind::join_filter:
        case PropertyKind::index_cond:
        case PropertyKind::recheck_cond:
        case PropertyKind::hash_cond:
        case PropertyKind::merge_cond:
        case PropertyKind::one_time_filter:
        case PropertyKind::tid_cond:
        case PropertyKind::run_condition:
        case PropertyKind::order_by: return true;
        default: return false;
    }
}

bool is_list(PropertyKind k) {
    return k == PropertyKind::sort_key || k == PropertyKind::presorted_key || k == PropertyKind::group_key ||
           k == PropertyKind::hash_key || k == PropertyKind::cache_key;
}

struct Tally {
    std::size_t conditions = 0, full = 0;
    std::vector<std::string> partial;
};

void sweep(const Plan& plan, Tally& t) {
    for (const Node& n : plan.nodes) {
        for (const Property& p : plan.properties_of(n)) {
            auto count = [&](const Expression& e) {
                ++t.conditions;
                REQUIRE(e.root != no_expr);
                if (e.fully_parsed())
                    ++t.full;
                else
                    t.partial.emplace_back(e.text);
            };
            if (is_condition(p.kind)) count(parse_condition(plan, n, p.value));
            if (is_list(p.kind)) split_list(p.value, [&](std::string_view item) { count(parse_sort_item(item).expr); });
        }
    }
}

Tally sweep_dir(const std::string& dir) {
    Tally t;
    if (!std::filesystem::exists(dir)) return t;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".txt") continue;
        const std::string text = planlens::test::read_file(entry.path().string());
        auto plan = parse_plan(text);
        if (!plan) continue;  // the parser's own tests report these
        sweep(*plan, t);
    }
    return t;
}

}  // namespace

TEST_CASE("sweep: every seed condition parses completely") {
    const Tally t = sweep_dir(std::string(PLANLENS_SOURCE_DIR) + "/fixtures/plans");
    CHECK(t.conditions > 50);
    for (const std::string& s : t.partial) UNSCOPED_INFO(s);
    CHECK(t.partial.empty());
}

TEST_CASE("sweep: PostgreSQL 15 fixture conditions parse without trouble") {
    const Tally t = sweep_dir(std::string(PLANLENS_SOURCE_DIR) + "/fixtures/pg15");
    if (t.conditions == 0) return;  // fixtures/pg15 not captured in this checkout
    CHECK(t.conditions > 200);
    for (const std::string& s : t.partial) UNSCOPED_INFO("partly raw: " << s);
    CHECK(t.partial.empty());
}

// Before/after pairs in a writeup: the usual layout is a heading per query,
// then the plan, the change (CREATE INDEX ...), the plan again.
#include <planlens/plan_diff.hpp>

#include <unordered_set>

namespace planlens {

namespace {

/// Plans of different queries that happen to sit under one heading (or under
/// none) rarely read the same relations: demand at least one in common.
bool read_common_relation(const Plan& x, const Plan& y) {
    std::unordered_set<std::string_view> objects;
    for (const Node& n : x.nodes)
        if (!n.target.object.empty()) objects.insert(n.target.object);
    for (const Node& n : y.nodes)
        if (!n.target.object.empty() && objects.count(n.target.object) != 0) return true;
    return false;
}

bool same_query(const FoundPlan& x, const FoundPlan& y) {
    if (x.heading != y.heading) return false;
    if (!x.sql.empty() && !y.sql.empty() && x.sql != y.sql) return false;
    return read_common_relation(*x.plan, *y.plan);
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> before_after_pairs(std::span<const FoundPlan> plans) {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::size_t previous = plans.size();  // the last parsed plan, if any
    for (std::size_t i = 0; i < plans.size(); ++i) {
        if (!plans[i].plan) continue;
        if (previous != plans.size() && same_query(plans[previous], plans[i])) pairs.emplace_back(previous, i);
        previous = i;
    }
    return pairs;
}

}  // namespace planlens

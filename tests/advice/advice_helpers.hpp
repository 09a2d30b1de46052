// Shorthands for the advice tests: pick advice by rule, build small plans.
#pragma once

#include <planlens/advice.hpp>

#include "plan_fixture.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace planlens::test {

inline std::vector<Advice> by_rule(const std::vector<Advice>& all, std::string_view rule) {
    std::vector<Advice> out;
    for (const Advice& a : all)
        if (a.rule == rule) out.push_back(a);
    return out;
}

inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

/// A scan header with ANALYZE figures: "Seq Scan on t  (cost=...) (actual ... rows=R loops=L)".
inline std::string analyzed(std::string_view head, double rows, double loops = 1, double ms = 10) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "  (cost=0.00..1000.00 rows=%.0f width=8) (actual time=0.010..%.3f rows=%.0f loops=%.0f)",
                  rows, ms, rows, loops);
    return std::string(head) + buf;
}

}  // namespace planlens::test

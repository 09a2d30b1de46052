// The diff fuzz target: two plans from one input, split at the first 0x1E
// byte (ASCII record separator; without one, the input is diffed with
// itself), each parsed with parse_plan; every pair that parses must diff and
// render without crashing, and the JSON must be one line.
#include "targets.hpp"

#include <planlens/parse.hpp>
#include <planlens/plan_diff.hpp>

#include <cstdio>
#include <cstdlib>

namespace planlens::fuzz {

void diff_target(std::string_view input) {
    const std::size_t cut = input.find('\x1e');
    const std::string_view first = input.substr(0, cut);
    const std::string_view second = cut == std::string_view::npos ? first : input.substr(cut + 1);
    ParseLimits limits;
    limits.max_depth = 2000;
    const auto before = parse_plan(first, limits);
    const auto after = parse_plan(second, limits);
    if (!before || !after) return;
    const auto diff = diff_plans(*before, *after);
    if (!diff) return;
    const std::string json = diff_json(*diff);
    if (json.empty() || json.back() != '\n' || json.find('\n') != json.size() - 1) {
        std::fprintf(stderr, "fuzz property violated: diff JSON is one line\n");
        std::abort();
    }
    (void)diff_markdown(*diff);
    (void)summary(*diff);
}

}  // namespace planlens::fuzz

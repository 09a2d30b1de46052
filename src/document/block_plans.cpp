// The plans of one region of a document: parse_plan takes each plan from its
// root to the line where it ends, and each becomes a FoundPlan.
#include "block_plans.hpp"

#include "evidence.hpp"
#include "../parse/plan_if_root.hpp"

#include <algorithm>

namespace planlens::detail {

namespace {

/// The first row of an explicit container is its root, unless it is not
/// text-format EXPLAIN at all (JSON, XML or YAML output in a QUERY PLAN table).
bool forced_root(const Block& block, std::size_t i) {
    if (!block.explicit_root) return false;
    const std::string_view body = block.lines[i].text.substr(indent_bytes(block.lines[i].text));
    return !body.empty() && is_upper(body.front());
}

/// A plan that failed to parse spans its lines up to a blank line or the next root.
std::size_t skip_broken(std::span<const SourceLine> lines, std::size_t i) {
    ++i;
    while (i < lines.size() && !lines[i].text.empty() && !starts_plan(lines, i)) ++i;
    return i;
}

/// Rows that were CSV-quoted make a bare or fenced plan a CSV export.
PasteStyle style_of(const Block& block, std::size_t begin, std::size_t end) {
    if (block.style != PasteStyle::bare && block.style != PasteStyle::fenced &&
        block.style != PasteStyle::psql_unaligned)
        return block.style;
    const auto quoted = std::lower_bound(block.csv_rows.begin(), block.csv_rows.end(), begin);
    return quoted != block.csv_rows.end() && *quoted < end ? PasteStyle::csv : block.style;
}

}  // namespace

void find_plans(const Block& block, const RewriteIndex& rewrites, const ParseLimits& limits, const PlanSink& emit) {
    const std::span<const SourceLine> lines = block.lines;
    std::size_t i = 0;
    while (i < lines.size() && lines[i].text.empty()) ++i;
    bool first = true;
    while (i < lines.size()) {
        // a root with evidence is parsed right away: parsing is what tells it is a root
        std::size_t consumed = 0;
        std::optional<Result<Plan>> parsed;
        if (first && forced_root(block, i)) parsed = parse_plan(lines.subspan(i), consumed, limits);
        else if (has_root_evidence(lines, i)) parsed = parse_plan_if_root(lines.subspan(i), consumed, limits);
        if (!parsed && first && starts_fragment(lines, i)) parsed = parse_plan(lines.subspan(i), consumed, limits);
        first = false;
        if (!parsed) {
            ++i;
            continue;
        }
        Result<Plan>& plan = *parsed;
        FoundPlan found;
        found.heading = block.heading;
        found.sql = block.sql;
        found.first_line = lines[i].line;
        std::size_t end = i + consumed;
        // positions on a rejoined or decoded line point at the original bytes
        if (plan) {
            // the lines right under the plan that it did not take (a remainder
            // of a broken line that could not be told where it belongs) are reported
            while (end < lines.size() && !lines[end].text.empty() && !starts_plan(lines, end) &&
                   lines[end].line == rewrites.last_line(lines[end - 1]) + 1) {
                plan->warnings.push_back(Warning{{lines[end].line, lines[end].column},
                                                 "this line is not a plan line and continues none that could be "
                                                 "told: left out of the plan"});
                ++end;
            }
            found.last_line = rewrites.last_line(plan->lines.back());
            for (Warning& warning : plan->warnings) warning.position = rewrites.locate(warning.position);
            found.plan = std::move(plan).value();
        } else {
            found.error = plan.error();
            found.error->position = rewrites.locate(found.error->position);
            end = skip_broken(lines, i);
            found.last_line = rewrites.last_line(lines[end - 1]);
        }
        found.style = style_of(block, i, end);
        i = end;
        emit(std::move(found));
    }
}

}  // namespace planlens::detail

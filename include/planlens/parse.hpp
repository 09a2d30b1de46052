// Parsing plan text into a Plan. These functions never throw; errors come
// back as values with the line and column in the original document.
#pragma once

#include <planlens/fields.hpp>
#include <planlens/plan.hpp>
#include <planlens/result.hpp>
#include <planlens/source.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace planlens {

/// Limits that keep hostile input from exhausting memory or time.
struct ParseLimits {
    std::size_t max_depth = 10'000;        ///< nesting of nodes
    std::size_t max_line_length = 1 << 20; ///< bytes in one plan line
};

/// Parses one plan given as plain PostgreSQL text (what `psql -At` prints).
/// Blank lines around the plan are ignored; anything else that is not part of
/// the plan is an error. The plan's views point into `text`: keep it alive.
/// Text that starts like EXPLAIN's JSON, YAML or XML output (detect_format)
/// is read as such (parse_structured_plan).
Result<Plan> parse_plan(std::string_view text, const ParseLimits& limits = {});

/// A string literal lives as long as the program: parsing one is safe.
inline Result<Plan> parse_plan(const char* text, const ParseLimits& limits = {}) {
    return parse_plan(std::string_view(text), limits);
}

/// Deleted: the plan would point into a temporary string that is gone when
/// this returns. Keep the text in a variable (or use Document::from_text,
/// which owns it).
Result<Plan> parse_plan(std::string&& text, const ParseLimits& limits = {}) = delete;
Result<Plan> parse_plan(const std::string&& text, const ParseLimits& limits = {}) = delete;

/// Parses the plan whose root header is `lines[0]`, from lines already
/// unwrapped out of a document. Stops before the first line that cannot
/// belong to the plan (a blank line, a line left of the root, a second root)
/// and reports how many lines it used in `consumed`.
Result<Plan> parse_plan(std::span<const SourceLine> lines, std::size_t& consumed,
                        const ParseLimits& limits = {});

/// The structured format `text` starts like (after blank space): '[' or '{'
/// is JSON; "- Plan:" (or auto_explain's quoted "Query Text:") YAML;
/// "<explain" or "<?xml" XML; PlanFormat::text otherwise.
PlanFormat detect_format(std::string_view text) noexcept;

/// Reads every plan of a document in EXPLAIN's JSON, YAML or XML format (one
/// per element of the array, list or <explain>; auto_explain's one). The plans
/// own copies of what they need; `text` may go away. Errors are located at
/// the byte where the document stops being well-formed, or at the field that
/// does not fit a plan.
Result<std::vector<Plan>> parse_structured(std::string_view text, PlanFormat format, const ParseLimits& limits = {});
/// The one plan of a structured document (an error if it holds another number).
Result<Plan> parse_structured_plan(std::string_view text, PlanFormat format, const ParseLimits& limits = {});

/// Whether `line` could start a plan: a node header at its own indentation,
/// e.g. "Limit  (cost=...)" or, under COSTS OFF, a bare known node name.
/// Cheap enough to run on every line of a prose document.
bool is_plan_root(std::string_view line) noexcept;

/// Whether the root header carries "(cost=", "(actual" or "(never executed)":
/// strong evidence of a plan even without any following line.
bool has_plan_numbers(std::string_view line) noexcept;

}  // namespace planlens

// EXPLAIN (FORMAT JSON / YAML / XML) output in a pasted document: where each
// one is, how it was pasted, and its text with the paste style undone.
#pragma once

#include "../parse/structured/source_map.hpp"

#include <planlens/document.hpp>
#include <planlens/fields.hpp>
#include <planlens/source.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::detail {

struct StructuredBlock {
    PasteStyle style = PasteStyle::bare;
    PlanFormat format = PlanFormat::json;
    std::string text;  ///< the unwrapped lines, each ending with '\n'
    SourceMap map;     ///< offsets in `text` -> document lines and columns
    std::uint32_t first_line = 0, last_line = 0;
};

/// Every structured plan region of the document, in order.
std::vector<StructuredBlock> find_structured_blocks(std::string_view text);

/// Reads the structured plans of the document into `plans` (which holds its
/// text plans), in document order; drops text "plans" found inside them.
/// `errors` counts the plans in `plans` that failed.
void add_structured_plans(std::string_view text, std::vector<FoundPlan>& plans, std::size_t& errors,
                          const ParseLimits& limits);

}  // namespace planlens::detail

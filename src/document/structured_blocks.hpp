// EXPLAIN (FORMAT JSON / YAML / XML) output in a pasted document: where each
// one is, how it was pasted, and its text with the paste style undone.
#pragma once

#include "../parse/structured/source_map.hpp"
#include "block_plans.hpp"

#include <planlens/document.hpp>
#include <planlens/fields.hpp>
#include <planlens/source.hpp>

#include <cstdint>
#include <functional>
#include <limits>
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

/// The structured plans of a document, read a block at a time and handed out
/// in document order among its text plans: a text plan starting at line L
/// comes after every block that starts above L.
class StructuredPlans {
public:
    StructuredPlans(std::string_view text, const ParseLimits& limits);

    /// Whether document line `line` is inside a structured block (so a text
    /// "plan" starting there is part of it, not a plan of its own).
    bool covers(std::uint32_t line) const noexcept;
    /// Reads the blocks that start above `line` and emits their plans.
    void emit_before(std::uint32_t line, const PlanSink& emit);
    /// Reads the blocks that are left.
    void emit_rest(const PlanSink& emit) { emit_before(std::numeric_limits<std::uint32_t>::max(), emit); }

private:
    void emit_block(std::size_t b, const PlanSink& emit);

    ParseLimits limits_;
    std::vector<StructuredBlock> blocks_;
    std::vector<std::string_view> headings_;  ///< the nearest markdown heading above each block
    std::size_t next_ = 0;                    ///< the first block not read yet
};

}  // namespace planlens::detail

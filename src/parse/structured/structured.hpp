// Plans from a document in EXPLAIN's JSON, YAML or XML format: the reader
// turns the document into fields, each EXPLAIN element in it is rendered as
// the text PostgreSQL prints for it, and the text parser builds the Plan from
// those lines, so a structured plan has the same nodes and properties as the
// text plan of the same run, plus every field of the original.
#pragma once

#include "source_map.hpp"
#include "text_store.hpp"

#include <planlens/fields.hpp>
#include <planlens/parse.hpp>
#include <planlens/plan.hpp>

#include <memory>
#include <string_view>
#include <vector>

namespace planlens::detail {

/// Every plan in `text` (one per EXPLAIN element; one error when the document
/// itself cannot be read). Positions come from `map`; the plans keep `store`.
/// The format of a document (or paste) whose first line is the first line of
/// `text`: JSON, YAML or XML by what EXPLAIN writes first; text otherwise.
PlanFormat structured_start(std::string_view text) noexcept;

std::vector<Result<Plan>> read_structured_plans(std::string_view text, PlanFormat format, const SourceMap& map,
                                                const std::shared_ptr<TextStore>& store, const ParseLimits& limits);

}  // namespace planlens::detail

// Advice records as JSON, for `planlens advise --json` and `show --json`
// (docs/json.md): {"rule", "node": {identity} | null, "also": [identities],
// "confidence", "relation", "evidence", "action", "statement", "columns"}.
#pragma once

#include "../render/json_writer.hpp"

#include <planlens/advice.hpp>

namespace planlens::advice {

/// append_advice_text() for a given width: lines wrapped at spaces to
/// `width` columns (a word longer than a line stays whole).
void append_text(std::string& out, const Plan& plan, const std::vector<Advice>& advice, int indent, std::size_t width);

/// Writes `advice` as a JSON array at the writer's current position.
void append_records(detail::JsonWriter& w, const Plan& plan, const std::vector<Advice>& advice);

}  // namespace planlens::advice

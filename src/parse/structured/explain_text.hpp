// A structured plan's fields rendered as PostgreSQL's text format, line by
// line, each line positioned at the field it comes from.
#pragma once

#include "readers.hpp"

#include <planlens/source.hpp>

#include <cstdint>
#include <vector>

namespace planlens::detail {

struct RenderedLines {
    std::vector<SourceLine> lines;
    std::vector<std::uint32_t> node_fields;  ///< each node's object in `fields`, in pre-order
    std::vector<std::uint32_t> node_lines;   ///< each node's header in `lines`, in the same order
};

/// Renders the EXPLAIN element fields[element] ({"Plan": ..., "Planning Time": ...}).
void render_explain_text(const Fields& fields, std::size_t element, TextStore& store, RenderedLines& out);

}  // namespace planlens::detail

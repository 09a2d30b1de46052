// The members `planlens hot --json` adds to each plan element (a contract,
// see docs/json.md and docs/hot-rules.md):
//   "basis": "actual_time" | "cost", "total": the plan's total (ms or cost),
//   "nodes": node records ordered by exclusive time, largest first, each the
//   node's identity (id, line, node_type, name, relation, alias, index) and
//   {"exclusive_ms", "exclusive_ms_error", "share", "reasons", "buffers"}.
// exclusive_ms is null when the plan has no timing (the ranking is then by
// planner cost), and so is exclusive_ms_error, its ± rounding bound; buffers
// holds the node's own counts, null when the plan was not run with BUFFERS;
// figures JSON cannot hold (inf, NaN) are null.
#pragma once

#include "../render/json_writer.hpp"

#include <planlens/buffers.hpp>
#include <planlens/hot_nodes.hpp>

namespace planlens::analysis {

/// "buffers": the node's own (exclusive) counts, or null when the plan was
/// not run with BUFFERS (shared by hot's and show's node records).
void append_exclusive_buffers(detail::JsonWriter& w, const IoProfile& io, NodeId id);

void append_hot_members(detail::JsonWriter& w, const Plan& plan, const HotOptions& options);

}  // namespace planlens::analysis

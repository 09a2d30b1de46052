// The JSON of `planlens hot --json` (a contract, see docs/hot-rules.md):
// one array per plan, each holding node records ordered by exclusive time,
// largest first:
//   {"node_type", "relation", "index", "exclusive_ms", "exclusive_ms_error",
//    "share", "reasons", "buffers"}
// node_type is PostgreSQL's Node Type ("Aggregate" for HashAggregate);
// relation and index are null when the node names none; exclusive_ms is null
// when the plan has no timing (the ranking is then by planner cost), and so
// is exclusive_ms_error, its ± rounding bound; buffers holds the node's own
// counts, null when the plan was not run with BUFFERS.
#pragma once

#include <planlens/hot_nodes.hpp>

#include <span>
#include <string>

namespace planlens::analysis {

std::string hot_nodes_json(std::span<const Plan* const> plans, const HotOptions& options);

}  // namespace planlens::analysis

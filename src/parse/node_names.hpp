// Decoding a printed node name ("Parallel Seq Scan", "Partial HashAggregate",
// "Hash Right Anti Join", "Index Scan Backward") into a kind and modifiers,
// following the switch in ExplainNode() backwards.
#pragma once

#include <planlens/node.hpp>

#include <string_view>

namespace planlens::detail {

/// Sets `node`'s kind and the modifiers folded into its printed name. Never
/// fails: names it does not know decode to NodeKind::unknown.
void decode_node_name(std::string_view name, Node& node) noexcept;

/// Whether `name` decodes to a node PostgreSQL can print.
bool is_known_node_name(std::string_view name) noexcept;

}  // namespace planlens::detail

// Decoding a printed node name ("Parallel Seq Scan", "Partial HashAggregate",
// "Hash Right Anti Join", "Index Scan Backward") into a kind and modifiers,
// following the switch in ExplainNode() backwards.
#pragma once

#include <planlens/node.hpp>

#include <string_view>

namespace planlens::detail {

struct DecodedName {
    NodeKind kind = NodeKind::unknown;
    JoinType join_type = JoinType::none;
    Strategy strategy = Strategy::none;
    PartialMode partial_mode = PartialMode::none;
    ScanDirection scan_direction = ScanDirection::none;
    SetOpCommand set_op_command = SetOpCommand::none;
    Operation operation = Operation::none;
    bool parallel_aware = false;
    bool async_capable = false;
    std::string_view custom_provider;
};

/// Never fails: names it does not know decode to NodeKind::unknown.
DecodedName decode_node_name(std::string_view name) noexcept;

/// Whether `name` decodes to a node PostgreSQL can print.
inline bool is_known_node_name(std::string_view name) noexcept {
    return decode_node_name(name).kind != NodeKind::unknown;
}

}  // namespace planlens::detail

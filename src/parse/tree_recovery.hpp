// Rebuilding a plan's tree when its indentation cannot be trusted (stripped
// by a chat client, child arrows re-indented to the root's column): from what
// PostgreSQL guarantees whatever the indentation. "->" starts every node but
// the root, a property line belongs to the node above it, a subplan label
// opens a subplan, each node kind has a known number of children
// (ExplainNode() prints InitPlans, then the outer and inner child or the
// members, then SubPlans), and the figures nest (a parent's cost and time
// cover its children's, an Append's rows are its members' sum).
#pragma once

#include <planlens/node_kind.hpp>
#include <planlens/plan.hpp>
#include <planlens/result.hpp>
#include <planlens/source.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace planlens::detail {

/// How many children other than InitPlans and SubPlans a node can have.
struct Arity {
    std::uint32_t min = 0;
    std::uint32_t max = std::numeric_limits<std::uint32_t>::max();
};
Arity arity_of(NodeKind kind) noexcept;

/// Whether every node has as many children as its kind allows.
bool tree_fits_kinds(const Plan& plan) noexcept;

/// The tree rebuilt from the arrows: the column PostgreSQL would have
/// indented each line to (explain.c: two spaces a level, "->  ", properties
/// two past the arrow's text), for the lines from the root up to where the
/// plan ends, and the warning that says so (with the alternatives when more
/// than one tree fits).
struct RebuiltTree {
    std::vector<int> columns;
    Warning warning;
};

/// Rebuilds the tree of the plan whose root is `lines[0]`. `unreliable` is
/// the index of the first line whose indentation contradicts the tree.
/// Nullopt when there is nothing to rebuild (no "->" child).
std::optional<RebuiltTree> rebuild_tree(std::span<const SourceLine> lines, std::size_t unreliable);

}  // namespace planlens::detail

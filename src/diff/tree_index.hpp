// Constant-time ancestor tests and logarithmic lowest common ancestors on a
// plan tree, so matching stays O(n log n) on plans of any depth and shape.
#pragma once

#include <planlens/plan.hpp>

#include <cstddef>
#include <vector>

namespace planlens::diff {

class TreeIndex {
public:
    explicit TreeIndex(const Plan& plan);

    /// Nodes are stored in pre-order, so `a`'s subtree is [a, end(a)).
    NodeId end(NodeId a) const noexcept { return ends_[a]; }
    bool is_ancestor_or_self(NodeId a, NodeId b) const noexcept { return a <= b && b < ends_[a]; }
    NodeId parent(NodeId a) const noexcept { return up_[0][a]; }
    std::size_t depth(NodeId a) const noexcept { return depth_[a]; }
    /// Lowest common ancestor; no_node stands for the empty set.
    NodeId lca(NodeId a, NodeId b) const noexcept;

private:
    std::vector<NodeId> ends_;
    std::vector<std::size_t> depth_;
    /// up_[k][v]: the 2^k-th ancestor of v, or no_node.
    std::vector<std::vector<NodeId>> up_;
};

}  // namespace planlens::diff

#include "tree_index.hpp"

#include <algorithm>

namespace planlens::diff {

TreeIndex::TreeIndex(const Plan& plan) : ends_(plan.nodes.size()) {
    const std::size_t n = plan.nodes.size();
    // Children come after their parent in pre-order: one backward sweep.
    for (std::size_t i = n; i-- > 0;) ends_[i] = std::max(ends_[i], static_cast<NodeId>(i + 1));
    for (std::size_t i = n; i-- > 0;) {
        const NodeId parent = plan.nodes[i].parent;
        if (parent != no_node && parent < i) ends_[parent] = std::max(ends_[parent], ends_[i]);
    }
    // Depth from the links themselves (parents precede children), not trusted from the parser.
    depth_.assign(n, 0);
    std::size_t max_depth = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const NodeId parent = plan.nodes[i].parent;
        if (parent != no_node && parent < i) depth_[i] = depth_[parent] + 1;
        max_depth = std::max(max_depth, depth_[i]);
    }
    up_.emplace_back(n);
    for (std::size_t i = 0; i < n; ++i) up_[0][i] = plan.nodes[i].parent < i ? plan.nodes[i].parent : no_node;
    for (std::size_t step = 1; (std::size_t{1} << step) <= max_depth; ++step) {
        std::vector<NodeId> level(n, no_node);
        const std::vector<NodeId>& half = up_.back();
        for (std::size_t i = 0; i < n; ++i) level[i] = half[i] == no_node ? no_node : half[half[i]];
        up_.push_back(std::move(level));
    }
}

NodeId TreeIndex::lca(NodeId a, NodeId b) const noexcept {
    if (a == no_node) return b;
    if (b == no_node) return a;
    if (is_ancestor_or_self(a, b)) return a;
    if (is_ancestor_or_self(b, a)) return b;
    // Climb from a to the highest ancestor that is still not above b.
    for (std::size_t k = up_.size(); k-- > 0;) {
        const NodeId next = up_[k][a];
        if (next != no_node && !is_ancestor_or_self(next, b)) a = next;
    }
    return up_[0][a] == no_node ? a : up_[0][a];
}

}  // namespace planlens::diff

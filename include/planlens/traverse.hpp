// Traversals of a plan tree as range-v3 compatible views:
//   preorder(plan)          every node, root first, children in printed order
//   children(plan, node)    direct children in printed order
//   ancestors(plan, node)   parent, grandparent, ... up to the root
// All are lazy, allocation-free and compose with range-v3 adaptors:
//   for (const Node& scan : preorder(plan) | ranges::views::filter(is_seq_scan)) ...
#pragma once

#include <planlens/plan.hpp>

#include <range/v3/view/all.hpp>
#include <range/v3/view/subrange.hpp>

#include <cstddef>
#include <iterator>

namespace planlens {

namespace detail {

/// Forward iterator that follows one link field (next_sibling or parent).
template <NodeId Node::*Link>
class LinkIterator {
public:
    using value_type = Node;
    using reference = const Node&;
    using pointer = const Node*;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::forward_iterator_tag;

    LinkIterator() = default;
    LinkIterator(const Plan* plan, NodeId id) : plan_(plan), id_(id) {}

    reference operator*() const { return plan_->nodes[id_]; }
    pointer operator->() const { return &plan_->nodes[id_]; }
    LinkIterator& operator++() {
        id_ = plan_->nodes[id_].*Link;
        return *this;
    }
    LinkIterator operator++(int) {
        LinkIterator old = *this;
        ++*this;
        return old;
    }
    friend bool operator==(const LinkIterator& a, const LinkIterator& b) { return a.id_ == b.id_; }
    friend bool operator!=(const LinkIterator& a, const LinkIterator& b) { return a.id_ != b.id_; }

private:
    const Plan* plan_ = nullptr;
    NodeId id_ = no_node;
};

using SiblingIterator = LinkIterator<&Node::next_sibling>;
using ParentIterator = LinkIterator<&Node::parent>;

}  // namespace detail

/// Every node of the plan, root first (nodes are stored in pre-order).
inline auto preorder(const Plan& plan) { return ranges::views::all(plan.nodes); }

/// Direct children of `node`, in printed order.
inline auto children(const Plan& plan, const Node& node) {
    return ranges::subrange(detail::SiblingIterator(&plan, node.first_child),
                            detail::SiblingIterator(&plan, no_node));
}

/// The parent of `node`, its parent, ... up to the root.
inline auto ancestors(const Plan& plan, const Node& node) {
    return ranges::subrange(detail::ParentIterator(&plan, node.parent), detail::ParentIterator(&plan, no_node));
}

}  // namespace planlens

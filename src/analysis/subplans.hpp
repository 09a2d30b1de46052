// Where the work of an InitPlan or a CTE is counted when the plan runs:
// PostgreSQL's per-node figures (time, Buffers, I/O Timings) include it in
// the node that needed the InitPlan's value, and in the CTE Scans that pulled
// the CTE's rows, not in the node the subplan hangs under. The timing and the
// buffers attributions both take it from there.
#pragma once

#include "plan_walk.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace planlens::analysis {

class SubplanPlacement {
public:
    explicit SubplanPlacement(const Plan& plan);

    /// For every node, one past the last node of its subtree (see subtree_ends).
    const std::vector<NodeId>& ends() const noexcept { return ends_; }

    /// The node that ran the InitPlan `init_plan`: the node it hangs under
    /// when that one names its parameter or no node below does, else the
    /// first node below (in printed order, outside the InitPlan) that does.
    NodeId init_plan_consumer(NodeId init_plan) const;

    /// The CTE Scans that read the CTE `cte` within its query level (the
    /// subtree of the node it hangs under), outside the CTE itself, in plan order.
    std::vector<NodeId> cte_readers(NodeId cte);

private:
    bool mentions(NodeId id, std::string_view label) const;
    NodeId scan_for_consumer(NodeId init_plan) const;
    void index_parameters() const;
    void index_cte_scans();

    const Plan& plan_;
    std::vector<NodeId> ends_;
    std::unordered_map<std::string, std::vector<NodeId>> cte_scans_;  ///< by the name they read; ascending
    bool cte_scans_indexed_ = false;
    /// Which nodes mention each "$N" and "InitPlan N", ascending; built on
    /// first use by the const lookup, hence mutable.
    mutable std::unordered_map<std::string_view, std::vector<NodeId>> parameters_;
    mutable bool parameters_indexed_ = false;
};

}  // namespace planlens::analysis

#include "subplans.hpp"

#include <algorithm>

namespace planlens::analysis {

SubplanPlacement::SubplanPlacement(const Plan& plan) : plan_(plan), ends_(subtree_ends(plan)) {}

NodeId SubplanPlacement::init_plan_consumer(NodeId id) const {
    const Node& init_plan = plan_.nodes[id];
    const NodeId parent = init_plan.parent;
    if (parent == no_node || mentions(parent, init_plan.subplan_name)) return parent;
    for (NodeId d = parent + 1; d < ends_[parent]; ++d) {
        if (d == id) {  // not inside the InitPlan itself
            d = ends_[id] - 1;
            continue;
        }
        if (mentions(d, init_plan.subplan_name)) return d;
    }
    return parent;
}

bool SubplanPlacement::mentions(NodeId id, std::string_view label) const {
    for (const Property& p : plan_.properties_of(plan_.nodes[id]))
        if (mentions_init_plan(p.value, label)) return true;
    return false;
}

std::vector<NodeId> SubplanPlacement::cte_readers(NodeId cte) {
    std::vector<NodeId> readers;
    const NodeId level = plan_.nodes[cte].parent;
    if (level == no_node) return readers;
    if (!cte_scans_indexed_) index_cte_scans();
    const auto scans = cte_scans_.find(std::string(cte_name(plan_.nodes[cte])));
    if (scans == cte_scans_.end()) return readers;
    const std::vector<NodeId>& ids = scans->second;
    for (auto r = std::lower_bound(ids.begin(), ids.end(), level); r != ids.end() && *r < ends_[level]; ++r)
        if (*r < cte || *r >= ends_[cte]) readers.push_back(*r);
    return readers;
}

/// CTE Scans by the name they read, as the CTE's label spells it (the scan
/// prints a quoted name with its quotes doubled). Indexed once, so that a
/// plan with many CTEs is not scanned once per CTE.
void SubplanPlacement::index_cte_scans() {
    cte_scans_indexed_ = true;
    for (NodeId r = 0; r < plan_.nodes.size(); ++r) {
        const Node& n = plan_.nodes[r];
        if (n.kind == NodeKind::cte_scan) cte_scans_[identifier(n.target.object)].push_back(r);
    }
}

}  // namespace planlens::analysis

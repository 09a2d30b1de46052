#include "subplans.hpp"

#include <algorithm>

namespace planlens::analysis {

SubplanPlacement::SubplanPlacement(const Plan& plan) : plan_(plan), ends_(subtree_ends(plan)) {}

namespace {

/// Calls `f` with each "$N" and "InitPlan N" in `text` (digits taken whole):
/// the tokens mentions_init_plan() looks for.
template <typename F>
void for_each_parameter(std::string_view text, F&& f) {
    const auto digits_from = [text](std::size_t at) {
        std::size_t end = at;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        return end;
    };
    for (std::size_t at = text.find('$'); at != std::string_view::npos; at = text.find('$', at + 1))
        if (const std::size_t end = digits_from(at + 1); end > at + 1) f(text.substr(at, end - at));
    constexpr std::string_view init_plan = "InitPlan ";
    for (std::size_t at = text.find(init_plan); at != std::string_view::npos; at = text.find(init_plan, at + 1))
        if (const std::size_t end = digits_from(at + init_plan.size()); end > at + init_plan.size())
            f(text.substr(at, end - at));
}

/// The tokens an InitPlan's consumer mentions: the parameters of "InitPlan 1
/// (returns $0,$1)", or "InitPlan 1" itself (PostgreSQL 16+). False for a
/// label of another shape.
bool parameter_tokens(std::string_view label, std::vector<std::string_view>& tokens) {
    std::vector<std::string_view> found;
    const std::size_t returns = label.find("(returns ");
    if (returns == std::string_view::npos) {
        for_each_parameter(label, [&](std::string_view t) { found.push_back(t); });
        if (found.size() != 1 || found[0] != label) return false;
    } else {
        std::string_view params = label.substr(returns + 9);
        params = params.substr(0, params.find(')'));
        while (!params.empty()) {
            const std::size_t comma = params.find(',');
            std::string_view param = params.substr(0, comma);
            while (!param.empty() && param.front() == ' ') param.remove_prefix(1);
            if (!param.empty()) {
                const std::size_t before = found.size();
                for_each_parameter(param, [&](std::string_view t) { found.push_back(t); });
                if (found.size() != before + 1 || found.back() != param) return false;
            }
            if (comma == std::string_view::npos) break;
            params.remove_prefix(comma + 1);
        }
    }
    tokens = std::move(found);
    return true;
}

}  // namespace

NodeId SubplanPlacement::init_plan_consumer(NodeId id) const {
    const Node& init_plan = plan_.nodes[id];
    const NodeId parent = init_plan.parent;
    if (parent == no_node || mentions(parent, init_plan.subplan_name)) return parent;
    std::vector<std::string_view> tokens;
    if (!parameter_tokens(init_plan.subplan_name, tokens)) return scan_for_consumer(id);
    if (!parameters_indexed_) index_parameters();
    NodeId first = ends_[parent];
    for (const std::string_view token : tokens) {
        const auto found = parameters_.find(token);
        if (found == parameters_.end()) continue;
        const std::vector<NodeId>& ids = found->second;
        auto d = std::lower_bound(ids.begin(), ids.end(), parent + 1);
        if (d != ids.end() && *d >= id && *d < ends_[id])  // not inside the InitPlan itself
            d = std::lower_bound(d, ids.end(), ends_[id]);
        if (d != ids.end()) first = std::min(first, *d);
    }
    return first < ends_[parent] ? first : parent;
}

/// The first node in the parent's subtree (outside the InitPlan) whose text
/// mentions the label, for labels of no shape parameter_tokens knows.
NodeId SubplanPlacement::scan_for_consumer(NodeId id) const {
    const Node& init_plan = plan_.nodes[id];
    const NodeId parent = init_plan.parent;
    for (NodeId d = parent + 1; d < ends_[parent]; ++d) {
        if (d == id) {  // not inside the InitPlan itself
            d = ends_[id] - 1;
            continue;
        }
        if (mentions(d, init_plan.subplan_name)) return d;
    }
    return parent;
}

/// Indexed once: scanning the parent's subtree once per InitPlan made 40,000
/// InitPlans under one node take 8 s.
void SubplanPlacement::index_parameters() const {
    for (NodeId id = 0; id < plan_.nodes.size(); ++id)
        for (const Property& p : plan_.properties_of(plan_.nodes[id]))
            for_each_parameter(p.value, [&](std::string_view token) {
                std::vector<NodeId>& ids = parameters_[token];
                if (ids.empty() || ids.back() != id) ids.push_back(id);
            });
    parameters_indexed_ = true;
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

// The parts of the report, one function per part; report.cpp puts them in
// order. Each writes through a Writer, so everything from the plan is escaped.
#pragma once

#include "render/html/writer.hpp"

#include <planlens/advice.hpp>
#include <planlens/buffers.hpp>
#include <planlens/document.hpp>
#include <planlens/hot_nodes.hpp>
#include <planlens/plan_diff.hpp>
#include <planlens/timing.hpp>

#include <span>
#include <string>
#include <vector>

namespace planlens::html {

/// A parsed plan with the analyses the report shows about it.
struct AnalysedPlan {
    std::size_t number = 0;  ///< 1-based, in document order
    const FoundPlan* found = nullptr;
    const Plan* plan = nullptr;
    TimeProfile profile;
    IoProfile io;                   ///< each node's own buffers and I/O time
    std::vector<Finding> findings;  ///< stably sorted by node (plan-wide ones last: no_node is the largest id)
    std::vector<HotNode> hot;       ///< the few nodes worth a rank badge
    std::vector<Advice> advice;

    /// The findings about one node (no_node: the plan-wide ones), in rule order.
    std::span<const Finding> findings_of(NodeId id) const;
    /// 1-based rank among the hot nodes, 0 when not ranked.
    std::size_t rank_of(NodeId id) const;
};

AnalysedPlan analyse(std::size_t number, const FoundPlan& found);

/// "p3n": the prefix of plan 3's node ids ("p3n12" is its node 12).
std::string node_id_prefix(std::size_t plan_number);
/// "Seq Scan on meal m" with the subplan label in front, as the tree shows it.
std::string node_label(const Plan& plan, NodeId id);

void write_summary(Writer& w, std::span<const AnalysedPlan> plans, std::span<const FoundPlan> found,
                   const std::vector<std::pair<std::size_t, std::size_t>>& pairs);
void write_plan(Writer& w, const AnalysedPlan& a);
void write_failed_plan(Writer& w, std::size_t number, const FoundPlan& found, std::string_view document);
void write_findings(Writer& w, std::span<const Finding> findings);
void write_tree(Writer& w, const AnalysedPlan& a);
void write_flame(Writer& w, const AnalysedPlan& a);
void write_advice(Writer& w, const AnalysedPlan& a);
void write_diff(Writer& w, const AnalysedPlan& before, const AnalysedPlan& after);

}  // namespace planlens::html

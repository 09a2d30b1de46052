// The stages of diff_plans after matching, one file each.
#pragma once

#include "facts.hpp"

#include <planlens/plan_diff.hpp>

#include <string>
#include <vector>

namespace planlens::diff {

/// compare.cpp: every node of both plans as an entry, classified.
void build_entries(const Plan& before, const Plan& after, const TimeProfile& before_time,
                   const TimeProfile& after_time, const NodeMatching& matching, const DiffOptions& options,
                   std::vector<NodeChange>& entries);

/// sites.cpp: fold Gathers, Sorts and bitmap nodes into the scan they serve.
void assign_sites(const Plan& before, const Plan& after, const PlanFacts& before_facts,
                  const PlanFacts& after_facts, std::vector<NodeChange>& entries);

/// sites.cpp: plain-words notes (a Sort made unnecessary, a Filter that stopped discarding rows, ...).
void add_notes(const Plan& before, const Plan& after, const NodeMatching& matching,
               std::vector<NodeChange>& entries);

/// sites.cpp: up to a few aliases read under `id`, in order, by a bounded walk: "a, b".
std::string relations_below(const Plan& plan, NodeId id);

/// headline.cpp
DiffHeadline make_headline(const PlanDiff& diff, const DiffOptions& options);
/// headline.cpp: whether the two plans read no relation in common (both read some).
bool no_common_relation(const PlanDiff& diff);

/// ms with 3 decimals, for prose (counts: analysis::grouped_count).
std::string format_ms(double ms);
/// "325" for large factors, "1.06" for small ones.
std::string format_factor(double factor);

}  // namespace planlens::diff

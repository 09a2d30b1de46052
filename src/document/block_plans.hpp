// The plans of one region of a document, as FoundPlans positioned in the
// original document. Reads nothing but the region and the rewrites of its
// lines, so regions can be read on several threads.
#pragma once

#include "line_arena.hpp"
#include "unwrap.hpp"

#include <planlens/document.hpp>

#include <functional>

namespace planlens::detail {

/// Where found plans go, in document order.
using PlanSink = std::function<void(FoundPlan&&)>;

/// Every plan of `block`, in order, to `emit`; `rewrites` locates positions
/// on the block's rewritten lines.
void find_plans(const Block& block, const RewriteIndex& rewrites, const ParseLimits& limits, const PlanSink& emit);

}  // namespace planlens::detail

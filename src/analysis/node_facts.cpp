#include <planlens/node_facts.hpp>

#include "plan_walk.hpp"

#include <algorithm>

namespace planlens {

namespace {

double loops(const Node& n) noexcept { return n.actuals ? std::max(1.0, n.actuals->loops) : 0; }

double per_loop(const Plan& plan, const Node& n, PropertyKind kind) noexcept {
    return n.actuals ? plan.number(n, kind).value_or(0) : 0;
}

double removed_per_loop(const Plan& plan, const Node& n) noexcept {
    return per_loop(plan, n, PropertyKind::rows_removed_by_filter);
}

/// Loops that a parallel-aware scan's processes share as one pass; 1 for other nodes.
double loops_per_pass(const Node& n) noexcept { return n.parallel_aware ? loops(n) : 1.0; }

}  // namespace

double rows_returned(const Node& n) noexcept { return n.actuals ? n.actuals->rows * loops(n) : 0; }

double rows_returned_per_pass(const Node& n) noexcept { return n.actuals ? n.actuals->rows * loops_per_pass(n) : 0; }

double rows_seen_per_loop(const Plan& plan, const Node& n) noexcept {
    return n.actuals ? n.actuals->rows + removed_per_loop(plan, n) : 0;
}

double rows_read(const Plan& plan, const Node& n) noexcept { return rows_seen_per_loop(plan, n) * loops(n); }

double rows_read_per_pass(const Plan& plan, const Node& n) noexcept {
    return rows_seen_per_loop(plan, n) * loops_per_pass(n);
}

double rows_removed_by_filter(const Plan& plan, const Node& n) noexcept { return removed_per_loop(plan, n) * loops(n); }

double rows_removed_by_index_recheck(const Plan& plan, const Node& n) noexcept {
    return per_loop(plan, n, PropertyKind::rows_removed_by_index_recheck) * loops(n);
}

double removed_share(const Plan& plan, const Node& n) noexcept {
    const double seen = rows_seen_per_loop(plan, n);
    return seen > 0 ? removed_per_loop(plan, n) / seen : 0;
}

double parallel_processes(const Plan& plan, const Node& gather) noexcept {
    return analysis::gather_processes(plan, gather);
}

bool sort_spilled(const Plan& plan, const Node& sort) noexcept {
    for (const Property& p : plan.properties_of(sort))
        if (p.kind == PropertyKind::sort_method)
            if (const auto m = decode_sort_method(p.value); m && m->space_type == "Disk") return true;
    return false;
}

}  // namespace planlens

// Facts about one node that analyses keep needing, computed from its own
// figures as PostgreSQL prints them: per-loop averages times loops, rows a
// filter threw away, what one pass of a (parallel) scan looked at. All are 0
// for a node without ANALYZE figures (or never executed). Per-process
// figures of a parallel node are worker_times() in <planlens/timing.hpp>.
#pragma once

#include <planlens/plan.hpp>

namespace planlens {

/// Rows the node returned over all its loops: rows (a per-loop average) x loops.
double rows_returned(const Node& n) noexcept;

/// Rows one pass returned: per loop, times the loops of a parallel-aware
/// scan (what its processes kept of their shared pass over the table).
double rows_returned_per_pass(const Node& n) noexcept;

/// Rows the node looked at per loop: returned plus "Rows Removed by Filter".
double rows_seen_per_loop(const Plan& plan, const Node& n) noexcept;

/// Rows the node looked at over all its loops: (rows + Rows Removed by
/// Filter) x loops; for a parallel scan, by all its processes together.
double rows_read(const Plan& plan, const Node& n) noexcept;

/// Rows one pass over the node's input looked at: per loop, times the loops
/// of a parallel-aware scan (its processes share one pass over the table);
/// for a scan rerun by a nested loop, what one rerun read.
double rows_read_per_pass(const Plan& plan, const Node& n) noexcept;

/// "Rows Removed by Filter" x loops.
double rows_removed_by_filter(const Plan& plan, const Node& n) noexcept;

/// "Rows Removed by Index Recheck" x loops.
double rows_removed_by_index_recheck(const Plan& plan, const Node& n) noexcept;

/// The share (0..1) of the rows the node looked at that its Filter removed; 0 when it saw none.
double removed_share(const Plan& plan, const Node& n) noexcept;

/// How many processes ran a Gather's or Gather Merge's child per execution:
/// the child's loops over the Gather's, else Workers Launched + the leader, else 1.
double parallel_processes(const Plan& plan, const Node& gather) noexcept;

/// Whether a Sort or Incremental Sort went to disk: a Sort Method line of its own says "Disk".
bool sort_spilled(const Plan& plan, const Node& sort) noexcept;

}  // namespace planlens

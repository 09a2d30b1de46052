// The advice rules. Each appends what it finds to `out`; docs/advice.md
// documents each one with its thresholds and a worked example.
#pragma once

#include "context.hpp"

#include <planlens/advice.hpp>

#include <string>
#include <vector>

namespace planlens::advice {

using Sink = std::vector<Advice>;

void index_for_filter(const Context& cx, Sink& out);
void non_sargable_filter(const Context& cx, Sink& out);
void index_for_nested_loop(const Context& cx, Sink& out);
void index_for_order(const Context& cx, Sink& out);
void index_only_heap_fetches(const Context& cx, Sink& out);
void bitmap_lossy(const Context& cx, Sink& out);
void work_mem_spill(const Context& cx, Sink& out);
void row_misestimate(const Context& cx, Sink& out);
void no_index_helps(const Context& cx, Sink& out);

// ---- helpers shared by the rules --------------------------------------------

/// "Parallel Seq Scan on transactions transactions_1"
std::string node_label(const Node& n);
/// "CREATE INDEX ON rel (a, b);", on the partitioned parent for a partition (index_table_sql).
std::string create_index(const Plan& plan, const Node& table, const std::vector<std::string>& columns);
/// How many rows a scan looked at, said with its loops: "600006 rows (3 processes)".
std::string rows_read_text(const Plan& plan, const Node& n);
/// Confidence from how much of the query's time the node took (nullopt: unknown).
Confidence by_share(const Context& cx, NodeId id, Confidence base);

}  // namespace planlens::advice

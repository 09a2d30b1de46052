// What every advice rule needs to know about a plan: which nodes read
// tables, how many rows they looked at, where the time went, which indexes
// the plan already uses, and how to spell names in SQL.
#pragma once

#include <planlens/advice.hpp>
#include <planlens/expression.hpp>
#include <planlens/node_facts.hpp>
#include <planlens/plan.hpp>
#include <planlens/timing.hpp>

#include "../analysis/number_text.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::advice {

/// An index the plan uses, with the key columns its conditions reveal (in
/// index order: PostgreSQL prints index quals by index column).
struct KnownIndex {
    std::string_view name;
    NodeId reader = no_node;  ///< the node that reads the table (heap scan for bitmaps)
    std::vector<std::string> columns;
};

class Context {
public:
    Context(const Plan& plan, const TimeProfile& profile, const AdviceOptions& options);

    const Plan& plan;
    const AdviceOptions& options;

    /// Whether the plan has ANALYZE figures at all.
    bool analyzed() const { return analyzed_; }
    /// The node's share of the query (inclusive, 0..1): of its time, or of its
    /// cost when the plan has no timing; nullopt when neither is known.
    std::optional<double> share(NodeId id) const;
    /// What share() measures, for messages: "time" or "estimated cost".
    std::string_view share_basis() const { return profile_.basis == TimeBasis::actual_time ? "time" : "estimated cost"; }

    const std::vector<KnownIndex>& indexes() const { return indexes_; }
    /// Whether an index the plan uses on `reader`'s table already serves
    /// `columns` (they are a prefix of its known keys, or its name spells them).
    const KnownIndex* existing_index(NodeId reader, const std::vector<std::string>& columns) const;

    /// The parsed condition `kind` of `node`, resolved in its scope (cached).
    const Expression* condition(NodeId node, PropertyKind kind) const;

private:
    bool analyzed_ = false;
    const TimeProfile& profile_;
    std::vector<KnownIndex> indexes_;
    mutable std::map<std::pair<NodeId, PropertyKind>, std::unique_ptr<Expression>> conditions_;
};

// ---- nodes ----------------------------------------------------------------

/// Scans that read a table's heap (where an index could change the access path).
bool is_table_scan(const Node& n);
// Rows seen, read per pass and removed: <planlens/node_facts.hpp>.
/// Whether some ancestor of `n` is of `kind`.
bool has_ancestor(const Plan& plan, const Node& n, NodeKind kind);
/// The node's children in printed order.
std::vector<NodeId> child_ids(const Plan& plan, const Node& n);
/// Down through Gather / Gather Merge / Memoize (single-child wrappers that keep the rows).
NodeId unwrap(const Plan& plan, NodeId id);

// ---- SQL spelling ---------------------------------------------------------

/// A name as PostgreSQL's quote_identifier would print it.
std::string quote_ident(std::string_view name);
/// The node's table as SQL: schema-qualified when the plan printed a schema.
std::string table_sql(const Node& n);
/// When `n` scans a partition: the partitioned table's name. PostgreSQL
/// prints the partitions of one table, under an Append or MergeAppend, with
/// that table's alias and "_N" ("scans_1", "scans_2", ...); the alias is the
/// table's name unless the query gave it another. Empty for other scans.
std::string_view partitioned_parent(const Plan& plan, const Node& n);
/// The table an index for `n` belongs on, as SQL: the partitioned parent when
/// `n` scans a partition (PostgreSQL creates the partitions' indexes itself,
/// and for partitions attached later), else the node's own table.
std::string index_table_sql(const Plan& plan, const Node& n);
/// A column as SQL; `quoted` says the plan printed it in double quotes.
std::string column_sql(const ExprNode& column);
/// "(a, b, c)"
std::string column_list(const std::vector<std::string>& columns);
/// Counts in prose: 600005 -> "600,005" (quotes of the plan's own text keep its spelling).
using analysis::grouped_count;
/// "99.99%", "42%".
std::string percent_text(double share);
/// "4MB" rounded up from kilobytes, at least 1MB.
std::string megabytes_text(double kb);

}  // namespace planlens::advice

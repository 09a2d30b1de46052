// Advice from the plan alone: which index would help, why an index would not,
// and which setting or maintenance step the plan's own numbers call for.
// Each rule has a stable id, cites the numbers it saw, says what to do and
// how sure it is. docs/advice.md documents every rule with a worked example.
#pragma once

#include <planlens/plan.hpp>
#include <planlens/timing.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planlens {

enum class Confidence : std::uint8_t { low, medium, high };
std::string_view to_string(Confidence c) noexcept;

/// Stable rule ids (they appear in `planlens advise` output and docs/advice.md).
namespace rules {
inline constexpr std::string_view index_for_filter = "index-for-filter";
inline constexpr std::string_view non_sargable_filter = "non-sargable-filter";
inline constexpr std::string_view index_for_nested_loop = "index-for-nested-loop";
inline constexpr std::string_view index_for_order = "index-for-order";
inline constexpr std::string_view index_only_heap_fetches = "index-only-heap-fetches";
inline constexpr std::string_view bitmap_lossy = "bitmap-lossy";
inline constexpr std::string_view work_mem_spill = "work-mem-spill";
inline constexpr std::string_view row_misestimate = "row-misestimate";
inline constexpr std::string_view no_index_helps = "no-index-helps";
}  // namespace rules

/// One piece of advice about one node.
struct Advice {
    std::string_view rule;  ///< one of rules::*
    NodeId node = no_node;
    Confidence confidence = Confidence::medium;
    std::string relation;   ///< the table concerned, schema-qualified when the plan printed a schema; may be empty
    std::string evidence;   ///< the plan's numbers that triggered the rule, in plain words
    std::string action;     ///< what to do, and why it helps (or why an index would not)
    std::string statement;  ///< SQL to run (CREATE INDEX, SET, VACUUM, ANALYZE, ...); empty when none fits
    std::vector<std::string> columns;  ///< index key columns (as SQL, quoted where needed) for index rules
    std::size_t equality_prefix = 0;   ///< leading `columns` compared with "=": any order among them serves
    std::vector<NodeId> also;          ///< further nodes the same advice covers (merged duplicates)
};

/// The thresholds the rules use. The defaults are what docs/advice.md documents.
struct AdviceOptions {
    /// A table is "large" when a scan looked at this many rows of it.
    double min_table_rows = 10'000;
    /// A filter is selective when it removes at least this share of the rows it sees.
    double min_removed_share = 0.9;
    /// ... and removing at least this share with >= 100k rows seen is high confidence.
    double high_removed_share = 0.99;
    /// A nested loop's inner seq scan must run at least this often ...
    double min_inner_loops = 10;
    /// ... and look at this many rows in all (loops x rows per loop).
    double min_inner_rows_total = 100'000;
    /// A sort an index could provide must sort at least this many rows.
    double min_sort_rows = 10'000;
    /// Index-only scans: heap fetches per returned row, and an absolute floor.
    double min_heap_fetch_share = 0.1;
    double min_heap_fetches = 1'000;
    // Mis-estimates have no thresholds of their own: row-misestimate advice is
    // given where misestimate_effect() (<planlens/hot_nodes.hpp>) says the
    // estimate changed the plan, as planlens hot's finding is.
    /// A scan that keeps at least this share of a large table reads it by design.
    double inherent_kept_share = 0.5;
};

/// Every piece of advice for one plan, most important first (by confidence,
/// then plan order). Never throws; a plan without ANALYZE figures gets only
/// the rules that do not need them.
std::vector<Advice> advise(const Plan& plan, const AdviceOptions& options = {});

/// The same, reusing a profile the caller already computed with exclusive_time(plan).
std::vector<Advice> advise(const Plan& plan, const TimeProfile& profile, const AdviceOptions& options = {});

/// Appends `advice` as text, one block per record, each line indented by
/// `indent` spaces. Used by `planlens advise` and `planlens show`.
void append_advice_text(std::string& out, const Plan& plan, const std::vector<Advice>& advice, int indent = 0);

/// Appends `advice` as a JSON array of {"rule", "node", "also", "confidence",
/// "relation", "evidence", "action", "statement", "columns"} records, one per
/// line, starting at `indent` levels (docs/json.md): "node" identifies the node
/// as every planlens JSON output does ({"id", "line", "node_type", "name",
/// "relation", "alias", "index"}, null for plan-wide advice), "also" the
/// further nodes merged into the record; relation and statement are null when empty.
void append_advice_json(std::string& out, const Plan& plan, const std::vector<Advice>& advice, int indent = 0);

}  // namespace planlens

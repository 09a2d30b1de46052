// The JSON type of each key PostgreSQL writes (ExplainProperty{Text,Integer,
// UInteger,Float,Bool,List} and the groups of explain.c). It checks that a
// JSON plan's values have the types the server gives them, and gives YAML and
// XML values, which carry no type of their own, the one JSON would print.
#include "readers.hpp"

#include <algorithm>
#include <array>

namespace planlens::detail {

namespace {

constexpr std::array<std::string_view, 84> number_keys = {
    "Startup Cost", "Total Cost", "Plan Rows", "Plan Width", "Actual Startup Time", "Actual Total Time",
    "Actual Rows", "Actual Loops", "Rows Removed by Filter", "Rows Removed by Join Filter",
    "Rows Removed by Index Recheck", "Rows Removed by Conflict Filter", "Heap Fetches", "Index Searches",
    "Workers Planned", "Workers Launched", "Sort Space Used", "Hash Buckets", "Original Hash Buckets",
    "Hash Batches", "Original Hash Batches", "Peak Memory Usage", "Disk Usage", "HashAgg Batches",
    "Planned Partitions", "Cache Hits", "Cache Misses", "Cache Evictions", "Cache Overflows", "Exact Heap Blocks",
    "Lossy Heap Blocks", "Shared Hit Blocks", "Shared Read Blocks", "Shared Dirtied Blocks", "Shared Written Blocks",
    "Local Hit Blocks", "Local Read Blocks", "Local Dirtied Blocks", "Local Written Blocks", "Temp Read Blocks",
    "Temp Written Blocks", "I/O Read Time", "I/O Write Time", "Shared I/O Read Time", "Shared I/O Write Time",
    "Local I/O Read Time", "Local I/O Write Time", "Temp I/O Read Time", "Temp I/O Write Time", "WAL Records",
    "WAL FPI", "WAL Bytes", "WAL Buffers Full", "Maximum Storage", "Subplans Removed", "Tuples Inserted",
    "Conflicting Tuples", "Tuples Updated", "Tuples Deleted", "Tuples Skipped", "Worker Number", "Group Count",
    "Average Sort Space Used", "Peak Sort Space Used", "Planning Time", "Execution Time", "Total Runtime", "Calls",
    "Functions", "Output Volume", "Memory Used", "Memory Allocated", "Query Identifier", "Batch Size",
    "Deform", "Emission", "Total", "Time", "Generation", "Inlining", "Optimization", "Expressions", "Deforming",
    "Heap Blocks"};

constexpr std::array<std::string_view, 5> boolean_keys = {"Parallel Aware", "Async Capable", "Inner Unique",
                                                          "Single Copy", "Disabled"};

constexpr std::array<std::string_view, 18> array_keys = {
    "Plans", "Workers", "Output", "Sort Key", "Presorted Key", "Group Key", "Hash Key", "Grouping Sets",
    "Group Keys", "Hash Keys", "Sort Methods Used", "Sampling Parameters", "Triggers", "Target Tables",
    "Conflict Arbiter Indexes", "Params Evaluated", "Relations List", "Plans List"};

constexpr std::array<std::string_view, 11> object_keys = {
    "Plan", "Planning", "JIT", "Options", "Settings", "Serialization", "Full-sort Groups", "Pre-sorted Groups",
    "Sort Space Memory", "Sort Space Disk", "Timing"};

constexpr std::array<std::string_view, 24> string_keys = {
    "Node Type", "Strategy", "Partial Mode", "Operation", "Parent Relationship", "Subplan Name",
    "Custom Plan Provider", "Relation Name", "Schema", "Alias", "Index Name", "Scan Direction", "Join Type",
    "Command", "Function Name", "Table Function Name", "CTE Name", "Tuplestore Name", "Sort Method",
    "Sort Space Type", "Filter", "Index Cond", "Cache Mode", "Storage"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

FieldType json_type_of(std::string_view parent, std::string_view key) noexcept {
    if (parent == "Options") return FieldType::boolean;  // JIT options
    if (parent == "Settings") return FieldType::string;
    if (parent == "Timing" && key == "Generation") return FieldType::number;  // an object from PostgreSQL 17 on
    if (among(number_keys, key)) return FieldType::number;
    if (among(boolean_keys, key)) return FieldType::boolean;
    if (among(array_keys, key)) return FieldType::array;
    if (among(object_keys, key)) return FieldType::object;
    return FieldType::string;
}

bool known_key(std::string_view key) noexcept {
    return among(number_keys, key) || among(boolean_keys, key) || among(array_keys, key) || among(object_keys, key) ||
           among(string_keys, key);
}

}  // namespace planlens::detail

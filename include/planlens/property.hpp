// Property lines ("Filter: ...", "Sort Method: ...", "Buffers: ...") and the
// typed decoders for their values. A Property is three views into the plan
// text plus a kind; decoding a compound value into numbers happens on demand,
// so parsing never allocates per line and nothing printed is ever lost.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace planlens {

/// What a property line is, by its label ("Filter", "Buffers", ...); lines with
/// a label planlens does not know are `other` and keep their text.
enum class PropertyKind : std::uint16_t {
    unknown,  ///< a line without "Label: value" shape, kept verbatim in `value`
    other,    ///< "Label: value" with a label planlens has no type for (kept as text)

    // Conditions and other expressions, kept as PostgreSQL printed them.
    filter,
    join_filter,
    index_cond,
    recheck_cond,
    hash_cond,
    merge_cond,
    order_by,
    tid_cond,
    one_time_filter,
    run_condition,
    conflict_filter,
    cache_key,
    cache_mode,
    function_call,
    table_function_call,
    remote_sql,
    relations,
    sampling,
    window,
    conflict_resolution,
    // Lists separated by top-level commas (see split_list).
    output,
    sort_key,
    presorted_key,
    group_key,
    hash_key,
    params_evaluated,
    conflict_arbiter_indexes,
    // Single numbers.
    rows_removed_by_filter,
    rows_removed_by_join_filter,
    rows_removed_by_index_recheck,
    rows_removed_by_conflict_filter,
    heap_fetches,
    index_searches,
    workers_planned,
    workers_launched,
    subplans_removed,
    tuples_inserted,
    conflicting_tuples,
    batch_size,  ///< postgres_fdw "Batch Size" of a foreign insert
    // Booleans.
    inner_unique,
    single_copy,
    disabled,
    // Compound values with a typed decoder below.
    sort_method,        ///< "quicksort  Memory: 25kB"
    full_sort_groups,   ///< "1  Sort Method: quicksort  Average Memory: 26kB  Peak Memory: 26kB"
    pre_sorted_groups,  ///< same shape as full_sort_groups
    buckets,            ///< "1024 (originally 512)  Batches: 2 (originally 1)  Memory Usage: 9kB"
    hashagg_batches,    ///< "1  Memory Usage: 793kB  Disk Usage: 12kB" (label "Batches")
    planned_partitions, ///< "4  Batches: 5  Memory Usage: 4145kB  Disk Usage: 20kB"
    cache_hits,         ///< Memoize: "5  Misses: 2  Evictions: 0  Overflows: 0  Memory Usage: 1kB"
    heap_blocks,        ///< "exact=12 lossy=3"
    buffers,            ///< "shared hit=1 read=2, local ..., temp read=3 written=4"
    io_timings,         ///< "shared/local read=1.234 write=0.100, temp read=..."
    wal,                ///< "records=1 fpi=0 bytes=64"
    storage,            ///< "Memory  Maximum Storage: 17kB" (PostgreSQL 18)
    tuples,             ///< MERGE: "inserted=1 updated=2 deleted=0 skipped=3"
    worker_actuals,     ///< "Worker N:  actual time=... rows=... loops=..." (VERBOSE)
    modify_target,      ///< "Update on t_1 t" lines under a ModifyTable with several targets
    continuation,       ///< the next line of the property before it: a string literal held a newline

    // Top-level lines (after the plan tree).
    planning_time,
    execution_time,
    total_runtime,  ///< "Total runtime: 1.234 ms" (PostgreSQL 9.3 and older)
    planning,       ///< "Planning:" section header (buffers, memory below it)
    trigger,
    jit,            ///< "JIT:" section header
    jit_functions,
    jit_options,
    jit_timing,
    settings,
    query_identifier,
    serialization,
    memory,         ///< "Memory: used=..kB  allocated=..kB" under "Planning:"
    query_text,     ///< auto_explain
    query_parameters,
};

/// Which part of the plan a property belongs to.
/// `other`: a top-level section planlens does not know ("PlannedStmt:",
/// "Supplied Plan Advice:"), its header and lines kept verbatim in order.
enum class Section : std::uint8_t { node, planning, jit, serialization, other };

/// One property line. `label` and `value` are views into the plan text.
struct Property {
    PropertyKind kind = PropertyKind::unknown;
    std::int16_t worker = -1;  ///< N for lines under "Worker N:", else -1
    Section section = Section::node;
    std::uint32_t line = 0;   ///< index into Plan::lines
    std::string_view label;   ///< e.g. "Sort Method"; empty for unknown lines
    std::string_view value;   ///< text after ": "; the whole line (unindented) for unknown lines
};

/// Properties whose value is one number ("Rows Removed by Filter: 133229").
constexpr bool is_number_kind(PropertyKind kind) noexcept {
    switch (kind) {
        case PropertyKind::rows_removed_by_filter:
        case PropertyKind::rows_removed_by_join_filter:
        case PropertyKind::rows_removed_by_index_recheck:
        case PropertyKind::rows_removed_by_conflict_filter:
        case PropertyKind::heap_fetches:
        case PropertyKind::index_searches:
        case PropertyKind::workers_planned:
        case PropertyKind::workers_launched:
        case PropertyKind::subplans_removed:
        case PropertyKind::tuples_inserted:
        case PropertyKind::conflicting_tuples:
        case PropertyKind::batch_size: return true;
        default: return false;
    }
}

/// The kind PostgreSQL's label maps to (node properties and top-level lines).
/// Returns PropertyKind::other for labels planlens does not know.
PropertyKind property_kind(std::string_view label) noexcept;

/// "Sort Method: quicksort  Memory: 25kB" and "Worker 0:  Sort Method: ..."
struct SortSpace {
    std::string_view method;      ///< "quicksort", "top-N heapsort", "external merge", ...
    std::string_view space_type;  ///< "Memory" or "Disk"
    std::int64_t kb = 0;
};

/// Incremental Sort "Full-sort Groups" / "Pre-sorted Groups".
struct SortGroups {
    std::int64_t count = 0;
    std::string_view methods;  ///< comma separated, e.g. "quicksort, top-N heapsort"
    std::optional<std::int64_t> average_memory_kb, peak_memory_kb, average_disk_kb, peak_disk_kb;
};

/// Hash node "Buckets: ..." line. Original values equal the current ones when
/// PostgreSQL did not print "(originally N)".
struct HashBuckets {
    std::int64_t buckets = 0, original_buckets = 0, batches = 0, original_batches = 0, memory_kb = 0;
};

/// HashAggregate "Planned Partitions: ..." / "Batches: ..." line (PostgreSQL 13+).
struct HashAggStats {
    std::optional<std::int64_t> planned_partitions;
    std::optional<std::int64_t> batches, memory_kb;
    std::int64_t disk_kb = 0;
};

/// Memoize "Hits: ..." line.
struct CacheStats {
    std::int64_t hits = 0, misses = 0, evictions = 0, overflows = 0, memory_kb = 0;
};

/// "Heap Blocks: exact=N lossy=M".
struct HeapBlocks {
    std::int64_t exact = 0, lossy = 0;
};

/// "Buffers:" counters. PostgreSQL prints only non-zero counters; absent ones are 0.
struct BufferCounters {
    std::int64_t shared_hit = 0, shared_read = 0, shared_dirtied = 0, shared_written = 0;
    std::int64_t local_hit = 0, local_read = 0, local_dirtied = 0, local_written = 0;
    std::int64_t temp_read = 0, temp_written = 0;
};

/// "I/O Timings:" in milliseconds. Before PostgreSQL 16 shared and local were
/// printed together as "shared/local"; then `shared_local` is true and the
/// figures are in shared_read/shared_write.
struct IoTimings {
    bool shared_local = false;
    double shared_read = 0, shared_write = 0, local_read = 0, local_write = 0, temp_read = 0, temp_write = 0;
};

struct WalCounters {
    std::int64_t records = 0, fpi = 0, bytes = 0, buffers_full = 0;
};

/// "Storage: Memory  Maximum Storage: 17kB" (PostgreSQL 18).
struct StorageStats {
    std::string_view type;
    std::int64_t max_kb = 0;
};

/// "Tuples: inserted=1 updated=2 deleted=0 skipped=3" (MERGE, PostgreSQL 17+).
struct MergeTuples {
    double inserted = 0, updated = 0, deleted = 0, skipped = 0;
};

struct JitOptions {
    bool inlining = false, optimization = false, expressions = false, deforming = false;
};

/// JIT "Timing:" in milliseconds; `deform` exists from PostgreSQL 17.
struct JitTiming {
    double generation = 0, inlining = 0, optimization = 0, emission = 0, total = 0;
    std::optional<double> deform;
};

/// Top-level "Trigger name [for constraint c] [on rel]: time=x calls=n".
struct TriggerTime {
    std::string_view name;        ///< empty when PostgreSQL printed only the constraint
    std::string_view constraint;
    std::string_view relation;
    std::optional<double> time_ms;
    double calls = 0;
};

/// "Serialization: time=1.2 ms  output=12kB  format=text" (PostgreSQL 17+).
struct SerializationStats {
    std::optional<double> time_ms;
    std::int64_t output_kb = 0;
    std::string_view format;
};

/// "Memory: used=12kB  allocated=16kB" (planner memory, PostgreSQL 17+).
struct MemoryStats {
    std::int64_t used_kb = 0, allocated_kb = 0;
};

// Decoders: each returns nullopt when the value does not have the expected
// shape (the property then stays available as text).
std::optional<double> decode_number(std::string_view value) noexcept;        ///< "133229", "0.5"
std::optional<double> decode_milliseconds(std::string_view value) noexcept;  ///< "0.563 ms"
std::optional<bool> decode_bool(std::string_view value) noexcept;            ///< "true" / "false"
std::optional<SortSpace> decode_sort_method(std::string_view value) noexcept;
std::optional<SortGroups> decode_sort_groups(std::string_view value) noexcept;
std::optional<HashBuckets> decode_buckets(std::string_view value) noexcept;
/// `kind` is hashagg_batches or planned_partitions (they start differently).
std::optional<HashAggStats> decode_hashagg(PropertyKind kind, std::string_view value) noexcept;
std::optional<CacheStats> decode_cache_hits(std::string_view value) noexcept;
std::optional<HeapBlocks> decode_heap_blocks(std::string_view value) noexcept;
std::optional<BufferCounters> decode_buffers(std::string_view value) noexcept;
std::optional<IoTimings> decode_io_timings(std::string_view value) noexcept;
std::optional<WalCounters> decode_wal(std::string_view value) noexcept;
std::optional<StorageStats> decode_storage(std::string_view value) noexcept;
std::optional<MergeTuples> decode_merge_tuples(std::string_view value) noexcept;
std::optional<JitOptions> decode_jit_options(std::string_view value) noexcept;
std::optional<JitTiming> decode_jit_timing(std::string_view value) noexcept;
std::optional<SerializationStats> decode_serialization(std::string_view value) noexcept;
std::optional<MemoryStats> decode_memory(std::string_view value) noexcept;
/// `label` is the whole "Trigger ..." label text before ": ".
std::optional<TriggerTime> decode_trigger(std::string_view label, std::string_view value) noexcept;

/// Splits a list value ("Sort Key: a, (b + c) DESC, f(x, y)") at top-level
/// commas: commas inside parentheses, brackets, 'string literals' and
/// "quoted identifiers" do not split. Calls `item` for each trimmed element.
template <typename F>
void split_list(std::string_view value, F&& item);

/// Whether `value` decodes as the typed shape its kind promises. Lines whose
/// value does not are still kept, but renderers treat them as plain text.
bool value_is_well_formed(PropertyKind kind, std::string_view label, std::string_view value) noexcept;

// ---- implementation of the template ---------------------------------------

template <typename F>
void split_list(std::string_view value, F&& item) {
    int depth = 0;
    char quote = 0;
    std::size_t start = 0;
    auto emit = [&](std::size_t end) {
        std::string_view part = value.substr(start, end - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        item(part);
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (quote != 0) {
            if (c == quote) quote = 0;  // a doubled quote closes and reopens: same effect
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
            ++depth;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ',' && depth == 0) {
            emit(i);
            start = i + 1;
        }
    }
    if (!value.empty()) emit(value.size());
}

}  // namespace planlens

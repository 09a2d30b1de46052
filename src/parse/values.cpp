// Property labels and the decoders of their values. PostgreSQL prints two
// small formats inside values, and every compound value is one of them:
//   fields    "quicksort  Memory: 25kB"          parts separated by two spaces,
//                                                  each after the first "Label: value"
//   counters  "shared hit=1 read=2, temp read=3"  key=value tokens, a bare word
//                                                  names the group of those after it
#include <planlens/property.hpp>

#include "numbers.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace planlens {

namespace {

using detail::to_double;
using detail::to_int;
using detail::to_kilobytes;
using detail::to_milliseconds;

// ---- labels -------------------------------------------------------------

struct LabelEntry {
    std::string_view label;
    PropertyKind kind;
};

// Sorted by label, for the reader; property_kind looks them up in label_index below.
constexpr std::array label_table{
    LabelEntry{"Batch Size", PropertyKind::batch_size},
    LabelEntry{"Batches", PropertyKind::hashagg_batches},
    LabelEntry{"Buckets", PropertyKind::buckets},
    LabelEntry{"Buffers", PropertyKind::buffers},
    LabelEntry{"Cache Key", PropertyKind::cache_key},
    LabelEntry{"Cache Mode", PropertyKind::cache_mode},
    LabelEntry{"Conflict Arbiter Indexes", PropertyKind::conflict_arbiter_indexes},
    LabelEntry{"Conflict Filter", PropertyKind::conflict_filter},
    LabelEntry{"Conflict Resolution", PropertyKind::conflict_resolution},
    LabelEntry{"Conflicting Tuples", PropertyKind::conflicting_tuples},
    LabelEntry{"Disabled", PropertyKind::disabled},
    LabelEntry{"Execution Time", PropertyKind::execution_time},
    LabelEntry{"Execution time", PropertyKind::execution_time},  // 9.4 to 10
    LabelEntry{"Filter", PropertyKind::filter},
    LabelEntry{"Full-sort Groups", PropertyKind::full_sort_groups},
    LabelEntry{"Function Call", PropertyKind::function_call},
    LabelEntry{"Group Key", PropertyKind::group_key},
    LabelEntry{"Hash Cond", PropertyKind::hash_cond},
    LabelEntry{"Hash Key", PropertyKind::hash_key},
    LabelEntry{"Heap Blocks", PropertyKind::heap_blocks},
    LabelEntry{"Heap Fetches", PropertyKind::heap_fetches},
    LabelEntry{"Hits", PropertyKind::cache_hits},
    LabelEntry{"I/O Timings", PropertyKind::io_timings},
    LabelEntry{"Index Cond", PropertyKind::index_cond},
    LabelEntry{"Index Searches", PropertyKind::index_searches},
    LabelEntry{"Inner Unique", PropertyKind::inner_unique},
    LabelEntry{"JIT", PropertyKind::jit},
    LabelEntry{"Join Filter", PropertyKind::join_filter},
    LabelEntry{"Memory", PropertyKind::memory},
    LabelEntry{"Merge Cond", PropertyKind::merge_cond},
    LabelEntry{"One-Time Filter", PropertyKind::one_time_filter},
    LabelEntry{"Order By", PropertyKind::order_by},
    LabelEntry{"Output", PropertyKind::output},
    LabelEntry{"Params Evaluated", PropertyKind::params_evaluated},
    LabelEntry{"Planned Partitions", PropertyKind::planned_partitions},
    LabelEntry{"Planning", PropertyKind::planning},
    LabelEntry{"Planning Time", PropertyKind::planning_time},
    LabelEntry{"Planning time", PropertyKind::planning_time},  // 9.4 to 10
    LabelEntry{"Pre-sorted Groups", PropertyKind::pre_sorted_groups},
    LabelEntry{"Presorted Key", PropertyKind::presorted_key},
    LabelEntry{"Query Identifier", PropertyKind::query_identifier},
    LabelEntry{"Query Parameters", PropertyKind::query_parameters},
    LabelEntry{"Query Text", PropertyKind::query_text},
    LabelEntry{"Recheck Cond", PropertyKind::recheck_cond},
    LabelEntry{"Relations", PropertyKind::relations},
    LabelEntry{"Remote SQL", PropertyKind::remote_sql},
    LabelEntry{"Rows Removed by Conflict Filter", PropertyKind::rows_removed_by_conflict_filter},
    LabelEntry{"Rows Removed by Filter", PropertyKind::rows_removed_by_filter},
    LabelEntry{"Rows Removed by Index Recheck", PropertyKind::rows_removed_by_index_recheck},
    LabelEntry{"Rows Removed by Join Filter", PropertyKind::rows_removed_by_join_filter},
    LabelEntry{"Run Condition", PropertyKind::run_condition},
    LabelEntry{"Sampling", PropertyKind::sampling},
    LabelEntry{"Serialization", PropertyKind::serialization},
    LabelEntry{"Settings", PropertyKind::settings},
    LabelEntry{"Single Copy", PropertyKind::single_copy},
    LabelEntry{"Sort Key", PropertyKind::sort_key},
    LabelEntry{"Sort Method", PropertyKind::sort_method},
    LabelEntry{"Storage", PropertyKind::storage},
    LabelEntry{"Subplans Removed", PropertyKind::subplans_removed},
    LabelEntry{"TID Cond", PropertyKind::tid_cond},
    LabelEntry{"Table Function Call", PropertyKind::table_function_call},
    LabelEntry{"Total runtime", PropertyKind::total_runtime},
    LabelEntry{"Tuples", PropertyKind::tuples},
    LabelEntry{"Tuples Inserted", PropertyKind::tuples_inserted},
    LabelEntry{"WAL", PropertyKind::wal},
    LabelEntry{"Window", PropertyKind::window},
    LabelEntry{"Workers Launched", PropertyKind::workers_launched},
    LabelEntry{"Workers Planned", PropertyKind::workers_planned},
};

// The labels in an open-addressing table built at compile time: a lookup
// hashes five bytes of the label and compares one entry, rarely two (the
// binary search it replaces compared six, and was 7% of parsing a document).
constexpr std::size_t label_slots = 256;

constexpr std::size_t label_hash(std::string_view label) noexcept {
    const auto at = [label](std::size_t i) -> std::uint64_t {
        return i < label.size() ? static_cast<unsigned char>(label[i]) : 0;  // a short label's i wraps around
    };
    const std::size_t n = label.size();
    std::uint64_t key = n | at(0) << 8 | at(n - 1) << 16 | at(n / 2) << 24 | at(n - 4) << 32;
    // MurmurHash3's 64-bit finalizer: every bit of the key moves the low 8
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key % label_slots);
}

constexpr auto label_index = [] {
    std::array<LabelEntry, label_slots> slots{};
    for (LabelEntry& slot : slots) slot.kind = PropertyKind::other;
    for (const LabelEntry& entry : label_table) {
        std::size_t i = label_hash(entry.label);
        while (!slots[i].label.empty()) i = (i + 1) % label_slots;
        slots[i] = entry;
    }
    return slots;
}();

constexpr std::size_t longest_probe = [] {
    std::size_t longest = 0;
    for (const LabelEntry& entry : label_table) {
        std::size_t probes = 1;
        for (std::size_t i = label_hash(entry.label); label_index[i].label != entry.label; i = (i + 1) % label_slots)
            ++probes;
        longest = std::max(longest, probes);
    }
    return longest;
}();
static_assert(label_table.size() * 2 < label_slots, "keep the label table at most half full");
static_assert(longest_probe <= 3, "the label hash clusters: pick other bytes of the label");

// ---- the two value formats ------------------------------------------------

/// Splits "first  Label: v  Label: v" at double spaces. `first` receives the
/// leading part, `field` each later (label, value).
template <typename First, typename Field>
bool for_each_field(std::string_view value, First&& first, Field&& field) {
    bool leading = true;
    while (!value.empty()) {
        const std::size_t cut = value.find("  ");
        std::string_view part = value.substr(0, cut);
        value = cut == std::string_view::npos ? std::string_view{} : value.substr(cut + 2);
        if (part.empty()) continue;
        if (leading) {
            leading = false;
            if (!first(part)) return false;
            continue;
        }
        const std::size_t colon = part.find(": ");
        if (colon == std::string_view::npos) return false;
        if (!field(part.substr(0, colon), part.substr(colon + 2))) return false;
    }
    return !leading;
}

/// Calls counter(group, key, value) for each key=value token; a bare word
/// names the group of the tokens after it, a trailing comma ends the group.
template <typename Counter>
bool for_each_counter(std::string_view value, Counter&& counter) {
    std::string_view group;
    bool any = false;
    while (!value.empty()) {
        const std::size_t cut = value.find(' ');
        std::string_view token = value.substr(0, cut);
        value = cut == std::string_view::npos ? std::string_view{} : value.substr(cut + 1);
        if (token.empty()) continue;
        const bool ends_group = token.back() == ',';
        if (ends_group) token.remove_suffix(1);
        const std::size_t eq = token.find('=');
        if (eq == std::string_view::npos) {
            group = token;
        } else {
            if (!counter(group, token.substr(0, eq), token.substr(eq + 1))) return false;
            any = true;
        }
        if (ends_group) group = {};
    }
    return any;
}

/// "1024" or "1024 (originally 512)" -> (current, original)
bool number_with_original(std::string_view text, std::int64_t& current, std::int64_t& original) {
    const std::size_t paren = text.find(" (originally ");
    const auto now = to_int(text.substr(0, paren));
    if (!now) return false;
    current = *now;
    original = *now;
    if (paren == std::string_view::npos) return true;
    std::string_view rest = text.substr(paren + 13);
    if (rest.empty() || rest.back() != ')') return false;
    const auto before = to_int(rest.substr(0, rest.size() - 1));
    if (!before) return false;
    original = *before;
    return true;
}

template <typename T>
bool assign(std::optional<T> parsed, T& out) {
    if (!parsed) return false;
    out = *parsed;
    return true;
}

template <typename T>
bool assign(std::optional<T> parsed, std::optional<T>& out) {
    if (!parsed) return false;
    out = *parsed;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

PropertyKind property_kind(std::string_view label) noexcept {
    for (std::size_t i = label_hash(label); !label_index[i].label.empty(); i = (i + 1) % label_slots)
        if (label_index[i].label == label) return label_index[i].kind;
    if (label == "Trigger" || label.substr(0, 8) == "Trigger ") return PropertyKind::trigger;
    return PropertyKind::other;
}

std::optional<double> decode_number(std::string_view value) noexcept { return to_double(trim(value)); }

std::optional<double> decode_milliseconds(std::string_view value) noexcept { return to_milliseconds(trim(value)); }

std::optional<bool> decode_bool(std::string_view value) noexcept {
    value = trim(value);
    if (value == "true") return true;
    if (value == "false") return false;
    return std::nullopt;
}

std::optional<SortSpace> decode_sort_method(std::string_view value) noexcept {
    SortSpace s;
    bool has_space = false;
    const bool ok = for_each_field(
        value, [&](std::string_view method) { return s.method = method, true; },
        [&](std::string_view label, std::string_view v) {
            if (has_space || (label != "Memory" && label != "Disk")) return false;
            s.space_type = label;
            has_space = true;
            return assign(to_kilobytes(v), s.kb);
        });
    if (!ok || !has_space) return std::nullopt;
    return s;
}

std::optional<SortGroups> decode_sort_groups(std::string_view value) noexcept {
    SortGroups g;
    const bool ok = for_each_field(
        value, [&](std::string_view count) { return assign(to_int(count), g.count); },
        [&](std::string_view label, std::string_view v) {
            if (label == "Sort Method" || label == "Sort Methods") return g.methods = v, true;
            if (label == "Average Memory") return assign(to_kilobytes(v), g.average_memory_kb);
            if (label == "Peak Memory") return assign(to_kilobytes(v), g.peak_memory_kb);
            if (label == "Average Disk") return assign(to_kilobytes(v), g.average_disk_kb);
            if (label == "Peak Disk") return assign(to_kilobytes(v), g.peak_disk_kb);
            return false;
        });
    if (!ok || g.methods.empty()) return std::nullopt;
    return g;
}

std::optional<HashBuckets> decode_buckets(std::string_view value) noexcept {
    HashBuckets h;
    bool batches = false, memory = false;
    const bool ok = for_each_field(
        value, [&](std::string_view b) { return number_with_original(b, h.buckets, h.original_buckets); },
        [&](std::string_view label, std::string_view v) {
            if (label == "Batches") return batches = true, number_with_original(v, h.batches, h.original_batches);
            if (label == "Memory Usage") return memory = true, assign(to_kilobytes(v), h.memory_kb);
            return false;
        });
    if (!ok || !batches || !memory) return std::nullopt;
    return h;
}

std::optional<HashAggStats> decode_hashagg(PropertyKind kind, std::string_view value) noexcept {
    HashAggStats s;
    const bool ok = for_each_field(
        value,
        [&](std::string_view first) {
            return kind == PropertyKind::planned_partitions ? assign(to_int(first), s.planned_partitions)
                                                            : assign(to_int(first), s.batches);
        },
        [&](std::string_view label, std::string_view v) {
            if (label == "Batches") return assign(to_int(v), s.batches);
            if (label == "Memory Usage") return assign(to_kilobytes(v), s.memory_kb);
            if (label == "Disk Usage") return assign(to_kilobytes(v), s.disk_kb);
            return false;
        });
    if (!ok || (s.batches.has_value() != s.memory_kb.has_value())) return std::nullopt;
    return s;
}

std::optional<CacheStats> decode_cache_hits(std::string_view value) noexcept {
    CacheStats c;
    int seen = 0;
    const bool ok = for_each_field(
        value, [&](std::string_view hits) { return assign(to_int(hits), c.hits); },
        [&](std::string_view label, std::string_view v) {
            ++seen;
            if (label == "Misses") return assign(to_int(v), c.misses);
            if (label == "Evictions") return assign(to_int(v), c.evictions);
            if (label == "Overflows") return assign(to_int(v), c.overflows);
            if (label == "Memory Usage") return assign(to_kilobytes(v), c.memory_kb);
            return false;
        });
    if (!ok || seen != 4) return std::nullopt;
    return c;
}

std::optional<HeapBlocks> decode_heap_blocks(std::string_view value) noexcept {
    HeapBlocks h;
    const bool ok = for_each_counter(value, [&](std::string_view group, std::string_view key, std::string_view v) {
        if (!group.empty()) return false;
        if (key == "exact") return assign(to_int(v), h.exact);
        if (key == "lossy") return assign(to_int(v), h.lossy);
        return false;
    });
    if (!ok) return std::nullopt;
    return h;
}

std::optional<BufferCounters> decode_buffers(std::string_view value) noexcept {
    BufferCounters b;
    const bool ok = for_each_counter(value, [&](std::string_view group, std::string_view key, std::string_view v) {
        std::int64_t* hit = nullptr;
        std::int64_t* read = nullptr;
        std::int64_t* dirtied = nullptr;
        std::int64_t* written = nullptr;
        if (group == "shared") {
            hit = &b.shared_hit, read = &b.shared_read, dirtied = &b.shared_dirtied, written = &b.shared_written;
        } else if (group == "local") {
            hit = &b.local_hit, read = &b.local_read, dirtied = &b.local_dirtied, written = &b.local_written;
        } else if (group == "temp") {
            read = &b.temp_read, written = &b.temp_written;
        }
        std::int64_t* target = key == "hit" ? hit : key == "read" ? read : key == "dirtied" ? dirtied
                             : key == "written" ? written : nullptr;
        return target != nullptr && assign(to_int(v), *target);
    });
    if (!ok) return std::nullopt;
    return b;
}

std::optional<IoTimings> decode_io_timings(std::string_view value) noexcept {
    IoTimings t;
    const bool ok = for_each_counter(value, [&](std::string_view group, std::string_view key, std::string_view v) {
        double* read = nullptr;
        double* write = nullptr;
        if (group.empty() || group == "shared/local") {
            t.shared_local = true;  // PostgreSQL 15 and older add shared and local together
            read = &t.shared_read, write = &t.shared_write;
        } else if (group == "shared") {
            read = &t.shared_read, write = &t.shared_write;
        } else if (group == "local") {
            read = &t.local_read, write = &t.local_write;
        } else if (group == "temp") {
            read = &t.temp_read, write = &t.temp_write;
        }
        double* target = key == "read" ? read : key == "write" ? write : nullptr;
        return target != nullptr && assign(to_double(v), *target);
    });
    if (!ok) return std::nullopt;
    return t;
}

std::optional<WalCounters> decode_wal(std::string_view value) noexcept {
    WalCounters w;
    const bool ok = for_each_counter(value, [&](std::string_view group, std::string_view key, std::string_view v) {
        if (group == "buffers" && key == "full") return assign(to_int(v), w.buffers_full);
        if (!group.empty()) return false;
        if (key == "records") return assign(to_int(v), w.records);
        if (key == "fpi") return assign(to_int(v), w.fpi);
        if (key == "bytes") return assign(to_int(v), w.bytes);
        return false;
    });
    if (!ok) return std::nullopt;
    return w;
}

std::optional<StorageStats> decode_storage(std::string_view value) noexcept {
    StorageStats s;
    bool max = false;
    const bool ok = for_each_field(
        value, [&](std::string_view type) { return s.type = type, true; },
        [&](std::string_view label, std::string_view v) {
            return label == "Maximum Storage" && (max = true) && assign(to_kilobytes(v), s.max_kb);
        });
    if (!ok || !max) return std::nullopt;
    return s;
}

std::optional<MergeTuples> decode_merge_tuples(std::string_view value) noexcept {
    MergeTuples m;
    const bool ok = for_each_counter(value, [&](std::string_view group, std::string_view key, std::string_view v) {
        if (!group.empty()) return false;
        if (key == "inserted") return assign(to_double(v), m.inserted);
        if (key == "updated") return assign(to_double(v), m.updated);
        if (key == "deleted") return assign(to_double(v), m.deleted);
        if (key == "skipped") return assign(to_double(v), m.skipped);
        return false;
    });
    if (!ok) return std::nullopt;
    return m;
}

std::optional<JitOptions> decode_jit_options(std::string_view value) noexcept {
    JitOptions o;
    int seen = 0;
    while (!value.empty()) {
        const std::size_t cut = value.find(", ");
        std::string_view item = value.substr(0, cut);
        value = cut == std::string_view::npos ? std::string_view{} : value.substr(cut + 2);
        const std::size_t space = item.rfind(' ');
        if (space == std::string_view::npos) return std::nullopt;
        const auto flag = decode_bool(item.substr(space + 1));
        if (!flag) return std::nullopt;
        const std::string_view name = item.substr(0, space);
        if (name == "Inlining") o.inlining = *flag;
        else if (name == "Optimization") o.optimization = *flag;
        else if (name == "Expressions") o.expressions = *flag;
        else if (name == "Deforming") o.deforming = *flag;
        else return std::nullopt;
        ++seen;
    }
    if (seen != 4) return std::nullopt;
    return o;
}

std::optional<JitTiming> decode_jit_timing(std::string_view value) noexcept {
    JitTiming t;
    bool total = false;
    while (!value.empty()) {
        const std::size_t cut = value.find(", ");
        std::string_view item = value.substr(0, cut);
        value = cut == std::string_view::npos ? std::string_view{} : value.substr(cut + 2);
        // "Generation 1.234 ms (Deform 0.100 ms)" since PostgreSQL 17
        if (const std::size_t paren = item.find(" (Deform "); paren != std::string_view::npos) {
            std::string_view deform = item.substr(paren + 9);
            if (deform.empty() || deform.back() != ')') return std::nullopt;
            if (!assign(to_milliseconds(deform.substr(0, deform.size() - 1)), t.deform)) return std::nullopt;
            item = item.substr(0, paren);
        }
        const std::size_t space = item.find(' ');
        if (space == std::string_view::npos) return std::nullopt;
        const std::string_view name = item.substr(0, space);
        const auto ms = to_milliseconds(item.substr(space + 1));
        if (!ms) return std::nullopt;
        if (name == "Generation") t.generation = *ms;
        else if (name == "Inlining") t.inlining = *ms;
        else if (name == "Optimization") t.optimization = *ms;
        else if (name == "Emission") t.emission = *ms;
        else if (name == "Total") t.total = *ms, total = true;
        else return std::nullopt;
    }
    if (!total) return std::nullopt;
    return t;
}

std::optional<SerializationStats> decode_serialization(std::string_view value) noexcept {
    SerializationStats s;
    bool output = false;
    const bool ok = for_each_counter(value, [&](std::string_view, std::string_view key, std::string_view v) {
        if (key == "time") return assign(to_double(v), s.time_ms);  // followed by the bare word "ms"
        if (key == "output") return output = true, assign(to_kilobytes(v), s.output_kb);
        if (key == "format") return s.format = v, true;
        return false;
    });
    if (!ok || !output) return std::nullopt;
    return s;
}

std::optional<MemoryStats> decode_memory(std::string_view value) noexcept {
    MemoryStats m;
    int seen = 0;
    const bool ok = for_each_counter(value, [&](std::string_view group, std::string_view key, std::string_view v) {
        if (!group.empty()) return false;
        ++seen;
        if (key == "used") return assign(to_kilobytes(v), m.used_kb);
        if (key == "allocated") return assign(to_kilobytes(v), m.allocated_kb);
        return false;
    });
    if (!ok || seen != 2) return std::nullopt;
    return m;
}

std::optional<TriggerTime> decode_trigger(std::string_view label, std::string_view value) noexcept {
    if (label.substr(0, 7) != "Trigger") return std::nullopt;
    std::string_view rest = label.substr(7);
    TriggerTime t;
    // Trigger names are printed unquoted; " on " and " for constraint " are the only separators.
    if (const std::size_t on = rest.rfind(" on "); on != std::string_view::npos) {
        t.relation = rest.substr(on + 4);
        rest = rest.substr(0, on);
    }
    if (const std::size_t fc = rest.find(" for constraint "); fc != std::string_view::npos) {
        t.constraint = rest.substr(fc + 16);
        rest = rest.substr(0, fc);
    }
    if (!rest.empty()) {
        if (rest.front() != ' ') return std::nullopt;
        t.name = rest.substr(1);
    }
    bool calls = false;
    const bool ok = for_each_counter(value, [&](std::string_view group, std::string_view key, std::string_view v) {
        if (!group.empty()) return false;
        if (key == "time") return assign(to_double(v), t.time_ms);
        if (key == "calls") return calls = true, assign(to_double(v), t.calls);
        return false;
    });
    if (!ok || !calls) return std::nullopt;
    return t;
}

bool value_is_well_formed(PropertyKind kind, std::string_view label, std::string_view value) noexcept {
    if (is_number_kind(kind) || kind == PropertyKind::query_identifier) return decode_number(value).has_value();
    switch (kind) {
        case PropertyKind::inner_unique:
        case PropertyKind::single_copy:
        case PropertyKind::disabled: return decode_bool(value).has_value();
        case PropertyKind::sort_method: return decode_sort_method(value).has_value();
        case PropertyKind::full_sort_groups:
        case PropertyKind::pre_sorted_groups: return decode_sort_groups(value).has_value();
        case PropertyKind::buckets: return decode_buckets(value).has_value();
        case PropertyKind::hashagg_batches:
        case PropertyKind::planned_partitions: return decode_hashagg(kind, value).has_value();
        case PropertyKind::cache_hits: return decode_cache_hits(value).has_value();
        case PropertyKind::heap_blocks: return decode_heap_blocks(value).has_value();
        case PropertyKind::buffers: return decode_buffers(value).has_value();
        case PropertyKind::io_timings: return decode_io_timings(value).has_value();
        case PropertyKind::wal: return decode_wal(value).has_value();
        case PropertyKind::storage: return decode_storage(value).has_value();
        case PropertyKind::tuples: return decode_merge_tuples(value).has_value();
        case PropertyKind::jit_options: return decode_jit_options(value).has_value();
        case PropertyKind::jit_timing: return decode_jit_timing(value).has_value();
        case PropertyKind::jit_functions: return decode_number(value).has_value();
        case PropertyKind::serialization: return decode_serialization(value).has_value();
        case PropertyKind::memory: return decode_memory(value).has_value();
        case PropertyKind::planning_time:
        case PropertyKind::execution_time:
        case PropertyKind::total_runtime: return decode_milliseconds(value).has_value();
        case PropertyKind::trigger: return decode_trigger(label, value).has_value();
        default: return true;  // text values are always well formed
    }
}

}  // namespace planlens

// Text plan -> PostgreSQL's EXPLAIN (FORMAT JSON) shape. The key names and
// the rules for what JSON prints where text stays silent follow explain.c.
#include <planlens/pg_json.hpp>

#include "../parse/line_parser.hpp"
#include "buffer_json.hpp"
#include "json_writer.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

namespace planlens {

namespace {

using detail::BufferKeys;
using detail::JsonWriter;

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

bool under_parallel_gather(const Plan& plan, const Node& n) {
    for (NodeId p = n.parent; p != no_node; p = plan.nodes[p].parent) {
        const NodeKind k = plan.nodes[p].kind;
        if (k == NodeKind::gather || k == NodeKind::gather_merge) return true;
    }
    return false;
}

/// Which "Rows Removed by ..." counter PostgreSQL pairs with a qualifier.
PropertyKind removed_counter(NodeKind node, PropertyKind qual) {
    switch (qual) {
        case PropertyKind::filter: return PropertyKind::rows_removed_by_filter;
        case PropertyKind::join_filter: return PropertyKind::rows_removed_by_join_filter;
        case PropertyKind::recheck_cond: return PropertyKind::rows_removed_by_index_recheck;
        case PropertyKind::conflict_filter: return PropertyKind::rows_removed_by_conflict_filter;
        case PropertyKind::index_cond:
            return node == NodeKind::index_scan || node == NodeKind::index_only_scan
                       ? PropertyKind::rows_removed_by_index_recheck
                       : PropertyKind::unknown;
        default: return PropertyKind::unknown;
    }
}

/// How the plan spelled I/O timings: before PostgreSQL 16 shared and local
/// were one figure and JSON called it "I/O Read Time".
bool old_io_timing_names(const Plan& plan) {
    auto is_old = [](const Property& p) {
        return p.kind == PropertyKind::io_timings && decode_io_timings(p.value) && decode_io_timings(p.value)->shared_local;
    };
    return std::any_of(plan.properties.begin(), plan.properties.end(), is_old) ||
           std::any_of(plan.summary.begin(), plan.summary.end(), is_old);
}

bool has_io_timings(const Plan& plan) {
    auto io = [](const Property& p) { return p.kind == PropertyKind::io_timings; };
    return std::any_of(plan.properties.begin(), plan.properties.end(), io) ||
           std::any_of(plan.summary.begin(), plan.summary.end(), io);
}

class Renderer {
public:
    Renderer(const Plan& plan, JsonWriter& w, int server_version)
        : plan_(plan), w_(w), io_timings_(has_io_timings(plan)), old_io_names_(old_io_timing_names(plan)),
          version_(server_version != 0 ? server_version : infer_server_version(plan)) {}

    void element() {
        w_.begin_object();
        w_.key("Plan");
        tree();
        summary();
        w_.end_object();
    }

private:
    // ---- the tree, without recursion (plans can nest thousands deep) -------

    void tree() {
        struct Frame {
            NodeId id;
            NodeId next_child;
        };
        std::vector<Frame> stack;
        open_node(plan_.root());
        stack.push_back({0, plan_.root().first_child});
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (top.next_child != no_node) {
                const NodeId child = top.next_child;
                top.next_child = plan_.nodes[child].next_sibling;
                open_node(plan_.nodes[child]);
                stack.push_back({child, plan_.nodes[child].first_child});
                continue;
            }
            if (plan_.nodes[top.id].first_child != no_node) w_.end_array();
            w_.end_object();
            stack.pop_back();
        }
    }

    /// Everything of a node but its children, then opens "Plans" if it has any.
    void open_node(const Node& n) {
        w_.begin_object();
        identity(n);
        target(n);
        figures(n);
        properties(n);
        implied(n);
        workers(n);
        if (n.first_child != no_node) {
            w_.key("Plans");
            w_.begin_array();
        }
    }

    void identity(const Node& n) {
        w_.member("Node Type", n.kind == NodeKind::unknown ? n.name : to_string(n.kind));
        if (n.strategy != Strategy::none) w_.member("Strategy", to_string(n.strategy));
        if (n.partial_mode != PartialMode::none) w_.member("Partial Mode", to_string(n.partial_mode));
        if (n.operation != Operation::none) w_.member("Operation", to_string(n.operation));
        if (n.relationship != Relationship::none) w_.member("Parent Relationship", to_string(relationship(n)));
        if (!n.subplan_name.empty()) w_.member("Subplan Name", n.subplan_name);
        if (!n.custom_provider.empty()) w_.member("Custom Plan Provider", n.custom_provider);
        w_.member_bool("Parallel Aware", n.parallel_aware);
        if (since(14)) w_.member_bool("Async Capable", n.async_capable);
    }

    /// The server is of this major version or newer, or its version is unknown
    /// (then the JSON is that of 14 to 17).
    bool since(int major) const { return version_ == 0 || version_ >= major; }

    /// BUFFERS was given, or is PostgreSQL 18's default under ANALYZE.
    bool buffers_on() const { return plan_.options.buffers || (version_ >= 18 && plan_.options.analyze); }

    /// PostgreSQL 13 and older hang every child of ModifyTable as a member
    /// (one subplan per target table); 14 and newer have one outer child.
    Relationship relationship(const Node& n) const {
        const bool under_modify = n.parent != no_node && plan_.node(n.parent).kind == NodeKind::modify_table;
        if (under_modify && n.relationship == Relationship::outer && version_ != 0 && version_ <= 13)
            return Relationship::member;
        return n.relationship;
    }

    void target(const Node& n) {
        const Target& t = n.target;
        switch (n.kind) {
            case NodeKind::index_scan:
            case NodeKind::index_only_scan:
                w_.member("Scan Direction", to_string(n.scan_direction));
                w_.member("Index Name", identifier(t.index));
                break;
            case NodeKind::bitmap_index_scan: w_.member("Index Name", identifier(t.index)); return;
            case NodeKind::nested_loop:
            case NodeKind::merge_join:
            case NodeKind::hash_join: w_.member("Join Type", to_string(n.join_type)); return;
            case NodeKind::set_op:
                if (n.set_op_command != SetOpCommand::none) w_.member("Command", to_string(n.set_op_command));
                return;
            default: break;
        }
        if (t.object.empty() && t.alias.empty()) return;
        if (!t.object.empty()) w_.member(object_tag(n.kind), identifier(t.object));
        if (!t.schema.empty()) w_.member("Schema", identifier(t.schema));
        w_.member("Alias", identifier(t.effective_alias()));
    }

    static std::string_view object_tag(NodeKind kind) {
        switch (kind) {
            case NodeKind::function_scan: return "Function Name";
            case NodeKind::table_function_scan: return "Table Function Name";
            case NodeKind::cte_scan:
            case NodeKind::worktable_scan: return "CTE Name";
            case NodeKind::named_tuplestore_scan: return "Tuplestore Name";
            default: return "Relation Name";
        }
    }

    void figures(const Node& n) {
        if (n.estimates) {
            w_.member_number("Startup Cost", n.estimates->startup_cost, 2);
            w_.member_number("Total Cost", n.estimates->total_cost, 2);
            w_.member_number("Plan Rows", n.estimates->rows, 0);
            w_.member_integer("Plan Width", n.estimates->width);
        }
        if (n.actuals) {
            actuals(*n.actuals);
        } else if (n.never_executed) {
            if (plan_.options.timing) {
                w_.member_number("Actual Startup Time", 0, 3);
                w_.member_number("Actual Total Time", 0, 3);
            }
            w_.member_number("Actual Rows", 0, 0);
            w_.member_number("Actual Loops", 0, 0);
        }
    }

    void actuals(const Actuals& a) {
        if (a.startup_time) w_.member_number("Actual Startup Time", *a.startup_time, 3);
        if (a.total_time) w_.member_number("Actual Total Time", *a.total_time, 3);
        w_.member_number("Actual Rows", a.rows, plan_.options.rows_with_decimals ? 2 : 0);
        w_.member_number("Actual Loops", a.loops, 0);
    }

    // ---- properties ----------------------------------------------------------

    void properties(const Node& n) {
        const auto props = plan_.properties_of(n);
        const bool grouping_sets = has_grouping_sets(n);
        std::vector<std::string_view> unparsed;
        for (std::size_t i = 0; i < props.size(); ++i) {
            const Property& p = props[i];
            if (p.worker >= 0 || p.kind == PropertyKind::continuation) continue;  // "Workers" / joined below
            if (i + 1 < props.size() && props[i + 1].kind == PropertyKind::continuation) {
                property_with_continuations(props, i);
            } else if (p.kind == PropertyKind::unknown) {
                unparsed.push_back(p.value);
            } else if (p.kind == PropertyKind::modify_target) {
                i = target_tables(props, i) - 1;
            } else if (grouping_sets && is_grouping_key(p.kind)) {
                if (i == first_grouping_key(props)) grouping_sets_member(props);
            } else {
                property(p);
            }
        }
        if (!unparsed.empty()) {
            w_.key("Unparsed Lines");
            w_.begin_array();
            for (std::string_view line : unparsed) w_.string(line);
            w_.end_array();
        }
    }

    /// A value whose string literal held a newline spans the lines after it.
    void property_with_continuations(std::span<const Property> props, std::size_t i) {
        if (i + 1 >= props.size() || props[i + 1].kind != PropertyKind::continuation) return property(props[i]);
        const std::string whole = plan_.full_value(props[i]);
        Property joined = props[i];
        joined.value = whole;
        property(joined);
    }

    void property(const Property& p) {
        if (is_number_kind(p.kind)) return number(p.label, p.value);
        switch (p.kind) {
            case PropertyKind::output:
            case PropertyKind::sort_key:
            case PropertyKind::presorted_key:
            case PropertyKind::group_key:
            case PropertyKind::hash_key:
            case PropertyKind::params_evaluated:
            case PropertyKind::conflict_arbiter_indexes: return list(p.label, p.value);
            case PropertyKind::inner_unique:
            case PropertyKind::single_copy:
            case PropertyKind::disabled: return boolean(p.label, p.value);
            case PropertyKind::sampling: return sampling(p.value);
            default: break;
        }
        if (!value_is_well_formed(p.kind, p.label, p.value)) return w_.member(p.label, p.value);
        switch (p.kind) {
            case PropertyKind::sort_method: return sort_method(*decode_sort_method(p.value));
            case PropertyKind::full_sort_groups:
            case PropertyKind::pre_sorted_groups: return sort_groups(p.label, *decode_sort_groups(p.value));
            case PropertyKind::buckets: return buckets(*decode_buckets(p.value));
            case PropertyKind::hashagg_batches:
            case PropertyKind::planned_partitions: return hashagg(*decode_hashagg(p.kind, p.value));
            case PropertyKind::cache_hits: return cache(*decode_cache_hits(p.value));
            case PropertyKind::heap_blocks: return heap_blocks(*decode_heap_blocks(p.value));
            case PropertyKind::buffers: return buffers(*decode_buffers(p.value));
            case PropertyKind::io_timings: return io_timings(*decode_io_timings(p.value));
            case PropertyKind::wal: return wal(*decode_wal(p.value));
            case PropertyKind::storage: return storage(*decode_storage(p.value));
            case PropertyKind::tuples: return merge_tuples(*decode_merge_tuples(p.value));
            case PropertyKind::worker_actuals: return worker_actuals(p.value);
            default: return w_.member(p.label, p.value);
        }
    }

    void list(std::string_view label, std::string_view value) {
        w_.key(label);
        w_.begin_array();
        split_list(value, [&](std::string_view item) { w_.string(item); });
        w_.end_array();
    }

    void number(std::string_view label, std::string_view value) {
        if (!decode_number(value)) return w_.member(label, value);
        w_.key(label);
        w_.raw_number(trim(value));
    }

    void boolean(std::string_view label, std::string_view value) {
        if (const auto b = decode_bool(value)) return w_.member_bool(label, *b);
        w_.member(label, value);
    }

    /// "bernoulli ('10'::real) REPEATABLE (42)"
    void sampling(std::string_view value) {
        const std::size_t open = value.find(" (");
        const std::size_t close = value.find(')', open == std::string_view::npos ? 0 : open);
        if (open == std::string_view::npos || close == std::string_view::npos) return w_.member("Sampling", value);
        w_.member("Sampling Method", value.substr(0, open));
        list("Sampling Parameters", value.substr(open + 2, close - open - 2));
        std::string_view rest = value.substr(close + 1);
        if (rest.substr(0, 13) == " REPEATABLE (" && rest.back() == ')')
            w_.member("Repeatable Seed", rest.substr(13, rest.size() - 14));
    }

    void sort_method(const SortSpace& s) {
        w_.member("Sort Method", s.method);
        w_.member_integer("Sort Space Used", s.kb);
        w_.member("Sort Space Type", s.space_type);
    }

    void sort_groups(std::string_view label, const SortGroups& g) {
        w_.key(label);
        w_.begin_object();
        w_.member_integer("Group Count", g.count);
        list("Sort Methods Used", g.methods);
        space_group("Sort Space Memory", g.average_memory_kb, g.peak_memory_kb);
        space_group("Sort Space Disk", g.average_disk_kb, g.peak_disk_kb);
        w_.end_object();
    }

    void space_group(std::string_view name, std::optional<std::int64_t> average, std::optional<std::int64_t> peak) {
        if (!average || !peak) return;
        w_.key(name);
        w_.begin_object();
        w_.member_integer("Average Sort Space Used", *average);
        w_.member_integer("Peak Sort Space Used", *peak);
        w_.end_object();
    }

    void buckets(const HashBuckets& h) {
        w_.member_integer("Hash Buckets", h.buckets);
        w_.member_integer("Original Hash Buckets", h.original_buckets);
        w_.member_integer("Hash Batches", h.batches);
        w_.member_integer("Original Hash Batches", h.original_batches);
        w_.member_integer("Peak Memory Usage", h.memory_kb);
    }

    void hashagg(const HashAggStats& s) {
        if (s.planned_partitions) w_.member_integer("Planned Partitions", *s.planned_partitions);
        if (!s.batches) return;
        w_.member_integer("HashAgg Batches", *s.batches);
        w_.member_integer("Peak Memory Usage", *s.memory_kb);
        w_.member_integer("Disk Usage", s.disk_kb);
    }

    void cache(const CacheStats& c) {
        w_.member_integer("Cache Hits", c.hits);
        w_.member_integer("Cache Misses", c.misses);
        w_.member_integer("Cache Evictions", c.evictions);
        w_.member_integer("Cache Overflows", c.overflows);
        w_.member_integer("Peak Memory Usage", c.memory_kb);
    }

    void heap_blocks(const HeapBlocks& h) {
        w_.member_integer("Exact Heap Blocks", h.exact);
        w_.member_integer("Lossy Heap Blocks", h.lossy);
    }

    void buffers(const BufferCounters& b) { detail::buffer_members(w_, b, BufferKeys::postgres); }

    void io_timings(const IoTimings& t) {
        if (old_io_names_) {
            w_.member_number("I/O Read Time", t.shared_read, 3);
            w_.member_number("I/O Write Time", t.shared_write, 3);
        } else {
            w_.member_number("Shared I/O Read Time", t.shared_read, 3);
            w_.member_number("Shared I/O Write Time", t.shared_write, 3);
            w_.member_number("Local I/O Read Time", t.local_read, 3);
            w_.member_number("Local I/O Write Time", t.local_write, 3);
        }
        w_.member_number("Temp I/O Read Time", t.temp_read, 3);
        w_.member_number("Temp I/O Write Time", t.temp_write, 3);
    }

    void wal(const WalCounters& c) {
        w_.member_integer("WAL Records", c.records);
        w_.member_integer("WAL FPI", c.fpi);
        w_.member_integer("WAL Bytes", c.bytes);
        if (c.buffers_full != 0 || version_ >= 18) w_.member_integer("WAL Buffers Full", c.buffers_full);
    }

    void storage(const StorageStats& s) {
        w_.member("Storage", s.type);
        w_.member_integer("Maximum Storage", s.max_kb);
    }

    void merge_tuples(const MergeTuples& m) {
        w_.member_number("Tuples Inserted", m.inserted, 0);
        w_.member_number("Tuples Updated", m.updated, 0);
        w_.member_number("Tuples Deleted", m.deleted, 0);
        w_.member_number("Tuples Skipped", m.skipped, 0);
    }

    /// "time=1.2..3.4 rows=5 loops=1" (the part after "Worker N:  actual ")
    void worker_actuals(std::string_view value) {
        Actuals a;
        bool ok = true;
        std::string_view rest = value;
        while (!rest.empty() && ok) {
            const std::size_t cut = rest.find(' ');
            std::string_view token = rest.substr(0, cut);
            rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
            if (token.substr(0, 5) == "time=") {
                const std::size_t dots = token.find("..");
                a.startup_time = decode_number(token.substr(5, dots == std::string_view::npos ? 0 : dots - 5));
                a.total_time = decode_number(dots == std::string_view::npos ? "" : token.substr(dots + 2));
                ok = a.startup_time && a.total_time;
            } else if (token.substr(0, 5) == "rows=") {
                const auto rows = decode_number(token.substr(5));
                ok = rows.has_value(), a.rows = rows.value_or(0);
            } else if (token.substr(0, 6) == "loops=") {
                const auto loops = decode_number(token.substr(6));
                ok = loops.has_value(), a.loops = loops.value_or(0);
            } else {
                ok = false;
            }
        }
        if (!ok) return w_.member("actual", value);
        actuals(a);
    }

    // ---- ModifyTable targets ------------------------------------------------

    /// "Update on t_1 t" lines (and what is indented under each) become
    /// "Target Tables". Returns the index after the last property consumed.
    std::size_t target_tables(std::span<const Property> props, std::size_t i) {
        w_.key("Target Tables");
        w_.begin_array();
        while (i < props.size() && props[i].kind == PropertyKind::modify_target) {
            const std::size_t column = indent_of(props[i]);
            w_.begin_object();
            modify_target(props[i].value);
            for (++i; i < props.size() && props[i].kind != PropertyKind::modify_target && indent_of(props[i]) > column;
                 ++i)
                property(props[i]);
            w_.end_object();
        }
        w_.end_array();
        return i;
    }

    std::size_t indent_of(const Property& p) const { return detail::indentation_width(plan_.lines[p.line].text); }

    void modify_target(std::string_view text) {
        detail::HeaderFields h;
        detail::LineError error;
        if (detail::parse_root_header(text, h, error) != detail::HeaderResult::parsed || h.first.empty())
            return w_.member("Target", text);
        const std::string_view object = h.second.empty() ? h.first : h.second;
        w_.member("Relation Name", identifier(object));
        if (!h.second.empty()) w_.member("Schema", identifier(h.first));
        w_.member("Alias", identifier(h.alias.empty() ? object : h.alias));
    }

    // ---- grouping sets --------------------------------------------------------

    static bool is_grouping_key(PropertyKind k) {
        return k == PropertyKind::group_key || k == PropertyKind::hash_key || k == PropertyKind::sort_key;
    }

    /// An Aggregate with GROUPING SETS prints one key line per set, "Hash Key"
    /// lines for hashed sets and "Sort Key" before each re-sorted chain.
    bool has_grouping_sets(const Node& n) const {
        if (n.kind != NodeKind::aggregate) return false;
        int keys = 0;
        for (const Property& p : plan_.properties_of(n)) {
            if (p.worker >= 0) continue;
            if (p.kind == PropertyKind::hash_key || p.kind == PropertyKind::sort_key) return true;
            if (p.kind == PropertyKind::group_key && (++keys > 1 || trim(p.value) == "()")) return true;
        }
        return false;
    }

    static std::size_t first_grouping_key(std::span<const Property> props) {
        for (std::size_t i = 0; i < props.size(); ++i)
            if (props[i].worker < 0 && is_grouping_key(props[i].kind)) return i;
        return props.size();
    }

    void grouping_sets_member(std::span<const Property> props) {
        w_.key("Grouping Sets");
        w_.begin_array();
        PropertyKind open = PropertyKind::unknown;  // key kind of the set being written
        for (const Property& p : props) {
            if (p.worker >= 0 || !is_grouping_key(p.kind)) continue;
            // A Sort Key starts a re-sorted chain; each hashed set is its own
            // group; consecutive Group Keys share one (they come from one Agg).
            if (p.kind == PropertyKind::sort_key || p.kind != open || p.kind == PropertyKind::hash_key) {
                if (open != PropertyKind::unknown) close_grouping_set();
                w_.begin_object();
                if (p.kind == PropertyKind::sort_key) {
                    list("Sort Key", p.value);
                    open = PropertyKind::group_key;
                    w_.key("Group Keys");
                    w_.begin_array();
                    continue;
                }
                open = p.kind;
                w_.key(p.kind == PropertyKind::hash_key ? "Hash Keys" : "Group Keys");
                w_.begin_array();
            }
            w_.begin_array();
            if (trim(p.value) != "()") split_list(p.value, [&](std::string_view item) { w_.string(item); });
            w_.end_array();
        }
        if (open != PropertyKind::unknown) close_grouping_set();
        w_.end_array();
    }

    void close_grouping_set() {
        w_.end_array();
        w_.end_object();
    }

    // ---- what JSON prints although text stays silent ------------------------

    void implied(const Node& n) {
        const ExplainOptions& o = plan_.options;
        if (o.analyze) implied_counters(n);
        if (n.kind == NodeKind::gather && !plan_.find(n, PropertyKind::single_copy)) w_.member_bool("Single Copy", false);
        if (is_join(n.kind) && o.verbose && !plan_.find(n, PropertyKind::inner_unique))
            w_.member_bool("Inner Unique", false);
        if ((n.kind == NodeKind::append || n.kind == NodeKind::merge_append) &&
            !plan_.find(n, PropertyKind::subplans_removed))
            w_.member_integer("Subplans Removed", 0);
        if (n.kind == NodeKind::aggregate && o.costs && since(13) &&  // hash aggregates spill from 13 on
            (n.strategy == Strategy::hashed || n.strategy == Strategy::mixed) &&
            !plan_.find(n, PropertyKind::planned_partitions))
            w_.member_integer("Planned Partitions", 0);
        if (version_ >= 18 && !plan_.find(n, PropertyKind::disabled)) w_.member_bool("Disabled", false);
        if (o.analyze && buffers_on() && !plan_.find(n, PropertyKind::buffers)) buffers({});
        if (o.analyze && buffers_on() && io_timings_ && !plan_.find(n, PropertyKind::io_timings)) io_timings({});
        if (o.analyze && o.wal && !plan_.find(n, PropertyKind::wal)) wal({});
    }

    /// Under ANALYZE, JSON prints the zero counts that text suppresses.
    /// Each counter once, however many qualifier lines ask for it, and one
    /// search per counter kind (not per line) for a printed one.
    void implied_counters(const Node& n) {
        std::vector<PropertyKind> wanted;  // at most the four counter kinds
        for (const Property& p : plan_.properties_of(n)) {
            if (p.worker >= 0) continue;
            const PropertyKind counter = removed_counter(n.kind, p.kind);
            if (counter != PropertyKind::unknown && std::find(wanted.begin(), wanted.end(), counter) == wanted.end())
                wanted.push_back(counter);
        }
        for (const PropertyKind counter : wanted)
            if (!plan_.find(n, counter)) w_.member_number(counter_label(counter), 0, 0);
        if (n.kind == NodeKind::bitmap_heap_scan && !plan_.find(n, PropertyKind::heap_blocks)) heap_blocks({});
    }

    static std::string_view counter_label(PropertyKind k) {
        switch (k) {
            case PropertyKind::rows_removed_by_filter: return "Rows Removed by Filter";
            case PropertyKind::rows_removed_by_join_filter: return "Rows Removed by Join Filter";
            case PropertyKind::rows_removed_by_index_recheck: return "Rows Removed by Index Recheck";
            default: return "Rows Removed by Conflict Filter";
        }
    }

    // ---- per-worker details -------------------------------------------------

    void workers(const Node& n) {
        const auto props = plan_.properties_of(n);
        // worker numbers in order of first appearance, and each worker's lines
        // in document order: one pass and a sort, as a node may have any number of workers
        std::vector<int> numbers;
        std::unordered_map<int, std::size_t> slot_of;
        std::vector<std::pair<std::size_t, std::size_t>> lines;  // (slot, index in props)
        for (std::size_t i = 0; i < props.size(); ++i) {
            const Property& p = props[i];
            if (p.worker < 0) continue;
            const auto [at, added] = slot_of.try_emplace(p.worker, numbers.size());
            if (added) numbers.push_back(p.worker);
            if (p.kind != PropertyKind::continuation) lines.emplace_back(at->second, i);
        }
        // 13 and newer open the group for every node a worker may run, 12 and
        // older only around what a worker printed
        if (numbers.empty() && !(plan_.options.analyze && since(13) && under_parallel_gather(plan_, n))) return;
        std::stable_sort(lines.begin(), lines.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        w_.key("Workers");
        w_.begin_array();
        auto line = lines.begin();
        for (std::size_t slot = 0; slot < numbers.size(); ++slot) {
            w_.begin_object();
            w_.member_integer("Worker Number", numbers[slot]);
            bool in_jit = false;
            bool ran = false, wrote_buffers = false, wrote_wal = false;  // counters text left out as zero
            for (; line != lines.end() && line->first == slot; ++line) {
                const std::size_t i = line->second;
                const Property& p = props[i];
                ran |= p.kind == PropertyKind::worker_actuals;
                wrote_buffers |= p.kind == PropertyKind::buffers;
                wrote_wal |= p.kind == PropertyKind::wal;
                const bool jit_line = is_jit_detail(p.kind);
                if (in_jit && !jit_line) w_.end_object(), in_jit = false;
                if (p.kind == PropertyKind::jit) {
                    w_.key("JIT");
                    w_.begin_object();
                    in_jit = true;
                } else if (jit_line) {
                    jit_detail(p);
                } else {
                    property_with_continuations(props, i);
                }
            }
            if (in_jit) w_.end_object();
            // a VERBOSE worker that ran the node gets every counter in JSON
            const ExplainOptions& o = plan_.options;
            if (ran && o.analyze && buffers_on() && !wrote_buffers) buffers({});
            if (ran && o.analyze && o.wal && !wrote_wal) wal({});
            w_.end_object();
        }
        w_.end_array();
    }

    // ---- the summary ----------------------------------------------------------

    void summary() {
        section(Section::planning, "Planning");
        for (const Property& p : plan_.summary) {
            switch (p.kind) {
                case PropertyKind::settings: settings(p.value); break;
                case PropertyKind::query_identifier: number("Query Identifier", p.value); break;
                case PropertyKind::planning_time: time("Planning Time", p.value); break;
                default: break;
            }
        }
        if (plan_.options.analyze) triggers();
        jit();
        serialization();
        if (plan_.execution_time) w_.member_number("Execution Time", *plan_.execution_time, 3);
    }

    void time(std::string_view label, std::string_view value) {
        if (const auto ms = decode_milliseconds(value)) w_.member_number(label, *ms, 3);
    }

    /// "Planning:" with its Buffers / I/O Timings / Memory lines. Under
    /// BUFFERS, JSON prints the group even when text had nothing to show
    /// (from 13 on: 12 and older count no planning buffers).
    void section(Section which, std::string_view name) {
        const bool present = std::any_of(plan_.summary.begin(), plan_.summary.end(),
                                         [&](const Property& p) { return p.section == which; });
        if (!present && !(which == Section::planning && buffers_on() && since(13))) return;
        w_.key(name);
        w_.begin_object();
        bool wrote_buffers = false;
        for (const Property& p : plan_.summary) {
            if (p.section != which) continue;
            if (p.kind == PropertyKind::memory && decode_memory(p.value)) {
                w_.member_integer("Memory Used", decode_memory(p.value)->used_kb);
                w_.member_integer("Memory Allocated", decode_memory(p.value)->allocated_kb);
            } else if (p.kind == PropertyKind::buffers || p.kind == PropertyKind::io_timings) {
                wrote_buffers |= p.kind == PropertyKind::buffers;
                property(p);
            }
        }
        if (!wrote_buffers && buffers_on() && since(13)) buffers({});
        w_.end_object();
    }

    /// "work_mem = '64MB', search_path = '\"$user\", public'"
    void settings(std::string_view value) {
        w_.key("Settings");
        w_.begin_object();
        while (!value.empty()) {
            const std::size_t eq = value.find(" = ");
            if (eq == std::string_view::npos) break;
            const std::string_view name = value.substr(0, eq);
            value = value.substr(eq + 3);
            std::size_t end = value.find("', ");
            if (end == std::string_view::npos) end = value.size() - 1;
            if (value.empty() || value.front() != '\'' || value[end] != '\'') break;
            w_.member(name, value.substr(1, end - 1));
            value = end + 3 <= value.size() ? value.substr(end + 3) : std::string_view{};
        }
        w_.end_object();
    }

    void triggers() {
        w_.key("Triggers");
        w_.begin_array();
        for (const TriggerTime& t : plan_.triggers) {
            w_.begin_object();
            if (!t.name.empty()) w_.member("Trigger Name", t.name);
            if (!t.constraint.empty()) w_.member("Constraint Name", t.constraint);
            if (!t.relation.empty()) w_.member("Relation", t.relation);
            if (t.time_ms) w_.member_number("Time", *t.time_ms, 3);
            w_.member_number("Calls", t.calls, 0);
            w_.end_object();
        }
        w_.end_array();
    }

    void jit() {
        const auto first = std::find_if(plan_.summary.begin(), plan_.summary.end(),
                                        [](const Property& p) { return p.kind == PropertyKind::jit; });
        if (first == plan_.summary.end()) return;
        w_.key("JIT");
        w_.begin_object();
        for (const Property& p : plan_.summary)
            if (p.section == Section::jit) jit_detail(p);
        w_.end_object();
    }

    static bool is_jit_detail(PropertyKind k) {
        return k == PropertyKind::jit_functions || k == PropertyKind::jit_options || k == PropertyKind::jit_timing;
    }

    void jit_detail(const Property& p) {
        if (p.kind == PropertyKind::jit_functions) number("Functions", p.value);
        if (p.kind == PropertyKind::jit_options) jit_options(p.value);
        if (p.kind == PropertyKind::jit_timing) jit_timing(p.value);
    }

    void jit_options(std::string_view value) {
        const auto o = decode_jit_options(value);
        if (!o) return w_.member("Options", value);
        w_.key("Options");
        w_.begin_object();
        w_.member_bool("Inlining", o->inlining);
        w_.member_bool("Optimization", o->optimization);
        w_.member_bool("Expressions", o->expressions);
        w_.member_bool("Deforming", o->deforming);
        w_.end_object();
    }

    void jit_timing(std::string_view value) {
        const auto t = decode_jit_timing(value);
        if (!t) return w_.member("Timing", value);
        w_.key("Timing");
        w_.begin_object();
        if (t->deform) {  // PostgreSQL 17 groups generation and deform time
            w_.key("Generation");
            w_.begin_object();
            w_.member_number("Deform", *t->deform, 3);
            w_.member_number("Total", t->generation, 3);
            w_.end_object();
        } else {
            w_.member_number("Generation", t->generation, 3);
        }
        w_.member_number("Inlining", t->inlining, 3);
        w_.member_number("Optimization", t->optimization, 3);
        w_.member_number("Emission", t->emission, 3);
        w_.member_number("Total", t->total, 3);
        w_.end_object();
    }

    void serialization() {
        for (const Property& p : plan_.summary) {
            if (p.kind != PropertyKind::serialization) continue;
            const auto s = decode_serialization(p.value);
            if (!s) return w_.member("Serialization", p.value);
            w_.key("Serialization");
            w_.begin_object();
            if (s->time_ms) w_.member_number("Time", *s->time_ms, 3);
            w_.member_integer("Output Volume", s->output_kb);
            w_.member("Format", s->format);
            bool wrote_buffers = false;  // under BUFFERS JSON prints the counters, zeros too
            for (const Property& q : plan_.summary)
                if (q.section == Section::serialization && q.kind == PropertyKind::buffers)
                    property(q), wrote_buffers = true;
            if (!wrote_buffers && buffers_on()) buffers({});
            w_.end_object();
            return;
        }
    }

    const Plan& plan_;
    JsonWriter& w_;
    bool io_timings_;
    bool old_io_names_;
    int version_;  // server major version, 0 when neither given nor implied by the text
};

// ---- plans read from JSON, YAML or XML ----------------------------------------

/// A plan read from JSON, YAML or XML prints its own fields: every key and
/// value the server wrote, in its order (JSON's types for YAML and XML).
/// `keyed`: the field is an object's member, so it has a key, "" included.
void write_fields(JsonWriter& w, std::span<const Field> fields, std::size_t i, bool keyed = false) {
    const Field& f = fields[i];
    if (keyed) w.key(f.key);
    switch (f.type) {
        case FieldType::object:
        case FieldType::array:
            f.type == FieldType::object ? w.begin_object() : w.begin_array();
            for (std::size_t k = i + 1; k < f.end && k < fields.size(); k = fields[k].end)
                write_fields(w, fields, k, f.type == FieldType::object);
            f.type == FieldType::object ? w.end_object() : w.end_array();
            return;
        case FieldType::string: return w.string(f.value);
        case FieldType::number: return w.raw_number(f.value);
        case FieldType::boolean: return w.boolean(f.value == "true");
        case FieldType::null: return w.null();
    }
}

/// "Worker 0: actual time=..." with one space: 12 and older (13 aligns the
/// worker's fields after two, as on its "Worker 0:  Sort Method:" lines).
bool old_worker_line(const Plan& plan, const Property& p) {
    if (p.kind != PropertyKind::worker_actuals || p.line >= plan.lines.size()) return false;
    const std::string_view body = detail::after_indentation(plan.lines[p.line].text);
    const std::size_t colon = body.find(':');
    return colon != std::string_view::npos && body.substr(colon, 3) == ": a";
}

}  // namespace

int infer_server_version(const Plan& plan) noexcept {
    if (plan.options.rows_with_decimals) return 18;
    for (const Property& p : plan.properties)
        if (p.kind == PropertyKind::index_searches || p.kind == PropertyKind::disabled ||
            p.kind == PropertyKind::storage)
            return 18;
    for (const Property& p : plan.properties)
        if (old_worker_line(plan, p)) return 12;
    for (const Node& n : plan.nodes) {
        if (n.kind != NodeKind::modify_table) continue;
        int members = 0;  // several unlabelled children: one subplan per target, 13 or older
        for (NodeId c = n.first_child; c != no_node; c = plan.node(c).next_sibling)
            members += plan.node(c).relationship == Relationship::member;
        if (members > 1) return 13;
    }
    return 0;
}

void append_pg_json(std::string& out, const Plan& plan, int indent, const PgJsonOptions& options) {
    JsonWriter w(out, JsonWriter::Style::pretty, indent);
    if (!plan.fields.empty()) return write_fields(w, plan.fields, 0);  // read from JSON: the identity
    Renderer(plan, w, options.server_version).element();
}

std::string to_pg_json(std::span<const Plan* const> plans, const PgJsonOptions& options) {
    std::string out = "[";
    for (std::size_t i = 0; i < plans.size(); ++i) {
        out += i == 0 ? "\n  " : ",\n  ";
        append_pg_json(out, *plans[i], 1, options);
    }
    out += plans.empty() ? "]\n" : "\n]\n";
    return out;
}

}  // namespace planlens

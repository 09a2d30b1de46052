// A structured plan's fields -> the lines PostgreSQL's text format prints for
// the same plan, following ExplainNode() and its helpers in
// src/backend/commands/explain.c. Text and JSON come from the same calls
// there, so the fields arrive in the order text prints them; what differs is
// how a group of fields reads as one line ("Sort Method: quicksort  Memory:
// 25kB"), what text leaves out (zero counters, "Parallel Aware": false), and
// the header, which gathers the node's identity. Keys this file does not
// know print the way ExplainProperty*() prints any property: "Key: value".
#include "explain_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

namespace planlens::detail {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// Keywords that quote_identifier() quotes (every category but unreserved).
constexpr std::array<std::string_view, 164> quoted_keywords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
    "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
    "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
    "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
    "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
    "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group",
    "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval",
    "into", "is", "isnull", "join", "json", "json_array", "json_arrayagg", "json_exists", "json_object",
    "json_objectagg", "json_query", "json_scalar", "json_serialize", "json_table", "json_value", "lateral",
    "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "merge_action", "national",
    "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric", "offset", "on",
    "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position", "precision", "primary",
    "real", "references", "returning", "right", "row", "select", "session_user", "setof", "similar", "smallint",
    "some", "substring", "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp", "to",
    "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic",
    "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"};

/// ruleutils.c's quote_identifier(): names that are not plain lower-case
/// identifiers, or are keywords, get double quotes (inner quotes doubled).
void append_quoted_identifier(std::string& out, std::string_view name) {
    bool safe = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (const char c : name)
        safe = safe && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (safe && std::find(quoted_keywords.begin(), quoted_keywords.end(), name) != quoted_keywords.end())
        safe = false;
    if (safe) {
        out += name;
        return;
    }
    out += '"';
    for (const char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    out += '"';
}

bool is_zero(std::string_view number) {
    double v = 1;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    return ec == std::errc{} && v == 0;
}

class TextRenderer {
public:
    TextRenderer(const Fields& f, TextStore& store, RenderedLines& out) : f_(f), store_(store), out_(out) {}

    void element(std::size_t e) {
        scan_options(e);
        for (std::size_t k = e + 1; k < f_[e].end; k = f_[k].end) {
            const std::string_view key = f_[k].key;
            if (key == "Plan" && f_[k].type == FieldType::object) node(k, 0, true);
            else if (key == "Query Text" || key == "Query Parameters") continue;  // auto_explain prints them in the log entry
            else if (key == "Planning") planning(k);
            else if (key == "Planning Time" || key == "Execution Time" || key == "Total Runtime") timed(k, 0);
            else if (key == "Triggers") triggers(k);
            else if (key == "JIT") jit(k, 0);
            else if (key == "Settings") settings(k);
            else if (key == "Serialization") serialization(k);
            else generic(k, 0);
        }
    }

private:
    // ---- lines -------------------------------------------------------------

    void start(int indent, std::size_t field) {
        line_.assign(static_cast<std::size_t>(2 * indent), ' ');
        at_ = f_[field].position;
    }

    /// Ends the line; a value that held a line break continues on lines of
    /// its own, broken where the text reader breaks (LF, CR LF or a lone CR),
    /// so the lines are the ones to_text() prints and the text parser reads.
    void finish() {
        std::string_view rest = line_;
        Position at = at_;
        for (;;) {
            const std::size_t nl = rest.find_first_of("\r\n");
            const std::string_view piece = rest.substr(0, nl);
            out_.lines.push_back(SourceLine{store_.keep(piece), at.line, at.column});
            if (nl == std::string_view::npos) break;
            const bool crlf = rest[nl] == '\r' && nl + 1 < rest.size() && rest[nl + 1] == '\n';
            rest.remove_prefix(nl + (crlf ? 2 : 1));
        }
        line_.clear();
    }

    void line(int indent, std::size_t field, std::string_view text) {
        start(indent, field);
        line_ += text;
        finish();
    }

    // ---- fields -----------------------------------------------------------

    std::size_t find(std::size_t object, std::string_view key) const {
        for (std::size_t k = object + 1; k < f_[object].end; k = f_[k].end)
            if (f_[k].key == key) return k;
        return npos;
    }

    std::string_view value(std::size_t object, std::string_view key) const {
        const std::size_t k = find(object, key);
        return k == npos ? std::string_view{} : f_[k].value;
    }

    bool flag(std::size_t object, std::string_view key) const { return value(object, key) == "true"; }

    /// Appends "a, b, c" for an array of strings; the value itself otherwise.
    void append_list(std::size_t k) {
        if (f_[k].type != FieldType::array) {
            line_ += f_[k].value;
            return;
        }
        bool first = true;
        for (std::size_t i = k + 1; i < f_[k].end; i = f_[i].end) {
            if (!first) line_ += ", ";
            first = false;
            append_list(i);
        }
    }

    void scan_options(std::size_t e) {
        for (std::size_t k = e; k < f_[e].end; ++k) {
            if (f_[k].key == "Output" || f_[k].key == "Schema") verbose_ = true;
            if (f_[k].key == "Actual Total Time") timing_ = true;
        }
    }

    // ---- a node ------------------------------------------------------------

    void node(std::size_t n, int indent, bool root) {
        const std::string_view subplan = value(n, "Subplan Name");
        if (!subplan.empty()) {
            line(indent, find(n, "Subplan Name"), subplan);
            ++indent;
        }
        start(indent, n);
        if (!root) {
            line_ += "->  ";
            indent += 2;
        }
        header(n);
        finish();
        ++indent;
        out_.node_fields.push_back(static_cast<std::uint32_t>(n));
        out_.node_lines.push_back(static_cast<std::uint32_t>(out_.lines.size() - 1));
        std::size_t plans = npos;
        for (std::size_t k = n + 1; k < f_[n].end; k = f_[k].end) {
            if (f_[k].key == "Plans" && f_[k].type == FieldType::array) plans = k;
            else property(n, k, indent);
        }
        if (plans == npos) return;
        for (std::size_t c = plans + 1; c < f_[plans].end; c = f_[c].end)
            if (f_[c].type == FieldType::object) node(c, indent, false);
    }

    /// "Parallel Index Scan Backward using i on t x  (cost=..) (actual ..)"
    void header(std::size_t n) {
        const std::string_view type = value(n, "Node Type");
        if (flag(n, "Parallel Aware")) line_ += "Parallel ";
        if (flag(n, "Async Capable")) line_ += "Async ";
        line_ += printed_name(n, type);
        if (type == "Index Scan" || type == "Index Only Scan") {
            if (value(n, "Scan Direction") == "Backward") line_ += " Backward";
            line_ += " using ";
            append_quoted_identifier(line_, value(n, "Index Name"));
        } else if (type == "Bitmap Index Scan") {
            line_ += " on ";
            append_quoted_identifier(line_, value(n, "Index Name"));
        } else if (type == "Nested Loop" || type == "Merge Join" || type == "Hash Join") {
            const std::string_view join = value(n, "Join Type");
            if (!join.empty() && join != "Inner") ((line_ += ' ') += join) += " Join";
            else if (type != "Nested Loop") line_ += " Join";
        } else if (type == "SetOp" && !value(n, "Command").empty()) {
            (line_ += ' ') += value(n, "Command");
        }
        target(n);
        figures(n);
    }

    std::string printed_name(std::size_t n, std::string_view type) {
        const std::string_view strategy = value(n, "Strategy");
        const std::string_view operation = value(n, "Operation");
        std::string name;
        if (type == "Aggregate") {
            const std::string_view partial = value(n, "Partial Mode");
            if (partial == "Partial" || partial == "Finalize") (name += partial) += ' ';
            name += strategy == "Sorted"   ? "GroupAggregate"
                    : strategy == "Hashed" ? "HashAggregate"
                    : strategy == "Mixed"  ? "MixedAggregate"
                                           : "Aggregate";
        } else if (type == "SetOp") {
            name = strategy == "Hashed" ? "HashSetOp" : "SetOp";
        } else if (type == "ModifyTable" && !operation.empty()) {
            name = operation;
        } else if (type == "Foreign Scan" && !operation.empty() && operation != "Select") {
            (name = "Foreign ") += operation;
        } else if (type == "Merge Join") {
            name = "Merge";
        } else if (type == "Hash Join") {
            name = "Hash";
        } else if (type == "Custom Scan" && !value(n, "Custom Plan Provider").empty()) {
            ((name = "Custom Scan (") += value(n, "Custom Plan Provider")) += ')';
        } else {
            name = type;
        }
        return name;
    }

    /// ExplainTargetRel(): " on [schema.]object [alias]".
    void target(std::size_t n) {
        std::string_view object;
        for (std::string_view tag : {"Relation Name", "Function Name", "Table Function Name", "CTE Name", "Tuplestore Name"})
            if (find(n, tag) != npos) object = value(n, tag);
        const std::size_t alias_at = find(n, "Alias");
        if (alias_at == npos) return;
        append_target(object, value(n, "Schema"), f_[alias_at].value);
    }

    void append_target(std::string_view object, std::string_view schema, std::string_view alias) {
        line_ += " on";
        if (!schema.empty() && !object.empty()) {
            line_ += ' ';
            append_quoted_identifier(line_, schema);
            line_ += '.';
            append_quoted_identifier(line_, object);
        } else if (!object.empty()) {
            line_ += ' ';
            append_quoted_identifier(line_, object);
        }
        if (object.empty() || alias != object) {
            line_ += ' ';
            append_quoted_identifier(line_, alias);
        }
    }

    void figures(std::size_t n) {
        if (find(n, "Startup Cost") != npos) {
            ((((line_ += "  (cost=") += value(n, "Startup Cost")) += "..") += value(n, "Total Cost"));
            ((line_ += " rows=") += value(n, "Plan Rows"));
            (((line_ += " width=") += value(n, "Plan Width")) += ')');
        }
        if (find(n, "Actual Loops") == npos) return;
        if (is_zero(value(n, "Actual Loops"))) {
            line_ += " (never executed)";
            return;
        }
        line_ += " (actual ";
        actual_figures(n);
        line_ += ')';
    }

    void actual_figures(std::size_t n) {
        if (find(n, "Actual Total Time") != npos)
            ((((line_ += "time=") += value(n, "Actual Startup Time")) += "..") += value(n, "Actual Total Time")) += ' ';
        (((line_ += "rows=") += value(n, "Actual Rows")) += " loops=") += value(n, "Actual Loops");
    }

    // ---- a node's properties ------------------------------------------------

    static bool in_header(std::string_view key) {
        static constexpr std::array<std::string_view, 26> keys = {
            "Node Type",          "Strategy",          "Partial Mode",       "Operation",
            "Parent Relationship", "Subplan Name",      "Custom Plan Provider", "Parallel Aware",
            "Async Capable",      "Relation Name",     "Function Name",      "Table Function Name",
            "CTE Name",           "Tuplestore Name",   "Schema",             "Alias",
            "Index Name",         "Scan Direction",    "Join Type",          "Command",
            "Startup Cost",       "Total Cost",        "Plan Rows",          "Plan Width",
            "Actual Startup Time", "Actual Total Time"};
        return std::find(keys.begin(), keys.end(), key) != keys.end() || key == "Actual Rows" || key == "Actual Loops";
    }

    /// Keys that text prints only when they say something.
    static bool shown_only_when_true(std::string_view key) {
        return key == "Disabled" || key == "Single Copy";
    }

    /// Counters text prints only when they are not zero.
    static bool is_removed_counter(std::string_view key) {
        return key.starts_with("Rows Removed by ") || key == "Subplans Removed";
    }

    void property(std::size_t n, std::size_t k, int indent) {
        const Field& p = f_[k];
        const std::string_view key = p.key;
        if (in_header(key)) return;
        if (shown_only_when_true(key) && p.value != "true") return;
        if (key == "Inner Unique" && !(verbose_ && p.value == "true")) return;
        if (is_removed_counter(key) && is_zero(p.value)) return;
        if (key == "Sort Method") return sort_method(n, k, indent);
        if (key == "Sort Space Used" || key == "Sort Space Type") return;
        if (key == "Hash Buckets") return hash_buckets(n, k, indent);
        if (key == "Original Hash Buckets" || key == "Hash Batches" || key == "Original Hash Batches") return;
        if (key == "Cache Hits") return cache_stats(n, k, indent);
        if (key == "Cache Misses" || key == "Cache Evictions" || key == "Cache Overflows") return;
        if (key == "Planned Partitions" || key == "HashAgg Batches") return hashagg(n, k, indent);
        if (key == "Peak Memory Usage" || key == "Disk Usage") return;  // printed with the group they close
        if (key == "Exact Heap Blocks") return heap_blocks(n, k, indent);
        if (key == "Lossy Heap Blocks") return;
        if (key == "Storage") return storage(n, k, indent);
        if (key == "Maximum Storage") return;
        if (key == "Sampling Method") return sampling(n, k, indent);
        if (key == "Sampling Parameters" || key == "Repeatable Seed") return;
        if (key == "Full-sort Groups") return sort_groups(n, k, indent);
        if (key == "Pre-sorted Groups") return;  // on the line after Full-sort Groups
        if (key == "Grouping Sets") return grouping_sets(k, indent);
        if (key == "Target Tables") return target_tables(n, k, indent);
        if (key == "Tuples Inserted" && find(n, "Tuples Updated") != npos) return merge_tuples(n, k, indent);
        if (key == "Tuples Updated" || key == "Tuples Deleted" || key == "Tuples Skipped") return;
        if (key == "Workers" && p.type == FieldType::array) return workers(k, indent);
        if (key == "JIT" && p.type == FieldType::object) return jit(k, indent);
        if (buffers(n, k, indent)) return;
        generic(k, indent);
    }

    /// ExplainProperty*() in text: "Key: value", lists joined by ", ";
    /// a group's members at the same indentation (text does not name groups).
    void generic(std::size_t k, int indent) {
        const Field& p = f_[k];
        if (p.type == FieldType::object) {
            for (std::size_t i = k + 1; i < p.end; i = f_[i].end) generic(i, indent);
            return;
        }
        start(indent, k);
        (line_ += p.key) += ": ";
        append_list(k);
        finish();
    }

    void sort_method(std::size_t n, std::size_t k, int indent) {
        start(indent, k);
        ((line_ += "Sort Method: ") += f_[k].value) += "  ";
        (((line_ += value(n, "Sort Space Type")) += ": ") += value(n, "Sort Space Used")) += "kB";
        finish();
    }

    void hash_buckets(std::size_t n, std::size_t k, int indent) {
        const std::string_view buckets = f_[k].value, batches = value(n, "Hash Batches");
        const std::string_view original_buckets = value(n, "Original Hash Buckets");
        const std::string_view original_batches = value(n, "Original Hash Batches");
        start(indent, k);
        (line_ += "Buckets: ") += buckets;
        const bool changed = original_buckets != buckets || original_batches != batches;
        if (changed) ((line_ += " (originally ") += original_buckets) += ')';
        (line_ += "  Batches: ") += batches;
        if (changed) ((line_ += " (originally ") += original_batches) += ')';
        ((line_ += "  Memory Usage: ") += value(n, "Peak Memory Usage")) += "kB";
        finish();
    }

    void cache_stats(std::size_t n, std::size_t k, int indent) {
        start(indent, k);
        (line_ += "Hits: ") += f_[k].value;
        (line_ += "  Misses: ") += value(n, "Cache Misses");
        (line_ += "  Evictions: ") += value(n, "Cache Evictions");
        (line_ += "  Overflows: ") += value(n, "Cache Overflows");
        ((line_ += "  Memory Usage: ") += value(n, "Peak Memory Usage")) += "kB";
        finish();
    }

    /// show_hashagg_info(): "Planned Partitions: N  Batches: N  Memory Usage: NkB  Disk Usage: NkB"
    void hashagg(std::size_t n, std::size_t k, int indent) {
        const std::size_t planned = find(n, "Planned Partitions");
        if (f_[k].key == "HashAgg Batches" && planned != npos && planned < k) return;  // printed with the partitions
        start(indent, k);
        bool any = false;
        if (planned != npos && !is_zero(f_[planned].value)) {
            (line_ += "Planned Partitions: ") += f_[planned].value;
            any = true;
        }
        const std::size_t batches = find(n, "HashAgg Batches");
        if (batches != npos) {
            if (any) line_ += "  ";
            (line_ += "Batches: ") += f_[batches].value;
            ((line_ += "  Memory Usage: ") += value(n, "Peak Memory Usage")) += "kB";
            const std::string_view batches_used = f_[batches].value;
            if (!(batches_used == "1" || batches_used == "0")) ((line_ += "  Disk Usage: ") += value(n, "Disk Usage")) += "kB";
            any = true;
        }
        if (any) finish();
        line_.clear();
    }

    void heap_blocks(std::size_t n, std::size_t k, int indent) {
        const std::string_view exact = f_[k].value, lossy = value(n, "Lossy Heap Blocks");
        if (is_zero(exact) && (lossy.empty() || is_zero(lossy))) return;
        start(indent, k);
        line_ += "Heap Blocks:";
        if (!is_zero(exact)) (line_ += " exact=") += exact;
        if (!lossy.empty() && !is_zero(lossy)) (line_ += " lossy=") += lossy;
        finish();
    }

    void storage(std::size_t n, std::size_t k, int indent) {
        start(indent, k);
        (((line_ += "Storage: ") += f_[k].value) += "  Maximum Storage: ") += value(n, "Maximum Storage");
        line_ += "kB";
        finish();
    }

    void sampling(std::size_t n, std::size_t k, int indent) {
        start(indent, k);
        ((line_ += "Sampling: ") += f_[k].value) += " (";
        if (const std::size_t params = find(n, "Sampling Parameters"); params != npos) append_list(params);
        line_ += ')';
        if (const std::size_t seed = find(n, "Repeatable Seed"); seed != npos)
            ((line_ += " REPEATABLE (") += f_[seed].value) += ')';
        finish();
    }

    /// show_incremental_sort_group_info(): both groups of a node, one line each.
    void sort_groups(std::size_t n, std::size_t k, int indent) {
        sort_group(k, "Full-sort", indent);
        if (const std::size_t pre = find(n, "Pre-sorted Groups"); pre != npos) sort_group(pre, "Pre-sorted", indent);
    }

    void sort_group(std::size_t g, std::string_view label, int indent) {
        start(indent, g);
        ((line_ += label) += " Groups: ") += value(g, "Group Count");
        const std::size_t methods = find(g, "Sort Methods Used");
        const bool several = methods != npos && f_[methods].end - methods > 2;
        line_ += several ? "  Sort Methods: " : "  Sort Method: ";
        if (methods != npos) append_list(methods);
        for (std::string_view space : {"Memory", "Disk"}) {
            const std::size_t s = find(g, std::string("Sort Space ") + std::string(space));
            if (s == npos) continue;
            (((line_ += "  Average ") += space) += ": ") += value(s, "Average Sort Space Used");
            ((((line_ += "kB  Peak ") += space) += ": ") += value(s, "Peak Sort Space Used")) += "kB";
        }
        finish();
    }

    /// show_grouping_set_keys(): per set, its Sort Key, then one key line per grouping.
    void grouping_sets(std::size_t k, int indent) {
        for (std::size_t set = k + 1; set < f_[k].end; set = f_[set].end) {
            int at = indent;
            if (const std::size_t sort = find(set, "Sort Key"); sort != npos) {
                generic(sort, indent);
                ++at;
            }
            for (std::string_view keys : {"Group Keys", "Hash Keys"}) {
                const std::size_t list = find(set, keys);
                if (list == npos) continue;
                const std::string_view label = keys == "Group Keys" ? "Group Key" : "Hash Key";
                for (std::size_t g = list + 1; g < f_[list].end; g = f_[g].end) {
                    start(at, g);
                    (line_ += label) += ": ";
                    if (f_[g].end == g + 1 && f_[g].type == FieldType::array) line_ += "()";
                    else append_list(g);
                    finish();
                }
            }
        }
    }

    /// show_modifytable_info() with several result relations: "Update on t_1 t" per target.
    void target_tables(std::size_t n, std::size_t k, int indent) {
        const std::string_view operation = value(n, "Operation");
        for (std::size_t t = k + 1; t < f_[k].end; t = f_[t].end) {
            start(indent, t);
            if (find(t, "Remote SQL") != npos) line_ += "Foreign ";
            line_ += operation;
            append_target(value(t, "Relation Name"), value(t, "Schema"), value(t, "Alias"));
            finish();
            for (std::size_t i = t + 1; i < f_[t].end; i = f_[i].end) {
                const std::string_view key = f_[i].key;
                if (key != "Relation Name" && key != "Schema" && key != "Alias") generic(i, indent + 1);
            }
        }
    }

    void merge_tuples(std::size_t n, std::size_t k, int indent) {
        const std::array<std::pair<std::string_view, std::string_view>, 4> parts = {{
            {"Tuples Inserted", "inserted"}, {"Tuples Updated", "updated"}, {"Tuples Deleted", "deleted"},
            {"Tuples Skipped", "skipped"}}};
        start(indent, k);
        line_ += "Tuples:";
        bool any = false;
        for (const auto& [key, word] : parts) {
            const std::string_view v = value(n, key);
            if (v.empty() || is_zero(v)) continue;
            (((line_ += ' ') += word) += '=') += v;
            any = true;
        }
        if (any) finish();
        line_.clear();
    }

    // ---- buffers, I/O timings, WAL (nodes, workers, Planning, Serialization) ----

    /// show_buffer_usage() and show_wal_usage(): the first key of a group
    /// prints the group's line; the other keys print nothing.
    bool buffers(std::size_t n, std::size_t k, int indent) {
        const std::string_view key = f_[k].key;
        if (key == "Shared Hit Blocks") {
            buffer_line(n, k, indent);
            return true;
        }
        if (key.ends_with(" Blocks") &&
            (key.starts_with("Shared ") || key.starts_with("Local ") || key.starts_with("Temp ")))
            return true;
        if (key == "Shared I/O Read Time" || key == "I/O Read Time") {
            io_line(n, k, indent);
            return true;
        }
        if (key.ends_with("I/O Read Time") || key.ends_with("I/O Write Time")) return true;
        if (key == "WAL Records") {
            wal_line(n, k, indent);
            return true;
        }
        return key == "WAL FPI" || key == "WAL Bytes" || key == "WAL Buffers Full";
    }

    void buffer_line(std::size_t n, std::size_t k, int indent) {
        struct Part {
            std::string_view area, key, word;
        };
        static constexpr std::array<Part, 10> parts = {{
            {"shared", "Shared Hit Blocks", "hit"},     {"shared", "Shared Read Blocks", "read"},
            {"shared", "Shared Dirtied Blocks", "dirtied"}, {"shared", "Shared Written Blocks", "written"},
            {"local", "Local Hit Blocks", "hit"},       {"local", "Local Read Blocks", "read"},
            {"local", "Local Dirtied Blocks", "dirtied"}, {"local", "Local Written Blocks", "written"},
            {"temp", "Temp Read Blocks", "read"},       {"temp", "Temp Written Blocks", "written"}}};
        counters_line(n, k, indent, "Buffers:", parts);
    }

    void io_line(std::size_t n, std::size_t k, int indent) {
        struct Part {
            std::string_view area, key, word;
        };
        if (f_[k].key == "I/O Read Time" && find(n, "Temp I/O Read Time") == npos) {
            // PostgreSQL 12-14: "I/O Timings: read=1.234 write=0.100"
            static constexpr std::array<Part, 2> parts = {{{"", "I/O Read Time", "read"}, {"", "I/O Write Time", "write"}}};
            return counters_line(n, k, indent, "I/O Timings:", parts);
        }
        static constexpr std::array<Part, 8> parts = {{
            {"shared/local", "I/O Read Time", "read"},  {"shared/local", "I/O Write Time", "write"},
            {"shared", "Shared I/O Read Time", "read"}, {"shared", "Shared I/O Write Time", "write"},
            {"local", "Local I/O Read Time", "read"},   {"local", "Local I/O Write Time", "write"},
            {"temp", "Temp I/O Read Time", "read"},     {"temp", "Temp I/O Write Time", "write"}}};
        counters_line(n, k, indent, "I/O Timings:", parts);
    }

    void wal_line(std::size_t n, std::size_t k, int indent) {
        struct Part {
            std::string_view area, key, word;
        };
        static constexpr std::array<Part, 4> parts = {{{"", "WAL Records", "records"}, {"", "WAL FPI", "fpi"},
                                                      {"", "WAL Bytes", "bytes"}, {"", "WAL Buffers Full", "buffers full"}}};
        counters_line(n, k, indent, "WAL:", parts);
    }

    /// "Label: area a=1 b=2, area c=3": the non-zero counters, grouped by area.
    template <typename Parts>
    void counters_line(std::size_t n, std::size_t k, int indent, std::string_view label, const Parts& parts) {
        start(indent, k);
        line_ += label;
        std::string_view area = "\x01";
        bool any = false;
        for (const auto& part : parts) {
            const std::string_view v = value(n, part.key);
            if (v.empty() || is_zero(v)) continue;
            if (part.area != area) {
                if (any && !part.area.empty()) line_ += ',';
                if (!part.area.empty()) (line_ += ' ') += part.area;
                area = part.area;
            }
            (((line_ += ' ') += part.word) += '=') += v;
            any = true;
        }
        if (any) finish();
        line_.clear();
    }

    // ---- workers ------------------------------------------------------------

    /// ExplainOpenWorker(): "Worker N:  " before a worker's first line, its
    /// other lines one step further in.
    void workers(std::size_t k, int indent) {
        for (std::size_t w = k + 1; w < f_[k].end; w = f_[w].end) {
            if (f_[w].type != FieldType::object) continue;
            const std::size_t first = out_.lines.size();
            const std::string_view number = value(w, "Worker Number");
            if (find(w, "Actual Loops") != npos) {
                start(indent + 1, w);
                line_ += "actual ";
                actual_figures(w);
                finish();
            }
            for (std::size_t i = w + 1; i < f_[w].end; i = f_[i].end) {
                const std::string_view key = f_[i].key;
                if (key == "Worker Number" || key.starts_with("Actual ")) continue;
                property(w, i, indent + 1);
            }
            if (out_.lines.size() == first) continue;
            // the first line sits right after the label, at the worker's own indentation
            std::string head(static_cast<std::size_t>(2 * indent), ' ');
            ((head += "Worker ") += number) += ":  ";
            SourceLine& line = out_.lines[first];
            const std::string_view text = line.text.substr(std::min<std::size_t>(line.text.size(), 2 * indent + 2));
            head += text;
            line.text = store_.keep(head);
        }
    }

    // ---- the summary --------------------------------------------------------

    void timed(std::size_t k, int indent) {
        start(indent, k);
        // PostgreSQL 9.3 and older: JSON "Total Runtime", text "Total runtime"
        (line_ += f_[k].key == "Total Runtime" ? std::string_view("Total runtime") : f_[k].key) += ": ";
        (line_ += f_[k].value) += " ms";
        finish();
    }

    /// "Planning:" and its buffers and memory, when they have something to show.
    void planning(std::size_t k) {
        const std::size_t header = out_.lines.size();
        line(0, k, "Planning:");
        for (std::size_t i = k + 1; i < f_[k].end; i = f_[i].end) {
            const std::string_view key = f_[i].key;
            if (key == "Memory Used") {
                start(1, i);
                (((line_ += "Memory: used=") += f_[i].value) += "kB  allocated=") += value(k, "Memory Allocated");
                line_ += "kB";
                finish();
            } else if (key != "Memory Allocated" && !buffers(k, i, 1)) {
                generic(i, 1);
            }
        }
        if (out_.lines.size() == header + 1) out_.lines.pop_back();
    }

    /// report_triggers(): "Trigger name [for constraint c] [on rel]: time=T calls=N".
    void triggers(std::size_t k) {
        std::string_view relation;
        bool several_relations = false;
        for (std::size_t t = k + 1; t < f_[k].end; t = f_[t].end) {
            const std::string_view r = value(t, "Relation");
            several_relations = several_relations || (!relation.empty() && r != relation);
            relation = r;
        }
        for (std::size_t t = k + 1; t < f_[k].end; t = f_[t].end) {
            start(0, t);
            const std::string_view constraint = value(t, "Constraint Name");
            if (verbose_ || constraint.empty()) (line_ += "Trigger ") += value(t, "Trigger Name");
            else line_ += "Trigger";
            if (!constraint.empty()) (line_ += " for constraint ") += constraint;
            if (several_relations) (line_ += " on ") += value(t, "Relation");
            if (find(t, "Time") != npos) ((line_ += ": time=") += value(t, "Time")) += " calls=";
            else line_ += ": calls=";
            line_ += value(t, "Calls");
            finish();
        }
    }

    /// ExplainPrintJIT(): "JIT:" and its Functions, Options and Timing lines.
    void jit(std::size_t k, int indent) {
        line(indent, k, "JIT:");
        for (std::size_t i = k + 1; i < f_[k].end; i = f_[i].end) {
            const std::string_view key = f_[i].key;
            if (key == "Options" && f_[i].type == FieldType::object) {
                start(indent + 1, i);
                line_ += "Options: ";
                bool first = true;
                for (std::size_t o = i + 1; o < f_[i].end; o = f_[o].end) {
                    if (!first) line_ += ", ";
                    first = false;
                    ((line_ += f_[o].key) += ' ') += f_[o].value;
                }
                finish();
            } else if (key == "Timing" && f_[i].type == FieldType::object) {
                start(indent + 1, i);
                line_ += "Timing: ";
                bool first = true;
                for (std::size_t t = i + 1; t < f_[i].end; t = f_[t].end) {
                    if (!first) line_ += ", ";
                    first = false;
                    (line_ += f_[t].key) += ' ';
                    if (f_[t].type == FieldType::object) {  // PostgreSQL 17: Generation {Deform, Total}
                        ((line_ += value(t, "Total")) += " ms (Deform ") += value(t, "Deform");
                        line_ += " ms)";
                    } else {
                        (line_ += f_[t].value) += " ms";
                    }
                }
                finish();
            } else {
                generic(i, indent + 1);
            }
        }
    }

    /// ExplainPrintSettings(): "Settings: a = 'x', b = 'y'".
    void settings(std::size_t k) {
        if (f_[k].end == k + 1) return;
        start(0, k);
        line_ += "Settings: ";
        bool first = true;
        for (std::size_t s = k + 1; s < f_[k].end; s = f_[s].end) {
            if (!first) line_ += ", ";
            first = false;
            (line_ += f_[s].key) += " = ";
            if (f_[s].type == FieldType::null) line_ += "NULL";
            else ((line_ += '\'') += f_[s].value) += '\'';
        }
        finish();
    }

    /// ExplainPrintSerialize(): "Serialization: time=T ms  output=NkB  format=F".
    void serialization(std::size_t k) {
        start(0, k);
        line_ += "Serialization: ";
        if (find(k, "Time") != npos) ((line_ += "time=") += value(k, "Time")) += " ms  ";
        (((line_ += "output=") += value(k, "Output Volume")) += "kB  format=") += value(k, "Format");
        finish();
        for (std::size_t i = k + 1; i < f_[k].end; i = f_[i].end) {
            const std::string_view key = f_[i].key;
            if (key != "Time" && key != "Output Volume" && key != "Format" && !buffers(k, i, 1)) generic(i, 1);
        }
    }

    const Fields& f_;
    TextStore& store_;
    RenderedLines& out_;
    std::string line_;
    Position at_;
    bool verbose_ = false;
    bool timing_ = false;
};

}  // namespace

void render_explain_text(const Fields& fields, std::size_t element, TextStore& store, RenderedLines& out) {
    TextRenderer(fields, store, out).element(element);
}

}  // namespace planlens::detail

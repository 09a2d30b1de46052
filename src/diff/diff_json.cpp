// `planlens diff --json`: one compact object per pair (docs/diff.md has the
// shape, which is a contract). Node Type names are PostgreSQL's own, as in
// `convert --to pg-json`; figures JSON cannot carry (inf, NaN) are null.
#include "compare.hpp"

#include "../render/buffer_json.hpp"
#include "../render/json_writer.hpp"

#include <cmath>
#include <new>

namespace planlens {

namespace {

using detail::JsonWriter;


void number_or_null(JsonWriter& w, std::string_view key, std::optional<double> value, int decimals) {
    w.key(key);
    if (value && std::isfinite(*value))
        w.number(*value, decimals);
    else
        w.null();
}

/// Rows print as integers unless PostgreSQL 18 gave them decimals.
void rows_or_null(JsonWriter& w, std::string_view key, std::optional<double> value) {
    const bool whole = value && std::isfinite(*value) && std::floor(*value) == *value;
    number_or_null(w, key, value, whole ? 0 : 2);
}

void names(JsonWriter& w, std::string_view key, const std::vector<std::string_view>& list) {
    w.key(key);
    w.begin_array();
    for (std::string_view name : list) identifier_or_null(w, name);
    w.end_array();
}

void node_record(JsonWriter& w, std::string_view key, const Plan& plan, NodeId id) {
    w.key(key);
    detail::node_reference(w, plan, id);
}

void buffers(JsonWriter& w, std::string_view key, const std::optional<BufferCounters>& b) {
    w.key(key);
    if (!b) return w.null();
    w.begin_object();
    detail::buffer_members(w, *b, detail::BufferKeys::planlens, detail::ZeroCounters::omit);
    w.end_object();
}

void figures(JsonWriter& w, const NodeFigures& f, std::string_view side) {
    const std::string s(side);
    number_or_null(w, "self_ms_" + s, f.self_ms, 3);
    number_or_null(w, "total_ms_" + s, f.total_ms, 3);
    rows_or_null(w, "rows_" + s, f.rows);
    rows_or_null(w, "loops_" + s, f.loops);
    rows_or_null(w, "plan_rows_" + s, f.plan_rows);
    number_or_null(w, "cost_" + s, f.total_cost, 2);
    buffers(w, "buffers_" + s, f.buffers);
}

void change_record(JsonWriter& w, const PlanDiff& d, const NodeChange& e) {
    w.begin_object();
    w.member("change", to_string(e.kind));
    node_record(w, "before", *d.before, e.before);
    node_record(w, "after", *d.after, e.after);
    // Absent sides have no figures: every figure of theirs is null.
    figures(w, e.before == no_node ? NodeFigures{} : e.before_figures, "before");
    figures(w, e.after == no_node ? NodeFigures{} : e.after_figures, "after");
    w.key("what");
    w.begin_array();
    for (Aspect a : all_aspects)
        if (has(e.what, a)) w.string(to_string(a));
    w.end_array();
    names(w, "new_indexes", e.new_indexes);
    names(w, "dropped_indexes", e.dropped_indexes);
    w.key("note");
    if (e.note.empty())
        w.null();
    else
        w.string(e.note);
    w.end_object();
}

void side(JsonWriter& w, std::string_view key, std::optional<double> execution, std::optional<double> planning,
          std::string_view source) {
    w.key(key);
    w.begin_object();
    number_or_null(w, "execution_ms", execution, 3);
    number_or_null(w, "planning_ms", planning, 3);
    if (!source.empty()) w.member("source", source);
    w.end_object();
}

/// "time_moved": shifts at sites whose plan changed; "run_to_run_variation": the rest.
void shifts(JsonWriter& w, const PlanDiff& d, std::string_view key, const std::vector<TimeShift>& list) {
    const bool timed = d.headline.timed;
    w.key(key);
    w.begin_array();
    for (const TimeShift& s : list) {
        const NodeChange& e = d.entries[s.site];
        w.begin_object();
        w.member("change", to_string(e.kind));
        node_record(w, "before", *d.before, e.before);
        node_record(w, "after", *d.after, e.after);
        number_or_null(w, timed ? "ms_delta" : "cost_delta", s.delta, timed ? 3 : 2);
        number_or_null(w, "share", s.share, 4);
        w.end_object();
    }
    w.end_array();
}

void write(JsonWriter& w, const PlanDiff& d, const DiffLabels& labels) {
    const DiffHeadline& h = d.headline;
    w.begin_object();
    w.member_integer("planlens", 1);  // the schema version of docs/json.md
    if (!labels.heading.empty()) w.member("heading", labels.heading);
    side(w, "before", h.execution_before, h.planning_before, labels.before);
    side(w, "after", h.execution_after, h.planning_after, labels.after);
    number_or_null(w, "speedup", h.speedup, 3);
    w.member("verdict", to_string(h.verdict));
    w.member_bool("timed", h.timed);
    w.member_bool("same_shape", h.same_shape);
    w.member_bool("same_access_paths", h.same_access_paths);
    w.member_bool("different_queries", h.different_queries);
    names(w, "new_indexes", h.new_indexes);
    names(w, "dropped_indexes", h.dropped_indexes);
    shifts(w, d, "time_moved", h.moved);
    shifts(w, d, "run_to_run_variation", h.variation);
    number_or_null(w, h.timed ? "run_to_run_variation_ms" : "run_to_run_variation_cost", h.variation_total,
                   h.timed ? 3 : 2);
    w.key("summary");
    w.begin_array();
    for (const std::string& line : summary(d)) w.string(line);
    w.end_array();
    w.key("changes");
    w.begin_array();
    for (std::size_t i : d.changes()) change_record(w, d, d.entries[i]);
    w.end_array();
    w.end_object();
}

}  // namespace

std::string diff_json(const PlanDiff& diff, const DiffLabels& labels) noexcept {
    if (diff.before == nullptr || diff.after == nullptr) return {};
    try {
        std::string out;
        JsonWriter w(out, JsonWriter::Style::compact);
        write(w, diff, labels);
        out += '\n';
        return out;
    } catch (const std::exception&) {  // only running out of memory gets here
        return {};
    }
}

void append_diff_json(std::string& out, const PlanDiff& diff, const DiffLabels& labels, int indent) {
    if (diff.before == nullptr || diff.after == nullptr) return;
    JsonWriter w(out, JsonWriter::Style::pretty, indent);
    w.one_line_from(3);  // the pair's object > its lists > one record per line
    write(w, diff, labels);
}

}  // namespace planlens

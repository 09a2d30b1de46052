#include "cli/json_output.hpp"

#include "cli/cli.hpp"

namespace planlens::cli {

namespace {

void optional_ms(detail::JsonWriter& w, std::string_view key, std::optional<double> ms) {
    w.key(key);
    ms ? w.number(*ms, 3) : w.null();
}

void string_or_null(detail::JsonWriter& w, std::string_view key, std::string_view text) {
    w.key(key);
    text.empty() ? w.null() : w.string(text);
}

}  // namespace

int no_json_input() {
    write_out("[]\n");
    return Exit::failure;
}

namespace {

void located_object(detail::JsonWriter& w, const Position& position, std::string_view message) {
    w.begin_object();
    w.member_integer("line", position.line);
    w.member_integer("column", position.column);
    w.member("message", message);
    w.end_object();
}

}  // namespace

void error_object(detail::JsonWriter& w, const Error& error) { located_object(w, error.position, error.message); }

void begin_plan_element(detail::JsonWriter& w, std::size_t index, const FoundPlan& found) {
    const Plan* plan = found.plan ? &*found.plan : nullptr;
    w.begin_object();
    w.member_integer("planlens", json_schema_version);
    w.member_integer("index", static_cast<std::int64_t>(index));
    w.member_integer("first_line", found.first_line);
    w.member_integer("last_line", found.last_line);
    w.member("style", to_string(found.style));
    w.key("root");
    plan ? w.string(node_type(plan->root())) : w.null();
    optional_ms(w, "planning_ms", plan ? plan->planning_time : std::nullopt);
    optional_ms(w, "execution_ms", plan ? plan->execution_time : std::nullopt);
    string_or_null(w, "heading", found.heading);
    string_or_null(w, "sql", found.sql);
    w.key("error");
    found.error ? error_object(w, *found.error) : w.null();
    w.key("warnings");  // what the plan was recovered from, located like "error"
    w.begin_array();
    if (plan)
        for (const Warning& warning : plan->warnings) located_object(w, warning.position, warning.message);
    w.end_array();
    w.member("format", to_string(found.format));  // text, or the structured format the plan was pasted in
}

void plan_element(detail::JsonWriter& w, std::size_t index, const FoundPlan& found, const PlanMembers& members) {
    begin_plan_element(w, index, found);
    if (found.plan) members(w, found);
    w.end_object();
}

namespace {

constexpr std::size_t piece = 1 << 16;

}  // namespace

PlanArrayWriter::PlanArrayWriter(PlanMembers members) : members_(std::move(members)), w_(out_) {
    out_.reserve(2 * piece);
    w_.one_line_from(4);  // array > element > list of records > one record per line
    w_.begin_array();
}

void PlanArrayWriter::add(std::size_t index, const FoundPlan& found) {
    plan_element(w_, index, found, members_);
    if (out_.size() >= piece) write_out(out_), out_.clear();
}

void PlanArrayWriter::finish() {
    w_.end_array();
    out_ += '\n';
    write_out(out_);
    out_.clear();
}

int write_each_plan(std::string_view path, unsigned jobs, bool json, const PlanMembers& members,
                    const PlanText& text) {
    std::optional<PlanArrayWriter> array;
    if (json) array.emplace(members);
    std::string out;
    bool first = true;
    const auto scanned = each_plan(path, jobs, [&](std::size_t index, const FoundPlan& found) {
        if (array) return array->add(index, found);
        if (!found.plan) return;
        if (!first) out += '\n';
        first = false;
        text(out, index, found);
        write_out(out);
        out.clear();
    });
    if (!scanned) return json ? no_json_input() : Exit::failure;
    if (array) array->finish();  // "[]" without a plan: still valid JSON
    return scanned->plans == 0 ? no_plan(path) : exit_code(*scanned);
}

void write_plan_array(const Document& doc, const PlanMembers& members, std::size_t only) {
    PlanArrayWriter array(members);
    const auto plans = doc.plans();
    for (std::size_t i = 0; i < plans.size(); ++i)
        if (only == 0 || i + 1 == only) array.add(i + 1, plans[i]);
    array.finish();
}

}  // namespace planlens::cli

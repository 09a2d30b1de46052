// One plan's section: heading, where it is, SQL, plan-wide findings and
// notes, the flame graph, the tree and the advice. And a plan that failed to
// parse: its error and its lines as pasted.
#include "render/html/format.hpp"
#include "render/html/sections.hpp"

#include <fmt/format.h>

namespace planlens::html {

namespace {

std::string_view severity_mark(Severity s) {
    return s == Severity::critical ? "!" : s == Severity::warning ? "\u25B2" : "i";
}

std::string meta_line(const AnalysedPlan& a) {
    const Plan& plan = *a.plan;
    std::string text = fmt::format("lines {}\u2013{} \u00B7 pasted as {} \u00B7 {} node{}", a.found->first_line,
                                   a.found->last_line, to_string(a.found->style), plan.nodes.size(),
                                   plan.nodes.size() == 1 ? "" : "s");
    if (a.profile.basis == TimeBasis::cost) text += " \u00B7 no ANALYZE timing: figures are planner cost";
    return text;
}

void write_times(Writer& w, const AnalysedPlan& a) {
    const Plan& plan = *a.plan;
    auto p = w.open("p", {{"class", "meta"}});
    w.text(meta_line(a));
    auto fact = [&w](std::string_view what, const std::string& value) {
        w.text(fmt::format(" \u00B7 {} ", what));
        w.leaf("b", value);
    };
    if (plan.execution_time) fact("execution", milliseconds(*plan.execution_time));
    if (plan.planning_time) fact("planning", milliseconds(*plan.planning_time));
    if (a.profile.basis == TimeBasis::actual_time) fact("in its nodes", milliseconds(a.profile.total));
}

/// Lines first..last (1-based) of the document, without the final line break.
std::string_view document_lines(std::string_view doc, std::uint32_t first, std::uint32_t last) {
    if (first == 0 || last < first) return {};
    std::size_t begin = 0;
    for (std::uint32_t line = 1; line < first; ++line) {
        begin = doc.find('\n', begin);
        if (begin == std::string_view::npos) return {};
        ++begin;
    }
    std::size_t end = begin;
    for (std::uint32_t line = first; line <= last; ++line) {
        end = doc.find('\n', end);
        if (end == std::string_view::npos) return doc.substr(begin);
        if (line < last) ++end;
    }
    return doc.substr(begin, end - begin);
}

}  // namespace

void write_findings(Writer& w, std::span<const Finding> findings) {
    if (findings.empty()) return;
    auto ul = w.open("ul", {{"class", "findings"}});
    for (const Finding& f : findings) {
        auto li = w.open("li", {{"class", std::string(to_string(f.severity))}});
        w.leaf("span", {{"class", fmt::format("sev {}", to_string(f.severity))}, {"title", std::string(to_string(f.severity))}},
               severity_mark(f.severity));
        w.text(" " + f.message + " ");
        w.leaf("span", {{"class", "rule"}}, f.rule);
    }
}

void write_plan(Writer& w, const AnalysedPlan& a) {
    const std::string id = fmt::format("plan-{}", a.number);
    auto section = w.open("section", {{"class", "plan"},
                                      {"id", id},
                                      {"data-plan", fmt::format("{}", a.number)},
                                      {"data-nodes", fmt::format("{}", a.plan->nodes.size())},
                                      {"aria-labelledby", id + "-h"}});
    {
        auto h2 = w.open("h2", {{"id", id + "-h"}});
        w.text(fmt::format("Plan {}", a.number));
        if (!a.found->heading.empty()) w.text(fmt::format(" \u00B7 {}", a.found->heading));
    }
    write_times(w, a);
    if (!a.found->sql.empty()) {
        auto details = w.open("details", {{"class", "sql"}, flag("open", true)});
        w.leaf("summary", "SQL");
        auto pre = w.open("pre");
        w.leaf("code", a.found->sql);
    }
    write_findings(w, a.findings_of(no_node));
    for (const std::string& note : a.profile.notes) w.leaf("p", {{"class", "note"}}, "Note: " + note);
    w.leaf("h3", a.profile.basis == TimeBasis::actual_time ? "Where the time went" : "Where the cost went");
    write_flame(w, a);
    w.leaf("h3", "Plan tree");
    write_tree(w, a);
    write_advice(w, a);
}

void write_advice(Writer& w, const AnalysedPlan& a) {
    if (a.advice.empty()) return;
    w.leaf("h3", "Advice");
    auto ol = w.open("ol", {{"class", "advice"}});
    for (const Advice& advice : a.advice) {
        auto li = w.open("li");
        {
            auto p = w.open("p");
            w.leaf("b", advice.rule);
            w.text(" ");
            w.leaf("span", {{"class", "conf"}}, fmt::format("{} confidence", to_string(advice.confidence)));
            if (advice.node != no_node) {
                w.text(" on ");
                w.leaf("a", {{"href", fmt::format("#{}{}", node_id_prefix(a.number), advice.node)}},
                       node_label(*a.plan, advice.node));
            }
        }
        if (!advice.evidence.empty()) w.leaf("p", {{"class", "muted"}}, advice.evidence);
        if (!advice.action.empty()) w.leaf("p", advice.action);
        if (!advice.statement.empty()) {
            auto wrap = w.open("div", {{"class", "stmt-wrap"}});
            {
                auto pre = w.open("pre", {{"class", "stmt"}});
                w.leaf("code", advice.statement);
            }
            w.leaf("button", {{"type", "button"}, {"class", "copy"}}, "Copy");
        }
    }
}

void write_failed_plan(Writer& w, std::size_t number, const FoundPlan& found, std::string_view document) {
    const std::string id = fmt::format("plan-{}", number);
    auto section = w.open("section", {{"class", "plan failed"}, {"id", id}, {"data-plan", fmt::format("{}", number)},
                                      {"data-nodes", "0"}});
    w.leaf("h2", found.heading.empty() ? fmt::format("Plan {}", number)
                                       : fmt::format("Plan {} \u00B7 {}", number, found.heading));
    if (found.error) {
        const Position& at = found.error->position;
        w.leaf("p", {{"class", "meta"}}, fmt::format("line {}, column {}: {}", at.line, at.column, found.error->message));
    }
    // The lines as pasted, so nothing is lost.
    const std::string_view lines = document_lines(document, found.first_line, found.last_line);
    if (!lines.empty()) {
        auto pre = w.open("pre");
        w.leaf("code", lines);
    }
    w.empty("svg", {{"class", "empty"}, {"width", "0"}, {"height", "0"}, {"aria-hidden", "true"}});
}

}  // namespace planlens::html

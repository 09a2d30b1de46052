// A before/after pair: the speedup, the headline in sentences, where the
// time moved, and both trees side by side with matched nodes on one row.
#include "render/html/format.hpp"
#include "render/html/sections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace planlens::html {

namespace {

std::string_view mark(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::replaced: return "!";
        case ChangeKind::changed: return "~";
        case ChangeKind::added: return "+";
        case ChangeKind::removed: return "\u2212";
        case ChangeKind::unchanged: return "";
    }
    return "";
}

std::string signed_figure(bool timed, double delta) {
    if (timed) return fmt::format("{}{}", delta > 0 ? "+" : delta < 0 ? "\u2212" : "", milliseconds(std::abs(delta)));
    return fmt::format("{:+.2f}", delta);
}

void write_speedup(Writer& w, const DiffHeadline& h) {
    std::string text;
    std::string_view kind;
    switch (h.verdict) {
        case Verdict::faster: text = fmt::format("{:.2f}\u00D7 faster", *h.speedup), kind = "faster"; break;
        case Verdict::slower: text = fmt::format("{:.2f}\u00D7 slower", 1 / *h.speedup), kind = "slower"; break;
        case Verdict::about_same: text = fmt::format("about the same ({:.2f}\u00D7)", *h.speedup); break;
        case Verdict::unknown: text = "no execution times to compare"; break;
    }
    w.leaf("p", {{"class", fmt::format("speedup {}", kind)}}, text);
    if (h.execution_before && h.execution_after) {
        std::string times = fmt::format("execution {} \u2192 {}", milliseconds(*h.execution_before),
                                        milliseconds(*h.execution_after));
        if (h.planning_before && h.planning_after)
            times += fmt::format(" \u00B7 planning {} \u2192 {}", milliseconds(*h.planning_before),
                                 milliseconds(*h.planning_after));
        w.leaf("p", {{"class", "meta"}}, times);
    }
}

/// The node an entry stands for, on the side that has it (the after one when both do).
std::string entry_label(const PlanDiff& d, const NodeChange& e) {
    return e.after != no_node ? describe(*d.after, e.after) : describe(*d.before, e.before);
}

void write_moved(Writer& w, const PlanDiff& d) {
    const DiffHeadline& h = d.headline;
    if (h.moved.empty()) return;
    w.leaf("h3", "Where the time moved");
    const double largest = std::abs(h.moved.front().delta);
    auto table = w.open("table", {{"class", "moved"}});
    auto body = w.open("tbody");
    for (const TimeShift& shift : h.moved) {
        auto tr = w.open("tr");
        w.leaf("td", entry_label(d, d.entries[shift.site]));
        w.leaf("td", {{"class", "num"}}, signed_figure(h.timed, shift.delta));
        w.leaf("td", {{"class", "num"}}, percent(shift.share));
        auto td = w.open("td");
        const double size = largest > 0 ? 100 * std::abs(shift.delta) / largest : 0;
        w.leaf("span", {{"class", shift.delta < 0 ? "delta-bar saved" : "delta-bar lost"},
                        {"style", fmt::format("width:{:.0f}%", size)}}, "");
    }
}

void write_side_cell(Writer& w, const Plan* plan, NodeId id, std::size_t plan_number, std::string_view side) {
    if (id == no_node) {
        w.leaf("td", {{"class", fmt::format("n {}", side)}}, "");
        return;
    }
    const Node& n = plan->nodes[id];
    auto td = w.open("td", {{"class", fmt::format("n {}", side)},
                            {"style", fmt::format("--d:{}", n.depth)},
                            {side == "before" ? Name("data-before-line") : Name("data-after-line"),
                             fmt::format("{}", plan->lines[n.line].line)}});
    w.leaf("a", {{"href", fmt::format("#{}{}", node_id_prefix(plan_number), id)}, {"title", node_label(*plan, id)}},
           node_label(*plan, id));
}

std::string self_cell(const NodeFigures& f, NodeId id, bool timed) {
    if (id == no_node) return {};
    if (timed && f.self_ms) return milliseconds(*f.self_ms);
    return fmt::format("{:.2f}", f.self_cost);
}

void write_side_by_side(Writer& w, const PlanDiff& d, const AnalysedPlan& before, const AnalysedPlan& after) {
    const bool timed = d.headline.timed;
    w.leaf("h3", "Side by side");
    auto scroll = w.open("div", {{"class", "scroll"}});
    auto table = w.open("table", {{"class", "side"}});
    {
        auto cols = w.open("colgroup");
        w.empty("col", {{"class", "mark"}});
        w.empty("col");
        w.empty("col", {{"class", "fig"}});
        w.empty("col");
        w.empty("col", {{"class", "fig"}});
        w.empty("col", {{"class", "delta"}});
    }
    {
        auto head = w.open("thead");
        auto tr = w.open("tr");
        w.leaf("th", {{"aria-label", "change"}}, "");
        w.leaf("th", fmt::format("Before (plan {})", before.number));
        w.leaf("th", {{"class", "num"}}, timed ? "self" : "self cost");
        w.leaf("th", fmt::format("After (plan {})", after.number));
        w.leaf("th", {{"class", "num"}}, timed ? "self" : "self cost");
        w.leaf("th", {{"class", "num"}}, "\u0394");
    }
    auto body = w.open("tbody");
    for (const NodeChange& e : d.entries) {
        auto tr = w.open("tr", {{"class", std::string(to_string(e.kind))}, only_if(!e.note.empty(), "title", e.note)});
        w.leaf("td", {{"class", "mk"}, {"title", std::string(to_string(e.kind))}}, mark(e.kind));
        write_side_cell(w, d.before, e.before, before.number, "before");
        w.leaf("td", {{"class", "num"}}, self_cell(e.before_figures, e.before, timed));
        write_side_cell(w, d.after, e.after, after.number, "after");
        w.leaf("td", {{"class", "num"}}, self_cell(e.after_figures, e.after, timed));
        w.leaf("td", {{"class", "num"}}, e.kind == ChangeKind::unchanged ? "" : signed_figure(timed, e.delta()));
    }
}

}  // namespace

void write_diff(Writer& w, const AnalysedPlan& before, const AnalysedPlan& after) {
    const std::string id = fmt::format("diff-{}-{}", before.number, after.number);
    auto section = w.open("section", {{"class", "diff"},
                                      {"id", id},
                                      {"data-diff", fmt::format("{} {}", before.number, after.number)},
                                      {"aria-labelledby", id + "-h"}});
    {
        auto h2 = w.open("h2", {{"id", id + "-h"}});
        w.text(fmt::format("Before and after \u00B7 plan {} \u2192 plan {}", before.number, after.number));
        if (!after.found->heading.empty()) w.text(fmt::format(" \u00B7 {}", after.found->heading));
    }
    const auto diff = diff_plans(*before.plan, *after.plan);
    if (!diff) {
        w.leaf("p", {{"class", "note"}}, "These plans could not be compared: " + diff.error().message);
        return;
    }
    write_speedup(w, diff->headline);
    {
        auto ul = w.open("ul", {{"class", "summary-lines"}});
        for (const std::string& line : summary(*diff)) w.leaf("li", line);
    }
    write_moved(w, *diff);
    write_side_by_side(w, *diff, before, after);
    w.leaf("p", {{"class", "legend"}}, "! replaced \u00B7 ~ changed \u00B7 + added \u00B7 \u2212 removed \u00B7 "
                                       "\u0394 is exclusive time after minus before");
}

}  // namespace planlens::html

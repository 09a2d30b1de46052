// The plan tree: one <li data-line> per node, nested as the plan is, each
// with its figures in a row, its findings under it and its properties in a
// panel that opens on click or Enter. Written without recursion, so plans of
// any depth render.
#include "render/html/format.hpp"
#include "render/html/sections.hpp"

#include <fmt/format.h>

namespace planlens::html {

namespace {

/// The heat classes of report.css, by share of the plan's time.
std::string_view heat(double share) {
    if (share >= 0.5) return "h4";
    if (share >= 0.25) return "h3";
    if (share >= 0.1) return "h2";
    if (share >= 0.02) return "h1";
    return "";
}

std::string node_classes(const AnalysedPlan& a, NodeId id) {
    std::string classes = "node";
    if (a.rank_of(id) != 0) classes += " hot";
    std::optional<Severity> worst;
    for (const Finding& f : a.findings_of(id))
        if (!worst || f.severity > *worst) worst = f.severity;
    if (worst) classes.append(" ").append(to_string(*worst));
    return classes;
}

void write_label(Writer& w, const AnalysedPlan& a, NodeId id) {
    const Plan& plan = *a.plan;
    const Node& n = plan.nodes[id];
    auto lbl = w.open("span", {{"class", "lbl"}});
    if (n.first_child != no_node)
        w.leaf("button", {{"type", "button"}, {"class", "tog"}, {"tabindex", "-1"}, {"aria-hidden", "true"}}, "");
    else
        w.leaf("span", {{"class", "tog leaf"}}, "");
    if (!n.subplan_name.empty()) w.leaf("span", {{"class", "sub"}}, n.subplan_name);
    {
        auto name = w.open("span", {{"class", "name"}});
        const std::string_view header = plan.header_text(n);
        if (header.starts_with(n.name)) {
            w.leaf("b", n.name);
            w.text(header.substr(n.name.size()));
        } else {
            w.text(header);
        }
    }
    if (const std::size_t rank = a.rank_of(id)) w.leaf("span", {{"class", "rank"}, {"title", "hot node"}}, fmt::format("#{}", rank));
    if (n.never_executed) w.leaf("span", {{"class", "tag never"}}, "never executed");
}

void write_rows(Writer& w, const Node& n) {
    auto cell = w.open("span", {{"class", "c rows"}});
    if (n.actuals) {
        w.text(rows(n.actuals->rows));
        if (n.estimates) {
            w.leaf("small", " / " + rows(n.estimates->rows));
            if (const auto f = misestimate(n.actuals->rows, n.estimates->rows))
                w.leaf("em", {{"class", f->value >= 10 ? "f bad" : "f"}}, " " + to_string(*f));
        }
    } else if (n.estimates) {
        w.leaf("small", "est " + rows(n.estimates->rows));
    }
}

/// The tooltip of an exclusive figure: the rounding bound, or why it reads 0.
std::string self_title(TimeBasis basis, const NodeTime& t) {
    std::string title = fmt::format("exclusive {} \u00B1 {}: the bound the printed precision leaves open",
                                    figure(basis, t.self), figure(basis, t.self_error));
    if (t.rounded) title += "; below zero within rounding, shown as 0";
    return title;
}

/// The node's own buffers (a parent's printed Buffers include its
/// children's); the printed, inclusive ones in the tooltip.
void write_buffers(Writer& w, const AnalysedPlan& a, NodeId id) {
    const Plan& plan = *a.plan;
    const Property* printed = plan.find(plan.nodes[id], PropertyKind::buffers);
    const auto inclusive = printed ? decode_buffers(printed->value) : std::nullopt;
    if (!a.io.buffers || id >= a.io.nodes.size()) {
        w.leaf("span", {{"class", "c buf"}}, inclusive ? buffers_brief(*inclusive) : "");
        return;
    }
    std::string title = "own buffers, without its children's";
    if (inclusive) title += "; printed with its children's: " + buffers_brief(*inclusive);
    if (a.io[id].inconsistent) title += "; its children report more than it does: clamped to 0";
    w.leaf("span", {{"class", "c buf"}, {"title", title}}, buffers_brief(a.io[id].buffers));
}

void write_row(Writer& w, const AnalysedPlan& a, NodeId id) {
    const Plan& plan = *a.plan;
    const Node& n = plan.nodes[id];
    const NodeTime& t = a.profile[id];
    const TimeBasis basis = a.profile.basis;
    auto row = w.open("div", {{"class", "row"}});
    write_label(w, a, id);
    {
        auto self = w.open("span", {{"class", fmt::format("c self {}", heat(t.share))}, {"title", self_title(basis, t)}});
        w.text(figure(basis, t.self));
        if (material_error(t.self, t.self_error)) w.leaf("small", {{"class", "err"}}, " \u00B1" + figure(basis, t.self_error));
    }
    w.leaf("span", {{"class", "c total"}}, figure(basis, t.total));
    {
        auto bar = w.open("span", {{"class", "c bar"}});
        w.leaf("i", {{"style", fmt::format("width:{:.1f}%", 100 * t.share)}}, "");
        w.leaf("span", percent(t.share));
    }
    write_rows(w, n);
    w.leaf("span", {{"class", "c loops"}}, n.actuals ? rows(n.actuals->loops) : "");
    write_buffers(w, a, id);
}

void write_properties(Writer& w, const AnalysedPlan& a, NodeId id) {
    const Plan& plan = *a.plan;
    const Node& n = plan.nodes[id];
    const NodeTime& t = a.profile[id];
    auto panel = w.open("div", {{"class", "props"}});
    auto dl = w.open("dl");
    auto item = [&w](std::string_view term, std::string_view value) {
        w.leaf("dt", term);
        w.leaf("dd", value);
    };
    item("Line", fmt::format("{}", plan.lines[n.line].line));
    std::string_view header = plan.lines[n.line].text;
    while (header.starts_with(' ')) header.remove_prefix(1);
    item("Printed", header);
    const std::string_view unit = a.profile.basis == TimeBasis::actual_time ? " ms" : " (cost)";
    item("Exclusive", fmt::format("{:.3f} \u00B1 {:.3f}{}, {} of the plan", t.self, t.self_error, unit, percent(t.share)));
    item("Inclusive", fmt::format("{:.3f}{}{}", t.total, unit, t.parallel ? ", per process under its Gather" : ""));
    if (a.io.buffers && id < a.io.nodes.size()) {
        const BufferCounters& own = a.io[id].buffers;
        const std::string brief = buffers_brief(own);
        std::string value = brief.empty() ? "none" : brief;
        if (const auto ratio = cache_hit_ratio(own)) value += fmt::format(", {} cache hits", percent(*ratio));
        item("Own buffers", value);
    }
    if (const auto wait = io_wait_share(a.io, a.profile, id))
        item("I/O wait", fmt::format("{} of its own time", percent(*wait)));
    for (const Property& p : plan.properties_of(n)) {
        if (p.kind == PropertyKind::continuation) continue;  // part of full_value() of the line before
        const std::string label = p.worker >= 0 && p.kind != PropertyKind::worker_actuals
                                      ? fmt::format("Worker {}: {}", p.worker, p.label)
                                      : std::string(p.label);
        item(label, plan.full_value(p));
    }
}

void write_node_start(Writer& w, const AnalysedPlan& a, NodeId id, const std::string& prefix) {
    const Plan& plan = *a.plan;
    const Node& n = plan.nodes[id];
    const bool parent = n.first_child != no_node;
    w.begin("li", {{"class", node_classes(a, id)},
                   {"id", prefix + fmt::format("{}", id)},
                   {"data-line", fmt::format("{}", plan.lines[n.line].line)},
                   {"style", fmt::format("--d:{}", n.depth)},
                   {"role", "treeitem"},
                   {"aria-label", node_label(plan, id)},
                   only_if(parent, "aria-expanded", "true"),
                   only_if(id == 0, "tabindex", "0")});
    write_row(w, a, id);
    write_findings(w, a.findings_of(id));
    write_properties(w, a, id);
    if (parent) w.begin("ul", {{"class", "kids"}, {"role", "group"}});
}

void write_header_row(Writer& w, TimeBasis basis) {
    auto head = w.open("div", {{"class", "tree-head"}, {"aria-hidden", "true"}});
    w.leaf("span", "node");
    w.leaf("span", basis == TimeBasis::actual_time ? "self" : "self cost");
    w.leaf("span", basis == TimeBasis::actual_time ? "total" : "total cost");
    w.leaf("span", "share");
    w.leaf("span", "rows / est.");
    w.leaf("span", "loops");
    w.leaf("span", "buffers");
}

}  // namespace

void write_tree(Writer& w, const AnalysedPlan& a) {
    const Plan& plan = *a.plan;
    {
        auto bar = w.open("div", {{"class", "toolbar"}});
        w.leaf("button", {{"type", "button"}, {"data-act", "expand"}}, "Expand all");
        w.leaf("button", {{"type", "button"}, {"data-act", "collapse"}}, "Collapse all");
        w.leaf("span", {{"class", "muted"}},
               "Click a node or press Enter for its properties; arrow keys move, \u2190 \u2192 fold. "
               "Self is exclusive time, total inclusive; #1 ranks the hottest nodes.");
    }
    write_header_row(w, a.profile.basis);
    auto tree = w.open("ul", {{"class", "tree"}, {"role", "tree"}, {"aria-label", fmt::format("Plan {}", a.number)}});
    const std::string prefix = node_id_prefix(a.number);
    // Pre-order: open each node; after a leaf, close every node whose last child it ends.
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        write_node_start(w, a, id, prefix);
        if (plan.nodes[id].first_child != no_node) continue;
        w.end();  // the leaf's <li>
        for (NodeId at = id; plan.nodes[at].next_sibling == no_node && plan.nodes[at].parent != no_node;) {
            at = plan.nodes[at].parent;
            w.end();  // its parent's <ul class="kids">
            w.end();  // its parent's <li>
        }
    }
}

}  // namespace planlens::html

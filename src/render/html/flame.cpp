// An icicle of exclusive time as inline SVG: the root spans the width, each
// node sits under its parent as wide as its subtree's exclusive time, its
// own time is what its children leave free. Frames too thin to see or too
// deep to show are left out, and the caption says so.
#include "render/html/format.hpp"
#include "render/html/sections.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace planlens::html {

namespace {

constexpr double width = 1000;     // viewBox units; the SVG scales to the page
constexpr double row_height = 17;
constexpr double min_frame = 0.3;  // narrower frames are invisible anyway
constexpr std::uint32_t max_rows = 100;
constexpr double label_room = 30;  // a frame needs this much to carry its name
constexpr double char_width = 6.2;  // of the 11px label font, in viewBox units at full width

std::string_view heat(double share) {
    if (share >= 0.5) return "h4";
    if (share >= 0.25) return "h3";
    if (share >= 0.1) return "h2";
    if (share >= 0.02) return "h1";
    return "h0";
}

/// The class of a frame: the worst severity of its findings, as the tree
/// marks it; empty without findings.
std::string worst_severity(std::span<const Finding> findings) {
    if (findings.empty()) return {};
    Severity worst = findings.front().severity;
    for (const Finding& f : findings) worst = std::max(worst, f.severity);
    return std::string(to_string(worst));
}

/// The label cut to fit `room` units, with an ellipsis when cut.
std::string fitted(const std::string& label, double room) {
    const auto chars = static_cast<std::size_t>(std::max(0.0, (room - 6) / char_width));
    if (chars < 3) return {};
    // Count code points, not bytes, so a cut never splits a UTF-8 sequence.
    std::size_t at = 0, seen = 0;
    for (; at < label.size(); ++at)
        if ((static_cast<unsigned char>(label[at]) & 0xC0) != 0x80 && seen++ == chars - 1) break;
    if (at >= label.size()) return label;
    return label.substr(0, at) + "\u2026";
}

struct Layout {
    std::vector<double> weight;  ///< exclusive time of the subtree
    std::vector<double> x;       ///< left edge, in the same unit
};

Layout lay_out(const Plan& plan, const TimeProfile& profile) {
    const std::size_t n = plan.nodes.size();
    Layout l{std::vector<double>(n, 0), std::vector<double>(n, 0)};
    for (std::size_t i = n; i-- > 0;) {
        l.weight[i] += std::max(0.0, profile.nodes[i].self);
        if (plan.nodes[i].parent != no_node) l.weight[plan.nodes[i].parent] += l.weight[i];
    }
    std::vector<double> next(n, 0);  // where the next child of each node starts
    for (NodeId id = 0; id < n; ++id) {
        const NodeId parent = plan.nodes[id].parent;
        if (parent != no_node) {
            l.x[id] = next[parent];
            next[parent] += l.weight[id];
        }
        next[id] = l.x[id];
    }
    return l;
}

}  // namespace

void write_flame(Writer& w, const AnalysedPlan& a) {
    const Plan& plan = *a.plan;
    const Layout l = lay_out(plan, a.profile);
    const double total = l.weight.empty() ? 0 : l.weight[0];
    std::uint32_t rows = 0;
    std::size_t hidden = 0;
    std::vector<NodeId> shown;
    for (NodeId id = 0; id < plan.nodes.size() && total > 0; ++id) {
        const bool visible = l.weight[id] / total * width >= min_frame && plan.nodes[id].depth < max_rows;
        if (!visible) {
            ++hidden;
            continue;
        }
        shown.push_back(id);
        rows = std::max(rows, plan.nodes[id].depth + 1);
    }
    const double height = std::max<std::uint32_t>(rows, 1) * row_height;

    auto figure_ = w.open("figure", {{"class", "flame"}});
    {
        auto svg = w.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                                  {"viewBox", fmt::format("0 0 {} {}", width, height)},
                                  {"width", fmt::format("{}", width)},
                                  {"height", fmt::format("{}", height)},
                                  {"role", "group"},
                                  {"aria-label", fmt::format("Flame graph of plan {}", a.number)},
                                  {"data-items", node_id_prefix(a.number)}});
        if (shown.empty())
            w.leaf("text", {{"class", "empty"}, {"x", "8"}, {"y", "12"}},
                   "Nothing to draw: the plan shows neither times nor costs.");
        const std::string_view unit = a.profile.basis == TimeBasis::actual_time ? "" : " cost";
        for (const NodeId id : shown) {
            const NodeTime& t = a.profile[id];
            const double x = l.x[id] / total * width;
            const double span = l.weight[id] / total * width;
            const double y = plan.nodes[id].depth * row_height;
            const std::string label = node_label(plan, id);
            const std::string text = span >= label_room ? fitted(label, span) : std::string();
            const std::span<const Finding> findings = a.findings_of(id);
            auto g = w.open("g", {{"data-node", fmt::format("{}", id)},
                                  only_if(!findings.empty(), "class", worst_severity(findings)),
                                  only_if(!text.empty(), "tabindex", "0")});
            std::string title = fmt::format("{} \u2014 self {}{} ({}), total {}{}, line {}", label,
                                            figure(a.profile.basis, t.self), unit, percent(t.share),
                                            figure(a.profile.basis, t.total), unit, plan.lines[plan.nodes[id].line].line);
            for (const Finding& f : findings) title += fmt::format("\n{}: {}", to_string(f.severity), f.message);
            w.leaf("title", title);
            w.empty("rect", {{"x", fmt::format("{:.2f}", x)},
                             {"y", fmt::format("{:.0f}", y)},
                             {"width", fmt::format("{:.2f}", span)},
                             {"height", fmt::format("{:.0f}", row_height - 1)},
                             {"class", std::string(heat(t.share))}});
            if (!text.empty())
                w.leaf("text", {{"x", fmt::format("{:.2f}", x + 3)}, {"y", fmt::format("{:.0f}", y + 12)}}, text);
        }
    }
    std::string caption = "Exclusive ";
    caption += a.profile.basis == TimeBasis::actual_time ? "time" : "planner cost";
    caption += ": each node is as wide as the time spent in it and under it, and its own share is what its "
               "children leave free. Outlined nodes have findings. Hover or focus a node for its figures and "
               "findings; click to find it in the tree.";
    if (hidden > 0) caption += fmt::format(" {} node{} too small or too deep to draw.", hidden, hidden == 1 ? " is" : "s are");
    w.leaf("figcaption", {{"aria-live", "polite"}}, caption);
}

}  // namespace planlens::html

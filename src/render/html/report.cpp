// The page: head with the inline stylesheet, the summary of every plan and
// pair, each plan in document order with the diff of its pair after it, and
// the inline script.
#include <planlens/html_report.hpp>

#include "render/html/assets.hpp"
#include "render/html/format.hpp"
#include "render/html/sections.hpp"

#include <planlens/version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace planlens::html {

std::span<const Finding> AnalysedPlan::findings_of(NodeId id) const {
    // Iterator algorithms, not std::ranges: clang 14 (the fuzz build) cannot
    // instantiate libstdc++ 12's ranges::subrange.
    const auto first = std::lower_bound(findings.begin(), findings.end(), id,
                                        [](const Finding& f, NodeId n) { return f.node < n; });
    const auto last = std::upper_bound(first, findings.end(), id,
                                       [](NodeId n, const Finding& f) { return n < f.node; });
    return {findings.data() + (first - findings.begin()), static_cast<std::size_t>(last - first)};
}

std::size_t AnalysedPlan::rank_of(NodeId id) const {
    for (std::size_t i = 0; i < hot.size(); ++i)
        if (hot[i].node == id) return i + 1;
    return 0;
}

AnalysedPlan analyse(std::size_t number, const FoundPlan& found) {
    AnalysedPlan a;
    a.number = number;
    a.found = &found;
    a.plan = &*found.plan;
    a.profile = exclusive_time(*a.plan);
    a.io = exclusive_io(*a.plan);
    a.findings = find_problems(*a.plan, a.profile);
    std::ranges::stable_sort(a.findings, {}, &Finding::node);
    // Ranked: the three largest, when they matter (a tenth of the time or more).
    for (const HotNode& h : hot_nodes(*a.plan, a.profile, a.findings, HotOptions{3}))
        if (h.share >= 0.1) a.hot.push_back(h);
    a.advice = advise(*a.plan, a.profile);
    return a;
}

std::string node_id_prefix(std::size_t plan_number) { return fmt::format("p{}n", plan_number); }

std::string node_label(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    return n.subplan_name.empty() ? std::string(plan.header_text(n))
                                  : fmt::format("{}: {}", n.subplan_name, plan.header_text(n));
}

namespace {

std::string optional_ms(const std::optional<double>& ms) { return ms ? milliseconds(*ms) : "\u2014"; }

std::string findings_count(const AnalysedPlan& a) {
    std::size_t critical = 0, warning = 0;
    for (const Finding& f : a.findings) {
        critical += f.severity == Severity::critical;
        warning += f.severity == Severity::warning;
    }
    std::string text = fmt::format("{}", a.findings.size());
    if (critical > 0) text += fmt::format(" \u00B7 {} critical", critical);
    if (warning > 0) text += fmt::format(" \u00B7 {} warning", warning);
    return text;
}

void write_plan_row(Writer& w, const AnalysedPlan& a) {
    const Plan& plan = *a.plan;
    auto tr = w.open("tr");
    {
        auto td = w.open("td", {{"class", "num"}});
        w.leaf("a", {{"href", fmt::format("#plan-{}", a.number)}}, fmt::format("{}", a.number));
    }
    w.leaf("td", a.found->heading);
    w.leaf("td", {{"class", "num"}}, fmt::format("{}\u2013{}", a.found->first_line, a.found->last_line));
    w.leaf("td", plan.root().name);
    w.leaf("td", {{"class", "num"}}, optional_ms(plan.execution_time));
    w.leaf("td", {{"class", "num"}}, optional_ms(plan.planning_time));
    {
        auto td = w.open("td");
        if (a.profile.total > 0 && !plan.nodes.empty()) {
            const auto hottest = std::ranges::max_element(a.profile.nodes, {}, &NodeTime::self);
            const NodeId id = static_cast<NodeId>(hottest - a.profile.nodes.begin());
            w.leaf("a", {{"href", fmt::format("#{}{}", node_id_prefix(a.number), id)}}, node_label(plan, id));
            w.text(" ");
            w.leaf("small", fmt::format("{} \u00B7 {}", figure(a.profile.basis, hottest->self), percent(hottest->share)));
        }
    }
    w.leaf("td", {{"class", "num"}}, findings_count(a));
    w.leaf("td", {{"class", "num"}}, fmt::format("{}", a.advice.size()));
}

void write_failed_row(Writer& w, std::size_t number, const FoundPlan& found) {
    auto tr = w.open("tr", {{"class", "failed"}});
    {
        auto td = w.open("td", {{"class", "num"}});
        w.leaf("a", {{"href", fmt::format("#plan-{}", number)}}, fmt::format("{}", number));
    }
    w.leaf("td", found.heading);
    w.leaf("td", {{"class", "num"}}, fmt::format("{}\u2013{}", found.first_line, found.last_line));
    w.leaf("td", {{"colspan", "6"}}, found.error ? "does not parse: " + found.error->message : "does not parse");
}

const AnalysedPlan* analysed(std::span<const AnalysedPlan> plans, std::size_t index) {
    for (const AnalysedPlan& a : plans)
        if (a.number == index + 1) return &a;
    return nullptr;
}

void write_pairs_table(Writer& w, std::span<const AnalysedPlan> plans,
                       const std::vector<std::pair<std::size_t, std::size_t>>& pairs) {
    w.leaf("h3", "Before and after");
    auto scroll = w.open("div", {{"class", "scroll"}});
    auto table = w.open("table", {{"class", "pairs"}});
    {
        auto head = w.open("thead");
        auto tr = w.open("tr");
        w.leaf("th", "Plans");
        w.leaf("th", "Heading");
        w.leaf("th", {{"class", "num"}}, "Before");
        w.leaf("th", {{"class", "num"}}, "After");
        w.leaf("th", {{"class", "num"}}, "Speedup");
    }
    auto body = w.open("tbody");
    for (const auto& [b, a] : pairs) {
        const AnalysedPlan* before = analysed(plans, b);
        const AnalysedPlan* after = analysed(plans, a);
        auto tr = w.open("tr");
        {
            auto td = w.open("td");
            w.leaf("a", {{"href", fmt::format("#diff-{}-{}", b + 1, a + 1)}}, fmt::format("{} \u2192 {}", b + 1, a + 1));
        }
        w.leaf("td", after->found->heading);
        w.leaf("td", {{"class", "num"}}, optional_ms(before->plan->execution_time));
        w.leaf("td", {{"class", "num"}}, optional_ms(after->plan->execution_time));
        const auto& x = before->plan->execution_time;
        const auto& y = after->plan->execution_time;
        w.leaf("td", {{"class", "num"}}, x && y && *y > 0 ? fmt::format("{:.2f}\u00D7", *x / *y) : "\u2014");
    }
}

void write_head(Writer& w, std::string_view title) {
    auto head = w.open("head");
    w.empty("meta", {{"charset", "utf-8"}});
    w.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
    w.empty("meta", {{"name", "generator"}, {"content", fmt::format("planlens {}", version_string)}});
    w.leaf("title", title);
    auto style = w.open("style");
    w.asset(assets::stylesheet);
}

}  // namespace

void write_summary(Writer& w, std::span<const AnalysedPlan> plans, std::span<const FoundPlan> found,
                   const std::vector<std::pair<std::size_t, std::size_t>>& pairs) {
    auto section = w.open("section", {{"class", "summary"}, {"aria-labelledby", "summary"}});
    w.leaf("h2", {{"id", "summary"}}, "Summary");
    if (found.empty()) {
        w.leaf("p", "No plan was found in this document.");
        return;
    }
    {
        auto scroll = w.open("div", {{"class", "scroll"}});
        auto table = w.open("table", {{"class", "plans"}});
        {
            auto head = w.open("thead");
            auto tr = w.open("tr");
            w.leaf("th", {{"class", "num"}}, "#");
            w.leaf("th", "Heading");
            w.leaf("th", {{"class", "num"}}, "Lines");
            w.leaf("th", "Root");
            w.leaf("th", {{"class", "num"}}, "Execution");
            w.leaf("th", {{"class", "num"}}, "Planning");
            w.leaf("th", "Hottest node");
            w.leaf("th", {{"class", "num"}}, "Findings");
            w.leaf("th", {{"class", "num"}}, "Advice");
        }
        auto body = w.open("tbody");
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (const AnalysedPlan* a = analysed(plans, i))
                write_plan_row(w, *a);
            else
                write_failed_row(w, i + 1, found[i]);
        }
    }
    if (!pairs.empty()) write_pairs_table(w, plans, pairs);
}

}  // namespace planlens::html

namespace planlens {

std::string html_report(const Document& doc, const ReportOptions& options) {
    using namespace html;
    const auto found = doc.plans();
    std::vector<AnalysedPlan> plans;
    for (std::size_t i = 0; i < found.size(); ++i)
        if (found[i].plan) plans.push_back(analyse(i + 1, found[i]));
    const auto pairs = before_after_pairs(found);

    std::string out;
    out.reserve(4096 + doc.text().size() * 8);
    Writer w(out);
    w.doctype();
    const std::string source = options.source.empty() ? "EXPLAIN output" : options.source;
    auto page = w.open("html", {{"lang", "en"}});
    write_head(w, "planlens: " + source);
    auto body = w.open("body");
    {
        auto header = w.open("header", {{"class", "top"}});
        w.leaf("h1", source);
        w.leaf("p", fmt::format("{} plan{} \u00B7 {} before/after pair{} \u00B7 planlens {}", found.size(),
                                found.size() == 1 ? "" : "s", pairs.size(), pairs.size() == 1 ? "" : "s",
                                version_string));
    }
    {
        auto main = w.open("main");
        write_summary(w, plans, found, pairs);
        for (std::size_t i = 0; i < found.size(); ++i) {
            const AnalysedPlan* a = analysed(plans, i);
            if (a == nullptr) {
                write_failed_plan(w, i + 1, found[i], doc.text());
                continue;
            }
            write_plan(w, *a);
            for (const auto& [b, after] : pairs)
                if (after == i) write_diff(w, *analysed(plans, b), *a);
        }
    }
    auto script = w.open("script");
    w.asset(assets::script);
    return out;
}

}  // namespace planlens

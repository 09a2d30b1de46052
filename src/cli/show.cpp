// planlens show [--plan N] FILE|-
// Each plan as an annotated tree: self time, share and a bar per node, the
// findings of the hot-node rules under the nodes they concern, then advice.
#include "cli/cli.hpp"
#include "cli/terminal.hpp"

#include <planlens/advice.hpp>
#include <planlens/hot_nodes.hpp>
#include <planlens/timing.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <span>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens show [--plan N] FILE|-

Prints every plan in FILE (- reads standard input) as an annotated tree: each
node with its exclusive (self) time, its share of the plan's time and a bar,
and under a node the rules that fired on it, with their ids and numbers (see
docs/hot-rules.md); nodes with findings are marked ! (critical), * (warning)
or - (info). Roll-ups by relation and operation, then the advice of
'planlens advise' (docs/advice.md), close each plan. Plans
without ANALYZE timing are shown by planner cost (docs/timing.md).

  --plan N   only the N-th plan of the document (1-based)

Colours only when standard output is a terminal and NO_COLOR is unset.
Exit status: 0 ok, 1 no plan (or no N-th plan), a parse error or a warning, 2 usage.
)";

constexpr std::size_t bar_width = 10;
constexpr std::size_t gutter = 34;       // marker, self, share and bar columns
constexpr std::size_t max_indent = 60;  // deeper trees stop moving right
constexpr std::size_t min_label = 24;

struct Shown {
    const Plan& plan;
    const TimeProfile& profile;
    const std::vector<Finding>& findings;  ///< stably sorted by node, so findings_of() can search
    const Palette& colours;
};

/// The findings about one node (no_node: the plan-wide ones), in rule order.
std::span<const Finding> findings_of(const Shown& s, NodeId id) {
    const auto found = std::ranges::equal_range(s.findings, id, {}, &Finding::node);
    return {found.begin(), found.end()};
}

std::string figure(const TimeProfile& profile, double value) {
    return profile.basis == TimeBasis::actual_time ? fmt::format("{:.3f}", value) : fmt::format("{:.2f}", value);
}

std::string unit(const TimeProfile& profile) { return profile.basis == TimeBasis::actual_time ? " ms" : ""; }

void append_header(std::string& out, std::size_t number, const FoundPlan& found, const Shown& s) {
    std::string head = fmt::format("plan {} (line {})", number, found.first_line);
    if (!found.heading.empty()) head += fmt::format(" \"{}\"", found.heading);
    if (s.profile.basis == TimeBasis::actual_time)
        head += fmt::format(": {:.3f} ms in its nodes", s.profile.total);
    else
        head += fmt::format(": planner cost {:.2f}", s.profile.total);
    if (s.plan.execution_time) head += fmt::format(", execution {:.3f} ms", *s.plan.execution_time);
    if (s.plan.planning_time) head += fmt::format(", planning {:.3f} ms", *s.plan.planning_time);
    out += fmt::format("{}{}{}\n", s.colours.bold, fit(head, line_width), s.colours.reset);
    for (const Finding& f : findings_of(s, no_node)) append_finding(out, f, 2, s.colours);
    out += fmt::format("{}  {:>10}  {:>6}  {:<{}}  node{}\n", s.colours.dim,
                       s.profile.basis == TimeBasis::actual_time ? "self ms" : "self cost", "share", "bar", bar_width,
                       s.colours.reset);
}

/// The worst severity among the node's findings, if any.
std::optional<Severity> worst(const Shown& s, NodeId id) {
    std::optional<Severity> w;
    for (const Finding& f : findings_of(s, id))
        if (!w || f.severity > *w) w = f.severity;
    return w;
}

std::string_view marker(std::optional<Severity> severity) {
    if (!severity) return " ";
    return *severity == Severity::critical ? "!" : *severity == Severity::warning ? "*" : "-";
}

void append_node(std::string& out, NodeId id, const Shown& s) {
    const Node& n = s.plan.nodes[id];
    const NodeTime& t = s.profile[id];
    const std::size_t indent = std::min<std::size_t>(3 * n.depth, max_indent);
    if (!n.subplan_name.empty())
        out += fmt::format("{}{}{}{}\n", std::string(gutter + indent, ' '), s.colours.dim, n.subplan_name,
                           s.colours.reset);

    std::string label(s.plan.header_text(n));
    if (n.depth > 0) label = "-> " + label;
    if (t.loops > 1) label += fmt::format(" (loops={})", t.loops);
    if (t.rounded) label += " [rounding]";
    if (t.inconsistent) label += " [inconsistent: see notes]";
    const std::size_t room = line_width > gutter + indent + min_label ? line_width - gutter - indent : min_label;

    const auto severity = worst(s, id);
    const std::string_view colour = severity ? colour_of(*severity, s.colours) : std::string_view{};
    out += fmt::format("{}{}{} {:>10}  {:>5.1f}%  {}  {}{}\n", colour, marker(severity), severity ? s.colours.reset : "",
                       figure(s.profile, t.self), 100 * t.share, bar(t.share, bar_width), std::string(indent, ' '),
                       fit(label, room));
    for (const Finding& f : findings_of(s, id))
        append_finding(out, f, std::min(gutter + indent + 3, std::size_t{50}), s.colours);
}

void append_rollup(std::string& out, std::string_view title, const std::vector<Rollup>& lines, const Shown& s) {
    if (lines.empty()) return;
    std::string text = fmt::format("by {}:", title);
    for (std::size_t i = 0; i < lines.size() && i < 6; ++i)
        text += fmt::format("{} {} {}{} ({:.1f}%)", i == 0 ? "" : ",", lines[i].key, figure(s.profile, lines[i].self),
                            unit(s.profile), 100 * lines[i].share);
    append_wrapped(out, text, 2);
}

void append_plan(std::string& out, std::size_t number, const FoundPlan& found, const Palette& colours) {
    const Plan& plan = *found.plan;
    const TimeProfile profile = exclusive_time(plan);
    std::vector<Finding> findings = find_problems(plan, profile);
    std::ranges::stable_sort(findings, {}, &Finding::node);
    const Shown s{plan, profile, findings, colours};
    append_header(out, number, found, s);
    for (NodeId id = 0; id < plan.nodes.size(); ++id) append_node(out, id, s);
    append_rollup(out, "relation", time_by_relation(plan, profile), s);
    append_rollup(out, "operation", time_by_operation_class(plan, profile), s);
    for (const std::string& note : profile.notes) append_wrapped(out, "note: " + note, 2);
    const std::vector<Advice> advice = advise(plan, profile);
    if (!advice.empty()) {
        out += "  advice:\n";
        append_advice_text(out, plan, advice, 2);
    }
}

void report_error(std::string_view path, const Error& error) {
    fmt::print(stderr, "{}:{}:{}: {}\n", display_name(path), error.position.line, error.position.column, error.message);
}

}  // namespace

int show(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("show", argv, {"--plan"}, {});
    if (!args) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("show", "expected one input FILE or -");
    std::size_t only = 0;
    if (const auto value = args->value("--plan")) {
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), only);
        if (ec != std::errc{} || end != value->data() + value->size() || only == 0)
            return usage_error("show", "--plan needs a plan number, 1 or more");
    }
    const std::string_view path = args->positionals()[0];
    const auto doc = load(path);
    if (!doc) return Exit::failure;
    const auto plans = doc->plans();
    if (plans.empty()) return no_plan(path);
    if (only > plans.size()) {
        fmt::print(stderr, "{}: no plan {} (found {})\n", display_name(path), only, plans.size());
        return Exit::failure;
    }

    const Palette colours = palette(wants_colour(stdout));
    std::string out;
    bool failed = false;
    for (std::size_t i = 0; i < plans.size(); ++i) {
        if (only != 0 && i + 1 != only) continue;
        if (plans[i].error) report_error(path, *plans[i].error), failed = true;
        if (!plans[i].plan) continue;
        report_warnings(path, *plans[i].plan);
        failed |= !plans[i].plan->warnings.empty();
        if (!out.empty()) out += '\n';
        append_plan(out, i + 1, plans[i], colours);
    }
    write_out(out);
    return failed ? Exit::failure : Exit::ok;
}

}  // namespace planlens::cli

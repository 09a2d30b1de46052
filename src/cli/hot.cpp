// planlens hot [--top N] [--json] FILE|-
// The nodes where each plan spends its time, largest exclusive time first,
// with the rules that fired on them. The JSON shape is a contract.
#include "cli/cli.hpp"
#include "cli/json_output.hpp"
#include "cli/terminal.hpp"

#include "analysis/hot_json.hpp"

#include <planlens/hot_nodes.hpp>
#include <planlens/timing.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens hot [--top N] [--json] [--jobs N] FILE|-

Ranks the nodes of every plan in FILE (- reads standard input) by exclusive
(self) time, largest first, with the ± bound the printed precision (0.001 ms
per loop) leaves on it, and the ids of the rules that fired on each and their
messages (see docs/hot-rules.md). A node whose time is within its bound ranks
last; a note names neighbours whose order the bounds leave open. Plans
without ANALYZE timing are ranked by planner cost.

  --top N   nodes per plan (default 10; 0 lists every node)
  --json    a JSON array with one plan element per plan (docs/json.md),
            each with "basis", "total" and "nodes": node records {"id",
            "line", "node_type", "name", "relation", "alias", "index",
            "exclusive_ms", "exclusive_ms_error", "share", "reasons": [rule
            ids], "buffers"} ordered by exclusive time; exclusive_ms is null
            without timing

Plans that fail to parse are reported as FILE:LINE:COL: message on stderr.

--jobs N parses the plans on N threads (default: the cores available; a
document under 1 MiB is read on one); the output is the same for any N.

Exit status: 0 ok, 1 no plan, a parse error or a warning, 2 usage.
)";

constexpr std::size_t findings_indent = 40;  // where the node column starts
constexpr double notable_overlap = 0.05;  // of the larger figure: below this two bounds overlapping is a tie of crumbs

/// Where the ranking does not rest on the figures: neighbours whose ± bounds
/// overlap by a notable part of their time may be in either order, and a
/// node within its bound may be 0 (hot_nodes() ranks those last).
void append_uncertain_order(std::string& out, const Plan& plan, const std::vector<HotNode>& ranked) {
    std::vector<std::string> pairs;
    for (std::size_t i = 1; i < ranked.size(); ++i) {
        const HotNode &a = ranked[i - 1], &b = ranked[i];
        const double open = a.self_error + b.self_error;
        if (a.self - b.self <= open && open >= notable_overlap * a.self && b.self > b.self_error)
            pairs.push_back(fmt::format("lines {} and {} ({} and {})", plan.nodes[a.node].source_line,
                                        plan.nodes[b.node].source_line, plan.nodes[a.node].name,
                                        plan.nodes[b.node].name));
    }
    if (!pairs.empty())
        append_wrapped(out, fmt::format("note: the order of {} is not certain: their difference is within the ± "
                                        "bounds the printed precision (0.001 ms per loop) leaves open",
                                        fmt::join(pairs, "; ")), 2);
    if (std::ranges::any_of(ranked, [](const HotNode& h) { return h.self > 0 && h.self <= h.self_error; }))
        append_wrapped(out, "note: nodes whose time is within its ± bound may have taken none at all: they rank last",
                       2);
}

void append_plan(std::string& out, std::size_t number, const FoundPlan& found, const HotOptions& options,
                 const Palette& colours) {
    const Plan& plan = *found.plan;
    const TimeProfile profile = exclusive_time(plan);
    const std::vector<Finding> findings = find_problems(plan, profile);
    const bool timed = profile.basis == TimeBasis::actual_time;

    std::string head = fmt::format("plan {} (line {})", number, found.first_line);
    head += timed ? fmt::format(": {:.3f} ms in its nodes", profile.total)
                  : fmt::format(": planner cost {:.2f} (no timing)", profile.total);
    if (plan.execution_time) head += fmt::format(", execution {:.3f} ms", *plan.execution_time);
    if (plan.planning_time) head += fmt::format(", planning {:.3f} ms", *plan.planning_time);
    append_heading(out, head, colours);
    out += fmt::format("{}  {:>10}  {:>8}  {:>6}  {:>6}  node{}\n", colours.dim, timed ? "self ms" : "self cost",
                       "± bound", "share", "line", colours.reset);

    const std::vector<HotNode> ranked = hot_nodes(plan, profile, findings, options);
    for (const HotNode& hot : ranked) {
        const Node& n = plan.nodes[hot.node];
        std::optional<Severity> worst;
        for (const Finding& f : findings)
            if (f.node == hot.node && (!worst || f.severity > *worst)) worst = f.severity;
        const std::string_view mark =
            !worst ? " " : *worst == Severity::critical ? "!" : *worst == Severity::warning ? "*" : "-";
        const std::string self = timed ? fmt::format("{:.3f}", hot.self) : fmt::format("{:.2f}", hot.self);
        // The node's name wraps under itself when the line is too narrow: nothing is cut.
        const std::vector<std::string> label = wrap(plan.header_text(n), line_width() - findings_indent);
        out += fmt::format("{}{}{} {:>10}  {:>8}  {:>5.1f}%  {:>6}  {}\n", worst ? colour_of(*worst, colours) : "",
                           mark, worst ? colours.reset : "", self, bound_text(hot.self_error, timed), 100 * hot.share,
                           n.source_line,
                           label.empty() ? std::string() : label.front());
        for (std::size_t i = 1; i < label.size(); ++i) out.append(findings_indent, ' ').append(label[i]) += '\n';
        for (const Finding& f : findings)
            if (f.node == hot.node) append_finding(out, f, findings_indent, colours);
    }
    if (timed) append_uncertain_order(out, plan, ranked);
    for (const Finding& f : findings)
        if (f.node == no_node) append_finding(out, f, 2, colours);
    for (const std::string& note : profile.notes) append_wrapped(out, "note: " + note, 2);
}

}  // namespace

int hot(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("hot", argv, {"--top", "--jobs"}, {"--json"});
    if (!args) return Exit::usage;
    const auto jobs = jobs_option("hot", *args);
    if (!jobs) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("hot", "expected one input FILE or -");
    HotOptions options;
    if (const auto value = args->value("--top")) {
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), options.top);
        if (ec != std::errc{} || end != value->data() + value->size())
            return usage_error("hot", "--top needs a number (0 lists every node)");
    }
    const std::string_view path = args->positionals()[0];
    const bool json = args->flag("--json");
    // one plan at a time, each written as it is ranked
    const Palette colours = palette(wants_colour(stdout));
    return write_each_plan(
        path, *jobs, json,
        [&options](detail::JsonWriter& w, const FoundPlan& found) {
            analysis::append_hot_members(w, *found.plan, options);
        },
        [&](std::string& out, std::size_t index, const FoundPlan& found) {
            append_plan(out, index, found, options, colours);
        });
}

}  // namespace planlens::cli

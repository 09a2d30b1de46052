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

#include <charconv>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens hot [--top N] [--json] FILE|-

Ranks the nodes of every plan in FILE (- reads standard input) by exclusive
(self) time, largest first, with the ids of the rules that fired on each and
their messages (see docs/hot-rules.md). Plans without ANALYZE timing are
ranked by planner cost.

  --top N   nodes per plan (default 10; 0 lists every node)
  --json    a JSON array with one plan element per plan (docs/json.md),
            each with "basis", "total" and "nodes": node records {"id",
            "line", "node_type", "name", "relation", "alias", "index",
            "exclusive_ms", "share", "reasons": [rule ids]} ordered by
            exclusive time; exclusive_ms is null without timing

Plans that fail to parse are reported as FILE:LINE:COL: message on stderr.
Exit status: 0 ok, 1 no plan, a parse error or a warning, 2 usage.
)";

constexpr std::size_t findings_indent = 30;

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
    out += fmt::format("{}  {:>10}  {:>6}  {:>6}  node{}\n", colours.dim, timed ? "self ms" : "self cost", "share",
                       "line", colours.reset);

    for (const HotNode& hot : hot_nodes(plan, profile, findings, options)) {
        const Node& n = plan.nodes[hot.node];
        std::optional<Severity> worst;
        for (const Finding& f : findings)
            if (f.node == hot.node && (!worst || f.severity > *worst)) worst = f.severity;
        const std::string_view mark =
            !worst ? " " : *worst == Severity::critical ? "!" : *worst == Severity::warning ? "*" : "-";
        const std::string self = timed ? fmt::format("{:.3f}", hot.self) : fmt::format("{:.2f}", hot.self);
        // The node's name wraps under itself when the line is too narrow: nothing is cut.
        const std::vector<std::string> label = wrap(plan.header_text(n), line_width() - findings_indent);
        out += fmt::format("{}{}{} {:>10}  {:>5.1f}%  {:>6}  {}\n", worst ? colour_of(*worst, colours) : "", mark,
                           worst ? colours.reset : "", self, 100 * hot.share, n.source_line,
                           label.empty() ? std::string() : label.front());
        for (std::size_t i = 1; i < label.size(); ++i) out.append(findings_indent, ' ').append(label[i]) += '\n';
        for (const Finding& f : findings)
            if (f.node == hot.node) append_finding(out, f, findings_indent, colours);
    }
    for (const Finding& f : findings)
        if (f.node == no_node) append_finding(out, f, 2, colours);
    for (const std::string& note : profile.notes) append_wrapped(out, "note: " + note, 2);
}

}  // namespace

int hot(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("hot", argv, {"--top"}, {"--json"});
    if (!args) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("hot", "expected one input FILE or -");
    HotOptions options;
    if (const auto value = args->value("--top")) {
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), options.top);
        if (ec != std::errc{} || end != value->data() + value->size())
            return usage_error("hot", "--top needs a number (0 lists every node)");
    }
    const std::string_view path = args->positionals()[0];
    const bool json = args->flag("--json");
    const auto doc = load(path);
    if (!doc) return json ? no_json_input() : Exit::failure;
    report_errors(path, *doc);
    if (json) {
        write_out(plan_array(*doc, [&options](detail::JsonWriter& w, const FoundPlan& found) {
            analysis::append_hot_members(w, *found.plan, options);
        }));
    }
    if (doc->plans().empty()) return no_plan(path);
    if (json) return exit_code(*doc);
    const Palette colours = palette(wants_colour(stdout));
    std::string out;
    for (std::size_t i = 0; i < doc->plans().size(); ++i) {
        const FoundPlan& found = doc->plans()[i];
        if (!found.plan) continue;
        if (!out.empty()) out += '\n';
        append_plan(out, i + 1, found, options, colours);
    }
    write_out(out);
    return exit_code(*doc);
}

}  // namespace planlens::cli

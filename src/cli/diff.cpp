// planlens diff [--json|--markdown] BEFORE AFTER | FILE
// What changed between two plans of one query, where the time moved and
// which indexes the new plan uses. The JSON shape is a contract (docs/diff.md).
#include "cli/cli.hpp"
#include "cli/terminal.hpp"

#include "analysis/number_text.hpp"

#include <planlens/plan_diff.hpp>

#include <fmt/format.h>

#include <algorithm>

#include <charconv>
#include <filesystem>
#include <memory>

namespace planlens::cli {

namespace {

using analysis::grouped_count;

constexpr std::string_view help = R"(usage: planlens diff [--json|--markdown] BEFORE AFTER
       planlens diff [--json|--markdown] FILE

Compares two plans of the same query: execution and planning time before and
after, the speedup, where the time was saved or lost, the indexes the new plan
reads through, and node by node what was replaced, added, removed or changed.

BEFORE and AFTER are each a file, - (standard input), or FILE#N for the N-th
plan (1-based) of a document such as a markdown writeup. A side that names a
file with several plans must say which one.

With one FILE, diffs each pair of consecutive plans under the same heading
(and, where both show their SQL, the same SQL) that read a relation in common:
the usual before/after layout of a performance writeup.

  --json      a JSON array with one element per pair (docs/json.md):
              {"planlens", "before": {"execution_ms", "planning_ms", "source"}, "after": {...},
               "speedup": before/after execution time, "verdict", "same_shape",
               "same_access_paths", "new_indexes", "dropped_indexes",
               "time_moved": [...], "summary": [...],
               "changes": [{"change": "replaced|added|removed|changed",
                            "before": {"id", "line", "node_type", "name",
                                       "relation", "alias", "index"} or null,
                            "after": {...} or null, "self_ms_before", "self_ms_after",
                            "total_ms_before", ..., "what": [...], "note"}]}
              Node types are PostgreSQL's ("Seq Scan" for Parallel Seq Scan).
  --markdown  the summary and a table of the changes, to paste into a writeup

The text output shows both trees side by side, as wide as the terminal
(else $COLUMNS, else 100 columns); long node labels wrap within their side:
! replaced, ~ changed, + added, - removed. Colours only when standard output
is a terminal and NO_COLOR is unset. See docs/diff.md for how nodes are matched.
Exit status: 0 ok, 1 a plan is missing, does not parse or was read with
warnings (or FILE has no before/after pair), 2 usage.
)";

enum class Format { text, json, markdown };

// ---- inputs --------------------------------------------------------------------

/// "FILE#N" -> FILE and N; N is 0 when the spec names no plan. A file whose
/// own name ends in "#digits" still works when FILE alone does not exist.
std::pair<std::string, std::size_t> split_spec(std::string_view spec) {
    const std::size_t hash = spec.rfind('#');
    if (hash == std::string_view::npos || hash == 0 || hash + 1 == spec.size()) return {std::string(spec), 0};
    std::size_t n = 0;
    const char* first = spec.data() + hash + 1;
    const char* last = spec.data() + spec.size();
    const auto [end, ec] = std::from_chars(first, last, n);
    if (ec != std::errc{} || end != last) return {std::string(spec), 0};
    std::string path(spec.substr(0, hash));
    std::error_code error;
    if (path != "-" && !std::filesystem::exists(path, error) && std::filesystem::exists(std::string(spec), error))
        return {std::string(spec), 0};
    return {path, n == 0 ? std::size_t(-1) : n};
}

/// Documents loaded once each, so "notes.md#1 notes.md#2" and "-#1 -#2" work.
class Documents {
public:
    const Document* get(const std::string& path) {
        for (const auto& [name, doc] : loaded_)
            if (name == path) return doc.get();
        auto doc = load(path);
        if (!doc) return nullptr;
        report_errors(path, *doc);
        loaded_.emplace_back(path, std::make_unique<Document>(std::move(*doc)));
        return loaded_.back().second.get();
    }

private:
    std::vector<std::pair<std::string, std::unique_ptr<Document>>> loaded_;
};

struct Chosen {
    const Plan* plan = nullptr;
    std::string label;  ///< "FILE#N" or "FILE"
    int exit = Exit::ok;
};

Chosen choose(Documents& docs, std::string_view spec) {
    const auto [path, n] = split_spec(spec);
    if (n == std::size_t(-1)) return {nullptr, {}, usage_error("diff", "plans are numbered from 1 (FILE#1)")};
    const Document* doc = docs.get(path);
    if (doc == nullptr) return {nullptr, {}, Exit::failure};
    const auto plans = doc->plans();
    if (plans.empty()) return {nullptr, {}, no_plan(path)};
    if (n == 0 && plans.size() > 1)
        return {nullptr, {},
                usage_error("diff", fmt::format("{} has {} plans: choose one with {}#N", display_name(path),
                                                plans.size(), path))};
    const std::size_t index = n == 0 ? 1 : n;
    if (index > plans.size()) {
        fmt::print(stderr, "{}: no plan {} (found {})\n", display_name(path), n, plans.size());
        return {nullptr, {}, Exit::failure};
    }
    const FoundPlan& found = plans[index - 1];
    if (!found.plan) return {nullptr, {}, Exit::failure};  // report_errors said why
    return {&*found.plan, n == 0 ? display_name(path) : fmt::format("{}#{}", display_name(path), index),
            found.plan->warnings.empty() ? Exit::ok : Exit::failure};  // report_errors showed the warnings
}

// ---- text output -------------------------------------------------------------

constexpr std::size_t figure_width = 8;
constexpr std::size_t max_depth_shown = 5;  // deeper trees stop moving right
constexpr std::size_t detail_indent = 6;

/// Columns of each side's labels: two of these, two figures and a delta fill the line (35 of 100).
std::size_t label_width() { return std::max<std::size_t>(12, (line_width() - 2 - 3 - 2 * figure_width - 9) / 2); }

struct Look {
    std::string_view mark;
    std::string_view colour;
};

Look look(ChangeKind kind, const Palette& p) {
    switch (kind) {
        case ChangeKind::replaced: return {"!", p.yellow};
        case ChangeKind::changed: return {"~", p.bold};
        case ChangeKind::added: return {"+", p.cyan};
        case ChangeKind::removed: return {"-", p.red};
        case ChangeKind::unchanged: return {" ", p.dim};
    }
    return {" ", p.dim};
}

/// A node's label as the lines of its column, indented by depth and padded
/// to the column's width; a long label wraps (nothing is cut), a word longer
/// than the column is split across lines. No lines for an absent side.
std::vector<std::string> column(const Plan& plan, NodeId id) {
    if (id == no_node) return {};
    const std::size_t width = label_width();
    const std::size_t indent = std::min(2 * std::min<std::size_t>(plan.nodes[id].depth, max_depth_shown), width / 3);
    std::vector<std::string> lines = wrap(describe(plan, id), width - 1 - indent - 2, true);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        lines[i].insert(0, indent + (i == 0 ? 0 : 2), ' ');  // continuation lines hang under the first
        lines[i].append(width - std::min(width, columns(lines[i])), ' ');
    }
    return lines;
}

std::string figure(const std::optional<double>& ms, NodeId id) {
    return id == no_node || !ms ? std::string(figure_width, ' ') : fmt::format("{:>{}.3f}", *ms, figure_width);
}

bool runs_parallel(const Node& n) { return n.parallel_aware || n.partial_mode == PartialMode::partial; }

/// The figures behind a `changed` or `replaced` mark, in words.
std::string details(const PlanDiff& d, const NodeChange& e) {
    std::vector<std::string> parts;
    const NodeFigures& b = e.before_figures;
    const NodeFigures& a = e.after_figures;
    if (has(e.what, Aspect::parallel)) {
        // Into or out of a Gather, else parallel-aware (or Partial) or no longer.
        const bool section = d.before_time[e.before].parallel != d.after_time[e.after].parallel;
        const bool now = section ? d.after_time[e.after].parallel : runs_parallel(d.after->nodes[e.after]);
        parts.emplace_back(now ? "now parallel" : "no longer parallel");
    }
    if (has(e.what, Aspect::rows) && b.rows && a.rows && b.loops && a.loops)
        parts.push_back(fmt::format("rows {} → {}", grouped_count(*b.rows * *b.loops), grouped_count(*a.rows * *a.loops)));
    if (has(e.what, Aspect::loops))
        parts.push_back(fmt::format("loops {} → {}", grouped_count(*b.loops), grouped_count(*a.loops)));
    if (has(e.what, Aspect::estimate))
        parts.push_back(
            fmt::format("estimated rows {} → {}", grouped_count(*b.plan_rows), grouped_count(*a.plan_rows)));
    if (has(e.what, Aspect::buffers)) parts.emplace_back("buffers");
    if (has(e.what, Aspect::variant)) parts.emplace_back("join type or scan direction");
    std::string text;
    for (const std::string& p : parts) text.append(text.empty() ? "" : ", ").append(p);
    auto names = [&text](std::string_view what, const std::vector<std::string_view>& list) {
        if (list.empty()) return;
        text.append(text.empty() ? "" : "; ").append(what);
        for (std::size_t i = 0; i < list.size(); ++i) text.append(i == 0 ? " " : ", ").append(list[i]);
    };
    names("new index", e.new_indexes);
    names("dropped index", e.dropped_indexes);
    if (!e.note.empty()) text.append(text.empty() ? "" : "; ").append(e.note);
    return text;
}

void append_entry(std::string& out, const PlanDiff& d, const NodeChange& e, const Palette& p) {
    const Look l = look(e.kind, p);
    const bool unchanged = e.kind == ChangeKind::unchanged;
    const std::vector<std::string> before = column(*d.before, e.before);
    const std::vector<std::string> after = column(*d.after, e.after);
    const std::string delta = d.headline.timed && !unchanged ? fmt::format("{:>+9.3f}", e.delta()) : std::string();
    const std::string blank_label(label_width(), ' '), blank_figure(figure_width, ' ');
    // The figures go on the first line of the entry; labels that wrap continue below.
    for (std::size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
        const bool first = i == 0;
        std::string line = fmt::format(
            "{} {}{} | {}{}{}", first ? l.mark : " ", i < before.size() ? before[i] : blank_label,
            first ? figure(e.before_figures.self_ms, e.before) : blank_figure, i < after.size() ? after[i] : blank_label,
            first ? figure(e.after_figures.self_ms, e.after) : blank_figure, first ? delta : "");
        while (!line.empty() && line.back() == ' ') line.pop_back();
        // Colour after layout, so escape sequences never count as columns.
        out += fmt::format("{}{}{}\n", l.colour, line, l.colour.empty() ? "" : p.reset);
    }
    if (unchanged) return;
    if (const std::string more = details(d, e); !more.empty()) append_wrapped(out, more, detail_indent);
}

void append_text(std::string& out, const PlanDiff& d, const DiffLabels& labels, const Palette& p) {
    if (!labels.before.empty())  // long paths wrap, never cut
        append_heading(out,
                       fmt::format("{} → {}{}", labels.before, labels.after,
                                   labels.heading.empty() ? "" : fmt::format("  \"{}\"", labels.heading)),
                       p, 0);
    const std::vector<std::string> lines = summary(d);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string wrapped;
        append_wrapped(wrapped, lines[i], 0);
        out += i == 0 ? fmt::format("{}{}{}", p.bold, wrapped, p.reset) : wrapped;
    }
    out += fmt::format("\n{}  {:<{}}{:>{}} | {:<{}}{:>{}}{:>9}{}\n", p.dim, "before", label_width(), "self ms",
                       figure_width, "after", label_width(), "self ms", figure_width, "delta", p.reset);
    for (const NodeChange& e : d.entries) append_entry(out, d, e, p);
    out += fmt::format("{}! replaced  ~ changed  + added  - removed{}\n", p.dim, p.reset);
}

// ---- one pair, any format ----------------------------------------------------

int append_pair(std::string& out, Format format, const Plan& before, const Plan& after, const DiffLabels& labels,
                const Palette& colours) {
    const auto diff = diff_plans(before, after);
    if (!diff) {
        fmt::print(stderr, "planlens diff: {}\n", diff.error().message);
        return Exit::failure;
    }
    switch (format) {
        case Format::json: append_diff_json(out, *diff, labels, 1); break;
        case Format::markdown: out += diff_markdown(*diff, labels); break;
        case Format::text: append_text(out, *diff, labels, colours); break;
    }
    return Exit::ok;
}

std::string separator(Format format) {
    switch (format) {
        case Format::json: return ",\n  ";
        case Format::markdown: return "\n---\n\n";
        case Format::text: return "\n";
    }
    return {};
}

/// Diffs each before/after pair of one document into `out`.
int diff_document(std::string& out, std::string_view path, Format format, const Palette& colours) {
    const auto doc = load(path);
    if (!doc) return Exit::failure;
    report_errors(path, *doc);
    const auto plans = doc->plans();
    if (plans.empty()) return no_plan(path);
    const auto pairs = before_after_pairs(plans);
    if (pairs.empty()) {
        fmt::print(stderr, "{}: no before/after pair (consecutive plans under one heading)\n", display_name(path));
        return Exit::failure;
    }
    int status = exit_code(*doc);
    for (const auto& [b, a] : pairs) {
        if (!out.empty()) out += separator(format);
        const DiffLabels labels{fmt::format("{}#{}", display_name(path), b + 1),
                                fmt::format("{}#{}", display_name(path), a + 1), std::string(plans[a].heading)};
        if (append_pair(out, format, *plans[b].plan, *plans[a].plan, labels, colours) != Exit::ok)
            status = Exit::failure;
    }
    return status;
}

/// Diffs BEFORE and AFTER, each a file or FILE#N, into `out`.
int diff_two(std::string& out, std::string_view before_spec, std::string_view after_spec, Format format,
             const Palette& colours) {
    Documents docs;
    const Chosen before = choose(docs, before_spec);
    if (!before.plan) return before.exit;
    const Chosen after = choose(docs, after_spec);
    if (!after.plan) return after.exit;
    const int status = append_pair(out, format, *before.plan, *after.plan, {before.label, after.label, {}}, colours);
    return status != Exit::ok ? status : std::max(before.exit, after.exit);  // a warning exits 1
}

/// Prints what was diffed; --json always prints an array, `[]` when nothing could be diffed.
void print(Format format, const std::string& out) {
    if (format != Format::json) return write_out(out);
    write_out(out.empty() ? "[]\n" : "[\n  " + out + "\n]\n");
}

/// "-#2" (plan 2 of standard input) starts with a dash but is an input, not an option.
bool stdin_plan(std::string_view arg) { return arg.substr(0, 2) == "-#"; }

}  // namespace

int diff(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    std::vector<std::string_view> options;
    for (std::string_view a : argv)
        if (!stdin_plan(a)) options.push_back(a);
    const auto args = Args::parse("diff", options, {}, {"--json", "--markdown"});
    if (!args) return Exit::usage;
    if (args->flag("--json") && args->flag("--markdown")) return usage_error("diff", "choose --json or --markdown");
    const Format format = args->flag("--json") ? Format::json : args->flag("--markdown") ? Format::markdown : Format::text;
    const Palette colours = palette(format == Format::text && wants_colour(stdout));
    // Inputs in the order given; diff's options take no values, so every other argument is a flag.
    std::vector<std::string_view> files;
    for (std::string_view a : argv)
        if (stdin_plan(a) || a == "-" || a.substr(0, 1) != "-") files.push_back(a);
    if (files.size() != 1 && files.size() != 2)
        return usage_error("diff", "expected BEFORE AFTER, or one FILE with before/after plans");
    std::string out;
    const int status = files.size() == 1 ? diff_document(out, files[0], format, colours)
                                         : diff_two(out, files[0], files[1], format, colours);
    if (status != Exit::usage) print(format, out);
    return status;
}

}  // namespace planlens::cli

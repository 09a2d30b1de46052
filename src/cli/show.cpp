// planlens show [--plan N] FILE|-
// Each plan as an annotated tree: self time, share and a bar per node, the
// findings of the hot-node rules under the nodes they concern, then advice.
#include "cli/cli.hpp"
#include "cli/json_output.hpp"
#include "cli/terminal.hpp"

#include "advice/advice_json.hpp"
#include "analysis/hot_json.hpp"
#include "analysis/number_text.hpp"

#include <planlens/advice.hpp>
#include <planlens/buffers.hpp>
#include <planlens/hot_nodes.hpp>
#include <planlens/timing.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <span>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens show [--plan N] [--json] [--jobs N] FILE|-

Prints every plan in FILE (- reads standard input) as an annotated tree: each
node with its exclusive (self) time, the ± bound the printed precision
(0.001 ms per loop) leaves on it, its share of the plan's time, how far its
row estimate was off (ANALYZE: ↓42 = 42 times more rows than planned, ↑3.0 =
fewer, ? = PostgreSQL's default guess), its line in FILE and (from 100
columns) a bar; under a node what it did itself to buffers, WAL and I/O
(BUFFERS: PostgreSQL's counts include the children's), I/O-bound or
CPU-bound with track_io_timing, and the rules that fired on it, with their
ids and numbers (see docs/hot-rules.md); nodes with findings are marked !
(critical), * (warning) or - (info). Roll-ups of time by relation and
operation, the plan's buffers, cache hit ratio and I/O time, buffers by
relation and index, then the advice of 'planlens advise' (docs/advice.md),
close each plan. Plans without ANALYZE timing are shown by planner cost
(docs/timing.md).

  --plan N   only the N-th plan of the document (1-based)
  --json     the same as a JSON array with one plan element per plan
             (docs/json.md): "basis", "total", "nodes" (every node in plan
             order: its identity, depth, parent, subplan_name, exclusive_ms,
             exclusive_ms_error, inclusive_ms, share, loops, row_estimate,
             buffers, io_ms, wal, findings), "findings" (plan-wide),
             "by_relation", "by_operation", "buffers_by_relation",
             "buffers_by_index", "notes", "advice"

Lines fit the terminal's width (else $COLUMNS, else 100 columns); long node
names wrap instead of being cut. Colours only when standard output is a
terminal and NO_COLOR is unset.

--jobs N parses the plans on N threads (default: the cores available; a
document under 1 MiB is read on one); the output is the same for any N.

Exit status: 0 ok, 1 no plan (or no N-th plan), a parse error or a warning, 2 usage.
)";

constexpr std::size_t bar_width = 10;
constexpr std::size_t line_column = 5;   // document line numbers up to 99999 align
constexpr std::size_t min_label = 20;    // a deep tree stops moving right to keep this much
constexpr std::size_t max_indent = 60;

/// The bar is left out below 100 columns, so that 80 keep room for the tree.
bool with_bar() { return line_width() >= 100; }

constexpr std::size_t bound_column = 8;     // "±20.001"
constexpr std::size_t estimate_column = 6;  // "↓1.2k?"

struct Shown {
    const Plan& plan;
    const TimeProfile& profile;
    const IoProfile& io;
    const std::vector<Finding>& findings;  ///< stably sorted by node, so findings_of() can search
    const Palette& colours;
    bool estimates = false;  ///< some node has planned and actual rows: the estimate column is shown
    std::size_t indent_step = 3;  ///< columns per level of the tree (tree_step())
};

/// The estimate column, from 80 columns (below, the tree needs the room).
bool has_estimates(const Plan& plan) {
    if (line_width() < 80) return false;
    for (NodeId id = 0; id < plan.nodes.size(); ++id)
        if (row_estimate(plan, id)) return true;
    return false;
}

/// Columns before the tree: marker, self, its bound, share, the estimate
/// factor (ANALYZE), line and (wide enough) the bar.
std::size_t gutter(const Shown& s) {
    return 1 + 1 + 10 + 2 + bound_column + 2 + 6 + 2 + (s.estimates ? estimate_column + 2 : 0) + line_column + 2 +
           (with_bar() ? bar_width + 2 : 0);
}

/// "↓42" (42 times more rows than planned), "↑3.0" (fewer), "" when exact;
/// "?" marks PostgreSQL's default guesses, which are no information.
std::string estimate_text(const std::optional<RowEstimate>& e) {
    if (!e || e->factor < 1.05) return {};
    const double f = e->factor;
    const std::string size = f < 10     ? fmt::format("{:.1f}", f)
                             : f < 1e3  ? fmt::format("{:.0f}", f)
                             : f < 1e6  ? fmt::format("{:.{}f}k", f / 1e3, f < 1e4 ? 1 : 0)
                                        : fmt::format("{:.{}f}M", f / 1e6, f < 1e7 ? 1 : 0);
    return fmt::format("{}{}{}", e->under ? "↓" : "↑", size, e->default_guess ? "?" : "");
}

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
    append_heading(out, head, s.colours);
    for (const Finding& f : findings_of(s, no_node)) append_finding(out, f, 2, s.colours);
    out += fmt::format("{}  {:>10}  {:>{}}  {:>6}  {}{:>{}}  {}node{}\n", s.colours.dim,
                       s.profile.basis == TimeBasis::actual_time ? "self ms" : "self cost", "± bound", bound_column,
                       "share", s.estimates ? fmt::format("{:>{}}  ", "rows", estimate_column) : "", "line",
                       line_column, with_bar() ? fmt::format("{:<{}}  ", "bar", bar_width) : "", s.colours.reset);
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

/// "shared hit 1,608 read 17,142 (8.6% hit), temp read 50,641 written 50,814": the non-zero counters.
/// A buffer or WAL counter with its thousands grouped.
std::string grouped(std::int64_t n) { return analysis::grouped_count(static_cast<double>(n)); }

std::string buffers_text(const BufferCounters& b) {
    std::vector<std::string> parts;
    auto area = [&](std::string_view name, std::initializer_list<std::pair<std::string_view, std::int64_t>> counts) {
        std::string text;
        for (const auto& [what, n] : counts)
            if (n > 0) text += fmt::format("{}{} {}", text.empty() ? "" : " ", what, grouped(n));
        if (!text.empty()) parts.push_back(fmt::format("{} {}", name, text));
    };
    area("shared", {{"hit", b.shared_hit}, {"read", b.shared_read}, {"dirtied", b.shared_dirtied},
                    {"written", b.shared_written}});
    if (const auto ratio = cache_hit_ratio(b); ratio && b.shared_read > 0)
        parts.back() += fmt::format(" ({:.1f}% hit)", 100 * *ratio);
    area("local", {{"hit", b.local_hit}, {"read", b.local_read}, {"dirtied", b.local_dirtied},
                   {"written", b.local_written}});
    area("temp", {{"read", b.temp_read}, {"written", b.temp_written}});
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string wal_text(const WalCounters& w) {
    if (w.records == 0 && w.fpi == 0 && w.bytes == 0) return {};
    std::string text = fmt::format("WAL {} records", grouped(w.records));
    if (w.fpi > 0) text += fmt::format(", {} full page images", grouped(w.fpi));
    text += fmt::format(", {} bytes", grouped(w.bytes));
    if (w.buffers_full > 0) text += fmt::format(", WAL buffers full {} times", grouped(w.buffers_full));
    return text;
}

constexpr std::string_view untimed_temp_text =
    "its temp file I/O is not timed (I/O Timings include temp files from PostgreSQL 15), so whether it is I/O-bound "
    "is not known";

/// What a node itself did to buffers, WAL and I/O (exclusive_io(): PostgreSQL's
/// figures include the children's), and with track_io_timing whether its own
/// time went to I/O or to CPU. Empty when it did none of it.
std::string io_text(const Shown& s, NodeId id) {
    if (id >= s.io.nodes.size()) return {};
    const NodeIo& own = s.io[id];
    std::vector<std::string> parts;
    if (std::string b = buffers_text(own.buffers); !b.empty()) parts.push_back("own buffers: " + b);
    if (std::string w = wal_text(own.wal); !w.empty()) parts.push_back(std::move(w));
    const NodeTime& t = s.profile[id];
    const double io_ms = (own.io_read_ms + own.io_write_ms) / std::max(t.processes, 1.0);
    const bool untimed_temp = !s.io.temp_io_timing && (own.buffers.temp_read > 0 || own.buffers.temp_written > 0);
    if (const auto wait = io_wait_share(s.io, s.profile, id); wait && io_ms >= 0.001 && !untimed_temp)
        parts.push_back(fmt::format("I/O {:.3f} of its {:.3f} ms ({:.1f}%): {}", io_ms, t.self, 100 * *wait,
                                    *wait >= io_bound_share ? "I/O-bound" : "CPU-bound"));
    else if (s.io.io_timing && untimed_temp)
        parts.emplace_back(untimed_temp_text);
    return fmt::format("{}", fmt::join(parts, "; "));
}

/// Columns per level: PostgreSQL's 3 where the deepest node still leaves
/// min_label for its name, else as few as that takes (at least 1), so a
/// narrow terminal still shows every level of the tree.
std::size_t tree_step(const Shown& s) {
    std::uint32_t depth = 0;
    for (const Node& n : s.plan.nodes) depth = std::max(depth, n.depth);
    const std::size_t fixed = gutter(s) + 3 + min_label;
    const std::size_t room = line_width() > fixed ? line_width() - fixed : 0;
    return depth == 0 ? 3 : std::clamp<std::size_t>(room / depth, 1, 3);
}

void append_node(std::string& out, NodeId id, const Shown& s) {
    const Node& n = s.plan.nodes[id];
    const NodeTime& t = s.profile[id];
    const std::size_t width = line_width(), gutter_width = gutter(s);
    const std::size_t arrow = n.depth > 0 ? 3 : 0;
    const std::size_t deepest = width > gutter_width + arrow + min_label ? width - gutter_width - arrow - min_label : 0;
    const std::size_t indent = std::min({s.indent_step * n.depth, deepest, max_indent});
    if (!n.subplan_name.empty()) {
        std::string text;  // coloured after wrapping, so escapes never count as columns
        append_wrapped(text, n.subplan_name, std::min(gutter_width + indent, width / 2));
        text.pop_back();
        out.append(s.colours.dim).append(text).append(s.colours.reset) += '\n';
    }

    std::string label(s.plan.header_text(n));
    if (t.loops > 1) label += fmt::format(" (loops={})", t.loops);
    if (t.rounded) label += " [rounding]";
    if (t.inconsistent) label += " [inconsistent: see notes]";
    // A label too long for its line wraps under itself, after the arrow: nothing is cut.
    const std::size_t room = std::max<std::size_t>(width - std::min(width, gutter_width + indent + arrow), 10);
    const std::vector<std::string> lines = wrap(label, room);

    const auto severity = worst(s, id);
    const std::string_view colour = severity ? colour_of(*severity, s.colours) : std::string_view{};
    const bool ms = s.profile.basis == TimeBasis::actual_time;
    const std::string estimate =
        s.estimates ? fmt::format("{:>{}}  ", estimate_text(row_estimate(s.plan, id)), estimate_column) : "";
    out += fmt::format("{}{}{} {:>10}  {:>{}}  {:>5.1f}%  {}{:>{}}  {}{}{}{}\n", colour, marker(severity),
                       severity ? s.colours.reset : "", figure(s.profile, t.self),
                       bound_text(t.self_error, ms), bound_column,
                       100 * t.share, estimate, n.source_line, line_column,
                       with_bar() ? bar(t.share, bar_width) + "  " : "", std::string(indent, ' '),
                       n.depth > 0 ? "-> " : "", lines.empty() ? std::string() : lines.front());
    for (std::size_t i = 1; i < lines.size(); ++i)
        out.append(gutter_width + indent + arrow, ' ').append(lines[i]) += '\n';
    if (const std::string io = io_text(s, id); !io.empty()) {
        std::string text;  // coloured after wrapping, so escapes never count as columns
        append_wrapped(text, io, std::min(gutter_width + indent + 3, width / 2));
        text.pop_back();
        out.append(s.colours.dim).append(text).append(s.colours.reset) += '\n';
    }
    for (const Finding& f : findings_of(s, id))
        append_finding(out, f, std::min(gutter_width + indent + 3, width / 2), s.colours);
}

void append_rollup(std::string& out, std::string_view title, const std::vector<Rollup>& lines, const Shown& s) {
    if (lines.empty()) return;
    std::string text = fmt::format("by {}:", title);
    for (std::size_t i = 0; i < lines.size() && i < 6; ++i)
        text += fmt::format("{} {} {}{} ({:.1f}%)", i == 0 ? "" : ",", lines[i].key, figure(s.profile, lines[i].self),
                            unit(s.profile), 100 * lines[i].share);
    append_wrapped(out, text, 2);
}

void append_buffer_rollup(std::string& out, std::string_view title, const std::vector<BufferRollup>& lines,
                          const Shown& s) {
    if (lines.empty()) return;
    std::string text = fmt::format("buffers by {}:", title);
    for (std::size_t i = 0; i < lines.size() && i < 6; ++i) {
        const BufferRollup& r = lines[i];
        const std::string b = buffers_text(r.buffers);
        text += fmt::format("{} {} {}", i == 0 ? "" : ";", r.key, b.empty() ? "none" : b);
        if (s.io.io_timing && r.io_ms >= 0.001) text += fmt::format(", I/O {:.3f} ms", r.io_ms);
    }
    append_wrapped(out, text, 2);
}

/// The plan's buffers, cache hit ratio, WAL, and the time its nodes spent in
/// I/O against the rest (CPU), which decides whether it is an I/O problem.
void append_io_summary(std::string& out, const Shown& s) {
    if (!s.io.buffers && !s.io.io_timing && !s.io.wal) return;
    std::vector<std::string> parts;
    if (s.io.buffers) parts.push_back(fmt::format("buffers: {}", buffers_text(s.io.total)));
    if (std::string w = wal_text(s.io.wal_total); !w.empty()) parts.push_back(std::move(w));
    if (s.io.io_timing && s.profile.basis == TimeBasis::actual_time && s.profile.total > 0) {
        // Per process, as the nodes' time is.
        double io_ms = 0;
        for (NodeId id = 0; id < s.io.nodes.size() && id < s.profile.nodes.size(); ++id)
            io_ms += (s.io[id].io_read_ms + s.io[id].io_write_ms) / std::max(s.profile[id].processes, 1.0);
        const double share = std::min(1.0, io_ms / s.profile.total);
        const bool untimed_temp = !s.io.temp_io_timing && (s.io.total.temp_read > 0 || s.io.total.temp_written > 0);
        if (untimed_temp)  // the share would leave out the temp files: no verdict
            parts.push_back(fmt::format("I/O {:.3f} ms of {:.3f} ms ({:.1f}%) without the temp files: {}", io_ms,
                                        s.profile.total, 100 * share, untimed_temp_text));
        else
            parts.push_back(fmt::format("I/O {:.3f} ms of {:.3f} ms ({:.1f}%), the rest CPU: {}", io_ms,
                                        s.profile.total, 100 * share, share >= io_bound_share ? "I/O-bound" : "CPU-bound"));
    }
    if (!parts.empty()) append_wrapped(out, fmt::format("{}", fmt::join(parts, "; ")), 2);
}

void append_plan(std::string& out, std::size_t number, const FoundPlan& found, const Palette& colours) {
    const Plan& plan = *found.plan;
    const TimeProfile profile = exclusive_time(plan);
    std::vector<Finding> findings = find_problems(plan, profile);
    std::ranges::stable_sort(findings, {}, &Finding::node);
    const IoProfile io = exclusive_io(plan);
    Shown s{plan, profile, io, findings, colours, has_estimates(plan)};
    s.indent_step = tree_step(s);
    append_header(out, number, found, s);
    for (NodeId id = 0; id < plan.nodes.size(); ++id) append_node(out, id, s);
    append_rollup(out, "relation", time_by_relation(plan, profile), s);
    append_rollup(out, "operation", time_by_operation_class(plan, profile), s);
    append_io_summary(out, s);
    append_buffer_rollup(out, "relation", buffers_by_relation(plan, io), s);
    append_buffer_rollup(out, "index", buffers_by_index(plan, io), s);
    for (const std::string& note : profile.notes) append_wrapped(out, "note: " + note, 2);
    const std::vector<Advice> advice = advise(plan, profile);
    if (!advice.empty()) {
        out += "  advice:\n";
        advice::append_text(out, plan, advice, 2, line_width());
    }
}

// ---- JSON ------------------------------------------------------------------

void finding_records(detail::JsonWriter& w, std::span<const Finding> findings) {
    w.begin_array();
    for (const Finding& f : findings) {
        w.begin_object();
        w.member("rule", f.rule);
        w.member("severity", to_string(f.severity));
        w.member("message", f.message);
        w.end_object();
    }
    w.end_array();
}

void rollup_records(detail::JsonWriter& w, std::string_view key, const std::vector<Rollup>& lines, int decimals) {
    w.key(key);
    w.begin_array();
    for (const Rollup& r : lines) {
        w.begin_object();
        w.member("key", r.key);
        w.member_number("exclusive", r.self, decimals);
        w.member_number("share", r.share, 4);
        w.member_integer("nodes", static_cast<std::int64_t>(r.nodes));
        w.end_object();
    }
    w.end_array();
}

/// Roll-ups of exclusive buffers: [] without BUFFERS and I/O Timings.
void buffer_rollup_records(detail::JsonWriter& w, std::string_view key, const std::vector<BufferRollup>& lines,
                           const IoProfile& io) {
    w.key(key);
    w.begin_array();
    for (const BufferRollup& r : lines) {
        w.begin_object();
        w.member("key", r.key);
        w.member_integer("shared_hit", r.buffers.shared_hit);
        w.member_integer("shared_read", r.buffers.shared_read);
        w.member_integer("temp_read", r.buffers.temp_read);
        w.member_integer("temp_written", r.buffers.temp_written);
        w.key("cache_hit_ratio");
        if (const auto ratio = cache_hit_ratio(r.buffers)) w.number(*ratio, 4); else w.null();
        w.key("io_ms");
        io.io_timing ? w.number(r.io_ms, 3) : w.null();
        w.member_integer("nodes", static_cast<std::int64_t>(r.nodes));
        w.end_object();
    }
    w.end_array();
}

void node_record(detail::JsonWriter& w, NodeId id, const Shown& s) {
    const Node& n = s.plan.nodes[id];
    const NodeTime& t = s.profile[id];
    const bool timed = s.profile.basis == TimeBasis::actual_time;
    w.begin_object();
    detail::node_identity(w, s.plan, id);
    w.member_integer("depth", n.depth);
    w.key("parent");
    n.parent == no_node ? w.null() : w.integer(n.parent);
    w.key("subplan_name");
    n.subplan_name.empty() ? w.null() : w.string(n.subplan_name);
    w.key("exclusive_ms");
    timed ? w.number(t.self, 3) : w.null();
    w.key("exclusive_ms_error");
    timed ? w.number(t.self_error, 4) : w.null();
    w.key("inclusive_ms");
    timed ? w.number(t.total, 3) : w.null();
    w.member_number("share", t.share, 4);
    w.key("loops");
    n.actuals ? w.number(t.loops, 0) : w.null();
    w.key("row_estimate");
    if (const auto e = row_estimate(s.plan, id)) {
        w.begin_object();
        w.member_number("planned", e->planned, 0);
        w.member_number("actual", e->actual, 0);
        w.member_number("factor", e->factor, 2);
        w.member("direction", e->factor < 1.0005 ? "exact" : e->under ? "under" : "over");
        w.member_bool("default_guess", e->default_guess);
        w.end_object();
    } else {
        w.null();
    }
    analysis::append_exclusive_buffers(w, s.io, id);
    w.key("io_ms");
    s.io.io_timing ? w.number(s.io[id].io_read_ms + s.io[id].io_write_ms, 3) : w.null();
    w.key("wal");
    if (s.io.wal) {
        w.begin_object();
        w.member_integer("records", s.io[id].wal.records);
        w.member_integer("fpi", s.io[id].wal.fpi);
        w.member_integer("bytes", s.io[id].wal.bytes);
        w.end_object();
    } else {
        w.null();
    }
    w.key("findings");
    finding_records(w, findings_of(s, id));
    w.end_object();
}

void json_members(detail::JsonWriter& w, const FoundPlan& found) {
    const Plan& plan = *found.plan;
    const TimeProfile profile = exclusive_time(plan);
    std::vector<Finding> findings = find_problems(plan, profile);
    std::ranges::stable_sort(findings, {}, &Finding::node);
    const Palette plain = palette(false);
    const IoProfile io = exclusive_io(plan);
    const Shown s{plan, profile, io, findings, plain, has_estimates(plan)};
    const bool timed = profile.basis == TimeBasis::actual_time;
    w.member("basis", timed ? "actual_time" : "cost");
    w.member_number("total", profile.total, timed ? 3 : 2);
    w.key("nodes");
    w.begin_array();
    for (NodeId id = 0; id < plan.nodes.size(); ++id) node_record(w, id, s);
    w.end_array();
    w.key("findings");
    finding_records(w, findings_of(s, no_node));
    rollup_records(w, "by_relation", time_by_relation(plan, profile), timed ? 3 : 2);
    rollup_records(w, "by_operation", time_by_operation_class(plan, profile), timed ? 3 : 2);
    buffer_rollup_records(w, "buffers_by_relation", buffers_by_relation(plan, io), io);
    buffer_rollup_records(w, "buffers_by_index", buffers_by_index(plan, io), io);
    w.key("notes");
    w.begin_array();
    for (const std::string& note : profile.notes) w.string(note);
    w.end_array();
    w.key("advice");
    advice::append_records(w, plan, advise(plan, profile));
}

void report_error(std::string_view path, const Error& error) {
    fmt::print(stderr, "{}:{}:{}: {}\n", display_name(path), error.position.line, error.position.column, error.message);
}

}  // namespace

int show(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("show", argv, {"--plan", "--jobs"}, {"--json"});
    if (!args) return Exit::usage;
    const auto jobs = jobs_option("show", *args);
    if (!jobs) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("show", "expected one input FILE or -");
    std::size_t only = 0;
    if (const auto value = args->value("--plan")) {
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), only);
        if (ec != std::errc{} || end != value->data() + value->size() || only == 0)
            return usage_error("show", "--plan needs a plan number, 1 or more");
    }
    const std::string_view path = args->positionals()[0];
    const bool json = args->flag("--json");
    // one plan at a time, each written as it is annotated; only the chosen
    // plan's errors (and, as text, its warnings) are reported
    std::optional<PlanArrayWriter> array;
    if (json) array.emplace(json_members);
    const Palette colours = palette(wants_colour(stdout));
    std::string out;
    bool failed = false, first = true;
    const auto scanned = each_plan(path, *jobs,
        [&](std::size_t index, const FoundPlan& found) {
            if (only != 0 && index != only) return;
            if (found.error) report_error(path, *found.error), failed = true;
            if (array) return array->add(index, found);
            if (!found.plan) return;
            report_warnings(path, *found.plan);
            failed |= !found.plan->warnings.empty();
            if (!first) out += '\n';
            first = false;
            append_plan(out, index, found, colours);
            write_out(out);
            out.clear();
        },
        Reports::none);
    if (!scanned) return json ? no_json_input() : Exit::failure;
    if (scanned->plans == 0) {
        if (json) write_out("[]\n");  // still valid JSON (docs/json.md)
        return no_plan(path);
    }
    if (only > scanned->plans) {
        fmt::print(stderr, "{}: no plan {} (found {})\n", display_name(path), only, scanned->plans);
        return json ? no_json_input() : Exit::failure;
    }
    if (array) array->finish();
    return failed ? Exit::failure : Exit::ok;
}

}  // namespace planlens::cli

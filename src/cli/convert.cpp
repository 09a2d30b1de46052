// planlens convert --to pg-json|text FILE|-
#include "cli/cli.hpp"
#include "cli/json_output.hpp"

#include <planlens/folded.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <fmt/format.h>

#include <charconv>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens convert --to pg-json|text|folded [--jobs N] FILE|-

Finds every plan in FILE (a bare plan, a psql session, a markdown writeup,
a CSV export, a server log; - reads standard input) and prints it:
  --to pg-json   a JSON array shaped like PostgreSQL's EXPLAIN (FORMAT JSON),
                 one element per plan, in document order
  --to text      each plan's lines as PostgreSQL printed them, plans
                 separated by one blank line
  --to folded    folded stacks of exclusive time for flamegraph.pl, inferno
                 or speedscope: one line per node, "root;child;...;node N",
                 N in microseconds (hundredths of a cost unit for a plan
                 without timing); a plan's counts add up to its total time.
                 With several plans, each stack starts with "plan K"
  --server-version N
                 the major version of the server that printed the plans
                 (12 ... 18): where EXPLAIN's JSON differs between versions,
                 print that version's; by default it is inferred from the text

Plans that fail to parse are reported as FILE:LINE:COL: message on stderr;
the others are still printed. What a plan was recovered from (a line kept
unparsed, a tree rebuilt from arrows) is FILE:LINE:COL: warning: message.

--jobs N parses the plans on N threads (default: the cores available; a
document under 1 MiB is read on one); the output is the same for any N.

Exit status: 0 ok, 1 no plan, a parse error or a warning, 2 usage.
)";

/// Folded output written a plan at a time. Whether stacks carry "plan K" is
/// known once a second plan is found, so the first plan's are held till then,
/// both ways (the plan itself is gone once the scan moves on).
class FoldedWriter {
public:
    explicit FoldedWriter(std::string_view path) : path_(path) {}

    void add(std::size_t index, const FoundPlan& found) {
        if (index == 2) write_out(first_labelled_), first_alone_.clear();
        if (!found.plan) return;
        const TimeProfile profile = exclusive_time(*found.plan);
        if (profile.basis == TimeBasis::cost)
            fmt::print(stderr, "{}:{}: plan {} has no timing: its counts are hundredths of a planner cost unit\n",
                       display_name(path_), found.first_line, index);
        const std::string label = fmt::format("plan {}", index);
        if (index > 1) {
            std::string out;
            append_folded(out, *found.plan, profile, label);
            return write_out(out);
        }
        append_folded(first_alone_, *found.plan, profile, {});
        append_folded(first_labelled_, *found.plan, profile, label);
    }
    void finish() { write_out(first_alone_); }

private:
    std::string_view path_;
    std::string first_alone_, first_labelled_;
};

}  // namespace

int convert(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("convert", argv, {"--to", "--server-version", "--jobs"}, {});
    if (!args) return Exit::usage;
    const auto jobs = jobs_option("convert", *args);
    if (!jobs) return Exit::usage;
    const auto to = args->value("--to");
    if (!to || (*to != "pg-json" && *to != "text" && *to != "folded"))
        return usage_error("convert", "--to pg-json, --to text or --to folded is required");
    if (args->positionals().size() != 1) return usage_error("convert", "expected one input FILE or -");
    PgJsonOptions options;
    if (const auto version = args->value("--server-version")) {
        const auto end = version->data() + version->size();
        const auto [ptr, ec] = std::from_chars(version->data(), end, options.server_version);
        if (ec != std::errc{} || ptr != end || options.server_version < 8 || options.server_version > 99)
            return usage_error("convert", "--server-version takes a major version such as 13");
    }
    const std::string_view path = args->positionals()[0];

    // one plan at a time, each written as it is converted
    std::string out;
    std::size_t converted = 0;
    FoldedWriter folded_writer(path);
    const auto scanned = each_plan(path, *jobs, [&](std::size_t index, const FoundPlan& found) {
        if (*to == "folded") return folded_writer.add(index, found);
        if (!found.plan) return;
        if (*to == "pg-json") {
            out += converted == 0 ? "[\n  " : ",\n  ";  // the array PostgreSQL prints (to_pg_json)
            append_pg_json(out, *found.plan, 1, options);
        } else {
            if (converted > 0) out += '\n';
            append_text(out, *found.plan);
        }
        ++converted;
        write_out(out);
        out.clear();
    });
    if (!scanned) return *to == "pg-json" ? no_json_input() : Exit::failure;
    if (*to == "pg-json") write_out(converted == 0 ? "[]\n" : "\n]\n");  // "[]" without a plan: still valid JSON
    if (*to == "folded") folded_writer.finish();
    return scanned->plans == 0 ? no_plan(path) : exit_code(*scanned);
}

}  // namespace planlens::cli

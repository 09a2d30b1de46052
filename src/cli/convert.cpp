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

constexpr std::string_view help = R"(usage: planlens convert --to pg-json|text|folded FILE|-

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
Exit status: 0 ok, 1 no plan, a parse error or a warning, 2 usage.
)";

std::string folded(std::string_view path, const Document& doc) {
    std::string out;
    const auto found = doc.plans();
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (!found[i].plan) continue;
        const TimeProfile profile = exclusive_time(*found[i].plan);
        if (profile.basis == TimeBasis::cost)
            fmt::print(stderr, "{}:{}: plan {} has no timing: its counts are hundredths of a planner cost unit\n",
                       display_name(path), found[i].first_line, i + 1);
        append_folded(out, *found[i].plan, profile, found.size() > 1 ? fmt::format("plan {}", i + 1) : std::string());
    }
    return out;
}

}  // namespace

int convert(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("convert", argv, {"--to", "--server-version"}, {});
    if (!args) return Exit::usage;
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

    const auto doc = load(path);
    if (!doc) return *to == "pg-json" ? no_json_input() : Exit::failure;
    report_errors(path, *doc);

    std::vector<const Plan*> plans;
    for (const FoundPlan& found : doc->plans())
        if (found.plan) plans.push_back(&*found.plan);
    if (*to == "pg-json") write_out(to_pg_json(plans, options));  // "[]" without a plan: still valid JSON
    if (doc->plans().empty()) return no_plan(path);

    if (*to == "folded") {
        write_out(folded(path, *doc));
    } else if (*to == "text") {
        std::string out;
        for (std::size_t i = 0; i < plans.size(); ++i) {
            if (i > 0) out += '\n';
            append_text(out, *plans[i]);
        }
        write_out(out);
    }
    return exit_code(*doc);
}

}  // namespace planlens::cli

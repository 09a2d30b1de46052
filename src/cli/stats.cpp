// planlens stats [--json] FILE|-
// Parses everything and prints counts only: the parse-only path benchmarks use.
#include "cli/cli.hpp"
#include "cli/json_output.hpp"

#include <fmt/format.h>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens stats [--json] [--jobs N] FILE|-

Parses every plan in FILE (- reads standard input) and prints counts only:
plans found, nodes, plan lines, input bytes and plans that failed to parse.

  --json   a JSON array with one plan element per plan (docs/json.md), each
           with "node_count" and "line_count"; a plan that did not parse has
           "error": {"line", "column", "message"} instead

--jobs N parses the plans on N threads (default: the cores available; a
document under 1 MiB is read on one); the output is the same for any N.

Exit status: 0 ok, 1 no plan, a parse error or a warning, 2 usage.
)";

}  // namespace

int stats(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("stats", argv, {"--jobs"}, {"--json"});
    if (!args) return Exit::usage;
    const auto jobs = jobs_option("stats", *args);
    if (!jobs) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("stats", "expected one input FILE or -");
    const std::string_view path = args->positionals()[0];
    const bool json = args->flag("--json");
    // one plan at a time: the counts need nothing else
    std::size_t nodes = 0, lines = 0;
    std::optional<PlanArrayWriter> array;
    if (json)
        array.emplace([](detail::JsonWriter& w, const FoundPlan& found) {
            w.member_integer("node_count", static_cast<std::int64_t>(found.plan->nodes.size()));
            w.member_integer("line_count", static_cast<std::int64_t>(found.plan->lines.size()));
        });
    const auto scanned = each_plan(path, *jobs, [&](std::size_t index, const FoundPlan& found) {
        if (array) array->add(index, found);
        if (!found.plan) return;
        nodes += found.plan->nodes.size();
        lines += found.plan->lines.size();
    });
    if (!scanned) return json ? no_json_input() : Exit::failure;
    if (array) array->finish();
    else
        fmt::print("plans {}\nnodes {}\nlines {}\nbytes {}\nerrors {}\n", scanned->plans, nodes, lines, scanned->bytes,
                   scanned->errors);
    return scanned->plans == 0 ? no_plan(path) : exit_code(*scanned);
}

}  // namespace planlens::cli

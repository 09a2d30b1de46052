// planlens advise [--json] FILE|-
#include "cli/cli.hpp"
#include "cli/json_output.hpp"
#include "cli/terminal.hpp"

#include "advice/advice_json.hpp"

#include <planlens/advice.hpp>

#include <fmt/format.h>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens advise [--json] [--jobs N] FILE|-

Reads every plan in FILE (- reads standard input) and says, from the plan
alone, which index would help and why an index would not: selective filters
on large tables, filters no index can serve as written, nested loops that
rescan a table, sorts an index order could provide, spills to disk, lossy
bitmaps, heap fetches of index-only scans, row mis-estimates, and work that
is inherent in the query. Each piece of advice cites the plan's numbers and
gives a statement to run (CREATE INDEX, SET work_mem, VACUUM, ANALYZE, ...).
The rules and their thresholds are documented in docs/advice.md.

  --json   a JSON array with one plan element per plan in document order
           (docs/json.md), each with "advice": records {"rule", "node",
           "also", "confidence", "relation", "evidence", "action",
           "statement", "columns"}; "node" is the node's identity (id, line,
           node_type, name, relation, alias, index) or null; a plan that did
           not parse has "error": {"line", "column", "message"} instead

Plans that fail to parse are reported as FILE:LINE:COL: message on stderr.

--jobs N parses the plans on N threads (default: the cores available; a
document under 1 MiB is read on one); the output is the same for any N.

Exit status: 0 ok, 1 no plan, a parse error or a warning, 2 usage.
)";

void append_plan(std::string& out, std::size_t index, const FoundPlan& found) {
    append_wrapped(out, fmt::format("plan {} (line {}){}{}", index, found.first_line, found.heading.empty() ? "" : ": ",
                                    found.heading), 0, 2);
    const std::vector<Advice> advice = advise(*found.plan);
    if (advice.empty())
        append_wrapped(out, "no advice: nothing in this plan points at an index, a setting or statistics", 2);
    advice::append_text(out, *found.plan, advice, 2, line_width());
}

void json_members(detail::JsonWriter& w, const FoundPlan& found) {
    w.key("advice");
    advice::append_records(w, *found.plan, advise(*found.plan));
}

}  // namespace

int advise(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("advise", argv, {"--jobs"}, {"--json"});
    if (!args) return Exit::usage;
    const auto jobs = jobs_option("advise", *args);
    if (!jobs) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("advise", "expected one input FILE or -");
    const std::string_view path = args->positionals()[0];
    const bool json = args->flag("--json");
    // one plan at a time, each written as it is advised on
    return write_each_plan(path, *jobs, json, json_members, append_plan);
}

}  // namespace planlens::cli

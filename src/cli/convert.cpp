// planlens convert --to pg-json|text FILE|-
#include "cli/cli.hpp"

#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <fmt/format.h>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens convert --to pg-json|text FILE|-

Finds every plan in FILE (a bare plan, a psql session, a markdown writeup,
a CSV export, a server log; - reads standard input) and prints it:
  --to pg-json   a JSON array shaped like PostgreSQL's EXPLAIN (FORMAT JSON),
                 one element per plan, in document order
  --to text      each plan's lines as PostgreSQL printed them, plans
                 separated by one blank line

Plans that fail to parse are reported as FILE:LINE:COL: message on stderr;
the others are still printed. What a plan was recovered from (a line kept
unparsed, a tree rebuilt from arrows) is FILE:LINE:COL: warning: message.
Exit status: 0 ok, 1 no plan, a parse error or a warning, 2 usage.
)";

}  // namespace

int convert(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("convert", argv, {"--to"}, {});
    if (!args) return Exit::usage;
    const auto to = args->value("--to");
    if (!to || (*to != "pg-json" && *to != "text")) return usage_error("convert", "--to pg-json or --to text is required");
    if (args->positionals().size() != 1) return usage_error("convert", "expected one input FILE or -");
    const std::string_view path = args->positionals()[0];

    const auto doc = load(path);
    if (!doc) return Exit::failure;
    report_errors(path, *doc);

    std::vector<const Plan*> plans;
    for (const FoundPlan& found : doc->plans())
        if (found.plan) plans.push_back(&*found.plan);
    if (doc->plans().empty()) return no_plan(path);

    if (*to == "pg-json") {
        write_out(to_pg_json(plans));
    } else {
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

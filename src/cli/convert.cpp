// planlens convert --to pg-json|text FILE|-
#include "cli/cli.hpp"

#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <fmt/format.h>

#include <charconv>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens convert --to pg-json|text FILE|-

Finds every plan in FILE (a bare plan, a psql session, a markdown writeup,
a CSV export, a server log; - reads standard input) and prints it:
  --to pg-json   a JSON array shaped like PostgreSQL's EXPLAIN (FORMAT JSON),
                 one element per plan, in document order
  --to text      each plan's lines as PostgreSQL printed them, plans
                 separated by one blank line
  --server-version N
                 the major version of the server that printed the plans
                 (12 ... 18): where EXPLAIN's JSON differs between versions,
                 print that version's; by default it is inferred from the text

Plans that fail to parse are reported as FILE:LINE:COL: message on stderr;
the others are still printed. Exit status: 0 ok, 1 no plan or a parse error,
2 usage.
)";

}  // namespace

int convert(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("convert", argv, {"--to", "--server-version"}, {});
    if (!args) return Exit::usage;
    const auto to = args->value("--to");
    if (!to || (*to != "pg-json" && *to != "text")) return usage_error("convert", "--to pg-json or --to text is required");
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
    if (!doc) return Exit::failure;
    report_errors(path, *doc);

    std::vector<const Plan*> plans;
    for (const FoundPlan& found : doc->plans())
        if (found.plan) plans.push_back(&*found.plan);
    if (doc->plans().empty()) return no_plan(path);

    if (*to == "pg-json") {
        write_out(to_pg_json(plans, options));
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

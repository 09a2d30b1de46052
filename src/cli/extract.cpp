// planlens extract [--json] FILE|-
#include "cli/cli.hpp"

#include "render/json_writer.hpp"

#include <planlens/node_kind.hpp>

#include <fmt/format.h>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens extract [--json] FILE|-

Lists every plan found in FILE (- reads standard input), one line per plan:
its number, the document lines it spans (from the root node's line to the
plan's last line), the paste style, the root node, planning and execution
time, and the nearest heading above it.

  --json   one JSON object per line: {"index", "first_line", "last_line",
           "style", "root", "planning_ms", "execution_ms", "heading", "sql",
           "nodes", "error"}; index counts from 1 like FILE#N elsewhere.

Exit status: 0 ok, 1 no plan or a parse error, 2 usage.
)";

std::string_view root_type(const FoundPlan& found) {
    if (!found.plan) return {};
    const Node& root = found.plan->root();
    return root.kind == NodeKind::unknown ? root.name : to_string(root.kind);
}

void optional_ms(detail::JsonWriter& w, std::string_view key, std::optional<double> ms) {
    w.key(key);
    if (ms) w.number(*ms, 3);
    else w.null();
}

std::string json_line(std::size_t index, const FoundPlan& found) {
    std::string out;
    detail::JsonWriter w(out, detail::JsonWriter::Style::compact);
    w.begin_object();
    w.member_integer("index", static_cast<std::int64_t>(index));
    w.member_integer("first_line", found.first_line);
    w.member_integer("last_line", found.last_line);
    w.member("style", to_string(found.style));
    w.member("format", to_string(found.format));
    w.key("root");
    if (found.plan) w.string(root_type(found));
    else w.null();
    optional_ms(w, "planning_ms", found.plan ? found.plan->planning_time : std::nullopt);
    optional_ms(w, "execution_ms", found.plan ? found.plan->execution_time : std::nullopt);
    w.member("heading", found.heading);
    w.member("sql", found.sql);
    w.member_integer("nodes", found.plan ? static_cast<std::int64_t>(found.plan->nodes.size()) : 0);
    w.key("error");
    if (found.error)
        w.string(fmt::format("{}:{}: {}", found.error->position.line, found.error->position.column, found.error->message));
    else
        w.null();
    w.end_object();
    out += '\n';
    return out;
}

/// " json" beside the paste style for EXPLAIN's structured formats.
std::string format_note(const FoundPlan& found) {
    return found.format == PlanFormat::text ? std::string() : " " + std::string(to_string(found.format));
}

std::string text_line(std::size_t index, const FoundPlan& found) {
    auto ms = [](std::optional<double> v) { return v ? fmt::format("{:.3f} ms", *v) : std::string("-"); };
    if (!found.plan)
        return fmt::format("#{}  lines {}-{}  {}{}  error: {}\n", index, found.first_line, found.last_line,
                           to_string(found.style), format_note(found), found.error ? found.error->message : "");
    return fmt::format("#{}  lines {}-{}  {}{}  {}  planning {}  execution {}{}{}\n", index, found.first_line,
                       found.last_line, to_string(found.style), format_note(found), root_type(found), ms(found.plan->planning_time),
                       ms(found.plan->execution_time), found.heading.empty() ? "" : "  ", found.heading);
}

}  // namespace

int extract(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("extract", argv, {}, {"--json"});
    if (!args) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("extract", "expected one input FILE or -");
    const std::string_view path = args->positionals()[0];
    const auto doc = load(path);
    if (!doc) return Exit::failure;
    if (doc->plans().empty()) return no_plan(path);
    report_errors(path, *doc);
    std::string out;
    std::size_t index = 0;
    for (const FoundPlan& found : doc->plans())
        out += args->flag("--json") ? json_line(++index, found) : text_line(++index, found);
    write_out(out);
    return exit_code(*doc);
}

}  // namespace planlens::cli

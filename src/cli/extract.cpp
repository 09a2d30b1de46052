// planlens extract [--json] FILE|-
#include "cli/cli.hpp"

#include "cli/json_output.hpp"
#include "cli/terminal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens extract [--json] [--jobs N] FILE|-

Lists every plan found in FILE (- reads standard input), one line per plan:
its number, the document lines it spans (from the root node's line to the
plan's last line), the paste style, the root node, planning and execution
time, and the nearest heading above it. What does not fit the terminal's
width goes on indented lines below, wrapped at spaces.

  --json   one JSON object per line and plan (JSON Lines), the plan element
           every --json verb prints (docs/json.md): {"planlens", "index",
           "first_line", "last_line", "style", "root", "planning_ms",
           "execution_ms", "heading", "sql", "error", "warnings", "node_count"};
           index counts from 1 like FILE#N elsewhere; a plan that did not
           parse has "error": {"line", "column", "message"}; "warnings" lists
           what a plan was recovered from, located the same way. With no
           plan: the line [].

--jobs N parses the plans on N threads (default: the cores available; a
document under 1 MiB is read on one); the output is the same for any N.

Exit status: 0 every plan read cleanly, 1 no plan, a parse error or a plan
read with warnings (on standard error), 2 usage.
)";

std::string_view root_type(const FoundPlan& found) { return found.plan ? node_type(found.plan->root()) : ""; }

void node_count(detail::JsonWriter& w, const FoundPlan& found) {
    w.member_integer("node_count", static_cast<std::int64_t>(found.plan->nodes.size()));
}

/// One plan element (docs/json.md) on one line: the JSON Lines of the contract.
std::string json_line(std::size_t index, const FoundPlan& found) {
    std::string out;
    detail::JsonWriter w(out, detail::JsonWriter::Style::compact);
    plan_element(w, index, found, node_count);
    out += '\n';
    return out;
}

/// " json" beside the paste style for EXPLAIN's structured formats.
std::string format_note(const FoundPlan& found) {
    return found.format == PlanFormat::text ? std::string() : fmt::format(" {}", to_string(found.format));
}

/// Fields two spaces apart in lines of at most line_width() columns: a field
/// that would overflow starts an indented line of its own, and one longer
/// than that line is wrapped at spaces. No field is ever cut.
std::string laid_out(const std::vector<std::string>& fields) {
    constexpr std::size_t hang = 4;
    const std::size_t width = line_width();
    std::string out, line;
    const auto blank = [&] { return line.find_first_not_of(' ') == std::string::npos; };
    const auto next_line = [&] {
        out.append(line).append("\n");
        line.assign(hang, ' ');
    };
    for (const std::string& field : fields) {
        if (field.empty()) continue;
        if (!blank() && columns(line) + 2 + columns(field) > width) next_line();
        if (!blank()) line += "  ";
        const std::size_t used = std::max(columns(line), hang);  // every further line starts at the hang
        const std::vector<std::string> parts = wrap(field, width > used + 20 ? width - used : 20);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) next_line();
            line += parts[i];
        }
    }
    return out.append(line).append("\n");
}

std::string text_line(std::size_t index, const FoundPlan& found) {
    auto ms = [](std::optional<double> v) { return v ? fmt::format("{:.3f} ms", *v) : std::string("-"); };
    std::vector<std::string> fields{fmt::format("#{}", index),
                                    fmt::format("lines {}-{}", found.first_line, found.last_line),
                                    fmt::format("{}{}", to_string(found.style), format_note(found))};
    if (!found.plan) {
        fields.push_back(fmt::format("error: {}", found.error ? found.error->message : ""));
        return laid_out(fields);
    }
    fields.emplace_back(root_type(found));
    fields.push_back(fmt::format("planning {}", ms(found.plan->planning_time)));
    fields.push_back(fmt::format("execution {}", ms(found.plan->execution_time)));
    fields.emplace_back(found.heading);
    return laid_out(fields);
}

}  // namespace

int extract(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("extract", argv, {"--jobs"}, {"--json"});
    if (!args) return Exit::usage;
    const auto jobs = jobs_option("extract", *args);
    if (!jobs) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("extract", "expected one input FILE or -");
    const std::string_view path = args->positionals()[0];
    const bool json = args->flag("--json");
    // one plan at a time, a line (or a few) each
    const auto scanned = each_plan(path, *jobs, [json](std::size_t index, const FoundPlan& found) {
        write_out(json ? json_line(index, found) : text_line(index, found));
    });
    if (!scanned) return json ? no_json_input() : Exit::failure;
    if (scanned->plans == 0) {
        if (json) write_out("[]\n");  // still valid JSON (docs/json.md)
        return no_plan(path);
    }
    return exit_code(*scanned);
}

}  // namespace planlens::cli

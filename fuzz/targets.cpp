#include "targets.hpp"

#include "json_check.hpp"

#include <planlens/document.hpp>
#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace planlens::fuzz {

namespace {

[[noreturn]] void violated(const char* what) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
}

/// What every parsed plan must satisfy, whatever the input.
void check_plan(const Plan& plan) {
    if (plan.nodes.empty()) violated("a parsed plan has a root");
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        if (id > 0 && (n.parent == no_node || n.parent >= id)) violated("parents come before children");
        if (n.first_property + n.property_count > plan.properties.size()) violated("property ranges are in bounds");
        if (n.line >= plan.lines.size()) violated("header lines are in bounds");
    }
    const Plan* plans[] = {&plan};
    const std::string json = to_pg_json(plans);
    if (json.size() < 2 || json.front() != '[') violated("JSON is an array");
    if (!valid_json(json)) violated("PostgreSQL JSON is valid JSON (UTF-8, no inf or NaN)");
    std::vector<bool> used(plan.lines.size(), false);
    for (const Node& n : plan.nodes) used[n.line] = true;
    for (const Node& n : plan.nodes)
        if (!n.subplan_name.empty() && n.line > 0) used[n.line - 1] = true;
    for (const Property& p : plan.properties) used[p.line] = true;
    for (const Property& p : plan.summary) used[p.line] = true;
    if (std::find(used.begin(), used.end(), false) != used.end()) violated("every plan line is in the AST");
    const std::string text = to_text(plan);
    if (!plan.tree_rebuilt) {
        std::string expected;
        for (const SourceLine& line : plan.lines) (expected += line.text) += '\n';
        if (text != expected) violated("text output reproduces the plan lines");
    } else if (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) != plan.lines.size()) {
        violated("a rebuilt tree's text output has every plan line, re-indented");
    }
}

/// Lines in `text` as the parser counts them: "\r\n", "\r" and "\n" each end one.
std::size_t line_count(std::string_view text) {
    std::size_t lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') ++lines;
        else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) ++lines;
    }
    return lines;
}

/// Errors say what went wrong and point inside the input.
void check_error(const Error& error, std::string_view input) {
    if (error.message.empty()) violated("errors say what went wrong");
    if (error.message.find("found") == std::string::npos && error.message.find("limit") == std::string::npos &&
        error.message.find("deeper") == std::string::npos && error.message.find("memory") == std::string::npos)
        violated("errors say what was found");
    if (error.position.line < 1 || error.position.line > line_count(input)) violated("errors point at a line of the input");
    if (error.position.column < 1) violated("errors point at a column");
}

}  // namespace

void parse_plan_target(std::string_view input) {
    ParseLimits limits;
    limits.max_depth = 2000;
    auto plan = parse_plan(input, limits);
    if (plan) check_plan(*plan);
    else check_error(plan.error(), input);
    if (plan)
        for (const Warning& w : plan->warnings) check_error(Error{w.position, w.message + " (found)"}, input);
}

void document_target(std::string_view input) {
    const Document doc = Document::from_text(std::string(input));
    for (const FoundPlan& found : doc.plans()) {
        if (found.plan.has_value() == found.error.has_value()) violated("a found plan has a plan or an error");
        if (found.first_line > found.last_line) violated("spans are ordered");
        if (found.plan) check_plan(*found.plan);
        if (found.error) check_error(*found.error, input);
    }
}

namespace {

/// What a scan found, a line per plan: where, how pasted, and what came of it.
std::vector<std::string> scanned(std::string_view text, unsigned jobs) {
    std::vector<std::string> out;
    const auto visit = [&out](const FoundPlan& found) {
        std::string line = std::to_string(found.first_line) + "-" + std::to_string(found.last_line) + " " +
                           std::string(to_string(found.style));
        if (found.plan) line += " nodes " + std::to_string(found.plan->nodes.size()) + " lines " +
                                std::to_string(found.plan->lines.size()) + " warnings " +
                                std::to_string(found.plan->warnings.size());
        if (found.error) line += " error " + std::to_string(found.error->position.line) + ":" +
                                 std::to_string(found.error->position.column) + " " + found.error->message;
        out.push_back(std::move(line));
    };
    scan_text(text, visit, ScanOptions({}, jobs));
    return out;
}

}  // namespace

void scan_parallel_target(std::string_view input) {
    // over 1 MiB, the size from which a scan reads plans on several threads
    std::string text;
    const std::size_t copies = (std::size_t{1} << 20) / (input.size() + 2) + 1;
    text.reserve(copies * (input.size() + 2));
    for (std::size_t i = 0; i < copies; ++i) (text += input) += "\n\n";
    if (scanned(text, 1) != scanned(text, 3)) violated("a scan on several threads finds what one thread finds");
}

}  // namespace planlens::fuzz

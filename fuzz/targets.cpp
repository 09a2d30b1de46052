#include "targets.hpp"

#include <planlens/document.hpp>
#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

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
    std::string expected;
    for (const SourceLine& line : plan.lines) (expected += line.text) += '\n';
    if (to_text(plan) != expected) violated("text output reproduces the plan lines");
}

}  // namespace

void parse_plan_target(std::string_view input) {
    ParseLimits limits;
    limits.max_depth = 2000;
    auto plan = parse_plan(input, limits);
    if (plan) check_plan(*plan);
    else if (plan.error().message.empty()) violated("errors say what went wrong");
}

void document_target(std::string_view input) {
    const Document doc = Document::from_text(std::string(input));
    for (const FoundPlan& found : doc.plans()) {
        if (found.plan.has_value() == found.error.has_value()) violated("a found plan has a plan or an error");
        if (found.first_line > found.last_line) violated("spans are ordered");
        if (found.plan) check_plan(*found.plan);
    }
}

}  // namespace planlens::fuzz

// The JSON, YAML and XML readers on arbitrary bytes: they never crash, and a
// plan they read prints back as valid JSON that reads again into the same
// fields (pg-json keeps every field) and, when it was read without warnings,
// as text that the text parser accepts.
#include "json_check.hpp"
#include "targets.hpp"

#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <cstdlib>
#include <vector>

namespace planlens::fuzz {

namespace {

bool same_fields(const Plan& a, const Plan& b) {
    if (a.fields.size() != b.fields.size()) return false;
    for (std::size_t i = 0; i < a.fields.size(); ++i) {
        const Field &x = a.fields[i], &y = b.fields[i];
        if (x.key != y.key || x.type != y.type || x.end != y.end) return false;
        if (x.type != FieldType::number && x.value != y.value) return false;
    }
    return true;
}

/// A structured plan read from `input` prints as valid PostgreSQL JSON that
/// reads again into the same fields, and as text the text parser accepts.
void structured_target(std::string_view input, PlanFormat format) {
    auto plans = parse_structured(input, format);
    if (!plans) return;
    for (const Plan& plan : plans.value()) {
        std::vector<const Plan*> one{&plan};
        const std::string json = to_pg_json(one);
        if (!valid_json(json)) std::abort();
        auto again = parse_structured(json, PlanFormat::json);
        if (!again || again->size() != 1 || !same_fields(plan, again->front())) std::abort();
        // The text of a structured plan is the text it was built from; it
        // reads again unless reading it already needed a warning (a "Node
        // Type" no text header spells, kept with the figures that could be read).
        if (plan.warnings.empty() && !plan.nodes.empty() && !parse_plan(std::string_view(to_text(plan))).has_value())
            std::abort();
    }
}

}  // namespace

void json_target(std::string_view input) { structured_target(input, PlanFormat::json); }
void yaml_target(std::string_view input) { structured_target(input, PlanFormat::yaml); }
void xml_target(std::string_view input) { structured_target(input, PlanFormat::xml); }

}  // namespace planlens::fuzz

// Document fields -> one Plan per EXPLAIN element (see structured.hpp).
#include "structured.hpp"

#include "explain_text.hpp"
#include "readers.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace planlens {

namespace detail {

namespace {

Result<Fields> read_fields(std::string_view text, PlanFormat format, const SourceMap& map, TextStore& store,
                           const ParseLimits& limits) {
    switch (format) {
        case PlanFormat::json: return read_json(text, map, store, limits);
        case PlanFormat::yaml: return read_yaml(text, map, store, limits);
        case PlanFormat::xml: return read_xml(text, map, store, limits);
        case PlanFormat::text: break;
    }
    return Error{map.at(0), "a text plan is not a structured document"};
}

bool has_plan(const Fields& f, std::size_t object) {
    for (std::size_t k = object + 1; k < f[object].end; k = f[k].end)
        if (f[k].key == "Plan" && f[k].type == FieldType::object) return true;
    return false;
}

/// The EXPLAIN elements: each object of the top-level array, or the top-level
/// object itself (auto_explain logs one element without the array).
std::vector<std::size_t> elements(const Fields& f) {
    std::vector<std::size_t> found;
    if (f.empty()) return found;
    if (f[0].type == FieldType::object) {
        found.push_back(0);
    } else if (f[0].type == FieldType::array) {
        for (std::size_t k = 1; k < f[0].end; k = f[k].end) found.push_back(k);
    }
    return found;
}

std::string_view type_name(FieldType t) {
    switch (t) {
        case FieldType::object: return "an object";
        case FieldType::array: return "an array";
        case FieldType::string: return "a string";
        case FieldType::number: return "a number";
        case FieldType::boolean: return "true or false";
        case FieldType::null: return "null";
    }
    return "a value";
}

/// The first key, in the element and its nodes, whose value has another
/// type than PostgreSQL writes for it.
const Field* mistyped(const Fields& f, std::size_t object, std::string_view parent) {
    for (std::size_t k = object + 1; k < f[object].end; k = f[k].end) {
        const Field& field = f[k];
        if (field.key.empty() || !known_key(field.key)) continue;
        const FieldType want = json_type_of(parent, field.key);
        const bool generation_group = field.key == "Generation" && field.type == FieldType::object;
        if (field.type != want && !generation_group && !(field.type == FieldType::null && want == FieldType::string))
            return &field;
        if (field.type == FieldType::object && (field.key == "Plan" || parent == "Plans")) {
            if (const Field* bad = mistyped(f, k, "Plan")) return bad;
        } else if (field.key == "Plans") {
            for (std::size_t c = k + 1; c < field.end; c = f[c].end) {
                if (f[c].type != FieldType::object) return &f[c];
                if (const Field* bad = mistyped(f, c, "Plan")) return bad;
            }
        }
    }
    return nullptr;
}

/// The first line read as a node where the fields have none, or a node's
/// header read as something else: a key such as "->" prints as an arrow.
const SourceLine* first_misread_node(const Plan& plan, const RenderedLines& rendered) {
    const std::size_t n = std::max(plan.nodes.size(), rendered.node_lines.size());
    for (std::size_t i = 0; i < n; ++i) {
        const SourceLine* expected = i < rendered.node_lines.size() ? &rendered.lines[rendered.node_lines[i]] : nullptr;
        const SourceLine* read = i < plan.nodes.size() ? &plan.lines[plan.nodes[i].line] : nullptr;
        if (!read) return expected;
        if (!expected || read->text.data() != expected->text.data()) return read;
    }
    return nullptr;
}

Result<Plan> plan_of(const Fields& f, std::size_t e, PlanFormat format, const std::shared_ptr<TextStore>& store,
                     const ParseLimits& limits) {
    if (f[e].type != FieldType::object || !has_plan(f, e))
        return Error{f[e].position,
                     fmt::format("expected an EXPLAIN element: an object with a \"Plan\" object in it, found {}",
                                 f[e].type == FieldType::object ? "an object without one" : type_name(f[e].type))};
    if (const Field* bad = mistyped(f, e, {})) {
        const std::string_view want = bad->key.empty() ? "an object" : type_name(json_type_of({}, bad->key));
        return Error{bad->position, fmt::format("\"{}\" should be {}, found {}", bad->key.empty() ? "Plans" : bad->key,
                                                want, type_name(bad->type))};
    }
    RenderedLines rendered;
    render_explain_text(f, e, *store, rendered);
    std::size_t consumed = 0;
    auto plan = parse_plan(std::span<const SourceLine>(rendered.lines), consumed, limits);
    if (!plan) return plan.error();
    if (consumed < rendered.lines.size()) {
        const SourceLine& stray = rendered.lines[consumed];
        return Error{{stray.line, stray.column}, fmt::format("this field does not fit in the plan, found '{}'", stray.text)};
    }
    Plan& p = plan.value();
    if (const SourceLine* misread = first_misread_node(p, rendered))
        return Error{{misread->line, misread->column},
                     fmt::format("this field does not fit in the plan: its text reads as a plan node, found '{}'", misread->text)};
    p.format = format;
    p.fields.assign(f.begin() + static_cast<std::ptrdiff_t>(e), f.begin() + static_cast<std::ptrdiff_t>(f[e].end));
    for (Field& field : p.fields) field.end -= static_cast<std::uint32_t>(e);
    for (std::size_t i = 0; i < p.nodes.size(); ++i) p.nodes[i].field = rendered.node_fields[i] - static_cast<std::uint32_t>(e);
    p.owned_text = store;
    return plan;
}

}  // namespace

std::vector<Result<Plan>> read_structured_plans(std::string_view text, PlanFormat format, const SourceMap& map,
                                                const std::shared_ptr<TextStore>& store, const ParseLimits& limits) {
    std::vector<Result<Plan>> plans;
    auto fields = read_fields(text, format, map, *store, limits);
    if (!fields) {
        plans.emplace_back(fields.error());
        return plans;
    }
    const Fields& f = fields.value();
    const auto found = elements(f);
    if (found.empty()) plans.emplace_back(Error{f.empty() ? map.at(0) : f[0].position, "no EXPLAIN element in the document"});
    for (const std::size_t e : found) plans.push_back(plan_of(f, e, format, store, limits));
    return plans;
}

PlanFormat structured_start(std::string_view text) noexcept {
    std::string_view line = text.substr(0, text.find('\n'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    if (line.starts_with("[") || line.starts_with("{")) return PlanFormat::json;
    // EXPLAIN's YAML is a list of queries, "- Plan: " alone on the first line;
    // auto_explain's one mapping, its query text quoted (in a text log it is bare SQL).
    if (line == "- Plan:" || line == "Plan:" || line.starts_with("Query Text: \"")) return PlanFormat::yaml;
    if (line.starts_with("<explain") || line.starts_with("<?xml")) return PlanFormat::xml;
    return PlanFormat::text;
}

}  // namespace detail

PlanFormat detect_format(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
    return detail::structured_start(text.substr(i));
}

Result<std::vector<Plan>> parse_structured(std::string_view text, PlanFormat format, const ParseLimits& limits) {
    const auto store = std::make_shared<detail::TextStore>();
    const auto map = detail::SourceMap::of_text(text);
    std::vector<Plan> plans;
    for (auto& plan : detail::read_structured_plans(text, format, map, store, limits)) {
        if (!plan) return plan.error();
        plans.push_back(std::move(plan).value());
    }
    return plans;
}

Result<Plan> parse_structured_plan(std::string_view text, PlanFormat format, const ParseLimits& limits) {
    auto plans = parse_structured(text, format, limits);
    if (!plans) return plans.error();
    if (plans->size() != 1)
        return Error{plans->size() > 1 ? Position{plans.value()[1].fields[0].position} : Position{1, 1},
                     fmt::format("expected one plan, the document holds {}", plans->size())};
    return std::move(plans.value().front());
}

}  // namespace planlens

// Finding every plan in a document: the Unwrapper yields regions of plan
// lines (unwrapped from their paste style), parse_plan takes each plan from
// its root to the line where it ends, and each becomes a FoundPlan.
#include <planlens/document.hpp>

#include "evidence.hpp"
#include "file_text.hpp"
#include "line_arena.hpp"
#include "structured_blocks.hpp"
#include "unwrap.hpp"


#include <algorithm>

namespace planlens {

struct Document::Storage {
    detail::FileText text;
    detail::LineArena arena;  ///< rewritten lines; plans point into it and into `text`
    std::vector<FoundPlan> plans;
    std::size_t errors = 0;
};

namespace detail {

/// Where found plans go, in document order: a Document's list, or a visitor.
using Emit = StructuredPlans::Emit;

}  // namespace detail

namespace {

using detail::Block;

/// The first row of an explicit container is its root, unless it is not
/// text-format EXPLAIN at all (JSON, XML or YAML output in a QUERY PLAN table).
bool forced_root(const Block& block, std::size_t i) {
    if (!block.explicit_root) return false;
    const std::string_view body = block.lines[i].text.substr(detail::indent_bytes(block.lines[i].text));
    return !body.empty() && detail::is_upper(body.front());
}

/// A plan that failed to parse spans its lines up to a blank line or the next root.
std::size_t skip_broken(std::span<const SourceLine> lines, std::size_t i) {
    ++i;
    while (i < lines.size() && !lines[i].text.empty() && !detail::starts_plan(lines, i)) ++i;
    return i;
}

/// Rows that were CSV-quoted make a bare or fenced plan a CSV export.
PasteStyle style_of(const Block& block, std::size_t begin, std::size_t end) {
    if (block.style != PasteStyle::bare && block.style != PasteStyle::fenced &&
        block.style != PasteStyle::psql_unaligned)
        return block.style;
    const auto quoted = std::lower_bound(block.csv_rows.begin(), block.csv_rows.end(), begin);
    return quoted != block.csv_rows.end() && *quoted < end ? PasteStyle::csv : block.style;
}

void find_plans(const Block& block, const detail::LineArena& arena, detail::StructuredPlans& structured,
                const ParseLimits& limits, const detail::Emit& emit) {
    const std::span<const SourceLine> lines = block.lines;
    std::size_t i = 0;
    while (i < lines.size() && lines[i].text.empty()) ++i;
    bool first = true;
    while (i < lines.size()) {
        const bool root = first ? forced_root(block, i) || detail::starts_plan(lines, i) ||
                                      detail::starts_fragment(lines, i)
                                : detail::starts_plan(lines, i);
        first = false;
        if (!root) {
            ++i;
            continue;
        }
        std::size_t consumed = 0;
        auto plan = parse_plan(lines.subspan(i), consumed, limits);
        FoundPlan found;
        found.heading = block.heading;
        found.sql = block.sql;
        found.first_line = lines[i].line;
        std::size_t end = i + consumed;
        // positions on a rejoined or decoded line point at the original bytes
        if (plan) {
            // the lines right under the plan that it did not take (a remainder
            // of a broken line that could not be told where it belongs) are reported
            while (end < lines.size() && !lines[end].text.empty() && !detail::starts_plan(lines, end) &&
                   lines[end].line == arena.last_line(lines[end - 1]) + 1) {
                plan->warnings.push_back(Warning{{lines[end].line, lines[end].column},
                                                 "this line is not a plan line and continues none that could be "
                                                 "told: left out of the plan"});
                ++end;
            }
            found.last_line = arena.last_line(plan->lines.back());
            for (Warning& warning : plan->warnings) warning.position = arena.locate(warning.position);
            found.plan = std::move(plan).value();
        } else {
            found.error = plan.error();
            found.error->position = arena.locate(found.error->position);
            end = skip_broken(lines, i);
            found.last_line = arena.last_line(lines[end - 1]);
        }
        found.style = style_of(block, i, end);
        i = end;
        // a text "plan" inside a JSON, YAML or XML plan is part of it
        if (structured.covers(found.first_line)) continue;
        structured.emit_before(found.first_line, emit);
        emit(std::move(found));
    }
}

}  // namespace

Document::Document(std::unique_ptr<Storage> storage) : storage_(std::move(storage)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

namespace {

/// Plans of real documents take a kilobyte or two of text each. Reserving for
/// one per 2 KiB costs nothing where there are fewer (the capacity is never
/// touched) and saves the list a dozen regrowths, each moving every plan.
constexpr std::size_t bytes_per_plan_guess = 2048;

/// Every plan of `text`, in document order, to `emit`.
void scan(std::string_view text, detail::LineArena& arena, const ParseLimits& limits, const detail::Emit& emit) {
    detail::StructuredPlans structured(text, limits);
    detail::Unwrapper unwrapper(text, arena);
    Block block;
    while (unwrapper.next(block)) find_plans(block, arena, structured, limits, emit);
    structured.emit_rest(emit);
}

void find_all_plans(Document::Storage& storage, const ParseLimits& limits) {
    storage.plans.reserve(storage.text.view().size() / bytes_per_plan_guess);
    scan(storage.text.view(), storage.arena, limits, [&storage](FoundPlan&& found) {
        storage.errors += found.error ? 1 : 0;
        storage.plans.push_back(std::move(found));
    });
}

ScanTotals visit_all_plans(std::string_view text, const PlanVisitor& on_plan, const ParseLimits& limits) {
    ScanTotals totals;
    totals.bytes = text.size();
    detail::LineArena arena;
    scan(text, arena, limits, [&](FoundPlan&& found) {
        ++totals.plans;
        totals.errors += found.error ? 1 : 0;
        on_plan(found);
    });
    return totals;
}

}  // namespace

Document Document::from_text(std::string text, const ParseLimits& limits) {
    auto storage = std::make_unique<Storage>();
    storage->text = detail::FileText(std::move(text));
    find_all_plans(*storage, limits);
    return Document(std::move(storage));
}

Result<Document> Document::from_file(const std::string& path, const ParseLimits& limits) {
    auto text = detail::FileText::read(path);
    if (!text) return text.error();
    auto storage = std::make_unique<Storage>();
    storage->text = std::move(text).value();
    find_all_plans(*storage, limits);
    return Document(std::move(storage));
}

std::string_view Document::text() const noexcept { return storage_->text.view(); }
std::span<const FoundPlan> Document::plans() const noexcept { return storage_->plans; }
std::size_t Document::error_count() const noexcept { return storage_->errors; }

ScanTotals scan_text(std::string_view text, const PlanVisitor& on_plan, const ParseLimits& limits) {
    return visit_all_plans(text, on_plan, limits);
}

Result<ScanTotals> scan_file(const std::string& path, const PlanVisitor& on_plan, const ParseLimits& limits) {
    auto text = detail::FileText::read(path);
    if (!text) return text.error();
    return visit_all_plans(text->view(), on_plan, limits);
}

}  // namespace planlens

// Finding every plan in a document: the Unwrapper yields regions of plan
// lines (unwrapped from their paste style), parse_plan takes each plan from
// its root to the line where it ends, and each becomes a FoundPlan.
#include <planlens/document.hpp>

#include "block_plans.hpp"
#include "file_text.hpp"
#include "line_arena.hpp"
#include "parallel_plans.hpp"
#include "structured_blocks.hpp"
#include "unwrap.hpp"

namespace planlens {

struct Document::Storage {
    detail::FileText text;
    detail::LineArena arena;  ///< rewritten lines; plans point into it and into `text`
    std::vector<FoundPlan> plans;
    std::size_t errors = 0;
};

Document::Document(std::unique_ptr<Storage> storage) : storage_(std::move(storage)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

namespace {

/// Plans of real documents take a kilobyte or two of text each. Reserving for
/// one per 2 KiB costs nothing where there are fewer (the capacity is never
/// touched) and saves the list a dozen regrowths, each moving every plan.
constexpr std::size_t bytes_per_plan_guess = 2048;

/// Below this size a document is read on one thread whatever `jobs` says:
/// starting threads would cost more than they save.
constexpr std::size_t parallel_from_bytes = std::size_t{1} << 20;

/// Every plan of `text`, in document order, to `emit`; regions are parsed on
/// `options.jobs` threads (the caller's among them) when the document is large.
void scan(std::string_view text, detail::LineArena& arena, const ScanOptions& options, const detail::PlanSink& emit) {
    detail::StructuredPlans structured(text, options.limits);
    // a text "plan" inside a JSON, YAML or XML plan is part of it
    const detail::PlanSink place = [&](FoundPlan&& found) {
        if (structured.covers(found.first_line)) return;
        structured.emit_before(found.first_line, emit);
        emit(std::move(found));
    };
    detail::Unwrapper unwrapper(text, arena);
    detail::Block block;
    if (options.jobs > 1 && text.size() >= parallel_from_bytes) {
        detail::ParallelPlans parallel(options.jobs - 1, options.limits);
        while (unwrapper.next(block)) parallel.add(block, arena.index(), place);
        parallel.finish(arena.index(), place);
    } else {
        while (unwrapper.next(block)) detail::find_plans(block, arena.index(), options.limits, place);
    }
    structured.emit_rest(emit);
}

void find_all_plans(Document::Storage& storage, const ScanOptions& options) {
    storage.plans.reserve(storage.text.view().size() / bytes_per_plan_guess);
    const auto keep = [&storage](FoundPlan&& found) {
        storage.errors += found.error ? 1 : 0;
        storage.plans.push_back(std::move(found));
    };
    scan(storage.text.view(), storage.arena, options, keep);
}

}  // namespace

Document Document::from_text(std::string text, const ScanOptions& options) {
    auto storage = std::make_unique<Storage>();
    storage->text = detail::FileText(std::move(text));
    find_all_plans(*storage, options);
    return Document(std::move(storage));
}

Result<Document> Document::from_file(const std::string& path, const ScanOptions& options) {
    auto text = detail::FileText::read(path);
    if (!text) return text.error();
    auto storage = std::make_unique<Storage>();
    storage->text = std::move(text).value();
    find_all_plans(*storage, options);
    return Document(std::move(storage));
}

std::string_view Document::text() const noexcept { return storage_->text.view(); }
std::span<const FoundPlan> Document::plans() const noexcept { return storage_->plans; }
std::size_t Document::error_count() const noexcept { return storage_->errors; }

ScanTotals scan_text(std::string_view text, const PlanVisitor& on_plan, const ScanOptions& options) {
    ScanTotals totals;
    totals.bytes = text.size();
    detail::LineArena arena;
    const auto visit = [&](FoundPlan&& found) {
        ++totals.plans;
        totals.errors += found.error ? 1 : 0;
        on_plan(found);
    };
    scan(text, arena, options, visit);
    return totals;
}

Result<ScanTotals> scan_file(const std::string& path, const PlanVisitor& on_plan, const ScanOptions& options) {
    auto text = detail::FileText::read(path);
    if (!text) return text.error();
    return scan_text(text->view(), on_plan, options);
}

}  // namespace planlens

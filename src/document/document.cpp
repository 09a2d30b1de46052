// Finding plans in a document. This first stage handles bare plans: every
// line that the grammar accepts as a plan root starts a plan, which runs
// until the parser says the plan ended.
#include <planlens/document.hpp>

#include "../parse/lines.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace planlens {

struct Document::Storage {
    std::string text;
    std::vector<SourceLine> lines;
    std::vector<FoundPlan> plans;
    std::size_t errors = 0;
};

namespace {

/// A root needs evidence: its own figures, or an indented line under it.
bool starts_plan(std::span<const SourceLine> lines, std::size_t i) {
    const std::string_view text = lines[i].text;
    if (!is_plan_root(text)) return false;
    if (has_plan_numbers(text)) return true;
    if (i + 1 >= lines.size()) return false;
    const std::string_view next = lines[i + 1].text;
    return !detail::is_blank(next) && next.find_first_not_of(" \t") > text.find_first_not_of(" \t");
}

/// After a plan that failed to parse, continue after its block of lines.
std::size_t skip_block(std::span<const SourceLine> lines, std::size_t i) {
    ++i;
    while (i < lines.size() && !detail::is_blank(lines[i].text) && !starts_plan(lines, i)) ++i;
    return i;
}

void find_plans(Document::Storage& s, const ParseLimits& limits) {
    const std::span<const SourceLine> lines(s.lines);
    for (std::size_t i = 0; i < lines.size();) {
        if (!starts_plan(lines, i)) {
            ++i;
            continue;
        }
        std::size_t consumed = 0;
        auto plan = parse_plan(lines.subspan(i), consumed, limits);
        FoundPlan found;
        found.style = PasteStyle::bare;
        found.first_line = lines[i].line;
        if (plan) {
            found.last_line = plan->last_line();
            found.plan = std::move(plan).value();
            i += consumed;
        } else {
            found.error = plan.error();
            const std::size_t end = skip_block(lines, i);
            found.last_line = lines[end - 1].line;
            ++s.errors;
            i = end;
        }
        s.plans.push_back(std::move(found));
    }
}

}  // namespace

Document::Document(std::unique_ptr<Storage> storage) : storage_(std::move(storage)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

Document Document::from_text(std::string text, const ParseLimits& limits) {
    auto storage = std::make_unique<Storage>();
    storage->text = std::move(text);
    storage->lines = detail::split_lines(storage->text);
    find_plans(*storage, limits);
    return Document(std::move(storage));
}

Result<Document> Document::from_file(const std::string& path, const ParseLimits& limits) {
    std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (file == nullptr) return Error{{}, fmt::format("cannot open: {}", std::strerror(errno))};
    std::string text;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    const bool failed = std::ferror(file) != 0;
    if (file != stdin) std::fclose(file);
    if (failed) return Error{{}, "cannot read the input"};
    return from_text(std::move(text), limits);
}

std::string_view Document::text() const noexcept { return storage_->text; }
std::span<const FoundPlan> Document::plans() const noexcept { return storage_->plans; }
std::size_t Document::error_count() const noexcept { return storage_->errors; }

}  // namespace planlens

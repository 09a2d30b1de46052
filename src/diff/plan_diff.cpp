// diff_plans: match, compare, sum up. The one entry point that allocates
// much, so the one place that turns running out of memory into an Error.
#include "compare.hpp"

#include <planlens/plan_diff.hpp>

#include <new>
#include <stdexcept>

namespace planlens {

std::string_view to_string(ChangeKind kind) noexcept {
    switch (kind) {
        case ChangeKind::unchanged: return "unchanged";
        case ChangeKind::changed: return "changed";
        case ChangeKind::replaced: return "replaced";
        case ChangeKind::added: return "added";
        case ChangeKind::removed: return "removed";
    }
    return "unchanged";
}

std::string_view to_string(Aspect aspect) noexcept {
    switch (aspect) {
        case Aspect::node_type: return "node_type";
        case Aspect::indexes: return "indexes";
        case Aspect::parallel: return "parallel";
        case Aspect::variant: return "variant";
        case Aspect::self_time: return "self_time";
        case Aspect::rows: return "rows";
        case Aspect::loops: return "loops";
        case Aspect::estimate: return "estimate";
        case Aspect::buffers: return "buffers";
        case Aspect::inputs: return "inputs";
    }
    return "";
}

std::string_view to_string(Verdict verdict) noexcept {
    switch (verdict) {
        case Verdict::faster: return "faster";
        case Verdict::slower: return "slower";
        case Verdict::about_same: return "about the same";
        case Verdict::unknown: return "unknown";
    }
    return "unknown";
}

std::vector<std::size_t> PlanDiff::changes() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].kind != ChangeKind::unchanged) out.push_back(i);
    return out;
}

namespace {

PlanDiff build(const Plan& before, const Plan& after, const DiffOptions& options) {
    PlanDiff d;
    d.before = &before;
    d.after = &after;
    d.before_time = exclusive_time(before);
    d.after_time = exclusive_time(after);
    d.matching = match_nodes(before, after);
    diff::build_entries(before, after, d.before_time, d.after_time, d.matching, options, d.entries);
    d.headline = diff::make_headline(d, options);
    return d;
}

}  // namespace

Result<PlanDiff> diff_plans(const Plan& before, const Plan& after, const DiffOptions& options) noexcept {
    if (before.nodes.empty() || after.nodes.empty()) return Error{{}, "a plan without nodes cannot be diffed"};
    try {
        return build(before, after, options);
    } catch (const std::bad_alloc&) {
        return Error{{}, "out of memory"};
    } catch (const std::exception& e) {  // length_error and the like, from absurd sizes
        return Error{{}, e.what()};
    }
}

}  // namespace planlens

// `planlens diff --markdown`: the headline as a list and the changes as a
// table, to paste back under the "after" plan of a writeup.
#include "compare.hpp"

#include <fmt/format.h>

#include <new>

namespace planlens {

namespace {

/// Table cells: pipes escaped, line breaks flattened.
std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n' || c == '\r') out += ' ';
        else out += c;
    }
    return out;
}

std::string self_time(const std::optional<double>& ms) { return ms ? diff::format_ms(*ms) : std::string(); }

/// The aspects of a change in words, then its note.
std::string remarks(const NodeChange& e) {
    std::string out;
    if (e.kind == ChangeKind::changed || e.kind == ChangeKind::replaced)
        for (Aspect a : all_aspects)
            if (has(e.what, a) && a != Aspect::node_type) out.append(out.empty() ? "" : ", ").append(to_string(a));
    if (!e.new_indexes.empty()) {
        out.append(out.empty() ? "" : "; ").append("new index");
        for (std::size_t i = 0; i < e.new_indexes.size(); ++i) out.append(i == 0 ? " " : ", ").append(e.new_indexes[i]);
    }
    if (!e.note.empty()) out.append(out.empty() ? "" : "; ").append(e.note);
    return out;
}

void row(std::string& out, const PlanDiff& d, const NodeChange& e) {
    const std::string before = e.before == no_node ? "" : describe(*d.before, e.before);
    const std::string after = e.after == no_node ? "" : describe(*d.after, e.after);
    const std::string delta =
        d.headline.timed ? fmt::format("{:+.3f}", e.delta()) : std::string();
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", to_string(e.kind), cell(before),
                       self_time(e.before_figures.self_ms), cell(after), self_time(e.after_figures.self_ms), delta,
                       cell(remarks(e)));
}

void write(std::string& out, const PlanDiff& d, const DiffLabels& labels) {
    if (!labels.before.empty() && !labels.after.empty())
        out += fmt::format("Plan diff: `{}` → `{}`{}\n\n", labels.before, labels.after,
                           labels.heading.empty() ? "" : fmt::format(" ({})", labels.heading));
    const std::vector<std::string> lines = summary(d);
    for (std::size_t i = 0; i < lines.size(); ++i)
        out += i == 0 ? fmt::format("**{}**\n\n", lines[i]) : fmt::format("- {}\n", lines[i]);
    const std::vector<std::size_t> changes = d.changes();
    if (changes.empty()) {
        out += "\nNo node changed.\n";
        return;
    }
    out += "\n| change | before | self ms | after | self ms | Δ ms | what |\n";
    out += "|---|---|---:|---|---:|---:|---|\n";
    for (std::size_t i : changes) row(out, d, d.entries[i]);
}

}  // namespace

std::string diff_markdown(const PlanDiff& diff, const DiffLabels& labels) noexcept {
    if (diff.before == nullptr || diff.after == nullptr) return {};
    try {
        std::string out;
        write(out, diff, labels);
        return out;
    } catch (const std::exception&) {  // only running out of memory gets here
        return {};
    }
}

}  // namespace planlens

// Nothing is lost silently: over every fixture and, when present, the real
// output in ../shared/wild/, every line of a plan is in its AST (a node, a
// property, a label, a summary line, or kept verbatim), every line between a
// plan's first and last line is one of the plan's lines or carries a
// warning, and every "QUERY PLAN" table of PostgreSQL's regression output
// comes out whole.
#include "support/read_file.hpp"

#include <planlens/document.hpp>
#include <planlens/fields.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

using namespace planlens;
using planlens::test::read_file;
namespace fs = std::filesystem;

namespace {

std::vector<std::string_view> document_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

/// Plan lines no node, property, label or summary line refers to.
std::vector<std::uint32_t> unreferenced_lines(const Plan& plan) {
    std::vector<bool> used(plan.lines.size(), false);
    for (const Node& n : plan.nodes) {
        used[n.line] = true;
        if (!n.subplan_name.empty() && n.line > 0) used[n.line - 1] = true;
    }
    for (const Property& p : plan.properties) used[p.line] = true;
    for (const Property& p : plan.summary) used[p.line] = true;
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < used.size(); ++i)
        if (!used[i]) out.push_back(plan.lines[i].line);
    return out;
}

/// psql's framing between the rows of one result: \x record headers
/// ("-[ RECORD 3 ]", "* Record 3", "+-[ RECORD 3 ]-+", "┌─[ RECORD 3 ]─┐")
/// and rules made of line-drawing characters alone.
bool psql_framing(std::string_view line) {
    if (line.find("[ RECORD ") != std::string_view::npos || line.starts_with("* Record ")) return true;
    for (std::string_view rest = line; !rest.empty();) {
        static constexpr std::string_view drawing[] = {"-", "+", "|", " ", "─", "│", "┌", "┐", "└", "┘", "├", "┤",
                                                       "┬", "┴", "┼", "═", "║", "╔", "╗", "╚", "╝", "╠", "╣",
                                                       "╦", "╩", "╬", "╟", "╢", "╞", "╡", "╪", "╤", "╧"};
        const auto piece = std::find_if(std::begin(drawing), std::end(drawing),
                                        [&](std::string_view d) { return rest.starts_with(d); });
        if (piece == std::end(drawing)) return false;
        rest.remove_prefix(piece->size());
    }
    return true;
}

/// The markup psql's html, asciidoc, latex and troff-ms formats put between
/// the rows: tags alone, record headings, rules and table format lines.
bool psql_markup(std::string_view line) {
    while (line.starts_with(' ')) line.remove_prefix(1);
    if (line.starts_with('<') && line.ends_with('>')) {  // nothing but tags, or a record heading cell
        std::string_view rest = line;
        while (rest.starts_with('<') && rest.find('>') != std::string_view::npos) rest.remove_prefix(rest.find('>') + 1);
        return rest.empty() || line.find("colspan=") != std::string_view::npos || line.starts_with("<th");
    }
    static constexpr std::string_view exact[] = {"|====", "2+|", "\\hline", "\\midrule", "\\endhead", "_",
                                                 ".T&", "c l.", "c s.", "c | l.", "c l;"};
    if (std::find(std::begin(exact), std::end(exact), line) != std::end(exact)) return true;
    return line.starts_with("2+^|Record ") || line.starts_with("\\multicolumn{") ||
           (line.starts_with("\\fIRecord ") && line.ends_with("\\fP"));
}

/// Document lines inside a plan's span that are neither its lines nor warned about.
std::vector<std::uint32_t> unaccounted_lines(const FoundPlan& found, const std::vector<std::string_view>& doc) {
    std::vector<std::uint32_t> out;
    // A JSON plan's lines are rendered from its fields, not its document lines.
    if (found.format != PlanFormat::text) return out;
    std::set<std::uint32_t> accounted;
    const auto& lines = found.plan->lines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        accounted.insert(lines[i].line);
        // A line the document layer rejoined from pieces (a wrapped cell, a
        // terminal's cut) is not a view of its first document line: the
        // document lines up to the next plan line are its pieces.
        const std::uint32_t n = lines[i].line;
        const bool rejoined = n >= 1 && n <= doc.size() && doc[n - 1].find(lines[i].text) == std::string_view::npos;
        const std::uint32_t next = i + 1 < lines.size() ? lines[i + 1].line : found.last_line + 1;
        if (rejoined)
            for (std::uint32_t piece = n + 1; piece < next; ++piece) accounted.insert(piece);
    }
    for (const Warning& w : found.plan->warnings) accounted.insert(w.position.line);
    for (std::uint32_t n = found.first_line; n <= found.last_line && n <= doc.size(); ++n)
        if (!accounted.count(n) && !blank(doc[n - 1]) && !psql_framing(doc[n - 1]) && !psql_markup(doc[n - 1]))
            out.push_back(n);
    return out;
}

std::string fmt_line(const fs::path& path, std::uint32_t line, const char* what) {
    return path.string() + ":" + std::to_string(line) + ": " + what;
}

struct Tally {
    std::size_t plans = 0, failures = 0;
    std::vector<std::string> examples;
    void fail(const std::string& what) {
        ++failures;
        if (examples.size() < 20) examples.push_back(what);
    }
};

void check_document(const fs::path& path, Tally& tally) {
    const std::string text = read_file(path);
    const Document doc = Document::from_text(text);
    const auto lines = document_lines(doc.text());
    for (const FoundPlan& found : doc.plans()) {
        if (!found.plan) continue;
        ++tally.plans;
        for (std::uint32_t n : unreferenced_lines(*found.plan))
            tally.fail(fmt_line(path, n, "a plan line is not in the AST"));
        for (std::uint32_t n : unaccounted_lines(found, lines))
            tally.fail(fmt_line(path, n, "a line inside the plan is neither in it nor warned about"));
    }
}

std::vector<fs::path> files_under(const fs::path& root, std::initializer_list<std::string_view> skip_extensions) {
    std::vector<fs::path> out;
    if (!fs::is_directory(root)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const std::string ext = entry.path().extension().string();
        if (std::find(skip_extensions.begin(), skip_extensions.end(), ext) != skip_extensions.end()) continue;
        out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

const fs::path wild = fs::path(PLANLENS_SOURCE_DIR) / ".." / "shared" / "wild";

void report(const Tally& tally) {
    for (const std::string& e : tally.examples) UNSCOPED_INFO(e);
    CHECK(tally.failures == 0);
}

/// A psql aligned table headed "QUERY PLAN": the document lines of its rows
/// (1-based), unless it holds JSON, XML or YAML (multi-line cells, "+").
std::vector<std::vector<std::uint32_t>> query_plan_tables(const std::vector<std::string_view>& lines) {
    std::vector<std::vector<std::uint32_t>> tables;
    for (std::size_t i = 0; i + 2 < lines.size(); ++i) {
        const std::string_view h = lines[i];
        const std::size_t a = h.find_first_not_of(' '), b = h.find_last_not_of(' ');
        if (a == std::string_view::npos || h.substr(a, b - a + 1) != "QUERY PLAN") continue;
        if (lines[i + 1].empty() || lines[i + 1].find_first_not_of('-') != std::string_view::npos) continue;
        std::vector<std::uint32_t> rows;
        bool structured = false;
        std::size_t j = i + 2;
        for (; j < lines.size() && !(lines[j].starts_with("(") && lines[j].ends_with(" rows)")) &&
               !(lines[j].starts_with("(") && lines[j].ends_with(" row)"));
             ++j) {
            structured |= lines[j].ends_with("+");
            rows.push_back(static_cast<std::uint32_t>(j + 1));
        }
        if (j == lines.size() || rows.empty() || structured) continue;
        const std::string_view first = lines[rows[0] - 1].substr(std::min<std::size_t>(1, lines[rows[0] - 1].size()));
        if (first.starts_with("[") || first.starts_with("{") || first.starts_with("<") || first.starts_with("- "))
            continue;
        tables.push_back(rows);
        i = j;
    }
    return tables;
}

}  // namespace

TEST_CASE("every fixture plan keeps every one of its lines") {
    Tally tally;
    for (const fs::path& path : files_under(fs::path(PLANLENS_SOURCE_DIR) / "fixtures", {".json", ".yaml", ".xml"}))
        check_document(path, tally);
    CHECK(tally.plans > 50);
    report(tally);
}

TEST_CASE("every plan in ../shared/wild keeps every one of its lines") {
    if (!fs::is_directory(wild)) {
        WARN("skipped: no ../shared/wild at " << wild.string());
        return;
    }
    Tally tally;
    for (const fs::path& path : files_under(wild, {".json", ".md"})) check_document(path, tally);
    CHECK(tally.plans > 1000);
    report(tally);
}

TEST_CASE("every QUERY PLAN table of PostgreSQL's regression output comes out whole") {
    if (!fs::is_directory(wild)) {
        WARN("skipped: no ../shared/wild at " << wild.string());
        return;
    }
    Tally tally;
    std::size_t tables = 0;
    for (const char* version : {"pg14", "pg18", "pg-master"}) {
        for (const fs::path& path : files_under(wild / version, {".json", ".md"})) {
            const Document doc = Document::from_text(read_file(path));
            const auto lines = document_lines(doc.text());
            for (const auto& rows : query_plan_tables(lines)) {
                ++tables;
                // A table holds one plan, or several separated by a blank row (a rule's actions).
                std::set<std::uint32_t> in_plans;
                for (const FoundPlan& f : doc.plans())
                    if (f.plan && f.last_line >= rows.front() && f.first_line <= rows.back())
                        for (const SourceLine& l : f.plan->lines) in_plans.insert(l.line);
                for (std::uint32_t row : rows)
                    if (!in_plans.count(row) && !blank(lines[row - 1]))
                        tally.fail(fmt_line(path, row, "a row of this QUERY PLAN table is not in a plan"));
            }
        }
    }
    CHECK(tables > 1000);
    report(tally);
}

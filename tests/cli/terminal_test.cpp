// Text output laid out for the terminal's width ($COLUMNS here, as the tests
// run in a pipe; 100 without it): lines fit, wrap at spaces, and never lose a
// figure or a name; show prints each node's document line.
#include "support/run_cli.hpp"

#include <algorithm>
#include <planlens/document.hpp>

#include <sstream>
#include <vector>

using namespace planlens;
using namespace planlens::test;

#ifdef PLANLENS_CLI

namespace {

const std::filesystem::path source_dir = PLANLENS_SOURCE_DIR;
const std::filesystem::path seeds_dir = source_dir / "fixtures" / "seeds";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// Every line fits `width`, unless it is one word too long for any line.
void check_fits(const std::string& out, std::size_t width) {
    CHECK(out.find('\x1b') == std::string::npos);
    for (const std::string& line : lines_of(out)) {
        if (planlens::test::columns(line) <= width) continue;
        const std::size_t text = line.find_first_not_of(' ');
        INFO("longer than " << width << ": " << line);
        CHECK(line.find(' ', text) == std::string::npos);
    }
}

/// The output with its line breaks and runs of spaces squashed: what a reader gets from it.
std::string squashed(const std::string& out) {
    std::string flat;
    for (char c : out) {
        if (c == '\n') c = ' ';
        if (c == ' ' && !flat.empty() && flat.back() == ' ') continue;
        flat += c;
    }
    return flat;
}

std::string ms(const char* what, double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%s %.3f ms", what, value);
    return text;
}

std::vector<std::filesystem::path> writeups() {
    std::vector<std::filesystem::path> out;
    for (const char* name : {"000.md", "001.md", "002.md", "003.md"}) out.push_back(seeds_dir / name);
    return out;
}

}  // namespace

TEST_CASE("terminal output: every line of show, hot, advise, diff and extract fits 80 and 60 columns") {
    for (const std::string columns_env : {"COLUMNS=80", "COLUMNS=60"}) {
        const std::size_t width = std::stoul(columns_env.substr(8));
        for (const auto& file : writeups()) {
            for (const char* verb : {"show", "hot", "advise", "diff", "extract"}) {
                INFO(columns_env << " " << verb << " " << file);
                const CliRun r = run_cli(std::string(verb) + " " + shell_quoted(file), columns_env);
                CHECK((r.status == 0 || (r.status == 1 && std::string(verb) == "diff")));  // 003 has no pair
                check_fits(r.out, width);
            }
        }
    }
}

TEST_CASE("terminal output: nothing is cut, names and figures wrap instead") {
    const auto file = seeds_dir / "000.md";
    auto doc = Document::from_file(file.string());
    REQUIRE(doc);
    for (const std::string columns_env : {"COLUMNS=60", "COLUMNS=80", "COLUMNS=200", ""}) {
        INFO(columns_env);
        const std::string shown = run_cli("show " + shell_quoted(file), columns_env).out;
        for (const std::string& line : lines_of(shown))  // a cut label ended in "..."
            CHECK_FALSE((line.size() >= 3 && line.compare(line.size() - 3, 3, "...") == 0));
        const std::string show = squashed(shown);
        const std::string hot = squashed(run_cli("hot --top 0 " + shell_quoted(file), columns_env).out);
        for (const FoundPlan& found : doc->plans()) {
            const Plan& plan = *found.plan;
            // the header's figures, which a cut header used to lose
            if (plan.execution_time) CHECK(show.find(ms("execution", *plan.execution_time)) != std::string::npos);
            if (plan.planning_time) CHECK(show.find(ms("planning", *plan.planning_time)) != std::string::npos);
            for (const Node& n : plan.nodes) {
                const std::string label(plan.header_text(n));
                INFO(label);
                CHECK(show.find(label) != std::string::npos);
                CHECK(hot.find(label) != std::string::npos);
            }
        }
    }
    const std::string diff = squashed(run_cli("diff " + shell_quoted(file), "COLUMNS=80").out);
    CHECK(diff.find("\u2026") == std::string::npos);  // no name cut in the middle
    CHECK(diff.find("idx_from_user") != std::string::npos);
}

TEST_CASE("terminal output: extract moves what does not fit to indented lines, and loses nothing") {
    for (const auto& file : writeups()) {
        INFO(file);
        const CliRun wide = run_cli("extract " + shell_quoted(file), "COLUMNS=1000");
        const CliRun narrow = run_cli("extract " + shell_quoted(file), "COLUMNS=80");
        CHECK(squashed(narrow.out) == squashed(wide.out));
        for (const std::string& line : lines_of(narrow.out))  // a plan's line, or one of its own below it
            CHECK((line.rfind("#", 0) == 0 || line.rfind("    ", 0) == 0));
    }
    const std::vector<std::string> lines =
        lines_of(run_cli("extract " + shell_quoted(seeds_dir / "000.md"), "COLUMNS=80").out);
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0].find("#1  lines ") == 0);
    CHECK(lines[1].find("    ") == 0);  // the heading did not fit beside the figures
}

TEST_CASE("terminal output: show prints each node's document line") {
    const auto file = seeds_dir / "000.md";
    auto doc = Document::from_file(file.string());
    REQUIRE(doc);
    const std::vector<std::string> lines = lines_of(run_cli("show --plan 1 " + shell_quoted(file)).out);
    const Plan& plan = *doc->plans()[0].plan;
    std::size_t row = 0;
    for (const Node& n : plan.nodes) {
        const std::string name(plan.header_text(n));
        while (row < lines.size() && lines[row].find(name.substr(0, std::min<std::size_t>(name.size(), 20))) == std::string::npos)
            ++row;
        REQUIRE(row < lines.size());
        INFO(lines[row]);
        CHECK(lines[row].find("  " + std::to_string(n.source_line) + "  ") != std::string::npos);
    }
}

TEST_CASE("terminal output: at 80 columns show's tree still steps in at every level") {
    for (const auto& file : writeups()) {
        auto doc = Document::from_file(file.string());
        REQUIRE(doc);
        for (std::size_t p = 0; p < doc->plans().size(); ++p) {
            const Plan& plan = *doc->plans()[p].plan;
            INFO(file << " plan " << p + 1);
            const auto lines = lines_of(run_cli("show --plan " + std::to_string(p + 1) + " " + shell_quoted(file), "COLUMNS=80").out);
            // where each node's row starts its tree part: the arrow, or the root's name
            std::vector<std::size_t> column(plan.nodes.size(), 0);
            std::size_t row = 0;
            for (NodeId id = 0; id < plan.nodes.size(); ++id) {
                const std::string number = "  " + std::to_string(plan.nodes[id].source_line) + "  ";
                const std::string start = id == 0 ? std::string(plan.nodes[id].name.substr(0, 4)) : "-> ";
                for (; row < lines.size(); ++row) {
                    const std::size_t at = lines[row].find(number);
                    if (at == std::string::npos) continue;
                    const std::size_t tree = lines[row].find_first_not_of(' ', at + number.size());
                    if (tree != std::string::npos && lines[row].compare(tree, start.size(), start) == 0) {
                        // in characters: the estimate column's arrows are several bytes
                        column[id] = static_cast<std::size_t>(std::count_if(
                            lines[row].begin(), lines[row].begin() + static_cast<std::ptrdiff_t>(tree),
                            [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
                        break;
                    }
                }
                REQUIRE(row < lines.size());
                if (plan.nodes[id].parent != no_node) CHECK(column[id] > column[plan.nodes[id].parent]);
            }
        }
    }
}

TEST_CASE("terminal output: a wide terminal gets the bar and unwrapped headings") {
    const auto file = seeds_dir / "000.md";
    const CliRun wide = run_cli("show --plan 1 " + shell_quoted(file), "COLUMNS=200");
    const CliRun narrow = run_cli("show --plan 1 " + shell_quoted(file), "COLUMNS=80");
    CHECK(wide.out.find("#####.") != std::string::npos);    // the bar from 100 columns
    CHECK(narrow.out.find("#####.") == std::string::npos);  // 80 keep the room for the tree
    CHECK(lines_of(wide.out).front().find("planning") != std::string::npos);  // the heading on one line
    CHECK(lines_of(wide.out).size() <= lines_of(narrow.out).size());
    check_fits(wide.out, 200);
}

#endif

// Hostile input through the library: nesting thousands deep through every
// analysis and renderer, the limits, numbers out of range, NUL bytes,
// invalid UTF-8, mixed line endings, tabs, and errors located in the
// original document while the other plans of a document still come out.
#include <planlens/advice.hpp>
#include <planlens/document.hpp>
#include <planlens/hot_nodes.hpp>
#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>
#include <planlens/timing.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace planlens;

namespace {

const std::string scan = "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)";

/// A chain of `depth` nodes under a Limit, each with a Filter line: Materialize
/// nodes down to a Seq Scan at the bottom, so that there is a relation to roll up.
std::string deep_plan(std::size_t depth) {
    std::string out = "Limit  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)\n";
    for (std::size_t d = 1; d <= depth; ++d) {
        out.append(6 * d - 4, ' ');
        out += "->  ";
        out += d == depth ? scan : "Materialize  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)";
        out += '\n';
        out.append(6 * d + 2, ' ');
        out += "Filter: ((a > 1) AND (b = c.d))\n";
    }
    out += "Planning Time: 0.100 ms\nExecution Time: 0.200 ms\n";
    return out;
}

/// A chain of `depth` Materialize nodes indented with tabs (8 columns each):
/// a byte of indentation per level, so 10,000 levels take 50 MB, not 300 MB.
std::string deep_tab_plan(std::size_t depth) {
    std::string out = "Limit  (cost=0.00..1.00 rows=1 width=4)\n";
    for (std::size_t d = 1; d <= depth; ++d) {
        out.append(d, '\t');
        out += "->  Materialize  (cost=0.00..1.00 rows=1 width=4)\n";
    }
    return out;
}

/// Every consumer of a plan, run once; none may recurse per level of nesting.
void run_everything(const Plan& plan) {
    const Plan* plans[] = {&plan};
    CHECK(to_pg_json(plans).size() > plan.nodes.size());
    CHECK(to_text(plan).size() > plan.nodes.size());
    const TimeProfile profile = exclusive_time(plan);
    const std::vector<Finding> findings = find_problems(plan, profile);
    HotOptions options;
    options.top = 0;
    CHECK(hot_nodes(plan, profile, findings, options).size() == plan.nodes.size());
    std::string advice;
    append_advice_json(advice, plan, advise(plan, profile));
    CHECK(!advice.empty());
    CHECK(!time_by_relation(plan, profile).empty());
}

/// No "inf", "nan" or bare non-JSON numbers in a JSON text: a cheap check
/// that every number token starts like a JSON number.
bool json_numbers_valid(std::string_view json) {
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == 'i' || c == 'I' || c == 'N') return false;  // inf, Infinity, NaN outside strings
        else if (c == '.' && (i == 0 || json[i - 1] < '0' || json[i - 1] > '9')) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("a plan 5,000 levels deep goes through every analysis and renderer") {
    const std::string text = deep_plan(5000);
    const auto plan = parse_plan(text);
    REQUIRE(plan);
    CHECK(plan->nodes.size() == 5001);
    CHECK(plan->nodes.back().depth == 5000);
    run_everything(*plan);
}

TEST_CASE("a deep plan pasted in a markdown table is found and parsed") {
    std::string doc = "# deep\n\n| QUERY PLAN |\n| --- |\n";
    const std::string text = deep_plan(3000);
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t nl = text.find('\n', at);
        doc += "| " + text.substr(at, nl - at) + " |\n";
        at = nl + 1;
    }
    const Document d = Document::from_text(doc);
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    CHECK(d.plans()[0].plan->nodes.size() == 3001);
    run_everything(*d.plans()[0].plan);
}

TEST_CASE("nesting beyond the limit is an error at the line that goes too deep") {
    ParseLimits limits;
    limits.max_depth = 100;
    const std::string text = deep_plan(150);  // the plan points into its text
    const auto plan = parse_plan(text, limits);
    REQUIRE_FALSE(plan);
    CHECK(plan.error().position.line == 2 + 2 * 100);  // the 101st child header
    CHECK(plan.error().position.column == 6 * 101 - 4 + 1);  // at its "->"
    CHECK(plan.error().message.find("deeper than 100") != std::string::npos);
}

TEST_CASE("the default depth limit is documented as 10,000 and holds") {
    CHECK(ParseLimits{}.max_depth == 10'000);
    const std::string deepest_text = deep_tab_plan(10'000), too_deep_text = deep_tab_plan(10'001);
    const auto deepest = parse_plan(deepest_text);
    REQUIRE(deepest);
    CHECK(deepest->nodes.back().depth == 10'000);
    const auto plan = parse_plan(too_deep_text);
    REQUIRE_FALSE(plan);
    CHECK(plan.error().position.line == 10'002);
    CHECK(plan.error().message.find("deeper than 10000") != std::string::npos);
}

TEST_CASE("a line longer than the limit is an error, not a slow parse") {
    ParseLimits limits;
    limits.max_line_length = 1000;
    const std::string text = scan + "\n  Filter: " + std::string(5000, 'x') + "\n";
    const auto plan = parse_plan(text, limits);
    REQUIRE_FALSE(plan);
    CHECK(plan.error().position.line == 2);
    CHECK(plan.error().message.find("limit of 1000") != std::string::npos);
}

TEST_CASE("numbers out of range are located errors") {
    const char* cases[] = {
        "Seq Scan on t  (cost=0.00..1e400 rows=1 width=4)",
        "Seq Scan on t  (cost=nan..1.00 rows=1 width=4)",
        "Seq Scan on t  (cost=0.00..1.00 rows=-5 width=4)",
        "Seq Scan on t  (cost=0.00..1.00 rows=1 width=99999999999999999999)",
    };
    // The node stays (without the figures); the warning says where and what.
    for (const char* line : cases) {
        INFO(line);
        const auto plan = parse_plan(line);
        REQUIRE(plan);
        CHECK_FALSE(plan->root().estimates);
        REQUIRE(plan->warnings.size() == 1);
        CHECK(plan->warnings[0].position.line == 1);
        CHECK(plan->warnings[0].position.column > 15);
        CHECK(plan->warnings[0].message.find("found") != std::string::npos);
    }
    const std::string huge = "Seq Scan on t  (cost=0.00.." + std::string(400, '9') + ".00 rows=1 width=4)";
    const auto plan = parse_plan(huge);
    REQUIRE(plan);
    REQUIRE(plan->warnings.size() == 1);
    CHECK(plan->warnings[0].message.find("out of range") != std::string::npos);
}

TEST_CASE("absurd figures in properties and the summary never make invalid JSON") {
    const std::string text = "Nested Loop  (cost=0.00..1.00 rows=1 width=4) (actual time=1.000..9" +
                             std::string(300, '9') + ".000 rows=9" + std::string(300, '9') + " loops=9" +
                             std::string(300, '9') + ")\n  ->  " + scan + "\n        Rows Removed by Filter: " +
                             std::string(400, '9') + "\n        Heap Fetches: .5\n        Workers Planned: 007\n" +
                             "Planning Time: " + std::string(400, '9') + " ms\nExecution Time: nan ms\n";
    const auto plan = parse_plan(text);
    REQUIRE(plan);
    const Plan* plans[] = {&*plan};
    const std::string json = to_pg_json(plans);
    INFO(json);
    CHECK(json_numbers_valid(json));
    run_everything(*plan);
}

TEST_CASE("NUL bytes and invalid UTF-8 stay in the text and come out as valid JSON") {
    using namespace std::string_literals;  // the literal holds a NUL: keep its full length
    const std::string text = scan + "\n  Filter: (a = '\0\xff\xfe\xc3\x28')\n"s;
    REQUIRE(text.find('\0') != std::string::npos);
    const auto plan = parse_plan(text);
    REQUIRE(plan);
    const Plan* plans[] = {&*plan};
    const std::string json = to_pg_json(plans);
    CHECK(json.find("\\u0000") != std::string::npos);
    CHECK(json.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD for the bytes that are not UTF-8
    CHECK(json.find('\xff') == std::string::npos);
}

TEST_CASE("a NUL byte in a node name is an error that shows the byte escaped") {
    constexpr char bytes[] = "Sort  (cost=1.00..2.00 rows=1 width=4)\n  ->  Seq\0Scan on t  (cost=0.00..1.00 rows=1 width=4)\n";
    const std::string text(bytes, sizeof bytes - 1);  // the NUL inside, not the terminator
    const auto plan = parse_plan(text);
    REQUIRE(plan);
    REQUIRE(plan->warnings.size() == 1);
    CHECK(plan->warnings[0].position.line == 2);
    CHECK(plan->warnings[0].message.find("\\x00") != std::string::npos);
}

TEST_CASE("mixed line endings count lines the way an editor does") {
    const std::string text = "Hash Join  (cost=1.00..2.00 rows=1 width=4)\r\n  Hash Cond: (a = b)\r  ->  " + scan +
                             "\n  ->  Hash  (cost=1.00..1.00 rows=1 width=4)\r\n        ->  " + scan +
                             "\rPlanning Time: 0.1 ms\n";
    const auto plan = parse_plan(text);
    REQUIRE(plan);
    CHECK(plan->nodes.size() == 4);
    CHECK(plan->lines.back().line == 6);
    CHECK(plan->planning_time == 0.1);
}

TEST_CASE("tabs in indentation advance to the next multiple of eight") {
    const std::string text = "Hash Join  (cost=1.00..2.00 rows=1 width=4)\n\tHash Cond: (a = b)\n\t->  " + scan +
                             "\n\t->  Hash  (cost=1.00..1.00 rows=1 width=4)\n\t\t->  " + scan + "\n";
    const auto plan = parse_plan(text);
    REQUIRE(plan);
    CHECK(plan->nodes.size() == 4);
    CHECK(plan->nodes[3].parent == 2);
}

TEST_CASE("a broken plan is reported at its document line while the others come out") {
    const std::string doc = "# Three plans\n\n```\n" + scan +
                            "\n```\n\nThe broken one:\n\n```\nSort  (cost=1.00..2.00 rows=1 width=4)\n  Sort Key: a\n"
                            "  ->  Seq Scan on t  (cost=0.00..x rows=1 width=4)\n```\n\n| QUERY PLAN |\n| --- |\n| " +
                            scan + " |\n";
    const Document d = Document::from_text(doc);
    REQUIRE(d.plans().size() == 3);
    CHECK(d.plans()[0].plan);
    CHECK(d.plans()[2].plan);
    REQUIRE(d.plans()[1].plan);  // the broken line keeps its node, with a warning
    CHECK(d.plans()[1].plan->nodes.size() == 2);
    REQUIRE(d.plans()[1].plan->warnings.size() == 1);
    const Warning& w = d.plans()[1].plan->warnings[0];
    CHECK(w.position.line == 12);
    const std::string_view broken = "  ->  Seq Scan on t  (cost=0.00..x rows=1 width=4)";
    CHECK(w.position.column == broken.find('x') + 1);  // the 'x' after "(cost=0.00..", 34
    CHECK(d.error_count() == 0);
}

TEST_CASE("an error inside a markdown table row counts the table's decoration in its column") {
    const std::string doc = "| QUERY PLAN |\n| --- |\n| Sort  (cost=1.00..2.00 rows=1 width=4) |\n"
                            "|   ->  Seq Scan on t  (cost=0.00..1.00 rows=1 wid=4) |\n";
    const Document d = Document::from_text(doc);
    REQUIRE(d.plans().size() == 1);
    REQUIRE(d.plans()[0].plan);
    REQUIRE(d.plans()[0].plan->warnings.size() == 1);
    const Warning& w = d.plans()[0].plan->warnings[0];
    CHECK(w.position.line == 4);
    const std::string_view row = "|   ->  Seq Scan on t  (cost=0.00..1.00 rows=1 wid=4) |";
    CHECK(w.position.column == row.find(" wid=") + 1);
}

// scan_text / scan_file: the plans of a document one at a time must be the
// plans Document::plans() holds, in the same order, with the same spans,
// styles, formats, trees and errors.
#include "document_helpers.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

using namespace planlens;
namespace fs = std::filesystem;

namespace {

/// What a found plan is, in one line: enough to tell two plans apart.
std::string describe(const FoundPlan& found) {
    std::string out = fmt::format("{}-{} {} {}", found.first_line, found.last_line, to_string(found.style),
                                  to_string(found.format));
    if (found.error) out += fmt::format(" error {}:{} {}", found.error->position.line, found.error->position.column,
                                        found.error->message);
    if (found.plan) {
        out += fmt::format(" {} nodes {} lines {} warnings", found.plan->nodes.size(), found.plan->lines.size(),
                           found.plan->warnings.size());
        for (const Node& n : found.plan->nodes) out += fmt::format(" [{} {}]", node_type(n), n.source_line);
    }
    if (!found.heading.empty()) out += fmt::format(" heading '{}'", found.heading);
    if (!found.sql.empty()) out += fmt::format(" sql '{}'", found.sql);
    return out;
}

std::vector<std::string> held(const std::string& text) {
    const Document doc = Document::from_text(text);
    std::vector<std::string> out;
    for (const FoundPlan& found : doc.plans()) out.push_back(describe(found));
    return out;
}

std::vector<std::string> scanned(const std::string& text, ScanTotals& totals) {
    std::vector<std::string> out;
    totals = scan_text(text, [&out](const FoundPlan& found) { out.push_back(describe(found)); });
    return out;
}

void check_same(const std::string& text) {
    ScanTotals totals;
    const std::vector<std::string> one_at_a_time = scanned(text, totals);
    const Document doc = Document::from_text(text);
    CHECK(one_at_a_time == held(text));
    CHECK(totals.plans == doc.plans().size());
    CHECK(totals.errors == doc.error_count());
    CHECK(totals.bytes == text.size());
}

}  // namespace

TEST_CASE("scan_text: text, JSON, YAML, salvaged and failed plans interleaved come out as Document holds them") {
    const std::string text =
        "# Before\n"
        "\n"
        "```sql\n"
        "SELECT 1;\n"
        "```\n"
        "\n"
        "Seq Scan on a  (cost=0.00..1.01 rows=1 width=4)\n"
        "\n"
        "```json\n"
        "[\n"
        "  {\n"
        "    \"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"b\", \"Alias\": \"b\"}\n"
        "  },\n"
        "  {\n"
        "    \"Plan\": {\"Node Type\": 7}\n"
        "  }\n"
        "]\n"
        "```\n"
        "\n"
        "# After\n"
        "\n"
        "Hash Join  (cost=1.00..2.00 rows=1 width=4)\n"
        "  ->  Seq Scan on c  (cost=0.00..1.01 rows=1 width=4)\n"
        "  ->  Hash  (cost=1.01..1.01 rows=1 width=4)\n"
        "        ->  Seq Scan on d  (cost=0.00..1.01 rows=1 width=4)\n"
        "\n"
        "```yaml\n"
        "- Plan:\n"
        "    Node Type: \"Limit\"\n"
        "    Plans:\n"
        "      - Node Type: \"Seq Scan\"\n"
        "        Relation Name: \"e\"\n"
        "        Alias: \"e\"\n"
        "```\n"
        "\n"
        "Seq Scan on f  (cost=0.00..1.01 rows=1 width=4) (actual time=x..1 rows=1 loops=1)\n"
        "\n"
        "Limit  (cost=0.00..0.04 rows=1 width=4)\n"
        "  ->  Seq Scan on g  (cost=0.00..1.01 rows=1 width=4)\n";
    const std::vector<std::string> plans = held(text);
    REQUIRE(plans.size() == 7);
    CHECK(plans[1].find("json") != std::string::npos);
    CHECK(plans[2].find("json error 15:") != std::string::npos);
    CHECK(plans[4].find("yaml") != std::string::npos);
    CHECK(plans[5].find(" 1 warnings") != std::string::npos);
    check_same(text);
}

TEST_CASE("scan_text: a text plan inside a structured plan is part of it, not a plan of its own") {
    // the JSON's "Query Text" holds what reads as a plan's root line
    const std::string text =
        "[\n"
        "  {\n"
        "    \"Query Text\": \"Seq Scan on x  (cost=0.00..1.01 rows=1 width=4)\",\n"
        "    \"Plan\": {\"Node Type\": \"Result\"}\n"
        "  }\n"
        "]\n"
        "Seq Scan on y  (cost=0.00..1.01 rows=1 width=4)\n";
    ScanTotals totals;
    const std::vector<std::string> plans = scanned(text, totals);
    REQUIRE(plans.size() == 2);
    CHECK(plans[0].find("json") != std::string::npos);
    CHECK(plans[1].starts_with("7-7 bare text"));
    check_same(text);
}

TEST_CASE("scan_text: every checked-in document and seed comes out as Document holds it") {
    const fs::path fixtures = fs::path(PLANLENS_SOURCE_DIR) / "fixtures";
    std::size_t files = 0;
    for (const auto* folder : {"documents", "seeds", "plans", "pg15", "cli", "diff", "analysis"}) {
        if (!fs::exists(fixtures / folder)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(fixtures / folder)) {
            if (!entry.is_regular_file()) continue;
            INFO(entry.path().string());
            check_same(test::read_file(entry.path()));
            ++files;
        }
    }
    CHECK(files > 50);
    const fs::path seeds = PLANLENS_SEEDS_DIR;
    if (!fs::exists(seeds)) return;
    for (const auto& entry : fs::directory_iterator(seeds)) {
        INFO(entry.path().string());
        check_same(test::read_file(entry.path()));
    }
}

TEST_CASE("scan_file: a file is scanned as its text is, and a missing one is an error") {
    const fs::path path = fs::path(PLANLENS_SOURCE_DIR) / "examples" / "writeup.md";
    std::vector<std::string> from_file;
    const auto totals = scan_file(path.string(), [&](const FoundPlan& found) { from_file.push_back(describe(found)); });
    REQUIRE(totals);
    CHECK(totals->plans > 1);
    CHECK(from_file == held(test::read_file(path)));

    bool called = false;
    const auto missing = scan_file("/nonexistent/planlens/plan.txt", [&](const FoundPlan&) { called = true; });
    REQUIRE_FALSE(missing);
    CHECK_FALSE(missing.error().message.empty());
    CHECK_FALSE(called);
}

TEST_CASE("scan_text: an exception from the visitor ends the scan and reaches the caller") {
    const std::string text =
        "Seq Scan on a  (cost=0.00..1.01 rows=1 width=4)\n\n"
        "Seq Scan on b  (cost=0.00..1.01 rows=1 width=4)\n";
    std::size_t seen = 0;
    const auto stop = [&seen](const FoundPlan&) {
        ++seen;
        throw std::runtime_error("enough");
    };
    CHECK_THROWS_WITH(scan_text(text, stop), "enough");
    CHECK(seen == 1);
}

namespace {

/// Over a megabyte of plans in every paste style the fixtures hold, with
/// JSON plans and rewritten lines among them: what scans on several threads.
std::string large_document() {
    const fs::path fixtures = fs::path(PLANLENS_SOURCE_DIR) / "fixtures";
    std::string one;
    for (const auto* folder : {"documents", "seeds"})
        for (const auto& entry : fs::directory_iterator(fixtures / folder))
            if (entry.is_regular_file()) one += test::read_file(entry.path()) + "\n\n";
    std::string text;
    while (text.size() < (std::size_t{3} << 20)) text += one;
    return text;
}

}  // namespace

TEST_CASE("scan_text on several threads: the same plans in the same order as on one") {
    const std::string text = large_document();
    ScanTotals totals;
    const std::vector<std::string> expected = scanned(text, totals);
    REQUIRE(totals.plans > 1000);
    for (const unsigned jobs : {2u, 3u, 8u}) {
        INFO(jobs << " jobs");
        std::vector<std::string> got;
        const ScanTotals t = scan_text(
            text, [&got](const FoundPlan& found) { got.push_back(describe(found)); }, ScanOptions{{}, jobs});
        CHECK(t.plans == totals.plans);
        CHECK(t.errors == totals.errors);
        CHECK(got == expected);
    }
}

TEST_CASE("scan_text on several threads: an exception from the visitor ends the scan and reaches the caller") {
    const std::string text = large_document();
    std::size_t seen = 0;
    const auto stop = [&seen](const FoundPlan&) {
        if (++seen == 500) throw std::runtime_error("enough");
    };
    CHECK_THROWS_WITH(scan_text(text, stop, ScanOptions{{}, 4}), "enough");
    CHECK(seen == 500);
}

TEST_CASE("scan_text on several threads: a huge region among small ones is read in its place") {
    // a region of more lines than the batches ahead hold is read on the caller's thread, without a copy
    std::string huge = "Seq Scan on big  (cost=0.00..1.01 rows=1 width=4)\n";
    for (int i = 0; i < 70000; ++i) huge += "  Filter: (a = " + std::to_string(i) + ")\n";
    const std::string text = large_document() + "\n" + huge + "\n" + large_document();
    ScanTotals totals;
    const std::vector<std::string> expected = scanned(text, totals);
    std::vector<std::string> got;
    const ScanTotals t = scan_text(
        text, [&got](const FoundPlan& found) { got.push_back(describe(found)); }, ScanOptions{{}, 2});
    CHECK(t.plans == totals.plans);
    CHECK(got == expected);
    const auto is_huge = [](const std::string& p) { return p.find(" 70001 lines") != std::string::npos; };
    CHECK(std::count_if(got.begin(), got.end(), is_huge) == 1);
}

TEST_CASE("Document on several threads: the same plans as on one, and ParseLimits still serve as options") {
    const std::string text = large_document();
    const auto described = [](const Document& doc) {
        std::vector<std::string> out;
        for (const FoundPlan& found : doc.plans()) out.push_back(describe(found));
        return out;
    };
    const Document one = Document::from_text(text);
    const Document three = Document::from_text(text, ScanOptions({}, 3));
    CHECK(described(three) == described(one));
    CHECK(three.error_count() == one.error_count());
    ParseLimits strict;
    strict.max_line_length = 20;  // a Document still takes limits alone: these lines are longer
    const Document limited = Document::from_text("Limit  (cost=0.00..1.01 rows=1 width=4)\n"
                                                 "  ->  Sort  (cost=0.00..1.01 rows=1 width=4)\n"
                                                 "        ->  Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)\n",
                                                 strict);
    REQUIRE(limited.plans().size() == 1);
    CHECK(limited.plans()[0].error);
}

// Structured plans found in documents as people paste them.
#include <planlens/document.hpp>
#include <planlens/text.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace planlens;

namespace {

const std::string json_plan = R"([
  {
    "Plan": {
      "Node Type": "Seq Scan",
      "Parallel Aware": false,
      "Async Capable": false,
      "Relation Name": "orders",
      "Alias": "o",
      "Startup Cost": 0.00,
      "Total Cost": 1.50,
      "Plan Rows": 50,
      "Plan Width": 8
    }
  }
])";

std::string psql_cell(const std::string& value) {
    std::vector<std::string> rows;
    std::size_t width = 0, start = 0;
    while (start <= value.size()) {
        const std::size_t nl = value.find('\n', start);
        rows.push_back(value.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        width = std::max(width, rows.back().size());
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    std::string out = "                QUERY PLAN\n" + std::string(width + 2, '-') + "\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out += ' ' + rows[i];
        if (i + 1 < rows.size()) out += std::string(width - rows[i].size(), ' ') + " +";
        out += '\n';
    }
    return out + "(1 row)\n";
}

void check_one(const std::string& doc, PasteStyle style, std::uint32_t first_line) {
    const Document d = Document::from_text(doc);
    REQUIRE(d.plans().size() == 1);
    const FoundPlan& found = d.plans()[0];
    INFO(doc);
    REQUIRE(found.plan);
    CHECK(found.style == style);
    CHECK(found.format == PlanFormat::json);
    CHECK(found.first_line == first_line);
    CHECK(to_text(*found.plan) == "Seq Scan on orders o  (cost=0.00..1.50 rows=50 width=8)\n");
}

}  // namespace

TEST_CASE("documents: JSON plans as pasted", "[structured][document]") {
    // a plan's span is its whole EXPLAIN output: those lines read back as JSON
    check_one(json_plan, PasteStyle::bare, 1);
    check_one("# Slow query\n\nBefore:\n\n```json\n" + json_plan + "\n```\n\nThat is all.\n", PasteStyle::fenced, 6);
    check_one("db=> EXPLAIN (FORMAT JSON) SELECT * FROM orders o;\n" + psql_cell(json_plan), PasteStyle::psql, 4);
    check_one("QUERY PLAN\n" + json_plan + "\n(1 row)\n", PasteStyle::psql_unaligned, 2);
    std::string csv = "\"QUERY PLAN\"\n\"";
    for (const char c : json_plan) csv += c == '"' ? std::string("\"\"") : std::string(1, c);
    check_one(csv + "\"\n", PasteStyle::csv, 2);
    std::string log = "2024-05-01 10:00:00 UTC [42] LOG:  duration: 0.020 ms  plan:\n";
    log += "\t{\n\t  \"Query Text\": \"select * from orders o\",\n\t  \"Plan\": {\n";
    for (const char* l : {"\"Node Type\": \"Seq Scan\",", "\"Parallel Aware\": false,", "\"Async Capable\": false,",
                          "\"Relation Name\": \"orders\",", "\"Alias\": \"o\",", "\"Startup Cost\": 0.00,",
                          "\"Total Cost\": 1.50,", "\"Plan Rows\": 50,", "\"Plan Width\": 8"})
        (log += "\t    ") += std::string(l) + "\n";
    log += "\t  }\n\t}\n2024-05-01 10:00:01 UTC [42] LOG:  statement: select 1;\n";
    check_one(log, PasteStyle::log, 2);
    const Document d = Document::from_text(log);
    CHECK(d.plans()[0].sql == "select * from orders o");
}

TEST_CASE("documents: a text plan and a JSON plan side by side, in document order", "[structured][document]") {
    const std::string doc = "Before:\n\n    Seq Scan on orders o  (cost=0.00..1.50 rows=50 width=8)\n\nAfter:\n\n```json\n" +
                            json_plan + "\n```\n";
    const Document d = Document::from_text(doc);
    REQUIRE(d.plans().size() == 2);
    CHECK(d.plans()[0].format == PlanFormat::text);
    CHECK(d.plans()[1].format == PlanFormat::json);
    CHECK(d.error_count() == 0);
}

TEST_CASE("documents: a broken JSON plan is one located error, the other plans still come out", "[structured][document]") {
    const std::string doc = "```json\n[{\"Plan\": {\"Node Type\": \"Result\",, }}]\n```\n\n```json\n" + json_plan + "\n```\n";
    const Document d = Document::from_text(doc);
    REQUIRE(d.plans().size() == 2);
    CHECK(d.error_count() == 1);
    REQUIRE(d.plans()[0].error);
    CHECK(d.plans()[0].error->position.line == 2);
    CHECK(d.plans()[1].plan);
}

TEST_CASE("documents: a structured plan's lines, cut out of the document, read back as the same plan",
          "[structured][document]") {
    const std::string doc = "Before:\n\n```json\n" + json_plan + "\n```\n\nAfter, as YAML:\n\n```yaml\n" +
                            "- Plan: \n    Node Type: \"Result\"\n    Startup Cost: 0.00\n    Total Cost: 0.01\n" +
                            "    Plan Rows: 1\n    Plan Width: 4\n```\n";
    const Document d = Document::from_text(doc);
    REQUIRE(d.plans().size() == 2);
    std::vector<std::string> lines{""};  // 1-based
    for (std::size_t start = 0; start <= doc.size();) {
        const std::size_t nl = std::min(doc.find('\n', start), doc.size());
        lines.push_back(doc.substr(start, nl - start));
        start = nl + 1;
    }
    for (const FoundPlan& found : d.plans()) {
        REQUIRE(found.plan);
        std::string cut;
        for (std::uint32_t l = found.first_line; l <= found.last_line; ++l) cut += lines[l] + "\n";
        INFO(cut);
        const Document again = Document::from_text(cut);
        REQUIRE(again.plans().size() == 1);
        REQUIRE(again.plans()[0].plan);
        CHECK(again.plans()[0].format == found.format);
        CHECK(to_text(*again.plans()[0].plan) == to_text(*found.plan));
    }
}

TEST_CASE("documents: a structured plan is placed in document order however far its first \"Plan\" key is",
          "[structured][document]") {
    // the key that shows the log entry holds a plan comes 300 KB after its first
    // line; the document is over 1 MiB, so with 3 jobs its text plans are
    // parsed on other threads
    const std::string text_plan = "    Seq Scan on orders o  (cost=0.00..1.50 rows=50 width=8)\n";
    const std::string query(300000, 'x');
    std::string log = "2024-05-01 10:00:00 UTC [42] LOG:  duration: 0.020 ms  plan:\n";
    log += "\t{\n\t  \"Query Text\": \"select " + query + "\",\n\t  \"Plan\": {\n";
    log += "\t    \"Node Type\": \"Result\",\n\t    \"Startup Cost\": 0.00,\n\t    \"Total Cost\": 0.01,\n";
    log += "\t    \"Plan Rows\": 1,\n\t    \"Plan Width\": 4\n\t  }\n\t}\n";
    std::string doc = "Before:\n\n" + text_plan + "\n" + log + "\nAfter:\n\n" + text_plan;
    for (int i = 0; i < 40; ++i) doc += "\nAnd again:\n\n" + text_plan;  // past 1 MiB with the padding below
    doc += "\n" + std::string(1 << 20, '.') + "\n";
    for (const unsigned jobs : {1u, 3u}) {
        INFO("jobs " << jobs);
        std::vector<PlanFormat> formats;
        std::vector<std::uint32_t> lines;
        const ScanTotals totals = scan_text(
            doc,
            [&](const FoundPlan& found) {
                formats.push_back(found.format);
                lines.push_back(found.first_line);
            },
            ScanOptions(ParseLimits{}, jobs));
        CHECK(totals.errors == 0);
        REQUIRE(formats.size() == 43);
        CHECK(formats[0] == PlanFormat::text);
        CHECK(formats[1] == PlanFormat::json);
        CHECK(lines[1] == 6);
        CHECK(std::count(formats.begin(), formats.end(), PlanFormat::json) == 1);
        CHECK(std::is_sorted(lines.begin(), lines.end()));
    }
}

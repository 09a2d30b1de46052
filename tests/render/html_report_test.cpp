// The HTML report as text: the markup contract the browser test and tools
// rely on, escaping of everything that comes from the plan, plans of any
// depth, a failed plan kept as pasted, and the size of a 10,000-node report.
#include "analysis/plans.hpp"

#include "../../bench/generate.hpp"

#include <planlens/document.hpp>
#include <planlens/html_report.hpp>
#include <planlens/plan_diff.hpp>

#include <regex>

using namespace planlens;

namespace {

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

/// The text of plan N's section (up to the next section).
std::string section_of(const std::string& html, std::size_t plan) {
    const std::size_t start = html.find("<section class=\"plan\" id=\"plan-" + std::to_string(plan) + "\"");
    REQUIRE(start != std::string::npos);
    return html.substr(start, html.find("<section", start + 1) - start);
}

std::vector<std::uint32_t> data_lines(const std::string& section) {
    std::vector<std::uint32_t> lines;
    static const std::regex attr("data-line=\"([0-9]+)\"");
    for (std::sregex_iterator it(section.begin(), section.end(), attr), end; it != end; ++it)
        lines.push_back(static_cast<std::uint32_t>(std::stoul((*it)[1])));
    return lines;
}

}  // namespace

TEST_CASE("report: one data-line element per node at its document line, an svg per plan, a data-diff per pair") {
    const auto doc = Document::from_file((planlens::test::fixtures_dir / "diff" / "writeup.md").string());
    REQUIRE(doc);
    const std::string html = html_report(*doc, {"writeup.md"});
    const auto plans = doc->plans();
    REQUIRE(plans.size() == 5);
    for (std::size_t i = 0; i < plans.size(); ++i) {
        INFO("plan " << i + 1);
        const Plan& plan = *plans[i].plan;
        const std::string section = section_of(html, i + 1);
        const auto lines = data_lines(section);
        REQUIRE(lines.size() == plan.nodes.size());
        for (NodeId id = 0; id < plan.nodes.size(); ++id) CHECK(lines[id] == plan.lines[plan.nodes[id].line].line);
        CHECK(count(section, "<svg") == 1);
    }
    CHECK(count(html, "data-diff=\"") == before_after_pairs(plans).size());
    CHECK(count(html, "data-diff=\"1 2\"") == 1);
    // Balanced: every element the writer opened was closed.
    CHECK(count(html, "<li") == count(html, "</li>"));
    CHECK(count(html, "<ul") == count(html, "</ul>"));
    CHECK(count(html, "<section") == count(html, "</section>"));
    CHECK(html.ends_with("</script></body></html>"));
}

TEST_CASE("report: self-contained, nothing to fetch") {
    const auto doc = Document::from_file((planlens::test::fixtures_dir / "seeds" / "001.md").string());
    REQUIRE(doc);
    const std::string html = html_report(*doc);
    CHECK(count(html, "<style>") == 1);
    CHECK(count(html, "<script>") == 1);
    CHECK(count(html, "<link") == 0);
    CHECK(count(html, " src=") == 0);
    CHECK(count(html, "@import") == 0);
    CHECK(count(html, "url(") == 0);
    // The only address is the SVG namespace, which browsers never fetch.
    CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST_CASE("report: text from the plan is escaped wherever it lands") {
    auto doc = Document::from_text(R"(# <img src=x onerror=alert(1)>

```sql
SELECT * FROM "a<b" WHERE name = '</script><script>alert(1)</script>';
```

```
Seq Scan on "a<b"  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)
  Filter: (name = '</script><script>alert(1)</script>'::text)
  Rows Removed by Filter: 100000
Execution Time: 0.100 ms
```
)");
    REQUIRE(doc.plans().size() == 1);
    const std::string html = html_report(doc, {"\"quoted\" <name>"});
    CHECK(count(html, "<script") == 1);
    CHECK(count(html, "<img") == 0);
    CHECK(count(html, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") >= 2);  // the SQL and the Filter
    CHECK(count(html, "&quot;a&lt;b&quot;") >= 1);
    CHECK(count(html, "<title>planlens: &quot;quoted&quot; &lt;name&gt;</title>") == 1);
}

TEST_CASE("report: a plan that does not parse is shown with its error and its lines as pasted") {
    auto doc = Document::from_text(R"(# Broken

```json
[{"Plan": {"Node Type": "Seq Scan", "Relation Name": "t", "Total Cost": oops}}]
```

```
Seq Scan on u  (cost=0.00..1.00 rows=1 width=4)
```
)");
    REQUIRE(doc.plans().size() == 2);
    REQUIRE_FALSE(doc.plans()[0].plan);
    const std::string html = html_report(doc);
    const std::size_t failed = html.find("<section class=\"plan failed\" id=\"plan-1\"");
    REQUIRE(failed != std::string::npos);
    const std::string section = html.substr(failed, html.find("</section>", failed) - failed);
    CHECK(section.find("&quot;Total Cost&quot;: oops") != std::string::npos);  // escaped, as pasted
    CHECK(section.find(doc.plans()[0].error->message.substr(0, 20)) != std::string::npos);
    CHECK(data_lines(section_of(html, 2)).size() == 1);
}

TEST_CASE("report: no plan at all still makes a page that says so") {
    auto doc = Document::from_text("# Notes\n\nNothing here.\n");
    const std::string html = html_report(doc);
    CHECK(html.find("No plan was found") != std::string::npos);
    CHECK(html.ends_with("</html>"));
}

TEST_CASE("report: a plan 5,000 levels deep renders without recursion, its tags balanced") {
    std::string text = "Limit  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)\n";
    for (std::size_t d = 1; d <= 5000; ++d)
        text += std::string(6 * d - 4, ' ') +
                "->  Materialize  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)\n";
    auto doc = Document::from_text(std::move(text));
    REQUIRE(doc.plans().size() == 1);
    REQUIRE(doc.plans()[0].plan);
    const std::string html = html_report(doc);
    CHECK(data_lines(section_of(html, 1)).size() == 5001);
    CHECK(count(html, "<li") == count(html, "</li>"));
    CHECK(count(html, "<ul") == count(html, "</ul>"));
    // The flame graph draws the first 100 levels and says how many it left out.
    CHECK(html.find("4901 nodes are too small or too deep to draw") != std::string::npos);
}

TEST_CASE("report: a 10,000-node plan makes a page of sensible size") {
    auto doc = Document::from_text(planlens::bench::large_plan(10'000));
    REQUIRE(doc.plans().size() == 1);
    const Plan& plan = *doc.plans()[0].plan;
    REQUIRE(plan.nodes.size() >= 10'000);
    const std::string html = html_report(doc);
    CHECK(data_lines(section_of(html, 1)).size() == plan.nodes.size());
    INFO("bytes per node: " << html.size() / plan.nodes.size() << ", plan text " << doc.text().size() << " bytes");
    CHECK(html.size() < 2'000 * plan.nodes.size());  // under 20 MB; see docs/report.md for the figures
}

TEST_CASE("report: each node shows its own buffers and the rounding bound, frames with findings are marked") {
    // The Nested Loop's printed Buffers include both children's; the Memoize's
    // 0.000 ms per loop over 20,000 loops may hide 10 ms, which is then open on
    // the Nested Loop above it too.
    const Document doc = Document::from_text(
        "Nested Loop  (cost=0.29..1000.00 rows=20000 width=8) (actual time=0.020..50.000 rows=20000 loops=1)\n"
        "  Buffers: shared hit=120 read=30\n"
        "  ->  Seq Scan on a  (cost=0.00..300.00 rows=20000 width=4) (actual time=0.010..5.000 rows=20000 loops=1)\n"
        "        Buffers: shared hit=100\n"
        "  ->  Memoize  (cost=0.29..0.31 rows=1 width=4) (actual time=0.000..0.000 rows=1 loops=20000)\n"
        "        Cache Key: a.id\n"
        "        Cache Mode: logical\n"
        "        Hits: 19990  Misses: 10  Evictions: 0  Overflows: 0  Memory Usage: 1kB\n"
        "        Buffers: shared hit=20 read=30\n"
        "        ->  Index Only Scan using b_pkey on b  (cost=0.29..0.30 rows=1 width=4) (actual time=0.005..0.005 rows=1 loops=10)\n"
        "              Index Cond: (id = a.id)\n"
        "              Heap Fetches: 0\n"
        "              Buffers: shared hit=20 read=30\n"
        "Execution Time: 51.000 ms\n");
    const std::string html = html_report(doc);
    static const std::regex row(R"re(<li class="[^"]*" id="p1n(\d+)"[\s\S]*?<span class="c self[^>]*>([\s\S]*?)</span>[\s\S]*?<span class="c buf"[^>]*>([^<]*)</span>)re");
    std::vector<std::pair<std::string, std::string>> cells;  // (self, own buffers) per node
    for (std::sregex_iterator it(html.begin(), html.end(), row), end; it != end; ++it)
        cells.emplace_back(std::regex_replace((*it)[2].str(), std::regex("<[^>]+>"), ""), (*it)[3].str());
    REQUIRE(cells.size() == 4);
    CHECK(cells[0].second.empty());  // 120 hit + 30 read, all its children's
    CHECK(cells[1].second == "hit 100");
    CHECK(cells[2].second.empty());  // the Memoize's are its Index Only Scan's
    CHECK(cells[3].second == "hit 20 \u00B7 read 30");
    CHECK(cells[2].first == "0.000 ms \u00B110.01 ms");
    CHECK(cells[0].first == "45.00 ms \u00B110.00 ms");
    CHECK(cells[1].first == "5.000 ms");  // within its last printed digit: no bound beside it
    CHECK(count(html, "Own buffers</dt>") == 4);
    // The Nested Loop carries a finding: its frame is outlined, and its tooltip says it.
    CHECK(std::regex_search(html, std::regex(R"re(<g data-node="0" class="(warning|critical)")re")));
    CHECK(std::regex_search(html, std::regex(R"re(<g data-node="1"( tabindex="0")?>)re")));
}

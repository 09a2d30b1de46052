// Checked-in documents: fixtures/seeds/NNN.md (byte-exact plan blocks of the
// seed writeups in prose of our own) against NNN.expected, and
// fixtures/documents/* against the hand-written plan lines in *.plans.txt.
// The seed writeups themselves are checked when ../shared/seeds exists.
#include "document_helpers.hpp"

#include <planlens/node_kind.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <sstream>

using namespace planlens;
namespace fs = std::filesystem;
using planlens::test::plan_lines;
using planlens::test::read_file;
using planlens::test::read_plans;

namespace {

const fs::path fixtures = fs::path(PLANLENS_SOURCE_DIR) / "fixtures";

struct Expected {
    std::uint32_t first_line = 0;
    std::uint32_t last_line = 0;
    std::string style;
    std::size_t nodes = 0;
    std::string planning;
    std::string execution;
    std::string root;
};

std::vector<Expected> read_expected(const fs::path& path) {
    std::vector<Expected> out;
    for (const std::string& line : test::split(read_file(path))) {
        if (line.empty() || line.front() == '#') continue;
        std::istringstream in(line);
        Expected e;
        in >> e.first_line >> e.last_line >> e.style >> e.nodes >> e.planning >> e.execution;
        std::getline(in >> std::ws, e.root);
        out.push_back(e);
    }
    return out;
}

std::string root_type(const Plan& plan) {
    const Node& root = plan.root();
    return std::string(root.kind == NodeKind::unknown ? root.name : to_string(root.kind));
}

std::string ms(std::optional<double> v) { return v ? fmt::format("{:.3f}", *v) : "-"; }

Document load(const fs::path& path) { return Document::from_text(read_file(path)); }

}  // namespace

TEST_CASE("seed fixtures: every plan with its span, style, root, size and times") {
    for (const char* name : {"000", "001", "002", "003", "004"}) {
        const fs::path path = fixtures / "seeds" / (std::string(name) + ".md");
        INFO(path.string());
        const Document d = load(path);
        const std::vector<Expected> expected = read_expected(fixtures / "seeds" / (std::string(name) + ".expected"));
        REQUIRE(d.plans().size() == expected.size());
        CHECK(d.error_count() == 0);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            INFO("plan " << i + 1);
            const FoundPlan& p = d.plans()[i];
            REQUIRE(p.plan);
            CHECK(p.first_line == expected[i].first_line);
            CHECK(p.last_line == expected[i].last_line);
            CHECK(to_string(p.style) == expected[i].style);
            CHECK(p.plan->nodes.size() == expected[i].nodes);
            CHECK(ms(p.plan->planning_time) == expected[i].planning);
            CHECK(ms(p.plan->execution_time) == expected[i].execution);
            CHECK(root_type(*p.plan) == expected[i].root);
        }
    }
}

TEST_CASE("seed fixtures: plan counts are 5, 6, 8, 4 and 0") {
    const std::size_t counts[] = {5, 6, 8, 4, 0};
    for (int i = 0; i < 5; ++i)
        CHECK(load(fixtures / "seeds" / fmt::format("{:03}.md", i)).plans().size() == counts[i]);
}

TEST_CASE("seed fixtures: unwrapped plan lines equal the reviewed bare plans") {
    // fixtures/plans/seed-NNN-K.txt: the K-th plan of seed NNN cut out of its paste by hand.
    for (const char* name : {"000", "001", "002", "003"}) {
        const Document d = load(fixtures / "seeds" / (std::string(name) + ".md"));
        for (std::size_t k = 0; k < d.plans().size(); ++k) {
            const fs::path bare = fixtures / "plans" / fmt::format("seed-{}-{}.txt", name, k + 1);
            if (!fs::exists(bare)) {
                WARN("missing " << bare.string());
                continue;
            }
            INFO(bare.string());
            const auto want = read_plans(bare);
            REQUIRE(want.size() == 1);
            std::vector<std::string> trimmed;
            for (std::string line : want[0]) {
                while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
                trimmed.push_back(line);
            }
            CHECK(plan_lines(d.plans()[k]) == trimmed);
        }
    }
}

TEST_CASE("document fixtures: every style gives back the plan lines PostgreSQL printed") {
    const std::pair<const char*, std::vector<PasteStyle>> cases[] = {
        {"psql_session.md",
         {PasteStyle::psql, PasteStyle::psql_unaligned, PasteStyle::psql_expanded, PasteStyle::psql_expanded}},
        {"auto_explain.log", {PasteStyle::log, PasteStyle::log, PasteStyle::log}},
        {"clients.md",
         {PasteStyle::csv, PasteStyle::markdown, PasteStyle::dbeaver, PasteStyle::fenced, PasteStyle::bare,
          PasteStyle::psql}},
        {"crlf.md", {PasteStyle::markdown, PasteStyle::bare}},
        {"wrappers.md",
         {PasteStyle::html, PasteStyle::fenced, PasteStyle::quoted, PasteStyle::pgadmin3, PasteStyle::bare,
          PasteStyle::bare, PasteStyle::psql_wrapped}},
    };
    for (const auto& [file, styles] : cases) {
        const fs::path path = fixtures / "documents" / file;
        INFO(path.string());
        const Document d = load(path);
        const auto want = read_plans(fs::path(path).replace_extension(".plans.txt"));
        REQUIRE(d.plans().size() == want.size());
        REQUIRE(d.plans().size() == styles.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            INFO("plan " << i + 1);
            REQUIRE(d.plans()[i].plan);
            CHECK(plan_lines(d.plans()[i]) == want[i]);
            CHECK(d.plans()[i].style == styles[i]);
        }
    }
}

TEST_CASE("document fixtures: spans and context") {
    const Document session = load(fixtures / "documents" / "psql_session.md");
    REQUIRE(session.plans().size() == 4);
    CHECK(session.plans()[0].first_line == 10);
    CHECK(session.plans()[0].last_line == 17);
    CHECK(session.plans()[0].sql == "EXPLAIN (ANALYZE)\n  SELECT (SELECT id FROM orders WHERE id IS NOT NULL LIMIT 1);");
    CHECK(session.plans()[1].first_line == 27);
    CHECK(session.plans()[1].last_line == 34);
    CHECK(session.plans()[2].first_line == 44);
    CHECK(session.plans()[2].last_line == 58);
    CHECK(session.plans()[2].heading == "Setext heading for the expanded display");
    CHECK(session.plans()[3].first_line == 62);
    CHECK(session.plans()[3].last_line == 64);

    const Document log = load(fixtures / "documents" / "auto_explain.log");
    REQUIRE(log.plans().size() == 3);
    CHECK(log.plans()[0].first_line == 4);
    CHECK(log.plans()[0].last_line == 6);
    CHECK(log.plans()[0].sql == "SELECT * FROM pgbench_accounts WHERE aid = 42;");
    CHECK(log.plans()[1].first_line == 9);  // log_format = json: the element's opening brace
    CHECK(log.plans()[1].last_line == 12);
    CHECK(log.plans()[1].sql == "SELECT 2;");
    CHECK(log.plans()[2].first_line == 18);
    CHECK(log.plans()[2].last_line == 23);
    CHECK(log.plans()[2].sql == "SELECT t.tid, b.bid\n  FROM pgbench_tellers t\n\n  JOIN pgbench_branches b USING (bid);");

    const Document crlf = load(fixtures / "documents" / "crlf.md");
    REQUIRE(crlf.plans().size() == 2);
    CHECK(crlf.plans()[0].first_line == 7);
    CHECK(crlf.plans()[0].last_line == 9);
    CHECK(crlf.plans()[1].first_line == 13);
    CHECK(crlf.plans()[1].last_line == 18);
}

TEST_CASE("the seed writeups themselves, when ../shared/seeds is there") {
    const fs::path seeds = PLANLENS_SEEDS_DIR;
    if (!fs::is_directory(seeds)) {
        WARN("skipped: no seed folder at " << seeds.string());
        SUCCEED("seed writeups not available");
        return;
    }
    // 1-based [root line, last line] of every plan, read off the writeups
    const std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> spans = {
        {{155, 171}, {181, 200}, {211, 223}, {233, 243}, {256, 268}},
        {{58, 78}, {98, 115}, {122, 150}, {161, 193}, {198, 210}, {223, 232}},
        {{28, 44}, {53, 81}, {89, 117}, {125, 153}, {164, 180}, {187, 204}, {215, 232}, {239, 256}},
        {{65, 93}, {118, 146}, {207, 239}, {271, 292}},
        {},
    };
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(seeds))
        if (entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() == spans.size());
    for (std::size_t s = 0; s < files.size(); ++s) {
        INFO(files[s].string());
        const Document d = load(files[s]);
        REQUIRE(d.plans().size() == spans[s].size());
        CHECK(d.error_count() == 0);
        for (std::size_t i = 0; i < spans[s].size(); ++i) {
            INFO("plan " << i + 1);
            REQUIRE(d.plans()[i].plan);
            CHECK(d.plans()[i].first_line == spans[s][i].first);
            CHECK(d.plans()[i].last_line == spans[s][i].second);
        }
    }
}

// The one JSON shape of every --json verb (docs/json.md), end to end through
// the built tool: each output validates against docs/planlens.schema.json,
// there is one element per plan found in document order (a failed plan in
// its place), and a node is identified the same way by every verb.
#include "cli/json_schema.hpp"
#include "support/read_file.hpp"
#include "support/run_cli.hpp"

#include <planlens/document.hpp>

#include <filesystem>
#include <map>
#include <sstream>

using namespace planlens;
using namespace planlens::test;

#ifdef PLANLENS_CLI

namespace {

const std::filesystem::path source_dir = PLANLENS_SOURCE_DIR;
const std::filesystem::path seeds_dir = source_dir / "fixtures" / "seeds";
const std::filesystem::path failing_doc = source_dir / "fixtures" / "cli" / "one-plan-fails.md";

const JsonSchema& schema() {
    static const JsonSchema s = [] {
        auto json = JsonReader::parse(read_file(source_dir / "docs" / "planlens.schema.json"));
        REQUIRE(json);
        return JsonSchema(std::move(*json));
    }();
    return s;
}

Json parse(const std::string& text) {
    auto json = JsonReader::parse(text);
    if (!json) FAIL("not valid JSON:\n" << text.substr(0, 2000));
    return std::move(*json);
}

void require_valid(const Json& value, const std::string& definition) {
    const auto problems = schema().validate(value, definition);
    for (const std::string& p : problems) UNSCOPED_INFO(p);
    CHECK(problems.empty());
}

const Json& at(const Json& object, std::string_view key) {
    const Json* value = object.find(key);
    if (value == nullptr) FAIL("no member " << key);
    return *value;
}

std::vector<std::filesystem::path> inputs() {
    std::vector<std::filesystem::path> out;
    for (const char* name : {"000.md", "001.md", "002.md", "003.md", "004.md"}) out.push_back(seeds_dir / name);
    out.push_back(failing_doc);
    return out;
}

/// extract's JSON Lines as one array; "[]" alone stands for no plan.
Json extract_lines(const std::string& out) {
    Json all;
    all.type = Json::Type::array;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        Json value = parse(line);
        if (value.type == Json::Type::array && value.array.empty()) continue;
        require_valid(value, "extract_element");
        all.array.push_back(std::move(value));
    }
    return all;
}

/// The output of `verb --json FILE`, checked against its schema definition.
Json output(const std::string& verb, const std::filesystem::path& file) {
    const CliRun r = run_cli(verb + " --json " + (verb == "hot" ? "--top 0 " : "") + shell_quoted(file));
    INFO(verb << " --json " << file << "\n" << r.err);
    CHECK((r.status == 0 || r.status == 1));
    if (verb == "extract") return extract_lines(r.out);
    Json json = parse(r.out);
    require_valid(json, verb + "_output");
    return json;
}

}  // namespace

TEST_CASE("every --json verb: the output validates against the schema, one element per plan in document order") {
    for (const auto& file : inputs()) {
        const Document doc = [&] {
            auto d = Document::from_file(file.string());
            REQUIRE(d);
            return std::move(*d);
        }();
        const auto plans = doc.plans();
        for (const char* verb : {"extract", "stats", "show", "hot", "advise"}) {
            INFO(verb << " --json " << file);
            const Json json = output(verb, file);
            REQUIRE(json.array.size() == plans.size());
            for (std::size_t i = 0; i < plans.size(); ++i) {
                const Json& e = json.array[i];
                CHECK(at(e, "planlens").number == 1);
                CHECK(at(e, "index").number == static_cast<double>(i + 1));
                CHECK(at(e, "first_line").number == plans[i].first_line);
                CHECK(at(e, "last_line").number == plans[i].last_line);
                const Json& error = at(e, "error");
                CHECK(error.is_null() == !plans[i].error);
                if (plans[i].error) {
                    CHECK(at(error, "line").number == plans[i].error->position.line);
                    CHECK(at(error, "column").number == plans[i].error->position.column);
                    CHECK(at(error, "message").string == plans[i].error->message);
                    CHECK(e.keys().size() == 13);  // the shared members only
                }
            }
        }
    }
}

TEST_CASE("every --json verb: a plan that fails keeps its place among the others") {
    for (const char* verb : {"extract", "stats", "show", "hot", "advise"}) {
        INFO(verb);
        const Json json = output(verb, failing_doc);
        REQUIRE(json.array.size() == 3);
        CHECK(at(json.array[0], "error").is_null());
        CHECK(at(at(json.array[1], "error"), "line").number == 14);
        CHECK(at(json.array[1], "root").is_null());
        CHECK(at(json.array[2], "error").is_null());
        CHECK(at(json.array[2], "root").string == "Index Scan");
        CHECK(at(json.array[2], "heading").string == "After");
    }
    const CliRun r = run_cli("hot --json " + shell_quoted(failing_doc));
    CHECK(r.status == 1);
    CHECK(r.err.find("one-plan-fails.md:14:") != std::string::npos);
}

TEST_CASE("every --json verb: a node is identified the same way by show, hot and advise") {
    const auto file = seeds_dir / "000.md";
    auto doc = Document::from_file(file.string());
    REQUIRE(doc);
    const Json show = output("show", file), hot = output("hot", file), advise = output("advise", file);
    const std::vector<std::string> identity = {"id", "line", "node_type", "name", "relation", "alias", "index"};
    auto same_node = [&](const Json& record, const Json& shown) {
        for (const std::string& key : identity) {
            INFO(key);
            const Json& a = at(record, key);
            const Json& b = at(shown, key);
            CHECK(a.type == b.type);
            CHECK(a.string == b.string);
            CHECK(a.number == b.number);
        }
    };
    std::size_t advice_nodes = 0;
    for (std::size_t p = 0; p < doc->plans().size(); ++p) {
        const Plan& plan = *doc->plans()[p].plan;
        const std::vector<Json>& nodes = at(show.array[p], "nodes").array;
        REQUIRE(nodes.size() == plan.nodes.size());
        for (NodeId id = 0; id < plan.nodes.size(); ++id) {
            const Json& n = nodes[id];
            CHECK(at(n, "id").number == id);
            CHECK(at(n, "line").number == plan.nodes[id].source_line);
            CHECK(at(n, "line").number == plan.lines[plan.nodes[id].line].line);
            CHECK(at(n, "node_type").string == to_string(plan.nodes[id].kind));
            CHECK(at(n, "name").string == plan.nodes[id].name);
        }
        const std::vector<Json>& ranked = at(hot.array[p], "nodes").array;
        CHECK(ranked.size() == plan.nodes.size());  // --top 0
        for (const Json& record : ranked) same_node(record, nodes.at(static_cast<std::size_t>(at(record, "id").number)));
        for (const Json& advice : at(advise.array[p], "advice").array) {
            const Json& node = at(advice, "node");
            if (node.is_null()) continue;
            ++advice_nodes;
            same_node(node, nodes.at(static_cast<std::size_t>(at(node, "id").number)));
        }
    }
    CHECK(advice_nodes > 0);
    // The example: two scans of one table told apart by alias and line.
    const std::vector<Json>& ranked = at(hot.array[0], "nodes").array;
    REQUIRE(ranked.size() >= 2);
    CHECK(at(ranked[0], "node_type").string == "Seq Scan");
    CHECK(at(ranked[0], "name").string == "Parallel Seq Scan");
    CHECK(at(ranked[0], "alias").string != at(ranked[1], "alias").string);
    CHECK(at(ranked[0], "line").number != at(ranked[1], "line").number);
}

TEST_CASE("every --json verb: extract's lines are the plan elements the other verbs print") {
    const auto file = seeds_dir / "003.md";
    const Json lines = output("extract", file);
    const Json stats = output("stats", file);
    REQUIRE(lines.array.size() == stats.array.size());
    for (std::size_t i = 0; i < lines.array.size(); ++i) {
        const std::vector<std::string> keys = lines.array[i].keys();
        // The contract's keys first, in its order (design.md), then the shared rest.
        REQUIRE(keys.size() >= 8);
        CHECK(std::vector<std::string>(keys.begin() + 1, keys.begin() + 8) ==
              std::vector<std::string>{"index", "first_line", "last_line", "style", "root", "planning_ms", "execution_ms"});
        for (const auto& [key, value] : stats.array[i].object) {
            if (key == "line_count") continue;
            INFO(key);
            const Json& mine = at(lines.array[i], key);
            CHECK(mine.type == value.type);
            CHECK(mine.string == value.string);
            CHECK(mine.number == value.number);
        }
    }
}

TEST_CASE("every --json verb: diff prints an array with one element per before/after pair") {
    const CliRun doc = run_cli("diff --json " + shell_quoted(seeds_dir / "000.md"));
    CHECK(doc.status == 0);
    const Json pairs = parse(doc.out);
    require_valid(pairs, "diff_output");
    CHECK(pairs.array.size() == 2);
    const CliRun two = run_cli("diff --json " + shell_quoted(source_dir / "fixtures" / "diff" / "seq-to-index.before.txt") +
                               " " + shell_quoted(source_dir / "fixtures" / "diff" / "seq-to-index.after.txt"));
    CHECK(two.status == 0);
    const Json one = parse(two.out);
    require_valid(one, "diff_output");
    CHECK(one.array.size() == 1);
}

TEST_CASE("every --json verb: no plan, or no input, is still valid JSON: [] with exit 1") {
    const auto none = seeds_dir / "004.md";
    const auto missing = source_dir / "fixtures" / "cli" / "does-not-exist.md";
    for (const auto& file : {none, missing}) {
        for (const std::string verb : {"extract --json", "stats --json", "show --json", "hot --json", "advise --json",
                                       "diff --json", "convert --to pg-json"}) {
            INFO(verb << " " << file);
            const CliRun r = run_cli(verb + " " + shell_quoted(file));
            CHECK(r.status == 1);
            CHECK(r.out == "[]\n");
            CHECK_FALSE(r.err.empty());
        }
    }
}

TEST_CASE("every --json verb: show --plan N gives that plan's element only") {
    const CliRun r = run_cli("show --json --plan 2 " + shell_quoted(failing_doc));
    CHECK(r.status == 1);  // plan 2 is the one that fails
    const Json json = parse(r.out);
    require_valid(json, "show_output");
    REQUIRE(json.array.size() == 1);
    CHECK(at(json.array[0], "index").number == 2);
    CHECK(at(at(json.array[0], "error"), "line").number == 14);
}

#endif

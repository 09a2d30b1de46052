// diff_json (the contract), diff_markdown (a table that renders), describe,
// and before_after_pairs, through the library.
#include "diff_helpers.hpp"
#include "diff/json_value.hpp"
#include "diff/markdown_table.hpp"

#include <planlens/document.hpp>

#include <set>

using namespace planlens;
using namespace planlens::test;

namespace {

const char* const pair_names[] = {"seq-to-index", "seq-to-bitmap",  "parallel-to-index-only", "sort-to-index-order",
                                  "hash-to-nested-loop", "join-order", "alias-kind", "self-join"};

Json parse_json(const std::string& text) {
    REQUIRE_FALSE(text.empty());
    CHECK(text.back() == '\n');
    CHECK(text.find('\n') == text.size() - 1);  // one object on one line
    auto json = JsonReader::parse(text);
    if (!json) FAIL("not valid JSON: " << text);
    return std::move(*json);
}

const Json& member(const Json& object, std::string_view key) {
    const Json* value = object.find(key);
    if (value == nullptr) FAIL("no key " << key);
    return *value;
}

/// The node record of the contract: node_type, relation, index; null when the side is absent.
void check_node_record(const Json& record, const Plan& plan, NodeId id) {
    if (id == no_node) {
        CHECK(record.is_null());
        return;
    }
    REQUIRE(record.type == Json::Type::object);
    const Node& n = plan.nodes[id];
    CHECK(member(record, "id").number == id);
    CHECK(member(record, "line").number == plan.lines[n.line].line);
    CHECK(member(record, "name").string == n.name);
    CHECK(member(record, "node_type").string == to_string(n.kind));
    const Json& relation = member(record, "relation");
    const Json& index = member(record, "index");
    // PostgreSQL's "Relation Name": not a function's, CTE's or tuplestore's name.
    const bool names_relation = n.kind != NodeKind::function_scan && n.kind != NodeKind::table_function_scan &&
                                n.kind != NodeKind::cte_scan && n.kind != NodeKind::worktable_scan &&
                                n.kind != NodeKind::named_tuplestore_scan;
    if (n.target.object.empty() || !names_relation) CHECK(relation.is_null());
    else CHECK(relation.string == n.target.object);
    if (n.target.index.empty()) CHECK(index.is_null());
    else CHECK(index.string == n.target.index);
}

void check_ms(const Json& value, const std::optional<double>& expected) {
    if (!expected) {
        CHECK(value.is_null());
        return;
    }
    REQUIRE(value.type == Json::Type::number);
    CHECK(value.number == Approx(*expected).margin(0.0005));
}

/// Everything the contract promises, checked against the PlanDiff it came from.
void check_contract(const PlanDiff& d, const Json& json) {
    REQUIRE(json.type == Json::Type::object);
    const DiffHeadline& h = d.headline;
    for (const auto& [key, execution, planning] :
         {std::tuple{"before", h.execution_before, h.planning_before}, std::tuple{"after", h.execution_after, h.planning_after}}) {
        const Json& side = member(json, key);
        check_ms(member(side, "execution_ms"), execution);
        check_ms(member(side, "planning_ms"), planning);
    }
    const Json& speedup = member(json, "speedup");
    if (h.execution_before && h.execution_after)
        CHECK(speedup.number == Approx(*h.execution_before / *h.execution_after).epsilon(0.001));
    else
        CHECK(speedup.is_null());
    const Json& changes = member(json, "changes");
    REQUIRE(changes.type == Json::Type::array);
    const std::vector<std::size_t> expected = d.changes();
    REQUIRE(changes.array.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const NodeChange& e = d.entries[expected[i]];
        const Json& c = changes.array[i];
        INFO("change " << i);
        CHECK(member(c, "change").string == to_string(e.kind));
        check_node_record(member(c, "before"), *d.before, e.before);
        check_node_record(member(c, "after"), *d.after, e.after);
        check_ms(member(c, "self_ms_before"), e.before == no_node ? std::nullopt : e.before_figures.self_ms);
        check_ms(member(c, "self_ms_after"), e.after == no_node ? std::nullopt : e.after_figures.self_ms);
    }
}

}  // namespace

TEST_CASE("diff_json: the contract holds on every fixture pair and every seed pair") {
    for (const char* name : pair_names) {
        INFO(name);
        const auto p = diff_pair(name);
        check_contract(p->diff, parse_json(diff_json(p->diff)));
    }
    for (const char* file : {"000.md", "001.md", "002.md"}) {
        auto doc = Document::from_file((fixtures_dir / "seeds" / file).string());
        REQUIRE(doc);
        const auto plans = doc->plans();
        const auto pairs = before_after_pairs(plans);
        CHECK_FALSE(pairs.empty());
        for (const auto& [b, a] : pairs) {
            INFO(file << " plans " << b + 1 << " -> " << a + 1);
            const auto d = diff_plans(*plans[b].plan, *plans[a].plan);
            REQUIRE(d);
            check_contract(*d, parse_json(diff_json(*d)));
        }
    }
}

TEST_CASE("diff_json: PostgreSQL Node Type names, nulls for absent sides, labels") {
    const auto p = diff_pair("parallel-to-index-only");
    const Json json = parse_json(diff_json(p->diff, {"a.md#1", "a.md#2", "Readings"}));
    CHECK(member(member(json, "before"), "source").string == "a.md#1");
    CHECK(member(member(json, "after"), "source").string == "a.md#2");
    CHECK(member(json, "heading").string == "Readings");
    CHECK(member(json, "speedup").number == Approx(35.246));
    CHECK(member(json, "new_indexes").array.size() == 1);
    std::set<std::string> before_types;
    for (const Json& c : member(json, "changes").array) {
        const Json& before = member(c, "before");
        if (!before.is_null()) before_types.insert(member(before, "node_type").string);
        if (member(c, "change").string == "removed") {
            CHECK(member(c, "after").is_null());
            CHECK(member(c, "self_ms_after").is_null());
            CHECK(member(c, "self_ms_before").type == Json::Type::number);
        }
    }
    // "Parallel Seq Scan" is a Seq Scan; Finalize/Partial Aggregate are Aggregates.
    CHECK(before_types.count("Seq Scan") == 1);
    CHECK(before_types.count("Gather") == 1);
    CHECK(before_types.count("Aggregate") == 1);
    for (const std::string& t : before_types) CHECK(t.find("Parallel") == std::string::npos);
}

TEST_CASE("diff_json: identical plans have no changes and a speedup of 1") {
    const std::string text = read_file(diff_fixture("self-join.before.txt"));
    const auto p = diff_texts(text, text);
    const Json json = parse_json(diff_json(p->diff));
    CHECK(member(json, "changes").array.empty());
    CHECK(member(json, "speedup").number == 1.0);
    CHECK(member(json, "verdict").string == "about the same");
    CHECK(member(json, "same_shape").boolean);
    CHECK(member(json, "time_moved").array.empty());
}

TEST_CASE("diff_json: keys in the order of the contract") {
    const auto p = diff_pair("seq-to-index");
    const Json json = parse_json(diff_json(p->diff));
    const std::vector<std::string> keys = json.keys();
    REQUIRE(keys.size() >= 5);
    CHECK(keys[0] == "planlens");  // the schema version of docs/json.md
    CHECK(member(json, "planlens").number == 1);
    CHECK(keys[1] == "before");
    CHECK(keys[2] == "after");
    CHECK(keys[3] == "speedup");
    CHECK(keys.back() == "changes");
    CHECK(member(json, "before").keys() == std::vector<std::string>{"execution_ms", "planning_ms"});
    const Json& change = member(json, "changes").array.at(0);
    CHECK(change.keys().at(0) == "change");
    // A node is identified as in every planlens JSON output (docs/json.md).
    CHECK(member(change, "before").keys() ==
          std::vector<std::string>{"id", "line", "node_type", "name", "relation", "alias", "index"});
}

TEST_CASE("diff_markdown: a table with one row per change, cells that cannot break it") {
    const auto p = diff_pair("seq-to-bitmap");
    const std::string md = diff_markdown(p->diff, {"before.txt", "after.txt", {}});
    CHECK(md.substr(0, 39) == "Plan diff: `before.txt` → `after.txt`");
    CHECK(md.find("**execution 41.902 → 0.406 ms: ×103 faster") != std::string::npos);
    const auto rows = table_rows(md);
    REQUIRE(rows.size() == p->diff.changes().size());
    CHECK(trim(rows[0][0]) == "replaced");
    CHECK(trim(rows[0][1]) == "Seq Scan on events e");
    CHECK(trim(rows[0][3]) == "Bitmap Heap Scan on events e using events_user_id_idx, events_kind_idx");
    CHECK(trim(rows[0][5]) == "-41.733");
    for (std::size_t i = 1; i < rows.size(); ++i) CHECK(trim(rows[i][0]) == "added");

    SECTION("a pipe in a relation name is escaped") {
        const auto q = diff_texts(
            "Seq Scan on \"we|rd\" w  (cost=0.00..100.00 rows=10 width=4) (actual time=0.010..9.000 rows=10 loops=1)\n",
            "Index Scan using \"we|rd_idx\" on \"we|rd\" w  (cost=0.29..8.30 rows=10 width=4) (actual time=0.010..0.020 "
            "rows=10 loops=1)\n");
        const auto q_rows = table_rows(diff_markdown(q->diff));
        REQUIRE(q_rows.size() == 1);
        CHECK(q_rows[0][1].find("we\\|rd") != std::string::npos);
    }
    SECTION("identical plans: no table") {
        const std::string text = read_file(diff_fixture("seq-to-bitmap.before.txt"));
        const auto q = diff_texts(text, text);
        const std::string same = diff_markdown(q->diff);
        CHECK(same.find("No node changed.") != std::string::npos);
        CHECK(same.find("| change |") == std::string::npos);
    }
}

TEST_CASE("describe: the node's header without figures, a bitmap heap scan names its indexes") {
    const auto p = diff_pair("seq-to-bitmap");
    CHECK(describe(p->after->plan, p->in_after("Bitmap Heap Scan")) ==
          "Bitmap Heap Scan on events e using events_user_id_idx, events_kind_idx");
    CHECK(describe(p->after->plan, p->in_after("on events_kind_idx")) == "Bitmap Index Scan on events_kind_idx");
    CHECK(describe(p->before->plan, 0) == "Sort");
    CHECK(describe(p->before->plan, 99).empty());
}

TEST_CASE("before_after_pairs: consecutive plans under one heading that read a relation in common") {
    auto doc = Document::from_file(diff_fixture("writeup.md").string());
    REQUIRE(doc);
    REQUIRE(doc->plans().size() == 5);
    // The fifth plan stands alone under its heading.
    CHECK(before_after_pairs(doc->plans()) == std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {2, 3}});

    auto seed = Document::from_file((fixtures_dir / "seeds" / "000.md").string());
    REQUIRE(seed);
    const auto pairs = before_after_pairs(seed->plans());
    REQUIRE_FALSE(pairs.empty());
    CHECK(pairs.front() == std::pair<std::size_t, std::size_t>{0, 1});
    for (const auto& [b, a] : pairs) CHECK(seed->plans()[b].heading == seed->plans()[a].heading);
}

TEST_CASE("before_after_pairs: plans of different relations under one heading are not a pair") {
    const Document doc = Document::from_text("## Two queries\n\n```\n" + read_file(diff_fixture("seq-to-index.before.txt")) +
                                             "```\n\n```\n" + read_file(diff_fixture("self-join.after.txt")) + "```\n");
    REQUIRE(doc.plans().size() == 2);
    CHECK(before_after_pairs(doc.plans()).empty());
}

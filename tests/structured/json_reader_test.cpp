// The JSON reader on its own: positions of nodes and errors in the original
// document, broken JSON located at the byte where it breaks, several plans
// in one array, unknown keys kept.
#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <catch2/catch.hpp>

using namespace planlens;

namespace {

constexpr std::string_view two_plans = R"([
  {
    "Plan": {
      "Node Type": "Seq Scan",
      "Parallel Aware": false,
      "Relation Name": "t",
      "Alias": "t",
      "Startup Cost": 0.00,
      "Total Cost": 35.50,
      "Plan Rows": 2550,
      "Plan Width": 4,
      "Made Up By An Extension": "kept"
    }
  },
  {
    "Plan": {
      "Node Type": "Limit",
      "Startup Cost": 0.00,
      "Total Cost": 0.01,
      "Plan Rows": 1,
      "Plan Width": 4,
      "Plans": [
        {
          "Node Type": "Result",
          "Parent Relationship": "Outer",
          "Startup Cost": 0.00,
          "Total Cost": 0.01,
          "Plan Rows": 1,
          "Plan Width": 4
        }
      ]
    },
    "Planning Time": 0.050
  }
])";

}  // namespace

TEST_CASE("JSON: several plans in one array, each with its nodes where they are written", "[structured][json]") {
    auto plans = parse_structured(two_plans, PlanFormat::json);
    REQUIRE(plans);
    REQUIRE(plans->size() == 2);
    const Plan& first = plans.value()[0];
    CHECK(first.root().kind == NodeKind::seq_scan);
    CHECK(first.first_line() == 3);
    CHECK(to_text(first) == "Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)\n  Made Up By An Extension: kept\n");
    const Plan& second = plans.value()[1];
    REQUIRE(second.nodes.size() == 2);
    CHECK(second.nodes[1].kind == NodeKind::result);
    CHECK(second.lines[second.nodes[1].line].line == 23);  // its "{"
    CHECK(second.planning_time == Approx(0.05));
    std::vector<const Plan*> pointers{&first};
    CHECK(to_pg_json(pointers).find("\"Made Up By An Extension\": \"kept\"") != std::string::npos);
}

TEST_CASE("JSON: broken input is located at the byte where it breaks", "[structured][json]") {
    SECTION("a missing comma") {
        auto plan = parse_plan("[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Result\"\n      \"Plan Rows\": 1\n    }\n  }\n]\n");
        REQUIRE(!plan);
        CHECK(plan.error().position.line == 5);
    }
    SECTION("an unclosed string") {
        auto plan = parse_plan("[{\"Plan\": {\"Node Type\": \"Res");
        REQUIRE(!plan);
        CHECK(plan.error().position == Position{1, 25});
    }
    SECTION("text after the document") {
        auto plan = parse_plan("[{\"Plan\": {\"Node Type\": \"Result\"}}] trailing");
        REQUIRE(!plan);
        CHECK(plan.error().position == Position{1, 37});
    }
    SECTION("an element without a plan") {
        auto plan = parse_plan("[\n  {\"Planning Time\": 1.0}\n]");
        REQUIRE(!plan);
        CHECK(plan.error().position == Position{2, 3});
    }
}

TEST_CASE("JSON: a key with the wrong type is an error at that key", "[structured][json]") {
    auto plan = parse_plan("[{\"Plan\": {\"Node Type\": \"Result\",\n  \"Startup Cost\": \"cheap\"}}]");
    REQUIRE(!plan);
    CHECK(plan.error().position == Position{2, 3});
    CHECK(plan.error().message.find("Startup Cost") != std::string::npos);
}

TEST_CASE("JSON: a key whose text would read as a plan node is an error at that key", "[structured][json]") {
    // Text has no quoting: "->" as a key prints as an arrow, a node the fields do not have.
    SECTION("in the summary") {
        auto plan = parse_plan("[{\"Plan\": {\"Node Type\": \"SetOp\"},\n  \"->\": 2, \"Planning Time\": 3}]");
        REQUIRE(!plan);
        CHECK(plan.error().position == Position{2, 3});
        CHECK(plan.error().message.find("reads as a plan node") != std::string::npos);
    }
    SECTION("in a node") {
        auto plan = parse_plan("[{\"Plan\": {\"Node Type\": \"Result\",\n  \"->  Seq Scan on t\": \"x\"}}]");
        REQUIRE(!plan);
        CHECK(plan.error().position == Position{2, 3});
    }
}

TEST_CASE("JSON: nesting deeper than the limit is an error, not a crash", "[structured][json]") {
    std::string deep = "[{\"Plan\": ";
    for (int i = 0; i < 5000; ++i) deep += "{\"Node Type\": \"Result\", \"Plans\": [";
    auto plan = parse_plan(deep);
    REQUIRE(!plan);
}

TEST_CASE("JSON: PostgreSQL 9.3's \"Total Runtime\" is the text's \"Total runtime\"", "[structured][json]") {
    auto plan = parse_plan(R"([{"Plan": {"Node Type": "Result", "Startup Cost": 0.00, "Total Cost": 0.01,
  "Plan Rows": 1, "Plan Width": 0, "Actual Startup Time": 0.001, "Actual Total Time": 0.001,
  "Actual Rows": 1, "Actual Loops": 1}, "Triggers": [], "Total Runtime": 0.044}])");
    REQUIRE(plan);
    CHECK(to_text(*plan) ==
          "Result  (cost=0.00..0.01 rows=1 width=0) (actual time=0.001..0.001 rows=1 loops=1)\nTotal runtime: 0.044 ms\n");
    CHECK(plan->execution_time == Approx(0.044));
}

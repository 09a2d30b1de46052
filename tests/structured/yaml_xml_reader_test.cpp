// The YAML and XML readers: the same fields as the JSON of the same plan,
// escapes and entities decoded, empty strings and unicode kept, unknown keys
// kept, and errors located at the line and column where the input breaks.
#include <planlens/document.hpp>
#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace planlens;

namespace {

// One plan, as EXPLAIN prints it in each format (PostgreSQL 15's layout).
constexpr std::string_view json_plan = R"~([
  {
    "Plan": {
      "Node Type": "Hash Join",
      "Parallel Aware": false,
      "Join Type": "Inner",
      "Startup Cost": 1.09,
      "Total Cost": 2.31,
      "Plan Rows": 7,
      "Plan Width": 12,
      "Inner Unique": true,
      "Hash Cond": "((o.customer_id = c.id) AND (c.name <> 'a\"b\\c'))",
      "Made Up By An Extension": "",
      "Plans": [
        {
          "Node Type": "Seq Scan",
          "Parent Relationship": "Outer",
          "Parallel Aware": false,
          "Relation Name": "orders",
          "Alias": "o",
          "Startup Cost": 0.00,
          "Total Cost": 1.07,
          "Plan Rows": 7,
          "Plan Width": 8,
          "Filter": "(note = 'café ☕')"
        },
        {
          "Node Type": "Hash",
          "Parent Relationship": "Inner",
          "Parallel Aware": false,
          "Startup Cost": 1.04,
          "Total Cost": 1.04,
          "Plan Rows": 4,
          "Plan Width": 8,
          "Plans": [
            {
              "Node Type": "Seq Scan",
              "Parent Relationship": "Outer",
              "Parallel Aware": false,
              "Relation Name": "customers",
              "Alias": "c",
              "Startup Cost": 0.00,
              "Total Cost": 1.04,
              "Plan Rows": 4,
              "Plan Width": 8
            }
          ]
        }
      ]
    },
    "Settings": {
      "work_mem": "64MB"
    }
  }
])~";

constexpr std::string_view yaml_plan = R"~(- Plan: 
    Node Type: "Hash Join"
    Parallel Aware: false
    Join Type: "Inner"
    Startup Cost: 1.09
    Total Cost: 2.31
    Plan Rows: 7
    Plan Width: 12
    Inner Unique: true
    Hash Cond: "((o.customer_id = c.id) AND (c.name <> 'a\"b\\c'))"
    Made Up By An Extension: ""
    Plans: 
      - Node Type: "Seq Scan"
        Parent Relationship: "Outer"
        Parallel Aware: false
        Relation Name: "orders"
        Alias: "o"
        Startup Cost: 0.00
        Total Cost: 1.07
        Plan Rows: 7
        Plan Width: 8
        Filter: "(note = 'caf\u00e9 ☕')"
      - Node Type: "Hash"
        Parent Relationship: "Inner"
        Parallel Aware: false
        Startup Cost: 1.04
        Total Cost: 1.04
        Plan Rows: 4
        Plan Width: 8
        Plans: 
          - Node Type: "Seq Scan"
            Parent Relationship: "Outer"
            Parallel Aware: false
            Relation Name: "customers"
            Alias: "c"
            Startup Cost: 0.00
            Total Cost: 1.04
            Plan Rows: 4
            Plan Width: 8
  Settings: 
    work_mem: "64MB")~";

constexpr std::string_view xml_plan = R"~(<explain xmlns="http://www.postgresql.org/2009/explain">
  <Query>
    <Plan>
      <Node-Type>Hash Join</Node-Type>
      <Parallel-Aware>false</Parallel-Aware>
      <Join-Type>Inner</Join-Type>
      <Startup-Cost>1.09</Startup-Cost>
      <Total-Cost>2.31</Total-Cost>
      <Plan-Rows>7</Plan-Rows>
      <Plan-Width>12</Plan-Width>
      <Inner-Unique>true</Inner-Unique>
      <Hash-Cond>((o.customer_id = c.id) AND (c.name &lt;&gt; 'a"b\c'))</Hash-Cond>
      <Made-Up-By-An-Extension></Made-Up-By-An-Extension>
      <Plans>
        <Plan>
          <Node-Type>Seq Scan</Node-Type>
          <Parent-Relationship>Outer</Parent-Relationship>
          <Parallel-Aware>false</Parallel-Aware>
          <Relation-Name>orders</Relation-Name>
          <Alias>o</Alias>
          <Startup-Cost>0.00</Startup-Cost>
          <Total-Cost>1.07</Total-Cost>
          <Plan-Rows>7</Plan-Rows>
          <Plan-Width>8</Plan-Width>
          <Filter>(note = 'caf&#xe9; ☕')</Filter>
        </Plan>
        <Plan>
          <Node-Type>Hash</Node-Type>
          <Parent-Relationship>Inner</Parent-Relationship>
          <Parallel-Aware>false</Parallel-Aware>
          <Startup-Cost>1.04</Startup-Cost>
          <Total-Cost>1.04</Total-Cost>
          <Plan-Rows>4</Plan-Rows>
          <Plan-Width>8</Plan-Width>
          <Plans>
            <Plan>
              <Node-Type>Seq Scan</Node-Type>
              <Parent-Relationship>Outer</Parent-Relationship>
              <Parallel-Aware>false</Parallel-Aware>
              <Relation-Name>customers</Relation-Name>
              <Alias>c</Alias>
              <Startup-Cost>0.00</Startup-Cost>
              <Total-Cost>1.04</Total-Cost>
              <Plan-Rows>4</Plan-Rows>
              <Plan-Width>8</Plan-Width>
            </Plan>
          </Plans>
        </Plan>
      </Plans>
    </Plan>
    <Settings>
      <work_mem>64MB</work_mem>
    </Settings>
  </Query>
</explain>)~";

void check_same_fields(const Plan& got, const Plan& want) {
    REQUIRE(got.fields.size() == want.fields.size());
    for (std::size_t i = 0; i < got.fields.size(); ++i) {
        INFO("field " << i << " " << want.fields[i].key);
        CHECK(got.fields[i].key == want.fields[i].key);
        CHECK(got.fields[i].value == want.fields[i].value);
        CHECK(got.fields[i].type == want.fields[i].type);
        CHECK(got.fields[i].end == want.fields[i].end);
    }
}

/// "line:column: message" of the error reading `text` gives.
std::string error_of(std::string_view text, PlanFormat format) {
    auto plans = parse_structured(text, format);
    if (plans) return "no error";
    const Error& e = plans.error();
    return std::to_string(e.position.line) + ":" + std::to_string(e.position.column) + ": " + e.message;
}

}  // namespace

TEST_CASE("YAML and XML read into the fields and the plan of the same JSON", "[structured][yaml][xml]") {
    auto json = parse_structured_plan(json_plan, PlanFormat::json);
    REQUIRE(json);
    for (const auto& [text, format] : {std::pair{yaml_plan, PlanFormat::yaml}, std::pair{xml_plan, PlanFormat::xml}}) {
        INFO(to_string(format));
        CHECK(detect_format(text) == format);
        auto plan = parse_plan(text);
        REQUIRE(plan);
        CHECK(plan->format == format);
        check_same_fields(*plan, *json);
        CHECK(to_text(*plan) == to_text(*json));
        std::vector<const Plan*> one{&*plan}, reference{&*json};
        CHECK(to_pg_json(one) == to_pg_json(reference));
        CHECK(plan->nodes.size() == 4);
    }
}

TEST_CASE("YAML and XML: nodes sit where their first key is written", "[structured][yaml][xml]") {
    auto yaml = parse_plan(yaml_plan);
    REQUIRE(yaml);
    CHECK(yaml->first_line() == 2);
    CHECK(yaml->fields[yaml->nodes[1].field].position == Position{13, 9});  // "- Node Type" of the outer scan
    auto xml = parse_plan(xml_plan);
    REQUIRE(xml);
    CHECK(xml->fields[xml->nodes[1].field].position == Position{15, 9});  // its <Plan>
    CHECK(xml->fields[xml->nodes[1].field + 1].position == Position{16, 11});  // <Node-Type>
}

TEST_CASE("YAML: escapes, empty strings, unicode and nested lists", "[structured][yaml]") {
    constexpr std::string_view yaml = R"~(- Plan: 
    Node Type: "Aggregate"
    Strategy: "Mixed"
    Partial Mode: "Simple"
    Parallel Aware: false
    Startup Cost: 0.00
    Total Cost: 1.00
    Plan Rows: 1
    Plan Width: 8
    Output: 
      - "count(*)"
      - "\"quoted\"\ttab \\ back\/slash \ud83d\ude00"
      - ""
    Grouping Sets: 
      - Hash Keys: 
          - ["a", "b"]
          - []
    Plans: 
      - Node Type: "Result"
        Parent Relationship: "Outer"
        Parallel Aware: false
        Startup Cost: 0.00
        Total Cost: 0.01
        Plan Rows: 1
        Plan Width: 0
)~";
    auto plan = parse_plan(yaml);
    REQUIRE(plan);
    std::vector<std::string_view> output;
    for (const Field& f : plan->fields)
        if (f.key.empty() && f.type == FieldType::string) output.push_back(f.value);
    REQUIRE(output.size() == 5);
    CHECK(output[0] == "count(*)");
    CHECK(output[1] == "\"quoted\"\ttab \\ back/slash \xF0\x9F\x98\x80");
    CHECK(output[2].empty());
    CHECK(output[3] == "a");
    CHECK(output[4] == "b");
    std::vector<const Plan*> one{&*plan};
    const std::string json = to_pg_json(one);
    CHECK(json.find(R"("Hash Keys": [)") != std::string::npos);
    auto again = parse_structured_plan(json, PlanFormat::json);
    REQUIRE(again);
    check_same_fields(*again, *plan);
}

TEST_CASE("YAML: a bare scalar is a number only as JSON spells one, within a double's range", "[structured][yaml]") {
    const auto type_of = [](std::string_view scalar) {
        std::string yaml = "- Plan: \n    Node Type: \"Result\"\n    Extra: ";
        (yaml += scalar) += '\n';
        auto plan = parse_plan(std::string_view(yaml));
        REQUIRE(plan);
        for (const Field& f : plan->fields)
            if (f.key == "Extra") return f.type;
        FAIL("no Extra field");
        return FieldType::null;
    };
    CHECK(type_of("12.5e3") == FieldType::number);
    CHECK(type_of("-0") == FieldType::number);
    CHECK(type_of("1e-999") == FieldType::number);  // JSON readers read it as 0
    CHECK(type_of("100e306") == FieldType::number);
    CHECK(type_of("01") == FieldType::string);      // a leading zero is not JSON
    CHECK(type_of("1e999") == FieldType::string);   // past a double: the JSON reader would refuse it
    CHECK(type_of("0.001e400") == FieldType::string);
}

TEST_CASE("XML: lists, nested lists, the groups XML names by type, entities", "[structured][xml]") {
    constexpr std::string_view xml = R"~(<explain xmlns="http://www.postgresql.org/2009/explain">
  <Query>
    <Plan>
      <Node-Type>Incremental Sort</Node-Type>
      <Parallel-Aware>false</Parallel-Aware>
      <Startup-Cost>0.50</Startup-Cost>
      <Total-Cost>9.00</Total-Cost>
      <Plan-Rows>10</Plan-Rows>
      <Plan-Width>8</Plan-Width>
      <Sort-Key>
        <Item>a &amp; b</Item>
        <Item>c&#x9;d&#xe9;</Item>
      </Sort-Key>
      <Presorted-Key>
        <Item>a</Item>
      </Presorted-Key>
      <Incremental-Sort-Groups>
        <Group-Count>2</Group-Count>
        <Sort-Methods-Used>
          <Item>quicksort</Item>
        </Sort-Methods-Used>
        <Sort-Space>
          <Average-Sort-Space-Used>25</Average-Sort-Space-Used>
          <Peak-Sort-Space-Used>25</Peak-Sort-Space-Used>
        </Sort-Space>
      </Incremental-Sort-Groups>
      <Incremental-Sort-Groups>
        <Group-Count>1</Group-Count>
        <Sort-Methods-Used>
          <Item>top-N heapsort</Item>
        </Sort-Methods-Used>
        <Sort-Space>
          <Average-Sort-Space-Used>30</Average-Sort-Space-Used>
          <Peak-Sort-Space-Used>30</Peak-Sort-Space-Used>
        </Sort-Space>
      </Incremental-Sort-Groups>
      <One-Time-Filter>true</One-Time-Filter>
      <Grouping-Sets>
        <Grouping-Set>
          <Group-Keys>
            <Group-Key>
              <Item>x</Item>
            </Group-Key>
            <Group-Key>
            </Group-Key>
          </Group-Keys>
        </Grouping-Set>
      </Grouping-Sets>
    </Plan>
    <Triggers>
    </Triggers>
  </Query>
</explain>)~";
    auto plan = parse_structured_plan(xml, PlanFormat::xml);
    REQUIRE(plan);
    std::vector<const Plan*> one{&*plan};
    const std::string json = to_pg_json(one);
    INFO(json);
    CHECK(json.find(R"("a & b",)") != std::string::npos);
    CHECK(json.find(R"("c\tdé")") != std::string::npos);
    CHECK(json.find(R"("Full-sort Groups": {)") != std::string::npos);
    CHECK(json.find(R"("Pre-sorted Groups": {)") != std::string::npos);
    CHECK(json.find(R"("Sort Space Memory": {)") != std::string::npos);
    CHECK(json.find(R"("One-Time Filter": "true")") != std::string::npos);
    CHECK(json.find(R"("Group Keys": [)") != std::string::npos);
    CHECK(json.find(R"("Triggers": [])") != std::string::npos);
    CHECK(json.find(R"("Group Count": 2)") != std::string::npos);
    auto again = parse_structured_plan(json, PlanFormat::json);
    REQUIRE(again);
    check_same_fields(*again, *plan);
}

TEST_CASE("YAML and XML from auto_explain: one element without the list", "[structured][yaml][xml]") {
    constexpr std::string_view yaml = "Query Text: \"select 1\"\nPlan: \n  Node Type: \"Result\"\n  Parallel Aware: "
                                      "false\n  Startup Cost: 0.00\n  Total Cost: 0.01\n  Plan Rows: 1\n  Plan Width: 4\n";
    constexpr std::string_view xml = "<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n  <Query-Text>select "
                                     "1</Query-Text>\n  <Plan>\n    <Node-Type>Result</Node-Type>\n    "
                                     "<Startup-Cost>0.00</Startup-Cost>\n    <Total-Cost>0.01</Total-Cost>\n    "
                                     "<Plan-Rows>1</Plan-Rows>\n    <Plan-Width>4</Plan-Width>\n  </Plan>\n</explain>\n";
    for (const auto& [text, format] : {std::pair{yaml, PlanFormat::yaml}, std::pair{xml, PlanFormat::xml}}) {
        CHECK(detect_format(text) == format);
        auto plan = parse_plan(text);
        REQUIRE(plan);
        CHECK(to_text(*plan) == "Result  (cost=0.00..0.01 rows=1 width=4)\n");
        CHECK(plan->fields[1].key == "Query Text");
        CHECK(plan->fields[1].value == "select 1");
    }
}

TEST_CASE("YAML: broken input is an error at the line and column where it breaks", "[structured][yaml]") {
    CHECK(error_of("- Plan: \n    Node Type: \"Seq Scan\n", PlanFormat::yaml) ==
          "2:16: invalid YAML: a quoted string that does not close on its line; found '\"Seq Scan'");
    CHECK(error_of("- Plan: \n    Node Type: \"Result\"\n      Startup Cost: 0.00\n", PlanFormat::yaml) ==
          "3:7: invalid YAML: unexpected indentation; found 'Startup Cost: 0.00'");
    CHECK(error_of("- Plan: \n    Node Type: \"a\\qb\"\n", PlanFormat::yaml) ==
          "2:18: invalid YAML: an unknown escape in a quoted string; found '\\qb\"'");
    CHECK(error_of("- Plan: \n    Output: \n      - [\"a\", \"b\"\n", PlanFormat::yaml).starts_with("3:"));
    CHECK(error_of("- Plan: \n    Node Type: &anchor x\n", PlanFormat::yaml).starts_with("2:16: invalid YAML"));
    CHECK(error_of("- Plan: \n    Node Type: \"\\ud83d\"\n", PlanFormat::yaml).starts_with("2:17:"));
    CHECK(error_of("", PlanFormat::yaml) == "1:1: invalid YAML: empty document; found end of input");
    // a value of the wrong type is named, at its key
    CHECK(error_of("- Plan: \n    Node Type: \"Result\"\n    Plan Rows: \"many\"\n", PlanFormat::yaml) ==
          "3:5: \"Plan Rows\" should be a number, found a string");
}

TEST_CASE("XML: broken input is an error at the line and column where it breaks", "[structured][xml]") {
    CHECK(error_of("<explain>\n  <Query>\n    <Plan>\n    </Query>\n</explain>", PlanFormat::xml).starts_with("4:"));
    CHECK(error_of("<explain>\n  <Query>\n    <Plan>\n      <Node-Type>a &bogus; b</Node-Type>", PlanFormat::xml)
              .starts_with("4:"));
    CHECK(error_of("<plan/>", PlanFormat::xml) ==
          "1:1: invalid XML: expected <explain> (EXPLAIN (FORMAT XML) output); found '<plan/>'");
    CHECK(error_of("<explain>\n<Query>\n<Plan>\n<Node-Type>Result</Node-Type>\n<Plan-Rows>x</Plan-Rows>\n</Plan>\n"
                   "</Query>\n</explain>",
                   PlanFormat::xml) == "5:1: \"Plan Rows\" should be a number, found a string");
}

TEST_CASE("documents: YAML and XML plans as pasted, the format reported", "[structured][yaml][xml][document]") {
    const std::string yaml(yaml_plan), xml(xml_plan);
    const auto check = [](const std::string& doc, PasteStyle style, PlanFormat format) {
        INFO(doc);
        const Document d = Document::from_text(doc);
        REQUIRE(d.plans().size() == 1);
        const FoundPlan& found = d.plans()[0];
        REQUIRE(found.plan);
        CHECK(found.style == style);
        CHECK(found.format == format);
        CHECK(found.plan->nodes.size() == 4);
        CHECK(found.plan->warnings.empty());
    };
    check("Before:\n\n" + yaml + "\n\nAfter.\n", PasteStyle::bare, PlanFormat::yaml);
    check("# Slow\n\n```yaml\n" + yaml + "\n```\n", PasteStyle::fenced, PlanFormat::yaml);
    check("```xml\n" + xml + "\n```\n", PasteStyle::fenced, PlanFormat::xml);
    check("Here:\n" + xml + "\nthat was it\n", PasteStyle::bare, PlanFormat::xml);
    for (const auto& [text, format] : {std::pair{yaml, PlanFormat::yaml}, std::pair{xml, PlanFormat::xml}}) {
        // psql aligned: each continued line of the cell ends with '+'
        std::string cell = "                QUERY PLAN\n-----------------------------------------------\n";
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t nl = text.find('\n', start);
            const bool last = nl == std::string::npos;
            if (last) nl = text.size();
            std::string row = " " + text.substr(start, nl - start);
            row.resize(std::max<std::size_t>(row.size(), 80), ' ');
            cell += row + (last ? "\n" : "+\n");
            start = nl + 1;
        }
        check(cell + "(1 row)\n", PasteStyle::psql, format);
        std::string csv = "\"QUERY PLAN\"\n\"";
        for (const char c : text) csv += c == '"' ? std::string("\"\"") : std::string(1, c);
        check(csv + "\"\n", PasteStyle::csv, format);
    }
}

TEST_CASE("documents: auto_explain logs with log_format yaml and xml", "[structured][yaml][xml][document]") {
    const auto log_of = [](std::string_view body) {
        std::string log = "2024-05-01 10:00:00 UTC [42] LOG:  duration: 0.020 ms  plan:\n";
        std::size_t start = 0;
        while (start < body.size()) {
            std::size_t nl = body.find('\n', start);
            if (nl == std::string_view::npos) nl = body.size();
            log += "\t" + std::string(body.substr(start, nl - start)) + "\n";
            start = nl + 1;
        }
        return log + "2024-05-01 10:00:01 UTC [42] LOG:  statement: select 1;\n";
    };
    const std::string yaml = log_of("Query Text: \"select * from t\"\nPlan: \n  Node Type: \"Seq Scan\"\n  Parallel "
                                    "Aware: false\n  Relation Name: \"t\"\n  Alias: \"t\"\n  Startup Cost: 0.00\n  "
                                    "Total Cost: 1.50\n  Plan Rows: 50\n  Plan Width: 8");
    const std::string xml = log_of("<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n  <Query-Text>select * "
                                   "from t</Query-Text>\n  <Plan>\n    <Node-Type>Seq Scan</Node-Type>\n    "
                                   "<Relation-Name>t</Relation-Name>\n    <Alias>t</Alias>\n    "
                                   "<Startup-Cost>0.00</Startup-Cost>\n    <Total-Cost>1.50</Total-Cost>\n    "
                                   "<Plan-Rows>50</Plan-Rows>\n    <Plan-Width>8</Plan-Width>\n  </Plan>\n</explain>");
    for (const auto& [doc, format] : {std::pair{yaml, PlanFormat::yaml}, std::pair{xml, PlanFormat::xml}}) {
        const Document d = Document::from_text(doc);
        REQUIRE(d.plans().size() == 1);
        const FoundPlan& found = d.plans()[0];
        REQUIRE(found.plan);
        CHECK(found.style == PasteStyle::log);
        CHECK(found.format == format);
        CHECK(found.sql == "select * from t");
        CHECK(to_text(*found.plan) == "Seq Scan on t  (cost=0.00..1.50 rows=50 width=8)\n");
        CHECK(found.plan->fields[found.plan->nodes[0].field].position.line == 4);
    }
}

TEST_CASE("documents: prose that starts like YAML or XML is not a plan", "[structured][yaml][xml][document]") {
    for (const char* doc : {"Next steps\n\n- Plan:\n  - add an index on orders(customer_id)\n  - re-run\n",
                            "- Plan: rewrite the query\n- Measure again\n", "<explain> is the root element\n",
                            "Plan:\n  ask the DBA\n"}) {
        INFO(doc);
        const Document d = Document::from_text(doc);
        CHECK(d.plans().empty());
    }
}

TEST_CASE("YAML and XML: bytes that are not UTF-8 are an error where they stand", "[structured][yaml][xml]") {
    CHECK(error_of("- Plan: \n    Node Type: \"Result\"\n    Pla\xbb: 1\n", PlanFormat::yaml) ==
          "3:8: invalid YAML: a byte that is not UTF-8; found '\\xbb: 1'");
    CHECK(error_of("<explain>\n  <Query>\n    <Plan>\xff</Plan>", PlanFormat::xml).starts_with("3:11: invalid XML: a byte that is not UTF-8"));
}

// The schema validator itself: it must reject what the schema rejects, or
// the contract tests that use it could not fail.
#include "cli/json_schema.hpp"

#include <catch2/catch.hpp>

using namespace planlens::test;

namespace {

Json parse(std::string_view text) {
    auto json = JsonReader::parse(text);
    REQUIRE(json);
    return std::move(*json);
}

const char* const schema_text = R"({
  "$defs": {
    "id": {"type": "integer", "minimum": 0},
    "named": {"type": "object", "properties": {"id": {"$ref": "#/$defs/id"}, "name": {"type": ["string", "null"]}},
              "required": ["id", "name"]},
    "strict": {"allOf": [{"$ref": "#/$defs/named"}], "properties": {"kind": {"enum": ["a", "b"]}},
               "unevaluatedProperties": false},
    "closed": {"type": "object", "properties": {"v": {"const": 1}}, "additionalProperties": false},
    "either": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/closed"}]},
    "list": {"type": "array", "items": {"$ref": "#/$defs/either"}},
    "odd": {"type": "string", "pattern": "^a"}
  }
})";

}  // namespace

TEST_CASE("schema validator: accepts what the schema allows") {
    const JsonSchema schema(parse(schema_text));
    CHECK(schema.validate(parse(R"({"id": 3, "name": null})"), "named").empty());
    CHECK(schema.validate(parse(R"({"id": 3, "name": "x", "kind": "b"})"), "strict").empty());
    CHECK(schema.validate(parse(R"([null, {"v": 1}, {}])"), "list").empty());
}

TEST_CASE("schema validator: rejects wrong types, missing and unknown members, bad constants") {
    const JsonSchema schema(parse(schema_text));
    CHECK_FALSE(schema.validate(parse(R"({"id": 1.5, "name": null})"), "named").empty());   // not an integer
    CHECK_FALSE(schema.validate(parse(R"({"id": -1, "name": null})"), "named").empty());    // below the minimum
    CHECK_FALSE(schema.validate(parse(R"({"id": 1})"), "named").empty());                   // "name" missing
    CHECK_FALSE(schema.validate(parse(R"({"id": 1, "name": 2})"), "named").empty());        // wrong type
    CHECK_FALSE(schema.validate(parse(R"({"id": 1, "name": "x", "kind": "c"})"), "strict").empty());  // enum
    CHECK_FALSE(schema.validate(parse(R"({"id": 1, "name": "x", "extra": 0})"), "strict").empty());   // unevaluated
    CHECK_FALSE(schema.validate(parse(R"({"v": 2})"), "closed").empty());                  // const
    CHECK_FALSE(schema.validate(parse(R"({"v": 1, "w": 0})"), "closed").empty());          // additional
    CHECK_FALSE(schema.validate(parse(R"([null, 3])"), "list").empty());                   // oneOf: neither
    const auto problems = schema.validate(parse(R"([{"v": 1, "w": 0}])"), "list");
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().rfind("$[0]", 0) == 0);  // says where
}

TEST_CASE("schema validator: a keyword it does not implement is an error, not ignored") {
    const JsonSchema schema(parse(schema_text));
    CHECK_FALSE(schema.validate(parse(R"("abc")"), "odd").empty());
    CHECK_FALSE(schema.validate(parse(R"(1)"), "no-such-definition").empty());
}

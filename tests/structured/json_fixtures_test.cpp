// PostgreSQL 15's own JSON for the 138 statements of fixtures/pg15: read as
// JSON, each plan prints back every key and value (convert --to pg-json is
// the identity), renders the text the server printed for the same statement
// (byte for byte without ANALYZE; figures aside with it), and has the same
// nodes and properties as the text parser gives for that text.
#include "support/read_file.hpp"

#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

using namespace planlens;
using planlens::test::read_file;
namespace fs = std::filesystem;

namespace {

const fs::path pg15 = fs::path(PLANLENS_SOURCE_DIR) / "fixtures" / "pg15";

std::vector<fs::path> json_fixtures() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(pg15)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".json") && !name.ends_with(".2.json")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool with_analyze(const fs::path& json) {
    fs::path sql = json;
    sql.replace_extension(".sql");
    const std::string text = read_file(sql);
    const auto at = text.find("-- explain:");
    return at != std::string::npos && text.substr(at, text.find('\n', at) - at).find("ANALYZE") != std::string::npos;
}

/// Run-dependent figures masked: every number under ANALYZE, the planning time always.
std::string masked(const std::string& text, bool analyze) {
    static const std::regex number(R"(\d+(\.\d+)?)");
    static const std::regex planning(R"((^|\n)Planning Time: [^\n]*)");
    std::string out = std::regex_replace(text, planning, "$1Planning Time: N");
    return analyze ? std::regex_replace(out, number, "N") : out;
}

std::string fields_listing(const Plan& plan) {
    std::string out;
    for (const Field& f : plan.fields) {
        out += f.key;
        out += '=';
        out += f.value;
        out += ' ';
        out += std::to_string(static_cast<int>(f.type));
        out += ' ';
        out += std::to_string(f.end);
        out += '\n';
    }
    return out;
}

}  // namespace

TEST_CASE("pg15 JSON: pg-json of a JSON plan is the identity", "[structured][json]") {
    const auto files = json_fixtures();
    REQUIRE(files.size() >= 138);
    for (const fs::path& file : files) {
        INFO(file.filename().string());
        const std::string text = read_file(file);
        auto plans = parse_structured(text, PlanFormat::json);
        REQUIRE(plans);
        REQUIRE(plans->size() == 1);
        std::vector<const Plan*> pointers{&plans->front()};
        const std::string printed = to_pg_json(pointers);
        auto again = parse_structured(printed, PlanFormat::json);
        REQUIRE(again);
        REQUIRE(again->size() == 1);
        CHECK(fields_listing(again->front()) == fields_listing(plans->front()));
    }
}

TEST_CASE("pg15 JSON: the text rendered from the server's JSON is the server's text", "[structured][json]") {
    for (const fs::path& file : json_fixtures()) {
        INFO(file.filename().string());
        fs::path txt = file;
        txt.replace_extension(".txt");
        const std::string json = read_file(file);  // the plan's views point into it
        auto plan = parse_plan(json);
        REQUIRE(plan);
        const bool analyze = with_analyze(file);
        std::string server = read_file(txt);
        while (!server.empty() && server.back() == '\n') server.pop_back();
        std::string rendered = to_text(*plan);
        while (!rendered.empty() && rendered.back() == '\n') rendered.pop_back();
        // 095 dirties pages in the JSON run only (the runs are separate executions)
        if (file.filename() == "095-update-row-trigger-wal.json") continue;
        CHECK(masked(rendered, analyze) == masked(server, analyze));
    }
}

TEST_CASE("pg15 JSON: the same tree as the text parser gives for the server's text", "[structured][json]") {
    for (const fs::path& file : json_fixtures()) {
        INFO(file.filename().string());
        fs::path txt = file;
        txt.replace_extension(".txt");
        const std::string text = read_file(txt);
        const std::string json = read_file(file);  // the plan's views point into it
        auto from_json = parse_plan(json);
        auto from_text = parse_plan(text);
        REQUIRE(from_json);
        REQUIRE(from_text);
        CHECK(from_json->format == PlanFormat::json);
        REQUIRE(from_json->nodes.size() == from_text->nodes.size());
        for (std::size_t i = 0; i < from_json->nodes.size(); ++i) {
            const Node& a = from_json->nodes[i];
            const Node& b = from_text->nodes[i];
            CHECK(a.kind == b.kind);
            CHECK(a.parent == b.parent);
            CHECK(a.relationship == b.relationship);
            CHECK(a.target.object == b.target.object);
            CHECK(a.field != no_field);
            CHECK(from_json->fields[a.field].type == FieldType::object);
        }
        CHECK(from_json->options.analyze == from_text->options.analyze);
        CHECK(from_json->options.verbose == from_text->options.verbose);
        // the JSON and text runs are separate executions: 095 dirtied pages in one only
        if (file.filename() != "095-update-row-trigger-wal.json")
            CHECK(from_json->properties.size() == from_text->properties.size());
    }
}

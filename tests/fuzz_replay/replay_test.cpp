// Re-runs every input saved under fuzz/regressions/<target>/ (crashes found
// by the fuzzers, and hostile inputs written by hand) through the same
// target bodies, so a fixed bug stays fixed without running a fuzzer.
#include "support/read_file.hpp"
#include "targets.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

std::size_t replay(std::string_view target, void (*body)(std::string_view)) {
    const fs::path dir = fs::path(PLANLENS_SOURCE_DIR) / "fuzz" / "regressions" / target;
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
        INFO(entry.path().string());
        body(planlens::test::read_file(entry.path()));  // aborts on a violated property
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("saved parse_plan inputs still pass") {
    CHECK(replay("parse_plan", planlens::fuzz::parse_plan_target) > 0);
}

TEST_CASE("saved document inputs still pass") {
    CHECK(replay("document", planlens::fuzz::document_target) > 0);
}

TEST_CASE("saved json inputs still pass") {
    CHECK(replay("json", planlens::fuzz::json_target) > 0);
}

TEST_CASE("saved yaml inputs still pass") {
    CHECK(replay("yaml", planlens::fuzz::yaml_target) > 0);
}

TEST_CASE("saved xml inputs still pass") {
    CHECK(replay("xml", planlens::fuzz::xml_target) > 0);
}

TEST_CASE("saved document inputs repeated past 1 MiB scan the same on several threads") {
    CHECK(replay("document", planlens::fuzz::scan_parallel_target) > 0);
}

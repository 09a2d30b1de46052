// What a project linking planlens does: parse a pasted plan, walk it, time it,
// render it. Every build method of tests/package compiles this same file.
#include <planlens/planlens.hpp>

#include <array>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>

int main() {
    if (std::strcmp(PLANLENS_VERSION_STRING, EXPECTED_VERSION) != 0) {
        std::fprintf(stderr, "headers say %s, the package says %s\n", PLANLENS_VERSION_STRING, EXPECTED_VERSION);
        return 1;
    }
    planlens::Document doc = planlens::Document::from_text(
        "Notes\n\n"
        "| QUERY PLAN |\n"
        "| --- |\n"
        "| Limit  (cost=0.00..0.05 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1) |\n"
        "|   ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.009..0.009 rows=1 loops=1) |\n"
        "| Execution Time: 0.020 ms |\n");
    if (doc.plans().size() != 1 || !doc.plans()[0].plan) {
        std::fprintf(stderr, "expected one parsed plan, found %zu\n", doc.plans().size());
        return 1;
    }
    const planlens::Plan& plan = *doc.plans()[0].plan;
    std::size_t nodes = 0;
    for (const planlens::Node& node : planlens::preorder(plan)) nodes += node.kind != planlens::NodeKind::unknown;
    const planlens::TimeProfile profile = planlens::exclusive_time(plan);
    const std::string json = planlens::to_pg_json(std::span<const planlens::Plan* const>(std::array{&plan}));
    if (nodes != 2 || profile.nodes.size() != 2 || json.find("\"Node Type\": \"Seq Scan\"") == std::string::npos) {
        std::fprintf(stderr, "unexpected result: %zu nodes\n%s", nodes, json.c_str());
        return 1;
    }
    std::printf("planlens %s: %s on %.*s, %zu nodes\n", PLANLENS_VERSION_STRING, "Limit > Seq Scan",
                static_cast<int>(plan.nodes[1].target.object.size()), plan.nodes[1].target.object.data(), nodes);
    return 0;
}

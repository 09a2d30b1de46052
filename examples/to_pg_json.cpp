// Converts pasted EXPLAIN text, in whatever shape it was pasted (a psql
// session, a markdown table, a CSV export, ...), into the JSON PostgreSQL
// prints for EXPLAIN (FORMAT JSON), for tools that read that (pev2, ...).
//
//   example_to_pg_json psql_session.txt > plan.json      (- reads standard input)
#include <planlens/document.hpp>
#include <planlens/pg_json.hpp>

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: example_to_pg_json FILE|-\n";
        return 2;
    }
    const auto doc = planlens::Document::from_file(argv[1]);
    if (!doc) {
        std::cerr << argv[1] << ": " << doc.error().message << '\n';
        return 1;
    }
    std::vector<const planlens::Plan*> plans;
    for (const planlens::FoundPlan& found : doc->plans()) {
        if (found.plan)
            plans.push_back(&*found.plan);
        else  // errors carry the line and column in the original file
            std::cerr << argv[1] << ':' << found.error->position.line << ':' << found.error->position.column << ": "
                      << found.error->message << '\n';
    }
    if (doc->plans().empty()) {
        std::cerr << argv[1] << ": no plan found\n";
        return 1;
    }
    std::cout << planlens::to_pg_json(plans);
    return doc->error_count() > 0 ? 1 : 0;
}

// Reads a writeup (markdown, a psql session, a server log, a bare plan, ...)
// and prints, for every plan in it, the three nodes where most of the time
// goes and the rules that fired on them.
//
//   example_hot_nodes writeup.md        (- reads standard input)
#include <planlens/document.hpp>
#include <planlens/hot_nodes.hpp>
#include <planlens/timing.hpp>

#include <iomanip>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: example_hot_nodes FILE|-\n";
        return 2;
    }
    // The Document owns the text; every Plan in it points into that text.
    const auto doc = planlens::Document::from_file(argv[1]);
    if (!doc) {
        std::cerr << argv[1] << ": " << doc.error().message << '\n';
        return 1;
    }
    std::cout << std::fixed << std::setprecision(1);
    for (const planlens::FoundPlan& found : doc->plans()) {
        if (!found.plan) {  // one bad paste does not stop the others
            const planlens::Position at = found.error->position;
            std::cerr << argv[1] << ':' << at.line << ':' << at.column << ": " << found.error->message << '\n';
            continue;
        }
        const planlens::Plan& plan = *found.plan;
        std::cout << "plan at line " << found.first_line;
        if (!found.heading.empty()) std::cout << " (" << found.heading << ')';
        if (plan.execution_time) std::cout << ": " << *plan.execution_time << " ms";
        std::cout << '\n';

        // Exclusive (self) time per node, the rules' findings, then the ranking.
        const planlens::TimeProfile profile = planlens::exclusive_time(plan);
        const std::vector<planlens::Finding> findings = planlens::find_problems(plan, profile);
        for (const planlens::HotNode& hot : planlens::hot_nodes(plan, profile, findings, {.top = 3})) {
            const planlens::Node& node = plan.node(hot.node);
            std::cout << "  " << std::setw(5) << 100 * hot.share << "%  " << node.name;
            if (!node.target.object.empty()) std::cout << " on " << node.target.object;
            if (!node.target.index.empty()) std::cout << " using " << node.target.index;
            std::cout << '\n';
            for (const planlens::Finding& finding : findings)
                if (finding.node == hot.node) std::cout << "           " << finding.rule << ": " << finding.message << '\n';
        }
    }
    return doc->plans().empty() || doc->error_count() > 0 ? 1 : 0;
}

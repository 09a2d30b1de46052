// Parses one plan given as text and walks its tree: every scan that throws
// most of its rows away, with the filter that did it and the path from the
// root. Shows parse_plan, traversals (range-v3 views) and typed properties.
//
//   example_walk_plan
#include <planlens/parse.hpp>
#include <planlens/traverse.hpp>

#include <range/v3/view/filter.hpp>

#include <iostream>
#include <string>

namespace {

// A plan as `psql -At` prints it. parse_plan does not copy: the Plan points
// into this text, which must outlive it (here it is a literal).
constexpr const char* text = R"(Hash Join  (cost=32.50..1834.97 rows=5000 width=14) (actual time=0.402..16.117 rows=4881 loops=1)
  Hash Cond: (o.customer_id = c.id)
  ->  Seq Scan on orders o  (cost=0.00..1789.00 rows=5000 width=10) (actual time=0.011..14.214 rows=4881 loops=1)
        Filter: (created_at > (now() - '7 days'::interval))
        Rows Removed by Filter: 95119
  ->  Hash  (cost=20.00..20.00 rows=1000 width=12) (actual time=0.379..0.380 rows=1000 loops=1)
        Buckets: 1024  Batches: 1  Memory Usage: 52kB
        ->  Seq Scan on customers c  (cost=0.00..20.00 rows=1000 width=12) (actual time=0.006..0.154 rows=1000 loops=1)
Planning Time: 0.291 ms
Execution Time: 18.512 ms
)";

}  // namespace

int main() {
    const planlens::Result<planlens::Plan> parsed = planlens::parse_plan(text);
    if (!parsed) {
        const planlens::Error& e = parsed.error();
        std::cerr << "plan:" << e.position.line << ':' << e.position.column << ": " << e.message << '\n';
        return 1;
    }
    const planlens::Plan& plan = *parsed;

    // Rows a node read = rows it returned + rows its filter removed (per loop).
    auto discards_most = [&](const planlens::Node& n) {
        const auto removed = plan.number(n, planlens::PropertyKind::rows_removed_by_filter);
        return n.actuals && removed && *removed > 9 * n.actuals->rows;
    };
    for (const planlens::Node& scan : planlens::preorder(plan) | ranges::views::filter(discards_most)) {
        std::cout << scan.name << " on " << scan.target.object << " keeps " << scan.actuals->rows << " rows, removes "
                  << *plan.number(scan, planlens::PropertyKind::rows_removed_by_filter) << '\n';
        if (const planlens::Property* filter = plan.find(scan, planlens::PropertyKind::filter))
            std::cout << "  Filter: " << filter->value << '\n';
        std::cout << "  under:";
        for (const planlens::Node& up : planlens::ancestors(plan, scan)) std::cout << ' ' << up.name;
        std::cout << '\n';
    }
    std::cout << "execution time: " << plan.execution_time.value_or(0) << " ms\n";
}

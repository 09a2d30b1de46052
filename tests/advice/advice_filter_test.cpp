// index-for-filter and non-sargable-filter on small hand-written plans.
#include "advice_helpers.hpp"

using namespace planlens;
using namespace planlens::test;

namespace {

/// A Seq Scan on `table` that returns `rows` and removes `removed` with `filter`.
std::string seq_scan(std::string_view table, std::string_view filter, double rows, double removed) {
    return analyzed(std::string("Seq Scan on ") + std::string(table), rows) + "\n  Filter: " + std::string(filter) +
           "\n  Rows Removed by Filter: " + std::to_string(static_cast<long>(removed)) + "\n";
}

std::vector<Advice> advice_for(const std::string& text) {
    const auto fx = plan_from_text(text);
    return advise(fx.plan);
}

}  // namespace

TEST_CASE("index-for-filter: equalities first, then one range column") {
    const auto a = by_rule(advice_for(seq_scan("orders", "((total > 100) AND (customer_id = 7) AND (status = 3))", 20, 99980)),
                           rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].statement == "CREATE INDEX ON orders (customer_id, status, total);");
    CHECK(a[0].equality_prefix == 2);
    CHECK(a[0].confidence == Confidence::high);
    CHECK(contains(a[0].action, "then the range column total"));
}

TEST_CASE("index-for-filter: only the first range column is a key") {
    const auto a = by_rule(advice_for(seq_scan("t", "((a > 1) AND (b < 5))", 10, 50000)), rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].columns == std::vector<std::string>{"a"});
}

TEST_CASE("index-for-filter: commuted comparisons, IN lists, IS NULL and varchar relabels count") {
    const auto a = by_rule(advice_for(seq_scan(
                               "t", "((7 = a) AND (b = ANY ('{1,2}'::integer[])) AND (c IS NULL) AND ((d)::text = 'x'::text))",
                               10, 50000)),
                           rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].columns == std::vector<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("index-for-filter: an OR of equalities on one column is one key") {
    const auto a = by_rule(advice_for(seq_scan("t", "((a = 1) OR (a = 2))", 10, 50000)), rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].columns == std::vector<std::string>{"a"});
}

TEST_CASE("index-for-filter: names are quoted the way PostgreSQL needs them") {
    const auto a = by_rule(advice_for(seq_scan("\"Order Items\"", "((\"Qty\" = 1) AND (\"time\" > $1))", 10, 50000)),
                           rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].statement == "CREATE INDEX ON \"Order Items\" (\"Qty\", \"time\");");
}

TEST_CASE("index-for-filter: a GIN index for containment operators") {
    const auto a = by_rule(advice_for(seq_scan("docs", "(tags @> '{red}'::text[])", 10, 50000)), rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].statement == "CREATE INDEX ON docs USING gin (tags);");
}

TEST_CASE("index-for-filter: tiny tables, unselective filters and plans without ANALYZE get nothing") {
    CHECK(advice_for(seq_scan("t", "(a = 1)", 1, 500)).empty());        // 501 rows: a seq scan is right
    CHECK(advice_for(seq_scan("t", "(a = 1)", 40000, 60000)).empty());  // removes 60%
    CHECK(advice_for("Seq Scan on t  (cost=0.00..20000.00 rows=1 width=8)\n  Filter: (a = 1)\n").empty());
}

TEST_CASE("index-for-filter: never an index the plan already uses") {
    // Same table, same leading column, read through t_a_idx elsewhere in the plan.
    const std::string by_cond = "Append" + analyzed("", 11).substr(0) + "\n" +
                                "  ->  " + analyzed("Index Scan using t_a_idx on t t2", 1) + "\n" +
                                "        Index Cond: (a = 5)\n" +
                                "  ->  " + analyzed("Seq Scan on t", 10) + "\n" +
                                "        Filter: (a = 1)\n" +
                                "        Rows Removed by Filter: 50000\n";
    CHECK(by_rule(advice_for(by_cond), rules::index_for_filter).empty());
    // Known only by name: an index-only scan without a condition.
    const std::string by_name = "Append" + analyzed("", 11) + "\n" +
                                "  ->  " + analyzed("Index Only Scan using idx_t_a_b on t t2", 1) + "\n" +
                                "  ->  " + analyzed("Seq Scan on t", 10) + "\n" +
                                "        Filter: ((a = 1) AND (b = 2))\n" +
                                "        Rows Removed by Filter: 50000\n";
    CHECK(by_rule(advice_for(by_name), rules::index_for_filter).empty());
    // A different leading column is a different index.
    const std::string other = "Append" + analyzed("", 11) + "\n" +
                              "  ->  " + analyzed("Index Scan using t_b_idx on t t2", 1) + "\n" +
                              "        Index Cond: (b = 5)\n" +
                              "  ->  " + analyzed("Seq Scan on t", 10) + "\n" +
                              "        Filter: (a = 1)\n" +
                              "        Rows Removed by Filter: 50000\n";
    CHECK(by_rule(advice_for(other), rules::index_for_filter).size() == 1);
}

TEST_CASE("index-for-filter: an index scan whose Filter discards most rows extends its index") {
    const auto a = by_rule(advice_for(analyzed("Index Scan using orders_customer_idx on orders", 5) +
                                      "\n  Index Cond: (customer_id = 7)\n  Filter: (status = 3)\n"
                                      "  Rows Removed by Filter: 20000\n"),
                           rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].statement == "CREATE INDEX ON orders (customer_id, status);");
    CHECK(contains(a[0].action, "extends orders_customer_idx"));
}

TEST_CASE("non-sargable-filter: a function over the column") {
    const auto all = advice_for(seq_scan("users u", "(lower((u.email)::text) = 'a@b.c'::text)", 1, 50000));
    const auto a = by_rule(all, rules::non_sargable_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].confidence == Confidence::high);  // the only restriction: the whole table is read for it
    CHECK(a[0].statement == "CREATE INDEX ON users ((lower((email)::text)));");
    CHECK(contains(a[0].action, "IMMUTABLE"));
    CHECK(by_rule(all, rules::index_for_filter).empty());
}

TEST_CASE("non-sargable-filter: a cast of the column to date") {
    const auto a = by_rule(advice_for(seq_scan("events", "((created_at)::date = '2024-01-01'::date)", 1, 50000)),
                           rules::non_sargable_filter);
    REQUIRE(a.size() == 1);
    CHECK(contains(a[0].action, "created_at >= '2024-01-01'::date AND created_at < '2024-01-01'::date + 1"));
    CHECK(a[0].statement == "CREATE INDEX ON events (created_at);");
}

TEST_CASE("non-sargable-filter: arithmetic on the column") {
    const auto a = by_rule(advice_for(seq_scan("t", "((a + 1) = 5)", 1, 50000)), rules::non_sargable_filter);
    REQUIRE(a.size() == 1);
    CHECK(contains(a[0].action, "expression of a"));
    CHECK(a[0].statement == "CREATE INDEX ON t (((a + 1)));");
}

TEST_CASE("non-sargable-filter: the clock makes an expression index impossible") {
    const auto a = by_rule(advice_for(seq_scan("t", "((now() - created_at) < '01:00:00'::interval)", 1, 50000)),
                           rules::non_sargable_filter);
    REQUIRE(a.size() == 1);
    CHECK(contains(a[0].action, "current time"));
    CHECK(a[0].statement == "CREATE INDEX ON t (created_at);");
}

TEST_CASE("non-sargable-filter: EXTRACT(day FROM age(now(), col)) rewrites by operator") {
    auto rewrite = [](std::string_view cond) {
        const auto a = by_rule(advice_for(seq_scan("meal", cond, 1, 50000)), rules::non_sargable_filter);
        REQUIRE(a.size() == 1);
        return a[0].action;
    };
    CHECK(contains(rewrite("(EXTRACT(day FROM age(now(), \"time\")) > '2'::numeric)"), "\"time\" <= now() - interval '3 days'"));
    CHECK(contains(rewrite("(EXTRACT(day FROM age(now(), \"time\")) < '7'::numeric)"), "\"time\" > now() - interval '7 days'"));
    CHECK(contains(rewrite("(EXTRACT(day FROM age(now(), \"time\")) = '1'::numeric)"),
                   "\"time\" <= now() - interval '1 day' AND \"time\" > now() - interval '2 days'"));
}

TEST_CASE("non-sargable-filter: LIKE with a leading wildcard and ILIKE want trigrams") {
    const auto like = by_rule(advice_for(seq_scan("t", "(name ~~ '%son'::text)", 1, 50000)), rules::non_sargable_filter);
    REQUIRE(like.size() == 1);
    CHECK(contains(like[0].statement, "USING gin (name gin_trgm_ops)"));
    CHECK(contains(like[0].statement, "CREATE EXTENSION IF NOT EXISTS pg_trgm;"));
    const auto ilike = by_rule(advice_for(seq_scan("t", "(name ~~* 'son%'::text)", 1, 50000)), rules::non_sargable_filter);
    REQUIRE(ilike.size() == 1);
    CHECK(contains(ilike[0].action, "case-insensitive"));
    // A prefix pattern is sargable (with the right operator class).
    const auto prefix = advice_for(seq_scan("t", "(name ~~ 'son%'::text)", 1, 50000));
    CHECK(by_rule(prefix, rules::non_sargable_filter).empty());
    REQUIRE(by_rule(prefix, rules::index_for_filter).size() == 1);
    CHECK(contains(by_rule(prefix, rules::index_for_filter)[0].action, "text_pattern_ops"));
}

TEST_CASE("non-sargable-filter: OR across columns wants an index per branch") {
    const auto a = by_rule(advice_for(seq_scan("t", "((a = 1) OR (b = 2))", 1, 50000)), rules::non_sargable_filter);
    REQUIRE(a.size() == 1);
    CHECK(contains(a[0].action, "BitmapOr"));
    CHECK(a[0].statement == "CREATE INDEX ON t (a);\nCREATE INDEX ON t (b);");
    const auto sub = by_rule(advice_for(seq_scan("t", "((a = 1) OR (hashed SubPlan 1))", 1, 50000)),
                             rules::non_sargable_filter);
    REQUIRE(sub.size() == 1);
    CHECK(sub[0].statement.empty());
}

TEST_CASE("non-sargable-filter: quiet when the scan is small or keeps its rows") {
    CHECK(advice_for(seq_scan("t", "(lower(name) = 'x'::text)", 1, 100)).empty());
    CHECK(by_rule(advice_for(seq_scan("t", "(lower(name) = 'x'::text)", 40000, 100)), rules::non_sargable_filter).empty());
}

TEST_CASE("index-for-filter: an index scan without an Index Cond is no index to extend") {
    const auto a = by_rule(advice_for(analyzed("Index Scan using orders_pkey on orders", 5) +
                                      "\n  Filter: (status = 3)\n  Rows Removed by Filter: 20000\n"),
                           rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].statement == "CREATE INDEX ON orders (status);");
    CHECK_FALSE(contains(a[0].action, "extends"));
}

TEST_CASE("index-for-filter: a BitmapAnd of single-column indexes gets one index for all of it") {
    const std::string text = analyzed("Bitmap Heap Scan on t", 10) + "\n" +
                             "  Recheck Cond: ((a = 1) AND (b = 2))\n"
                             "  Filter: (c = 3)\n"
                             "  Rows Removed by Filter: 20000\n" +
                             "  ->  " + analyzed("BitmapAnd", 0) + "\n" +
                             "        ->  " + analyzed("Bitmap Index Scan on t_a_idx", 30000) + "\n" +
                             "              Index Cond: (a = 1)\n" +
                             "        ->  " + analyzed("Bitmap Index Scan on t_b_idx", 30000) + "\n" +
                             "              Index Cond: (b = 2)\n";
    const auto a = by_rule(advice_for(text), rules::index_for_filter);
    REQUIRE(a.size() == 1);
    CHECK(a[0].statement == "CREATE INDEX ON t (a, b, c);");
    CHECK(contains(a[0].action, "Recheck Cond's columns (a, b) come first"));
}

// ---- partitions -------------------------------------------------------------

namespace {

std::vector<Advice> captured_advice(const std::string& name) {
    const std::string text = read_file(std::string(PLANLENS_SOURCE_DIR) + "/fixtures/analysis/" + name + ".txt");
    REQUIRE_FALSE(text.empty());
    const auto fx = plan_from_text(text);
    return advise(fx.plan);
}

}  // namespace

TEST_CASE("index-for-filter on partitions: one CREATE INDEX on the partitioned parent") {
    // Four partitions scans_2024_q1..q4, aliases scans_1..scans_4, the same Filter.
    for (const char* name : {"pg15-partition-filter-serial", "pg15-partition-filter"}) {
        INFO(name);
        const auto all = captured_advice(name);
        const auto index = by_rule(all, rules::index_for_filter);
        REQUIRE(index.size() == 1);
        CHECK(index[0].relation == "scans");
        CHECK(index[0].statement == "CREATE INDEX ON scans (device_id);");
        CHECK(index[0].also.size() == 3);
        CHECK(contains(index[0].action, "scans is partitioned: one index on it is enough for all 4 partitions scanned here: PostgreSQL creates it"));
        std::size_t statements = 0;
        for (const Advice& a : all) statements += a.statement.rfind("CREATE INDEX", 0) == 0;
        CHECK(statements == 1);
    }
}

TEST_CASE("index-for-filter on partitions: not an index a sibling partition already uses") {
    const auto fx = plan_from_text(R"(Append  (cost=0.00..9000.00 rows=80 width=8) (actual time=0.010..60.000 rows=80 loops=1)
  ->  Index Scan using scans_2024_q1_device_id_idx on scans_2024_q1 scans_1  (cost=0.29..8.31 rows=40 width=8) (actual time=0.010..0.050 rows=40 loops=1)
        Index Cond: (device_id = 42)
  ->  Seq Scan on scans_2024_q2 scans_2  (cost=0.00..4747.58 rows=40 width=8) (actual time=0.010..59.000 rows=40 loops=1)
        Filter: (device_id = 42)
        Rows Removed by Filter: 198884
)");
    CHECK(by_rule(advise(fx.plan), rules::index_for_filter).empty());
}

TEST_CASE("a self-join's alias t_1 is not a partition") {
    const auto fx = seed_plan("seed-000-1");
    const auto all = advise(fx.plan);
    const auto index = by_rule(all, rules::index_for_filter);
    REQUIRE(index.size() == 1);
    CHECK(index[0].relation == "transactions");
    CHECK_FALSE(contains(index[0].action, "partitioned"));
}

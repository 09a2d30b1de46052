// The headline: execution before -> after, the speedup, the planning change,
// where the saved (or lost) time came from, indexes, and the summary sentences;
// on the fixture pairs and on the seed writeups' before/after pairs.
#include "diff_helpers.hpp"

#include <planlens/document.hpp>

#include <cmath>

using namespace planlens;
using namespace planlens::test;

namespace {

/// A seed writeup and the diff of two of its plans (1-based, as on the command line).
struct SeedPair {
    Document doc;
    PlanDiff diff;
};

std::unique_ptr<SeedPair> seed_pair(const std::string& file, std::size_t before, std::size_t after) {
    auto doc = Document::from_file((fixtures_dir / "seeds" / file).string());
    REQUIRE(doc);
    auto pair = std::make_unique<SeedPair>(SeedPair{std::move(doc).value(), {}});
    const auto plans = pair->doc.plans();
    REQUIRE(plans.size() >= std::max(before, after));
    REQUIRE(plans[before - 1].plan);
    REQUIRE(plans[after - 1].plan);
    auto d = diff_plans(*plans[before - 1].plan, *plans[after - 1].plan);
    REQUIRE(d);
    pair->diff = std::move(d).value();
    return pair;
}

bool any_line_contains(const std::vector<std::string>& lines, std::string_view what) {
    for (const std::string& line : lines)
        if (line.find(what) != std::string::npos) return true;
    return false;
}

/// The entry a time shift points at.
const NodeChange& site(const PlanDiff& d, std::size_t i) {
    REQUIRE(i < d.headline.moved.size());
    return d.entries[d.headline.moved[i].site];
}

}  // namespace

TEST_CASE("headline: seed 000, first pair: x325, transactions from a parallel seq scan to bitmap heap scans") {
    const auto s = seed_pair("000.md", 1, 2);
    const DiffHeadline& h = s->diff.headline;
    CHECK(h.timed);
    CHECK(*h.execution_before == Approx(112.928));
    CHECK(*h.execution_after == Approx(0.347));
    CHECK(*h.speedup == Approx(112.928 / 0.347));
    CHECK(std::lround(*h.speedup) == 325);
    CHECK(h.verdict == Verdict::faster);
    CHECK(*h.planning_before == Approx(0.563));
    CHECK(*h.planning_after == Approx(0.843));
    CHECK(h.new_indexes == std::vector<std::string_view>{"idx_to_user", "idx_from_user"});
    CHECK(h.dropped_indexes.empty());
    CHECK_FALSE(h.same_shape);
    CHECK_FALSE(h.same_access_paths);
    CHECK(h.replaced == 2);
    // The two transactions scans explain the time saved, the larger first.
    REQUIRE(h.moved.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const NodeChange& e = site(s->diff, i);
        CHECK(e.kind == ChangeKind::replaced);
        CHECK(s->diff.before->nodes[e.before].kind == NodeKind::seq_scan);
        CHECK(s->diff.before->nodes[e.before].parallel_aware);
        CHECK(s->diff.after->nodes[e.after].kind == NodeKind::bitmap_heap_scan);
        CHECK(s->diff.after->nodes[e.after].target.object == "transactions");
        CHECK(e.new_indexes == std::vector<std::string_view>{"idx_to_user", "idx_from_user"});
        CHECK(h.moved[i].delta < 0);
    }
    CHECK(h.moved[0].share > h.moved[1].share);
    CHECK(h.moved[0].share + h.moved[1].share > 0.95);

    const std::vector<std::string> lines = summary(s->diff);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0] == "execution 112.928 → 0.347 ms: ×325 faster; planning 0.563 → 0.843 ms (+0.280 ms)");
    CHECK(any_line_contains(lines, "time saved in: transactions: Parallel Seq Scan → Bitmap Heap Scan using "
                                   "idx_to_user, idx_from_user (Gather removed)"));
    CHECK(any_line_contains(lines, "newly used indexes: idx_to_user, idx_from_user"));
    CHECK(any_line_contains(lines, "no longer runs in parallel"));
}

TEST_CASE("headline: seed 001, last pair: x97, meal from a parallel seq scan to an Index Scan using idx_user_id_time") {
    const auto s = seed_pair("001.md", 5, 6);
    const DiffHeadline& h = s->diff.headline;
    CHECK(std::lround(*h.speedup) == 97);
    CHECK(*h.speedup == Approx(27.638 / 0.284));
    CHECK(h.new_indexes == std::vector<std::string_view>{"idx_user_id_time"});
    REQUIRE(h.moved.size() == 1);
    const NodeChange& e = site(s->diff, 0);
    const Node& was = s->diff.before->nodes[e.before];
    const Node& now = s->diff.after->nodes[e.after];
    CHECK(was.name == "Parallel Seq Scan");
    CHECK(was.target.object == "meal");
    CHECK(now.kind == NodeKind::index_scan);
    CHECK(now.target.index == "idx_user_id_time");
    CHECK(now.target.object == "meal");
    CHECK(h.moved[0].share == Approx(1.0).margin(0.01));
    CHECK(any_line_contains(summary(s->diff), "meal: Parallel Seq Scan → Index Scan using idx_user_id_time (Gather removed)"));
}

TEST_CASE("headline: seed 002, indexes that did not help: about the same, same access paths, no new index") {
    for (const auto& [before, after] : {std::pair<std::size_t, std::size_t>{2, 3}, {3, 4}}) {
        INFO("plans " << before << " -> " << after);
        const auto s = seed_pair("002.md", before, after);
        const DiffHeadline& h = s->diff.headline;
        CHECK(h.verdict == Verdict::about_same);
        CHECK(h.same_shape);
        CHECK(h.same_access_paths);
        CHECK(h.new_indexes.empty());
        CHECK(h.dropped_indexes.empty());
        const std::vector<std::string> lines = summary(s->diff);
        CHECK(lines[0].find("about the same") != std::string::npos);
        CHECK(any_line_contains(lines, "no index is used that was not used before"));
        CHECK(any_line_contains(lines, "same plan"));
    }
    // 7 -> 8: fifteen milliseconds better, but only timings moved: not the plan's doing.
    const auto s = seed_pair("002.md", 7, 8);
    CHECK(s->diff.headline.verdict == Verdict::faster);
    CHECK(s->diff.headline.same_shape);
    CHECK(s->diff.headline.same_access_paths);
    CHECK(s->diff.headline.new_indexes.empty());
    CHECK(any_line_contains(summary(s->diff), "only the timings of"));
}

TEST_CASE("headline: identical plans: speedup 1, nothing moved, same plan") {
    const std::string text = read_file(diff_fixture("hash-to-nested-loop.before.txt"));
    const auto p = diff_texts(text, text);
    const DiffHeadline& h = p->diff.headline;
    CHECK(*h.speedup == 1.0);
    CHECK(h.verdict == Verdict::about_same);
    CHECK(h.moved.empty());
    CHECK(h.same_shape);
    CHECK(h.same_access_paths);
    CHECK(h.replaced + h.added + h.removed + h.changed == 0);
    const std::vector<std::string> lines = summary(p->diff);
    CHECK(lines == std::vector<std::string>{
                       "execution 18.240 → 18.240 ms: about the same (×1.00); planning 0.162 → 0.162 ms (+0.000 ms)",
                       "no index is used that was not used before",
                       "same plan: same nodes, same access paths, no node's figures changed notably"});
}

TEST_CASE("headline: the Sort removed by index order counts with the scan it served") {
    const auto p = diff_pair("sort-to-index-order");
    const DiffHeadline& h = p->diff.headline;
    CHECK(std::lround(*h.speedup) == 1343);
    REQUIRE(h.moved.size() == 1);
    // Sort (41.461 ms) and scan (21.616 ms) saved together: all of the saving.
    CHECK(h.moved[0].delta == Approx(-41.461 - 21.616));
    CHECK(h.moved[0].share == Approx(1.0).margin(0.001));
    CHECK(any_line_contains(summary(p->diff), "posts: Seq Scan → Index Scan Backward using posts_created_at_idx (Sort removed)"));
}

TEST_CASE("headline: time moved into a join method and an access path") {
    const auto p = diff_pair("hash-to-nested-loop");
    const DiffHeadline& h = p->diff.headline;
    REQUIRE(h.moved.size() == 2);
    CHECK(p->diff.before->nodes[site(p->diff, 0).before].kind == NodeKind::hash_join);
    CHECK(p->diff.after->nodes[site(p->diff, 1).after].kind == NodeKind::index_scan);
    CHECK(h.moved[0].delta == Approx(0.007 - 10.680));
    CHECK(any_line_contains(summary(p->diff), "Hash Join → Nested Loop over c, o"));
}

TEST_CASE("headline: a join order swap is named, not called the same shape") {
    const auto p = diff_pair("join-order");
    const DiffHeadline& h = p->diff.headline;
    CHECK(h.verdict == Verdict::about_same);  // 42.518 -> 41.377 ms
    CHECK(h.same_shape);                     // no node added, removed or replaced ...
    const std::vector<std::string> lines = summary(p->diff);
    CHECK(any_line_contains(lines, "the join order changed: 1 join now joins other relations"));  // ... but reordered
    CHECK_FALSE(any_line_contains(lines, "same plan shape"));
}

TEST_CASE("headline: slower, planning change, dropped indexes") {
    // The alias-kind pair backwards: the after plan went back to the older indexes.
    const auto p = diff_texts(read_file(diff_fixture("alias-kind.after.txt")), read_file(diff_fixture("alias-kind.before.txt")));
    const DiffHeadline& h = p->diff.headline;
    CHECK(h.verdict == Verdict::slower);
    CHECK(*h.speedup == Approx(0.062 / 0.093));
    CHECK(h.new_indexes == std::vector<std::string_view>{"users_email_idx"});
    CHECK(h.dropped_indexes == std::vector<std::string_view>{"users_email_id_idx"});
    const std::vector<std::string> lines = summary(p->diff);
    CHECK(lines[0] == "execution 0.062 → 0.093 ms: ×1.50 slower; planning 0.198 → 0.215 ms (+0.017 ms)");
    CHECK(lines[1].substr(0, 14) == "time lost in: ");
    CHECK(any_line_contains(lines, "indexes no longer used: users_email_id_idx"));
}

TEST_CASE("headline: without ANALYZE the planner cost is compared and there is no speedup") {
    const auto p = diff_texts(R"(Seq Scan on t  (cost=0.00..1000.00 rows=10 width=4)
  Filter: (a = 1)
)",
                              R"(Index Scan using t_a_idx on t  (cost=0.29..8.45 rows=10 width=4)
  Index Cond: (a = 1)
)");
    const DiffHeadline& h = p->diff.headline;
    CHECK_FALSE(h.timed);
    CHECK_FALSE(h.speedup);
    CHECK(h.verdict == Verdict::unknown);
    CHECK(h.total_before == Approx(1000.0));
    CHECK(h.total_after == Approx(8.45));
    CHECK(summary(p->diff)[0] == "no timing (EXPLAIN without ANALYZE): planner cost 1000.00 → 8.45");
    CHECK(p->entry(0).kind == ChangeKind::replaced);
}

TEST_CASE("headline: a plan without nodes cannot be diffed") {
    const auto p = parse_text("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n");
    Plan empty{};
    CHECK_FALSE(diff_plans(empty, p->plan));
    CHECK_FALSE(diff_plans(p->plan, empty));
}

TEST_CASE("headline: time moved in a node whose plan did not change is variation, not credit") {
    // The same Seq Scan on big, 230 -> 205 ms; the join's inner side became an index scan.
    const auto p = diff_texts(R"(Hash Join  (cost=30.00..9000.00 rows=1000 width=8) (actual time=5.000..300.000 rows=1000 loops=1)
  Hash Cond: (big.k = small.id)
  ->  Seq Scan on big  (cost=0.00..8000.00 rows=100000 width=8) (actual time=0.010..230.000 rows=100000 loops=1)
  ->  Hash  (cost=20.00..20.00 rows=1000 width=4) (actual time=60.000..60.000 rows=1000 loops=1)
        ->  Seq Scan on small  (cost=0.00..20.00 rows=1000 width=4) (actual time=0.010..59.000 rows=1000 loops=1)
              Filter: (flag = 1)
              Rows Removed by Filter: 99000
)",
                              R"(Hash Join  (cost=30.00..9000.00 rows=1000 width=8) (actual time=1.000..215.000 rows=1000 loops=1)
  Hash Cond: (big.k = small.id)
  ->  Seq Scan on big  (cost=0.00..8000.00 rows=100000 width=8) (actual time=0.010..205.000 rows=100000 loops=1)
  ->  Hash  (cost=20.00..20.00 rows=1000 width=4) (actual time=1.000..1.000 rows=1000 loops=1)
        ->  Index Scan using small_flag_idx on small  (cost=0.29..20.00 rows=1000 width=4) (actual time=0.010..0.900 rows=1000 loops=1)
              Index Cond: (flag = 1)
)");
    const DiffHeadline& h = p->diff.headline;
    CHECK_FALSE(h.different_queries);
    REQUIRE_FALSE(h.moved.empty());
    for (const TimeShift& s : h.moved) CHECK(p->diff.entries[s.site].before != p->in_before("Seq Scan on big"));
    CHECK(p->diff.entries[h.moved[0].site].after == p->in_after("Index Scan"));
    REQUIRE(h.variation.size() == 1);
    CHECK(p->diff.entries[h.variation[0].site].before == p->in_before("Seq Scan on big"));
    CHECK(h.variation[0].delta == Approx(-25.0));
    // With the Hash Join's -1 ms and the Hash's -0.9 ms, each too small to name.
    CHECK(h.variation_total == Approx(-26.9));
    const auto lines = summary(p->diff);
    CHECK(any_line_contains(lines, "time saved in: small: Seq Scan → Index Scan using small_flag_idx"));
    CHECK_FALSE(any_line_contains(lines, "time saved in: big"));
    CHECK(any_line_contains(lines, "run-to-run variation (caching, load) in nodes whose plan did not change, not "
                                   "credited: big: Seq Scan -25.000 ms (230.000 → 205.000 ms, -10.9%)"));

    const std::string json = diff_json(p->diff);
    CHECK(json.find(R"("run_to_run_variation": [{"change": )") != std::string::npos);
    CHECK(json.find(R"("run_to_run_variation_ms": -26.900)") != std::string::npos);
    CHECK(json.find(R"("different_queries": false)") != std::string::npos);
    const std::size_t moved = json.find(R"("time_moved": [)");
    const std::size_t varied = json.find(R"("run_to_run_variation": [)");
    REQUIRE(moved != std::string::npos);
    CHECK(json.substr(moved, varied - moved).find(R"("relation": "big")") == std::string::npos);
}

TEST_CASE("headline: plans of different queries are said to be so, with no speedup") {
    const auto s = seed_pair("000.md", 1, 4);  // transactions vs users_to_group
    const DiffHeadline& h = s->diff.headline;
    CHECK(h.different_queries);
    CHECK_FALSE(h.speedup);
    CHECK(h.verdict == Verdict::unknown);
    CHECK(h.moved.empty());
    const auto lines = summary(s->diff);
    CHECK(any_line_contains(lines, "these look like two different queries (they read no relation in common), so the "
                                   "times do not compare"));
    CHECK_FALSE(any_line_contains(lines, "faster"));
}

TEST_CASE("headline: a node that moved under a Gather is credited, one whose work stayed the same is variation") {
    // Seed 001, plan 3 -> 4: the outer Hash Join keeps its line, but under the new Gather Merge it runs in three
    // processes, each on a third of the rows (72,369 -> 24,123 x 3): 38.2 -> 14.0 ms is the plan's doing.
    const auto p = diff_texts(read_file(fixtures_dir / "plans" / "seed-001-3.txt"),
                              read_file(fixtures_dir / "plans" / "seed-001-4.txt"));
    const NodeChange& join = p->before_entry("Hash Join  (cost=13422");
    CHECK(has(join.what, Aspect::parallel));
    CHECK(join.kind == ChangeKind::changed);
    const DiffHeadline& h = p->diff.headline;
    for (const TimeShift& s : h.variation) CHECK(p->diff.entries[s.site].before != join.before);
    bool credited = false;
    for (const TimeShift& s : h.moved) credited = credited || p->diff.entries[s.site].before == join.before;
    CHECK(credited);
    CHECK_FALSE(any_line_contains(summary(p->diff), "run-to-run variation"));

    // Seed 001, plan 1 -> 2: the outer Nested Loop sits above the scan that changed, but joins the same 399,687
    // rows with the same Join Filter, 11.9% faster like the unchanged Seq Scan on meal beside it: variation.
    const auto q = diff_texts(read_file(fixtures_dir / "plans" / "seed-001-1.txt"),
                              read_file(fixtures_dir / "plans" / "seed-001-2.txt"));
    const NodeChange& loop = q->before_entry("Nested Loop  (cost=8597.60..31107.71");
    CHECK(loop.kind == ChangeKind::unchanged);
    bool varied = false;
    for (const TimeShift& s : q->diff.headline.variation) varied = varied || q->diff.entries[s.site].before == loop.before;
    CHECK(varied);
    for (const TimeShift& s : q->diff.headline.moved) CHECK(q->diff.entries[s.site].before != loop.before);
}

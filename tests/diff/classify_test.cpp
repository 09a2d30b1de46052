// How each entry is classified (replaced / added / removed / changed /
// unchanged), what differs on it, which indexes came or went, and which
// access path an added or removed helper node is counted with.
#include "diff_helpers.hpp"

using namespace planlens;
using namespace planlens::test;

TEST_CASE("classify: Seq Scan -> Index Scan is replaced with a new index, the parent changed by buffers") {
    const auto p = diff_pair("seq-to-index");
    const NodeChange& scan = p->before_entry("Seq Scan on orders");
    CHECK(scan.kind == ChangeKind::replaced);
    CHECK(has(scan.what, Aspect::node_type));
    CHECK(has(scan.what, Aspect::indexes));
    CHECK(has(scan.what, Aspect::self_time));
    CHECK(has(scan.what, Aspect::buffers));  // 8334 -> 105 blocks
    CHECK_FALSE(has(scan.what, Aspect::rows));  // 102 rows both times
    CHECK(scan.new_indexes == std::vector<std::string_view>{"orders_customer_id_idx"});
    CHECK(scan.dropped_indexes.empty());
    CHECK(scan.before_figures.self_ms == Approx(85.412));
    CHECK(scan.after_figures.self_ms == Approx(0.214));
    CHECK(scan.delta() == Approx(0.214 - 85.412));
    CHECK(scan.note == "the Filter discarded 999,898 rows; now 0");

    const NodeChange& aggregate = p->before_entry("Aggregate");
    CHECK(aggregate.kind == ChangeKind::changed);
    CHECK(aggregate.what == static_cast<Aspects>(Aspect::buffers));  // its self time moved too little to count
    CHECK(p->diff.changes().size() == 2);
}

TEST_CASE("classify: Seq Scan -> Bitmap Heap Scan, BitmapAnd and Bitmap Index Scans added under it") {
    const auto p = diff_pair("seq-to-bitmap");
    const NodeChange& heap = p->before_entry("Seq Scan on events e");
    CHECK(heap.kind == ChangeKind::replaced);
    CHECK(heap.new_indexes == std::vector<std::string_view>{"events_user_id_idx", "events_kind_idx"});
    CHECK(p->before_entry("Sort").kind == ChangeKind::unchanged);
    CHECK(p->count(ChangeKind::added) == 3);
    CHECK(p->count(ChangeKind::removed) == 0);

    // The bitmap nodes belong to the heap scan's access path: their time counts with it.
    const std::size_t heap_site = static_cast<std::size_t>(&heap - p->diff.entries.data());
    CHECK(heap.site == heap_site);
    for (const char* added : {"BitmapAnd", "Bitmap Index Scan on events_user_id_idx", "Bitmap Index Scan on events_kind_idx"}) {
        const NodeChange& e = p->after_entry(added);
        INFO(added);
        CHECK(e.kind == ChangeKind::added);
        CHECK(e.site == heap_site);
        CHECK(e.before_figures.self_ms == std::nullopt);
        // The heap scan names the indexes; its Bitmap Index Scans do not repeat them.
        CHECK(e.new_indexes.empty());
    }
}

TEST_CASE("classify: Parallel Seq Scan -> Index Only Scan is replaced and no longer parallel, the Gather is removed") {
    const auto p = diff_pair("parallel-to-index-only");
    const NodeChange& scan = p->before_entry("Parallel Seq Scan on readings");
    CHECK(scan.kind == ChangeKind::replaced);
    CHECK(has(scan.what, Aspect::parallel));
    CHECK(has(scan.what, Aspect::node_type));
    CHECK(scan.new_indexes == std::vector<std::string_view>{"readings_sensor_id_idx"});
    // Per-process rows of a parallel scan do not compare with a serial scan's.
    CHECK_FALSE(has(scan.what, Aspect::rows));
    CHECK_FALSE(has(scan.what, Aspect::estimate));
    CHECK(p->before_entry("Gather").kind == ChangeKind::removed);
    CHECK(p->count(ChangeKind::removed) == 2);  // the Gather and one of the two aggregates
    CHECK(p->count(ChangeKind::added) == 0);
}

TEST_CASE("classify: a Sort made unnecessary by index order is removed, with a note, and counted with the scan") {
    const auto p = diff_pair("sort-to-index-order");
    const NodeChange& sort = p->before_entry("Sort");
    CHECK(sort.kind == ChangeKind::removed);
    CHECK(sort.note == "no Sort needed: Index Scan Backward using posts_created_at_idx on posts returns the rows in order");
    const NodeChange& scan = p->before_entry("Seq Scan on posts");
    CHECK(scan.kind == ChangeKind::replaced);
    CHECK(has(scan.what, Aspect::rows));  // 250000 read, now 10
    CHECK(sort.site == static_cast<std::size_t>(&scan - p->diff.entries.data()));
    CHECK(p->before_entry("Limit").kind == ChangeKind::unchanged);
}

TEST_CASE("classify: Hash Join -> Nested Loop is replaced without an inputs change, its Hash is removed") {
    const auto p = diff_pair("hash-to-nested-loop");
    const NodeChange& join = p->before_entry("Hash Join");
    CHECK(join.kind == ChangeKind::replaced);
    CHECK(has(join.what, Aspect::node_type));
    CHECK_FALSE(has(join.what, Aspect::inputs));  // it still joins c and o
    CHECK(p->before_entry("->  Hash  ").kind == ChangeKind::removed);
    CHECK(p->before_entry("Seq Scan on customers c").kind == ChangeKind::unchanged);
    const NodeChange& orders = p->before_entry("Seq Scan on orders o");
    CHECK(orders.kind == ChangeKind::replaced);
    CHECK(has(orders.what, Aspect::rows));
    CHECK(has(orders.what, Aspect::estimate));  // 100000 -> 25 estimated
}

TEST_CASE("classify: a join order swap is a changed join with other inputs") {
    const auto p = diff_pair("join-order");
    const Plan& before = p->before->plan;
    const NodeChange& inner = p->entry(before.nodes[p->in_before("Seq Scan on orders o")].parent);
    CHECK(inner.kind == ChangeKind::changed);
    CHECK(has(inner.what, Aspect::inputs));
    CHECK_FALSE(has(inner.what, Aspect::node_type));
    CHECK(inner.note == "joins o, p (was o, c)");
    // The top join still joins all three.
    CHECK_FALSE(has(p->entry(0).what, Aspect::inputs));
    CHECK(p->count(ChangeKind::replaced) == 0);
    CHECK(p->count(ChangeKind::added) == 0);
    CHECK(p->count(ChangeKind::removed) == 0);
}

TEST_CASE("classify: same alias, another kind: Index Scan -> Index Only Scan, on another index or the same") {
    const auto p = diff_pair("alias-kind");
    const NodeChange& users = p->before_entry("on users u");
    CHECK(users.kind == ChangeKind::replaced);
    CHECK(users.new_indexes == std::vector<std::string_view>{"users_email_id_idx"});
    CHECK(users.dropped_indexes == std::vector<std::string_view>{"users_email_idx"});
    const NodeChange& sessions = p->before_entry("on sessions s");
    CHECK(sessions.kind == ChangeKind::replaced);
    CHECK(has(sessions.what, Aspect::node_type));
    CHECK_FALSE(has(sessions.what, Aspect::indexes));
    CHECK(sessions.new_indexes.empty());
    CHECK(sessions.dropped_indexes.empty());
    CHECK(p->entry(0).kind == ChangeKind::unchanged);
}

TEST_CASE("classify: self-join: the inner scan of e is replaced and loops 1 -> 3, m is unchanged") {
    const auto p = diff_pair("self-join");
    const NodeChange& e = p->before_entry("Seq Scan on employees e");
    CHECK(e.kind == ChangeKind::replaced);
    CHECK(has(e.what, Aspect::loops));
    CHECK(e.new_indexes == std::vector<std::string_view>{"employees_manager_id_idx"});
    CHECK(e.after_figures.self_ms == Approx(0.048));  // 0.016 ms x 3 loops
    CHECK(p->before_entry("Seq Scan on employees m").kind == ChangeKind::unchanged);
    CHECK(p->before_entry("Hash Join").kind == ChangeKind::replaced);
}

TEST_CASE("classify: identical plans: every entry unchanged, nothing new") {
    const std::string text = read_file(diff_fixture("seq-to-bitmap.after.txt"));
    const auto p = diff_texts(text, text);
    CHECK(p->diff.entries.size() == p->before->plan.nodes.size());
    CHECK(p->diff.changes().empty());
    for (const NodeChange& e : p->diff.entries) {
        CHECK(e.kind == ChangeKind::unchanged);
        CHECK(e.what == 0);
        CHECK(e.delta() == 0);
        CHECK(e.new_indexes.empty());
    }
}

TEST_CASE("classify: completely different plans: everything removed, then added") {
    const auto p = diff_texts(read_file(diff_fixture("seq-to-index.before.txt")),
                              read_file(diff_fixture("self-join.after.txt")));
    CHECK(p->count(ChangeKind::removed) == p->before->plan.nodes.size());
    CHECK(p->count(ChangeKind::added) == p->after->plan.nodes.size());
    CHECK(p->diff.entries.size() == p->before->plan.nodes.size() + p->after->plan.nodes.size());
    CHECK(p->after_entry("Index Scan using employees_manager_id_idx").new_indexes ==
          std::vector<std::string_view>{"employees_manager_id_idx"});
}

TEST_CASE("classify: figures that moved a little stay unchanged, past the thresholds they are changed") {
    const char* before = R"(Seq Scan on t  (cost=0.00..1000.00 rows=1000 width=4) (actual time=0.010..10.000 rows=1000 loops=1)
  Buffers: shared hit=500
)";
    SECTION("5% slower, 5% more rows, a few more blocks: unchanged") {
        const auto p = diff_texts(before, R"(Seq Scan on t  (cost=0.00..1000.00 rows=1000 width=4) (actual time=0.010..10.500 rows=1050 loops=1)
  Buffers: shared hit=520
)");
        CHECK(p->entry(0).kind == ChangeKind::unchanged);
    }
    SECTION("twice as slow, twice the rows, estimate x3, many more blocks: changed on each count") {
        const auto p = diff_texts(before, R"(Seq Scan on t  (cost=0.00..3000.00 rows=3000 width=4) (actual time=0.010..20.000 rows=2000 loops=1)
  Buffers: shared hit=1000
)");
        const NodeChange& e = p->entry(0);
        CHECK(e.kind == ChangeKind::changed);
        CHECK(e.what == (static_cast<Aspects>(Aspect::self_time) | static_cast<Aspects>(Aspect::rows) |
                         static_cast<Aspects>(Aspect::estimate) | static_cast<Aspects>(Aspect::buffers)));
    }
    SECTION("a scan that went backward is a changed variant, not a replacement") {
        const auto p = diff_texts(
            "Index Scan using t_pkey on t  (cost=0.29..8.30 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)\n",
            "Index Scan Backward using t_pkey on t  (cost=0.29..8.30 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)\n");
        CHECK(p->entry(0).kind == ChangeKind::changed);
        CHECK(p->entry(0).what == static_cast<Aspects>(Aspect::variant));
    }
}

// match_nodes on hand-made before/after pairs (fixtures/diff) with the
// reshapes real index work produces: which node became which, which came or went.
#include "diff_helpers.hpp"

using namespace planlens;
using namespace planlens::test;

namespace {

/// Before node `b` is paired with after node `a`, both ways.
void check_paired(const DiffPair& p, NodeId b, NodeId a) {
    INFO("before node " << b << ", after node " << a);
    CHECK(p.diff.matching.after_of[b] == a);
    CHECK(p.diff.matching.before_of[a] == b);
}

void check_unpaired_before(const DiffPair& p, NodeId b) { CHECK(p.diff.matching.after_of[b] == no_node); }
void check_unpaired_after(const DiffPair& p, NodeId a) { CHECK(p.diff.matching.before_of[a] == no_node); }

/// Matching is one-to-one: every pair is seen the same from both sides.
void check_consistent(const NodeMatching& m) {
    for (NodeId b = 0; b < m.after_of.size(); ++b)
        if (m.after_of[b] != no_node) CHECK(m.before_of[m.after_of[b]] == b);
    for (NodeId a = 0; a < m.before_of.size(); ++a)
        if (m.before_of[a] != no_node) CHECK(m.after_of[m.before_of[a]] == a);
}

}  // namespace

TEST_CASE("match: Seq Scan -> Index Scan on the same relation, parent kept") {
    const auto p = diff_pair("seq-to-index");
    check_consistent(p->diff.matching);
    check_paired(*p, p->in_before("Seq Scan on orders"), p->in_after("Index Scan using orders_customer_id_idx"));
    check_paired(*p, p->in_before("Aggregate"), p->in_after("Aggregate"));
}

TEST_CASE("match: Seq Scan -> Bitmap Heap Scan, BitmapAnd and Bitmap Index Scans are new") {
    const auto p = diff_pair("seq-to-bitmap");
    check_consistent(p->diff.matching);
    check_paired(*p, p->in_before("Seq Scan on events e"), p->in_after("Bitmap Heap Scan on events e"));
    check_paired(*p, p->in_before("Sort"), p->in_after("Sort"));
    check_unpaired_after(*p, p->in_after("BitmapAnd"));
    check_unpaired_after(*p, p->in_after("Bitmap Index Scan on events_user_id_idx"));
    check_unpaired_after(*p, p->in_after("Bitmap Index Scan on events_kind_idx"));
}

TEST_CASE("match: Parallel Seq Scan under Gather -> Index Only Scan, the Gather disappears") {
    const auto p = diff_pair("parallel-to-index-only");
    check_consistent(p->diff.matching);
    check_paired(*p, p->in_before("Parallel Seq Scan on readings"), p->in_after("Index Only Scan using"));
    check_unpaired_before(*p, p->in_before("Gather"));
    // Two aggregates become one: the after Aggregate pairs with exactly one of them.
    const NodeId finalize = p->in_before("Finalize Aggregate");
    const NodeId partial = p->in_before("Partial Aggregate");
    const NodeId aggregate = p->in_after("Aggregate");
    const NodeId partner = p->diff.matching.before_of[aggregate];
    CHECK((partner == finalize || partner == partial));
    CHECK((p->diff.matching.after_of[finalize] == no_node) != (p->diff.matching.after_of[partial] == no_node));
}

TEST_CASE("match: a Sort replaced by index order is removed, Limit and the scan pair up") {
    const auto p = diff_pair("sort-to-index-order");
    check_consistent(p->diff.matching);
    check_paired(*p, p->in_before("Limit"), p->in_after("Limit"));
    check_paired(*p, p->in_before("Seq Scan on posts"), p->in_after("Index Scan Backward"));
    check_unpaired_before(*p, p->in_before("Sort"));
}

TEST_CASE("match: Hash Join -> Nested Loop with the inputs swapped") {
    const auto p = diff_pair("hash-to-nested-loop");
    check_consistent(p->diff.matching);
    check_paired(*p, p->in_before("Hash Join"), p->in_after("Nested Loop"));
    // The customers scan moved from the Hash (inner side) to the outer side: still the same scan.
    check_paired(*p, p->in_before("Seq Scan on customers c"), p->in_after("Seq Scan on customers c"));
    check_paired(*p, p->in_before("Seq Scan on orders o"), p->in_after("Index Scan using orders_customer_id_idx"));
    check_unpaired_before(*p, p->in_before("->  Hash  "));
}

TEST_CASE("match: join order swap pairs each join and each Hash by what it reads") {
    const auto p = diff_pair("join-order");
    check_consistent(p->diff.matching);
    const Plan& before = p->before->plan;
    const Plan& after = p->after->plan;
    // Every node has a partner: nothing was added or removed.
    for (NodeId b = 0; b < before.nodes.size(); ++b) CHECK(p->diff.matching.after_of[b] != no_node);
    for (const char* scan : {"Seq Scan on orders o", "Seq Scan on customers c", "Seq Scan on products p"})
        check_paired(*p, p->in_before(scan), p->in_after(scan));
    check_paired(*p, 0, 0);
    // Each Hash goes with the relation it hashes, wherever the join put it.
    for (const char* scan : {"Seq Scan on customers c", "Seq Scan on products p"}) {
        const NodeId hash_b = before.nodes[p->in_before(scan)].parent;
        const NodeId hash_a = after.nodes[p->in_after(scan)].parent;
        REQUIRE(before.nodes[hash_b].kind == NodeKind::hash);
        check_paired(*p, hash_b, hash_a);
    }
    // The inner joins pair with each other though they join different relations.
    check_paired(*p, before.nodes[p->in_before("Seq Scan on orders o")].parent,
                 after.nodes[p->in_after("Seq Scan on orders o")].parent);
}

TEST_CASE("match: same aliases, node kinds and indexes changed") {
    const auto p = diff_pair("alias-kind");
    check_consistent(p->diff.matching);
    check_paired(*p, p->in_before("on users u"), p->in_after("on users u"));
    check_paired(*p, p->in_before("on sessions s"), p->in_after("on sessions s"));
    check_paired(*p, 0, 0);
}

TEST_CASE("match: a self-join keeps each alias with its own scan when the sides swap") {
    const auto p = diff_pair("self-join");
    check_consistent(p->diff.matching);
    // Before: e is the outer side, m under the Hash. After: m is outer, e the inner Index Scan.
    // Matching by position or by relation alone would cross them.
    check_paired(*p, p->in_before("Seq Scan on employees e"), p->in_after("on employees e"));
    check_paired(*p, p->in_before("Seq Scan on employees m"), p->in_after("Seq Scan on employees m"));
    check_paired(*p, p->in_before("Hash Join"), p->in_after("Nested Loop"));
    check_unpaired_before(*p, p->in_before("->  Hash  "));
}

TEST_CASE("match: identical plans pair every node with itself") {
    for (const char* name : {"join-order.before.txt", "seq-to-bitmap.after.txt", "parallel-to-index-only.before.txt"}) {
        const std::string text = read_file(diff_fixture(name));
        const auto p = diff_texts(text, text);
        INFO(name);
        for (NodeId id = 0; id < p->before->plan.nodes.size(); ++id) check_paired(*p, id, id);
    }
}

TEST_CASE("match: plans of different relations share nothing") {
    const auto p = diff_texts(read_file(diff_fixture("seq-to-index.before.txt")),
                              read_file(diff_fixture("self-join.after.txt")));
    for (NodeId b = 0; b < p->before->plan.nodes.size(); ++b) CHECK(p->diff.matching.after_of[b] == no_node);
    for (NodeId a = 0; a < p->after->plan.nodes.size(); ++a) CHECK(p->diff.matching.before_of[a] == no_node);
}

TEST_CASE("match: a relation read twice under one alias pairs by condition (UNION branches)") {
    // Both branches read t under the same name; the after plan swaps their order.
    const auto p = diff_texts(R"(Append  (cost=0.00..50.00 rows=20 width=4) (actual time=0.010..3.000 rows=20 loops=1)
  ->  Seq Scan on t  (cost=0.00..25.00 rows=10 width=4) (actual time=0.005..1.500 rows=10 loops=1)
        Filter: (a = 1)
  ->  Seq Scan on t t_1  (cost=0.00..25.00 rows=10 width=4) (actual time=0.004..1.400 rows=10 loops=1)
        Filter: (b = 2)
)",
                              R"(Append  (cost=0.29..20.00 rows=20 width=4) (actual time=0.010..0.100 rows=20 loops=1)
  ->  Index Scan using t_b_idx on t t_1  (cost=0.29..10.00 rows=10 width=4) (actual time=0.004..0.040 rows=10 loops=1)
        Index Cond: (b = 2)
  ->  Seq Scan on t  (cost=0.00..25.00 rows=10 width=4) (actual time=0.005..1.500 rows=10 loops=1)
        Filter: (a = 1)
)");
    check_paired(*p, p->in_before("Seq Scan on t  "), p->in_after("Seq Scan on t  "));
    check_paired(*p, p->in_before("Seq Scan on t t_1"), p->in_after("Index Scan using t_b_idx"));
}

// Test helpers for the diff: before/after pairs from fixtures/diff, and
// lookups of nodes and entries by what their header line says.
#pragma once

#include "analysis/plans.hpp"

#include <planlens/plan_diff.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <string>

namespace planlens::test {

/// A parsed pair and its diff; the plans stay put so the diff's pointers hold.
struct DiffPair {
    std::unique_ptr<Loaded> before, after;
    PlanDiff diff;

    /// The node of the before (after) plan whose header line contains `what`.
    NodeId in_before(std::string_view what) const { return node_with(before->plan, what); }
    NodeId in_after(std::string_view what) const { return node_with(after->plan, what); }

    /// The entry holding before node `b` (or after node `a` when b is no_node).
    const NodeChange& entry(NodeId b, NodeId a = no_node) const {
        for (const NodeChange& e : diff.entries)
            if ((b != no_node && e.before == b) || (b == no_node && e.after == a)) return e;
        FAIL("no entry for that node");
        return diff.entries.front();
    }
    const NodeChange& before_entry(std::string_view what) const { return entry(in_before(what)); }
    const NodeChange& after_entry(std::string_view what) const { return entry(no_node, in_after(what)); }
    /// Entries of one kind.
    std::size_t count(ChangeKind kind) const {
        std::size_t n = 0;
        for (const NodeChange& e : diff.entries) n += e.kind == kind;
        return n;
    }
};

inline std::unique_ptr<DiffPair> diff_texts(std::string before, std::string after) {
    auto p = std::make_unique<DiffPair>();
    p->before = parse_text(std::move(before));
    p->after = parse_text(std::move(after));
    auto d = diff_plans(p->before->plan, p->after->plan);
    REQUIRE(d);
    p->diff = std::move(d).value();
    return p;
}

inline std::filesystem::path diff_fixture(const std::string& name) { return fixtures_dir / "diff" / name; }

/// fixtures/diff/NAME.before.txt against NAME.after.txt.
inline std::unique_ptr<DiffPair> diff_pair(const std::string& name) {
    const std::string before = read_file(diff_fixture(name + ".before.txt"));
    const std::string after = read_file(diff_fixture(name + ".after.txt"));
    REQUIRE_FALSE(before.empty());
    REQUIRE_FALSE(after.empty());
    return diff_texts(before, after);
}

inline bool contains(const std::vector<std::string_view>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace planlens::test

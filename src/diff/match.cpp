// Node matching between two plans of one query (docs/diff.md, "Matching").
//
//  1. anchors   scans by relation + alias (Bitmap Index Scans by index + the
//               alias of their heap scan); then by relation alone where that
//               leaves one candidate on each side
//  2. upward    an inner node matches a node above the image of its anchors
//               (their partners' lowest common ancestor), scored by how many
//               anchors the two subtrees share
//  3. roots, then children of matched pairs by kind and position, then
//     parents of matched pairs, then children once more
//
// Every step is linear or O(n log n) and iterative; candidate sets are capped.
#include "facts.hpp"
#include "tree_index.hpp"

#include <planlens/plan_diff.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>

namespace planlens {

namespace {

using diff::PlanFacts;
using diff::TreeIndex;
using diff::alias_of;

/// Groups of anchor candidates larger than this (both sides multiplied) are paired in order.
constexpr std::size_t max_scored_pairs = 1024;
/// How far above an inner node's image the upward step looks.
constexpr std::size_t max_climb = 8;
/// How far ahead among a matched parent's children the positional step looks.
constexpr std::size_t max_lookahead = 8;
/// Upward candidates share at least this dice coefficient of anchors.
constexpr double min_dice = 0.5;

struct Side {
    const Plan& plan;
    TreeIndex tree;
    PlanFacts facts;
    std::vector<NodeId> partner;
    std::vector<bool> anchor;  ///< matched in the anchor step

    explicit Side(const Plan& p)
        : plan(p), tree(p), facts(p), partner(p.nodes.size(), no_node), anchor(p.nodes.size(), false) {}
    bool free(NodeId id) const noexcept { return partner[id] == no_node; }
    const Node& node(NodeId id) const noexcept { return plan.nodes[id]; }
};

/// The anchor key of a node, empty when it has none. Strings, not views:
/// the key joins two names.
std::string anchor_key(const Side& s, NodeId id, bool with_alias) {
    const Node& n = s.node(id);
    std::string key;
    if (n.kind == NodeKind::bitmap_index_scan) {
        if (n.target.index.empty()) return key;
        const NodeId owner = s.facts.bitmap_owner[id];
        key.append("i:").append(n.target.index);
        if (with_alias && owner != no_node) key.append("\x1f").append(alias_of(s.node(owner)));
        return key;
    }
    if (n.target.object.empty() && n.target.alias.empty()) return key;
    key.append("r:").append(n.target.object);
    // Subquery and Values scans have nothing but an alias.
    if (with_alias || n.target.object.empty()) key.append("\x1f").append(alias_of(n));
    return key;
}

struct Groups {
    std::vector<std::string> order;  ///< keys in order of first appearance (for determinism)
    std::unordered_map<std::string, std::pair<std::vector<NodeId>, std::vector<NodeId>>> members;
};

class Matcher {
public:
    Matcher(const Plan& before, const Plan& after) : b_(before), a_(after) {}

    NodeMatching run() {
        anchor_pass(true);
        anchor_pass(false);
        for (NodeId id = 0; id < b_.plan.nodes.size(); ++id) b_.anchor[id] = !b_.free(id);
        for (NodeId id = 0; id < a_.plan.nodes.size(); ++id) a_.anchor[id] = !a_.free(id);
        upward_pass();
        match_roots();
        children_pass();
        parents_pass();
        children_pass();
        return {std::move(b_.partner), std::move(a_.partner)};
    }

private:
    void pair(NodeId b, NodeId a) {
        b_.partner[b] = a;
        a_.partner[a] = b;
    }

    // ---- 1. anchors ----------------------------------------------------------

    void anchor_pass(bool with_alias) {
        Groups groups;
        collect(groups, b_, with_alias, true);
        collect(groups, a_, with_alias, false);
        for (const std::string& key : groups.order) {
            auto& [before, after] = groups.members[key];
            if (before.empty() || after.empty()) continue;
            if (before.size() == 1 && after.size() == 1) {
                pair(before[0], after[0]);
            } else if (with_alias) {
                pair_group(before, after);
            }
            // Without the alias a relation read several times is ambiguous: leave it.
        }
    }

    static void collect(Groups& groups, const Side& s, bool with_alias, bool before_side) {
        for (NodeId id = 0; id < s.plan.nodes.size(); ++id) {
            if (!s.free(id)) continue;
            std::string key = anchor_key(s, id, with_alias);
            if (key.empty()) continue;
            auto [it, inserted] = groups.members.try_emplace(key);
            if (inserted) groups.order.push_back(std::move(key));
            (before_side ? it->second.first : it->second.second).push_back(id);
        }
    }

    /// Several scans of one relation under one alias (UNION branches, SubPlans,
    /// partitions printed alike): pair the most alike first.
    void pair_group(const std::vector<NodeId>& before, const std::vector<NodeId>& after) {
        if (before.size() * after.size() > max_scored_pairs) {
            for (std::size_t i = 0; i < std::min(before.size(), after.size()); ++i) pair(before[i], after[i]);
            return;
        }
        struct Candidate {
            double score;
            NodeId b, a;
        };
        std::vector<Candidate> candidates;
        for (std::size_t i = 0; i < before.size(); ++i)
            for (std::size_t j = 0; j < after.size(); ++j) {
                const double rank = std::abs(static_cast<double>(i) / static_cast<double>(before.size()) -
                                             static_cast<double>(j) / static_cast<double>(after.size()));
                candidates.push_back({likeness(before[i], after[j]) - rank, before[i], after[j]});
            }
        greedy(candidates);
    }

    double likeness(NodeId b, NodeId a) const {
        const Node& nb = b_.node(b);
        const Node& na = a_.node(a);
        double score = 0;
        if (b_.facts.context[b] == a_.facts.context[a]) score += 4;
        const std::string_view cond = diff::condition_of(b_.plan, nb);
        if (!cond.empty() && cond == diff::condition_of(a_.plan, na)) score += 2;
        if (nb.kind == na.kind) score += 1;
        if (nb.target.index == na.target.index) score += 1;
        return score;
    }

    template <typename Candidate>
    void greedy(std::vector<Candidate>& candidates) {
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Candidate& x, const Candidate& y) { return x.score > y.score; });
        for (const Candidate& c : candidates)
            if (b_.free(c.b) && a_.free(c.a)) pair(c.b, c.a);
    }

    // ---- 2. upward -----------------------------------------------------------

    /// Per node: how many anchors its subtree holds, and their lowest common ancestor
    /// (`image` maps through partners into the other plan; `low` stays in this one).
    struct Reach {
        std::vector<std::size_t> anchors;
        std::vector<NodeId> image, low;
    };

    static Reach reach(const Side& self, const Side& other) {
        const std::size_t n = self.plan.nodes.size();
        Reach r{std::vector<std::size_t>(n, 0), std::vector<NodeId>(n, no_node), std::vector<NodeId>(n, no_node)};
        for (NodeId id = 0; id < n; ++id) {
            if (!self.anchor[id]) continue;
            r.anchors[id] = 1;
            r.image[id] = self.partner[id];
            r.low[id] = id;
        }
        // Reverse pre-order: a node is complete before it is folded into its parent.
        for (std::size_t id = n; id-- > 1;) {
            const NodeId parent = self.tree.parent(static_cast<NodeId>(id));
            if (parent == no_node) continue;
            r.anchors[parent] += r.anchors[id];
            r.image[parent] = other.tree.lca(r.image[parent], r.image[id]);
            r.low[parent] = self.tree.lca(r.low[parent], r.low[id]);
        }
        return r;
    }

    void upward_pass() {
        const Reach after = reach(a_, b_);
        const Reach before = reach(b_, a_);
        struct Candidate {
            double score;
            NodeId b, a;
        };
        std::vector<Candidate> candidates;
        for (NodeId a = 0; a < a_.plan.nodes.size(); ++a) {
            if (!a_.free(a) || after.image[a] == no_node) continue;
            const std::size_t steps_a = a_.tree.depth(after.low[a]) - a_.tree.depth(a);
            NodeId b = after.image[a];
            for (std::size_t climb = 0; climb < max_climb && b != no_node; ++climb, b = b_.tree.parent(b)) {
                if (!b_.free(b) || !diff::compatible(b_.node(b), a_.node(a))) continue;
                const double shared = static_cast<double>(after.anchors[a]);
                const double dice = 2 * shared / (shared + static_cast<double>(before.anchors[b]));
                if (dice < min_dice) continue;
                const std::size_t steps_b = b_.tree.depth(after.image[a]) - b_.tree.depth(b);
                const double distance = steps_a > steps_b ? double(steps_a - steps_b) : double(steps_b - steps_a);
                double score = dice - 0.1 * distance;
                if (b_.node(b).kind == a_.node(a).kind) score += 0.5;
                if (b_.node(b).name == a_.node(a).name) score += 0.25;
                candidates.push_back({score, b, a});
            }
        }
        greedy(candidates);
    }

    // ---- 3. roots, children, parents -------------------------------------------

    void match_roots() {
        if (b_.plan.nodes.empty() || a_.plan.nodes.empty()) return;
        if (b_.free(0) && a_.free(0) && diff::compatible(b_.node(0), a_.node(0))) pair(0, 0);
    }

    /// Top-down: unmatched children of a matched pair, by kind, in printed order.
    void children_pass() {
        std::vector<NodeId> free_before;
        for (NodeId a = 0; a < a_.plan.nodes.size(); ++a) {
            const NodeId b = a_.partner[a];
            if (b == no_node) continue;
            free_before.clear();
            for (NodeId c = b_.node(b).first_child; c != no_node; c = b_.node(c).next_sibling)
                if (b_.free(c)) free_before.push_back(c);
            std::size_t next = 0;
            for (NodeId c = a_.node(a).first_child; c != no_node && next < free_before.size();
                 c = a_.node(c).next_sibling) {
                if (!a_.free(c)) continue;
                const std::size_t end = std::min(free_before.size(), next + max_lookahead);
                for (std::size_t i = next; i < end; ++i) {
                    if (!b_.free(free_before[i]) || !diff::compatible(b_.node(free_before[i]), a_.node(c))) continue;
                    pair(free_before[i], c);
                    next = i + 1;
                    break;
                }
            }
        }
    }

    /// Bottom-up: the parents of a matched pair, when both are free and alike.
    void parents_pass() {
        for (std::size_t a = a_.plan.nodes.size(); a-- > 0;) {
            const NodeId b = a_.partner[a];
            if (b == no_node) continue;
            const NodeId pa = a_.tree.parent(static_cast<NodeId>(a));
            const NodeId pb = b_.tree.parent(b);
            if (pa == no_node || pb == no_node || !a_.free(pa) || !b_.free(pb)) continue;
            if (diff::compatible(b_.node(pb), a_.node(pa))) pair(pb, pa);
        }
    }

    Side b_;
    Side a_;
};

}  // namespace

NodeMatching match_nodes(const Plan& before, const Plan& after) { return Matcher(before, after).run(); }

}  // namespace planlens

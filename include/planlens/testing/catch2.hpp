// Catch2 (2.x) matchers for tests that assert what a plan looks like:
//
//   #include <planlens/testing/catch2.hpp>
//   using namespace planlens::testing;
//
//   const planlens::Document doc = load_document("fixtures/slow_balance.md");
//   const planlens::Plan& after = plan_at(doc, 1);
//   CHECK_THAT(after, UsesIndex("idx_to_user"));
//   CHECK_THAT(after, NoSeqScanOn("transactions"));
//   CHECK_THAT(after, HasNode("Bitmap Heap Scan").on("transactions"));
//   CHECK_THAT(after, HasPath("Nested Loop > Aggregate >> Bitmap Index Scan on idx_to_user"));
//   CHECK_THAT(after, ExecutionTimeBelow(1.0));
//
// On failure the message shows the plan's tree (node lines without their
// figures, with document line numbers) and marks the node at fault with "==>": the Seq Scan that should not be
// there, the end of the longest partial path match, the node with the most
// self time when the plan is too slow. Matchers combine with Catch's
// `&&`, `||` and `!`.
//
// Header-only; needs Catch2 2.x on the include path and links planlens.
// A matcher remembers the plan it last matched until describe() runs, as
// CHECK_THAT does; keep the plan alive across both calls.
#pragma once

#include <planlens/document.hpp>
#include <planlens/node_kind.hpp>
#include <planlens/plan.hpp>
#include <planlens/timing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(CATCH_VERSION_MAJOR) || CATCH_VERSION_MAJOR != 2
#error "<planlens/testing/catch2.hpp> is written for Catch2 2.x (<catch2/catch.hpp>)"
#endif

namespace planlens::testing {

/// What a node must look like: its name, and optionally what it reads and
/// which index it uses. Empty fields match anything.
///
/// `name` matches the name as printed ("Parallel Seq Scan", "Hash Left Join",
/// "HashAggregate") or PostgreSQL's Node Type for it ("Seq Scan", "Hash Join",
/// "Aggregate"), so "Seq Scan" also matches a Parallel Seq Scan.
/// `relation` matches what PostgreSQL printed after " on ": the relation
/// ("transactions" or, under VERBOSE, "public.transactions"), its alias, or
/// the index of a Bitmap Index Scan. `index` matches the index after " using "
/// (or after " on " for a Bitmap Index Scan).
struct NodePattern {
    std::string name;
    std::string relation;
    std::string index;

    /// Reads "Name [using index] [on relation]" (either order), e.g.
    /// "Index Scan using idx_user_id_time on meal". Throws std::invalid_argument
    /// when no name is left.
    static NodePattern parse(std::string_view text);

    bool matches(const Node& node) const noexcept;

    /// e.g. `"Index Scan" using idx_user_id_time on meal`.
    std::string describe() const;
};

namespace detail {

inline std::string_view trim_right(std::string_view s) noexcept {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return trim_right(s);
}

/// Whether `name` is the node's printed name or its PostgreSQL Node Type.
inline bool name_matches(const Node& node, std::string_view name) noexcept {
    return name.empty() || node.name == name || (node.kind != NodeKind::unknown && to_string(node.kind) == name);
}

/// Whether `relation` is what PostgreSQL printed after " on " for this node.
inline bool relation_matches(const Node& node, std::string_view relation) noexcept {
    if (relation.empty()) return true;
    const Target& t = node.target;
    if (!t.object.empty()) {
        if (t.object == relation || t.alias == relation) return true;
        const std::size_t dot = t.schema.size();
        if (!t.schema.empty() && relation.size() == dot + 1 + t.object.size() && relation.substr(0, dot) == t.schema &&
            relation[dot] == '.' && relation.substr(dot + 1) == t.object)
            return true;
        return false;
    }
    if (!t.alias.empty()) return t.alias == relation;  // Subquery Scan, Values Scan
    return node.kind == NodeKind::bitmap_index_scan && t.index == relation;
}

/// How many nodes a failure message shows at most.
inline constexpr std::size_t max_shown_nodes = 200;

/// A node's header line without its figures: "  ->  Seq Scan on t t_1".
inline std::string_view header_without_figures(const Plan& plan, const Node& node) {
    std::string_view text = plan.lines[node.line].text;
    std::size_t end = text.size();
    for (std::string_view figures : {"  (cost=", "  (actual", "  (never executed)"})
        end = std::min(end, text.find(figures));
    return trim_right(text.substr(0, end));
}

/// The plan's tree, one node per line with its document line number, figures
/// left out so it fits a terminal; the lines of `marked` nodes start with "==>".
inline std::string render(const Plan& plan, const std::vector<NodeId>& marked) {
    std::string out;
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        if (id == max_shown_nodes) {
            out += "    ... " + std::to_string(plan.nodes.size() - id) + " more nodes\n";
            break;
        }
        const Node& node = plan.nodes[id];
        const std::string_view header = header_without_figures(plan, node);
        const bool mark = std::find(marked.begin(), marked.end(), id) != marked.end();
        char number[16];
        std::snprintf(number, sizeof number, "%5u", static_cast<unsigned>(plan.lines[node.line].line));
        out += mark ? "==> " : "    ";
        out += number;
        out += " | ";
        if (!node.subplan_name.empty()) {
            out.append(header.size() - trim(header).size(), ' ');
            out += "[";
            out += node.subplan_name;
            out += "] ";
            out += trim(header);
        } else {
            out += header;
        }
        out += '\n';
    }
    return out;
}

/// "12.300 ms"
inline std::string milliseconds(double ms) {
    char text[64];
    std::snprintf(text, sizeof text, "%.3f ms", ms);
    return text;
}

inline std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// Shared part of the matchers: the plan seen by the last match() and the
/// nodes to mark when describing it. CHECK_THAT calls describe() right after
/// match() while the plan is alive; code that calls them itself must keep the
/// plan alive in between (only its address is kept).
class PlanMatcher : public Catch::MatcherBase<Plan> {
protected:
    /// The description, followed by the plan with marks when match() ran.
    std::string with_plan(std::string description, std::string_view marks_what) const {
        if (last_ == nullptr) return description;
        description += '\n';
        if (!marked_.empty()) description += "==> marks " + std::string(marks_what) + '\n';
        description += render(*last_, marked_);
        if (!description.empty() && description.back() == '\n') description.pop_back();
        return description;
    }
    void remember(const Plan& plan, std::vector<NodeId> marked) const {
        last_ = &plan;
        marked_ = std::move(marked);
    }

    mutable const Plan* last_ = nullptr;
    mutable std::vector<NodeId> marked_;
};

}  // namespace detail

inline NodePattern NodePattern::parse(std::string_view text) {
    NodePattern p;
    text = detail::trim(text);
    // The name ends at the first " on " or " using "; node names contain neither.
    const std::size_t on = text.find(" on "), using_ = text.find(" using ");
    const std::size_t end = std::min(on, using_);
    p.name = std::string(detail::trim(text.substr(0, end)));
    auto part_after = [&](std::size_t at, std::size_t word) {
        if (at == std::string_view::npos) return std::string();
        std::string_view rest = text.substr(at + word);
        const std::size_t other = rest.find(word == 4 ? " using " : " on ");
        return std::string(detail::trim(rest.substr(0, other)));
    };
    p.relation = part_after(on, 4);
    p.index = part_after(using_, 7);
    // "on t" or "using idx" alone: trimming took the space the search needs
    if (text.starts_with("on ") || text.starts_with("using ")) p.name.clear();
    if (p.name.empty()) throw std::invalid_argument("node pattern without a node name: '" + std::string(text) + "'");
    return p;
}

inline bool NodePattern::matches(const Node& node) const noexcept {
    if (!detail::name_matches(node, name) || !detail::relation_matches(node, relation)) return false;
    return index.empty() || node.target.index == index;
}

inline std::string NodePattern::describe() const {
    std::string out = detail::quoted(name);
    if (!index.empty()) out += " using " + index;
    if (!relation.empty()) out += " on " + relation;
    return out;
}

/// Passes when some node matches the pattern. On failure shows the plan; under
/// `!` it marks the nodes that matched.
class HasNodeMatcher : public detail::PlanMatcher {
public:
    explicit HasNodeMatcher(NodePattern pattern) : pattern_(std::move(pattern)) {}

    /// Only nodes that read `relation` (see NodePattern::relation).
    HasNodeMatcher on(std::string relation) const {
        HasNodeMatcher m = *this;
        m.pattern_.relation = std::move(relation);
        return m;
    }
    /// Only nodes that use `index`.
    HasNodeMatcher using_index(std::string index) const {
        HasNodeMatcher m = *this;
        m.pattern_.index = std::move(index);
        return m;
    }

    bool match(const Plan& plan) const override {
        std::vector<NodeId> found;
        for (NodeId id = 0; id < plan.nodes.size(); ++id)
            if (pattern_.matches(plan.nodes[id])) found.push_back(id);
        const bool any = !found.empty();
        remember(plan, std::move(found));
        return any;
    }
    std::string describe() const override {
        return with_plan("has a node " + pattern_.describe(), "the nodes that match " + pattern_.describe());
    }

private:
    NodePattern pattern_;
};

/// Passes when no Seq Scan (Parallel or not) reads `relation` (its name,
/// schema-qualified name or alias). On failure marks every such scan.
class NoSeqScanOnMatcher : public detail::PlanMatcher {
public:
    explicit NoSeqScanOnMatcher(std::string relation) : relation_(std::move(relation)) {}

    bool match(const Plan& plan) const override {
        std::vector<NodeId> found;
        for (NodeId id = 0; id < plan.nodes.size(); ++id) {
            const Node& n = plan.nodes[id];
            if (n.kind == NodeKind::seq_scan && detail::relation_matches(n, relation_)) found.push_back(id);
        }
        const bool none = found.empty();
        remember(plan, std::move(found));
        return none;
    }
    std::string describe() const override {
        return with_plan("has no Seq Scan on " + relation_, "the Seq Scan on " + relation_);
    }

private:
    std::string relation_;
};

/// Passes when some node uses `index` (Index Scan, Index Only Scan, Bitmap
/// Index Scan). On failure lists the indexes the plan does use.
class UsesIndexMatcher : public detail::PlanMatcher {
public:
    explicit UsesIndexMatcher(std::string index) : index_(std::move(index)) {}

    bool match(const Plan& plan) const override {
        std::vector<NodeId> scans;
        used_.clear();
        bool found = false;
        for (NodeId id = 0; id < plan.nodes.size(); ++id) {
            const std::string_view index = plan.nodes[id].target.index;
            if (index.empty()) continue;
            if (index == index_) found = true;
            if (std::find(used_.begin(), used_.end(), index) == used_.end()) used_.emplace_back(index);
            scans.push_back(id);
        }
        remember(plan, found ? std::vector<NodeId>{} : std::move(scans));
        return found;
    }
    std::string describe() const override {
        std::string text = "uses index " + index_;
        if (last_ != nullptr && marked_.empty() && used_.empty()) text += " (the plan uses no index at all)";
        if (!marked_.empty()) {
            text += " (the plan uses ";
            for (std::size_t i = 0; i < used_.size(); ++i) text += (i == 0 ? "" : ", ") + used_[i];
            text += ")";
        }
        return with_plan(std::move(text), "the index scans");
    }

private:
    std::string index_;
    mutable std::vector<std::string> used_;
};

/// Passes when the plan's "Execution Time" is below `ms` milliseconds; fails
/// when the plan has none (EXPLAIN without ANALYZE). On failure marks the node
/// with the most exclusive (self) time.
class ExecutionTimeBelowMatcher : public detail::PlanMatcher {
public:
    explicit ExecutionTimeBelowMatcher(double ms) : limit_(ms) {}

    bool match(const Plan& plan) const override {
        actual_ = plan.execution_time;
        const bool below = actual_ && *actual_ < limit_;
        std::vector<NodeId> hottest;
        if (!below && !plan.nodes.empty()) {
            const TimeProfile profile = exclusive_time(plan);
            NodeId best = 0;
            for (NodeId id = 1; id < profile.nodes.size(); ++id)
                if (profile[id].self > profile[best].self) best = id;
            hottest.push_back(best);
        }
        remember(plan, std::move(hottest));
        return below;
    }
    std::string describe() const override {
        std::string text = "has an Execution Time below " + detail::milliseconds(limit_);
        if (last_ != nullptr)
            text += actual_ ? " (it is " + detail::milliseconds(*actual_) + ")"
                            : " (the plan has no Execution Time: EXPLAIN without ANALYZE?)";
        return with_plan(std::move(text), "the node with the most self time");
    }

private:
    double limit_;
    mutable std::optional<double> actual_;
};

/// Passes when a chain of nodes matches `pattern`: node patterns (see
/// NodePattern::parse) separated by ">" (the next is a direct child; InitPlans
/// and SubPlans are children too) or ">>" (the next is any descendant). The
/// chain may start at any node. Example:
///   "Nested Loop > Aggregate >> Bitmap Index Scan on idx_to_user"
/// On failure marks where the longest partial match ended.
class HasPathMatcher : public detail::PlanMatcher {
public:
    /// Throws std::invalid_argument for an empty step ("A > > B", "> A").
    explicit HasPathMatcher(std::string pattern) : pattern_(std::move(pattern)) {
        std::string_view rest = pattern_;
        bool descendant = false;
        while (true) {
            const std::size_t gt = rest.find('>');
            const std::string_view step = detail::trim(rest.substr(0, gt));
            if (step.empty()) throw std::invalid_argument("path pattern with an empty step: '" + pattern_ + "'");
            steps_.push_back({NodePattern::parse(step), descendant});
            if (gt == std::string_view::npos) break;
            rest.remove_prefix(gt + 1);
            descendant = !rest.empty() && rest.front() == '>';
            if (descendant) rest.remove_prefix(1);
        }
    }

    bool match(const Plan& plan) const override {
        best_depth_ = 0;
        NodeId best_node = no_node;
        for (NodeId id = 0; id < plan.nodes.size(); ++id)
            if (match_from(plan, id, 0, best_node)) {
                remember(plan, {});
                return true;
            }
        remember(plan, best_node == no_node ? std::vector<NodeId>{} : std::vector<NodeId>{best_node});
        return false;
    }
    std::string describe() const override {
        std::string text = "has the path \"" + pattern_ + "\"";
        if (last_ != nullptr && best_depth_ == 0) text += " (no node matches " + steps_[0].node.describe() + ")";
        std::string what;
        if (best_depth_ > 0) {
            what = "where the longest partial match ends (" + std::to_string(best_depth_) + " of " +
                   std::to_string(steps_.size()) + " steps): nothing under it matches " +
                   steps_[best_depth_].node.describe();
        }
        return with_plan(std::move(text), what);
    }

private:
    struct Step {
        NodePattern node;
        bool descendant = false;  ///< reached with ">>" from the step before
    };

    /// Whether steps_[step..] match starting at node `id`; tracks the deepest partial match.
    bool match_from(const Plan& plan, NodeId id, std::size_t step, NodeId& best_node) const {
        if (!steps_[step].node.matches(plan.nodes[id])) return false;
        if (step + 1 == steps_.size()) return true;
        if (step + 1 > best_depth_) best_depth_ = step + 1, best_node = id;
        if (steps_[step + 1].descendant) {
            // Pre-order: the subtree of `id` is the run of deeper nodes after it.
            for (NodeId d = id + 1; d < plan.nodes.size() && plan.nodes[d].depth > plan.nodes[id].depth; ++d)
                if (match_from(plan, d, step + 1, best_node)) return true;
        } else {
            for (NodeId c = plan.nodes[id].first_child; c != no_node; c = plan.nodes[c].next_sibling)
                if (match_from(plan, c, step + 1, best_node)) return true;
        }
        return false;
    }

    std::string pattern_;
    std::vector<Step> steps_;
    mutable std::size_t best_depth_ = 0;
};

/// Some node matches `pattern`, e.g. HasNode("Seq Scan").on("transactions") or
/// HasNode("Index Scan using idx_user_id_time on meal").
inline HasNodeMatcher HasNode(std::string_view pattern) { return HasNodeMatcher(NodePattern::parse(pattern)); }

/// No Seq Scan or Parallel Seq Scan reads `relation`.
inline NoSeqScanOnMatcher NoSeqScanOn(std::string relation) { return NoSeqScanOnMatcher(std::move(relation)); }

/// Some node scans index `index`.
inline UsesIndexMatcher UsesIndex(std::string index) { return UsesIndexMatcher(std::move(index)); }

/// The plan's Execution Time is below `ms` milliseconds.
inline ExecutionTimeBelowMatcher ExecutionTimeBelow(double ms) { return ExecutionTimeBelowMatcher(ms); }

/// A chain of nodes matches `pattern` ("A > B" child, "A >> B" descendant).
inline HasPathMatcher HasPath(std::string pattern) { return HasPathMatcher(std::move(pattern)); }

/// Reads a document (a writeup, a psql session, a bare plan, ...); the test
/// fails when the file cannot be read, holds no plan or a plan fails to parse.
inline Document load_document(const std::string& path) {
    auto doc = Document::from_file(path);
    if (!doc) FAIL(path << ": " << doc.error().message);
    if (doc->plans().empty()) FAIL(path << ": no plan found");
    for (const FoundPlan& found : doc->plans())
        if (found.error)
            FAIL(path << ':' << found.error->position.line << ':' << found.error->position.column << ": "
                      << found.error->message);
    return std::move(doc).value();
}

/// The `index`-th plan (0-based, document order) of `doc`; the test fails when
/// there is no such plan. The plan lives as long as `doc`.
inline const Plan& plan_at(const Document& doc, std::size_t index) {
    if (index >= doc.plans().size() || !doc.plans()[index].plan)
        FAIL("no plan " << index << " in the document (it has " << doc.plans().size() << ")");
    return *doc.plans()[index].plan;
}
const Plan& plan_at(const Document&& doc, std::size_t index) = delete;  // the plan would dangle

}  // namespace planlens::testing

namespace Catch {

/// How Catch prints a plan in assertion messages: where it is and its root.
template <>
struct StringMaker<planlens::Plan> {
    static std::string convert(const planlens::Plan& plan) {
        if (plan.nodes.empty()) return "empty plan";
        const planlens::Node& root = plan.root();
        return "plan at line " + std::to_string(plan.first_line()) + " (" + std::string(root.name) + ", " +
               std::to_string(plan.nodes.size()) + (plan.nodes.size() == 1 ? " node)" : " nodes)");
    }
};

}  // namespace Catch

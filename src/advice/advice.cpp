// advise(): run every rule, fold index advice that one index would answer,
// order by importance.
#include "rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace planlens {

std::string_view to_string(Confidence c) noexcept {
    switch (c) {
        case Confidence::low: return "low";
        case Confidence::medium: return "medium";
        case Confidence::high: return "high";
    }
    return "low";
}

namespace advice {

std::string node_label(const Node& n) {
    std::string out(n.name);
    // As PostgreSQL prints the header: "Index Scan using idx on t alias", "Bitmap Index Scan on idx".
    if (!n.target.index.empty()) out.append(n.target.object.empty() ? " on " : " using ").append(quote_ident(n.target.index));
    if (!n.target.object.empty()) {
        out.append(" on ").append(table_sql(n));
        if (!n.target.alias.empty() && n.target.alias != n.target.object) out.append(" ").append(quote_ident(n.target.alias));
    }
    return out;
}

std::string create_index(const Plan& plan, const Node& table, const std::vector<std::string>& columns) {
    return fmt::format("CREATE INDEX ON {} {};", index_table_sql(plan, table), column_list(columns));
}

std::string rows_read_text(const Plan& plan, const Node& n) {
    const double seen = rows_seen_per_loop(plan, n);
    if (!n.actuals || n.actuals->loops <= 1) return fmt::format("{} rows", grouped_count(seen));
    if (n.parallel_aware)
        return fmt::format("{} rows ({} per process x {} processes)", grouped_count(rows_read_per_pass(plan, n)), grouped_count(seen),
                           grouped_count(n.actuals->loops));
    return fmt::format("{} rows per loop x {} loops", grouped_count(seen), grouped_count(n.actuals->loops));
}

Confidence by_share(const Context& cx, NodeId id, Confidence base) {
    const auto share = cx.share(id);
    // A node that took almost none of the time is not where the query is slow.
    if (share && *share < 0.05 && base != Confidence::low) return static_cast<Confidence>(static_cast<int>(base) - 1);
    return base;
}

namespace {

bool suggests_index(const Advice& a) {
    return (a.rule == rules::index_for_filter || a.rule == rules::index_for_nested_loop ||
            a.rule == rules::index_for_order) &&
           !a.columns.empty() && !a.statement.empty();
}

/// Whether an index on `b.columns` answers what `a` asked for: a's
/// equality columns (in any order) lead b, and a's other columns follow in order.
bool serves(const Advice& b, const Advice& a) {
    if (a.relation != b.relation || a.columns.size() > b.columns.size()) return false;
    const std::size_t k = a.equality_prefix;
    if (std::set<std::string>(a.columns.begin(), a.columns.begin() + static_cast<std::ptrdiff_t>(k)) !=
        std::set<std::string>(b.columns.begin(), b.columns.begin() + static_cast<std::ptrdiff_t>(k)))
        return false;
    return std::equal(a.columns.begin() + static_cast<std::ptrdiff_t>(k), a.columns.end(),
                      b.columns.begin() + static_cast<std::ptrdiff_t>(k));
}

/// How many merged nodes' evidence is quoted in full; the rest are counted.
constexpr std::size_t quoted_also = 2;

void fold(Advice& into, Advice& from) {
    if (into.also.size() < quoted_also) into.evidence += "; also " + from.evidence;
    into.also.push_back(from.node);
    into.also.insert(into.also.end(), from.also.begin(), from.also.end());
    into.confidence = std::max(into.confidence, from.confidence);
}

/// One index for one table, however many nodes asked for it. Compared only
/// within a table, so a plan with thousands of scans stays fast.
void merge_index_advice(const Plan& plan, std::vector<Advice>& all) {
    std::map<std::string, std::vector<std::size_t>> by_table;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (suggests_index(all[i])) by_table[all[i].relation].push_back(i);
    std::vector<bool> gone(all.size(), false);
    for (const auto& [table, ids] : by_table) {
        for (std::size_t x = 0; x < ids.size(); ++x) {
            const std::size_t i = ids[x];
            for (std::size_t y = x + 1; y < ids.size() && !gone[i]; ++y) {
                const std::size_t j = ids[y];
                if (gone[j]) continue;
                if (serves(all[i], all[j])) {
                    fold(all[i], all[j]);
                    gone[j] = true;
                } else if (serves(all[j], all[i])) {
                    // Keep the wider index, at the earlier advice's place.
                    fold(all[j], all[i]);
                    std::swap(all[i], all[j]);
                    gone[j] = true;
                }
            }
        }
    }
    std::vector<Advice> kept;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (gone[i]) continue;
        if (all[i].also.size() > quoted_also)
            all[i].evidence += fmt::format("; and {} more node{} like these", all[i].also.size() - quoted_also,
                                           all[i].also.size() - quoted_also == 1 ? "" : "s");
        if (suggests_index(all[i]) && !partitioned_parent(plan, plan.nodes[all[i].node]).empty())
            all[i].action += fmt::format(" {} is partitioned: one index on it is enough{}: PostgreSQL creates it on "
                                         "every partition (and on partitions attached later).",
                                         all[i].relation,
                                         all[i].also.empty() ? ""
                                                             : fmt::format(" for all {} partitions scanned here",
                                                                           all[i].also.size() + 1));
        kept.push_back(std::move(all[i]));
    }
    all = std::move(kept);
}

}  // namespace

/// Never two CREATE INDEX statements for one scan: the first (most
/// confident) record keeps its statement; a later one for a scan already
/// covered offers its index as an alternative in words.
void one_index_per_scan(std::vector<Advice>& all) {
    std::set<NodeId> covered;
    for (Advice& a : all) {
        if (a.statement.rfind("CREATE INDEX", 0) != 0) continue;
        std::vector<NodeId> scans{a.node};
        scans.insert(scans.end(), a.also.begin(), a.also.end());
        const bool seen = std::any_of(scans.begin(), scans.end(), [&](NodeId n) { return covered.count(n) > 0; });
        if (seen) {
            a.action += fmt::format(" Instead of the index above for this scan, this one would do: {}", a.statement);
            a.statement.clear();
            continue;
        }
        covered.insert(scans.begin(), scans.end());
    }
}

}  // namespace advice

std::vector<Advice> advise(const Plan& plan, const AdviceOptions& options) {
    if (plan.nodes.empty()) return {};
    try {
        return advise(plan, exclusive_time(plan), options);
    } catch (const std::exception&) {
        return {};  // only allocation can fail; advice is optional, the plan is not
    }
}

std::vector<Advice> advise(const Plan& plan, const TimeProfile& profile, const AdviceOptions& options) {
    std::vector<Advice> out;
    if (plan.nodes.empty()) return out;
    try {
        const advice::Context cx(plan, profile, options);
        advice::index_for_filter(cx, out);
        advice::non_sargable_filter(cx, out);
        advice::index_for_nested_loop(cx, out);
        advice::index_for_order(cx, out);
        advice::no_index_helps(cx, out);
        advice::work_mem_spill(cx, out);
        advice::bitmap_lossy(cx, out);
        advice::index_only_heap_fetches(cx, out);
        advice::row_misestimate(cx, out);
        advice::merge_index_advice(plan, out);
    } catch (const std::exception&) {
        return {};  // as above
    }
    std::stable_sort(out.begin(), out.end(), [](const Advice& a, const Advice& b) {
        if (a.confidence != b.confidence) return a.confidence > b.confidence;
        return a.node < b.node;  // plan order; rules keep their order for one node
    });
    advice::one_index_per_scan(out);
    return out;
}

}  // namespace planlens
